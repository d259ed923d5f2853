/*
 * report.h - what `jamdeploy check` prints: the table, --json, the
 * GitHub Actions annotations and step summary, the HTML report.
 *
 * --json document (one per run, on stdout):
 *
 *   {
 *     "ok": false,                        <- every budget within its limit
 *     "site": "public",
 *     "totals": {"files": 9, "raw": 51234, "gzip": 17001, "brotli": 15210},
 *     "budgets": [
 *       {"name": "js/app.js max_gzip", "kind": "each",   <- each|total|count|page
 *        "metric": "gzip", "match": "js/app.js", "page": null, "line": 3,
 *        "actual": 120345, "limit": 100000, "ok": false,
 *        "subject": "js/app.js",          <- the file or page behind actual (each, page)
 *        "checked": 4, "over": 1,         <- files or pages measured / over the limit
 *        "top": [{"key": "js/app.js", "bytes": 120345}, ...],   <- at most 5
 *        "delta": 2048}                   <- only with --baseline; null when unknown
 *     ],
 *     "files": {"js/app.js": {"raw": 400000, "gzip": 120345, "brotli": 101200,
 *                              "type": "text/javascript; charset=utf-8",
 *                              "source": 400000,     <- bytes before jamdeploy's transforms
 *                              "delta": {"raw": 100, "gzip": 20, "brotli": 18}}},
 *     "baseline": {"path": "base.json", "kind": "check", "added": [...], "removed": [...]}
 *   }
 *
 * Every file is named by its source key (its key in the site directory, not
 * the hashed name it ships under; see check/budgets.c); the sizes are of
 * the shipped bytes.
 *
 * A baseline is such a document saved earlier (every size is compared) or a
 * manifest.json (its "size" per key: raw deltas only; gzip/brotli are null;
 * a hashed key "a.0123456789.css" is compared as "a.css").
 */
#ifndef JD_CHECK_REPORT_H
#define JD_CHECK_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "check/baseline.h"
#include "check/budgets.h"

/* Everything the renderers read; nothing here is owned. */
struct check_view {
	const struct site *site;
	const struct budget_report *r;
	const struct baseline *base;    /* NULL: no --baseline */
	const char *site_dir;
	const char *config_path;        /* NULL: no config file */
};

/* The --json document above (caller decrefs); failures to build it are recorded in `jb`. */
struct jb;
json_t *check_json(const struct check_view *v, struct jb *jb);

/* The human table: budget, actual, limit, status (+ delta), contributors of failures. */
void check_print_table(FILE *fp, const struct check_view *v);

/* The same as a GitHub-flavoured markdown section. */
void check_markdown(const struct check_view *v, struct buf *out);

/*
 * `::error file=...,line=...,title=...::message` for failing budgets, at most
 * `max`, then one summary line for the rest.
 */
void check_annotations(FILE *fp, const struct check_view *v, size_t max);

/* The self-contained HTML report (no scripts, no external resources). */
void check_html(const struct check_view *v, struct buf *out);

#endif
