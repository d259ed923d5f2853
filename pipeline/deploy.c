/*
 * deploy.c - execute a plan: ordered upload phases, manifest, deletes.
 *
 * The order is what makes a push safe to interrupt.  Immutable assets go
 * first (nothing references their new names yet), then other files, then
 * HTML (which references the assets already there).  The manifest is
 * written only after every object it names has landed: it is the commit
 * point, and until it is written the next push still diffs against the old
 * one and re-sends whatever is missing.  Deletes come last, so an object is
 * removed only after no live page refers to it.
 *
 * Every key of the plan is checked before the first write: one the target
 * cannot store (an S3 key over 1,024 bytes) or one under `.jamdeploy/`
 * (the target's own files) stops the push while nothing has changed,
 * rather than half-way through with some objects already replaced.
 */
#include "pipeline/deploy.h"

#include "lib/util.h"
#include "pipeline/build.h"

static enum jd_err put_phase(const struct plan *p, const struct site *s, struct target *t, int phase,
			     struct deploy_report *r, struct diag *d)
{
	struct put_item *items = xcalloc(p->nupload ? p->nupload : 1, sizeof(*items));
	size_t n = 0, done = 0;
	enum jd_err rc;

	for (size_t i = 0; i < p->nupload; i++) {
		const struct manifest_entry *e = p->upload[i].entry;
		const struct file *f;
		if (plan_phase_of(e) != phase)
			continue;
		f = site_find(s, e->key);
		if (!f) {
			free(items);
			return diag_set(d, JD_ETARGET, e->key, "internal: planned key '%s' is not in the site",
					e->key);
		}
		items[n++] = (struct put_item){
			.key = e->key,
			.path = f->in_memory ? NULL : file_ship_path(f),
			.data = f->in_memory ? f->data.data : NULL,
			.len = f->size,
			.sha256 = e->sha256,
			.content_type = e->content_type,
			.cache_control = e->cache_control,
			.content_encoding = e->content_encoding,
		};
	}
	rc = n ? t->ops->put_many(t, items, n, &done, d) : JD_OK;
	for (size_t i = 0; i < done; i++)
		r->bytes += items[i].len;
	r->uploaded += done;
	free(items);
	return rc;
}

/* A key a push may write or delete: not the target's own files, and storable there. */
static enum jd_err check_key(struct target *t, const char *key, const char *doing, struct diag *d)
{
	if (manifest_key_is_reserved(key))
		return diag_set(d, JD_EINPUT, key,
				"refusing to %s '%s' in '%s': '" JD_STATE_DIR "/' holds jamdeploy's "
				"own files on the target, never site files", doing, key, t->url);
	return t->ops->check_key ? t->ops->check_key(t, key, d) : JD_OK;
}

static enum jd_err check_keys(const struct plan *p, struct target *t, struct diag *d)
{
	enum jd_err rc = JD_OK;

	for (size_t i = 0; i < p->nupload && !rc; i++)
		rc = check_key(t, p->upload[i].entry->key, "upload", d);
	for (size_t i = 0; i < p->ndelete && !rc; i++)
		rc = check_key(t, p->delete[i], "delete", d);
	if (!rc && t->ops->check_key)
		rc = t->ops->check_key(t, JD_MANIFEST_KEY, d);
	return rc;
}

enum jd_err deploy_execute(const struct plan *p, const struct site *s, struct target *t,
			   const struct deploy_options *o, struct deploy_report *r, struct diag *d)
{
	struct buf json = BUF_INIT;
	struct put_item manifest_item;
	char etag[TARGET_ETAG_MAX] = "";
	size_t done = 0;
	enum jd_err rc, prc;

	memset(r, 0, sizeof(*r));
	if (p->ndelete > o->max_deletes && !o->force_deletes)
		return diag_set(d, JD_ESAFETY, t->url,
				"refusing to delete %zu objects from '%s' (the limit is %llu; check that "
				"the site directory is the right one, then raise 'deletes: max:' in "
				"jamdeploy.yml or pass --force-deletes)",
				p->ndelete, t->url, (unsigned long long)o->max_deletes);
	if (plan_is_empty(p))
		return JD_OK;
	if ((rc = check_keys(p, t, d)))
		return rc;
	/* The manifest too is made before the first upload: if it cannot be, nothing has moved. */
	if ((rc = manifest_serialize(&p->next, &json, d)))
		return rc;
	if (o->before_upload && (rc = o->before_upload(o->before_upload_arg, d))) {
		buf_release(&json);
		return rc;
	}
	for (int phase = 0; phase < 3; phase++)
		if ((rc = o->send_phase ? o->send_phase(o->send_phase_arg, p, t, phase, r, d)
					: put_phase(p, s, t, phase, r, d))) {
			buf_release(&json);
			return rc;
		}
	manifest_item = (struct put_item){
		.key = JD_MANIFEST_KEY,
		.data = json.data,
		.len = json.len,
		.content_type = "application/json; charset=utf-8",
		.cache_control = "no-store",
		.etag_out = etag,
	};
	rc = t->ops->put_many(t, &manifest_item, 1, &done, d);
	if (!rc && o->manifest_cache)
		manifest_cache_save(o->manifest_cache, etag, json.data, json.len);
	buf_release(&json);
	if (rc)
		return rc;
	r->manifest_written = 1;
	if (o->after_manifest) {
		struct diag pd;

		diag_clear(&pd);
		if ((prc = o->after_manifest(o->after_manifest_arg, &pd)))
			r->purge_failed = 1;
		if (p->ndelete) {
			rc = t->ops->delete_many(t, (const char *const *)p->delete, p->ndelete, &done, d);
			r->deleted = done;
		}
		if (!rc && prc) {
			*d = pd;
			rc = prc;
		}
		return rc;
	}
	if (p->ndelete) {
		rc = t->ops->delete_many(t, (const char *const *)p->delete, p->ndelete, &done, d);
		r->deleted = done;
	}
	return rc;
}
