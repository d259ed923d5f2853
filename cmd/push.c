/*
 * push.c - `jamdeploy push`: build, diff, upload, write the manifest, purge the CDN, delete.
 */
#include "cmd.h"
#include "lib/util.h"
#include "pipeline/push.h"
#include "report.h"

static const struct option push_options[] = {
	{ 0, "to", OPT_STRING, OPT(to), "TARGET", "deploy to TARGET (DIR, file://DIR, s3://BUCKET/PREFIX)" },
	{ 'n', "dry-run", OPT_FLAG, OPT(dry_run), NULL, "print the plan, change nothing" },
	{ 0, "force", OPT_FLAG, OPT(force), NULL, "upload every file, and replace a corrupt manifest" },
	{ 0, "force-deletes", OPT_FLAG, OPT(force_deletes), NULL, "delete more than 'deletes: max:' keys" },
	{ 0, "yes", OPT_FLAG, OPT(yes), NULL, "push a site that does not look built, or that removes every page" },
	{ 0, "wait-lock", OPT_INT, OPT(wait_lock), "SECONDS", "wait up to SECONDS for another push to finish" },
	{ 0, "break-lock", OPT_FLAG, OPT(break_lock), NULL, "take the target's lease from another push (when it is dead)" },
	{ 0, "endpoint", OPT_STRING, OPT(endpoint), "URL", "S3 endpoint for non-AWS stores" },
	{ 0, "region", OPT_STRING, OPT(region), "REGION", "S3 region" },
	{ 0, "path-style", OPT_FLAG, OPT(path_style), NULL, "address the bucket in the path" },
	TRANSFORM_OPTIONS,
	COMMON_OPTIONS,
	OPT_END,
};

/* The summary for people, or the --json document; returns `rc`, or the document's own failure. */
static enum jd_err report_push(const struct opts *o, const struct push_result *res, const char *url,
			       const struct run_events *events, enum jd_err rc, struct diag *d)
{
	const struct push_context *ctx = &res->ctx;
	const struct deploy_report *r = &res->report;
	const struct purge_list *pl = &ctx->purge_urls;
	char size[32];

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
	if (o->dry_run || o->verbose) {
		print_plan(o->dry_run ? stdout : stderr, &ctx->plan, url);
		print_purge(o->dry_run ? stdout : stderr, pl);
	}
	if (o->dry_run)
		return rc;
	fputs(res->purge_notes.data, stderr);
	format_bytes(r->bytes, size, sizeof(size));
	fprintf(stderr, "%s %s: %zu uploaded (%s), %zu deleted, %zu unchanged",
		rc ? "push to" : "pushed to", url, r->uploaded, size, r->deleted, ctx->plan.unchanged);
	if (res->purge_ran)
		fprintf(stderr, ", %zu URLs %s", pl->n, r->purge_failed ? "not purged" : "purged");
	fputc('\n', stderr);
	return rc;
}

/* push_options.planned: the site's transform warnings, then the progress line. */
static void planned(void *arg, const struct push_context *ctx)
{
	struct run_events *events = arg;

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
	rc = push_run(&req, &cfg, &popt, &res, d);
	run_events_done(&events);
	if (res.ctx.target)
		rc = report_push(o, &res, req.target_url, &events, rc, d);
	run_events_free(&events);
	push_result_free(&res);
	config_free(&cfg);
	return rc;
}

const struct command cmd_push = {
	.name = "push",
	.summary = "build, upload what changed, write the manifest, delete what went away",
	.usage = "[SITE] --to TARGET [--dry-run] [--force] [--force-deletes] [--yes] [--wait-lock SECONDS] [--break-lock] [--webp] [--effort N]",
	.options = push_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_push,
};
