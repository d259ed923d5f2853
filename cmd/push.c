/*
 * push.c - `jamdeploy push`: build, diff, upload, write the manifest, purge the CDN, delete.
 */
#include "cmd.h"
#include "lib/github.h"
#include "lib/util.h"
#include "pipeline/push.h"
#include "report.h"

static const struct option push_options[] = {
	{ 0, "to", OPT_STRING, OPT(to), "TARGET", "deploy to TARGET (DIR, file://DIR, s3://BUCKET/PREFIX)" },
	{ 'n', "dry-run", OPT_FLAG, OPT(dry_run), NULL, "print the plan, change nothing" },
	{ 0, "force", OPT_FLAG, OPT(force), NULL, "upload every file, and replace a corrupt manifest" },
	{ 0, "force-deletes", OPT_FLAG, OPT(force_deletes), NULL, "delete more than 'deletes: max:' keys" },
	{ 0, "verify", OPT_FLAG, OPT(verify), NULL, "list the target first and re-send what is missing or different" },
	{ 0, "yes", OPT_FLAG, OPT(yes), NULL, "push a site that does not look built, or that removes every page" },
	{ 0, "wait-lock", OPT_INT, OPT(wait_lock), "SECONDS", "wait up to SECONDS for another push to finish" },
	{ 0, "break-lock", OPT_FLAG, OPT(break_lock), NULL, "take the target's lease from another push (when it is dead)" },
	ENDPOINT_OPTIONS,
	CACHE_OPTIONS,
	TRANSFORM_OPTIONS,
	COMMON_OPTIONS,
	OPT_END,
};

/* The summary for people, or the --json document; returns `rc`, or the document's own failure. */
static enum jd_err report_push(const struct opts *o, const struct push_result *res, const char *url,
			       int shared_cache, const struct run_events *events, enum jd_err rc,
			       struct diag *d)
{
	const struct push_context *ctx = &res->ctx;
	const struct deploy_report *r = &res->report;
	const struct purge_list *pl = &ctx->purge_urls;
	struct site_totals t;
	struct buf line = BUF_INIT;
	char size[32], secs[32];

	site_totals(&ctx->site, &t);
	if (o->json) {
		struct jb b = JB_INIT;
		json_t *doc = plan_json(&ctx->plan, url, &b);
		jb_set(&b, doc, "purge_urls", purge_json(pl, &b));
		jb_set(&b, doc, "purged", jb_value(&b, json_integer(res->purge_ran && !r->purge_failed ?
								      (json_int_t)pl->n : 0)));
		jb_set(&b, doc, "ok", jb_value(&b, json_boolean(rc == JD_OK)));
		jb_set(&b, doc, "dry_run", jb_value(&b, json_boolean(o->dry_run)));
		jb_set(&b, doc, "uploaded", jb_value(&b, json_integer((json_int_t)r->uploaded)));
		jb_set(&b, doc, "deleted", jb_value(&b, json_integer((json_int_t)r->deleted)));
		jb_set(&b, doc, "manifest_written", jb_value(&b, json_boolean(r->manifest_written)));
		jb_set(&b, doc, "deploy", jb_value(&b, json_integer(r->manifest_written ||
								     plan_is_empty(&ctx->plan) ?
								     ctx->plan.next.deploy : ctx->remote.deploy)));
		site_totals_json(&t, doc, &b);
		jb_set(&b, doc, "elapsed_ms", jb_value(&b, json_integer((json_int_t)(run_events_elapsed(events) *
										       1000))));
		site_counts_json(&ctx->site, doc, &b);
		if (o->verify)
			jb_set(&b, doc, "drift", drift_json(&ctx->drift, &b));
		run_events_add_json(events, doc, &b);
		/* after a failure main prints the error document instead */
		if (!rc)
			rc = print_json(doc, &b, d);
		else
			jb_release(&b);
		json_decref(doc);
		return rc;
	}
	if (o->quiet)
		return rc;
	if (o->verify)
		fprintf(stderr, "verified %s: %zu missing, %zu different, %zu not in the manifest\n", url,
			ctx->drift.missing, ctx->drift.different, ctx->drift.extra);
	if (o->dry_run || o->verbose) {
		print_plan(o->dry_run ? stdout : stderr, &ctx->plan, url);
		print_purge(o->dry_run ? stdout : stderr, pl);
	}
	if (o->dry_run)
		return rc;
	fputs(res->purge_notes.data, stderr);
	format_bytes(r->bytes, size, sizeof(size));
	/* "N uploaded": counts of files, so the word needs no plural */
	buf_printf(&line, "%s %s: %zu uploaded (%s), %zu deleted, %zu unchanged",
		   rc ? "push to" : "pushed to", url, r->uploaded, size, r->deleted, ctx->plan.unchanged);
	if (events->planned) { /* else the build did not finish: nothing to measure */
		buf_addstr(&line, "; ");
		format_site_totals(&t, &line);
	}
	if (res->purge_ran)
		buf_printf(&line, "; %zu %s %s", pl->n, plural(pl->n, "URL", "URLs"),
			   r->purge_failed ? "not purged" : "purged");
	if (shared_cache) {
		buf_addstr(&line, " (");
		format_site_counts(&ctx->site, &line);
		buf_addch(&line, ')');
	}
	format_seconds(run_events_elapsed(events), secs, sizeof(secs));
	buf_printf(&line, "; took %s\n", secs);
	fputs(line.data, stderr);
	buf_release(&line);
	return rc;
}

/* push_options.planned: the site's transform warnings, then the progress line. */
static void planned(void *arg, const struct push_context *ctx)
{
	struct run_events *events = arg;

	events->planned = 1;
	run_events_site(events, &ctx->site);
	run_events_expect(events, ctx->plan.nupload, ctx->plan.bytes);
}

static enum jd_err run_push(struct opts *o, struct diag *d)
{
	struct config cfg;
	struct push_request req = { 0 };
	struct push_result res;
	struct run_events events;
	struct push_options popt = { .dry_run = o->dry_run, .upload_jobs = upload_jobs(o),
				     .force_deletes = o->force_deletes, .wait_lock = o->wait_lock,
				     .break_lock = o->break_lock, .planned = planned,
				     .planned_arg = &events };
	enum jd_err rc;

	memset(&res, 0, sizeof(res));
	if ((rc = load_push_request(o, &cfg, &req, d))) {
		config_free(&cfg);
		return rc;
	}
	run_events_init(&events, o->quiet, o->verbose, o->json);
	req.target.events = &events.ev;
	req.build_events = &events.build;
	rc = push_run(&req, &cfg, &popt, &res, d);
	run_events_done(&events);
	if (res.prepared)
		rc = report_push(o, &res, req.target_url, cfg.cache && *cfg.cache, &events, rc, d);
	if (github_actions()) {
		struct github_report g = {
			.command = "push", .target = req.target_url, .site_root = req.site_root,
			.base_url = cfg.base_url, .ctx = events.planned ? &res.ctx : NULL,
			.result = o->dry_run ? NULL : &res.report, .purge_ran = res.purge_ran,
			.purge_failed = res.report.purge_failed, .events = &events,
		};
		rc = github_finish(o->json, &g, rc, d);
	}
	run_events_free(&events);
	push_result_free(&res);
	config_free(&cfg);
	return rc;
}

const struct command cmd_push = {
	.name = "push",
	.summary = "build, upload what changed, write the manifest, delete what went away",
	.usage = "[SITE] --to TARGET [--dry-run] [--force] [--force-deletes] [--verify] [--yes] [--wait-lock SECONDS] [--break-lock] [--webp] [--effort N] [--cache URL]",
	.options = push_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_push,
};
