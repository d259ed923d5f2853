/*
 * paths.h - every path under .jamdeploy/, jamdeploy's own folder.
 *
 * The same name serves two places:
 *
 *   - in the project (relative to the working directory): the build cache,
 *     `build`'s default output and what a push must remember;
 *   - on a target (relative to its root or prefix): the manifest, the
 *     intent journal and the lease (pipeline/journal.h, lease.h).  No site
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
 *
 * Reserved for what is planned (issue 18, verify and history; nothing
 * writes them yet, and as everything under .jamdeploy/ no site key may
 * use them):
 *
 *   .jamdeploy/deploys/N.json        the manifest of each kept deploy (`history: N`)
 *   .jamdeploy/objects/AB/SHA256     the bytes of non-hashed objects of kept deploys,
 *                                    content-addressed, for `rollback` by server-side copy
 *
 * `verify` needs no key of its own: it lists the target and compares with
 * the manifest, skipping everything under .jamdeploy/.
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
#define JD_JOURNAL_KEY JD_STATE_DIR "/journal.json"
#define JD_LOCK_KEY JD_STATE_DIR "/lock.json"
#define JD_DEPLOYS_DIR JD_STATE_DIR "/deploys"   /* reserved: deploy history */
#define JD_OBJECTS_DIR JD_STATE_DIR "/objects"   /* reserved: kept bytes for rollback */

#endif
