/*
 * deploy.h - carry out a plan against a target, in the order that keeps
 * every served page whole.
 */
#ifndef JD_DEPLOY_H
#define JD_DEPLOY_H

#include <stddef.h>
#include <stdint.h>

#include "manifests/plan.h"
#include "site/site.h"
#include "manifests/manifest_cache.h"
#include "pipeline/journal.h"
#include "pipeline/lease.h"
#include "upload/target.h"

struct deploy_report;

struct deploy_options {
	uint64_t max_deletes;
	int force_deletes;
	/*
	 * Called once the manifest is written and before the deletes (the CDN
	 * purge), or NULL.  Its failure does not stop the deletes (the new
	 * manifest no longer names those keys, so skipping them would leak
	 * them); deploy_execute returns it once they are done.
	 */
	enum jd_err (*after_manifest)(void *arg, struct diag *d);
	void *after_manifest_arg;
	/*
	 * The remote manifest cache (push_context.manifest_cache), or NULL:
	 * the manifest written and the ETag the target gave it go there, so
	 * the next push's conditional GET is a 304.
	 */
	const struct manifest_cache *manifest_cache;
	/*
	 * Sends the plan's uploads of one phase (0..2) instead of put_many
	 * from the site, counting into r->uploaded, or NULL.  A rollback
	 * copies objects on the target this way (pipeline/rollback.c); the
	 * order and the commit point stay deploy_execute's.
	 */
	enum jd_err (*send_phase)(void *arg, const struct plan *p, struct target *t, int phase,
				  struct deploy_report *r, struct diag *d);
	void *send_phase_arg;
	/*
	 * Called after every check and before the first upload (the deploy
	 * history's objects, pipeline/history.h), or NULL; its failure stops
	 * the deploy with nothing of the site sent.
	 */
	enum jd_err (*before_upload)(void *arg, struct diag *d);
	void *before_upload_arg;
	/*
	 * Resume and one-push-at-a-time (push_run fills them; all may be NULL
	 * for a plain, unguarded run):
	 *   lease            renewed between upload chunks and phases; its
	 *                    `unlocked` (a store without conditional writes)
	 *                    also drops the manifest's If-Match
	 *   intent           the journal written before the first object
	 *                    (pipeline/journal.h)
	 *   remote           the manifest read at the start, written back
	 *                    with the "journal" mark before the first object
	 *                    (unless it has one already)
	 *   manifest_etag    its ETag: every manifest write is If-Match on the
	 *                    one before; NULL with !manifest_exists: the first
	 *                    is If-None-Match: *
	 *   events           the "delete-referenced" warning
	 */
	struct lease *lease;
	const struct journal *intent;
	const struct manifest *remote;
	const char *manifest_etag;
	int manifest_exists;
	const struct target_events *events;
};

struct deploy_report {
	size_t uploaded;
	size_t deleted;
	size_t kept_referenced;   /* deletes skipped: a page of the site still references them */
	uint64_t bytes;
	int manifest_written;
	int purge_failed;         /* after_manifest failed: the deploy itself is whole */
	int finished;             /* every phase done: the journal may go */
};

/*
 * Phases, each starting only when the previous one finished cleanly:
 *   0. the intent journal, then the manifest marked "journal": N
 *   1. immutable assets   2. other files   3. HTML
 *   4. the manifest (the commit point; still marked while deletes are pending,
 *      and the journal then holds only them)
 *   5. after_manifest (purge)   6. deletes (never a key a page of the site
 *      references)   7. the manifest without the mark, the journal removed
 * Before anything is sent, a plan that deletes more than max_deletes keys is
 * refused (JD_ESAFETY) unless force_deletes; so is a key under
 * `.jamdeploy/` (JD_EINPUT), a key the target cannot store (its check_key:
 * JD_ELIMIT for S3's 1,024 bytes), and a manifest that cannot be
 * serialized.  On failure `r` says what landed; the old manifest stays, so
 * the next push redoes what is missing.
 */
/*
 * The refusals deploy_execute makes before its first write (too many
 * deletes, a key under .jamdeploy/ or one the target cannot store), for a
 * caller that must know before it takes the lease.
 */
enum jd_err deploy_check(const struct plan *p, struct target *t, const struct deploy_options *o,
			 struct diag *d);

enum jd_err deploy_execute(const struct plan *p, const struct site *s, struct target *t,
			   const struct deploy_options *o, struct deploy_report *r, struct diag *d);

#endif
