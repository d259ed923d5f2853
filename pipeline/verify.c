/*
 * verify.c - drift between a target and its manifest (see verify.h).
 *
 * One listing of the whole target (S3: ListObjectsV2 pages, with Size and
 * ETag; a directory: every file read and hashed), sorted, then one merge
 * walk against the manifest, which is sorted too.  An S3 ETag is the MD5 of
 * the object's bytes when it was stored in one part, which is why the
 * manifest keeps an md5 per entry; a multipart ETag ("HEX-N") is an MD5 of
 * part MD5s that we cannot predict without the part size, so such objects
 * (64 MiB and up) are compared by size, as are entries of manifests written
 * before md5 existed.
 *
 * `push --verify` runs drift_find before planning and hands the missing and
 * different keys to plan_make as changed; a plain push never lists, so a
 * no-change push stays one request.
 */
#include "pipeline/verify.h"

#include "lib/sha256.h"
#include "lib/util.h"
#include "pipeline/history.h"
#include "pipeline/push.h"
#include "upload/purge.h"

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct target_object *)a)->key, ((const struct target_object *)b)->key);
}

static struct drift *add(struct drift_report *r, const char *key, enum drift_kind kind)
{
	struct drift *x;

	ARRAY_GROW(r->d, r->n + 1, r->cap);
	x = &r->d[r->n++];
	memset(x, 0, sizeof(*x));
	x->key = xstrdup(key);
	x->kind = kind;
	if (kind == DRIFT_MISSING)
		r->missing++;
	else if (kind == DRIFT_DIFFERENT)
		r->different++;
	else
		r->extra++;
	return x;
}

/* An ETag that is the MD5 of the bytes: 32 hex digits (a multipart one has "-N"). */
static int etag_is_md5(const char *etag)
{
	return strlen(etag) == 32 && strspn(etag, "0123456789abcdefABCDEF") == 32;
}

enum jd_err drift_find(struct target *t, const struct manifest *m, struct drift_report *r,
		       struct diag *d)
{
	struct target_object *objs;
	size_t n, i = 0, j = 0;
	enum jd_err rc;

	memset(r, 0, sizeof(*r));
	if ((rc = target_list_objects(t, "", &objs, &n, d)))
		return rc;
	if (n)
		qsort(objs, n, sizeof(*objs), by_key);
	while (i < m->n || j < n) {
		int c;

		if (j < n && manifest_key_is_reserved(objs[j].key)) {
			j++;
			continue;
		}
		c = i >= m->n ? 1 : j >= n ? -1 : strcmp(m->e[i].key, objs[j].key);
		if (c < 0) {
			struct drift *x = add(r, m->e[i].key, DRIFT_MISSING);

			x->expected_size = m->e[i].size;
			memcpy(x->md5, m->e[i].md5, sizeof(x->md5));
			r->checked++;
			i++;
		} else if (c > 0) {
			struct drift *x = add(r, objs[j].key, DRIFT_EXTRA);

			x->size = objs[j].size;
			memcpy(x->etag, objs[j].etag, sizeof(x->etag));
			j++;
		} else {
			const struct manifest_entry *e = &m->e[i++];
			const struct target_object *o = &objs[j++];
			int md5_known = e->md5[0] && etag_is_md5(o->etag);

			r->checked++;
			r->size_only += !md5_known;
			if (e->size != o->size || (md5_known && strcasecmp(e->md5, o->etag) != 0)) {
				struct drift *x = add(r, e->key, DRIFT_DIFFERENT);

				x->size = o->size;
				x->expected_size = e->size;
				memcpy(x->etag, o->etag, sizeof(x->etag));
				memcpy(x->md5, e->md5, sizeof(x->md5));
			}
		}
	}
	target_objects_free(objs, n);
	return JD_OK;
}

void drift_report_free(struct drift_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->d[i].key);
	free(r->d);
	memset(r, 0, sizeof(*r));
}

void drift_changed_keys(const struct drift_report *r, char ***keys, size_t *n)
{
	*keys = xcalloc(r->n + 1, sizeof(char *));
	*n = 0;
	/* r->d is in key order already: the merge walk made it so */
	for (size_t i = 0; i < r->n; i++)
		if (r->d[i].kind != DRIFT_EXTRA)
			(*keys)[(*n)++] = xstrdup(r->d[i].key);
}

enum jd_err plan_fill_md5(struct plan *p, const struct site *s, struct diag *d)
{
	enum jd_err rc = JD_OK;

	for (size_t i = 0; i < p->nupload && !rc; i++) {
		/* upload[] points into next, which the plan owns: the entry is ours to complete */
		struct manifest_entry *e = &p->next.e[p->upload[i].entry - p->next.e];
		const struct file *f = site_find(s, e->key);

		if (e->md5[0] || !f)
			continue;
		if (f->in_memory)
			md5_hex(f->data.data, f->data.len, e->md5);
		else
			rc = md5_file(file_ship_path(f), e->md5, d);
	}
	return rc;
}

struct target *open_target(const char *url, const struct target_config *tc, const struct config *cfg,
			   struct ca_bundle *ca, struct diag *d)
{
	struct target_config c = *tc;

	if (find_ca_bundle(cfg, url, ca, d))
		return NULL;
	c.ca = ca;
	return target_open(url, &c, d);
}

enum jd_err verify_run(const char *url, const struct target_config *tc, const struct config *cfg,
		       struct verify_result *r, struct diag *d)
{
	enum jd_err rc;

	memset(r, 0, sizeof(*r));
	if (!(r->target = open_target(url, tc, cfg, &r->ca, d)))
		return d->code;
	if ((rc = remote_manifest_get(r->target, JD_MANIFEST_KEY, NULL, &r->remote, &r->remote_found, d)))
		return rc;
	if (!r->remote_found)
		return diag_set(d, JD_EUSAGE, url, "'%s' has no manifest ('%s'): nothing was deployed "
				"there, so there is nothing to verify (push first)", url, JD_MANIFEST_KEY);
	return drift_find(r->target, &r->remote, &r->drift, d);
}

void verify_result_free(struct verify_result *r)
{
	target_close(r->target);
	ca_bundle_free(&r->ca);
	manifest_free(&r->remote);
	drift_report_free(&r->drift);
	memset(r, 0, sizeof(*r));
}
