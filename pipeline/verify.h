/*
 * verify.h - drift: what is really on a target against what its manifest
 * says (`jamdeploy verify`, `push --verify`).
 */
#ifndef JD_VERIFY_H
#define JD_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "lib/config.h"
#include "lib/err.h"
#include "manifests/manifest.h"
#include "manifests/plan.h"
#include "site/site.h"
#include "upload/ca_bundle.h"
#include "upload/target.h"

enum drift_kind { DRIFT_MISSING, DRIFT_DIFFERENT, DRIFT_EXTRA };

struct drift {
	char *key;               /* heap */
	enum drift_kind kind;
	uint64_t size;           /* on the target (DIFFERENT, EXTRA) */
	uint64_t expected_size;  /* in the manifest (MISSING, DIFFERENT) */
	char etag[TARGET_ETAG_MAX]; /* on the target, without quotes ("" when none) */
	char md5[33];            /* the manifest's ("" when it has none) */
};

struct drift_report {
	struct drift *d;         /* sorted by key */
	size_t n, cap;
	size_t missing, different, extra;
	size_t checked;          /* manifest entries looked at */
	size_t size_only;        /* of those, compared by size only (no md5 in the manifest) */
};

/*
 * List `t` (everything but `.jamdeploy/`) and compare with `m`: a key the
 * manifest names and the target lacks is missing; one whose size differs,
 * or whose single-part ETag is not the manifest's md5, is different (an
 * entry without md5, or a multipart ETag "HEX-N", is compared by size
 * only); a key the manifest does not name is extra.
 */
enum jd_err drift_find(struct target *t, const struct manifest *m, struct drift_report *r,
		       struct diag *d);
void drift_report_free(struct drift_report *r);

/* The missing and different keys (sorted heap strings, for plan_options.drifted). */
void drift_changed_keys(const struct drift_report *r, char ***keys, size_t *n);

/*
 * Fill in the md5 of every entry `p` uploads that has none, from the
 * site's bytes (files are read only when they are sent anyway).
 */
enum jd_err plan_fill_md5(struct plan *p, const struct site *s, struct diag *d);

struct verify_result {
	struct target *target;
	struct ca_bundle ca;
	struct manifest remote;
	int remote_found;
	struct drift_report drift;
};

/*
 * `jamdeploy verify`: open `url`, read its manifest (none: JD_EUSAGE, there
 * is nothing to compare), list and compare.  JD_OK with r->drift filled
 * whatever it found; the command decides the exit status.
 */
enum jd_err verify_run(const char *url, const struct target_config *tc, const struct config *cfg,
		       struct verify_result *r, struct diag *d);
void verify_result_free(struct verify_result *r);

/*
 * Open the target at `url` with the CA bundle HTTPS needs (to the store
 * or the configured CDN), as push does.  On error returns NULL with `d`.
 */
struct target *open_target(const char *url, const struct target_config *tc, const struct config *cfg,
			   struct ca_bundle *ca, struct diag *d);

#endif
