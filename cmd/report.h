/*
 * report.h - printing a plan and a push result, for people and for --json.
 *
 * --json documents (one per run, on stdout):
 *   diff:  {"target":"s3://b/p","upload":["a.css",...],"delete":[...],
 *           "purge":[...],"unchanged":12,"bytes":4650}
 *         plus "purge_urls":["/docs/",...] when a CDN is configured
 *   push:  the same plus "uploaded":3,"deleted":1,"dry_run":false,"purged":2
 * and, when a transform failed on some file (build, diff, push),
 *   "warnings":["minify-failed: public/a.js:3:7: ... (kept the original bytes)"]
 */
#ifndef JD_REPORT_H
#define JD_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "manifests/plan.h"
#include "upload/deploy.h"

/* "1.2 kB" style (powers of 1000, like the sizes users write in budgets). */
void format_bytes(unsigned long long n, char *out, size_t size);

/* One line per upload and delete, then a summary line. */
void print_plan(FILE *fp, const struct plan *p, const char *target);

/* The CDN purge list ("purge: /docs/" lines), nothing when empty. */
struct purge_list;
void print_purge(FILE *fp, const struct purge_list *l);
json_t *purge_json(const struct purge_list *l);

/* The plan as the JSON object above (caller decrefs). */
json_t *plan_json(const struct plan *p, const char *target);

/* Files whose transform failed and ship unchanged: one "warning: ..." line
 * each on stderr, printed whatever the output mode, since a --json reader
 * may only look at the exit status. */
struct site;
void print_site_warnings(const struct site *s);
/* The same as a JSON array, or NULL when there are none (caller decrefs). */
json_t *site_warnings_json(const struct site *s);

/* Print a JSON document on stdout with a newline. */
void print_json(json_t *doc);

#endif
