/*
 * target_objects.c - listing with sizes and ETags, and server-side copies,
 * for any target.
 *
 * Both are optional target operations (target.h).  A target that has them
 * (S3: ListObjectsV2 gives Size and ETag; CopyObject copies in the store)
 * answers directly.  For one that has not (the directory target) the
 * fallback does the same through the operations every target has: list,
 * then get each object to learn its size and MD5 (a local read costs what
 * a stat and a hash would); a copy is a get of the source and a put_many
 * of its bytes.  So target_dir.c needs no code of its own for verify and
 * rollback, and the bytes never leave the machine the target is on.
 */
#include "upload/target.h"

#include "lib/sha256.h"
#include "lib/util.h"

#define COPY_BYTES_MAX ((size_t)256 << 20) /* as S3_GET_MAX: the largest object read whole */

void target_objects_free(struct target_object *objs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(objs[i].key);
	free(objs);
}

enum jd_err target_list_objects(struct target *t, const char *under, struct target_object **objs_out,
				size_t *n_out, struct diag *d)
{
	struct target_object *objs = NULL;
	size_t n = 0, cap = 0, nkeys = 0, ulen = strlen(under);
	char **keys = NULL;
	enum jd_err rc;

	*objs_out = NULL;
	*n_out = 0;
	if (t->ops->list_objects)
		return t->ops->list_objects(t, under, objs_out, n_out, d);
	if ((rc = t->ops->list(t, &keys, &nkeys, d)))
		return rc;
	for (size_t i = 0; i < nkeys; i++) {
		struct buf body;
		enum target_get_result got;

		if (rc || strncmp(keys[i], under, ulen) != 0) {
			free(keys[i]);
			continue;
		}
		buf_init(&body, COPY_BYTES_MAX);
		rc = t->ops->get(t, keys[i], NULL, &body, &got, d);
		if (!rc && got == TARGET_FOUND) { /* gone since the listing: not there */
			ARRAY_GROW(objs, n + 1, cap);
			objs[n] = (struct target_object){ .key = keys[i], .size = body.len };
			md5_hex(body.data, body.len, objs[n].etag);
			n++;
		} else {
			free(keys[i]);
		}
		buf_release(&body);
	}
	free(keys);
	if (rc) {
		target_objects_free(objs, n);
		return rc;
	}
	*objs_out = objs;
	*n_out = n;
	return JD_OK;
}

enum jd_err target_copy_many(struct target *t, const struct put_item *items, size_t n, size_t *done,
			     struct diag *d)
{
	enum jd_err rc = JD_OK;

	*done = 0;
	if (t->ops->copy_many)
		return t->ops->copy_many(t, items, n, done, d);
	for (size_t i = 0; i < n && !rc; i++) {
		struct buf body;
		struct put_item it = items[i];
		enum target_get_result got;
		size_t one = 0;

		buf_init(&body, COPY_BYTES_MAX);
		rc = t->ops->get(t, it.copy_from, NULL, &body, &got, d);
		if (!rc && got != TARGET_FOUND)
			rc = diag_set(d, JD_ETARGET, it.copy_from, "cannot copy '%s' to '%s' in '%s': the "
				      "source is missing", it.copy_from, it.key, t->url);
		if (!rc) {
			it.copy_from = NULL;
			it.path = NULL;
			it.data = body.data;
			it.len = body.len;
			rc = t->ops->put_many(t, &it, 1, &one, d);
			*done += one;
		}
		buf_release(&body);
	}
	return rc;
}
