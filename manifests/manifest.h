/*
 * manifest.h - what a target holds: one entry per key, stored as JSON.
 *
 * The manifest is the commit point of a deploy: it is written after every
 * object it names is uploaded, and it is what the next push diffs against.
 * Layout (version 1), keys sorted:
 *
 *   {
 *     "version": 1,
 *     "generator": "jamdeploy 0.1.0",
 *     "deploy": 7,                         <- counts pushes that changed something
 *     "journal": 8,                        <- only while a push is unfinished (see below)
 *     "files": {
 *       "index.html": {
 *         "sha256": "9f86d081...",         <- of the bytes stored (after compression)
 *         "md5": "e2fc714c...",            <- optional, same bytes: a single-part S3 ETag
 *         "size": 5120,
 *         "content_type": "text/html; charset=utf-8",
 *         "cache_control": "public, max-age=0, s-maxage=300, stale-while-revalidate=60",
 *         "content_encoding": null,        <- or "gzip" / "br"
 *         "last_live": 7                   <- last deploy whose site had this key
 *       }
 *     }
 *   }
 *
 * "md5" (32 lowercase hex digits) is what `verify` compares with the
 * ETag a listing gives; manifests written before it existed lack it, and
 * then only sizes are compared.  It is never part of "changed": sha256
 * already says everything about the bytes.
 *
 * An object is "changed" when its sha256 or any of the three headers
 * changed.  Entries whose last_live is older than the current deploy are old
 * hashed assets kept for pages that browsers still cache (keep_old_assets).
 *
 * "journal" marks a push that began and has not finished (interrupted,
 * or its deletes pending): the next push reads .jamdeploy/journal.json
 * and treats the keys it names as unknown (pipeline/journal.h).  Keeping
 * the mark in the manifest costs a no-change push nothing: its one
 * (conditional) GET of the manifest tells it there is nothing to repair.
 *
 * `deploy` is a whole number from 0 to MANIFEST_DEPLOY_MAX: one below
 * INT64_MAX, so that adding one to any counter a manifest may hold is
 * defined.  Keys are UTF-8 and never under `.jamdeploy/`, where the
 * target keeps jamdeploy's own files (this manifest): an entry there
 * would make a push delete or overwrite its own record.
 */
#ifndef JD_MANIFEST_H
#define JD_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/paths.h"
#include "site/site.h"

#define MANIFEST_VERSION 1
#define MANIFEST_DEPLOY_MAX (INT64_MAX - 1)
#define MANIFEST_MAX_BYTES (256u << 20)

struct manifest_entry {
	char *key;
	char sha256[65];
	char md5[33];            /* "" when not known (older manifests) */
	uint64_t size;
	char *content_type;
	char *cache_control;
	char *content_encoding;  /* NULL for none */
	int64_t last_live;
};

struct manifest {
	int64_t deploy;
	/*
	 * 0, or the deploy number of a push that has not finished: its intent
	 * journal (JD_JOURNAL_KEY, pipeline/journal.h) says which keys it may
	 * have changed and which deletes are pending.  Written as "journal"
	 * only when set, so a finished push's manifest is unchanged.
	 */
	int64_t journal;
	struct manifest_entry *e;  /* sorted by key */
	size_t n, cap;
};

void manifest_free(struct manifest *m);

/* The manifest describing a built site (every file live in deploy `deploy`). */
void manifest_of(const struct site *s, int64_t deploy, struct manifest *m);

/* Append an entry (copied).  Callers add keys in sorted order or call manifest_sort. */
void manifest_add(struct manifest *m, const struct manifest_entry *e);
void manifest_sort(struct manifest *m);
const struct manifest_entry *manifest_find(const struct manifest *m, const char *key);

/*
 * True for ".jamdeploy" and every key under ".jamdeploy/": the target's own
 * files, which no manifest entry, upload or delete of a site may name.
 */
int manifest_key_is_reserved(const char *key);

/* True when two entries describe different stored objects (bytes or headers). */
int manifest_entry_differs(const struct manifest_entry *a, const struct manifest_entry *b);

/*
 * Parse JSON into `m`.  Anything malformed (bad JSON, wrong types, a bad
 * sha256, a "deploy" that is not a whole number from 0 to
 * MANIFEST_DEPLOY_MAX, an empty, absolute or reserved key, an unknown
 * version) is JD_EMANIFEST with `where` named in the message and a hint to
 * recover with --force.
 */
enum jd_err manifest_parse(const char *json, size_t len, const char *where, struct manifest *m,
			   struct diag *d);

/*
 * Serialize (sorted keys, two-space indent, trailing newline), appending to
 * `out`.  A key or header jansson refuses (not UTF-8) is an error naming it
 * (JD_EINPUT), never an entry left out; `out` is then unchanged.
 */
enum jd_err manifest_serialize(const struct manifest *m, struct buf *out, struct diag *d);

#endif
