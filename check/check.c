/*
 * check.c - the order of `jamdeploy check` (see check.h).
 *
 * The --budget flags are parsed first, so a malformed one is a usage
 * error before the site is built; the baseline is loaded next, for the
 * same reason (a missing file should not cost a build).  The budgets
 * array holds the config's rows as shallow copies followed by the flags'
 * rows, which are ours to free: nconfig_budgets marks the boundary.
 *
 * check_github sits here rather than in the command: besides printing
 * annotations it appends to the files GitHub Actions names in the
 * environment, with their own errors (lib/github.h writes them, for
 * push and diff too).  (--report stays in the command:
 * it is one renderer call and one write_file_atomic.)
 */
#include "check/check.h"

#include "lib/github.h"
#include "lib/util.h"
#include "pipeline/build.h"

/* The config's budgets followed by the --budget ones, in one array check_result_free frees. */
static enum jd_err collect_budgets(const struct check_request *req, struct check_result *r,
				   struct diag *d)
{
	const struct config *cfg = req->cfg;
	struct budget *all = xcalloc(cfg->nbudgets + req->nbudget_flags + 1, sizeof(*all));

	if (cfg->nbudgets) /* memcpy from NULL is undefined even for 0 bytes */
		memcpy(all, cfg->budgets, cfg->nbudgets * sizeof(*all));
	r->nbudgets = r->nconfig_budgets = cfg->nbudgets;
	r->budgets = all;
	for (size_t i = 0; i < req->nbudget_flags; i++) {
		if (budget_parse_flag(req->budget_flags[i], &all[r->nbudgets], d))
			return JD_EUSAGE;
		r->nbudgets++;
	}
	return JD_OK;
}

enum jd_err check_run(const struct check_request *req, struct check_result *r, struct diag *d)
{
	enum jd_err rc;

	memset(r, 0, sizeof(*r));
	if ((rc = collect_budgets(req, r, d)))
		return rc;
	if (req->baseline_path) {
		r->has_base = 1;
		if ((rc = baseline_load(req->baseline_path, &r->base, d)))
			return rc;
	}
	if ((rc = site_build(req->site_root, req->cfg, req->cache_dir, req->jobs, req->build_events,
			       &r->site, d)))
		return rc;
	r->built = 1;
	return budgets_evaluate(&r->site, r->budgets, r->nbudgets, req->cfg->path, req->sizes_cache,
				&r->report, d);
}

void check_result_free(struct check_result *r)
{
	baseline_free(&r->base);
	budget_report_free(&r->report);
	site_free(&r->site);
	/* The first nconfig_budgets are the config's (shallow copies); the rest are ours. */
	for (size_t i = r->nconfig_budgets; i < r->nbudgets; i++)
		budget_free_fields(&r->budgets[i]);
	free(r->budgets);
	memset(r, 0, sizeof(*r));
}

struct check_view check_result_view(const struct check_result *r, const char *site_dir,
				    const char *config_path)
{
	return (struct check_view){ &r->site, &r->report, r->has_base ? &r->base : NULL, site_dir,
				    config_path };
}

enum jd_err check_github(FILE *annotations, const struct check_view *v, struct diag *d)
{
	struct buf md = BUF_INIT, out = BUF_INIT;
	char total[32];
	enum jd_err rc;

	check_annotations(annotations, v, CHECK_GH_MAX_ANNOTATIONS);
	check_markdown(v, &md);
	rc = github_append_file("GITHUB_STEP_SUMMARY", md.data, d);
	buf_release(&md);
	if (rc)
		return rc;
	snprintf(total, sizeof(total), "%llu", (unsigned long long)v->r->total.gzip);
	github_output(&out, "budget_ok", v->r->failed ? "false" : "true");
	github_output(&out, "total_gzip", total);
	rc = github_append_file("GITHUB_OUTPUT", out.data, d);
	buf_release(&out);
	return rc;
}
