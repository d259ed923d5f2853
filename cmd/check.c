/*
 * check.c - `jamdeploy check`: size budgets; exit 1 when one is exceeded.
 *
 * Builds the site in memory through the same pipeline as build and push (so
 * the bytes measured are the ones that would ship, after every transform the
 * pipeline runs), evaluates the config's budgets plus any --budget flags
 * (check/budgets.c), and reports: a table on stdout, or --json; with
 * --baseline the change against an earlier run; with --report an HTML page;
 * under GitHub Actions (GITHUB_ACTIONS=true) also annotations, a step
 * summary and step outputs (budget_ok, total_gzip).
 *
 * A failure already reported here (budgets exceeded) returns JD_EBUDGET with
 * an empty diag message, which main takes as "exit 1, nothing more to say";
 * that keeps --json output to one document.
 */
#include <errno.h>

#include "check/report.h"
#include "cmd.h"
#include "lib/util.h"
#include "pipeline/build.h"
#include "report.h"

#define GH_MAX_ANNOTATIONS 10

static const struct option check_options[] = {
	{ 0, "budget", OPT_LIST, OPT(budgets), "[page:]GLOB=[FIELD:]SIZE",
	  "add a budget, e.g. '**/*.js=max_gzip:100KB' (FIELD default: max); repeatable" },
	{ 0, "baseline", OPT_STRING, OPT(baseline), "FILE",
	  "show changes against a saved 'check --json' output or a manifest.json" },
	{ 0, "report", OPT_STRING, OPT(report), "FILE.html", "write a self-contained HTML report" },
	TRANSFORM_OPTIONS,
	COMMON_OPTIONS,
	OPT_END,
};

/* Append `text` to the file named by environment variable `var`, when it is set. */
static enum jd_err append_env_file(const char *var, const char *text, struct diag *d)
{
	const char *path = getenv(var);
	FILE *fp;
	int bad;

	if (!path || !*path)
		return JD_OK;
	if (!(fp = fopen(path, "a")))
		return diag_set(d, JD_EIO, path, "cannot open $%s '%s': %s", var, path, strerror(errno));
	bad = fputs(text, fp) < 0;
	bad |= fclose(fp) != 0;
	if (bad)
		return diag_set(d, JD_EIO, path, "cannot write $%s '%s': %s", var, path, strerror(errno));
	return JD_OK;
}

static enum jd_err github_outputs(const struct opts *o, const struct check_view *v, struct diag *d)
{
	struct buf md = BUF_INIT;
	char *out;
	enum jd_err rc;

	check_annotations(o->json ? stderr : stdout, v, GH_MAX_ANNOTATIONS);
	check_markdown(v, &md);
	rc = append_env_file("GITHUB_STEP_SUMMARY", md.data, d);
	buf_release(&md);
	if (rc)
		return rc;
	out = xasprintf("budget_ok=%s\ntotal_gzip=%llu\n", v->r->failed ? "false" : "true",
			(unsigned long long)v->r->total.gzip);
	rc = append_env_file("GITHUB_OUTPUT", out, d);
	free(out);
	return rc;
}

static enum jd_err write_report(const char *path, const struct check_view *v, struct diag *d)
{
	struct buf html = BUF_INIT;
	enum jd_err rc;

	check_html(v, &html);
	rc = write_file_atomic(path, html.data, html.len, d);
	buf_release(&html);
	return rc;
}

/* The config's budgets followed by the --budget ones, in one array the caller frees. */
static enum jd_err collect_budgets(const struct opts *o, const struct config *cfg, struct budget **out,
				   size_t *n, struct diag *d)
{
	struct budget *all = xcalloc(cfg->nbudgets + (size_t)o->budgets.n + 1, sizeof(*all));

	if (cfg->nbudgets) /* memcpy from NULL is undefined even for 0 bytes */
		memcpy(all, cfg->budgets, cfg->nbudgets * sizeof(*all));
	*n = cfg->nbudgets;
	*out = all;
	for (int i = 0; i < o->budgets.n; i++) {
		if (budget_parse_flag(o->budgets.v[i], &all[*n], d))
			return JD_EUSAGE;
		(*n)++;
	}
	return JD_OK;
}

static void free_budgets(const struct config *cfg, struct budget *all, size_t n)
{
	/* The first cfg->nbudgets are the config's (shallow copies); the rest are ours. */
	for (size_t i = cfg->nbudgets; i < n; i++)
		budget_free_fields(&all[i]);
	free(all);
}

static enum jd_err run_check(struct opts *o, struct diag *d)
{
	struct config cfg;
	struct site site;
	struct budget_report rep;
	struct baseline base;
	struct budget *budgets = NULL;
	size_t nbudgets = 0;
	const char *gha = getenv("GITHUB_ACTIONS");
	struct run_events events;
	enum jd_err rc;

	memset(&site, 0, sizeof(site));
	run_events_init(&events, o->quiet, o->verbose, o->json);
	memset(&rep, 0, sizeof(rep));
	memset(&base, 0, sizeof(base));
	if ((rc = load_config(o, &cfg, d)))
		goto done;
	if ((rc = collect_budgets(o, &cfg, &budgets, &nbudgets, d)))
		goto done;
	if (o->baseline && (rc = baseline_load(o->baseline, &base, d)))
		goto done;
	if ((rc = site_build(site_dir(o, &cfg), &cfg, JD_CACHE_DIR, cpu_jobs(o), &site, d)))
		goto done;
	run_events_site(&events, &site);
	if ((rc = budgets_evaluate(&site, budgets, nbudgets, cfg.path, JD_SIZES_CACHE, &rep, d)))
		goto done;

	struct check_view v = { &site, &rep, o->baseline ? &base : NULL, site_dir(o, &cfg), cfg.path };
	if (o->json) {
		struct jb b = JB_INIT;
		json_t *doc = check_json(&v, &b);
		run_events_add_json(&events, doc, &b);
		rc = print_json(doc, &b, d);
		json_decref(doc);
		if (rc)
			goto done;
	} else if (!nbudgets) {
		if (!o->quiet)
			fprintf(stderr, "check: no budgets configured (add 'budgets:' to jamdeploy.yml or "
				"pass --budget GLOB=SIZE); %zu files measured\n", site.nfiles);
	} else if (!o->quiet || rep.failed) {
		check_print_table(stdout, &v);
	}
	if (o->report && (rc = write_report(o->report, &v, d)))
		goto done;
	if (gha && !strcmp(gha, "true") && (rc = github_outputs(o, &v, d)))
		goto done;
	if (rep.failed) {
		fprintf(stderr, "jamdeploy: %zu of %zu size budgets exceeded\n", rep.failed, rep.nresults);
		diag_clear(d);
		d->code = JD_EBUDGET;
		rc = JD_EBUDGET;
	}
done:
	run_events_free(&events);
	baseline_free(&base);
	budget_report_free(&rep);
	site_free(&site);
	free_budgets(&cfg, budgets, nbudgets);
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
