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
 *     <mtime_ns>:<ctime_ns>:<dev>:<ino> <size> <source sha256> <out sha256> <out size> <T|S|W|N> <path>\n
 *
 * e.g. "1732500000123456789:1732500000123456789:2049:1311 5120 2c26...7ae3
 * 9f86...0a08 3900 T public/index.html": the file of 5120 bytes became 3900
 * bytes, stored as objects/9f/9f86...0a08.  The first field is the stat
 * data git's index keeps (one field, so the columns after it stay where
 * they were).
 * "S" means the source ships as it is (nothing paid; both hashes are equal).
 * With images.webp a PNG or JPEG has a second line with the same path,
 * right after its first: "W" when its WebP is <out sha256> (<out size>
 * bytes, in objects/ like the rest), "N" when no WebP paid (out sha256 all
 * zeros, size 0), so a second build encodes no WebP either.  A build
 * without WebP keeps the lines of unchanged files, so turning WebP off and
 * on again encodes nothing.  The header is
 *
 *     # jamdeploy build cache 4 <settings fingerprint> <time opened, ns> <styles in> <styles>
 *
 * and the whole cache is ignored when the fingerprint (jamdeploy version +
 * transform settings) differs, or the version (4 since the stat data grew
 * ctime, dev and inode: an index of version 3 would trust a file rewritten
 * with its old mtime).  HTML results depend on the site's
 * stylesheets too (what they may make preformatted, html_css.h):
 * <styles> is the fingerprint of those facts, and HTML entries count only
 * while it is unchanged; <styles in> is the fingerprint of the stylesheets'
 * paths and source hashes, so that a build whose CSS did not change knows
 * <styles> without reading a stylesheet.
 *
 * An entry is trusted without reading the file ("clean") when all of the
 * stat data still matches, as git's index does: path, size and mtime are
 * not enough, because `cp -p`, `rsync -a`, tar and reproducible builds
 * rewrite a file and give it back its old mtime, and a same-size edit
 * (a price, a version number) then looks unchanged.  No tool can set a
 * ctime, and such a rewrite makes a new one (often a new inode too).  Also
 * git's "racy clean" rule: an entry whose mtime or ctime is not more than
 * RACY_NS older than <time opened> (when the build that recorded it opened
 * the cache, before it read any source; its stat data is taken after the
 * last read) is not trusted, since the file may have changed in the same
 * clock tick as it was read, or while the build ran.  Otherwise, when the
 * size matches, the file's bytes decide (git's index refresh): a source
 * whose sha256 is still the recorded one keeps the entry, so a rebuild that
 * only rewrote files (new mtimes, same bytes) costs one read and hash per
 * file, not a transform.  A corrupt line or missing object only costs time:
 * the file is processed again.  Copying a project to another disk or
 * restoring the cache in CI changes dev and inode: each file is then read
 * and hashed once, and transformed only when its bytes changed.
 */
#ifndef JD_BUILDCACHE_H
#define JD_BUILDCACHE_H

#include <stdint.h>

#include "lib/buf.h"
#include "site.h"

/* The out sha256 of an N line (no WebP paid); the shared cache's N objects carry it too. */
#define BUILD_CACHE_NO_WEBP_SHA "0000000000000000000000000000000000000000000000000000000000000000"

struct cache_entry {
	const char *path;       /* points into the loaded index text */
	int64_t mtime_ns;       /* stat data of the source when the index was written */
	int64_t ctime_ns;
	uint64_t dev, ino;
	uint64_t size;
	char source_sha[65];
	char sha[65];           /* of the output */
	uint64_t out_size;
	int transformed;        /* T (or, for a WebP entry, W: a WebP exists) */
	int racy;               /* mtime or ctime too close to the recording build to be trusted */
};

/* One sorted array of entries; a cache has one for transforms and one for WebPs. */
struct cache_entries {
	struct cache_entry *e;
	size_t n, cap;
};

struct build_cache {
	char *dir;              /* NULL: no cache */
	int64_t opened_ns;      /* when this build opened it (CLOCK_REALTIME): the next one's racy line */
	char fingerprint[17];
	char styles_in[17];     /* from the index header ("" without one): see the top */
	char styles[17];
	struct buf text;
	struct cache_entries transforms, webps;
};

/* Open the cache in `dir` (may be NULL) for the given settings fingerprint. */
void build_cache_open(struct build_cache *c, const char *dir, const char *fingerprint);

/*
 * The entry for this file's path, or NULL.  *clean = 1 when the file's stat
 * data (size, mtime, ctime, inode, device: one stat() of f->path) is the
 * recorded one and not racy: the entry holds without reading the file;
 * otherwise only a source sha256 equal to e->source_sha proves it.
 */
const struct cache_entry *build_cache_find(const struct build_cache *c, const struct file *f,
					   int *clean);

/*
 * The file's WebP entry (W or N line), or NULL: when it is clean (as above)
 * or records the source sha256 the transform stage found for the file.
 */
const struct cache_entry *build_cache_find_webp(const struct build_cache *c, const struct file *f);

/*
 * CACHE_DIR/objects/AB/SHA for a sha256: where the transform stage and the
 * rewrite memo (rewrite_memo.c) keep bytes.  Caller frees.
 */
char *cache_object_path(const char *cache_dir, const char *sha);

/* The same in this cache's folder. */
char *build_cache_object_path(const struct build_cache *c, const char *sha);

/*
 * Rewrite the index from the site's files (atomically), with the styles
 * fingerprints the HTML results were made with.  Each file is stat'ed again
 * for its stat data (a file gone since is left out).
 */
void build_cache_store(const struct build_cache *c, const struct site *s, const char *styles_in,
		       const char *styles);

void build_cache_close(struct build_cache *c);

#endif
