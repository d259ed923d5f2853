/*
 * push.h - what `jamdeploy push` and `diff` do, in order: build the site,
 * open the target, read its manifest, plan, then (push only) upload, write
 * the manifest, purge the CDN and delete.
 */
#ifndef JD_PUSH_H
#define JD_PUSH_H

#include "lib/buf.h"
#include "lib/config.h"
#include "lib/err.h"
#include "manifests/manifest_cache.h"
#include "manifests/plan.h"
#include "pipeline/deploy.h"
#include "pipeline/journal.h"
#include "pipeline/verify.h"
#include "site/site.h"
#include "upload/ca_bundle.h"
#include "upload/purge.h"
#include "upload/target.h"

struct push_request {
	const char *site_root;
	const char *target_url;
	const char *cache_dir;    /* build cache and remote manifest copy, or NULL */
	int jobs;
	struct target_config target;
	int force;                /* re-upload everything; survive a corrupt manifest */
	int yes;                  /* the site may look unbuilt, or remove every page */
	const struct build_events *build_events; /* the build's progress, or NULL */
	int verify;               /* list the target first; re-send what drifted (pipeline/verify.h) */
};

/*
 * Everything a diff or push works from: the built site, the open target,
 * its manifest, the plan and the CDN URLs it changes.  push_prepare fills
 * it in pipeline order; push_context_free releases whatever was filled,
 * also after an error.
 */
struct push_context {
	struct site site;
	struct target *target;
	struct manifest remote;
	int remote_found;
	char manifest_etag[TARGET_ETAG_MAX]; /* of the manifest read: the commit's If-Match */
	int manifest_exists;      /* there is one (even when corrupt and --force) */
	struct journal journal;   /* an unfinished push's intent (remote.journal set) */
	int journal_found;
	size_t probed;            /* keys of that journal asked about (probe_many) */
	char **existing;          /* keys known on the target that no manifest names: listed
				     (with force), or from an unfinished push's journal */
	size_t nexisting, existing_cap;
	struct plan plan;
	struct manifest_cache manifest_cache; /* the remote manifest's last copy */
	struct purge_list purge_urls;         /* URL paths the plan changes (with a CDN configured) */
	struct ca_bundle ca;                  /* the CAs HTTPS requests trust */
	struct drift_report drift;            /* with req->verify: what the listing found */
	char **drifted;                       /* its missing and different keys, sorted */
	size_t ndrifted;
};

/*
 * Build the site, open the target, fetch its manifest, plan, and list the
 * URL paths to purge when a CDN is configured.  Before the first write
 * the usual mistakes are refused (JD_EUSAGE, exit 2; JD_ESAFETY, exit 1
 * for the last): a directory target that is the site, inside it or
 * around it; and, unless req->yes, a site that does not look built
 * (package.json, node_modules/ or .git/ at its root, no HTML page, no
 * file) and a plan that deletes every page the target has.  So is a CDN
 * that cannot be asked (a missing token) or a CA bundle that cannot be
 * read, also for diff and dry runs: when they succeed, the push would
 * start.  A corrupt manifest is
 * JD_EMANIFEST, and so is a plan that changes something while the
 * manifest's deploy counter is at MANIFEST_DEPLOY_MAX (it could not
 * advance); with req->force either manifest is treated as lost instead
 * (the target is listed, and the new manifest counts from 1).
 */
enum jd_err push_prepare(const struct push_request *req, const struct config *cfg,
			 struct push_context *ctx, struct diag *d);

/*
 * The part of push_prepare from the manifest on: fetch the manifest (and,
 * when it is marked unfinished, the journal, whose keys are probed:
 * pipeline/journal.h), plan, list the CDN URLs.  Run again by a push that
 * had to wait for the lease, since the target may have changed meanwhile.
 */
enum jd_err push_plan(const struct push_request *req, const struct config *cfg,
		      struct push_context *ctx, struct diag *d);
void push_context_free(struct push_context *ctx);

/*
 * The CAs HTTPS will need to trust, found and checked only when a request
 * will use HTTPS: an S3 target without an http:// endpoint, or a CDN.
 */
enum jd_err find_ca_bundle(const struct config *cfg, const char *target_url, struct ca_bundle *ca,
			   struct diag *d);

struct push_options {
	int dry_run;              /* prepare only: change nothing, ask no CDN */
	int upload_jobs;          /* parallel requests to the CDN APIs */
	int force_deletes;
	int wait_lock;            /* seconds to wait for another push's lease */
	int break_lock;           /* take the lease whoever holds it */
	/*
	 * Called once the site is built and planned, before anything is sent
	 * (the command reports transform warnings, starts its progress line),
	 * or NULL.
	 */
	void (*planned)(void *arg, const struct push_context *ctx);
	void *planned_arg;
};

/* What a push did, for the command to report; push_result_free releases it. */
struct push_result {
	struct push_context ctx;
	int prepared;             /* push_prepare succeeded: there is a plan to report */
	struct deploy_report report;
	int purge_ran;            /* the purge step ran (report.purge_failed: and failed) */
	struct buf purge_notes;   /* what the CDN clients said, for people */
};

/*
 * The whole push: push_prepare (which refuses the usual mistakes and a CDN
 * that cannot be asked before anything moves), then the pending purge of
 * an earlier failed push is added (the local file's and the target's:
 * purge_pending_load_all); a plan that changes something (or repairs an
 * unfinished push) takes the target's lease (pipeline/lease.h;
 * JD_ECONFLICT when another push holds it past o->wait_lock), plans again
 * when the target changed meanwhile, and deploy_execute runs the plan with
 * the intent journal first (pipeline/journal.h) and the purge step
 * (pipeline/purge_step.c) between the manifest and the deletes; the lease
 * (and the journal of a finished push) is released at the end.
 * `r` is filled as far as the push got, also after an error.
 */
enum jd_err push_run(const struct push_request *req, const struct config *cfg,
		     const struct push_options *o, struct push_result *r, struct diag *d);
void push_result_free(struct push_result *r);

#endif
