/*
 * site.h - the data that flows through the pipeline: one site, its files.
 *
 *   scan -> transform -> hash_and_rewrite -> manifest_of -> plan -> execute
 *
 * A struct site owns an array of struct file.  Each stage fills more of
 * each file and never reaches back into an earlier stage:
 *
 *   scan       key, path, size, mtime, content_type
 *   transform  data or cached_path (when a minifier or encoder made it
 *              smaller), sha256 and size of the result; with images.webp,
 *              a derived NAME.webp file per PNG/JPEG whose WebP pays
 *              (derived_from set; its bytes are always in data or
 *              cached_path, never at `path`, which names its source)
 *   picture    HTML <img> of those images wrapped in <picture> (picture.c)
 *   rewrite    key (name.HASH.ext), class, data/sha256/size of rewritten
 *              referrers, and `refs`: the references each HTML, CSS and web
 *              manifest makes to files of the site (refs.h), which both the
 *              hashing and `jamdeploy check`'s page weight use
 *   headers    cache_control, content_encoding
 *   compress   data, sha256 and size again when a rule precompresses
 *
 * A file's shipped bytes are `data` when `in_memory` is set, else the file
 * at file_ship_path() (the build cache's copy of transformed bytes, or the
 * source); large untransformed files are never read into memory.
 */
#ifndef JD_SITE_H
#define JD_SITE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/config.h"
#include "lib/err.h"
#include "site/refs.h"

enum file_class {
	FILE_REVALIDATED = 0, /* HTML and other un-hashed files: short cache */
	FILE_HASHED,          /* renamed by us to name.HASH.ext */
	FILE_FINGERPRINTED,   /* already carries a hash in its name or path */
};

struct file {
	char *key;                 /* "css/app.css": '/'-separated, no leading '/' */
	char *path;                /* the source file on disk */
	const char *content_type;  /* static string from the type table, or the rule's */
	char *cache_control;       /* heap */
	const char *content_encoding; /* NULL, "gzip" or "br" */
	uint64_t size;             /* bytes that will ship */
	int64_t mtime_ns;          /* of the source */
	uint64_t source_size;
	struct buf data;           /* shipped bytes when in_memory */
	int in_memory;
	char *cached_path;         /* transformed bytes kept in the build cache, or NULL */
	int transformed;           /* a minifier or encoder made it smaller */
	char *warning;             /* why a transform was skipped, or NULL (heap) */
	const char *warning_id;    /* its stable id: "minify-failed", "image-failed" (static) */
	char source_sha256[65];    /* of the source bytes ("" until known; the build cache keeps it) */
	char transform_sha256[65]; /* of the transform stage's output (what the build cache keeps) */
	uint64_t transform_size;
	char sha256[65];           /* hex of the shipped bytes */
	enum file_class class;
	/* images.webp: the WebP the transform stage made of this PNG/JPEG (images.h) */
	int webp_tried;            /* it looked (result cached even when no WebP paid) */
	uint64_t webp_size;        /* 0: no WebP at least 10% smaller */
	char webp_sha256[65];
	struct buf webp_data;      /* the WebP when made in this build (moved to the derived file) */
	char *webp_cached_path;    /* or its copy in the build cache, heap */
	char *derived_from;        /* a WebP file: key of the PNG/JPEG it was made from, heap */
	int other_shard;           /* build --shard: another shard transforms it (ships as it is here) */
	/*
	 * After rewrite_site (or its memo): the references this HTML, CSS or
	 * web manifest file makes to files of the site, in document order,
	 * each with its kind and group (refs.h) and `key` the target's key as
	 * shipped (its hashed name when renamed); `off` is 0.  Empty for
	 * other files.  The one reference graph: page weight walks it.
	 */
	struct ref_list refs;
};

/* One asset renamed by the hash + rewrite stage (rewrite.c). */
struct rename {
	char *from, *to;           /* old and new key, heap */
};

struct site {
	char *root;                /* the site directory as given */
	struct file *files;        /* sorted by key after scan */
	size_t nfiles, cap;
	struct rename *renames;    /* sorted by `from`; filled by rewrite_site */
	size_t nrenames, renames_cap;
	/* what the transform stage did now (the rest came from the build cache) */
	size_t transforms_run;     /* files read and given to a minifier or encoder */
	size_t webps_encoded;      /* WebP encodings (images.webp) */
	size_t webps;              /* derived NAME.webp files in the site */
	size_t from_local;         /* transform results the local build cache had */
	size_t from_remote;        /* ... the shared cache had (site/remote_cache.h) */
	size_t other_shard;        /* build --shard: files left to the other shards */
	/* warnings about the site rather than one file (the shared cache's), heap */
	struct site_warning *warnings;
	size_t nwarnings, warnings_cap;
};

struct site_warning {
	const char *id;            /* stable: "cache-corrupt", "cache-write-failed" (static) */
	char *message;             /* heap */
};

/* Add a warning with a stable id to the site (printf-style message). */
void site_warn(struct site *s, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void site_free(struct site *s);

/*
 * Append a file with this key and source path (both copied), its content
 * type from the key, everything else empty.  s->files may move (pointers
 * into it are invalidated) and is no longer sorted: the caller re-sorts.
 */
struct file *site_add(struct site *s, const char *key, const char *path);

/* Look a key up (binary search; files are sorted by key). */
struct file *site_find(const struct site *s, const char *key);

/*
 * Scan `root` into `s`: regular files, sorted by key.  Dotfiles and
 * dot-directories are skipped except `.well-known/`; a symlink whose target
 * leaves the site is refused (JD_EINPUT naming it); a link inside the site
 * is followed.  A file or directory whose name is not valid UTF-8 is
 * refused too (JD_EINPUT, the name shown with \xNN escapes): keys are
 * UTF-8.  Content types come from content_type_for().
 */
enum jd_err scan_site(const char *root, const struct config *cfg, struct site *s, struct diag *d);

/* The Content-Type for a key, from its extension (charset=utf-8 on text). */
const char *content_type_for(const char *key);

/* True for an HTML page's Content-Type (with or without its parameters); NULL is not. */
int content_type_is_html(const char *content_type);

/* True for types that carry text (and so get charset, minify, compress). */
int content_type_is_text(const char *content_type);

/*
 * What the build reports while it runs, for the command to draw (the
 * library never prints).  `progress` may be NULL.  It is called after each
 * file of the transform stage with how many of the `total` files are done
 * (transformed now or taken from the build cache) and how many of those are
 * PNG/JPEG images; it runs in the worker threads, but never two calls at
 * once (the stage holds a lock around it), so it must be quick.
 */
struct build_events {
	void (*progress)(void *arg, size_t done, size_t total, size_t images);
	void *arg;
};

/*
 * The transform stage: minify and re-encode each file by content type (as
 * the config allows), in `jobs` threads, and compute the sha256 and size of
 * the bytes that will ship.  With cfg->images_webp, each PNG/JPEG whose
 * WebP is at least 10% smaller than its shipped bytes gets a derived file
 * NAME.webp beside it (derived_from names the source; skipped when NAME.webp
 * is already a key), and the files are re-sorted.  Results are remembered in the build cache
 * under `cache_dir` (keyed by path, size, mtime and the settings), so an
 * unchanged file is neither read nor transformed again.  A transform that
 * fails or does not pay keeps the original bytes and sets f->warning.
 * `cache_dir` may be NULL (no cache).  `ev` (may be NULL) hears of each
 * file done.  With cfg->cache, results missing locally are asked of the
 * shared cache and new ones written to it (remote_cache.h), and with
 * cfg->shard_count only shard cfg->shard_index's files are transformed
 * (the others ship as they are, other_shard set).  Errors: reading a file
 * (JD_EIO); the shared cache's URL cannot be opened, or --shard without
 * one (JD_EUSAGE, JD_EAUTH, JD_ECONFIG).
 */
enum jd_err transform_site(struct site *s, const struct config *cfg, const char *cache_dir, int jobs,
			   const struct build_events *ev, struct diag *d);

/* Where a file's shipped bytes are on disk when not in memory. */
const char *file_ship_path(const struct file *f);

/* Load the shipped bytes of `f` into memory (no-op when already there). */
enum jd_err file_load(struct file *f, struct diag *d);

/*
 * The hash + rewrite stage (rewrite.c): give assets referenced from HTML and
 * CSS the key name.HASH.ext (HASH: first 10 hex digits of the SHA-256 of
 * their final bytes), rewrite every reference to them, mark them
 * FILE_HASHED, mark already-fingerprinted files FILE_FINGERPRINTED, and
 * record each rename in s->renames.  Files keep their keys when docs/DESIGN.md
 * says so (HTML, root files, anything JavaScript may reach by name).
 * Rewritten files move in memory (in_memory, data, size, sha256 updated);
 * each referrer's references are left in its `refs`; files are re-sorted
 * by key.  Errors: JD_EIO when a file cannot be read.
 */
enum jd_err rewrite_site(struct site *s, const struct config *cfg, struct diag *d);

/*
 * Each file's key before rewrite_site renamed it (its own key when it kept
 * it), indexed like s->files: what users write globs against.  The strings
 * belong to the site; the caller frees the array.
 */
const char **site_source_keys(const struct site *s);

/*
 * Wrap each <img> of the site's HTML pages whose image has a derived WebP
 * in <picture> with a WebP <source> (picture.c; does nothing unless
 * cfg->images_webp).  Rewritten pages move in memory (data, size, sha256
 * updated; transform_sha256 is left as the transform stage's).  Run by
 * rewrite_site() before it reads references.  Errors: JD_EIO.
 */
enum jd_err picture_site(struct site *s, const struct config *cfg, struct diag *d);

/*
 * rewrite_site, remembered in `cache_dir` (rewrite_memo.c): when no file's
 * key or bytes changed since the last build, the last result (references
 * included) is applied without reading any file.  `cache_dir` NULL: plain
 * rewrite_site.
 */
enum jd_err rewrite_site_cached(struct site *s, const struct config *cfg, const char *cache_dir,
				struct diag *d);

/*
 * Set cache_control, content_type overrides and content_encoding from the
 * defaults of docs/DESIGN.md and the config's rules (later rules win).
 */
void apply_headers(struct site *s, const struct config *cfg);

#endif
