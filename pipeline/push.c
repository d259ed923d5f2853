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

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"
#include "pipeline/build.h"
#include "pipeline/history.h"
#include "pipeline/lease.h"
#include "pipeline/purge_step.h"

#define LOOKS_BUILT_HINT "point at the generator's output folder (public/, dist/, build/, out/, " \
	"_site/), or pass --yes if this really is the site"

/*
 * `path` made absolute with every existing part resolved (symlinks, "..")
 * and the parts that do not exist yet appended with "." and ".." applied
 * as written: a target folder a first push will create still has a place
 * to compare ("new/../site" is the site).  NULL when not even "/" resolves.
 */
static char *resolve_planned(const char *path)
{
	char *cwd = getcwd(NULL, 0), *abs, *cut, *real = NULL, *out, *tail, *part, *save;
	struct buf norm = BUF_INIT;

	abs = path[0] == '/' || !cwd ? xstrdup(path) : xasprintf("%s/%s", cwd, path);
	free(cwd);
	for (cut = abs + strlen(abs);;) {
		char saved = *cut;

		*cut = '\0';
		real = realpath(*abs ? abs : "/", NULL);
		*cut = saved;
		if (real)
			break;
		if (cut == abs) {
			free(abs);
			return NULL;
		}
		while (cut > abs && *--cut != '/')
			;
	}
	buf_addstr(&norm, strcmp(real, "/") ? real : "");
	tail = xstrdup(cut);
	for (part = strtok_r(tail, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		if (!strcmp(part, "."))
			continue;
		if (!strcmp(part, "..")) {
			char *slash = strrchr(norm.data, '/');
			if (slash)
				buf_truncate(&norm, (size_t)(slash - norm.data));
			continue;
		}
		buf_printf(&norm, "/%s", part);
	}
	out = xstrdup(norm.len ? norm.data : "/");
	buf_release(&norm);
	free(tail);
	free(real);
	free(abs);
	return out;
}

/* `inner` is `outer` or lies below it (both resolved). */
static int path_within(const char *inner, const char *outer)
{
	size_t n = strlen(outer);

	return !strncmp(inner, outer, n) && (inner[n] == '\0' || inner[n] == '/' || !strcmp(outer, "/"));
}

/*
 * A directory target must be apart from the site: pushing a site into
 * itself uploads the deployed copy on the next push, and a site inside its
 * target is deleted from under the push by the push.
 */
static enum jd_err check_overlap(const char *site_root, const struct target *t, struct diag *d)
{
	const char *dir = t->ops->local_dir ? t->ops->local_dir(t) : NULL;
	char *site, *target;
	enum jd_err rc = JD_OK;

	if (!dir)
		return JD_OK;
	site = resolve_planned(site_root);
	target = resolve_planned(dir);
	if (site && target && !strcmp(site, target))
		rc = diag_set(d, JD_EUSAGE, dir, "the target '%s' is the site folder itself (push to "
			      "another folder or to s3://BUCKET)", dir);
	else if (site && target && path_within(target, site))
		rc = diag_set(d, JD_EUSAGE, dir, "the target '%s' is inside the site '%s': the next "
			      "push would upload the deployed copy too (choose a folder outside it)",
			      dir, site_root);
	else if (site && target && path_within(site, target))
		rc = diag_set(d, JD_EUSAGE, dir, "the site '%s' is inside the target '%s': the push "
			      "would delete its own files (choose a target outside the site)", site_root,
			      dir);
	free(site);
	free(target);
	return rc;
}

/* A project folder, not its build output: what `push .` in a repository would upload. */
static enum jd_err check_project_root(const char *site_root, struct diag *d)
{
	static const char *const project_files[] = { "package.json", "node_modules", ".git" };
	struct stat st;

	for (size_t i = 0; i < sizeof(project_files) / sizeof(project_files[0]); i++) {
		char *p = path_join(site_root, project_files[i]);
		int found = lstat(p, &st) == 0;

		free(p);
		if (found)
			return diag_set(d, JD_EUSAGE, site_root, "the site '%s' has %s at its root: it "
					"looks like the project, not its build output (" LOOKS_BUILT_HINT ")",
					site_root, project_files[i]);
	}
	return JD_OK;
}

/* An empty site, or one with no page: the generator has not run, or wrote elsewhere. */
static enum jd_err check_has_pages(const char *site_root, const struct site *s, struct diag *d)
{
	if (!s->nfiles)
		return diag_set(d, JD_EUSAGE, site_root, "the site '%s' is empty: pushing it would "
				"empty the target (" LOOKS_BUILT_HINT ")", site_root);
	for (size_t i = 0; i < s->nfiles; i++)
		if (content_type_is_html(s->files[i].content_type))
			return JD_OK;
	return diag_set(d, JD_EUSAGE, site_root, "the site '%s' has no HTML page (" LOOKS_BUILT_HINT
			")", site_root);
}

/* Whatever 'deletes: max:' allows, a push that takes down every page is a wrong site. */
static enum jd_err check_keeps_a_page(const struct manifest *remote, const struct plan *p,
				      const char *url, struct diag *d)
{
	size_t pages = 0;

	for (size_t i = 0; i < remote->n; i++) {
		if (!content_type_is_html(remote->e[i].content_type))
			continue;
		if (manifest_find(&p->next, remote->e[i].key))
			return JD_OK;
		pages++;
	}
	if (!pages)
		return JD_OK;
	return diag_set(d, JD_ESAFETY, url, "this push would delete every page of '%s' (%zu HTML "
			"pages, and the site replaces none of them): check that the site folder is the "
			"right one, or pass --yes", url, pages);
}

/*
 * The CAs HTTPS requests trust (upload/ca_bundle.h: `ca_bundle:`,
 * AWS_CA_BUNDLE, the AWS profile, CURL_CA_BUNDLE, SSL_CERT_FILE/DIR),
 * looked up and checked only when the push will speak HTTPS: to an S3
 * target, or to a configured CDN.  A diff checks it as the push would.
 */
enum jd_err find_ca_bundle(const struct config *cfg, const char *target_url, struct ca_bundle *ca,
			   struct diag *d)
{
	/* no endpoint: AWS itself, over HTTPS */
	int https = starts_with(target_url, "s3://") &&
		    (!cfg->endpoint || !*cfg->endpoint || starts_with(cfg->endpoint, "https://"));

	if (purge_configured(&cfg->cdn) && purge_uses_https(&cfg->cdn))
		https = 1;
	memset(ca, 0, sizeof(*ca));
	return https ? ca_bundle_find(ca, cfg->ca_bundle, cfg->path, cfg->profile, d) : JD_OK;
}

/*
 * Fetch and parse the target's manifest.  *found = 0 when the target has
 * none (a first push).  A corrupt one is JD_EMANIFEST.  With a `cache`
 * (may be NULL) holding a copy, the fetch is conditional: an unchanged
 * manifest is a 304 and the copy is parsed; a changed one replaces it.
 */
static enum jd_err fetch_manifest(struct target *t, const struct manifest_cache *cache,
				  struct manifest *m, int *found, char *etag, int *exists, struct diag *d)
{
	struct buf text;
	enum target_get_result got;
	char *where = xasprintf("%s%s%s", t->url, ends_with(t->url, "/") ? "" : "/", JD_MANIFEST_KEY);
	enum jd_err rc;

	memset(m, 0, sizeof(*m));
	*found = *exists = 0;
	etag[0] = '\0';
	buf_init(&text, MANIFEST_MAX_BYTES);
	if (cache)
		memcpy(etag, cache->etag, TARGET_ETAG_MAX);
	rc = t->ops->get(t, JD_MANIFEST_KEY, etag, &text, &got, d);
	if (!rc && got == TARGET_NOT_MODIFIED) {
		size_t len;
		const char *body = manifest_cache_body(cache, &len);

		if (manifest_parse(body, len, where, m, d) == JD_OK) {
			*found = *exists = 1;
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
		*found = *exists = 1;
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

static void add_existing(struct push_context *ctx, const char *key)
{
	ARRAY_GROW(ctx->existing, ctx->nexisting + 1, ctx->existing_cap);
	ctx->existing[ctx->nexisting++] = xstrdup(key);
}

/* `e` with its sha256 unknown: the plan sends it again (and purges it) when the site has the key. */
static void add_unknown(struct manifest *m, const struct manifest_entry *e)
{
	struct manifest_entry u = *e;

	memset(u.sha256, '0', 64);
	u.sha256[64] = '\0';
	manifest_add(m, &u);
}

/*
 * The target as it is after an unfinished push (its journal read into
 * ctx->journal): `effective` is the remote manifest with every key of the
 * journal replaced by what the target really holds.  The keys the site
 * being pushed has are probed (their stored sha256, target.h probe_many):
 * holding the journal's bytes, the key counts as the journal's entry;
 * holding the manifest's, as the manifest's; holding the site's (written
 * by an earlier push of a chain of interrupted ones), as the site's: the
 * headers live in the manifest only, and the bytes alone say which write
 * arrived.  Anything else (missing, half of an interrupted multipart,
 * another push's) is unknown, which the plan sends again.  Keys the site lacks need no probe: the plan deletes them
 * (through `existing` when no manifest names them).  The journal's
 * pending deletes go to `existing` too, so plan_make deletes them unless
 * the next manifest needs them.  `listed`: ctx->existing already holds
 * the whole listing.
 */
static enum jd_err apply_journal(struct push_context *ctx, const struct manifest *local,
				 struct manifest *effective, int listed, struct diag *d)
{
	const struct manifest *jp = &ctx->journal.puts, *r = &ctx->remote;
	const char **keys = xcalloc(jp->n ? jp->n : 1, sizeof(*keys));
	char (*sha)[65] = xcalloc(jp->n ? jp->n : 1, sizeof(*sha));
	size_t nprobe = 0;
	enum jd_err rc = JD_OK;

	for (size_t i = 0; i < jp->n; i++)
		if (manifest_find(local, jp->e[i].key))
			keys[nprobe++] = jp->e[i].key;
	if (nprobe && ctx->target->ops->probe_many)
		rc = ctx->target->ops->probe_many(ctx->target, keys, nprobe, sha, d);
	ctx->probed = nprobe;
	effective->deploy = r->deploy;
	for (size_t i = 0; i < r->n && !rc; i++)
		if (!manifest_find(jp, r->e[i].key))
			manifest_add(effective, &r->e[i]);
	for (size_t i = 0, k = 0; i < jp->n && !rc; i++) {
		const struct manifest_entry *j = &jp->e[i], *old = manifest_find(r, j->key);
		const char *now;

		if (k >= nprobe || strcmp(keys[k], j->key)) {
			/* not in the site: deleted by the plan */
			if (old)
				manifest_add(effective, old);
			else if (!listed)
				add_existing(ctx, j->key);
			continue;
		}
		now = sha[k++];
		/* the same bytes with other headers in both: no telling which arrived */
		if (old && !strcmp(old->sha256, j->sha256) && manifest_entry_differs(old, j))
			add_unknown(effective, old);
		else if (*now && !strcmp(now, j->sha256))
			manifest_add(effective, j);
		else if (old && *now && !strcmp(now, old->sha256))
			manifest_add(effective, old);
		else if (*now && !strcmp(now, manifest_find(local, j->key)->sha256))
			/* an older journal's write of the site's bytes (a chain of interrupted pushes) */
			manifest_add(effective, manifest_find(local, j->key));
		else
			add_unknown(effective, old ? old : j);
	}
	for (size_t i = 0; i < ctx->journal.ndeletes && !rc; i++)
		if (!listed)
			add_existing(ctx, ctx->journal.deletes[i]);
	manifest_sort(effective);
	free(keys);
	free(sha);
	return rc;
}

enum jd_err push_prepare(const struct push_request *req, const struct config *cfg,
			 struct push_context *ctx, struct diag *d)
{
	struct target_config target;
	enum jd_err rc;

	memset(ctx, 0, sizeof(*ctx));
	/*
	 * Mistakes first, before minutes of building; and a diff or dry run
	 * checks all that the push would, so exit 0 means the push can start:
	 * a CDN that cannot be asked (a missing token) stops it here.
	 */
	if (purge_configured(&cfg->cdn) && (rc = purge_check(cfg, d)))
		return rc;
	if ((rc = find_ca_bundle(cfg, req->target_url, &ctx->ca, d)))
		return rc;
	target = req->target;
	target.ca = &ctx->ca;
	ctx->target = target_open(req->target_url, &target, d);
	if (!ctx->target)
		return d->code;
	if ((rc = check_overlap(req->site_root, ctx->target, d)) ||
	    (!req->yes && (rc = check_project_root(req->site_root, d))))
		return rc;
	if ((rc = site_build(req->site_root, cfg, req->cache_dir, req->jobs, req->build_events,
			     &ctx->site, d)))
		return rc;
	if (!req->yes && (rc = check_has_pages(req->site_root, &ctx->site, d)))
		return rc;
	manifest_cache_load(&ctx->manifest_cache, req->cache_dir, req->target.endpoint,
			    req->target_url);
	return push_plan(req, cfg, ctx, d);
}

/* What push_plan fills, released before it runs again (a push that waited for the lease). */
static void forget_plan(struct push_context *ctx)
{
	manifest_free(&ctx->remote);
	ctx->remote_found = 0;
	for (size_t i = 0; i < ctx->nexisting; i++)
		free(ctx->existing[i]);
	free(ctx->existing);
	ctx->existing = NULL;
	ctx->nexisting = ctx->existing_cap = 0;
	plan_free(&ctx->plan);
	purge_list_free(&ctx->purge_urls);
	journal_free(&ctx->journal);
	ctx->journal_found = 0;
	ctx->probed = 0;
	drift_report_free(&ctx->drift);
	for (size_t i = 0; i < ctx->ndrifted; i++)
		free(ctx->drifted[i]);
	free(ctx->drifted);
	ctx->drifted = NULL;
	ctx->ndrifted = 0;
}

enum jd_err push_plan(const struct push_request *req, const struct config *cfg,
		      struct push_context *ctx, struct diag *d)
{
	struct plan_options po = { .keep_old_assets = cfg->keep_old_assets, .force = req->force,
				   .history = cfg->history };
	struct manifest local, effective;
	int listed = 0;
	enum jd_err rc;

	forget_plan(ctx);
	rc = fetch_manifest(ctx->target, &ctx->manifest_cache, &ctx->remote, &ctx->remote_found,
			    ctx->manifest_etag, &ctx->manifest_exists, d);
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
	if (ctx->remote_found && ctx->remote.journal) {
		if ((rc = journal_fetch(ctx->target, &ctx->journal, &ctx->journal_found, d)))
			return rc;
		/* Marked unfinished with its journal gone: nothing is known, so send and list all. */
		if (!ctx->journal_found)
			po.force = 1;
	}
	if ((!ctx->remote_found && req->force) || (ctx->remote.journal && !ctx->journal_found)) {
		if ((rc = ctx->target->ops->list(ctx->target, &ctx->existing, &ctx->nexisting, d)))
			return rc;
		ctx->existing_cap = ctx->nexisting;
		listed = 1;
	}
	/* push --verify: what the listing finds missing or different is sent again */
	if (req->verify && ctx->remote_found) {
		if ((rc = drift_find(ctx->target, &ctx->remote, &ctx->drift, d)))
			return rc;
		drift_changed_keys(&ctx->drift, &ctx->drifted, &ctx->ndrifted);
		po.drifted = ctx->drifted;
		po.ndrifted = ctx->ndrifted;
	}
	manifest_of(&ctx->site, 0, &local);
	memset(&effective, 0, sizeof(effective));
	if (ctx->journal_found && (rc = apply_journal(ctx, &local, &effective, listed, d))) {
		manifest_free(&local);
		return rc;
	}
	po.existing = ctx->existing;
	po.nexisting = ctx->nexisting;
	po.repair = ctx->remote.journal != 0;
	plan_make(&local, ctx->journal_found ? &effective : ctx->remote_found ? &ctx->remote : NULL,
		  &po, &ctx->plan);
	manifest_free(&effective);
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
	if (!req->yes && ctx->remote_found && (rc = check_keeps_a_page(&ctx->remote, &ctx->plan,
								      ctx->target->url, d)))
		return rc;
	if (purge_configured(&cfg->cdn))
		return purge_paths(&cfg->cdn, ctx->plan.purge, ctx->plan.npurge, &ctx->purge_urls, d);
	return JD_OK;
}

void push_context_free(struct push_context *ctx)
{
	forget_plan(ctx);
	site_free(&ctx->site);
	target_close(ctx->target);
	manifest_cache_free(&ctx->manifest_cache);
	ca_bundle_free(&ctx->ca);
	memset(ctx, 0, sizeof(*ctx));
}

/*
 * Did the manifest change since push_plan read it?  One conditional GET
 * (a 304 when not), asked once the lease is ours: a push that finished
 * between our read and our lease leaves a new manifest.  An error counts
 * as a change: planning again reads it properly.
 */
static int manifest_changed(struct push_context *ctx)
{
	struct buf text;
	enum target_get_result got = TARGET_MISSING;
	char etag[TARGET_ETAG_MAX];
	struct diag ignored;
	int failed;

	if (ctx->manifest_exists && !*ctx->manifest_etag)
		return 1; /* a store without ETags: nothing to compare */
	memcpy(etag, ctx->manifest_etag, sizeof(etag));
	buf_init(&text, MANIFEST_MAX_BYTES);
	failed = ctx->target->ops->get(ctx->target, JD_MANIFEST_KEY, etag, &text, &got, &ignored) != JD_OK;
	buf_release(&text);
	return failed || got != (ctx->manifest_exists ? TARGET_NOT_MODIFIED : TARGET_MISSING);
}

/*
 * What this push is about to change, for its journal: every key it uploads
 * with its new entry, the keys of an unfinished push's journal it does not
 * upload again (they stay "may have changed" until this push commits), and
 * every delete of the plan.
 */
static void journal_of_plan(const struct push_context *ctx, struct journal *j)
{
	const struct plan *p = &ctx->plan;
	struct manifest sent;

	memset(j, 0, sizeof(*j));
	memset(&sent, 0, sizeof(sent));
	j->puts.deploy = p->next.deploy;
	for (size_t i = 0; i < p->nupload; i++)
		manifest_add(&sent, p->upload[i].entry);
	manifest_sort(&sent);
	for (size_t i = 0; i < sent.n; i++)
		manifest_add(&j->puts, &sent.e[i]);
	for (size_t i = 0; i < ctx->journal.puts.n; i++)
		if (!manifest_find(&sent, ctx->journal.puts.e[i].key))
			manifest_add(&j->puts, &ctx->journal.puts.e[i]);
	manifest_free(&sent);
	manifest_sort(&j->puts);
	for (size_t i = 0; i < p->ndelete; i++)
		journal_add_delete(j, p->delete[i]);
}

enum jd_err push_run(const struct push_request *req, const struct config *cfg,
		     const struct push_options *o, struct push_result *r, struct diag *d)
{
	struct purge_step step = { cfg, &r->ctx.purge_urls, o->upload_jobs, 0, &r->purge_notes,
				   req->target.events, &r->ctx.ca, NULL, 0 };
	struct deploy_options dopt = { .max_deletes = cfg->max_deletes,
				       .force_deletes = o->force_deletes,
				       .after_manifest_arg = &step };
	int cdn = purge_configured(&cfg->cdn), contended = 0;
	struct lease_options lopt = { o->wait_lock, o->break_lock, req->target.events };
	struct lease lease;
	struct history hist = { 0 };
	struct history_step hstep = { r->ctx.target, &r->ctx.plan, &r->ctx.site, 0, &hist };
	enum jd_err rc;

	memset(r, 0, sizeof(*r));
	r->purge_notes = (struct buf)BUF_INIT;
	if ((rc = push_prepare(req, cfg, &r->ctx, d)))
		return rc;
	r->prepared = 1;
	if (o->planned)
		o->planned(o->planned_arg, &r->ctx);
	hstep.t = r->ctx.target;
	hstep.prev = r->ctx.remote.deploy;
	if (o->dry_run)
		return JD_OK;
	/* the MD5s verify compares with ETags, of what is sent (read now, not for a diff) */
	if ((rc = plan_fill_md5(&r->ctx.plan, &r->ctx.site, d)))
		return rc;
	if (cdn) {
		step.target = r->ctx.target; /* a fresh runner finds the pending purges there */
		if ((rc = purge_pending_load_all(&step, &r->ctx.purge_urls, d)))
			return rc;
		dopt.after_manifest = purge_step_run;
	}
	dopt.manifest_cache = &r->ctx.manifest_cache;
	/* history (pipeline/history.h): what a rollback to this deploy needs, stored before it is live */
	if (cfg->history) {
		dopt.before_upload = history_step_run;
		dopt.before_upload_arg = &hstep;
	}
	if (plan_is_empty(&r->ctx.plan)) {
		rc = JD_OK; /* writes nothing, so it takes no lease */
	} else if (!(rc = deploy_check(&r->ctx.plan, r->ctx.target, &dopt, d)) &&
		   !(rc = lease_acquire(&lease, r->ctx.target, &lopt, &contended, d))) {
		/* Another push held the target, or committed since we read it: plan against what it left. */
		if ((contended || manifest_changed(&r->ctx)) && !(rc = push_plan(req, cfg, &r->ctx, d))) {
			if (o->planned)
				o->planned(o->planned_arg, &r->ctx);
			hstep.prev = r->ctx.remote.deploy;
			if (!(rc = plan_fill_md5(&r->ctx.plan, &r->ctx.site, d)) && cdn)
				rc = purge_pending_load_all(&step, &r->ctx.purge_urls, d);
		}
		if (!rc) {
			struct journal intent;

			journal_of_plan(&r->ctx, &intent);
			dopt.lease = &lease;
			dopt.intent = &intent;
			dopt.remote = r->ctx.remote_found ? &r->ctx.remote : NULL;
			dopt.manifest_etag = r->ctx.manifest_exists ? r->ctx.manifest_etag : NULL;
			dopt.manifest_exists = r->ctx.manifest_exists;
			dopt.events = req->target.events;
			rc = deploy_execute(&r->ctx.plan, &r->ctx.site, r->ctx.target, &dopt, &r->report, d);
			journal_free(&intent);
			/* the deploy's record, under the lease like everything it writes */
			if (cfg->history && r->report.manifest_written)
				history_after_push(r->ctx.target, &hist, &r->ctx.plan, req->site_root,
						   r->report.uploaded, r->report.deleted, cfg->history,
						   req->target.events);
		}
		lease_release(&lease, r->report.finished ? JD_JOURNAL_KEY : NULL);
	}
	history_free(&hist);
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
