/*
 * push.c - the order of a push (see push.h).
 *
 * push_prepare is what diff and push share, up to the plan; push_run goes
 * on with it.  The safety of the order itself (assets before the pages
 * naming them, the manifest as the commit point, deletes last) is
 * deploy_execute's, in deploy.c; the purge step and its pending file are
 * purge_step.c's.
 */
#include "pipeline/push.h"

#include <string.h>

#include "lib/util.h"
#include "pipeline/build.h"
#include "pipeline/purge_step.h"

/*
 * Fetch and parse the target's manifest.  *found = 0 when the target has
 * none (a first push).  A corrupt one is JD_EMANIFEST.  With a `cache`
 * (may be NULL) holding a copy, the fetch is conditional: an unchanged
 * manifest is a 304 and the copy is parsed; a changed one replaces it.
 */
static enum jd_err fetch_manifest(struct target *t, const struct manifest_cache *cache,
				  struct manifest *m, int *found, struct diag *d)
{
	struct buf text;
	enum target_get_result got;
	char etag[TARGET_ETAG_MAX] = "";
	char *where = xasprintf("%s%s%s", t->url, ends_with(t->url, "/") ? "" : "/", JD_MANIFEST_KEY);
	enum jd_err rc;

	memset(m, 0, sizeof(*m));
	*found = 0;
	buf_init(&text, MANIFEST_MAX_BYTES);
	if (cache)
		memcpy(etag, cache->etag, sizeof(etag));
	rc = t->ops->get(t, JD_MANIFEST_KEY, etag, &text, &got, d);
	if (!rc && got == TARGET_NOT_MODIFIED) {
		size_t len;
		const char *body = manifest_cache_body(cache, &len);

		if (manifest_parse(body, len, where, m, d) == JD_OK) {
			*found = 1;
			goto out;
		}
		/* Our copy will not do after all: fetch the real thing. */
		manifest_free(m);
		memset(m, 0, sizeof(*m));
		manifest_cache_forget(cache);
		etag[0] = '\0';
		rc = t->ops->get(t, JD_MANIFEST_KEY, etag, &text, &got, d);
	}
	if (rc)
		goto out;
	if (got == TARGET_FOUND) {
		*found = 1;
		rc = manifest_parse(text.data, text.len, where, m, d);
		if (cache && rc == JD_OK)
			manifest_cache_save(cache, etag, text.data, text.len);
		else if (cache)
			manifest_cache_forget(cache);
	} else if (cache && *cache->etag) {
		manifest_cache_forget(cache); /* gone from the target */
	}
out:
	free(where);
	buf_release(&text);
	return rc;
}

enum jd_err push_prepare(const struct push_request *req, const struct config *cfg,
			 struct push_context *ctx, struct diag *d)
{
	struct plan_options po = { .keep_old_assets = cfg->keep_old_assets, .force = req->force };
	enum jd_err rc;

	memset(ctx, 0, sizeof(*ctx));
	if ((rc = site_build(req->site_root, cfg, req->cache_dir, req->jobs, &ctx->site, d)))
		return rc;
	ctx->target = target_open(req->target_url, &req->target, d);
	if (!ctx->target)
		return d->code;
	manifest_cache_load(&ctx->manifest_cache, req->cache_dir, req->target.endpoint,
			    req->target_url);
	rc = fetch_manifest(ctx->target, &ctx->manifest_cache, &ctx->remote, &ctx->remote_found, d);
	if (!rc && ctx->remote_found && ctx->remote.deploy >= MANIFEST_DEPLOY_MAX && req->force)
		rc = JD_EMANIFEST; /* a counter that cannot advance: --force starts over from 1 */
	if (rc == JD_EMANIFEST && req->force) {
		/* The record is lost: list what is there so stale objects still get deleted. */
		manifest_free(&ctx->remote);
		ctx->remote_found = 0;
		rc = JD_OK;
	}
	if (rc)
		return rc;
	if (!ctx->remote_found && req->force) {
		if ((rc = ctx->target->ops->list(ctx->target, &ctx->existing, &ctx->nexisting, d)))
			return rc;
		po.existing = ctx->existing;
		po.nexisting = ctx->nexisting;
	}
	struct manifest local;
	manifest_of(&ctx->site, 0, &local);
	plan_make(&local, ctx->remote_found ? &ctx->remote : NULL, &po, &ctx->plan);
	manifest_free(&local);
	/*
	 * A push that changes something writes deploy + 1, which for a counter
	 * at its largest value no manifest_parse would read back; one that
	 * changes nothing writes nothing, so it may go on.
	 */
	if (ctx->remote_found && ctx->remote.deploy >= MANIFEST_DEPLOY_MAX && !plan_is_empty(&ctx->plan))
		return diag_set(d, JD_EMANIFEST, ctx->target->url,
				"the manifest of '%s' has counted %lld deploys, the most it can hold (run "
				"'jamdeploy push --force' to upload every file and write a new manifest, "
				"which counts from 1)", ctx->target->url, (long long)ctx->remote.deploy);
	if (purge_configured(&cfg->cdn))
		return purge_paths(&cfg->cdn, ctx->plan.purge, ctx->plan.npurge, &ctx->purge_urls, d);
	return JD_OK;
}

void push_context_free(struct push_context *ctx)
{
	site_free(&ctx->site);
	target_close(ctx->target);
	manifest_free(&ctx->remote);
	for (size_t i = 0; i < ctx->nexisting; i++)
		free(ctx->existing[i]);
	free(ctx->existing);
	plan_free(&ctx->plan);
	manifest_cache_free(&ctx->manifest_cache);
	purge_list_free(&ctx->purge_urls);
	memset(ctx, 0, sizeof(*ctx));
}

enum jd_err push_run(const struct push_request *req, const struct config *cfg,
		     const struct push_options *o, struct push_result *r, struct diag *d)
{
	struct purge_step step = { cfg, &r->ctx.purge_urls, o->upload_jobs, 0, &r->purge_notes,
				   req->target.events };
	struct deploy_options dopt = { .max_deletes = cfg->max_deletes,
				       .force_deletes = o->force_deletes,
				       .after_manifest_arg = &step };
	int cdn = purge_configured(&cfg->cdn);
	enum jd_err rc;

	memset(r, 0, sizeof(*r));
	r->purge_notes = (struct buf)BUF_INIT;
	/* A dry run only lists the URLs, so it runs without the CDN's secrets. */
	if (cdn && !o->dry_run && (rc = purge_check(cfg, d)))
		return rc;
	if ((rc = push_prepare(req, cfg, &r->ctx, d)))
		return rc;
	if (o->planned)
		o->planned(o->planned_arg, &r->ctx);
	if (o->dry_run)
		return JD_OK;
	if (cdn) {
		if ((rc = purge_pending_load(JD_PURGE_PENDING, &r->ctx.purge_urls, d)))
			return rc;
		dopt.after_manifest = purge_step_run;
	}
	dopt.manifest_cache = &r->ctx.manifest_cache;
	rc = deploy_execute(&r->ctx.plan, &r->ctx.site, r->ctx.target, &dopt, &r->report, d);
	/* Nothing to deploy, but a purge left over from a failed push. */
	if (!rc && cdn && !step.ran && r->ctx.purge_urls.n) {
		rc = purge_step_run(&step, d);
		r->report.purge_failed = rc != JD_OK;
	}
	r->purge_ran = step.ran;
	return rc;
}

void push_result_free(struct push_result *r)
{
	push_context_free(&r->ctx);
	buf_release(&r->purge_notes);
	memset(r, 0, sizeof(*r));
}
