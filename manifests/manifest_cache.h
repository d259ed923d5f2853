/*
 * manifest_cache.h - the last remote manifest seen, kept so that fetching
 * an unchanged one costs a 304 and no body.
 *
 * One file per target in the build cache folder (.jamdeploy/cache),
 * named after the target (endpoint and URL):
 *
 *   .jamdeploy/cache/manifest-<first 16 hex digits of sha256("ENDPOINT\nURL")>
 *
 *   # jamdeploy remote manifest 1 "9b2cf535f27731c974343645a3985328" <sha256 of BODY>\n
 *   BODY (the manifest JSON exactly as the target served or stored it)
 *
 * The ETag is what the target answered for BODY (GetObject, or the
 * PutObject that wrote it).  A copy whose header does not parse or whose
 * body does not match its sha256 is ignored, and the fetch is a plain GET.
 * Writing the copy is best effort: a cache that cannot be written only
 * costs a full GET next time.
 */
#ifndef JD_MANIFEST_CACHE_H
#define JD_MANIFEST_CACHE_H

#include <stddef.h>

#include "lib/buf.h"
#include "upload/target.h"

struct manifest_cache {
	char *path;                  /* NULL: no cache (no cache folder) */
	char etag[TARGET_ETAG_MAX];  /* "" unless a valid copy was loaded */
	struct buf text;             /* the whole file; body = text.data + body_offset */
	size_t body_offset;
};

/*
 * Open the cache entry for the target (`endpoint` may be NULL) in
 * `cache_dir` (NULL: none) and load it when it is whole; etag stays ""
 * otherwise.  Free with manifest_cache_free.
 */
void manifest_cache_load(struct manifest_cache *c, const char *cache_dir, const char *endpoint,
			 const char *url);

/* The cached body (valid only when c->etag is not ""). */
const char *manifest_cache_body(const struct manifest_cache *c, size_t *len);

/*
 * Remember `body` under `etag`; with an empty or unusable ETag (one with
 * blanks or control characters) the entry is removed instead, so it is
 * never paired with the wrong bytes.
 */
void manifest_cache_save(const struct manifest_cache *c, const char *etag, const char *body,
			 size_t len);

/* Remove the entry (the target has no manifest any more, or it did not parse). */
void manifest_cache_forget(const struct manifest_cache *c);

void manifest_cache_free(struct manifest_cache *c);

#endif
