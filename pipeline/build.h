/*
 * build.h - the build half of the pipeline, shared by build, diff, push
 * and check:  scan -> transform (+ hash) -> rewrite -> headers -> compress (+ hash)
 */
#ifndef JD_PIPELINE_H
#define JD_PIPELINE_H

#include "lib/config.h"
#include "lib/err.h"
#include "lib/paths.h"
#include "site/site.h"

/*
 * Build the site at `root` into `s` following `cfg`, transforming with
 * `jobs` threads.  `cache_dir` holds the build cache (NULL: none).  `ev`
 * (may be NULL) hears of the transform stage's progress.  On
 * error `s` is still owned by the caller (site_free it) and `d` says what
 * failed.
 */
enum jd_err site_build(const char *root, const struct config *cfg, const char *cache_dir, int jobs,
		       const struct build_events *ev, struct site *s, struct diag *d);

/*
 * Write every file's shipped bytes to OUT/KEY (atomically, file by file).
 * When `record` (a file in the cache directory, or NULL) says which keys the
 * previous write into the same OUT produced, those the site no longer has
 * are removed (old hashed asset names, deleted pages); files jamdeploy did
 * not write are never touched.  The record is then replaced.
 */
enum jd_err site_write(const struct site *s, const char *out_dir, const char *record, struct diag *d);

/*
 * `jamdeploy build`: site_build, then site_write into `out_dir` with the
 * record CACHE_DIR/build-out (no record when `cache_dir` is NULL).  `s` as
 * for site_build.  `out_dir` NULL (build --shard without -o): only scan and
 * transform, which fills the local and shared caches; nothing is written.
 */
enum jd_err site_build_into(const char *root, const struct config *cfg, const char *cache_dir, int jobs,
			    const struct build_events *ev, const char *out_dir, struct site *s,
			    struct diag *d);

#endif
