/*
 * history.h - the deploys a target keeps for rollback.
 *
 * With `history: N` (default 10; 0 turns it off) the target keeps, under
 * .jamdeploy/ (lib/paths.h):
 *
 *   deploys/index.json      the records of the last N deploys, oldest first:
 *     { "version": 1, "deploys": [ { "deploy": 7, "time": "2026-12-06T23:11:28Z",
 *       "commit": "9f86d08..." or null, "who": "ann@build-1", "files": 1204,
 *       "uploaded": 3, "deleted": 1, "rollback_of": null or 5 }, ... ] }
 *   deploys/00000007.json   deploy 7's manifest, as it was written live
 *   objects/SHA256          the bytes of every non-immutable object (HTML,
 *                           root files) a kept deploy has, by the sha256 the
 *                           manifests give them
 *
 * Hashed (immutable) assets are not copied: they stay live under their own
 * names, kept by plan.c's rule for as long as a kept deploy names them.  So
 * a rollback (pipeline/rollback.h) finds every byte it needs on the target.
 *
 * Order within a push: history_store before the manifest (a deploy whose
 * manifest is live can always be rolled back to), history_commit after it
 * (the index lists only deploys that went live).
 */
#ifndef JD_HISTORY_H
#define JD_HISTORY_H

#include <stdint.h>

#include "lib/err.h"
#include "manifests/manifest.h"
#include "manifests/plan.h"
#include "site/site.h"
#include "upload/target.h"

#define HISTORY_INDEX_MAX ((size_t)16 << 20)

struct deploy_record {
	int64_t deploy;
	char time[32];          /* ISO 8601, UTC */
	char commit[41];        /* "" when the site is not in a git work tree */
	char *who;              /* GITHUB_ACTOR, else USER@hostname (heap) */
	uint64_t files;         /* live objects */
	uint64_t uploaded;      /* objects sent (a push) or copied (a rollback) */
	uint64_t deleted;
	int64_t rollback_of;    /* the deploy made live again, 0 for a push */
};

struct history {
	struct deploy_record *r; /* oldest first */
	size_t n, cap;
};

/*
 * GET the manifest at `key` of `t` and parse it; *found = 0 (JD_OK) when
 * there is none.  A corrupt one is JD_EMANIFEST naming the key.  `etag`
 * (TARGET_ETAG_MAX, may be NULL) receives the object's ETag, "" for none.
 */
enum jd_err remote_manifest_get(struct target *t, const char *key, char *etag, struct manifest *m, int *found,
				struct diag *d);

/* The index (empty when absent); a malformed one is JD_EMANIFEST naming it. */
enum jd_err history_read(struct target *t, struct history *h, struct diag *d);
void history_free(struct history *h);
const struct deploy_record *history_find(const struct history *h, int64_t deploy);

/* time, who and git commit (of `site_root`, may be NULL) for deploy `deploy`; the rest zero. */
void deploy_record_init(struct deploy_record *rec, int64_t deploy, const char *site_root);
void deploy_record_free(struct deploy_record *rec);

/*
 * Before the manifest of plan->next is written: store the bytes of its
 * non-immutable objects under objects/ (from the site `s`: those the plan
 * uploads, or every one when `all`, i.e. when the previous deploy is not in
 * the history; `s` NULL: none, a rollback's are there already) and its
 * manifest under deploys/.
 */
enum jd_err history_store(struct target *t, const struct plan *p, const struct site *s, int all,
			  struct diag *d);

/*
 * After the manifest: add `rec` to `h` (dropping records of a counter that
 * started over), keep the last `keep`, write the index, then delete the
 * dropped deploys' manifests and the objects no kept deploy has (`next`
 * is the live one, not fetched again).  Takes over rec->who.
 */
enum jd_err history_commit(struct target *t, struct history *h, struct deploy_record *rec,
			   const struct manifest *next, uint64_t keep, struct diag *d);

/* Live entries of `m` (those of deploy m->deploy, not kept old assets). */
uint64_t manifest_live_count(const struct manifest *m);

/*
 * A push's two steps around its uploads.  history_step_run is
 * deploy_options.before_upload (after every check, before the first
 * upload): read the index into step->h and history_store (every
 * non-immutable object when deploy step->prev is not in it; step->site
 * NULL: none, a rollback's).  Then, once the manifest is written,
 * history_after_push commits a record of `uploaded` and `deleted` objects.
 * The deploy is live by then, so a failure of that is a "history-failed"
 * warning through `events` (may be NULL), not an error.
 */
struct history_step {
	struct target *t;
	const struct plan *p;
	const struct site *site;
	int64_t prev;
	struct history *h;        /* filled by the step */
};
enum jd_err history_step_run(void *step, struct diag *d);
void history_after_push(struct target *t, struct history *h, const struct plan *p,
			const char *site_root, uint64_t uploaded, uint64_t deleted, uint64_t keep,
			const struct target_events *events);

#endif
