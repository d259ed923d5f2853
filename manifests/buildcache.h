/*
 * buildcache.h - what earlier builds learned about each source file.
 *
 * The transform stage is the expensive one (minifiers, image encoders, and
 * even just reading 20,000 files), so its result for each source file is
 * remembered in `.jamdeploy/cache/`:
 *
 *   index          one line per source file, sorted by path
 *   objects/AB/SHA transformed bytes, named by their sha256
 *
 * index layout: a header line, then
 *
 *     <mtime_ns> <size> <source sha256> <out sha256> <out size> <T|S|W|N> <path>\n
 *
 * e.g. "1732500000123456789 5120 2c26...7ae3 9f86...0a08 3900 T public/index.html":
 * the file of 5120 bytes became 3900 bytes, stored as objects/9f/9f86...0a08.
 * "S" means the source ships as it is (nothing paid; both hashes are equal).
 * With images.webp a PNG or JPEG has a second line with the same path,
 * right after its first: "W" when its WebP is <out sha256> (<out size>
 * bytes, in objects/ like the rest), "N" when no WebP paid (out sha256 all
 * zeros, size 0), so a second build encodes no WebP either.  A build
 * without WebP keeps the lines of unchanged files, so turning WebP off and
 * on again encodes nothing.  The header is
 *
 *     # jamdeploy build cache 3 <settings fingerprint> <time written, ns> <styles in> <styles>
 *
 * and the whole cache is ignored when the fingerprint (jamdeploy version +
 * transform settings) differs.  HTML results depend on the site's
 * stylesheets too (what they may make preformatted, html_css.h):
 * <styles> is the fingerprint of those facts, and HTML entries count only
 * while it is unchanged; <styles in> is the fingerprint of the stylesheets'
 * paths and source hashes, so that a build whose CSS did not change knows
 * <styles> without reading a stylesheet.  An entry is trusted without reading the
 * file ("clean") when mtime and size still match and the mtime is more
 * than RACY_NS older than the time the index was written: a file changed
 * in the same clock tick as it was hashed could otherwise keep its old
 * size and mtime (git's "racy clean" problem).  Otherwise, when the size
 * matches, the file's bytes decide (git's index refresh): a source whose
 * sha256 is still the recorded one keeps the entry, so a rebuild that only
 * rewrote files (new mtimes, same bytes) costs one read and hash per file,
 * not a transform.  A corrupt line or missing object only costs time: the
 * file is processed again.
 */
#ifndef JD_BUILDCACHE_H
#define JD_BUILDCACHE_H

#include <stdint.h>

#include "lib/buf.h"
#include "site.h"

struct cache_entry {
	const char *path;       /* points into the loaded index text */
	int64_t mtime_ns;
	uint64_t size;
	char source_sha[65];
	char sha[65];           /* of the output */
	uint64_t out_size;
	int transformed;        /* T (or, for a WebP entry, W: a WebP exists) */
	int racy;               /* mtime too close to the index's writing to be trusted */
};

/* One sorted array of entries; a cache has one for transforms and one for WebPs. */
struct cache_entries {
	struct cache_entry *e;
	size_t n, cap;
};

struct build_cache {
	char *dir;              /* NULL: no cache */
	char fingerprint[17];
	char styles_in[17];     /* from the index header ("" without one): see the top */
	char styles[17];
	struct buf text;
	struct cache_entries transforms, webps;
};

/* Open the cache in `dir` (may be NULL) for the given settings fingerprint. */
void build_cache_open(struct build_cache *c, const char *dir, const char *fingerprint);

/*
 * The entry for this file's path, or NULL.  *clean = 1 when size and mtime
 * match and are not racy: the entry holds without reading the file;
 * otherwise only a source sha256 equal to e->source_sha proves it.
 */
const struct cache_entry *build_cache_find(const struct build_cache *c, const struct file *f,
					   int *clean);

/*
 * The file's WebP entry (W or N line), or NULL: when it is clean (as above)
 * or records the source sha256 the transform stage found for the file.
 */
const struct cache_entry *build_cache_find_webp(const struct build_cache *c, const struct file *f);

/* objects/AB/SHA for a sha256; caller frees. */
char *build_cache_object_path(const struct build_cache *c, const char *sha);

/*
 * Rewrite the index from the site's files (atomically), with the styles
 * fingerprints the HTML results were made with.
 */
void build_cache_store(const struct build_cache *c, const struct site *s, const char *styles_in,
		       const char *styles);

void build_cache_close(struct build_cache *c);

#endif
