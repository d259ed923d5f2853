/*
 * report.h - printing a plan and a push result, for people and for --json.
 *
 * --json documents (one per run, on stdout):
 *   diff:  {"target":"s3://b/p","upload":["a.css",...],"delete":[...],
 *           "purge":[...],"unchanged":12,"bytes":4650}
 *         plus "purge_urls":["/docs/",...] when a CDN is configured
 *   push:  the same plus "uploaded":3,"deleted":1,"dry_run":false,"purged":2
 *         plus "deploy":8 (the manifest's deploy counter after the push) and the
 *         site's savings "site_bytes_in", "site_bytes_out" (before and after
 *         minify and images, WebP alternates apart), "webp_alternates", "webp_bytes"
 *   push:  also "elapsed_ms":1250
 *   both:  "transformed":0,"from_local_cache":9,"from_shared_cache":0 (site_counts_json)
 *   both:  "warnings":[{"id":"region-switch","message":"..."}] when a target warned
 *   build, check, diff, push: a file whose transform failed (it ships its original bytes) is
 *          a warning too, with its site path: {"id":"minify-failed","file":"a.js",
 *          "message":"public/a.js:3:7: ... (kept ...)"}
 */
#ifndef JD_REPORT_H
#define JD_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "lib/buf.h"
#include "lib/format.h"
#include "lib/json_build.h"
#include "manifests/plan.h"
#include "pipeline/deploy.h"
#include "pipeline/push.h"

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
 * "uploading 120/5000 files, 1.2/60.0 MB, 4.5 MB/s"; so does the build
 * (through `build`, given to site_build): "optimizing 120/5000 files, 3 images".
 * A warning, the next stage's line or run_events_done erases it.
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
	int line_shown;            /* a progress line is on the screen */
	struct build_events build; /* the build's progress, for site_build */
	double began;              /* when the command started */
	int planned;               /* push: the plan was made (its summary can be shown) */
};
void run_events_init(struct run_events *e, int quiet, int verbose, int json);
/* Start a progress line for `files` objects of `bytes` bytes (no-op when it is not shown). */
void run_events_expect(struct run_events *e, size_t files, uint64_t bytes);
/* Erase the progress line, if one is on the screen. */
void run_events_done(struct run_events *e);
/* Seconds since run_events_init. */
double run_events_elapsed(const struct run_events *e);
/* Add "warnings" to `doc` when there were any (and any failure to keep one to `b`). */
void run_events_add_json(const struct run_events *e, json_t *doc, struct jb *b);
/*
 * Each of the site's transform failures (f->warning), reported through `e`
 * with the file's site path (its key before hashing).  Erases the build's
 * progress line first.
 */
struct site;
void run_events_site(struct run_events *e, const struct site *s);
void run_events_free(struct run_events *e);

/*
 * What minification and image optimization did to the site: the source
 * bytes and the shipped bytes of its own files, and apart from them the
 * WebP alternates images.webp added (shipped too, but not a growth of the
 * site: a browser fetches one or the other).
 */
struct site_totals {
	size_t files, webps;
	uint64_t source, shipped, webp;
};
void site_totals(const struct site *s, struct site_totals *t);
/* "site 15.3 MB -> 11.2 MB[, plus 3 WebP alternates (1.1 MB)]" appended to `out`. */
void format_site_totals(const struct site_totals *t, struct buf *out);
/* The same as site_bytes_in, site_bytes_out, webp_alternates, webp_bytes in `doc`. */
void site_totals_json(const struct site_totals *t, json_t *doc, struct jb *b);

/*
 * Under GitHub Actions (lib/github.h), what diff and push tell the run
 * (cmd/github.c): annotations on `annotations` (::warning for each kept
 * warning, ::error for `failure` when not NULL), a markdown step summary
 * appended to $GITHUB_STEP_SUMMARY (the plan or the result, bytes, time,
 * the deployed URL when base_url is set) and the step outputs uploaded,
 * deleted, unchanged, bytes, deploy, url appended to $GITHUB_OUTPUT.  For
 * diff and --dry-run the numbers are what the push would do.  JD_EIO when
 * a file cannot be written.
 */
struct github_report {
	const char *command;               /* "push" or "diff" */
	const char *target;
	const char *site_root;             /* annotations name files under it */
	const char *base_url;              /* the deployed site's URL, or NULL */
	const struct push_context *ctx;    /* NULL when no plan was made */
	const struct deploy_report *result; /* the push's, NULL for diff and --dry-run */
	int purge_ran, purge_failed;
	const struct run_events *events;
	const struct diag *failure;        /* the error the command ends with, or NULL */
};
enum jd_err github_report(FILE *annotations, const struct github_report *g, struct diag *d);

/*
 * The end of diff and push under Actions: github_report with `failure` set
 * from `rc`/`d`, annotations on stdout (stderr with --json, so stdout stays
 * one document).  Returns `rc`: the command's own failure comes first; only
 * when it succeeded does a file that cannot be written become the result
 * (in `d`).
 */
enum jd_err github_finish(int json, struct github_report *g, enum jd_err rc, struct diag *d);

/*
 * Where the transform results of a build came from: "transformed" (computed
 * by this run), "from_local_cache", "from_shared_cache" added to `doc`; and
 * the same for people ("3 files transformed, 5 from the local cache, 0
 * from the shared cache").
 */
void site_counts_json(const struct site *s, json_t *doc, struct jb *b);
void format_site_counts(const struct site *s, struct buf *out);
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
