/*
 * paths.h - every path under .jamdeploy/, jamdeploy's own folder.
 *
 * The same name serves two places:
 *
 *   - in the project (relative to the working directory): the build cache,
 *     `build`'s default output and what a push must remember;
 *   - on a target (relative to its root or prefix): the manifest, the
 *     intent journal, the lease (pipeline/journal.h, lease.h) and the
 *     deploy history (pipeline/history.h).  No site
 *     key may lie under it (manifest_key_is_reserved), and scan.c never
 *     ships a dot-directory, so a project's own .jamdeploy/ is never sent.
 *
 * Layout in the project:
 *
 *   .jamdeploy/out/                  `jamdeploy build`'s output without -o
 *   .jamdeploy/cache/                the build cache folder (cache_dir):
 *       index                        transform results (site/buildcache.h)
 *       objects/AB/SHA               transformed and rewritten bytes
 *       rewrite                      the rewrite stage's memo (site/rewrite_memo.c)
 *       manifest-ID                  the last remote manifest (manifests/manifest_cache.h)
 *       build-out                    which files `build -o DIR` wrote (pipeline/build.h)
 *       sizes                        compressed sizes for `check` (check/budgets.c)
 *       pending-purge                URLs a failed purge left for the next push
 *
 * Layout on a target:
 *
 *   .jamdeploy/manifest.json         what is live: the commit point (manifests/manifest.h);
 *                                    "journal": N while push N is unfinished
 *   .jamdeploy/journal.json          push N's intent: the keys it may have changed and
 *                                    their new entries, the deletes still to do
 *   .jamdeploy/lock.json             the lease: who pushes now, since when, until when
 *   .jamdeploy/pending-purge         URLs a failed purge left for the next push
 *   .jamdeploy/deploys/index.json    the kept deploys' records, oldest first
 *   .jamdeploy/deploys/NNNNNNNN.json each kept deploy's manifest (number zero-padded)
 *   .jamdeploy/objects/SHA256        bytes of every non-immutable object a kept deploy has
 *
 * The names inside the cache folder are given relative to it (the code is
 * handed a cache_dir), the others relative to the working directory.
 */
#ifndef JD_PATHS_H
#define JD_PATHS_H

#define JD_STATE_DIR ".jamdeploy"

/* In the project. */
#define JD_CACHE_DIR JD_STATE_DIR "/cache"
#define JD_OUT_DIR JD_STATE_DIR "/out"
#define JD_SIZES_CACHE JD_CACHE_DIR "/sizes"
#define JD_PURGE_PENDING JD_CACHE_DIR "/pending-purge"

/* Inside a cache folder. */
#define JD_CACHE_INDEX "index"
#define JD_CACHE_OBJECTS "objects"
#define JD_CACHE_REWRITE "rewrite"
#define JD_CACHE_MANIFEST_PREFIX "manifest-"
#define JD_CACHE_BUILD_OUT "build-out"

/* On a target. */
#define JD_MANIFEST_KEY JD_STATE_DIR "/manifest.json"
#define JD_PURGE_PENDING_KEY JD_STATE_DIR "/pending-purge" /* URLs a failed purge left (purge_step.h) */
#define JD_JOURNAL_KEY JD_STATE_DIR "/journal.json"
#define JD_LOCK_KEY JD_STATE_DIR "/lock.json"
#define JD_DEPLOYS_DIR JD_STATE_DIR "/deploys/"
#define JD_DEPLOYS_INDEX JD_DEPLOYS_DIR "index.json"
#define JD_DEPLOY_KEY_FMT JD_DEPLOYS_DIR "%08lld.json" /* of the deploy number */
#define JD_OBJECTS_DIR JD_STATE_DIR "/objects/"     /* + the sha256 of the bytes */

#endif
