/*
 * s3.h - an S3 client for one bucket and prefix: the operations a deploy needs.
 *
 * Opened from "s3://BUCKET[/PREFIX]"; keys given to and returned by these
 * functions are relative to PREFIX.  Every request is SigV4-signed (path
 * encoded once, never normalized, x-amz-content-sha256 always sent) and
 * runs through upload/http.c, so it is retried on 5xx, SlowDown,
 * RequestTimeout and connection errors, and re-signed on every attempt;
 * throttling answers (503, 429, SlowDown) slow the whole client down.
 *
 * Addressing: virtual-hosted (https://BUCKET.HOST/KEY) unless path_style
 * is asked for, the bucket name has a dot (TLS wildcard certificates do
 * not cover it), or the endpoint is an IP address or localhost.  With no
 * endpoint the host is s3.REGION.amazonaws.com.
 *
 * Errors carry the S3 error Code and Message from the response XML, the
 * key, and a hint (wrong region, bad credentials, clock skew, missing
 * bucket).  A PermanentRedirect or AuthorizationHeaderMalformed answer
 * that names the bucket's region switches the client to that region once
 * and retries; a "region-switch" warning (through `events`) and
 * s3_region_hint() then say which --region to use.
 */
#ifndef JD_S3_H
#define JD_S3_H

#include <stddef.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "upload/ca_bundle.h"
#include "upload/http.h"
#include "upload/target.h"

#define S3_MULTIPART_THRESHOLD ((size_t)64 << 20)
#define S3_PART_SIZE ((size_t)8 << 20)
#define S3_DELETE_BATCH 1000
#define S3_GET_MAX ((size_t)256 << 20) /* largest object s3_get reads into memory */

struct s3_options {
	const char *endpoint;  /* NULL or "": s3_env_endpoint(), else AWS */
	const char *region;    /* NULL or "": s3_env_region(), the profile's, us-east-1 */
	int path_style;
	int jobs;                   /* requests in flight; <= 0 means 16 */
	size_t multipart_threshold; /* 0 means S3_MULTIPART_THRESHOLD */
	size_t part_size;           /* 0 means S3_PART_SIZE */
	int max_attempts;           /* 0: http.c's default */
	long retry_base_ms;         /* 0: http.c's default */
	long retry_max_ms;          /* 0: http.c's default */
	long throttle_budget_ms;    /* 0: http.c's default */
	long stall_timeout_s;       /* 0: http.c's default */
	const struct target_events *events; /* warnings, -v request lines; may be NULL */
	const struct ca_bundle *ca; /* CAs HTTPS trusts (borrowed, outlives the client); NULL: default */
	const char *profile;        /* AWS profile given explicitly, or NULL (upload/credentials.h) */
};

struct s3;

/*
 * The one place the S3 endpoint and region are read from the environment.
 * Precedence, highest first: `given` (cmd/options.c passes --endpoint /
 * --region, else 'endpoint:' / 'region:' of jamdeploy.yml), then
 * AWS_ENDPOINT_URL, resp. AWS_REGION and AWS_DEFAULT_REGION, as the AWS CLI
 * does.  An empty value counts as unset at every step, so an empty flag or
 * config value gives way to the environment.  Returns `given` when it is
 * not empty, else the environment's value, else `given` (NULL or "").
 * s3_open() applies the same to its options; below these, the region falls
 * back to the profile's (~/.aws/config) and then us-east-1.
 */
const char *s3_env_endpoint(const char *given);

/*
 * The tag finder S3 answers are read with, also used for STS's
 * (upload/sts.c): the next <tag>...</tag> in [*p, end), its text unescaped
 * and appended to `out` (may be NULL); *p moves past it.  0 when none.
 */
int s3_xml_next(const char **p, const char *end, const char *tag, struct buf *out);
const char *s3_env_region(const char *given);

/*
 * Parse `url` ("s3://BUCKET[/PREFIX]"), load credentials, prepare the
 * connection pool.  Returns JD_OK with *out set, or JD_EUSAGE (bad URL or
 * endpoint), JD_EAUTH (no credentials; the message says what to set).
 * No request is sent.
 */
enum jd_err s3_open(struct s3 **out, const char *url, const struct s3_options *o, struct diag *d);
void s3_close(struct s3 *s);

/*
 * GetObject.  *status is 200 (body in `out`), 304 (if_none_match matched;
 * `out` untouched) or 404 (no such key).  `etag` (may be NULL) receives
 * the ETag, quotes included, for a later If-None-Match.
 */
enum jd_err s3_get(struct s3 *s, const char *key, const char *if_none_match, struct buf *out,
		   long *status, char etag[128], struct diag *d);

/* HeadObject: *status 200 or 404; `etag` as for s3_get (may be NULL). */
enum jd_err s3_head(struct s3 *s, const char *key, long *status, char etag[128], struct diag *d);

/*
 * GetObject of keys[0..n) in one parallel run (at most `jobs` in flight,
 * retried like every request): results[i] is TARGET_FOUND with the body in
 * outs[i] (replaced; the caller owns and releases it) or TARGET_MISSING.
 * Stops at the first hard error (after retries), which it returns.
 */
enum jd_err s3_get_many(struct s3 *s, const char *const *keys, size_t n, struct buf *outs,
			enum target_get_result *results, struct diag *d);

/*
 * HeadObject of `n` keys, `jobs` at a time: sha[i] receives the object's
 * x-amz-meta-jd-sha256 (what s3_put_many sent), "" when the key is
 * missing or carries none.
 */
enum jd_err s3_probe_many(struct s3 *s, const char *const *keys, size_t n, char (*sha)[65],
			  struct diag *d);

/*
 * Upload `n` objects, `jobs` at a time; objects from multipart_threshold
 * bytes up go in part_size parts (aborted on failure).  Stops at the
 * first object that fails after retries; *done counts the objects known
 * to be stored.  An item's if_match / if_none_match become S3's
 * conditional-write headers: 412 PreconditionFailed is JD_ECONFLICT, 501
 * NotImplemented (a store without them) JD_EUNSUPPORTED, and 409
 * ConditionalRequestConflict is retried, as AWS advises.
 */
enum jd_err s3_put_many(struct s3 *s, const struct put_item *items, size_t n, size_t *done,
			struct diag *d);

/* DeleteObjects in batches of 1,000.  *done counts deleted keys. */
enum jd_err s3_delete_many(struct s3 *s, const char *const *keys, size_t n, size_t *done,
			   struct diag *d);

/* ListObjectsV2, every page: the keys under the prefix (relative to it). */
enum jd_err s3_list(struct s3 *s, char ***keys, size_t *n, struct diag *d);

/*
 * ListObjectsV2, every page, of the keys under PREFIX/`under`: key
 * (relative to the prefix), Size and ETag (quotes removed) of each.
 * *objs is freed with target_objects_free.
 */
enum jd_err s3_list_objects(struct s3 *s, const char *under, struct target_object **objs, size_t *n,
			    struct diag *d);

/*
 * CopyObject for each item (items[i].copy_from -> items[i].key, both
 * relative to the prefix), `jobs` at a time, with the item's headers
 * (metadata directive REPLACE).  Stops at the first failure after
 * retries; *done counts the copies made.
 */
enum jd_err s3_copy_many(struct s3 *s, const struct put_item *items, size_t n, size_t *done,
			 struct diag *d);

/*
 * JD_OK when S3 can store `key` under this client's prefix: 1 to 1,024
 * bytes of UTF-8 for "PREFIX/KEY".  Else JD_ELIMIT with a message naming
 * the key (its middle left out when long) and its length.  No request.
 */
enum jd_err s3_check_key(const struct s3 *s, const char *key, struct diag *d);

/* Requests sent so far (every attempt counts). */
void s3_stats(const struct s3 *s, struct http_stats *out);

/*
 * "" or, after a region switch, "bucket 'b' is in region 'eu-west-1', not
 * 'us-east-1': set --region eu-west-1 (or 'region: eu-west-1' in
 * jamdeploy.yml)", the text of the "region-switch" warning.
 */
const char *s3_region_hint(const struct s3 *s);

#endif
