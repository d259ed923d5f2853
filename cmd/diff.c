/*
 * diff.c - `jamdeploy diff`: build the site and print what push would do.
 */
#include "cmd.h"
#include "lib/github.h"
#include "lib/util.h"
#include "pipeline/push.h"
#include "report.h"

static const struct option diff_options[] = {
	{ 0, "to", OPT_STRING, OPT(to), "TARGET", "compare with TARGET (DIR, file://DIR, s3://BUCKET/PREFIX)" },
	ENDPOINT_OPTIONS,
	CACHE_OPTIONS,
	{ 0, "force", OPT_FLAG, OPT(force), NULL, "plan to upload every file" },
	{ 0, "yes", OPT_FLAG, OPT(yes), NULL, "push a site that does not look built, or that removes every page" },
	TRANSFORM_OPTIONS,
	COMMON_OPTIONS,
	OPT_END,
};

static enum jd_err run_diff(struct opts *o, struct diag *d)
{
	struct config cfg;
	struct push_context ctx;
	struct push_request req = { 0 };
	struct run_events events;
	enum jd_err rc;

	memset(&ctx, 0, sizeof(ctx));
	if ((rc = load_push_request(o, &cfg, &req, d))) {
		config_free(&cfg);
		return rc;
	}
	run_events_init(&events, o->quiet, o->verbose, o->json);
	req.target.events = &events.ev;
	req.build_events = &events.build;
	rc = push_prepare(&req, &cfg, &ctx, d);
	run_events_done(&events);
	if (!rc)
		run_events_site(&events, &ctx.site);
	if (!rc) {
		if (o->json) {
			struct jb b = JB_INIT;
			json_t *doc = plan_json(&ctx.plan, req.target_url, &b);
			struct site_totals t;
			site_totals(&ctx.site, &t);
			jb_set(&b, doc, "purge_urls", purge_json(&ctx.purge_urls, &b));
			jb_set(&b, doc, "deploy", jb_value(&b, json_integer(ctx.plan.next.deploy)));
			site_totals_json(&t, doc, &b);
			site_counts_json(&ctx.site, doc, &b);
			run_events_add_json(&events, doc, &b);
			rc = print_json(doc, &b, d);
			json_decref(doc);
		} else if (!o->quiet) {
			print_plan(stdout, &ctx.plan, req.target_url);
			print_purge(stdout, &ctx.purge_urls);
		}
	}
	if (github_actions()) {
		struct github_report g = {
			.command = "diff", .target = req.target_url, .site_root = req.site_root,
			.base_url = cfg.base_url, .ctx = rc ? NULL : &ctx, .events = &events,
		};
		rc = github_finish(o->json, &g, rc, d);
	}
	push_context_free(&ctx);
	run_events_free(&events);
	config_free(&cfg);
	return rc;
}

const struct command cmd_diff = {
	.name = "diff",
	.summary = "print the plan that push would carry out",
	.usage = "[SITE] --to TARGET [--force] [--yes]",
	.options = diff_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_diff,
};
