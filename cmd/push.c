/*
 * push.c - `jamdeploy push`: build, diff, upload, write the manifest, purge the CDN, delete.
 */
#include "cmd.h"
#include "lib/util.h"
#include "manifests/pipeline.h"
#include "report.h"
#include "upload/ca_bundle.h"
#include "upload/purge.h"

static const struct option push_options[] = {
	{ 0, "to", OPT_STRING, OPT(to), "TARGET", "deploy to TARGET (DIR, file://DIR, s3://BUCKET/PREFIX)" },
	{ 'n', "dry-run", OPT_FLAG, OPT(dry_run), NULL, "print the plan, change nothing" },
	{ 0, "force", OPT_FLAG, OPT(force), NULL, "upload every file, and replace a corrupt manifest" },
	{ 0, "force-deletes", OPT_FLAG, OPT(force_deletes), NULL, "delete more than 'deletes: max:' keys" },
	{ 0, "endpoint", OPT_STRING, OPT(endpoint), "URL", "S3 endpoint for non-AWS stores" },
	{ 0, "region", OPT_STRING, OPT(region), "REGION", "S3 region" },
	{ 0, "path-style", OPT_FLAG, OPT(path_style), NULL, "address the bucket in the path" },
	TRANSFORM_OPTIONS,
	COMMON_OPTIONS,
	OPT_END,
};

/* The purge step deploy_execute runs after the manifest: every configured CDN. */
struct purge_step {
	const struct config *cfg;
	const struct purge_list *urls;
	int jobs, ran;
	struct buf notes;
	const struct target_events *events;
	const struct ca_bundle *ca;
};

static enum jd_err run_purge_step(void *arg, struct diag *d)
{
	struct purge_step *p = arg;
	struct diag sd;
	enum jd_err rc;

	p->ran = 1;
	rc = purge_run(p->cfg, p->urls, p->jobs, p->events, p->ca, &p->notes, d);
	if (!rc) {
		purge_pending_clear(PURGE_PENDING);
		return JD_OK;
	}
	/* Keep the URLs so the next push retries them; the deploy itself stands. */
	diag_clear(&sd);
	if (purge_pending_save(PURGE_PENDING, p->urls, &sd) == JD_OK) {
		size_t len = strlen(d->msg);
		snprintf(d->msg + len, sizeof(d->msg) - len, "; the deploy itself is complete, and the "
			 "%zu URLs to purge are kept in '%s' for the next push to retry", p->urls->n,
			 PURGE_PENDING);
	}
	return rc;
}

/* The summary for people, or the --json document; returns `rc`, or the document's own failure. */
static enum jd_err report_push(const struct opts *o, const struct push_context *ctx, const char *url,
			       const struct deploy_report *r, const struct purge_list *pl,
			       const struct purge_step *ps, const struct run_events *events, enum jd_err rc,
			       struct diag *d)
{
	char size[32];

	if (o->json) {
		struct jb b = JB_INIT;
		json_t *doc = plan_json(&ctx->plan, url, &b);
		jb_set(&b, doc, "purge_urls", purge_json(pl, &b));
		jb_set(&b, doc, "purged", jb_value(&b, json_integer(ps->ran && !r->purge_failed ?
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
	fputs(ps->notes.data, stderr);
	format_bytes(r->bytes, size, sizeof(size));
	fprintf(stderr, "%s %s: %zu uploaded (%s), %zu deleted, %zu unchanged",
		rc ? "push to" : "pushed to", url, r->uploaded, size, r->deleted, ctx->plan.unchanged);
	if (ps->ran)
		fprintf(stderr, ", %zu URLs %s", pl->n, r->purge_failed ? "not purged" : "purged");
	fputc('\n', stderr);
	return rc;
}

static enum jd_err run_push(struct opts *o, struct diag *d)
{
	struct config cfg;
	struct push_context ctx;
	struct push_request req = { 0 };
	struct deploy_report rep = { 0 };
	struct purge_list urls = { 0 };
	struct ca_bundle ca = { 0 };
	struct purge_step step = { &cfg, &urls, upload_jobs(o), 0, BUF_INIT, NULL, &ca };
	struct deploy_options dopt = { 0 };
	struct run_events events;
	enum jd_err rc;

	memset(&ctx, 0, sizeof(ctx));
	/* a CA bundle that cannot be read stops the push before the build, and so before any upload */
	if ((rc = load_push_request(o, &cfg, &req, d)) ||
	    (rc = load_ca_bundle(&cfg, req.target_url, !o->dry_run, &ca, d))) {
		config_free(&cfg);
		return rc;
	}
	run_events_init(&events, o->quiet, o->verbose, o->json);
	req.target.events = &events.ev;
	req.target.ca = &ca;
	step.events = &events.ev;
	dopt.max_deletes = cfg.max_deletes;
	dopt.force_deletes = o->force_deletes;
	dopt.after_manifest_arg = &step;
	/* A CDN that cannot be asked (missing token) stops the push before anything moves;
	 * a dry run only lists the URLs, so it runs without the secrets. */
	rc = purge_configured(&cfg.cdn) && !o->dry_run ? purge_check(&cfg, d) : JD_OK;
	if (!rc && !(rc = push_prepare(&req, &cfg, &ctx, d)))
		run_events_site(&events, &ctx.site);
	if (!rc && purge_configured(&cfg.cdn)) {
		rc = purge_paths(&cfg.cdn, ctx.plan.purge, ctx.plan.npurge, &urls, d);
		if (!rc && !o->dry_run)
			rc = purge_pending_load(PURGE_PENDING, &urls, d);
		if (!rc)
			dopt.after_manifest = run_purge_step;
	}
	if (!rc && !o->dry_run) {
		dopt.manifest_cache = &ctx.manifest_cache;
		run_events_expect(&events, ctx.plan.nupload, ctx.plan.bytes);
		rc = deploy_execute(&ctx.plan, &ctx.site, ctx.target, &dopt, &rep, d);
		run_events_done(&events);
		/* Nothing to deploy, but a purge left over from a failed push. */
		if (!rc && dopt.after_manifest && !step.ran && urls.n) {
			rc = run_purge_step(&step, d);
			rep.purge_failed = rc != JD_OK;
		}
	}
	if (ctx.target)
		rc = report_push(o, &ctx, req.target_url, &rep, &urls, &step, &events, rc, d);
	purge_list_free(&urls);
	run_events_free(&events);
	buf_release(&step.notes);
	push_context_free(&ctx);
	ca_bundle_free(&ca);
	config_free(&cfg);
	return rc;
}

const struct command cmd_push = {
	.name = "push",
	.summary = "build, upload what changed, write the manifest, delete what went away",
	.usage = "[SITE] --to TARGET [--dry-run] [--force] [--force-deletes] [--webp] [--effort N]",
	.options = push_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_push,
};
