/*
 * sts.c - STS AssumeRole and AssumeRoleWithWebIdentity, and the GitHub
 * Actions OIDC token that the latter takes.
 *
 * Both STS calls are the Query API: a form-encoded POST of Action,
 * Version and the parameters to https://sts.REGION.amazonaws.com/ (or
 * AWS_ENDPOINT_URL_STS), answered with XML.  AssumeRole is signed with
 * SigV4 (service "sts", the signing region the endpoint's) by the source
 * credentials, afresh for each attempt; AssumeRoleWithWebIdentity is not
 * signed: the JWT is the proof.
 *
 * The answer is read strictly: exactly one <Credentials> element holding
 * exactly one each of AccessKeyId, SecretAccessKey, SessionToken and
 * Expiration, all non-empty, the expiry a valid ISO 8601 time; anything
 * else is an error that names the call, never quoting the body (it holds
 * the secret).  An STS error answer gives its <Code> and <Message>, which
 * hold no secret.
 */
#include "upload/cred_sources.h"

#include <openssl/crypto.h>
#include <jansson.h>

#include "lib/sha256.h"
#include "lib/util.h"
#include "upload/s3.h"
#include "upload/sigv4.h"

#define STS_VERSION "2011-06-15"

/* The endpoint URL (heap) and its signing region. */
static char *sts_url(const struct cred_ctx *x, const char **region)
{
	const char *ep = getenv_nonempty("AWS_ENDPOINT_URL_STS");

	*region = x->region && *x->region ? x->region : "us-east-1";
	if (ep)
		return xstrdup(ep);
	return xasprintf("https://sts.%s.amazonaws.com/", *region);
}

static void form_add(struct buf *b, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	buf_printf(b, "%s%s=", b->len ? "&" : "", name);
	sigv4_uri_encode(b, value, strlen(value), 0);
}

/* The one <tag> inside [p, end): exactly one, non-empty, into out.  0 on success. */
static int one_tag(const char *p, const char *end, const char *tag, struct buf *out)
{
	const char *q = p;

	if (!s3_xml_next(&q, end, tag, out) || !out->len)
		return -1;
	return s3_xml_next(&q, end, tag, NULL) ? -1 : 0;
}

/* Read the <Credentials> of an STS answer into out. */
static enum jd_err parse_answer(const char *what, const struct buf *xml, struct credentials *out,
				struct diag *d)
{
	const char *p = xml->data, *end = xml->data + xml->len;
	struct buf v[4];
	static const char *const tags[4] = { "AccessKeyId", "SecretAccessKey", "SessionToken",
					     "Expiration" };
	time_t expires = 0;
	int bad = 0;

	/* the <Credentials> element's raw text: entities are decoded per field below */
	{
		const char *open = strstr(p, "<Credentials>"), *close;

		if (!open || !(close = strstr(open, "</Credentials>")) ||
		    strstr(close, "<Credentials>"))
			return diag_set(d, JD_EAUTH, NULL, "%s: the answer has no single <Credentials> "
					"element", what);
		p = open + strlen("<Credentials>");
		end = close;
	}
	for (int i = 0; i < 4; i++) {
		buf_init(&v[i], 8192);
		if (!bad && one_tag(p, end, tags[i], &v[i]))
			bad = i + 1;
	}
	if (!bad && cred_parse_time(v[3].data, &expires))
		bad = 4;
	if (bad)
		diag_set(d, JD_EAUTH, NULL, "%s: the answer's <%s> is missing, repeated or not valid",
			 what, tags[bad - 1]);
	else
		cred_set(out, out->method, v[0].data, v[1].data, v[2].data, expires);
	for (int i = 0; i < 4; i++) {
		OPENSSL_cleanse(v[i].data, v[i].len);
		buf_release(&v[i]);
	}
	return bad ? d->code : JD_OK;
}

/* An STS error answer to a message. */
static enum jd_err sts_error(const char *what, const char *role, const struct cred_call *c,
			     struct diag *d)
{
	const char *p = c->response.data, *end = p + c->response.len;
	struct buf code = BUF_INIT, msg = BUF_INIT;
	enum jd_err rc;

	s3_xml_next(&p, end, "Code", &code);
	p = c->response.data;
	s3_xml_next(&p, end, "Message", &msg);
	rc = diag_set(d, c->status == 403 || c->status == 400 ? JD_EAUTH : JD_ENET, NULL,
		      "%s of role '%s' failed: HTTP %ld %s%s%s", what, role, c->status,
		      code.len ? code.data : "", msg.len ? ": " : "", msg.len ? msg.data : "");
	buf_release(&code);
	buf_release(&msg);
	return rc;
}

struct sign_arg {
	const struct credentials *src;
	const char *region;
	const char *body;
	size_t body_len;
};

/* SigV4 for AssumeRole, per attempt (a fresh X-Amz-Date each time). */
static enum jd_err sign_sts(void *arg, struct transfer *t, struct diag *d)
{
	struct sign_arg *a = arg;
	const char *hs = strstr(t->url.data, "://"), *slash;
	char *host, hash[65];
	struct sigv4_pair hdrs[2];
	struct sigv4_result res;
	enum jd_err rc;

	if (!hs)
		return diag_set(d, JD_ECONFIG, NULL, "STS endpoint '%s' is not a URL", t->url.data);
	hs += 3;
	slash = strchr(hs, '/');
	host = slash ? xstrndup(hs, (size_t)(slash - hs)) : xstrdup(hs);
	sha256_hex(a->body, a->body_len, hash);
	hdrs[0] = (struct sigv4_pair){ "Host", host };
	hdrs[1] = (struct sigv4_pair){ "Content-Type",
				       "application/x-www-form-urlencoded; charset=utf-8" };
	{
		struct sigv4_credentials c = { a->src->access_key_id, a->src->secret_access_key,
					       a->src->session_token };
		struct sigv4_request rq = { "POST", slash && slash[1] ? slash : "/", NULL, 0, hdrs, 2,
					    hash };
		struct sigv4_params p = { .region = a->region, .service = "sts", .when = time(NULL),
					  .normalize_path = 1 };

		sigv4_result_init(&res);
		rc = sigv4_sign_header(&rq, &c, &p, &res, d);
	}
	for (size_t i = 0; rc == JD_OK && res.headers[i]; i++) {
		struct curl_slist *n = curl_slist_append(t->headers, res.headers[i]);

		if (!n)
			die_oom("curl_slist_append");
		t->headers = n;
	}
	sigv4_result_release(&res);
	free(host);
	return rc;
}

static enum jd_err sts_call(const struct cred_ctx *x, const char *what, const char *action,
			    const struct sts_role *r, const char *token,
			    const struct credentials *src, struct credentials *out, struct diag *d)
{
	struct buf body = BUF_INIT;
	struct cred_call c = { 0 };
	struct sign_arg sa;
	const char *region;
	char *url = sts_url(x, &region), session[64], duration[32];
	enum jd_err rc;

	if (r->session_name && *r->session_name)
		snprintf(session, sizeof(session), "%s", r->session_name);
	else
		snprintf(session, sizeof(session), "jamdeploy-%lld", (long long)time(NULL));
	snprintf(duration, sizeof(duration), "%ld", r->duration_seconds);
	form_add(&body, "Action", action);
	form_add(&body, "Version", STS_VERSION);
	form_add(&body, "RoleArn", r->role_arn);
	form_add(&body, "RoleSessionName", session);
	if (r->duration_seconds > 0)
		form_add(&body, "DurationSeconds", duration);
	form_add(&body, "ExternalId", r->external_id);
	form_add(&body, "WebIdentityToken", token);
	c.what = what;
	c.method = "POST";
	c.url = url;
	c.body = body.data;
	c.body_len = body.len;
	c.headers[0] = "Content-Type: application/x-www-form-urlencoded; charset=utf-8";
	c.headers[1] = "Accept: text/xml";
	if (src) {
		sa = (struct sign_arg){ src, region, body.data, body.len };
		c.sign = sign_sts;
		c.sign_arg = &sa;
	}
	rc = cred_http(x, &c, d);
	if (rc == JD_OK && c.status / 100 != 2)
		rc = sts_error(what, r->role_arn, &c, d);
	else if (rc == JD_OK)
		rc = parse_answer(what, &c.response, out, d);
	OPENSSL_cleanse(body.data, body.len);
	OPENSSL_cleanse(c.response.data, c.response.len);
	buf_release(&body);
	buf_release(&c.response);
	free(url);
	return rc;
}

enum jd_err sts_assume_role(const struct cred_ctx *x, const struct credentials *src,
			    const struct sts_role *r, struct credentials *out, struct diag *d)
{
	out->method = "assume-role";
	return sts_call(x, "STS AssumeRole", "AssumeRole", r, NULL, src, out, d);
}

enum jd_err sts_assume_role_web_identity(const struct cred_ctx *x, const char *token,
					 const struct sts_role *r, struct credentials *out,
					 struct diag *d)
{
	out->method = "assume-role-with-web-identity";
	return sts_call(x, "STS AssumeRoleWithWebIdentity", "AssumeRoleWithWebIdentity", r, token,
			NULL, out, d);
}

enum jd_err github_oidc_token(const struct cred_ctx *x, const char *audience, char **jwt,
			      struct diag *d)
{
	const char *base = getenv_nonempty("ACTIONS_ID_TOKEN_REQUEST_URL");
	char *auth = xasprintf("Authorization: bearer %s", getenv_nonempty("ACTIONS_ID_TOKEN_REQUEST_TOKEN"));
	struct buf url = BUF_INIT;
	struct cred_call c = { 0 };
	json_t *doc = NULL, *v = NULL;
	enum jd_err rc;

	*jwt = NULL;
	buf_printf(&url, "%s%saudience=", base, strchr(base, '?') ? "&" : "?");
	sigv4_uri_encode(&url, audience, strlen(audience), 0);
	c.what = "GitHub Actions OIDC token request (ACTIONS_ID_TOKEN_REQUEST_URL)";
	c.method = "GET";
	c.url = url.data;
	c.headers[0] = auth;
	c.headers[1] = "Accept: application/json";
	rc = cred_http(x, &c, d);
	if (rc == JD_OK && c.status != 200)
		rc = diag_set(d, JD_EAUTH, NULL, "%s: HTTP %ld (does the job have 'permissions: "
			      "id-token: write'?)", c.what, c.status);
	if (rc == JD_OK && (!(doc = json_loadb(c.response.data, c.response.len, 0, NULL)) ||
			    !json_is_string(v = json_object_get(doc, "value")) ||
			    !*json_string_value(v)))
		rc = diag_set(d, JD_EAUTH, NULL, "%s: the answer has no \"value\" string", c.what);
	if (rc == JD_OK)
		*jwt = xstrdup(json_string_value(v));
	json_decref(doc);
	OPENSSL_cleanse(auth, strlen(auth));
	OPENSSL_cleanse(c.response.data, c.response.len);
	free(auth);
	buf_release(&c.response);
	buf_release(&url);
	return rc;
}
