/*
 * report.h - printing a plan and a push result, for people and for --json.
 *
 * --json documents (one per run, on stdout):
 *   diff:  {"target":"s3://b/p","upload":["a.css",...],"delete":[...],
 *           "purge":[...],"unchanged":12,"bytes":4650}
 *         plus "purge_urls":["/docs/",...] when a CDN is configured
 *   push:  the same plus "uploaded":3,"deleted":1,"dry_run":false,"purged":2
 *   both:  "warnings":[{"id":"region-switch","message":"..."}] when a target warned
 *   build, diff, push: a file whose transform failed (it ships its original bytes) is a
 *          warning too: {"id":"minify-failed","message":"public/a.js:3:7: ... (kept ...)"}
 */
#ifndef JD_REPORT_H
#define JD_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "lib/format.h"
#include "lib/json_build.h"
#include "manifests/plan.h"
#include "pipeline/deploy.h"

/* One line per upload and delete, then a summary line. */
void print_plan(FILE *fp, const struct plan *p, const char *target);

/* The CDN purge list ("purge: /docs/" lines), nothing when empty. */
struct purge_list;
void print_purge(FILE *fp, const struct purge_list *l);
json_t *purge_json(const struct purge_list *l, struct jb *b);

/*
 * The plan as the JSON object above (caller decrefs).  Failures (a key
 * jansson refuses) are recorded in `b`, as by every builder here.
 */
json_t *plan_json(const struct plan *p, const char *target, struct jb *b);

/*
 * Finish `b` and print `doc` on stdout with a newline.  A document `b`
 * says is incomplete is not printed: its error (naming the string that
 * was refused) is returned instead.  JD_EIO when stdout cannot be written.
 */
enum jd_err print_json(json_t *doc, struct jb *b, struct diag *d);

/*
 * What a target reports while diff or push runs (upload/target.h's struct
 * target_events).  Warnings go to stderr at once, as
 * "jamdeploy: warning: MESSAGE [ID]" (not with -q), and are kept for the
 * --json document's "warnings": [{"id", "message"}]; with -v each HTTP
 * request is one "request: ..." line on stderr.
 *
 * When stderr is a terminal (and neither -q, -v nor --json is given), an
 * upload shows one progress line, redrawn at most ten times a second:
 * "uploading 120/5000 files, 1.2/60.0 MB, 4.5 MB/s".
 */
struct run_events {
	struct target_events ev;
	int quiet;
	json_t *warnings;
	struct jb jb;              /* a warning that could not be added to `warnings` */
	/* progress: what run_events_expect announced, what landed so far */
	int show_progress;
	size_t files_done, files_total;
	uint64_t bytes_done, bytes_total;
	double started, drawn;     /* seconds (CLOCK_MONOTONIC) */
};
void run_events_init(struct run_events *e, int quiet, int verbose, int json);
/* Start a progress line for `files` objects of `bytes` bytes (no-op when it is not shown). */
void run_events_expect(struct run_events *e, size_t files, uint64_t bytes);
/* Erase the progress line, if one is on the screen. */
void run_events_done(struct run_events *e);
/* Add "warnings" to `doc` when there were any (and any failure to keep one to `b`). */
void run_events_add_json(const struct run_events *e, json_t *doc, struct jb *b);
/* Each of the site's transform failures (f->warning), reported through `e`. */
struct site;
void run_events_site(struct run_events *e, const struct site *s);
void run_events_free(struct run_events *e);

struct drift_report;

/*
 * A drift report (pipeline/verify.h) as JSON (caller owns):
 *   {"checked":N,"size_only":N,"missing":[{"key":K,"expected_size":N}],
 *    "different":[{"key":K,"size":N,"expected_size":N,"etag":E,"md5":M|null}],
 *    "extra":[{"key":K,"size":N}]}
 */
json_t *drift_json(const struct drift_report *r, struct jb *b);

/* One line per drifted key on `fp`: "missing: KEY", "different: KEY (...)", "extra: KEY". */
void print_drift(FILE *fp, const struct drift_report *r);

#endif
