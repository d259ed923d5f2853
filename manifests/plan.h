/*
 * plan.h - what a push will do: the diff of the built site against the
 * target's manifest.
 *
 * `next` is the manifest the push writes at its end: every file of the
 * site (live in deploy next.deploy) plus old hashed assets kept for
 * browsers that still hold yesterday's HTML.  `upload` points into `next`,
 * in upload order: immutable assets, then other files, then HTML, so no
 * page is ever served before the assets it names.  `purge` holds the keys
 * whose URLs a CDN may still cache (changed or deleted, not immutable).
 */
#ifndef JD_PLAN_H
#define JD_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "manifest.h"

enum plan_reason { PLAN_NEW, PLAN_CHANGED };

struct plan_upload {
	const struct manifest_entry *entry; /* in plan.next */
	enum plan_reason reason;
};

struct plan {
	struct manifest next;
	struct plan_upload *upload;
	size_t nupload, upload_cap;
	char **delete;             /* heap strings, sorted */
	size_t ndelete, delete_cap;
	char **purge;              /* heap strings, sorted */
	size_t npurge, purge_cap;
	size_t unchanged;
	size_t kept_old;           /* old hashed assets kept this time */
	uint64_t bytes;            /* sum of upload sizes */
	int repair;                /* an unfinished push is being finished: write even with nothing to send */
};

struct plan_options {
	uint64_t keep_old_assets;
	int force;                 /* upload everything */
	/* Keys known to exist in the target without a manifest entry (from list()
	 * after a --force over a missing or corrupt manifest); may be NULL. */
	char *const *existing;
	size_t nexisting;
	/*
	 * history: deploys the target keeps for rollback (0: none).  An old
	 * immutable asset last live in one of them is kept whatever
	 * keep_old_assets says, so every kept deploy can be made live again.
	 */
	uint64_t history;
	/*
	 * Keys `push --verify` found missing or different on the target
	 * (sorted); each one the site has is uploaded as PLAN_CHANGED even
	 * when the manifest says it is unchanged.  May be NULL.
	 */
	char *const *drifted;
	size_t ndrifted;
	/*
	 * The target holds an unfinished push (its manifest's "journal"): the
	 * plan is never empty, so the manifest is written without the mark
	 * and the journal removed even when no object needs sending.
	 */
	int repair;
};

/*
 * Diff `local` (the built site, its last_live unset) against `remote` (the
 * target's manifest, or NULL when it has none).  `p` owns everything it
 * holds; plan_free releases it.
 */
void plan_make(const struct manifest *local, const struct manifest *remote,
	       const struct plan_options *o, struct plan *p);
void plan_free(struct plan *p);

/* True when the push has nothing to do (no manifest write either), and nothing to repair. */
int plan_is_empty(const struct plan *p);

/* 0 immutable asset, 1 other revalidated file, 2 HTML: the upload phases. */
int plan_phase_of(const struct manifest_entry *e);

#endif
