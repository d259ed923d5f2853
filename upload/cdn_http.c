/*
 * cdn_http.c - the generic purger: `PURGE <purge_url><path>` for each
 * path, the request Varnish, nginx (proxy_cache_purge) and Squid accept.
 *
 * 200 means the object was dropped, 404 that it was not cached: both
 * leave the cache without the old page, so both count as success.
 */
#include "cdn.h"

#include <string.h>

#include "lib/util.h"

static int http_configured(const struct cdn_config *c)
{
	return c->purge_url != NULL;
}

static enum jd_err http_check(const struct cdn_config *c, const char *base_url, struct diag *d)
{
	(void)base_url;
	if (!starts_with(c->purge_url, "http://") && !starts_with(c->purge_url, "https://"))
		return diag_set(d, JD_ECONFIG, NULL,
				"cdn: purge_url '%s' is not an http:// or https:// URL", c->purge_url);
	return JD_OK;
}

static enum jd_err http_purge(const struct cdn_request *r, char *const *paths, size_t n,
			      struct diag *d)
{
	struct cdn_call *calls = xcalloc(n ? n : 1, sizeof(*calls));
	size_t blen = strlen(r->cdn->purge_url);
	enum jd_err rc;

	while (blen && r->cdn->purge_url[blen - 1] == '/')
		blen--;
	for (size_t i = 0; i < n; i++) {
		cdn_call_init(&calls[i], "PURGE", xasprintf("%.*s%s", (int)blen, r->cdn->purge_url,
							    paths[i]));
		calls[i].ok_404 = 1;
	}
	rc = cdn_send(r, "HTTP", calls, n, "check 'cdn: purge_url:' and that the cache accepts PURGE "
		      "from this host", d);
	for (size_t i = 0; i < n; i++)
		cdn_call_release(&calls[i]);
	free(calls);
	return rc;
}

static const char *http_endpoint(const struct cdn_config *c)
{
	return c->purge_url;
}

const struct cdn_ops cdn_http_ops = {
	.name = "http",
	.configured = http_configured,
	.check = http_check,
	.purge = http_purge,
	.endpoint = http_endpoint,
};
