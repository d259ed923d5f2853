/*
 * rollback.c - make a kept deploy live again with copies on the target
 * (see rollback.h and pipeline/history.h for what is kept).
 *
 * A rollback is a push whose "site" is an old manifest and whose bytes
 * are already on the target: its live entries become the local side of an
 * ordinary plan_make against the live manifest, so what is unchanged is
 * not touched, the keep rule and the delete limit are a push's, and the
 * purge list names the pages that change.  deploy_execute then runs it in
 * the push's safe order (assets, other files, HTML, manifest, purge,
 * deletes) with one difference: each phase copies objects on the target
 * (S3 CopyObject from .jamdeploy/objects/SHA, or a local copy for a
 * directory) instead of uploading from this machine.  Nothing needs the
 * site folder.
 *
 * Everything the rollback will copy is checked to exist before the first
 * write, so it never stops half-way for a missing object.
 */
#include "pipeline/rollback.h"

#include "lib/util.h"
#include "pipeline/history.h"
#include "pipeline/lease.h"
#include "pipeline/purge_step.h"
#include "pipeline/verify.h"


/* deploy_options.send_phase: copy the phase's objects from objects/SHA. */
static enum jd_err copy_phase(void *arg, const struct plan *p, struct target *t, int phase,
			      struct deploy_report *r, struct diag *d)
{
	struct put_item *items = xcalloc(p->nupload + 1, sizeof(*items));
	char **from = xcalloc(p->nupload + 1, sizeof(*from));
	size_t n = 0, done = 0;
	enum jd_err rc;

	(void)arg;
	for (size_t i = 0; i < p->nupload; i++) {
		const struct manifest_entry *e = p->upload[i].entry;

		if (plan_phase_of(e) != phase)
			continue;
		from[n] = xasprintf(JD_OBJECTS_DIR "%s", e->sha256);
		items[n] = (struct put_item){
			.key = e->key,
			.copy_from = from[n],
			.len = e->size,
			.sha256 = e->sha256,
			.content_type = e->content_type,
			.cache_control = e->cache_control,
			.content_encoding = e->content_encoding,
		};
		n++;
	}
	rc = n ? target_copy_many(t, items, n, &done, d) : JD_OK;
	for (size_t i = 0; i < done; i++)
		r->bytes += items[i].len;
	r->uploaded += done;
	for (size_t i = 0; i < n; i++)
		free(from[i]);
	free(from);
	free(items);
	return rc;
}

static int cmp_obj(const void *key, const void *obj)
{
	return strcmp(key, ((const struct target_object *)obj)->key);
}

static int by_obj_key(const void *a, const void *b)
{
	return strcmp(((const struct target_object *)a)->key, ((const struct target_object *)b)->key);
}

/* Every object the plan copies is kept on the target: else refuse before any write. */
static enum jd_err check_sources(struct target *t, const struct plan *p, int64_t to, struct diag *d)
{
	struct target_object *objs;
	size_t n;
	enum jd_err rc = JD_OK;

	if (!p->nupload)
		return JD_OK;
	if ((rc = target_list_objects(t, JD_OBJECTS_DIR, &objs, &n, d)))
		return rc;
	if (n)
		qsort(objs, n, sizeof(*objs), by_obj_key);
	for (size_t i = 0; i < p->nupload && !rc; i++) {
		const struct manifest_entry *e = p->upload[i].entry;
		char *key = xasprintf(JD_OBJECTS_DIR "%s", e->sha256);

		if (!n || !bsearch(key, objs, n, sizeof(*objs), cmp_obj))
			rc = diag_set(d, JD_ESAFETY, e->key, "cannot roll '%s' back to deploy %lld: the "
				      "bytes of '%s' are no longer on the target (%s '%s'; it was "
				      "deleted before the history kept it): push that version of the site "
				      "instead", t->url, (long long)to, e->key,
				      plan_phase_of(e) == 0 ? "the hashed asset itself is gone, and there is no" : "no",
				      key);
		free(key);
	}
	target_objects_free(objs, n);
	return rc;
}

/* The deploy to make live: the one asked for, or the newest kept one before the live one. */
static enum jd_err pick(const struct rollback_request *req, const struct history *h, int64_t live,
			int64_t *to, struct diag *d)
{
	*to = 0;
	if (req->deploy) {
		if (req->deploy == live)
			return diag_set(d, JD_EUSAGE, req->target_url, "deploy %lld is the live one on '%s' "
					"already (see 'jamdeploy deploys')", (long long)live, req->target_url);
		if (history_find(h, req->deploy)) {
			*to = req->deploy;
			return JD_OK;
		}
		return diag_set(d, JD_EUSAGE, req->target_url, "deploy %lld is not kept on '%s' (see "
				"'jamdeploy deploys' for those that are)", (long long)req->deploy,
				req->target_url);
	}
	for (size_t i = 0; i < h->n; i++)
		if (h->r[i].deploy < live && h->r[i].deploy > *to)
			*to = h->r[i].deploy;
	if (!*to)
		return diag_set(d, JD_EUSAGE, req->target_url, "'%s' keeps no deploy before the live one "
				"(%lld): there is nothing to roll back to", req->target_url, (long long)live);
	return JD_OK;
}

enum jd_err rollback_run(const struct rollback_request *req, const struct config *cfg,
			 struct rollback_result *r, struct diag *d)
{
	struct plan_options po = { .keep_old_assets = cfg->keep_old_assets, .history = cfg->history };
	struct purge_step step = { cfg, &r->purge_urls, req->upload_jobs, 0, &r->purge_notes,
				   req->target.events, &r->ca, NULL, 0 };
	struct deploy_options dopt = { .max_deletes = cfg->max_deletes, .force_deletes = req->force_deletes,
				       .after_manifest_arg = &step, .send_phase = copy_phase };
	struct history h = { 0 }, stored = { 0 };
	struct history_step hstep;
	struct manifest old, local = { 0 };
	struct deploy_record rec;
	struct lease_options lopt = { 0, 0, req->target.events };
	struct lease lease;
	char etag[TARGET_ETAG_MAX] = "";
	int found = 0, cdn = purge_configured(&cfg->cdn), locked = 0, contended = 0;
	char *key = NULL;
	enum jd_err rc;

	memset(r, 0, sizeof(*r));
	memset(&old, 0, sizeof(old));
	r->purge_notes = (struct buf)BUF_INIT;
	if (!cfg->history)
		return diag_set(d, JD_EUSAGE, cfg->path, "the deploy history is off ('history: 0' in "
				"jamdeploy.yml): there is no deploy to roll back to");
	if (cdn && (rc = purge_check(cfg, d)))
		return rc;
	if (!(r->target = open_target(req->target_url, &req->target, cfg, &r->ca, d)))
		return d->code;
	/* A rollback writes like a push: one at a time, and its commit If-Match on what it read. */
	if (!req->dry_run) {
		if ((rc = lease_acquire(&lease, r->target, &lopt, &contended, d)))
			return rc;
		locked = 1;
	}
	if ((rc = remote_manifest_get(r->target, JD_MANIFEST_KEY, etag, &r->current, &found, d)))
		goto out;
	if (!found) {
		rc = diag_set(d, JD_EUSAGE, req->target_url, "'%s' has no manifest: nothing was "
			      "deployed there", req->target_url);
		goto out;
	}
	if (r->current.journal) {
		rc = diag_set(d, JD_ECONFLICT, req->target_url, "'%s' holds an unfinished push (deploy "
			      "%lld): run 'jamdeploy push' to finish it, then roll back", req->target_url,
			      (long long)r->current.journal);
		goto out;
	}
	r->from = r->current.deploy;
	if ((rc = history_read(r->target, &h, d)) || (rc = pick(req, &h, r->from, &r->to, d)))
		goto out;
	key = xasprintf(JD_DEPLOY_KEY_FMT, (long long)r->to);
	if ((rc = remote_manifest_get(r->target, key, NULL, &old, &found, d)))
		goto out;
	if (!found) {
		rc = diag_set(d, JD_ESAFETY, key, "the manifest of deploy %lld ('%s') is missing from "
			      "'%s': it cannot be rolled back to", (long long)r->to, key, req->target_url);
		goto out;
	}
	/* The old deploy's live entries are the "site"; its own kept old assets are not. */
	for (size_t i = 0; i < old.n; i++)
		if (old.e[i].last_live == old.deploy)
			manifest_add(&local, &old.e[i]);
	plan_make(&local, &r->current, &po, &r->plan);
	if (plan_is_empty(&r->plan))
		goto out; /* the live site is that deploy's already: nothing to write */
	if ((rc = check_sources(r->target, &r->plan, r->to, d)))
		goto out;
	if (cdn && (rc = purge_paths(&cfg->cdn, r->plan.purge, r->plan.npurge, &r->purge_urls, d)))
		goto out;
	if (req->dry_run)
		goto out;
	if (cdn) {
		step.target = r->target; /* as a push does: pending purges kept there too */
		if ((rc = purge_pending_load_all(&step, &r->purge_urls, d)))
			goto out;
		dopt.after_manifest = purge_step_run;
	}
	/* the new deploy's manifest under deploys/, after deploy_execute's checks; its objects are there */
	hstep = (struct history_step){ r->target, &r->plan, NULL, 0, &stored };
	dopt.before_upload = history_step_run;
	dopt.before_upload_arg = &hstep;
	dopt.lease = &lease;
	dopt.manifest_etag = etag;
	dopt.manifest_exists = 1;
	dopt.events = req->target.events;
	rc = deploy_execute(&r->plan, NULL, r->target, &dopt, &r->report, d);
	r->purge_ran = step.ran;
	if (r->report.manifest_written) {
		struct diag hd;
		const struct deploy_record *was = history_find(&h, r->to);

		diag_clear(&hd);
		deploy_record_init(&rec, r->plan.next.deploy, NULL);
		rec.files = manifest_live_count(&r->plan.next);
		rec.uploaded = r->report.uploaded;
		rec.deleted = r->report.deleted;
		rec.rollback_of = r->to;
		if (was)
			memcpy(rec.commit, was->commit, sizeof(rec.commit));
		if (history_commit(r->target, &h, &rec, &r->plan.next, cfg->history, &hd) && !rc) {
			*d = hd;
			rc = hd.code;
			diag_append(d, " (the rollback itself is live)");
		}
		deploy_record_free(&rec);
	}
out:
	if (locked)
		lease_release(&lease, NULL);
	free(key);
	history_free(&h);
	history_free(&stored);
	manifest_free(&old);
	manifest_free(&local);
	return rc;
}

void rollback_result_free(struct rollback_result *r)
{
	target_close(r->target);
	ca_bundle_free(&r->ca);
	manifest_free(&r->current);
	plan_free(&r->plan);
	purge_list_free(&r->purge_urls);
	buf_release(&r->purge_notes);
	memset(r, 0, sizeof(*r));
}
