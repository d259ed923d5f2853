/*
 * report.c - plan and push reports, human and JSON (see report.h).
 */
#include "report.h"

#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "lib/redact.h"
#include "lib/util.h"
#include "pipeline/verify.h"
#include "site/site.h"
#include "upload/purge.h"

void print_plan(FILE *fp, const struct plan *p, const char *target)
{
	char size[32];

	fprintf(fp, "target: %s\n", target);
	for (size_t i = 0; i < p->nupload; i++) {
		const struct plan_upload *u = &p->upload[i];
		format_bytes(u->entry->size, size, sizeof(size));
		fprintf(fp, "%c %s (%s, %s)\n", u->reason == PLAN_NEW ? '+' : '~', u->entry->key,
			u->reason == PLAN_NEW ? "new" : "changed", size);
	}
	for (size_t i = 0; i < p->ndelete; i++)
		fprintf(fp, "- %s\n", p->delete[i]);
	format_bytes(p->bytes, size, sizeof(size));
	fprintf(fp, "%zu to upload (%s), %zu to delete, %zu unchanged", p->nupload, size, p->ndelete,
		p->unchanged);
	if (p->kept_old)
		fprintf(fp, ", %zu old %s kept", p->kept_old, plural(p->kept_old, "asset", "assets"));
	fputc('\n', fp);
}

static json_t *string_array(char *const *keys, size_t n, struct jb *b)
{
	json_t *a = jb_value(b, json_array());

	for (size_t i = 0; i < n; i++)
		jb_append(b, a, jb_string(b, keys[i]));
	return a;
}

void print_purge(FILE *fp, const struct purge_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		fprintf(fp, "purge %s\n", l->paths[i]);
	if (l->n)
		fprintf(fp, "%zu %s to purge\n", l->n, plural(l->n, "URL", "URLs"));
}

json_t *purge_json(const struct purge_list *l, struct jb *b)
{
	return string_array(l->paths, l->n, b);
}

json_t *plan_json(const struct plan *p, const char *target, struct jb *b)
{
	json_t *doc = jb_value(b, json_object()), *up = jb_value(b, json_array());

	for (size_t i = 0; i < p->nupload; i++)
		jb_append(b, up, jb_string(b, p->upload[i].entry->key));
	jb_set(b, doc, "target", jb_string(b, target));
	jb_set(b, doc, "upload", up);
	jb_set(b, doc, "delete", string_array(p->delete, p->ndelete, b));
	jb_set(b, doc, "purge", string_array(p->purge, p->npurge, b));
	jb_set(b, doc, "unchanged", jb_value(b, json_integer((json_int_t)p->unchanged)));
	jb_set(b, doc, "kept_old", jb_value(b, json_integer((json_int_t)p->kept_old)));
	jb_set(b, doc, "bytes", jb_value(b, json_integer((json_int_t)p->bytes)));
	return doc;
}

enum jd_err print_json(json_t *doc, struct jb *b, struct diag *d)
{
	enum jd_err rc = jb_finish(b, "the --json document", d);

	/* A document missing a member is not printed: a script would read it as complete. */
	if (rc)
		return rc;
	if (json_dumpf(doc, stdout, JSON_COMPACT) != 0 || fputc('\n', stdout) == EOF)
		return diag_set(d, JD_EIO, NULL, "write failure on standard output: %s",
				strerror(errno ? errno : EIO));
	return JD_OK;
}

/* Erase the progress line (build or upload), if one is on the screen. */
static void clear_line(struct run_events *e)
{
	if (!e->line_shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	e->line_shown = 0;
}

/* Keep a warning for --json and GitHub, and print it unless -q; `file` is a site path or NULL. */
static void add_warning(struct run_events *e, const char *id, const char *file, const char *message)
{
	json_t *w = jb_value(&e->jb, json_object());
	struct buf safe = BUF_INIT;

	/* a warning may quote an endpoint or a file's URL: masked like errors */
	redact_secrets(message, &safe);
	jb_set(&e->jb, w, "id", jb_string(&e->jb, id));
	if (file)
		jb_set(&e->jb, w, "file", jb_string(&e->jb, file));
	jb_set(&e->jb, w, "message", jb_string(&e->jb, safe.data));
	jb_append(&e->jb, e->warnings, w);
	if (!e->quiet) {
		clear_line(e);
		fprintf(stderr, "jamdeploy: warning: %s [%s]\n", safe.data, id);
	}
	buf_release(&safe);
}

static void warn_to_stderr(void *arg, const char *id, const char *message)
{
	add_warning(arg, id, NULL, message);
}

static void request_to_stderr(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "request: %s\n", line);
}

static void note_to_stderr(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "%s\n", line);
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void draw_progress(struct run_events *e, double now)
{
	char done[32], total[32], rate[32];
	double secs = now - e->started;

	format_bytes(e->bytes_done, done, sizeof(done));
	format_bytes(e->bytes_total, total, sizeof(total));
	format_bytes(secs > 0 ? (unsigned long long)((double)e->bytes_done / secs) : 0, rate, sizeof(rate));
	/* "\r" and erase-to-end-of-line: the line is redrawn in place */
	fprintf(stderr, "\ruploading %zu/%zu %s, %s/%s, %s/s\033[K",
		e->files_done < e->files_total ? e->files_done : e->files_total, e->files_total,
		plural(e->files_total, "file", "files"), done, total, rate);
	fflush(stderr);
	e->drawn = now;
	e->line_shown = 1;
}

/* build_events.progress: "optimizing 120/5000 files, 3 images", at most ten times a second. */
static void build_progress(void *arg, size_t done, size_t total, size_t images)
{
	struct run_events *e = arg;
	double now = now_seconds();

	if (now - e->drawn < 0.1 && done < total)
		return;
	fprintf(stderr, "\roptimizing %zu/%zu %s, %zu %s\033[K", done, total, plural(total, "file", "files"),
		images, plural(images, "image", "images"));
	fflush(stderr);
	e->drawn = now;
	e->line_shown = 1;
}

static void progress_stored(void *arg, uint64_t bytes)
{
	struct run_events *e = arg;
	double now;

	e->files_done++;
	e->bytes_done += bytes;
	if (!e->files_total)
		return;
	now = now_seconds();
	if (now - e->drawn >= 0.1 || e->files_done == e->files_total)
		draw_progress(e, now);
}

void run_events_init(struct run_events *e, int quiet, int verbose, int json)
{
	memset(e, 0, sizeof(*e));
	e->began = now_seconds();
	e->show_progress = !quiet && !verbose && !json && isatty(STDERR_FILENO);
	e->build = (struct build_events){ .progress = e->show_progress ? build_progress : NULL, .arg = e };
	e->ev = (struct target_events){
		.warn = warn_to_stderr,
		.request = verbose ? request_to_stderr : NULL,
		.note = verbose ? note_to_stderr : NULL,
		.stored = e->show_progress ? progress_stored : NULL,
		.arg = e,
	};
	e->quiet = quiet;
	e->warnings = jb_value(&e->jb, json_array());
}

void run_events_expect(struct run_events *e, size_t files, uint64_t bytes)
{
	if (!e->show_progress || !files)
		return;
	e->files_done = e->bytes_done = 0;
	e->files_total = files;
	e->bytes_total = bytes;
	e->started = now_seconds();
	e->drawn = 0;
}

void run_events_done(struct run_events *e)
{
	clear_line(e);
	e->files_total = 0;
}

double run_events_elapsed(const struct run_events *e)
{
	return now_seconds() - e->began;
}

void run_events_add_json(const struct run_events *e, json_t *doc, struct jb *b)
{
	if (json_array_size(e->warnings))
		jb_set(b, doc, "warnings", json_incref(e->warnings));
	jb_merge(b, &e->jb); /* a warning that could not be kept */
}

void run_events_free(struct run_events *e)
{
	clear_line(e);
	json_decref(e->warnings);
	e->warnings = NULL;
	jb_release(&e->jb);
}

void site_counts_json(const struct site *s, json_t *doc, struct jb *b)
{
	jb_set(b, doc, "transformed", jb_value(b, json_integer((json_int_t)s->transforms_run)));
	jb_set(b, doc, "from_local_cache", jb_value(b, json_integer((json_int_t)s->from_local)));
	jb_set(b, doc, "from_shared_cache", jb_value(b, json_integer((json_int_t)s->from_remote)));
}

void format_site_counts(const struct site *s, struct buf *out)
{
	buf_printf(out, "%zu %s transformed, %zu from the local cache, %zu from the shared cache",
		   s->transforms_run, plural(s->transforms_run, "file", "files"), s->from_local,
		   s->from_remote);
}

void run_events_site(struct run_events *e, const struct site *s)
{
	const char **source = site_source_keys(s);

	clear_line(e); /* the build's progress */
	/* Named by the key the user knows (before hashing), as check's reports do. */
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].warning)
			add_warning(e, s->files[i].warning_id, source[i], s->files[i].warning);
	/* warnings about the site as a whole (the shared cache): no one file */
	for (size_t i = 0; i < s->nwarnings; i++)
		add_warning(e, s->warnings[i].id, NULL, s->warnings[i].message);
	free(source);
}

void site_totals(const struct site *s, struct site_totals *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct file *f = &s->files[i];
		if (f->derived_from) {
			t->webps++;
			t->webp += f->size;
		} else {
			t->files++;
			t->source += f->source_size;
			t->shipped += f->size;
		}
	}
}

void format_site_totals(const struct site_totals *t, struct buf *out)
{
	char a[32], b[32], w[32];

	format_bytes(t->source, a, sizeof(a));
	format_bytes(t->shipped, b, sizeof(b));
	buf_printf(out, "site %s -> %s", a, b);
	if (t->webps) {
		format_bytes(t->webp, w, sizeof(w));
		buf_printf(out, ", plus %zu WebP %s (%s)", t->webps, plural(t->webps, "alternate", "alternates"),
			   w);
	}
}

void site_totals_json(const struct site_totals *t, json_t *doc, struct jb *b)
{
	jb_set(b, doc, "site_bytes_in", jb_value(b, json_integer((json_int_t)t->source)));
	jb_set(b, doc, "site_bytes_out", jb_value(b, json_integer((json_int_t)t->shipped)));
	jb_set(b, doc, "webp_alternates", jb_value(b, json_integer((json_int_t)t->webps)));
	jb_set(b, doc, "webp_bytes", jb_value(b, json_integer((json_int_t)t->webp)));
}

json_t *drift_json(const struct drift_report *r, struct jb *b)
{
	json_t *doc = jb_value(b, json_object()), *lists[3];

	for (int k = 0; k < 3; k++)
		lists[k] = jb_value(b, json_array());
	for (size_t i = 0; i < r->n; i++) {
		const struct drift *x = &r->d[i];
		json_t *o = jb_value(b, json_object());

		jb_set(b, o, "key", jb_string(b, x->key));
		if (x->kind != DRIFT_MISSING)
			jb_set(b, o, "size", jb_value(b, json_integer((json_int_t)x->size)));
		if (x->kind != DRIFT_EXTRA)
			jb_set(b, o, "expected_size", jb_value(b, json_integer((json_int_t)x->expected_size)));
		if (x->kind == DRIFT_DIFFERENT) {
			jb_set(b, o, "etag", jb_string(b, x->etag));
			jb_set(b, o, "md5", x->md5[0] ? jb_string(b, x->md5) : json_null());
		}
		jb_append(b, lists[x->kind], o);
	}
	jb_set(b, doc, "checked", jb_value(b, json_integer((json_int_t)r->checked)));
	jb_set(b, doc, "size_only", jb_value(b, json_integer((json_int_t)r->size_only)));
	jb_set(b, doc, "missing", lists[DRIFT_MISSING]);
	jb_set(b, doc, "different", lists[DRIFT_DIFFERENT]);
	jb_set(b, doc, "extra", lists[DRIFT_EXTRA]);
	return doc;
}

void print_drift(FILE *fp, const struct drift_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct drift *x = &r->d[i];

		if (x->kind == DRIFT_MISSING)
			fprintf(fp, "missing: %s\n", x->key);
		else if (x->kind == DRIFT_EXTRA)
			fprintf(fp, "extra: %s (not in the manifest)\n", x->key);
		else if (x->size != x->expected_size)
			fprintf(fp, "different: %s (%llu bytes, the manifest says %llu)\n", x->key,
				(unsigned long long)x->size, (unsigned long long)x->expected_size);
		else
			fprintf(fp, "different: %s (ETag %s, the manifest's MD5 is %s)\n", x->key, x->etag,
				x->md5);
	}
}
