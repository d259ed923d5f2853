/*
 * history.c - the deploy history on a target (see history.h for the
 * layout).
 *
 * The index is small (one record per kept deploy) and read with jansson;
 * each kept deploy's manifest is an ordinary manifest, read with
 * manifest_parse.  Objects are named by the sha256 of their bytes, so two
 * deploys with the same page share one object, and storing is idempotent:
 * a push that dies after storing some of them stores them again, harmlessly.
 *
 * Pruning: when a deploy falls out of the last `keep`, its manifest goes,
 * and so does every object none of the kept deploys has.  That needs the
 * kept deploys' manifests: one GET each, only on a push that drops one.
 * An object left behind by a failed prune costs only its space; the next
 * prune does not see it again (it looks at what the dropped deploy had),
 * which is the price of not listing objects/ on every push.
 */
#include "pipeline/history.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/json_build.h"
#include "lib/util.h"

#define GIT_HEAD_MAX 4096

enum jd_err remote_manifest_get(struct target *t, const char *key, char *etag, struct manifest *m,
				int *found, struct diag *d)
{
	struct buf text;
	enum target_get_result got;
	char *where = xasprintf("%s%s%s", t->url, ends_with(t->url, "/") ? "" : "/", key);
	enum jd_err rc;

	memset(m, 0, sizeof(*m));
	*found = 0;
	buf_init(&text, MANIFEST_MAX_BYTES);
	if (etag)
		etag[0] = '\0'; /* empty: an unconditional GET that reports the ETag */
	rc = t->ops->get(t, key, etag, &text, &got, d);
	if (!rc && got == TARGET_FOUND) {
		*found = 1;
		rc = manifest_parse(text.data, text.len, where, m, d);
	}
	buf_release(&text);
	free(where);
	return rc;
}

void history_free(struct history *h)
{
	for (size_t i = 0; i < h->n; i++)
		deploy_record_free(&h->r[i]);
	free(h->r);
	memset(h, 0, sizeof(*h));
}

void deploy_record_free(struct deploy_record *rec)
{
	free(rec->who);
	rec->who = NULL;
}

const struct deploy_record *history_find(const struct history *h, int64_t deploy)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->r[i].deploy == deploy)
			return &h->r[i];
	return NULL;
}

static enum jd_err bad_index(struct target *t, const char *why, struct diag *d)
{
	return diag_set(d, JD_EMANIFEST, JD_DEPLOYS_INDEX, "the deploy history '%s' of '%s' is "
			"malformed: %s (delete that object to start the history over; the live site "
			"is not affected)", JD_DEPLOYS_INDEX, t->url, why);
}

static int get_count(json_t *o, const char *name, uint64_t *out)
{
	json_t *v = json_object_get(o, name);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return 0;
	*out = (uint64_t)json_integer_value(v);
	return 1;
}

/* One record of the index; 0 when it is malformed. */
static int parse_record(json_t *o, struct deploy_record *rec)
{
	json_t *time = json_object_get(o, "time"), *commit = json_object_get(o, "commit"),
	       *who = json_object_get(o, "who"), *back = json_object_get(o, "rollback_of");
	uint64_t deploy, rollback_of = 0;

	memset(rec, 0, sizeof(*rec));
	if (!json_is_object(o) || !get_count(o, "deploy", &deploy) || deploy > MANIFEST_DEPLOY_MAX ||
	    !get_count(o, "files", &rec->files) || !get_count(o, "uploaded", &rec->uploaded) ||
	    !get_count(o, "deleted", &rec->deleted) || !json_is_string(time) ||
	    json_string_length(time) >= sizeof(rec->time) || !json_is_string(who) ||
	    !(json_is_null(commit) || (json_is_string(commit) && json_string_length(commit) < sizeof(rec->commit))) ||
	    !(json_is_null(back) || get_count(o, "rollback_of", &rollback_of)))
		return 0;
	rec->deploy = (int64_t)deploy;
	rec->rollback_of = (int64_t)rollback_of;
	snprintf(rec->time, sizeof(rec->time), "%s", json_string_value(time));
	if (json_is_string(commit))
		snprintf(rec->commit, sizeof(rec->commit), "%s", json_string_value(commit));
	rec->who = xstrdup(json_string_value(who));
	return 1;
}

enum jd_err history_read(struct target *t, struct history *h, struct diag *d)
{
	struct buf text;
	enum target_get_result got;
	json_error_t jerr;
	json_t *root = NULL, *arr;
	enum jd_err rc;

	memset(h, 0, sizeof(*h));
	buf_init(&text, HISTORY_INDEX_MAX);
	rc = t->ops->get(t, JD_DEPLOYS_INDEX, NULL, &text, &got, d);
	if (rc || got != TARGET_FOUND)
		goto out;
	root = json_loadb(text.data, text.len, JSON_REJECT_DUPLICATES, &jerr);
	arr = root ? json_object_get(root, "deploys") : NULL;
	if (!root || !json_is_array(arr) || json_integer_value(json_object_get(root, "version")) != 1) {
		rc = bad_index(t, root ? "not a version 1 index" : jerr.text, d);
		goto out;
	}
	for (size_t i = 0; i < json_array_size(arr); i++) {
		ARRAY_GROW(h->r, h->n + 1, h->cap);
		if (!parse_record(json_array_get(arr, i), &h->r[h->n])) {
			rc = bad_index(t, "a record is malformed", d);
			break;
		}
		h->n++;
	}
out:
	json_decref(root);
	buf_release(&text);
	if (rc)
		history_free(h);
	return rc;
}

/* ---- the record ---- */

/* The first line of `path` into out (size bytes); 0 when it cannot be read. */
static int read_line(const char *path, char *out, size_t size)
{
	struct buf b;
	struct diag ignored;
	int ok;

	buf_init(&b, GIT_HEAD_MAX);
	ok = read_file(path, &b, &ignored) == JD_OK;
	if (ok) {
		b.data[strcspn(b.data, "\r\n")] = '\0';
		snprintf(out, size, "%s", b.data);
	}
	buf_release(&b);
	return ok;
}

/* `ref`'s commit from the packed-refs file of `common` ("" when not there). */
static void packed_ref(const char *common, const char *ref, char commit[41])
{
	char *path = path_join(common, "packed-refs");
	struct buf b;
	struct diag ignored;

	buf_init(&b, (size_t)64 << 20);
	if (read_file(path, &b, &ignored) == JD_OK) {
		for (char *line = b.data; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
			size_t n = strcspn(line, "\n");

			if (n == 41 + strlen(ref) && line[40] == ' ' && !strncmp(line + 41, ref, strlen(ref))) {
				memcpy(commit, line, 40);
				commit[40] = '\0';
				break;
			}
		}
	}
	buf_release(&b);
	free(path);
}

/*
 * The commit checked out in the git work tree holding `dir`, read from
 * .git without running git: HEAD, then the loose ref, then packed-refs.
 * A linked work tree's .git is a file naming its git dir, whose refs live
 * in the common dir.  "" when there is none or it cannot be told.
 */
static void git_commit(const char *dir, char commit[41])
{
	char *at = realpath(dir, NULL), line[GIT_HEAD_MAX];
	char *gitdir = NULL, *common = NULL;

	commit[0] = '\0';
	while (at && !gitdir) {
		char *dotgit = path_join(at, ".git"), *slash;

		if (access(dotgit, F_OK) == 0) {
			if (read_line(dotgit, line, sizeof(line)) && starts_with(line, "gitdir: "))
				gitdir = line[8] == '/' ? xstrdup(line + 8) : path_join(at, line + 8);
			else
				gitdir = xstrdup(dotgit);
		}
		free(dotgit);
		slash = strrchr(at, '/');
		if (gitdir || !slash || slash == at)
			break;
		*slash = '\0';
	}
	free(at);
	if (!gitdir)
		return;
	{
		char *p = path_join(gitdir, "commondir");

		common = read_line(p, line, sizeof(line)) ? (line[0] == '/' ? xstrdup(line) : path_join(gitdir, line))
							   : xstrdup(gitdir);
		free(p);
	}
	{
		char *head = path_join(gitdir, "HEAD");

		if (read_line(head, line, sizeof(line))) {
			if (starts_with(line, "ref: ")) {
				char ref[GIT_HEAD_MAX], *loose = path_join(gitdir, line + 5), *shared;

				snprintf(ref, sizeof(ref), "%s", line + 5);
				shared = path_join(common, ref);
				if (read_line(loose, line, sizeof(line)) || read_line(shared, line, sizeof(line)))
					snprintf(commit, 41, "%.40s", line);
				else
					packed_ref(common, ref, commit);
				free(loose);
				free(shared);
			} else {
				snprintf(commit, 41, "%.40s", line); /* detached */
			}
		}
		free(head);
	}
	if (strlen(commit) != 40 || !hex_is_lower(commit, 40) || strlen(line) > 40)
		commit[0] = '\0'; /* an unborn branch, or something we do not read */
	free(gitdir);
	free(common);
}

void deploy_record_init(struct deploy_record *rec, int64_t deploy, const char *site_root)
{
	const char *actor = getenv("GITHUB_ACTOR"), *user = getenv("USER");
	char host[256] = "";
	time_t now = time(NULL);
	struct tm tm;

	memset(rec, 0, sizeof(*rec));
	rec->deploy = deploy;
	gmtime_r(&now, &tm);
	strftime(rec->time, sizeof(rec->time), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (gethostname(host, sizeof(host) - 1) != 0)
		host[0] = '\0';
	if (actor && *actor)
		rec->who = xstrdup(actor);
	else
		rec->who = xasprintf("%s%s%s", user && *user ? user : "unknown", *host ? "@" : "", host);
	if (site_root)
		git_commit(site_root, rec->commit);
}

/* ---- storing and pruning ---- */

static char *deploy_key(int64_t deploy)
{
	return xasprintf(JD_DEPLOY_KEY_FMT, (long long)deploy);
}

static int is_immutable(const struct manifest_entry *e)
{
	return plan_phase_of(e) == 0;
}

enum jd_err history_store(struct target *t, const struct plan *p, const struct site *s, int all,
			  struct diag *d)
{
	struct put_item *items = xcalloc(p->next.n + 1, sizeof(*items));
	char **keys = xcalloc(p->next.n + 1, sizeof(*keys));
	char *sent = xcalloc(p->next.n + 1, 1); /* by index in next: the plan uploads it */
	struct buf json = BUF_INIT;
	size_t n = 0, done = 0;
	enum jd_err rc;

	for (size_t k = 0; k < p->nupload; k++)
		sent[p->upload[k].entry - p->next.e] = 1; /* upload[] points into next */
	if ((rc = manifest_serialize(&p->next, &json, d)))
		goto out;
	for (size_t i = 0; s && i < p->next.n; i++) {
		const struct manifest_entry *e = &p->next.e[i];
		const struct file *f;

		if (e->last_live != p->next.deploy || is_immutable(e))
			continue;
		if (!(all || sent[i]) || !(f = site_find(s, e->key)))
			continue;
		keys[n] = xasprintf(JD_OBJECTS_DIR "%s", e->sha256);
		items[n] = (struct put_item){
			.key = keys[n],
			.path = f->in_memory ? NULL : file_ship_path(f),
			.data = f->in_memory ? f->data.data : NULL,
			.len = f->size,
			.sha256 = e->sha256,
			.content_type = "application/octet-stream",
			.cache_control = "no-store",
		};
		n++;
	}
	keys[n] = deploy_key(p->next.deploy);
	items[n] = (struct put_item){
		.key = keys[n],
		.data = json.data,
		.len = json.len,
		.content_type = "application/json; charset=utf-8",
		.cache_control = "no-store",
	};
	n++;
	rc = t->ops->put_many(t, items, n, &done, d);
out:
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	free(items);
	free(sent);
	buf_release(&json);
	return rc;
}

static enum jd_err write_index(struct target *t, const struct history *h, struct diag *d)
{
	struct jb b = JB_INIT;
	json_t *root = jb_value(&b, json_object()), *arr = jb_value(&b, json_array());
	struct put_item it;
	size_t done = 0;
	char *text = NULL;
	enum jd_err rc;

	jb_set(&b, root, "version", jb_value(&b, json_integer(1)));
	for (size_t i = 0; i < h->n; i++) {
		const struct deploy_record *r = &h->r[i];
		json_t *o = jb_value(&b, json_object());

		jb_set(&b, o, "deploy", jb_value(&b, json_integer(r->deploy)));
		jb_set(&b, o, "time", jb_string(&b, r->time));
		jb_set(&b, o, "commit", r->commit[0] ? jb_string(&b, r->commit) : json_null());
		jb_set(&b, o, "who", jb_string(&b, r->who));
		jb_set(&b, o, "files", jb_value(&b, json_integer((json_int_t)r->files)));
		jb_set(&b, o, "uploaded", jb_value(&b, json_integer((json_int_t)r->uploaded)));
		jb_set(&b, o, "deleted", jb_value(&b, json_integer((json_int_t)r->deleted)));
		jb_set(&b, o, "rollback_of", r->rollback_of ? jb_value(&b, json_integer(r->rollback_of))
							    : json_null());
		jb_append(&b, arr, o);
	}
	jb_set(&b, root, "deploys", arr);
	rc = jb_finish(&b, "the deploy history", d);
	if (!rc && !(text = json_dumps(root, JSON_INDENT(2))))
		rc = diag_set(d, JD_EIO, NULL, "cannot write the deploy history (out of memory?)");
	if (!rc) {
		it = (struct put_item){ .key = JD_DEPLOYS_INDEX, .data = text, .len = strlen(text),
					.content_type = "application/json; charset=utf-8",
					.cache_control = "no-store" };
		rc = t->ops->put_many(t, &it, 1, &done, d);
	}
	free(text);
	json_decref(root);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the sha256 of each non-immutable object of `m` to the set (an unsorted array). */
static void add_objects(const struct manifest *m, char ***set, size_t *n, size_t *cap)
{
	for (size_t i = 0; i < m->n; i++) {
		if (m->e[i].last_live != m->deploy || is_immutable(&m->e[i]))
			continue;
		ARRAY_GROW(*set, *n + 1, *cap);
		(*set)[(*n)++] = m->e[i].sha256;
	}
}

/* Delete the dropped deploys' manifests and the objects only they had. */
static enum jd_err prune(struct target *t, const struct history *kept, const struct deploy_record *dropped,
			 size_t ndropped, const struct manifest *next, struct diag *d)
{
	struct manifest *ms = xcalloc(kept->n + ndropped + 1, sizeof(*ms));
	char **needed = NULL, **gone = NULL, **del = NULL;
	size_t nneeded = 0, cneeded = 0, ngone = 0, cgone = 0, ndel = 0, cdel = 0, nms = 0, done = 0;
	enum jd_err rc = JD_OK;

	add_objects(next, &needed, &nneeded, &cneeded);
	for (size_t i = 0; i < kept->n + ndropped && !rc; i++) {
		const struct deploy_record *r = i < kept->n ? &kept->r[i] : &dropped[i - kept->n];
		char *key = deploy_key(r->deploy);
		int found = 0;

		if (r->deploy != next->deploy)
			rc = remote_manifest_get(t, key, NULL, &ms[nms], &found, d);
		if (found) {
			if (i < kept->n)
				add_objects(&ms[nms], &needed, &nneeded, &cneeded);
			else
				add_objects(&ms[nms], &gone, &ngone, &cgone);
			nms++;
		}
		if (i >= kept->n) {
			ARRAY_GROW(del, ndel + 1, cdel);
			del[ndel++] = key;
		} else {
			free(key);
		}
	}
	if (nneeded)
		qsort(needed, nneeded, sizeof(char *), cmp_str);
	if (ngone)
		qsort(gone, ngone, sizeof(char *), cmp_str);
	for (size_t i = 0; i < ngone && !rc; i++) {
		if ((i && !strcmp(gone[i], gone[i - 1])) ||
		    (nneeded && bsearch(&gone[i], needed, nneeded, sizeof(char *), cmp_str)))
			continue;
		ARRAY_GROW(del, ndel + 1, cdel);
		del[ndel++] = xasprintf(JD_OBJECTS_DIR "%s", gone[i]);
	}
	if (!rc && ndel)
		rc = t->ops->delete_many(t, (const char *const *)del, ndel, &done, d);
	for (size_t i = 0; i < ndel; i++)
		free(del[i]);
	for (size_t i = 0; i < nms; i++)
		manifest_free(&ms[i]);
	free(ms);
	free(del);
	free(needed);
	free(gone);
	return rc;
}

enum jd_err history_commit(struct target *t, struct history *h, struct deploy_record *rec,
			   const struct manifest *next, uint64_t keep, struct diag *d)
{
	struct deploy_record *dropped = xcalloc(h->n + 1, sizeof(*dropped));
	size_t ndropped = 0, w = 0;
	enum jd_err rc;

	/* A counter that started over (push --force over a lost manifest): those records are stale. */
	for (size_t i = 0; i < h->n; i++) {
		if (h->r[i].deploy >= rec->deploy)
			deploy_record_free(&h->r[i]);
		else
			h->r[w++] = h->r[i];
	}
	h->n = w;
	ARRAY_GROW(h->r, h->n + 1, h->cap);
	h->r[h->n++] = *rec;
	rec->who = NULL; /* the history owns it now */
	while (h->n > keep) {
		dropped[ndropped++] = h->r[0];
		memmove(h->r, h->r + 1, (h->n - 1) * sizeof(*h->r));
		h->n--;
	}
	rc = write_index(t, h, d);
	if (!rc && ndropped)
		rc = prune(t, h, dropped, ndropped, next, d);
	for (size_t i = 0; i < ndropped; i++)
		deploy_record_free(&dropped[i]);
	free(dropped);
	return rc;
}

uint64_t manifest_live_count(const struct manifest *m)
{
	uint64_t n = 0;

	for (size_t i = 0; i < m->n; i++)
		n += m->e[i].last_live == m->deploy;
	return n;
}

enum jd_err history_step_run(void *arg, struct diag *d)
{
	struct history_step *st = arg;
	enum jd_err rc = history_read(st->t, st->h, d);

	return rc ? rc : history_store(st->t, st->p, st->site, !history_find(st->h, st->prev), d);
}

void history_after_push(struct target *t, struct history *h, const struct plan *p,
			const char *site_root, uint64_t uploaded, uint64_t deleted, uint64_t keep,
			const struct target_events *events)
{
	struct deploy_record rec;
	struct diag d;

	diag_clear(&d);
	deploy_record_init(&rec, p->next.deploy, site_root);
	rec.files = manifest_live_count(&p->next);
	rec.uploaded = uploaded;
	rec.deleted = deleted;
	if (history_commit(t, h, &rec, &p->next, keep, &d) && events && events->warn) {
		char *msg = xasprintf("deploy %lld is live, but its record in '%s' could not be "
				      "written: %s ('jamdeploy deploys' will not list it)",
				      (long long)p->next.deploy, JD_DEPLOYS_INDEX, d.msg);

		events->warn(events->arg, "history-failed", msg);
		free(msg);
	}
	deploy_record_free(&rec);
}
