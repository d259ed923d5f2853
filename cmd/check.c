/*
 * check.c - `jamdeploy check`: size budgets; exit 1 when one is exceeded.
 *
 * check_run (check/check.h) builds the site in memory through the same
 * pipeline as build and push, evaluates the config's budgets plus any
 * --budget flags, and loads the --baseline; this file prints the result
 * (check/report.h): a table on stdout, or --json; with --report an HTML
 * page; under GitHub Actions (GITHUB_ACTIONS=true) also annotations, a step
 * summary and step outputs (budget_ok, total_gzip) through check_github.
 *
 * A failure already reported here (budgets exceeded) returns JD_EBUDGET with
 * an empty diag message, which main takes as "exit 1, nothing more to say";
 * that keeps --json output to one document.
 */
#include "check/check.h"
#include "cmd.h"
#include "lib/github.h"
#include "lib/util.h"
#include "pipeline/build.h"
#include "report.h"

static const struct option check_options[] = {
	{ 0, "budget", OPT_LIST, OPT(budgets), "[page:]GLOB=[FIELD:]SIZE",
	  "add a budget, e.g. '**/*.js=max_gzip:100KB' (FIELD default: max); repeatable" },
	{ 0, "baseline", OPT_STRING, OPT(baseline), "FILE",
	  "show changes against a saved 'check --json' output or a manifest.json" },
	{ 0, "report", OPT_STRING, OPT(report), "FILE.html", "write a self-contained HTML report" },
	CACHE_OPTIONS,
	ENDPOINT_OPTIONS,
	TRANSFORM_OPTIONS,
	COMMON_OPTIONS,
	OPT_END,
};

static enum jd_err write_report(const char *path, const struct check_view *v, struct diag *d)
{
	struct buf html = BUF_INIT;
	enum jd_err rc;

	check_html(v, &html);
	rc = write_file_atomic(path, html.data, html.len, d);
	buf_release(&html);
	return rc;
}

static enum jd_err run_check(struct opts *o, struct diag *d)
{
	struct config cfg;
	struct check_result res;
	struct run_events events;
	enum jd_err rc;

	memset(&res, 0, sizeof(res));
	run_events_init(&events, o->quiet, o->verbose, o->json);
	if ((rc = load_config(o, &cfg, d)))
		goto done;
	struct check_request req = {
		.site_root = site_dir(o, &cfg), .cfg = &cfg,
		.budget_flags = (const char *const *)o->budgets.v, .nbudget_flags = (size_t)o->budgets.n,
		.baseline_path = o->baseline, .cache_dir = JD_CACHE_DIR, .sizes_cache = JD_SIZES_CACHE,
		.jobs = cpu_jobs(o), .build_events = &events.build,
	};
	rc = check_run(&req, &res, d);
	if (res.built)
		run_events_site(&events, &res.site);
	if (rc)
		goto done;

	struct check_view v = check_result_view(&res, req.site_root, cfg.path);
	if (o->json) {
		struct jb b = JB_INIT;
		json_t *doc = check_json(&v, &b);
		run_events_add_json(&events, doc, &b);
		rc = print_json(doc, &b, d);
		json_decref(doc);
		if (rc)
			goto done;
	} else if (!res.nbudgets) {
		if (!o->quiet)
			fprintf(stderr, "check: no budgets configured (add 'budgets:' to jamdeploy.yml or "
				"pass --budget GLOB=SIZE); %zu %s measured\n", res.site.nfiles,
				plural(res.site.nfiles, "file", "files"));
	} else if (!o->quiet || res.report.failed) {
		check_print_table(stdout, &v);
	}
	if (o->report && (rc = write_report(o->report, &v, d)))
		goto done;
	if (github_actions() && (rc = check_github(o->json ? stderr : stdout, &v, d)))
		goto done;
	if (res.report.failed) {
		fprintf(stderr, "jamdeploy: %zu of %zu size %s exceeded\n", res.report.failed,
			res.report.nresults, plural(res.report.nresults, "budget", "budgets"));
		diag_clear(d);
		d->code = JD_EBUDGET;
		rc = JD_EBUDGET;
	}
done:
	run_events_free(&events);
	check_result_free(&res);
	config_free(&cfg);
	return rc;
}

const struct command cmd_check = {
	.name = "check",
	.summary = "check size budgets; exit 1 when one is exceeded",
	.usage = "[SITE] [--budget GLOB=SIZE]... [--baseline FILE] [--report FILE.html]",
	.options = check_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_check,
};
