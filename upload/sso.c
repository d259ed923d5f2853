/*
 * sso.c - IAM Identity Center (SSO) profiles: the token `aws sso login`
 * cached, traded for role credentials at the portal.
 *
 * `aws sso login` stores the access token in ~/.aws/sso/cache/KEY.json,
 * KEY being the SHA-1 (hex) of the sso_session name, or of the
 * sso_start_url for a legacy profile without sso_session.  The file holds
 * "accessToken" and "expiresAt" (ISO 8601).  With it we GET
 * PORTAL/federation/credentials?role_name=R&account_id=A with header
 * x-amz-sso_bearer_token, PORTAL being AWS_ENDPOINT_URL_SSO or
 * https://portal.sso.REGION.amazonaws.com; the answer is
 * {"roleCredentials": {"accessKeyId", "secretAccessKey", "sessionToken",
 * "expiration" (milliseconds since 1970)}}.  A missing or expired token,
 * or a 401 / 403 from the portal, says to run `aws sso login --profile NAME`.
 */
#include "upload/cred_sources.h"

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "lib/hex.h"
#include "lib/util.h"
#include "upload/sigv4.h"

#define SSO_CACHE_MAX ((size_t)64 << 10)

static char *cache_path(const struct sso_settings *s)
{
	const char *key = s->session ? s->session : s->start_url, *home = getenv("HOME");
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	char *dir, *file, *path;

	EVP_Digest(key, strlen(key), md, &mdlen, EVP_sha1(), NULL);
	hex_encode(md, mdlen, hex);
	dir = path_join(home && *home ? home : ".", ".aws/sso/cache");
	file = xasprintf("%s.json", hex);
	path = path_join(dir, file);
	free(dir);
	free(file);
	return path;
}

/* The cached access token (heap, the caller wipes it), or an error saying to log in. */
static enum jd_err cached_token(const struct sso_settings *s, char **token, struct diag *d)
{
	char *path = cache_path(s);
	struct buf text;
	struct diag ignore;
	json_t *doc = NULL;
	const char *tok, *exp;
	time_t expires;
	enum jd_err rc = JD_OK;

	*token = NULL;
	buf_init(&text, SSO_CACHE_MAX);
	if (read_file(path, &text, &ignore) != JD_OK) {
		rc = diag_set(d, JD_EAUTH, path, "profile '%s' uses SSO but there is no cached SSO "
			      "token in '%s': run aws sso login --profile %s", s->profile, path,
			      s->profile);
		goto out;
	}
	doc = json_loadb(text.data, text.len, 0, NULL);
	tok = json_string_value(json_object_get(doc, "accessToken"));
	exp = json_string_value(json_object_get(doc, "expiresAt"));
	if (!tok || !*tok || !exp || cred_parse_time(exp, &expires))
		rc = diag_set(d, JD_EAUTH, path, "the SSO token cache '%s' of profile '%s' is not "
			      "valid: run aws sso login --profile %s", path, s->profile, s->profile);
	else if (expires <= time(NULL))
		rc = diag_set(d, JD_EAUTH, path, "the SSO token of profile '%s' expired at %s: run "
			      "aws sso login --profile %s", s->profile, exp, s->profile);
	else
		*token = xstrdup(tok);
out:
	json_decref(doc);
	OPENSSL_cleanse(text.data, text.len);
	buf_release(&text);
	free(path);
	return rc;
}

enum jd_err sso_fetch(const struct cred_ctx *x, const struct sso_settings *s,
		      struct credentials *out, struct diag *d)
{
	const char *ep = getenv_nonempty("AWS_ENDPOINT_URL_SSO");
	struct cred_call c = { 0 };
	struct buf url = BUF_INIT;
	char *token = NULL, *hdr = NULL;
	json_t *doc = NULL, *rc_obj;
	enum jd_err rc;

	if ((rc = cached_token(s, &token, d)))
		return rc;
	if (ep)
		buf_addstr(&url, ep);
	else
		buf_printf(&url, "https://portal.sso.%s.amazonaws.com", s->region);
	while (url.len && url.data[url.len - 1] == '/')
		url.data[--url.len] = '\0';
	buf_addstr(&url, "/federation/credentials?role_name=");
	sigv4_uri_encode(&url, s->role_name, strlen(s->role_name), 0);
	buf_addstr(&url, "&account_id=");
	sigv4_uri_encode(&url, s->account_id, strlen(s->account_id), 0);
	hdr = xasprintf("x-amz-sso_bearer_token: %s", token);
	c.what = "SSO GetRoleCredentials";
	c.method = "GET";
	c.url = url.data;
	c.headers[0] = hdr;
	c.headers[1] = "Accept: application/json";
	rc = cred_http(x, &c, d);
	if (rc == JD_OK && (c.status == 401 || c.status == 403))
		rc = diag_set(d, JD_EAUTH, NULL, "the SSO portal refused the token of profile '%s' "
			      "(HTTP %ld): run aws sso login --profile %s", s->profile, c.status,
			      s->profile);
	else if (rc == JD_OK && c.status != 200)
		rc = diag_set(d, JD_EAUTH, NULL, "SSO GetRoleCredentials of profile '%s' (role '%s', "
			      "account '%s'): HTTP %ld", s->profile, s->role_name, s->account_id,
			      c.status);
	if (rc == JD_OK) {
		const char *id, *secret, *tok;
		json_t *exp;

		doc = json_loadb(c.response.data, c.response.len, 0, NULL);
		rc_obj = json_object_get(doc, "roleCredentials");
		id = json_string_value(json_object_get(rc_obj, "accessKeyId"));
		secret = json_string_value(json_object_get(rc_obj, "secretAccessKey"));
		tok = json_string_value(json_object_get(rc_obj, "sessionToken"));
		exp = json_object_get(rc_obj, "expiration");
		if (!id || !*id || !secret || !*secret || !json_is_integer(exp))
			rc = diag_set(d, JD_EAUTH, NULL, "SSO GetRoleCredentials of profile '%s': the "
				      "answer lacks roleCredentials", s->profile);
		else
			cred_set(out, "sso", id, secret, tok,
				 (time_t)(json_integer_value(exp) / 1000));
	}
	json_decref(doc);
	OPENSSL_cleanse(c.response.data, c.response.len);
	buf_release(&c.response);
	OPENSSL_cleanse(token, strlen(token));
	OPENSSL_cleanse(hdr, strlen(hdr));
	free(token);
	free(hdr);
	buf_release(&url);
	return rc;
}
