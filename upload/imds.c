/*
 * imds.c - credentials from the machine: the container endpoint (ECS, EKS
 * Pod Identity, CodeBuild) and EC2 instance metadata (IMDSv2).
 *
 * Container: GET http://169.254.170.2 + AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
 * or AWS_CONTAINER_CREDENTIALS_FULL_URI (HTTPS anywhere; plain HTTP only
 * to a loopback address or the ECS / EKS link-local hosts, as the SDKs
 * require), with "Authorization: <token>" from the file
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE or AWS_CONTAINER_AUTHORIZATION_TOKEN.
 * The JSON answer holds AccessKeyId, SecretAccessKey, Token, Expiration.
 *
 * IMDSv2: PUT /latest/api/token (a session token for 6 hours), then with
 * it GET /latest/meta-data/iam/security-credentials/ (the role name) and
 * GET .../ROLE (the same JSON, with "Code": "Success").  The endpoint is
 * AWS_EC2_METADATA_SERVICE_ENDPOINT, else http://169.254.169.254; every
 * request is "quick" (upload/cred_http.c: one attempt, 1-second timeouts)
 * and no answer to the first one means "not on EC2": the chain ends with
 * that reason rather than an error.  AWS_EC2_METADATA_DISABLED=true skips
 * it without a request.
 */
#include "upload/cred_sources.h"

#include <ctype.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <strings.h>

#include "lib/util.h"

#define IMDS_DEFAULT "http://169.254.169.254"
#define CONTAINER_HOST "http://169.254.170.2"

int container_configured(void)
{
	return getenv_nonempty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") ||
	       getenv_nonempty("AWS_CONTAINER_CREDENTIALS_FULL_URI");
}

/* The JSON credentials both endpoints answer with, into out. */
static enum jd_err parse_json(const char *what, const struct buf *text, const char *method,
			      struct credentials *out, struct diag *d)
{
	json_t *doc = json_loadb(text->data, text->len, 0, NULL), *code;
	const char *id, *secret, *token, *exp;
	time_t expires = 0;
	enum jd_err rc = JD_OK;

	if (!json_is_object(doc)) {
		json_decref(doc);
		return diag_set(d, JD_EAUTH, NULL, "%s: the answer is not a JSON object", what);
	}
	code = json_object_get(doc, "Code");
	id = json_string_value(json_object_get(doc, "AccessKeyId"));
	secret = json_string_value(json_object_get(doc, "SecretAccessKey"));
	token = json_string_value(json_object_get(doc, "Token"));
	exp = json_string_value(json_object_get(doc, "Expiration"));
	if (code && (!json_is_string(code) || strcmp(json_string_value(code), "Success")))
		rc = diag_set(d, JD_EAUTH, NULL, "%s: the answer's Code is not \"Success\"", what);
	else if (!id || !*id || !secret || !*secret)
		rc = diag_set(d, JD_EAUTH, NULL, "%s: the answer lacks AccessKeyId or "
			      "SecretAccessKey", what);
	else if (exp && cred_parse_time(exp, &expires))
		rc = diag_set(d, JD_EAUTH, NULL, "%s: Expiration '%s' is not an ISO 8601 time", what,
			      exp);
	else
		cred_set(out, method, id, secret, token, expires);
	json_decref(doc);
	return rc;
}

/* Plain HTTP is allowed to loopback and the ECS / EKS hosts only (the SDKs' rule). */
static int full_uri_allowed(const char *url)
{
	static const char *const ok[] = { "127.", "localhost", "[::1]", "169.254.170.2",
					  "169.254.170.23", "[fd00:ec2::23]" };
	const char *host;

	if (!strncasecmp(url, "https://", 8))
		return 1;
	if (strncasecmp(url, "http://", 7))
		return 0;
	host = url + 7;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		size_t n = strlen(ok[i]);

		if (!strncmp(host, ok[i], n) &&
		    (ok[i][n - 1] == '.' || !host[n] || strchr(":/", host[n])))
			return 1;
	}
	return 0;
}

enum jd_err container_fetch(const struct cred_ctx *x, struct credentials *out, struct diag *d)
{
	const char *rel = getenv_nonempty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = getenv_nonempty("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	const char *tfile = getenv_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	const char *token = getenv_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN");
	struct cred_call c = { 0 };
	struct buf tb;
	char *url, *auth = NULL;
	enum jd_err rc = JD_OK;

	url = rel ? xasprintf("%s%s%s", CONTAINER_HOST, *rel == '/' ? "" : "/", rel) : xstrdup(full);
	buf_init(&tb, 16 << 10);
	if (!rel && !full_uri_allowed(full))
		rc = diag_set(d, JD_ECONFIG, NULL, "AWS_CONTAINER_CREDENTIALS_FULL_URI '%s' must be "
			      "HTTPS, or HTTP to a loopback address", full);
	if (rc == JD_OK && tfile) {
		struct diag ignore;

		if (read_file(tfile, &tb, &ignore) != JD_OK)
			rc = diag_set(d, JD_EAUTH, tfile, "cannot read "
				      "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE '%s'", tfile);
		while (tb.len && isspace((unsigned char)tb.data[tb.len - 1]))
			tb.data[--tb.len] = '\0';
		token = tb.data;
	}
	if (rc == JD_OK && token && strpbrk(token, "\r\n"))
		rc = diag_set(d, JD_EAUTH, NULL, "the container authorization token holds a line "
			      "break (AWS_CONTAINER_AUTHORIZATION_TOKEN%s)", tfile ? "_FILE" : "");
	if (rc == JD_OK) {
		c.what = "container credentials";
		c.method = "GET";
		c.url = url;
		if (token && *token)
			c.headers[0] = auth = xasprintf("Authorization: %s", token);
		c.headers[auth ? 1 : 0] = "Accept: application/json";
		rc = cred_http(x, &c, d);
		if (rc == JD_OK && c.status != 200)
			rc = diag_set(d, JD_EAUTH, NULL, "container credentials from '%s': HTTP %ld", url,
				      c.status);
		else if (rc == JD_OK)
			rc = parse_json("container credentials", &c.response, "container-role", out, d);
		OPENSSL_cleanse(c.response.data, c.response.len);
		buf_release(&c.response);
	}
	if (auth) {
		OPENSSL_cleanse(auth, strlen(auth));
		free(auth);
	}
	OPENSSL_cleanse(tb.data, tb.len);
	buf_release(&tb);
	free(url);
	return rc;
}

enum jd_err imds_fetch(const struct cred_ctx *x, struct credentials *out, int *found, char *why,
		       size_t why_size, struct diag *d)
{
	const char *dis = getenv_nonempty("AWS_EC2_METADATA_DISABLED");
	const char *ep = getenv_nonempty("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	struct cred_call c = { 0 };
	struct buf url = BUF_INIT;
	char *hdr = NULL, role[256];
	size_t base_len;
	enum jd_err rc;

	*found = 0;
	if (dis && !strcasecmp(dis, "true")) {
		snprintf(why, why_size, "skipped (AWS_EC2_METADATA_DISABLED=true)");
		return JD_OK;
	}
	buf_addstr(&url, ep ? ep : IMDS_DEFAULT);
	while (url.len && url.data[url.len - 1] == '/')
		url.data[--url.len] = '\0';
	base_len = url.len;
	buf_addstr(&url, "/latest/api/token");
	c.what = "instance metadata (IMDSv2) token";
	c.method = "PUT";
	c.url = url.data;
	c.body = "";
	c.headers[0] = "X-aws-ec2-metadata-token-ttl-seconds: 21600";
	c.quick = 1;
	rc = cred_http(x, &c, d);
	if (rc != JD_OK || c.status != 200 || !c.response.len) {
		snprintf(why, why_size, "no IMDSv2 token from '%s' (%s)", url.data,
			 rc ? "no answer" : "refused");
		buf_release(&c.response);
		buf_release(&url);
		return JD_OK; /* not on EC2: not an error of ours */
	}
	hdr = xasprintf("X-aws-ec2-metadata-token: %s", c.response.data);
	OPENSSL_cleanse(c.response.data, c.response.len);
	buf_release(&c.response);

	url.len = base_len;
	url.data[base_len] = '\0';
	buf_addstr(&url, "/latest/meta-data/iam/security-credentials/");
	c = (struct cred_call){ .what = "instance metadata (IMDSv2)", .method = "GET", .url = url.data,
				.headers = { hdr }, .quick = 1 };
	rc = cred_http(x, &c, d);
	if (rc == JD_OK && (c.status != 200 || !c.response.len)) {
		snprintf(why, why_size, "the instance has no IAM role (HTTP %ld from '%s')", c.status,
			 url.data);
		goto out;
	}
	if (rc == JD_OK) {
		size_t n = strcspn(c.response.data, "\r\n");

		if (n >= sizeof(role) || !n || memchr(c.response.data, '/', n)) {
			rc = diag_set(d, JD_EAUTH, NULL, "instance metadata: the role name is not valid");
			goto out;
		}
		memcpy(role, c.response.data, n);
		role[n] = '\0';
		buf_release(&c.response);
		buf_addstr(&url, role);
		c = (struct cred_call){ .what = "instance metadata (IMDSv2)", .method = "GET",
					.url = url.data, .headers = { hdr }, .quick = 1 };
		rc = cred_http(x, &c, d);
		if (rc == JD_OK && c.status != 200)
			rc = diag_set(d, JD_EAUTH, NULL, "instance metadata: credentials of role '%s': "
				      "HTTP %ld", role, c.status);
		else if (rc == JD_OK)
			rc = parse_json("instance metadata", &c.response, "iam-role", out, d);
		if (rc == JD_OK)
			*found = 1;
	}
out:
	OPENSSL_cleanse(c.response.data, c.response.len);
	buf_release(&c.response);
	OPENSSL_cleanse(hdr, strlen(hdr));
	free(hdr);
	buf_release(&url);
	return rc;
}
