/*
 * cdn_cloudfront.c - CloudFront CreateInvalidation.
 *
 * POST {endpoint}/2020-05-31/distribution/{id}/invalidation with an
 * InvalidationBatch (Paths/Quantity/Items and a CallerReference unique to
 * this push: time, pid and nanoseconds), signed with SigV4 for service
 * `cloudfront` in us-east-1 (CloudFront is a global service signed there).
 *
 * Paths are sent exactly while there are at most CLOUDFRONT_PATHS_MAX of
 * them (the in-flight limit per distribution; the first 1,000 a month
 * are free).  Beyond that each path is collapsed to its top-level
 * directory ("/docs/" and a star), which is kept if it fits within
 * CLOUDFRONT_WILDCARDS_MAX wildcards, else the batch becomes "/" plus a star.  The
 * decision is written to the notes so the user sees it.
 *
 * TooManyInvalidationsInProgress and Throttling answers are retried by
 * http.c with backoff, like 5xx.
 */
#include "cdn.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

#include "credentials.h"
#include "lib/sha256.h"
#include "lib/util.h"
#include "purge.h"
#include "sigv4.h"

#define CLOUDFRONT_DEFAULT_ENDPOINT "https://cloudfront.amazonaws.com"
#define CLOUDFRONT_PATHS_MAX 3000
#define CLOUDFRONT_WILDCARDS_MAX 15

struct cf_sign {
	const struct credentials *creds;
	const char *host;
	const char *path;
	char payload_hash[65];
};

static int cfront_configured(const struct cdn_config *c)
{
	return c->cloudfront_distribution_id != NULL;
}

static enum jd_err cfront_check(const struct cdn_config *c, const char *base_url, struct diag *d)
{
	(void)base_url;
	for (const char *p = c->cloudfront_distribution_id; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z')))
			return diag_set(d, JD_ECONFIG, NULL, "cdn: cloudfront: distribution_id '%s' is not "
					"an id like E2QWRUHEXAMPLE", c->cloudfront_distribution_id);
	return JD_OK;
}

static enum jd_err cfront_sign(struct cdn_call *call, struct diag *d)
{
	const struct cf_sign *s = call->sign_arg;
	struct sigv4_pair hs[] = { { "Host", s->host }, { "Content-Type", "text/xml" } };
	struct sigv4_credentials c = { s->creds->access_key_id, s->creds->secret_access_key,
				       s->creds->session_token };
	struct sigv4_request rq = { "POST", s->path, NULL, 0, hs, 2, s->payload_hash };
	struct sigv4_params p = { .region = "us-east-1", .service = "cloudfront", .when = time(NULL),
				  .normalize_path = 1 };
	struct sigv4_result res;
	enum jd_err rc;

	sigv4_result_init(&res);
	rc = sigv4_sign_header(&rq, &c, &p, &res, d);
	if (!rc) {
		http_add_header(&call->t.headers, "Host", s->host);
		for (size_t i = 0; res.headers[i]; i++) {
			struct curl_slist *n = curl_slist_append(call->t.headers, res.headers[i]);
			if (!n)
				die_oom("curl_slist_append");
			call->t.headers = n;
		}
	}
	sigv4_result_release(&res);
	return rc;
}

static enum http_verdict cfront_classify(struct transfer *t)
{
	if (t->status == 503 || t->status == 429 ||
	    (t->status == 400 && strstr(t->response.data, "<Code>Throttling<")))
		return HTTP_RETRY_THROTTLED;
	if (t->status >= 500 ||
	    (t->status == 400 && strstr(t->response.data, "<Code>TooManyInvalidationsInProgress<")))
		return HTTP_RETRY;
	return HTTP_DONE;
}

/* "/docs/a/b.html" -> "/docs/" and a star; a top-level file stays as it is. */
static void collapse(char *const *paths, size_t n, struct purge_list *out)
{
	for (size_t i = 0; i < n; i++) {
		const char *slash = strchr(paths[i] + 1, '/');
		if (!slash) {
			purge_list_add(out, paths[i]);
		} else {
			char *w = xasprintf("%.*s*", (int)(slash - paths[i] + 1), paths[i]);
			purge_list_add(out, w);
			free(w);
		}
	}
}

static size_t count_wildcards(const struct purge_list *l)
{
	size_t w = 0;
	for (size_t i = 0; i < l->n; i++)
		w += ends_with(l->paths[i], "*");
	return w;
}

static enum jd_err cfront_purge(const struct cdn_request *r, char *const *paths, size_t n,
				struct diag *d)
{
	const struct cdn_config *c = r->cdn;
	const char *ep = c->cloudfront_endpoint ? c->cloudfront_endpoint : CLOUDFRONT_DEFAULT_ENDPOINT;
	const char *hoststart = strstr(ep, "://");
	struct purge_list wild = { 0 };
	char *const *send = paths;
	size_t nsend = n;
	struct credentials creds;
	struct cf_sign sign;
	struct cdn_call call;
	struct buf body = BUF_INIT;
	struct timespec ts;
	char *host, *path, *slash;
	enum jd_err rc;

	if (!n)
		return JD_OK;
	if (!hoststart)
		return diag_set(d, JD_ECONFIG, NULL, "cdn: cloudfront: endpoint '%s' is not a URL", ep);
	if ((rc = credentials_load(&creds, &(struct credentials_options){ r->aws_profile, r->ca }, d)))
		return rc;
	hoststart += 3;
	host = xstrdup(hoststart);
	if ((slash = strchr(host, '/')))
		*slash = '\0';
	if (n > CLOUDFRONT_PATHS_MAX) {
		collapse(paths, n, &wild);
		if (wild.n <= CLOUDFRONT_PATHS_MAX && count_wildcards(&wild) <= CLOUDFRONT_WILDCARDS_MAX) {
			send = wild.paths;
			nsend = wild.n;
			if (r->notes)
				buf_printf(r->notes, "cloudfront: %zu paths are over the %d in-flight limit: "
					   "invalidating %zu top-level wildcards and paths instead\n", n,
					   CLOUDFRONT_PATHS_MAX, wild.n);
		} else {
			static char *const all[] = { "/*" };
			send = all;
			nsend = 1;
			if (r->notes)
				buf_printf(r->notes, "cloudfront: %zu paths would need %zu wildcards (over "
					   "%d): invalidating /* instead\n", n, count_wildcards(&wild),
					   CLOUDFRONT_WILDCARDS_MAX);
		}
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	buf_addstr(&body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<InvalidationBatch xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">");
	buf_printf(&body, "<CallerReference>jamdeploy-%lld-%ld-%ld</CallerReference>",
		   (long long)ts.tv_sec, (long)getpid(), ts.tv_nsec);
	buf_printf(&body, "<Paths><Quantity>%zu</Quantity><Items>", nsend);
	for (size_t i = 0; i < nsend; i++)
		buf_printf(&body, "<Path>%s</Path>", send[i]); /* percent-encoded: no '<' or '&' */
	buf_addstr(&body, "</Items></Paths></InvalidationBatch>");

	path = xasprintf("/2020-05-31/distribution/%s/invalidation", c->cloudfront_distribution_id);
	sign = (struct cf_sign){ .creds = &creds, .host = host, .path = path };
	sha256_hex(body.data, body.len, sign.payload_hash);
	cdn_call_init(&call, "POST", xasprintf("%.*s%s%s", (int)(hoststart - ep), ep, host, path));
	call.body = buf_detach(&body, NULL);
	cdn_call_header(&call, "Content-Type", "text/xml");
	call.sign = cfront_sign;
	call.sign_arg = &sign;
	call.t.classify = cfront_classify;
	rc = cdn_send(r, "cloudfront", &call, 1, "check 'cdn: cloudfront: distribution_id:' and that "
		      "the credentials may call cloudfront:CreateInvalidation on it", d);
	if (!rc && r->notes)
		buf_printf(r->notes, "cloudfront: invalidation of %zu paths created\n", nsend);
	cdn_call_release(&call);
	purge_list_free(&wild);
	credentials_free(&creds);
	free(host);
	free(path);
	return rc;
}

static const char *cfront_endpoint(const struct cdn_config *c)
{
	return c->cloudfront_endpoint ? c->cloudfront_endpoint : CLOUDFRONT_DEFAULT_ENDPOINT;
}

const struct cdn_ops cdn_cloudfront_ops = {
	.name = "cloudfront",
	.configured = cfront_configured,
	.check = cfront_check,
	.purge = cfront_purge,
	.endpoint = cfront_endpoint,
};
