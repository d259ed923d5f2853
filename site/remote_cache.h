/*
 * remote_cache.h - the shared build cache: transform results by content,
 * in a bucket or a directory that many machines (CI runners, the jobs of a
 * build matrix) read and fill.
 *
 * The local build cache (buildcache.h) is keyed by path and stat data, so
 * a fresh checkout (new mtimes, inodes, no .jamdeploy/cache) finds nothing
 * in it.  This cache is keyed by what a result depends on only: the
 * settings fingerprint (the local cache's), the sha256 of the source bytes,
 * and for HTML the fingerprint of the stylesheet facts it was minified
 * with.  Keys, under the cache URL:
 *
 *     <fingerprint>/t/<source sha256>            a transform (non-HTML)
 *     <fingerprint>/h/<styles>/<source sha256>   an HTML transform
 *     <fingerprint>/w/<source sha256>            the WebP outcome of a PNG/JPEG
 *
 * Each object is one header line, then the result's bytes:
 *
 *     jamdeploy cache 1 <key> <T|S|W|N> <out sha256> <out size>\n<bytes>
 *
 * e.g. "jamdeploy cache 1 3f0c.../t/2c26...7ae3 T 9f86...0a08 3900\n" and
 * 3900 bytes.  The letters are the index's (buildcache.h): T transformed,
 * S ships as it is (no body; the out hash is the source's), W a WebP, N no
 * WebP paid (no body).  An object is used only when its header names the
 * very key it was fetched under (an object copied under another key is
 * not believed), its letter fits the key, and its body has the size and
 * sha256 the header says: a flipped byte, a truncated upload or a
 * misplaced object is a warning ("cache-corrupt", naming the key), and the
 * file is transformed again (and the object written again) instead.
 *
 * Lookups are batched: all the keys a build needs go to the target's
 * get_many (S3: parallel GETs over one connection pool), in slices of
 * REMOTE_CACHE_BATCH so that memory stays bounded.  Results computed by a
 * build are written back with put_many, unless the cache is read-only.
 * The cache never makes a build fail: an unreadable or unwritable cache is
 * a warning ("cache-unavailable", "cache-write-failed") and costs time.
 */
#ifndef JD_REMOTE_CACHE_H
#define JD_REMOTE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/config.h"
#include "lib/err.h"
#include "site/site.h"
#include "upload/ca_bundle.h"
#include "upload/target.h"

#define REMOTE_CACHE_BATCH 64 /* objects fetched or stored per request batch */

struct remote_cache {
	struct target *target;     /* NULL: no shared cache */
	char fingerprint[17];
	int readonly;
	struct ca_bundle ca;
};

/* One object to fetch or store: a request and, after a fetch, what it held. */
struct remote_item {
	char *key;                 /* remote_cache_key(), heap */
	char kind;                 /* T, S, W or N */
	char sha[65];              /* of the result bytes (S: the source's) */
	uint64_t size;
	struct buf bytes;          /* T and W: the result */
	int found;                 /* a fetch found a valid object */
};

/*
 * Open the shared cache cfg->cache (NULL or "": rc->target stays NULL, no
 * error) with the settings fingerprint `fingerprint`: S3 with
 * cfg->cache_endpoint / cache_region, else the target's endpoint, region
 * and path style, and the CA bundle as a push finds it; or a directory.
 * A URL that cannot be opened (a bad scheme, no credentials) is an error
 * (JD_EUSAGE, JD_EAUTH, JD_ECONFIG): the user asked for the cache.
 */
enum jd_err remote_cache_open(struct remote_cache *rc, const struct config *cfg, const char *fingerprint,
			      int jobs, struct diag *d);
void remote_cache_close(struct remote_cache *rc);

/*
 * The key of a result (heap): namespace 't', 'h' (then `styles` is the
 * stylesheet facts' fingerprint) or 'w'; see the top of this file.
 */
char *remote_cache_key(const struct remote_cache *rc, char ns, const char *styles, const char *source_sha);

/*
 * Which shard of `count` (1..count) a source belongs to: from the first
 * bytes of sha256(fingerprint/source sha256), so every machine agrees.
 */
uint64_t remote_cache_shard(const struct remote_cache *rc, const char *source_sha, uint64_t count);

/*
 * Fetch items[0..n) (each with `key` set).  Each valid object sets found,
 * kind, sha, size and bytes; an invalid one is a "cache-corrupt" warning
 * on `s` and stays not found; a cache that cannot be reached is one
 * "cache-unavailable" warning and nothing is found.  Never fails.
 */
void remote_cache_fetch(const struct remote_cache *rc, struct remote_item *items, size_t n, struct site *s);

/*
 * Store items[0..n) (key, kind, sha, size, bytes set), unless the cache is
 * read-only.  A failure is a "cache-write-failed" warning on `s`.
 */
void remote_cache_store(const struct remote_cache *rc, const struct remote_item *items, size_t n,
			struct site *s);

void remote_item_release(struct remote_item *it);

#endif
