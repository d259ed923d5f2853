/*
 * deploy.h - carry out a plan against a target, in the order that keeps
 * every served page whole.
 */
#ifndef JD_DEPLOY_H
#define JD_DEPLOY_H

#include <stddef.h>
#include <stdint.h>

#include "manifests/plan.h"
#include "manifests/site.h"
#include "manifest_cache.h"
#include "target.h"

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
};

struct deploy_report {
	size_t uploaded;
	size_t deleted;
	uint64_t bytes;
	int manifest_written;
	int purge_failed;         /* after_manifest failed: the deploy itself is whole */
};

/*
 * Phases, each starting only when the previous one finished cleanly:
 *   1. immutable assets   2. other files   3. HTML
 *   4. the manifest (the commit point)     5. after_manifest (purge)   6. deletes
 * Before anything is sent, a plan that deletes more than max_deletes keys is
 * refused (JD_ESAFETY) unless force_deletes; so is a key under
 * `.jamdeploy/` (JD_EINPUT), a key the target cannot store (its check_key:
 * JD_ELIMIT for S3's 1,024 bytes), and a manifest that cannot be
 * serialized.  On failure `r` says what landed; the old manifest stays, so
 * the next push redoes what is missing.
 */
enum jd_err deploy_execute(const struct plan *p, const struct site *s, struct target *t,
			   const struct deploy_options *o, struct deploy_report *r, struct diag *d);

/*
 * Fetch and parse the target's manifest.  *found = 0 when the target has
 * none (a first push).  A corrupt one is JD_EMANIFEST.  With a `cache`
 * (may be NULL) holding a copy, the fetch is conditional: an unchanged
 * manifest is a 304 and the copy is parsed; a changed one replaces it.
 */
enum jd_err deploy_fetch_manifest(struct target *t, const struct manifest_cache *cache,
				  struct manifest *m, int *found, struct diag *d);

/*
 * Everything a diff or push works from: the built site, the open target,
 * its manifest and the plan.  push_prepare fills it in pipeline order;
 * push_context_free releases whatever was filled, also after an error.
 */
struct push_context {
	struct site site;
	struct target *target;
	struct manifest remote;
	int remote_found;
	char **existing;          /* keys listed in the target (only with force) */
	size_t nexisting;
	struct plan plan;
	struct manifest_cache manifest_cache; /* the remote manifest's last copy */
};

struct push_request {
	const char *site_root;
	const char *target_url;
	const char *cache_dir;    /* build cache and remote manifest copy, or NULL */
	int jobs;
	struct target_config target;
	int force;                /* re-upload everything; survive a corrupt manifest */
};

/*
 * Build the site, open the target, fetch its manifest and plan.  A corrupt
 * manifest is JD_EMANIFEST, and so is a plan that changes something while
 * the manifest's deploy counter is at MANIFEST_DEPLOY_MAX (it could not
 * advance); with req->force either manifest is treated as lost instead
 * (the target is listed, and the new manifest counts from 1).
 */
enum jd_err push_prepare(const struct push_request *req, const struct config *cfg,
			 struct push_context *ctx, struct diag *d);
void push_context_free(struct push_context *ctx);

#endif
