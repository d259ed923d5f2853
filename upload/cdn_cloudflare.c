/*
 * cdn_cloudflare.c - Cloudflare cache purge by URL.
 *
 * POST {endpoint}/client/v4/zones/{zone}/purge_cache with
 * {"files":["https://site/a", ...]} in batches of `batch` URLs (100, the
 * API's cap for most plans; Enterprise allows 500), Bearer token from the
 * variable named by token_env.  A 429 is retried by http.c after its
 * Retry-After.  purge_everything sends {"purge_everything":true} instead,
 * and only when the user asked for it.
 */
#include "cdn.h"

#include <string.h>

#include "lib/util.h"

#define CLOUDFLARE_DEFAULT_ENDPOINT "https://api.cloudflare.com"
#define CLOUDFLARE_BATCH_MAX 500

static int cf_configured(const struct cdn_config *c)
{
	return c->cloudflare_zone_id != NULL;
}

static enum jd_err cf_check(const struct cdn_config *c, const char *base_url, struct diag *d)
{
	if (!c->cloudflare_token_env)
		return diag_set(d, JD_ECONFIG, NULL, "cdn: cloudflare: needs 'token_env:', the name of "
				"the environment variable holding the API token");
	if (!cdn_token(c->cloudflare_token_env))
		return diag_set(d, JD_ECONFIG, NULL, "cloudflare purge needs a token: the variable "
				"'%s' (cdn: cloudflare: token_env) is not set", c->cloudflare_token_env);
	if (!base_url && !c->cloudflare_purge_everything)
		return diag_set(d, JD_ECONFIG, NULL, "cloudflare purges full URLs: set 'base_url:' "
				"(e.g. https://www.example.com) in jamdeploy.yml");
	if (c->cloudflare_batch > CLOUDFLARE_BATCH_MAX)
		return diag_set(d, JD_ECONFIG, NULL, "cdn: cloudflare: batch %llu is over %d, the "
				"API's largest", (unsigned long long)c->cloudflare_batch,
				CLOUDFLARE_BATCH_MAX);
	return JD_OK;
}

static void json_string_add(struct buf *b, const char *s)
{
	buf_addch(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addch(b, '\\');
		if ((unsigned char)*s < 0x20)
			buf_printf(b, "\\u%04x", (unsigned char)*s);
		else
			buf_addch(b, *s);
	}
	buf_addch(b, '"');
}

static enum jd_err cf_purge(const struct cdn_request *r, char *const *paths, size_t n,
			    struct diag *d)
{
	const struct cdn_config *c = r->cdn;
	const char *token = cdn_token(c->cloudflare_token_env);
	const char *ep = c->cloudflare_endpoint ? c->cloudflare_endpoint : CLOUDFLARE_DEFAULT_ENDPOINT;
	size_t batch = c->cloudflare_batch ? (size_t)c->cloudflare_batch : 100;
	size_t ncalls = c->cloudflare_purge_everything ? 1 : (n + batch - 1) / batch;
	struct cdn_call *calls = xcalloc(ncalls ? ncalls : 1, sizeof(*calls));
	size_t eplen = strlen(ep);
	char *auth;
	enum jd_err rc;

	if (!token)
		return diag_set(d, JD_ECONFIG, NULL, "the variable '%s' is not set",
				c->cloudflare_token_env);
	while (eplen && ep[eplen - 1] == '/')
		eplen--;
	auth = xasprintf("Bearer %s", token);
	for (size_t i = 0; i < ncalls; i++) {
		struct buf body = BUF_INIT;

		cdn_call_init(&calls[i], "POST", xasprintf("%.*s/client/v4/zones/%s/purge_cache",
							   (int)eplen, ep, c->cloudflare_zone_id));
		if (c->cloudflare_purge_everything) {
			buf_addstr(&body, "{\"purge_everything\":true}");
		} else {
			buf_addstr(&body, "{\"files\":[");
			for (size_t j = i * batch; j < n && j < (i + 1) * batch; j++) {
				struct buf url = BUF_INIT;
				if (j > i * batch)
					buf_addch(&body, ',');
				buf_printf(&url, "%s%s", r->base_url, paths[j]);
				json_string_add(&body, url.data);
				buf_release(&url);
			}
			buf_addstr(&body, "]}");
		}
		calls[i].body = buf_detach(&body, NULL);
		cdn_call_header(&calls[i], "Authorization", auth);
		cdn_call_header(&calls[i], "Content-Type", "application/json");
	}
	memset(auth, 0, strlen(auth));
	free(auth);
	if (c->cloudflare_purge_everything && r->notes)
		buf_addstr(r->notes, "cloudflare: purged everything in the zone (purge_everything: true)\n");
	rc = cdn_send(r, "cloudflare", calls, ncalls, "check 'cdn: cloudflare: zone_id:' and that the "
		      "token may purge that zone", d);
	for (size_t i = 0; i < ncalls; i++)
		cdn_call_release(&calls[i]);
	free(calls);
	return rc;
}

static const char *cf_endpoint(const struct cdn_config *c)
{
	return c->cloudflare_endpoint ? c->cloudflare_endpoint : CLOUDFLARE_DEFAULT_ENDPOINT;
}

const struct cdn_ops cdn_cloudflare_ops = {
	.name = "cloudflare",
	.configured = cf_configured,
	.check = cf_check,
	.purge = cf_purge,
	.endpoint = cf_endpoint,
};
