/*
 * cred_http.c - one HTTP request for a credential source, on http.c's loop.
 *
 * STS, the SSO portal, the container endpoint, instance metadata and the
 * GitHub OIDC endpoint each need a single request.  cred_http() runs it as
 * a one-transfer batch of a client of its own (so a refresh in the middle
 * of a push does not touch the S3 client's pool), with the S3 client's CA
 * settings and retry rules: 5xx and 429 are retried, anything else is
 * handed back.  Instance metadata is "quick": one attempt and 1-second
 * timeouts, so a laptop without a metadata service does not wait.
 *
 * Request headers may carry tokens; http.c never logs headers and no log
 * callback is set here, so nothing of a request reaches the output.
 */
#include "upload/cred_sources.h"

#include <openssl/crypto.h>

#include "lib/util.h"
#include "upload/ca_bundle.h"

#define CRED_RESPONSE_MAX ((size_t)256 << 10)

static enum jd_err call_prepare(struct transfer *t, struct diag *d)
{
	struct cred_call *c = t->arg;

	buf_addstr(&t->url, c->url);
	for (size_t i = 0; c->headers[i]; i++) {
		struct curl_slist *n = curl_slist_append(t->headers, c->headers[i]);

		if (!n)
			die_oom("curl_slist_append");
		t->headers = n;
	}
	return c->sign ? c->sign(c->sign_arg, t, d) : JD_OK;
}

static enum jd_err call_done(struct transfer *t, struct diag *d)
{
	struct cred_call *c = t->arg;

	if (t->curl_code != CURLE_OK)
		return diag_set(d, JD_ENET, NULL, "%s: no answer from '%s': %s", c->what, c->url,
				*t->error ? t->error : curl_easy_strerror(t->curl_code));
	c->status = t->status;
	buf_add(&c->response, t->response.data, t->response.len);
	return JD_OK;
}

enum jd_err cred_http(const struct cred_ctx *x, struct cred_call *c, struct diag *d)
{
	struct http_options ho = { 0 };
	struct http_client *h;
	struct transfer t, *tp = &t;
	enum jd_err rc;

	buf_init(&c->response, CRED_RESPONSE_MAX);
	c->status = 0;
	ho.jobs = 1;
	if (c->quick) {
		ho.max_attempts = 1;
		ho.connect_timeout_s = 1;
		ho.stall_timeout_s = 1;
	} else {
		ho.max_attempts = 3;
	}
	if (x && x->ca)
		ca_bundle_apply(x->ca, &ho);
	h = http_client_new(&ho);
	transfer_init(&t);
	t.method = c->method;
	t.body = c->body;
	t.body_len = c->body_len;
	t.response_max = CRED_RESPONSE_MAX;
	t.prepare = call_prepare;
	t.done = call_done;
	t.arg = c;
	rc = http_run(h, &tp, 1, d);
	if (t.response.len)
		OPENSSL_cleanse(t.response.data, t.response.len);
	transfer_release(&t);
	http_client_free(h);
	return rc;
}
