/*
 * purge_step.h - the push's purge step: ask every configured CDN to forget
 * the URLs a deploy changed, and keep them pending when it could not, so
 * the next push asks again.
 *
 * The pending list is kept twice: in the local cache (JD_PURGE_PENDING) and
 * on the target beside the manifest (JD_PURGE_PENDING_KEY), so that a push
 * from a fresh CI runner, which has no local cache, still retries them.
 * Both hold one URL path per line; a push purges their union.
 */
#ifndef JD_PURGE_STEP_H
#define JD_PURGE_STEP_H

#include "lib/buf.h"
#include "lib/config.h"
#include "lib/err.h"
#include "lib/paths.h"
#include "upload/purge.h"
#include "upload/target.h"

struct purge_step {
	const struct config *cfg;
	const struct purge_list *urls;
	int jobs;
	int ran;
	struct buf *notes;        /* receives what the CDN clients said, for people */
	const struct target_events *events;
	const struct ca_bundle *ca;  /* the CAs the CDN APIs' HTTPS trusts */
	struct target *target;       /* where the remote pending list lives (NULL: local only) */
	int remote_pending;          /* purge_pending_load_all found one on the target */
};

/*
 * Purge step->urls at every configured CDN (deploy_options.after_manifest
 * takes it as is, so it runs after the manifest is written).  On success
 * the local pending file goes, and so does the target's pending object when
 * the push found one.  On failure the URLs are saved to both and the
 * message says so: the deploy itself is whole.  Saving or removing the
 * target's object never fails the push: it is reported as a warning
 * ("purge-pending-not-saved", "purge-pending-not-removed") through
 * step->events.
 */
enum jd_err purge_step_run(void *step, struct diag *d);

/*
 * Add to `l` the URLs pending from earlier pushes: the local file's, then
 * the target's object (a union; step->remote_pending says whether the
 * target had one).  A local file that cannot be read is an error; a target
 * that cannot be asked only a warning ("purge-pending-unreadable"): the
 * push goes on with what it knows.
 */
enum jd_err purge_pending_load_all(struct purge_step *step, struct purge_list *l, struct diag *d);

/* The pending file: one URL path per line.  A missing file loads as empty. */
enum jd_err purge_pending_load(const char *path, struct purge_list *l, struct diag *d);
enum jd_err purge_pending_save(const char *path, const struct purge_list *l, struct diag *d);
void purge_pending_clear(const char *path);

#endif
