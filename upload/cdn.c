/*
 * cdn.c - what the CDN clients share: reading a token from the
 * environment, running a batch of API calls over http.c, and turning a
 * failed answer into a message with an excerpt of the body and a hint.
 *
 * A call's URL and headers are fixed when it is built; http.c asks for
 * them again on every attempt, so prepare() only copies them (and lets a
 * signer add fresh SigV4 headers).  The token is in a header and headers
 * never reach a message.
 */
#include "cdn.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

const char *cdn_token(const char *env)
{
	return getenv_nonempty(env);
}

void cdn_excerpt(const struct buf *body, char *out, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < body->len && o + 1 < size && i < 300; i++) {
		unsigned char ch = (unsigned char)body->data[i];
		out[o++] = (isprint(ch) ? (char)ch : ' ');
	}
	if (size)
		out[o < size ? o : size - 1] = '\0';
}

void cdn_call_init(struct cdn_call *c, const char *method, char *url)
{
	memset(c, 0, sizeof(*c));
	transfer_init(&c->t);
	c->t.method = method;
	c->url = url;
}

void cdn_call_header(struct cdn_call *c, const char *name, const char *value)
{
	if (c->nhdr == CDN_HEADERS_MAX) /* the clients use at most four */
		die_internal("cdn call header table full");
	c->hname[c->nhdr] = name;
	c->hvalue[c->nhdr++] = xstrdup(value);
}

void cdn_call_release(struct cdn_call *c)
{
	transfer_release(&c->t);
	free(c->url);
	free(c->body);
	for (size_t i = 0; i < c->nhdr; i++) {
		/* the values may be tokens: do not leave them in freed memory */
		memset(c->hvalue[i], 0, strlen(c->hvalue[i]));
		free(c->hvalue[i]);
	}
	memset(c, 0, sizeof(*c));
}

static enum jd_err call_prepare(struct transfer *t, struct diag *d)
{
	struct cdn_call *c = t->arg;

	buf_addstr(&t->url, c->url);
	for (size_t i = 0; i < c->nhdr; i++)
		http_add_header(&t->headers, c->hname[i], c->hvalue[i]);
	if (c->body)
		http_add_header(&t->headers, "Expect", ""); /* no 100-continue round trip */
	return c->sign ? c->sign(c, d) : JD_OK;
}

struct send_ctx {
	const char *cdn_name, *hint;
	const struct ca_bundle *ca;
};

static enum jd_err call_done(struct transfer *t, struct diag *d)
{
	struct cdn_call *c = t->arg;
	const struct send_ctx *s = c->send;
	char excerpt[320], tls[900];

	if (ca_bundle_refusal(t, s->ca, tls, sizeof(tls)))
		return diag_set(d, JD_ENET, c->url, "%s purge: %s", s->cdn_name, tls);
	if (t->curl_code != CURLE_OK)
		return diag_set(d, JD_ENET, c->url, "%s purge: cannot reach '%s' after %d attempts: %s",
				s->cdn_name, c->url, t->attempts, t->error[0] ? t->error
						: curl_easy_strerror(t->curl_code));
	if ((t->status >= 200 && t->status < 300) || (t->status == 404 && c->ok_404))
		return JD_OK;
	cdn_excerpt(&t->response, excerpt, sizeof(excerpt));
	return diag_set(d, t->status >= 500 || t->status == 429 ? JD_ENET : JD_ETARGET, c->url,
			"%s purge refused: HTTP %ld from '%s': %s (%s)", s->cdn_name, t->status, c->url,
			excerpt[0] ? excerpt : "no body", s->hint);
}

enum jd_err cdn_send(const struct cdn_request *r, const char *cdn_name, struct cdn_call *calls,
		     size_t n, const char *hint, struct diag *d)
{
	struct send_ctx s = { cdn_name, hint, r->ca };
	struct transfer **ts;
	enum jd_err rc;

	if (!n)
		return JD_OK;
	ts = xcalloc(n, sizeof(*ts));
	for (size_t i = 0; i < n; i++) {
		struct cdn_call *c = &calls[i];
		c->t.prepare = call_prepare;
		c->t.done = call_done;
		c->t.arg = c;
		if (c->body) {
			c->t.body = c->body;
			c->t.body_len = strlen(c->body);
		}
		c->send = &s;
		ts[i] = &c->t;
	}
	rc = http_run(r->http, ts, n, d);
	free(ts);
	return rc;
}
