/*
 * purge.h - which URLs a CDN must forget after a push, and asking it to.
 *
 * The plan's purge list holds keys (changed or deleted, not immutable);
 * purge_paths maps them to URL paths the way a static host serves them:
 *   docs/index.html -> /docs/ and /docs/index.html (and /docs with clean_urls)
 *   index.html      -> / and /index.html
 *   about.html      -> /about.html (and /about with clean_urls)
 * with the config's origin_path removed from the front (the CDN maps it),
 * percent-encoded, sorted and without duplicates.
 *
 * A failed purge leaves the deploy as it is: the paths are kept in a
 * pending file (JD_PURGE_PENDING) and the next push purges them along with
 * its own, so re-running push is how a purge is retried.
 */
#ifndef JD_PURGE_H
#define JD_PURGE_H

#include <stddef.h>

#include "lib/buf.h"
#include "lib/config.h"
#include "lib/err.h"

#define PURGE_PATHS_MAX 100000

struct purge_list {
	char **paths;   /* heap strings, sorted, unique */
	size_t n, cap;
};

/* Map keys to URL paths, appending to `out` (then sorted and made unique). */
enum jd_err purge_paths(const struct cdn_config *c, char *const *keys, size_t n,
			struct purge_list *out, struct diag *d);

/* Add one path (already a URL path) and keep the list sorted and unique. */
void purge_list_add(struct purge_list *l, const char *path);
void purge_list_free(struct purge_list *l);

/* Is any CDN configured? */
int purge_configured(const struct cdn_config *c);

/* Does a configured CDN's API (or purge_url) use HTTPS, so that the CA bundle matters? */
int purge_uses_https(const struct cdn_config *c);

/* Before anything is uploaded: every configured CDN can run (JD_ECONFIG if not). */
enum jd_err purge_check(const struct config *cfg, struct diag *d);

/*
 * Purge `l` on every configured CDN.  `notes` gets one line per decision
 * (wildcards used, purge_everything); the first failure is returned, the
 * other CDNs are still tried.  `events` (may be NULL) gets the -v request
 * lines, as a target's do.  `ca` (may be NULL: libcurl's default) is what
 * HTTPS requests trust (upload/ca_bundle.h), borrowed for the call.
 */
struct target_events;
struct ca_bundle;
enum jd_err purge_run(const struct config *cfg, const struct purge_list *l, int jobs,
		      const struct target_events *events, const struct ca_bundle *ca,
		      struct buf *notes, struct diag *d);

#endif
