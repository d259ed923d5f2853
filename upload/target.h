/*
 * target.h - where a site is deployed: a small table of operations.
 *
 * A target is opened from a URL (`DIR`, `file://DIR`, `s3://BUCKET/PREFIX`)
 * and offers get / put_many / delete_many / list.  The pipeline never asks
 * which kind it has.  Keys are '/'-separated, relative to the target's
 * prefix, without a leading '/'.
 *
 * put_many and delete_many take a whole phase at once so that a network
 * target can run `jobs` requests in parallel; they stop at the first hard
 * error (after retries) and report how many objects were done, so the
 * caller knows what landed.
 *
 * A target never prints.  What it has to say besides errors goes through
 * the command's struct target_events: warnings with a stable id (the S3
 * target's "region-switch"), and with -v one line per HTTP request.
 */
#ifndef JD_TARGET_H
#define JD_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/err.h"

#define TARGET_ETAG_MAX 128 /* bytes for an ETag, quotes and NUL included */

/* One object to upload.  Either `path` (streamed from disk) or `data`/`len`. */
struct put_item {
	const char *key;
	const char *path;
	const char *data;
	size_t len;          /* bytes to send (also for `path`) */
	const char *sha256;  /* hex, 64 chars */
	const char *content_type;
	const char *cache_control;
	const char *content_encoding; /* NULL or "" for none */
	/*
	 * Optional, TARGET_ETAG_MAX bytes: receives the ETag the store gave
	 * the object (the directory target's is the quoted sha256 of the bytes).
	 */
	char *etag_out;
	/*
	 * Only for copy_many: the key (on the same target) whose bytes the
	 * object gets; `path`, `data` are then unused, `len` is its size.
	 */
	const char *copy_from;
	/*
	 * Conditions (jamdeploy's own objects under .jamdeploy/: the lease and
	 * the manifest): `if_match` (an ETag) stores the object only while the
	 * one there has that ETag, `if_none_match` only while there is none.
	 * Unmet: JD_ECONFLICT.  A store that cannot check them (S3's 501
	 * NotImplemented): JD_EUNSUPPORTED, and nothing is stored.
	 */
	const char *if_match;
	int if_none_match;
};

/* One object a listing found (target_list_objects). */
struct target_object {
	char *key;                   /* relative to the target, heap */
	uint64_t size;
	/*
	 * S3: the ETag without quotes (the MD5 of a single-part object;
	 * "HEX-N" for a multipart one).  Directory: the file's MD5, computed.
	 */
	char etag[TARGET_ETAG_MAX];
};

/*
 * Where a target's messages go; the command owns it and decides how they
 * are shown (stderr, the --json document).  Any callback may be NULL.
 */
struct target_events {
	/* A warning: `id` is stable ("region-switch"), `message` says what to do. */
	void (*warn)(void *arg, const char *id, const char *message);
	/* -v: one line per HTTP request, free of credentials (upload/http.h). */
	void (*request)(void *arg, const char *line);
	/* -v: one line about a decision ("credentials: profile 'dev' via sso"), free of secrets. */
	void (*note)(void *arg, const char *line);
	/* put_many stored one object of `bytes` bytes (progress); called in the caller's thread. */
	void (*stored)(void *arg, uint64_t bytes);
	void *arg;
};

/* Options for opening a target; the directory target only uses `events`. */
struct target_config {
	const char *endpoint;
	const char *region;
	int path_style;
	int jobs;
	const struct target_events *events; /* NULL: nothing is reported */
	const struct ca_bundle *ca;         /* CAs HTTPS trusts (borrowed); NULL: libcurl's default */
	const char *profile;                /* AWS profile given explicitly (--profile), or NULL */
};

/* What get() found. */
enum target_get_result {
	TARGET_MISSING = 0,      /* no such key */
	TARGET_FOUND = 1,        /* the body is in `out` */
	TARGET_NOT_MODIFIED = 2, /* its ETag is still the one given; `out` untouched */
};

struct target;
struct ca_bundle;

struct target_ops {
	const char *scheme;  /* "file", "s3" */
	/*
	 * Fetch `key` into `out`; a missing key is JD_OK with TARGET_MISSING.
	 * `etag` (TARGET_ETAG_MAX bytes, may be NULL) is in and out: a
	 * non-empty ETag makes the fetch conditional (If-None-Match), so an
	 * unchanged object is TARGET_NOT_MODIFIED and costs no body; on
	 * TARGET_FOUND it receives the object's ETag ("" when the target has
	 * none, and then it never answers TARGET_NOT_MODIFIED).
	 */
	enum jd_err (*get)(struct target *t, const char *key, char *etag, struct buf *out,
			   enum target_get_result *result, struct diag *d);
	/*
	 * Optional (NULL: target_get_many asks get() once per key): fetch
	 * keys[0..n) at once, `jobs` in parallel; results[i] is TARGET_FOUND
	 * with the body in outs[i] or TARGET_MISSING.  No ETags.
	 */
	enum jd_err (*get_many)(struct target *t, const char *const *keys, size_t n, struct buf *outs,
				enum target_get_result *results, struct diag *d);
	enum jd_err (*put_many)(struct target *t, const struct put_item *items, size_t n,
				size_t *done, struct diag *d);
	enum jd_err (*delete_many)(struct target *t, const char *const *keys, size_t n,
				   size_t *done, struct diag *d);
	/*
	 * What `n` keys hold now: sha[i] receives the hex sha256 of the bytes
	 * stored at keys[i], or "" when the key is missing or its sha256 is not
	 * known (S3: an object without the x-amz-meta-jd-sha256 jamdeploy
	 * sends).  S3 asks HEAD in parallel; the directory target reads and
	 * hashes the files.  A resumed push uses it to tell which keys of an
	 * interrupted one arrived with the right bytes.
	 */
	enum jd_err (*probe_many)(struct target *t, const char *const *keys, size_t n,
				  char (*sha)[65], struct diag *d);
	/* Every key under the prefix; *keys is an array of heap strings (free both). */
	enum jd_err (*list)(struct target *t, char ***keys, size_t *n, struct diag *d);
	/*
	 * Optional (NULL: the target stores any key the pipeline makes).  Refuse
	 * a key this target cannot store (S3: over 1,024 bytes with the prefix),
	 * naming it in `d`.  deploy_execute asks about every key of a push before
	 * its first write, so a push never stops half-way at such a key.
	 */
	enum jd_err (*check_key)(struct target *t, const char *key, struct diag *d);
	/*
	 * Optional (NULL: target_list_objects lists and reads each object):
	 * every object whose key starts with `under` ("" for all), with size
	 * and ETag; *objs is a heap array of heap keys (target_objects_free).
	 */
	enum jd_err (*list_objects)(struct target *t, const char *under, struct target_object **objs,
				    size_t *n, struct diag *d);
	/*
	 * Optional (NULL: target_copy_many reads and writes through get and
	 * put_many): store each item's copy_from object under its key, with its
	 * headers, without the bytes passing through this machine (S3
	 * CopyObject).  *done as for put_many.
	 */
	enum jd_err (*copy_many)(struct target *t, const struct put_item *items, size_t n,
				 size_t *done, struct diag *d);
	/* Optional (NULL: not on this machine): the folder a local target writes into. */
	const char *(*local_dir)(const struct target *t);
	void (*close)(struct target *t);
};

struct target {
	const struct target_ops *ops;
	char *url;      /* as given by the user, for messages */
	void *impl;     /* the implementation's own state */
};

/* Open the target named by `url`; on error returns NULL and fills `d`. */
struct target *target_open(const char *url, const struct target_config *cfg, struct diag *d);
void target_close(struct target *t);

/*
 * Fetch keys[0..n): the target's get_many when it has one (S3: parallel
 * GETs over its connection pool), else get() per key (a directory).
 * outs[i] (initialised by the caller, who releases them) receives the body
 * when results[i] is TARGET_FOUND.  Stops at the first hard error.
 */
enum jd_err target_get_many(struct target *t, const char *const *keys, size_t n, struct buf *outs,
			    enum target_get_result *results, struct diag *d);
/* The target's list_objects, or the fallback over list + get (upload/target_objects.c). */
enum jd_err target_list_objects(struct target *t, const char *under, struct target_object **objs,
				size_t *n, struct diag *d);
void target_objects_free(struct target_object *objs, size_t n);

/* The target's copy_many, or the fallback: get each source, put_many its bytes. */
enum jd_err target_copy_many(struct target *t, const struct put_item *items, size_t n, size_t *done,
			     struct diag *d);

/* Implementations, chosen by target_open(). */
struct target *target_dir_open(const char *dir, const char *url, const struct target_events *events,
				struct diag *d);
struct target *target_s3_open(const char *url, const struct target_config *cfg, struct diag *d);

#endif
