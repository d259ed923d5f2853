/*
 * cdn_fastly.c - Fastly purge by URL.
 *
 * One `POST {endpoint}/purge/{host}{path}` per path with the API token in
 * Fastly-Key (from the variable named by token_env), and
 * `Fastly-Soft-Purge: 1` when soft_purge is set (the object is marked
 * stale rather than dropped, so the origin is spared a stampede).  The
 * host is base_url's.  Surrogate-key purges are not done here yet.
 */
#include "cdn.h"

#include <string.h>

#include "lib/util.h"

#define FASTLY_DEFAULT_ENDPOINT "https://api.fastly.com"

static int fastly_configured(const struct cdn_config *c)
{
	return c->fastly_service_id != NULL || c->fastly_token_env != NULL;
}

static enum jd_err fastly_check(const struct cdn_config *c, const char *base_url, struct diag *d)
{
	if (!c->fastly_token_env)
		return diag_set(d, JD_ECONFIG, NULL, "cdn: fastly: needs 'token_env:', the name of the "
				"environment variable holding the API token");
	if (!cdn_token(c->fastly_token_env))
		return diag_set(d, JD_ECONFIG, NULL, "fastly purge needs a token: the variable '%s' "
				"(cdn: fastly: token_env) is not set", c->fastly_token_env);
	if (!base_url)
		return diag_set(d, JD_ECONFIG, NULL, "fastly purges by URL: set 'base_url:' "
				"(e.g. https://www.example.com) in jamdeploy.yml");
	return JD_OK;
}

static enum jd_err fastly_purge(const struct cdn_request *r, char *const *paths, size_t n,
				struct diag *d)
{
	const struct cdn_config *c = r->cdn;
	const char *token = cdn_token(c->fastly_token_env);
	const char *ep = c->fastly_endpoint ? c->fastly_endpoint : FASTLY_DEFAULT_ENDPOINT;
	const char *host = r->base_url ? strstr(r->base_url, "://") : NULL;
	struct cdn_call *calls = xcalloc(n ? n : 1, sizeof(*calls));
	size_t eplen = strlen(ep);
	enum jd_err rc;

	if (!token || !host)
		return diag_set(d, JD_ECONFIG, NULL, "fastly purge needs 'base_url:' and the "
				"variable named by 'token_env:'");
	host += 3;
	while (eplen && ep[eplen - 1] == '/')
		eplen--;
	for (size_t i = 0; i < n; i++) {
		cdn_call_init(&calls[i], "POST", xasprintf("%.*s/purge/%s%s", (int)eplen, ep, host,
							   paths[i]));
		cdn_call_header(&calls[i], "Fastly-Key", token);
		cdn_call_header(&calls[i], "Accept", "application/json");
		if (c->fastly_soft_purge)
			cdn_call_header(&calls[i], "Fastly-Soft-Purge", "1");
	}
	rc = cdn_send(r, "fastly", calls, n, "check 'base_url:' and that the token may purge the "
		      "service", d);
	for (size_t i = 0; i < n; i++)
		cdn_call_release(&calls[i]);
	free(calls);
	return rc;
}

static const char *fastly_endpoint(const struct cdn_config *c)
{
	return c->fastly_endpoint ? c->fastly_endpoint : FASTLY_DEFAULT_ENDPOINT;
}

const struct cdn_ops cdn_fastly_ops = {
	.name = "fastly",
	.configured = fastly_configured,
	.check = fastly_check,
	.purge = fastly_purge,
	.endpoint = fastly_endpoint,
};
