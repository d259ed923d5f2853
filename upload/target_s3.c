/*
 * target_s3.c - the s3:// target: upload/target.h's operations over upload/s3.c.
 *
 * A thin adapter: the target owns one struct s3 (connection pool,
 * credentials, bucket and prefix) and maps each operation to the S3 call
 * that does it in the fewest requests: get = one GetObject (a missing key
 * is "not found", not an error; with an ETag it is conditional, so an
 * unchanged object is a 304 without a body), get_many = parallel
 * GetObjects, put_many = parallel PutObject / multipart (with S3's
 * conditional-write headers when asked), delete_many = DeleteObjects in
 * batches of 1,000, probe_many = parallel HeadObject, list = ListObjectsV2
 * pages (list_objects: with Size and ETag), copy_many = CopyObject (a
 * rollback's server-side copies), check_key = S3's 1,024-byte limit on
 * prefix + key.
 */
#include "lib/util.h"
#include "upload/s3.h"
#include "upload/target.h"

static struct s3 *s3_of(struct target *t)
{
	return t->impl;
}

static enum jd_err s3t_get(struct target *t, const char *key, char *etag, struct buf *out,
			   enum target_get_result *result, struct diag *d)
{
	long status = 0;
	char got[TARGET_ETAG_MAX] = "";
	enum jd_err rc = s3_get(s3_of(t), key, etag && *etag ? etag : NULL, out, &status, got, d);

	*result = TARGET_MISSING;
	if (rc)
		return rc;
	if (status == 304) {
		*result = TARGET_NOT_MODIFIED;
	} else if (status == 200) {
		*result = TARGET_FOUND;
		if (etag)
			memcpy(etag, got, sizeof(got));
	}
	return JD_OK;
}

static enum jd_err s3t_get_many(struct target *t, const char *const *keys, size_t n, struct buf *outs,
				enum target_get_result *results, struct diag *d)
{
	return s3_get_many(s3_of(t), keys, n, outs, results, d);
}

static enum jd_err s3t_put_many(struct target *t, const struct put_item *items, size_t n,
				size_t *done, struct diag *d)
{
	return s3_put_many(s3_of(t), items, n, done, d);
}

static enum jd_err s3t_delete_many(struct target *t, const char *const *keys, size_t n,
				   size_t *done, struct diag *d)
{
	return s3_delete_many(s3_of(t), keys, n, done, d);
}

static enum jd_err s3t_probe_many(struct target *t, const char *const *keys, size_t n,
				  char (*sha)[65], struct diag *d)
{
	return s3_probe_many(s3_of(t), keys, n, sha, d);
}

static enum jd_err s3t_list(struct target *t, char ***keys, size_t *n, struct diag *d)
{
	return s3_list(s3_of(t), keys, n, d);
}

static enum jd_err s3t_list_objects(struct target *t, const char *under, struct target_object **objs,
				    size_t *n, struct diag *d)
{
	return s3_list_objects(s3_of(t), under, objs, n, d);
}

static enum jd_err s3t_copy_many(struct target *t, const struct put_item *items, size_t n,
				 size_t *done, struct diag *d)
{
	return s3_copy_many(s3_of(t), items, n, done, d);
}

static enum jd_err s3t_check_key(struct target *t, const char *key, struct diag *d)
{
	return s3_check_key(s3_of(t), key, d);
}

static void s3t_close(struct target *t)
{
	s3_close(s3_of(t));
	free(t->url);
	free(t);
}

static const struct target_ops s3_ops = {
	.scheme = "s3",
	.get = s3t_get,
	.get_many = s3t_get_many,
	.put_many = s3t_put_many,
	.delete_many = s3t_delete_many,
	.probe_many = s3t_probe_many,
	.list = s3t_list,
	.check_key = s3t_check_key,
	.list_objects = s3t_list_objects,
	.copy_many = s3t_copy_many,
	.close = s3t_close,
};

struct target *target_s3_open(const char *url, const struct target_config *cfg, struct diag *d)
{
	struct s3_options o = { 0 };
	struct s3 *s;
	struct target *t;

	if (cfg) {
		o.endpoint = cfg->endpoint;
		o.region = cfg->region;
		o.path_style = cfg->path_style;
		o.jobs = cfg->jobs;
		o.events = cfg->events;
		o.ca = cfg->ca;
		o.profile = cfg->profile;
	}
	if (s3_open(&s, url, &o, d) != JD_OK)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->ops = &s3_ops;
	t->url = xstrdup(url);
	t->impl = s;
	return t;
}
