/*
 * purge_step.h - the push's purge step: ask every configured CDN to forget
 * the URLs a deploy changed, and keep them in a pending file when it could
 * not, so the next push asks again.
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
};

/*
 * Purge step->urls at every configured CDN (deploy_options.after_manifest
 * takes it as is).  On success the pending file goes; on failure the URLs
 * are saved into it and the message says so: the deploy itself is whole.
 */
enum jd_err purge_step_run(void *step, struct diag *d);

/* The pending file: one URL path per line.  A missing file loads as empty. */
enum jd_err purge_pending_load(const char *path, struct purge_list *l, struct diag *d);
enum jd_err purge_pending_save(const char *path, const struct purge_list *l, struct diag *d);
void purge_pending_clear(const char *path);

#endif
