/*
 * check.h - what `jamdeploy check` does, in order: collect the budgets (the
 * config's, then the --budget flags), load the baseline, build the site in
 * memory through the same pipeline as build and push (so the bytes measured
 * are the ones that would ship), and evaluate the budgets.  Printing the
 * result is check/report.h's (and the command's) job.
 */
#ifndef JD_CHECK_CHECK_H
#define JD_CHECK_CHECK_H

#include <stddef.h>

#include "check/baseline.h"
#include "check/budgets.h"
#include "check/report.h"
#include "lib/config.h"
#include "lib/err.h"
#include "site/site.h"

struct check_request {
	const char *site_root;
	const struct config *cfg;       /* its budgets come first */
	const char *const *budget_flags; /* --budget texts (budget_parse_flag), appended */
	size_t nbudget_flags;
	const char *baseline_path;      /* NULL: no --baseline */
	const char *cache_dir;          /* build cache, or NULL */
	const char *sizes_cache;        /* compressed sizes cache (budgets_evaluate), or NULL */
	int jobs;                       /* transform threads */
	const struct build_events *build_events; /* the build's progress, or NULL */
};

/*
 * What a check found; check_result_free releases whatever was filled, also
 * after an error.
 */
struct check_result {
	struct site site;
	int built;                      /* site_build succeeded: site's warnings may be reported */
	struct budget_report report;
	struct baseline base;           /* filled when req->baseline_path */
	int has_base;
	struct budget *budgets;         /* the config's (shallow copies), then the flags' (owned) */
	size_t nbudgets, nconfig_budgets;
};

/*
 * Run the check (see the top) into `r`.  Errors: JD_EUSAGE for a malformed
 * --budget (before anything is read), baseline_load's, site_build's and
 * budgets_evaluate's.  Exceeded budgets are not an error: r->report.failed.
 */
enum jd_err check_run(const struct check_request *req, struct check_result *r, struct diag *d);
void check_result_free(struct check_result *r);

/*
 * The renderers' view of a result (check/report.h); site_dir and
 * config_path as the request had them.  Borrows from `r`.
 */
struct check_view check_result_view(const struct check_result *r, const char *site_dir,
				    const char *config_path);

/*
 * Under GitHub Actions: the annotations of the failing budgets on `annotations`
 * (at most CHECK_GH_MAX_ANNOTATIONS, then a summary line), the markdown
 * step summary appended to $GITHUB_STEP_SUMMARY, and the step outputs
 * budget_ok=true|false and total_gzip=N appended to $GITHUB_OUTPUT (each
 * file only when its variable is set).  JD_EIO naming the file when one
 * cannot be written.
 */
#define CHECK_GH_MAX_ANNOTATIONS 10
enum jd_err check_github(FILE *annotations, const struct check_view *v, struct diag *d);

#endif
