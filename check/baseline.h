/*
 * baseline.h - what `jamdeploy check --baseline FILE` compares against.
 *
 * A baseline is a `check --json` document saved earlier (every size is
 * compared, and each budget's "actual") or a target's manifest.json (its
 * "size" per key: raw sizes only).  Both are read into one shape: file key
 * -> {"raw":N[, "gzip":N, "brotli":N]} and budget name -> actual.
 *
 * check reports files by their source key ("img/hero.png"), while a
 * manifest is keyed by shipped names ("img/hero.00a8e56e8a.png"), so a
 * manifest's keys lose their rewrite hash on loading; baseline_key matches a
 * file by its source key, then its shipped key, then that without a hash.
 */
#ifndef JD_CHECK_BASELINE_H
#define JD_CHECK_BASELINE_H

#include <jansson.h>

#include "lib/err.h"

/* Baseline files over this size are refused (JD_ELIMIT) before they are read. */
#define BASELINE_MAX_BYTES (256u << 20)

struct baseline {
	char *path;
	int is_manifest;
	json_t *files;      /* key -> {"raw":N[, "gzip":N, "brotli":N]} */
	json_t *budgets;    /* name -> actual (check baselines only) */
};

/*
 * Load a check --json output or a manifest from `path` into `b` (which the
 * caller releases with baseline_free, also after an error).  JD_EIO when it
 * cannot be read, JD_EINPUT when it is not JSON or has no "files" object,
 * with a message naming the file.
 */
enum jd_err baseline_load(const char *path, struct baseline *b, struct diag *d);
void baseline_free(struct baseline *b);

/*
 * The key under which `b` has a file whose source key is `source_key` and
 * shipped key `shipped_key` (see the top), or NULL when it has none.  The
 * string belongs to `b` (or is one of the two given).
 */
const char *baseline_key(const struct baseline *b, const char *source_key, const char *shipped_key);

#endif
