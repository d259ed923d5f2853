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

/* An upload chunk: the lease is renewed (when due) between chunks. */
#define DEPLOY_CHUNK_ITEMS 512
#define DEPLOY_CHUNK_BYTES ((uint64_t)256 << 20)

static enum jd_err put_phase(const struct plan *p, const struct site *s, struct target *t, int phase,
			     struct lease *lease, struct deploy_report *r, struct diag *d)
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
	/* In chunks, so the lease is renewed often enough however long the phase. */
	rc = JD_OK;
	for (size_t from = 0, to; from < n && !rc; from = to) {
		uint64_t bytes = 0;

		for (to = from; to < n && to - from < DEPLOY_CHUNK_ITEMS &&
				(to == from || bytes + items[to].len <= DEPLOY_CHUNK_BYTES); to++)
			bytes += items[to].len;
		if (lease && (rc = lease_renew(lease, d)))
			break;
		done = 0;
		rc = t->ops->put_many(t, items + from, to - from, &done, d);
		for (size_t i = from; i < from + done; i++)
			r->bytes += items[i].len;
		r->uploaded += done;
	}
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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

/*
 * Every key a page, stylesheet or web manifest of the site loads (its
 * references as shipped, links people follow left out), sorted.
 */
static char **referenced_keys(const struct site *s, size_t *n)
{
	char **keys = NULL;
	size_t cap = 0;

	*n = 0;
	for (size_t i = 0; s && i < s->nfiles; i++)
		for (size_t k = 0; k < s->files[i].refs.n; k++) {
			/* a link someone follows may name a page the site removed: that page goes */
			if (s->files[i].refs.v[k].kind == REF_LINK)
				continue;
			ARRAY_GROW(keys, *n + 1, cap);
			keys[(*n)++] = s->files[i].refs.v[k].key;
		}
	if (*n)
		qsort(keys, *n, sizeof(*keys), cmp_str);
	return keys;
}

/*
 * The plan's deletes minus any key a file of the site references: the
 * plan never deletes a key of the site, but a page may reference an
 * object that only an older deploy had (a link the build could not
 * resolve); deleting it would break that live page.  Without a site (a
 * rollback: its pages are an earlier deploy's, whose references were
 * checked when it was pushed) every delete stays.  Borrowed strings.
 */
static const char **deletable(const struct plan *p, const struct site *s, size_t *n,
			      const struct target_events *ev, struct deploy_report *r)
{
	size_t nref;
	char **refs = referenced_keys(s, &nref);
	const char **out = xcalloc(p->ndelete ? p->ndelete : 1, sizeof(*out));

	*n = 0;
	for (size_t i = 0; i < p->ndelete; i++) {
		if (nref && bsearch(&p->delete[i], refs, nref, sizeof(*refs), cmp_str)) {
			r->kept_referenced++;
			if (ev && ev->warn) {
				char *msg = xasprintf("not deleting '%s': a page of the site references it "
						      "(add the file to the site, or fix the reference)",
						      p->delete[i]);
				ev->warn(ev->arg, "delete-referenced", msg);
				free(msg);
			}
			continue;
		}
		out[(*n)++] = p->delete[i];
	}
	free(refs);
	return out;
}

/*
 * Write one of jamdeploy's own objects (`key`: the manifest or the
 * journal).  `etag` (TARGET_ETAG_MAX, may be NULL) is in and out: with
 * `conditional`, a non-empty one is sent as If-Match and an empty one as
 * If-None-Match: * (the object must not exist yet); it receives the new
 * object's ETag.
 */
static enum jd_err put_own(struct target *t, const char *key, const struct buf *json, char *etag,
			   int conditional, struct diag *d)
{
	char before[TARGET_ETAG_MAX] = "";
	struct put_item it = {
		.key = key,
		.data = json->data,
		.len = json->len,
		.content_type = "application/json; charset=utf-8",
		.cache_control = "no-store",
		.etag_out = etag,
	};
	size_t done = 0;

	if (etag && conditional) {
		memcpy(before, etag, sizeof(before));
		it.if_match = *before ? before : NULL;
		it.if_none_match = !*before;
	}
	return t->ops->put_many(t, &it, 1, &done, d);
}

/* The manifest `m` with the "journal" mark `mark` (0: none), as JSON into `out`. */
static enum jd_err manifest_json(const struct manifest *m, int64_t mark, struct buf *out, struct diag *d)
{
	struct manifest copy = *m; /* shallow: only the mark differs */

	copy.journal = mark;
	buf_reset(out);
	return manifest_serialize(&copy, out, d);
}

/* A manifest write refused by its condition: another push wrote the manifest meanwhile. */
static enum jd_err changed_under_us(struct target *t, struct diag *d)
{
	return diag_set(d, JD_ECONFLICT, t->url,
			"the manifest of '%s' changed during this push (another push wrote it): this "
			"push did not commit, and the next push repairs what it sent (run it again)",
			t->url);
}

static enum jd_err write_manifest(struct target *t, const struct buf *json, char *etag, int *conditional,
				  const struct deploy_options *o, struct diag *d)
{
	enum jd_err rc = put_own(t, JD_MANIFEST_KEY, json, etag, *conditional, d);

	/* a store that gave no ETag: the next write has nothing to match */
	if (!rc && !*etag)
		*conditional = 0;
	if (rc == JD_ECONFLICT)
		return changed_under_us(t, d);
	if (!rc && o->manifest_cache)
		manifest_cache_save(o->manifest_cache, etag, json->data, json->len);
	return rc;
}

enum jd_err deploy_check(const struct plan *p, struct target *t, const struct deploy_options *o,
			 struct diag *d)
{
	if (p->ndelete > o->max_deletes && !o->force_deletes)
		return diag_set(d, JD_ESAFETY, t->url,
				"refusing to delete %zu objects from '%s' (the limit is %llu; check that "
				"the site directory is the right one, then raise 'deletes: max:' in "
				"jamdeploy.yml or pass --force-deletes)",
				p->ndelete, t->url, (unsigned long long)o->max_deletes);
	return plan_is_empty(p) ? JD_OK : check_keys(p, t, d);
}

enum jd_err deploy_execute(const struct plan *p, const struct site *s, struct target *t,
			   const struct deploy_options *o, struct deploy_report *r, struct diag *d)
{
	static const struct manifest none;
	struct buf json = BUF_INIT, text = BUF_INIT;
	char etag[TARGET_ETAG_MAX] = "";
	const char **deletes = NULL;
	size_t ndeletes = 0, done = 0;
	/* a store without conditional writes (the lease found out) gets plain writes */
	int conditional = !(o->lease && o->lease->unlocked);
	int64_t mark = p->next.deploy;
	enum jd_err rc, prc = JD_OK;
	struct diag pd;

	memset(r, 0, sizeof(*r));
	json.max = text.max = MANIFEST_MAX_BYTES;
	if ((rc = deploy_check(p, t, o, d)) || plan_is_empty(p))
		return rc;
	if (o->manifest_etag)
		snprintf(etag, sizeof(etag), "%s", o->manifest_etag);
	conditional = conditional && (*etag || !o->manifest_exists);
	/* The manifests are made before the first write: if one cannot be, nothing has moved. */
	if ((rc = manifest_json(&p->next, p->ndelete && o->intent ? mark : 0, &json, d)))
		return rc;
	/* the deploy history's objects (a hook): still nothing of the site sent if it fails */
	if (o->before_upload && (rc = o->before_upload(o->before_upload_arg, d)))
		goto out;
	/* 0. the intent: the journal, then the mark that makes the next push read it */
	if (o->intent) {
		if ((rc = journal_serialize(o->intent, &text, d)) ||
		    (o->lease && (rc = lease_renew(o->lease, d))) ||
		    (rc = put_own(t, JD_JOURNAL_KEY, &text, NULL, 0, d)))
			goto out;
		if (!o->remote || !o->remote->journal) {
			struct buf marked = BUF_INIT;

			marked.max = MANIFEST_MAX_BYTES;
			rc = manifest_json(o->remote ? o->remote : &none, mark, &marked, d);
			if (!rc)
				rc = write_manifest(t, &marked, etag, &conditional, o, d);
			buf_release(&marked);
			if (rc)
				goto out;
		}
	}
	for (int phase = 0; phase < 3; phase++)
		if ((rc = o->send_phase ? o->send_phase(o->send_phase_arg, p, t, phase, r, d)
					: put_phase(p, s, t, phase, o->lease, r, d)))
			goto out;
	/* 4. the commit */
	if ((o->lease && (rc = lease_renew(o->lease, d))) ||
	    (rc = write_manifest(t, &json, etag, &conditional, o, d)))
		goto out;
	r->manifest_written = 1;
	deletes = deletable(p, s, &ndeletes, o->events, r);
	if (p->ndelete && o->intent) {
		/* what is left to do: the deletes only (every upload is in the manifest now) */
		struct journal left;

		memset(&left, 0, sizeof(left));
		left.puts.deploy = mark;
		for (size_t i = 0; i < ndeletes; i++)
			journal_add_delete(&left, deletes[i]);
		buf_reset(&text);
		rc = journal_serialize(&left, &text, d);
		journal_free(&left);
		if (rc || (rc = put_own(t, JD_JOURNAL_KEY, &text, NULL, 0, d)))
			goto out;
	}
	/* 5. the purge: its failure does not stop the deletes (they would leak) */
	if (o->after_manifest) {
		diag_clear(&pd);
		if ((prc = o->after_manifest(o->after_manifest_arg, &pd)))
			r->purge_failed = 1;
	}
	/*
	 * 6. the deletes: pages first, in a request of their own, then the
	 * rest, so a push killed half-way never leaves a page whose
	 * stylesheet is gone (the upload order, reversed)
	 */
	for (int pages = 1; pages >= 0 && ndeletes; pages--) {
		const char **batch = xcalloc(ndeletes, sizeof(*batch));
		size_t nbatch = 0;

		for (size_t i = 0; i < ndeletes; i++)
			if (content_type_is_html(content_type_for(deletes[i])) == pages)
				batch[nbatch++] = deletes[i];
		rc = o->lease ? lease_renew(o->lease, d) : JD_OK;
		if (!rc && nbatch) {
			done = 0;
			rc = t->ops->delete_many(t, batch, nbatch, &done, d);
			r->deleted += done;
		}
		free(batch);
		if (rc)
			goto out;
	}
	/* 7. finished: the mark goes, then the journal */
	if (p->ndelete && o->intent) {
		if ((rc = manifest_json(&p->next, 0, &json, d)) ||
		    (rc = write_manifest(t, &json, etag, &conditional, o, d)))
			goto out;
	}
	/* the journal goes with the lease (lease_release): no manifest marks it any more */
	r->finished = 1;
	if (prc) {
		*d = pd;
		rc = prc;
	}
out:
	free(deletes);
	buf_release(&json);
	buf_release(&text);
	return rc;
}
