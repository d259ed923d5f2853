/*
 * rollback.h - make a kept deploy live again (`jamdeploy rollback`).
 */
#ifndef JD_ROLLBACK_H
#define JD_ROLLBACK_H

#include <stdint.h>

#include "lib/buf.h"
#include "lib/config.h"
#include "lib/err.h"
#include "manifests/plan.h"
#include "pipeline/deploy.h"
#include "upload/ca_bundle.h"
#include "upload/purge.h"
#include "upload/target.h"

struct rollback_request {
	const char *target_url;
	struct target_config target;
	int64_t deploy;           /* the deploy to make live; 0: the one before the current */
	int dry_run;              /* plan and check only */
	int force_deletes;
	int upload_jobs;          /* parallel requests to the CDN APIs */
};

struct rollback_result {
	struct target *target;
	struct ca_bundle ca;
	int64_t from, to;         /* the live deploy before, and the one made live again */
	struct manifest current;  /* the live manifest before */
	struct plan plan;         /* next: the new deploy (to's entries); upload: what is copied */
	struct purge_list purge_urls;
	struct deploy_report report;
	int purge_ran;
	struct buf purge_notes;
};

/*
 * Read the live manifest and the history, pick the deploy (JD_EUSAGE when
 * history is off, the deploy is not kept, or it is the live one), plan
 * against the live manifest as a push would (same keep rule, same delete
 * limit), check before any write that every object to copy is kept
 * (objects/SHA for non-immutable ones; a missing immutable asset is
 * JD_ESAFETY), then deploy_execute with server-side copies: the new
 * deploy's manifest under deploys/, the manifest (a new deploy, counter
 * + 1), the CDN purge, the deletes, and its record (rollback_of).  `r`
 * is filled as far as it got.
 */
enum jd_err rollback_run(const struct rollback_request *req, const struct config *cfg,
			 struct rollback_result *r, struct diag *d);
void rollback_result_free(struct rollback_result *r);

#endif
