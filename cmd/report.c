/*
 * report.c - plan and push reports, human and JSON (see report.h).
 */
#include "report.h"

#include <time.h>
#include <unistd.h>

#include "lib/util.h"
#include "manifests/site.h"
#include "upload/purge.h"

void format_bytes(unsigned long long n, char *out, size_t size)
{
	if (n < 1000)
		snprintf(out, size, "%llu B", n);
	else if (n < 1000000)
		snprintf(out, size, "%.1f kB", (double)n / 1e3);
	else if (n < 1000000000)
		snprintf(out, size, "%.1f MB", (double)n / 1e6);
	else
		snprintf(out, size, "%.2f GB", (double)n / 1e9);
}

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
		fprintf(fp, ", %zu old assets kept", p->kept_old);
	fputc('\n', fp);
}

static json_t *string_array(char *const *keys, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(keys[i]));
	return a;
}

void print_purge(FILE *fp, const struct purge_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		fprintf(fp, "purge %s\n", l->paths[i]);
	if (l->n)
		fprintf(fp, "%zu URLs to purge\n", l->n);
}

json_t *purge_json(const struct purge_list *l)
{
	return string_array(l->paths, l->n);
}

json_t *plan_json(const struct plan *p, const char *target)
{
	json_t *doc = json_object(), *up = json_array();

	for (size_t i = 0; i < p->nupload; i++)
		json_array_append_new(up, json_string(p->upload[i].entry->key));
	json_object_set_new(doc, "target", json_string(target));
	json_object_set_new(doc, "upload", up);
	json_object_set_new(doc, "delete", string_array(p->delete, p->ndelete));
	json_object_set_new(doc, "purge", string_array(p->purge, p->npurge));
	json_object_set_new(doc, "unchanged", json_integer((json_int_t)p->unchanged));
	json_object_set_new(doc, "kept_old", json_integer((json_int_t)p->kept_old));
	json_object_set_new(doc, "bytes", json_integer((json_int_t)p->bytes));
	return doc;
}

void print_json(json_t *doc)
{
	json_dumpf(doc, stdout, JSON_COMPACT);
	fputc('\n', stdout);
}

static void warn_to_stderr(void *arg, const char *id, const char *message)
{
	struct run_events *e = arg;
	json_t *w = json_object();

	json_object_set_new(w, "id", json_string(id));
	json_object_set_new(w, "message", json_string(message));
	json_array_append_new(e->warnings, w);
	if (!e->quiet)
		fprintf(stderr, "jamdeploy: warning: %s [%s]\n", message, id);
}

static void request_to_stderr(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "request: %s\n", line);
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
	fprintf(stderr, "\ruploading %zu/%zu files, %s/%s, %s/s\033[K",
		e->files_done < e->files_total ? e->files_done : e->files_total, e->files_total, done, total,
		rate);
	fflush(stderr);
	e->drawn = now;
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
	e->show_progress = !quiet && !verbose && !json && isatty(STDERR_FILENO);
	e->ev = (struct target_events){
		.warn = warn_to_stderr,
		.request = verbose ? request_to_stderr : NULL,
		.stored = e->show_progress ? progress_stored : NULL,
		.arg = e,
	};
	e->quiet = quiet;
	e->warnings = json_array();
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
	if (e->files_total && e->drawn > 0) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	e->files_total = 0;
}

void run_events_add_json(const struct run_events *e, json_t *doc)
{
	if (json_array_size(e->warnings))
		json_object_set(doc, "warnings", e->warnings);
}

void run_events_free(struct run_events *e)
{
	json_decref(e->warnings);
	e->warnings = NULL;
}

void run_events_site(struct run_events *e, const struct site *s)
{
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].warning)
			e->ev.warn(e->ev.arg, s->files[i].warning_id, s->files[i].warning);
}
