/*
 * push.c - `jamdeploy push`: build, diff, upload, write the manifest, delete.
 */
#include "cmd.h"
#include "lib/util.h"
#include "manifests/pipeline.h"
#include "report.h"

static const struct option push_options[] = {
	{ 0, "to", OPT_STRING, OPT(to), "TARGET", "deploy to TARGET (DIR, file://DIR, s3://BUCKET/PREFIX)" },
	{ 'n', "dry-run", OPT_FLAG, OPT(dry_run), NULL, "print the plan, change nothing" },
	{ 0, "force", OPT_FLAG, OPT(force), NULL, "upload every file, and replace a corrupt manifest" },
	{ 0, "force-deletes", OPT_FLAG, OPT(force_deletes), NULL, "delete more than 'deletes: max:' keys" },
	{ 0, "endpoint", OPT_STRING, OPT(endpoint), "URL", "S3 endpoint for non-AWS stores" },
	{ 0, "region", OPT_STRING, OPT(region), "REGION", "S3 region" },
	{ 0, "path-style", OPT_FLAG, OPT(path_style), NULL, "address the bucket in the path" },
	COMMON_OPTIONS,
	OPT_END,
};

static void report_push(const struct opts *o, const struct push_context *ctx, const char *url,
			const struct deploy_report *r, enum jd_err rc)
{
	char size[32];

	if (o->json) {
		json_t *doc = plan_json(&ctx->plan, url);
		json_object_set_new(doc, "ok", json_boolean(rc == JD_OK));
		json_object_set_new(doc, "dry_run", json_boolean(o->dry_run));
		json_object_set_new(doc, "uploaded", json_integer((json_int_t)r->uploaded));
		json_object_set_new(doc, "deleted", json_integer((json_int_t)r->deleted));
		json_object_set_new(doc, "manifest_written", json_boolean(r->manifest_written));
		if (!rc)
			print_json(doc);
		json_decref(doc);
		return;
	}
	if (o->quiet)
		return;
	if (o->dry_run || o->verbose)
		print_plan(o->dry_run ? stdout : stderr, &ctx->plan, url);
	if (o->dry_run)
		return;
	format_bytes(r->bytes, size, sizeof(size));
	fprintf(stderr, "%s %s: %zu uploaded (%s), %zu deleted, %zu unchanged\n",
		rc ? "push to" : "pushed to", url, r->uploaded, size, r->deleted, ctx->plan.unchanged);
}

static enum jd_err run_push(struct opts *o, struct diag *d)
{
	struct config cfg;
	struct push_context ctx;
	struct push_request req = { 0 };
	struct deploy_report rep = { 0 };
	enum jd_err rc;

	memset(&ctx, 0, sizeof(ctx));
	if ((rc = load_config(o, &cfg, d)) || (rc = target_url(o, &cfg, &req.target_url, d))) {
		config_free(&cfg);
		return rc;
	}
	req.site_root = site_dir(o, &cfg);
	req.cache_dir = JD_CACHE_DIR;
	req.jobs = cpu_jobs(o);
	req.force = o->force;
	req.target = (struct target_config){ cfg.endpoint, cfg.region, cfg.path_style, upload_jobs(o), o->verbose };
	rc = push_prepare(&req, &cfg, &ctx, d);
	if (!rc && !o->dry_run) {
		struct deploy_options dopt = { cfg.max_deletes, o->force_deletes };
		rc = deploy_execute(&ctx.plan, &ctx.site, ctx.target, &dopt, &rep, d);
	}
	if (ctx.target)
		report_push(o, &ctx, req.target_url, &rep, rc);
	push_context_free(&ctx);
	config_free(&cfg);
	return rc;
}

const struct command cmd_push = {
	.name = "push",
	.summary = "build, upload what changed, write the manifest, delete what went away",
	.usage = "[SITE] --to TARGET [--dry-run] [--force] [--force-deletes]",
	.options = push_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_push,
};
