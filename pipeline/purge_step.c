/*
 * purge_step.c - the purge step of a push and its pending file (see
 * purge_step.h).
 *
 * The step runs after the new manifest is written: the deploy is then
 * complete whatever the CDN answers, so a failed purge never fails the
 * deploy silently nor undoes it.  Its URLs are written to the pending file
 * and the next push, even one with nothing to upload, purges them first.
 */
#include "pipeline/purge_step.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"

enum jd_err purge_step_run(void *step, struct diag *d)
{
	struct purge_step *p = step;
	struct diag sd;
	enum jd_err rc;

	p->ran = 1;
	rc = purge_run(p->cfg, p->urls, p->jobs, p->events, p->ca, p->notes, d);
	if (!rc) {
		purge_pending_clear(JD_PURGE_PENDING);
		return JD_OK;
	}
	/* Keep the URLs so the next push retries them; the deploy itself stands. */
	diag_clear(&sd);
	if (purge_pending_save(JD_PURGE_PENDING, p->urls, &sd) == JD_OK)
		diag_append(d, "; the deploy itself is complete, and the %zu URLs to purge are kept in "
			    "'%s' for the next push to retry", p->urls->n, JD_PURGE_PENDING);
	return rc;
}

enum jd_err purge_pending_load(const char *path, struct purge_list *l, struct diag *d)
{
	struct buf text;
	enum jd_err rc;
	char *line, *next;

	if (access(path, F_OK) != 0)
		return JD_OK;
	buf_init(&text, (size_t)16 << 20);
	if ((rc = read_file(path, &text, d))) {
		buf_release(&text);
		return rc;
	}
	for (line = text.data; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (line[0] == '/' && l->n < PURGE_PATHS_MAX)
			purge_list_add(l, line);
	}
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
