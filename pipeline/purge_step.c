/*
 * purge_step.c - the purge step of a push and its pending file (see
 * purge_step.h).
 *
 * The step runs after the new manifest is written: the deploy is then
 * complete whatever the CDN answers, so a failed purge never fails the
 * deploy silently nor undoes it.  Its URLs are written to the pending file
 * and the next push, even one with nothing to upload, purges them first.
 *
 * The same list is also put on the target as JD_PURGE_PENDING_KEY (after
 * the local file, so after the manifest too), because the local cache does
 * not outlive a CI runner.  The next push reads both and purges their union;
 * when that succeeds, the local file and (if there was one) the target's
 * object are removed.  The target's object is a convenience, not part of
 * the deploy: failing to write or remove it is a warning, never a failed
 * push, and an object left behind only costs one more purge of the same
 * URLs.
 */
#include "pipeline/purge_step.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"

static void warn(const struct purge_step *p, const char *id, const char *fmt, const struct diag *why)
{
	char text[1200], *msg;

	if (!p->events || !p->events->warn)
		return;
	diag_format(why, text, sizeof(text));
	msg = xasprintf(fmt, text);
	p->events->warn(p->events->arg, id, msg);
	free(msg);
}

/* Put the pending list on the target; 1 when it is there. */
static int save_remote(const struct purge_step *p)
{
	struct buf text = BUF_INIT;
	struct put_item item;
	struct diag sd;
	size_t done = 0;
	enum jd_err rc;

	for (size_t i = 0; i < p->urls->n; i++)
		buf_printf(&text, "%s\n", p->urls->paths[i]);
	item = (struct put_item){
		.key = JD_PURGE_PENDING_KEY,
		.data = text.data,
		.len = text.len,
		.content_type = "text/plain; charset=utf-8",
		.cache_control = "no-store",
	};
	diag_clear(&sd);
	rc = p->target->ops->put_many(p->target, &item, 1, &done, &sd);
	buf_release(&text);
	if (rc)
		warn(p, "purge-pending-not-saved", "the URLs to purge could not be kept on the target "
		     "(%s): a push from another machine will not retry them", &sd);
	return rc == JD_OK;
}

static void remove_remote(const struct purge_step *p)
{
	const char *key = JD_PURGE_PENDING_KEY;
	struct diag sd;
	size_t done = 0;

	diag_clear(&sd);
	if (p->target->ops->delete_many(p->target, &key, 1, &done, &sd))
		warn(p, "purge-pending-not-removed", "the purged URLs' pending list could not be removed "
		     "from the target (%s): the next push will purge them once more", &sd);
}

enum jd_err purge_step_run(void *step, struct diag *d)
{
	struct purge_step *p = step;
	struct diag sd;
	enum jd_err rc;
	int local, remote = 0;

	p->ran = 1;
	rc = purge_run(p->cfg, p->urls, p->jobs, p->events, p->ca, p->notes, d);
	if (!rc) {
		purge_pending_clear(JD_PURGE_PENDING);
		if (p->target && p->remote_pending)
			remove_remote(p);
		return JD_OK;
	}
	/* Keep the URLs so the next push retries them; the deploy itself stands. */
	diag_clear(&sd);
	local = purge_pending_save(JD_PURGE_PENDING, p->urls, &sd) == JD_OK;
	if (p->target)
		remote = save_remote(p);
	if (local || remote)
		diag_append(d, "; the deploy itself is complete, and the %zu URLs to purge are kept%s%s%s%s "
			    "for the next push to retry", p->urls->n, local ? " in '" JD_PURGE_PENDING "'" : "",
			    local && remote ? " and" : "", remote ? " on the target as '" : "",
			    remote ? JD_PURGE_PENDING_KEY "'" : "");
	else
		diag_append(d, "; the deploy itself is complete, but the %zu URLs to purge could not be "
			    "kept for the next push (%s): purge them by hand", p->urls->n, sd.msg);
	return rc;
}

/* Add the URL paths of `text` (one per line, NUL-terminated, modified) to `l`. */
static void parse_pending(char *text, struct purge_list *l)
{
	char *line, *next;

	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (line[0] == '/' && l->n < PURGE_PATHS_MAX)
			purge_list_add(l, line);
	}
}

enum jd_err purge_pending_load_all(struct purge_step *step, struct purge_list *l, struct diag *d)
{
	struct buf text;
	enum target_get_result got = TARGET_MISSING;
	struct diag sd;
	enum jd_err rc;

	if ((rc = purge_pending_load(JD_PURGE_PENDING, l, d)) || !step->target)
		return rc;
	buf_init(&text, (size_t)16 << 20);
	diag_clear(&sd);
	if (step->target->ops->get(step->target, JD_PURGE_PENDING_KEY, NULL, &text, &got, &sd))
		warn(step, "purge-pending-unreadable", "the target's list of URLs still to purge could not "
		     "be read (%s): only this machine's are retried", &sd);
	else if (got == TARGET_FOUND) {
		step->remote_pending = 1;
		parse_pending(text.data, l);
	}
	buf_release(&text);
	return JD_OK;
}

enum jd_err purge_pending_load(const char *path, struct purge_list *l, struct diag *d)
{
	struct buf text;
	enum jd_err rc;

	if (access(path, F_OK) != 0)
		return JD_OK;
	buf_init(&text, (size_t)16 << 20);
	if ((rc = read_file(path, &text, d))) {
		buf_release(&text);
		return rc;
	}
	parse_pending(text.data, l);
	buf_release(&text);
	return JD_OK;
}

enum jd_err purge_pending_save(const char *path, const struct purge_list *l, struct diag *d)
{
	struct buf text = BUF_INIT;
	enum jd_err rc;

	for (size_t i = 0; i < l->n; i++)
		buf_printf(&text, "%s\n", l->paths[i]);
	rc = write_file_atomic(path, text.data, text.len, d);
	buf_release(&text);
	return rc;
}

void purge_pending_clear(const char *path)
{
	/* A pending file that cannot be removed only means an extra purge next time. */
	(void)unlink(path);
}
