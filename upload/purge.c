/*
 * purge.c - keys to URL paths, and running every configured CDN client
 * (see purge.h).
 *
 * A key maps to the paths a visitor may have fetched it under: the key
 * itself, and for an index.html the directory URL with a trailing slash
 * (and without one when the host serves clean URLs).  Paths are encoded
 * the way sigv4_uri_encode does (every byte outside A-Z a-z 0-9 - . _ ~
 * and '/' as %XX), which is what CloudFront and the HTTP purgers expect.
 * The list stays sorted and unique so purges and reports are stable.
 */
#include "purge.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdn.h"
#include "lib/util.h"
#include "sigv4.h"
#include "target.h"

static const struct cdn_ops *const cdn_clients[] = {
	&cdn_http_ops, &cdn_cloudflare_ops, &cdn_fastly_ops, &cdn_cloudfront_ops,
};

static size_t lower_bound(const struct purge_list *l, const char *s)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(l->paths[mid], s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void purge_list_add(struct purge_list *l, const char *path)
{
	size_t at = lower_bound(l, path);

	if (at < l->n && !strcmp(l->paths[at], path))
		return;
	ARRAY_GROW(l->paths, l->n + 1, l->cap);
	memmove(l->paths + at + 1, l->paths + at, (l->n - at) * sizeof(*l->paths));
	l->paths[at] = xstrdup(path);
	l->n++;
}

void purge_list_free(struct purge_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	memset(l, 0, sizeof(*l));
}

/* Add "/" + the encoded `raw` (a URL path without its leading '/'). */
static void add_encoded(struct purge_list *l, const char *raw, size_t len)
{
	struct buf b = BUF_INIT;

	buf_addch(&b, '/');
	sigv4_uri_encode(&b, raw, len, 1);
	purge_list_add(l, b.data);
	buf_release(&b);
}

/* `key` without the origin path ("site" or "/site/") in front, or NULL when it lies outside. */
static const char *strip_origin(const char *key, const char *origin)
{
	size_t n;

	if (!origin)
		return key;
	while (*origin == '/')
		origin++;
	n = strlen(origin);
	while (n && origin[n - 1] == '/')
		n--;
	if (!n)
		return key;
	if (strncmp(key, origin, n) != 0 || key[n] != '/')
		return NULL;
	return key + n + 1;
}

enum jd_err purge_paths(const struct cdn_config *c, char *const *keys, size_t n,
			struct purge_list *out, struct diag *d)
{
	if (n > PURGE_PATHS_MAX)
		return diag_set(d, JD_ELIMIT, NULL, "%zu keys to purge is over the limit of %d", n,
				PURGE_PATHS_MAX);
	for (size_t i = 0; i < n; i++) {
		const char *k = strip_origin(keys[i], c->origin_path);
		size_t len;

		if (!k)
			continue; /* not served through this CDN */
		len = strlen(k);
		add_encoded(out, k, len);
		if (!strcmp(k, "index.html") || ends_with(k, "/index.html")) {
			size_t dir = len - strlen("index.html"); /* keeps the trailing '/' */
			add_encoded(out, k, dir);
			if (c->clean_urls && dir > 0)
				add_encoded(out, k, dir - 1);
		} else if (c->clean_urls && ends_with(k, ".html")) {
			add_encoded(out, k, len - strlen(".html"));
		}
	}
	return JD_OK;
}

int purge_configured(const struct cdn_config *c)
{
	for (size_t i = 0; i < sizeof(cdn_clients) / sizeof(*cdn_clients); i++)
		if (cdn_clients[i]->configured(c))
			return 1;
	return 0;
}

int purge_uses_https(const struct cdn_config *c)
{
	for (size_t i = 0; i < sizeof(cdn_clients) / sizeof(*cdn_clients); i++)
		if (cdn_clients[i]->configured(c) && starts_with(cdn_clients[i]->endpoint(c), "https://"))
			return 1;
	return 0;
}

enum jd_err purge_check(const struct config *cfg, struct diag *d)
{
	for (size_t i = 0; i < sizeof(cdn_clients) / sizeof(*cdn_clients); i++) {
		const struct cdn_ops *o = cdn_clients[i];
		enum jd_err rc;

		if (o->configured(&cfg->cdn) && (rc = o->check(&cfg->cdn, cfg->base_url, d)))
			return rc;
	}
	return JD_OK;
}

enum jd_err purge_run(const struct config *cfg, const struct purge_list *l, int jobs,
		      const struct target_events *events, const struct ca_bundle *ca,
		      struct buf *notes, struct diag *d)
{
	struct http_options ho = { .jobs = jobs > 0 ? jobs : 8, .user_agent = "jamdeploy" };

	if (events && events->request) {
		ho.log = events->request;
		ho.log_arg = events->arg;
	}
	if (ca)
		ca_bundle_apply(ca, &ho);
	struct http_client *http;
	char *base = NULL;
	enum jd_err first = JD_OK;
	struct diag first_d;

	if (!l->n && !cfg->cdn.cloudflare_purge_everything)
		return JD_OK;
	diag_clear(&first_d);
	if (cfg->base_url) {
		base = xstrdup(cfg->base_url);
		for (size_t n = strlen(base); n && base[n - 1] == '/'; n--)
			base[n - 1] = '\0';
	}
	http = http_client_new(&ho);
	for (size_t i = 0; i < sizeof(cdn_clients) / sizeof(*cdn_clients); i++) {
		const struct cdn_ops *o = cdn_clients[i];
		struct cdn_request r = { &cfg->cdn, base, http, ca, notes, cfg->profile };
		enum jd_err rc;

		if (!o->configured(&cfg->cdn))
			continue;
		rc = o->purge(&r, l->paths, l->n, d);
		if (rc && !first) {
			first = rc;
			first_d = *d;
		}
	}
	http_client_free(http);
	free(base);
	if (first)
		*d = first_d;
	return first;
}
