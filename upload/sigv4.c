/*
 * sigv4.c - AWS Signature Version 4 over OpenSSL's libcrypto.
 *
 * Signing is four steps, each kept visible in struct sigv4_result so tests
 * can compare every intermediate with the AWS suite:
 *
 *   canonical request = METHOD \n PATH \n QUERY \n HEADERS \n SIGNED \n HASH
 *     PATH    the raw path encoded once (normalized only for non-S3 services)
 *     QUERY   name=value pairs, each side encoded, sorted by name then value
 *     HEADERS "name:value\n" per header, names lower-cased and sorted, values
 *             trimmed with inner whitespace runs (and folded lines) collapsed
 *             to one space, repeated names joined with ',' in request order
 *     SIGNED  the header names joined with ';'
 *   string to sign = "AWS4-HMAC-SHA256" \n DATE \n SCOPE \n hex(sha256(CR))
 *   signing key    = HMAC chain "AWS4"+secret -> day -> region -> service -> "aws4_request"
 *   signature      = hex(HMAC(signing key, string to sign))
 *
 * The secret key only ever enters HMAC; it is never copied into a buffer
 * that could reach a message.  Header mode adds X-Amz-Date (and the
 * session token and content hash) to the signed headers; query mode moves
 * them into X-Amz-* query parameters.
 */
#include "upload/sigv4.h"

#include <ctype.h>
#include <strings.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "lib/sha256.h"
#include "lib/util.h"

#define SIGV4_ALGORITHM "AWS4-HMAC-SHA256"
#define SIGV4_MAX_TEXT ((size_t)1 << 20) /* canonical requests are small; refuse silly input */

static int is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

int sigv4_uri_encode(struct buf *out, const char *s, size_t len, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int rc;

		if (is_unreserved(c) || (keep_slash && c == '/')) {
			rc = buf_addch(out, c);
		} else {
			char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
			rc = buf_add(out, esc, 3);
		}
		if (rc)
			return rc;
	}
	return 0;
}

int sigv4_uri_decode(struct buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i];

		if (c == '%') {
			int hi, lo;

			if (len - i < 3)
				return JD_EINPUT;
			hi = hex_digit_value((unsigned char)s[i + 1]);
			lo = hex_digit_value((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return JD_EINPUT;
			c = hi * 16 + lo;
			i += 2;
		}
		if (buf_addch(out, c))
			return JD_ELIMIT;
	}
	return 0;
}

/*
 * Remove empty, "." and ".." segments (RFC 3986 section 5.2.4 plus the
 * collapsing of "//" that the generic services do).  A trailing slash is
 * kept when the input had one and the result is not just "/".
 */
static int normalize_path(struct buf *out, const char *path)
{
	size_t len = strlen(path), nseg = 0, cap = 0;
	size_t *seg_start = NULL, *seg_len = NULL, cap2 = 0;
	int trailing = len > 0 && path[len - 1] == '/';
	int rc = 0;

	for (size_t i = 0; i < len;) {
		size_t j = i;

		while (j < len && path[j] != '/')
			j++;
		if (j == i || (j - i == 1 && path[i] == '.')) {
			/* empty or "." */
		} else if (j - i == 2 && path[i] == '.' && path[i + 1] == '.') {
			if (nseg)
				nseg--;
		} else {
			ARRAY_GROW(seg_start, nseg + 1, cap);
			ARRAY_GROW(seg_len, nseg + 1, cap2);
			seg_start[nseg] = i;
			seg_len[nseg] = j - i;
			nseg++;
		}
		i = j + 1;
	}
	if (len > 0 && (path[len - 1] == '.')) {
		/* "/a/." and "/a/.." name a directory: keep the slash */
		trailing = 1;
	}
	for (size_t k = 0; k < nseg && !rc; k++) {
		rc = buf_addch(out, '/');
		if (!rc)
			rc = buf_add(out, path + seg_start[k], seg_len[k]);
	}
	if (!rc && (nseg == 0 || trailing))
		rc = buf_addch(out, '/');
	free(seg_start);
	free(seg_len);
	return rc;
}

int sigv4_encode_path(struct buf *out, const char *raw_path, int normalize)
{
	struct buf norm;
	int rc;

	if (!normalize)
		return sigv4_uri_encode(out, raw_path, strlen(raw_path), 1);
	buf_init(&norm, SIGV4_MAX_TEXT);
	rc = normalize_path(&norm, raw_path);
	if (!rc)
		rc = sigv4_uri_encode(out, norm.data, norm.len, 1);
	buf_release(&norm);
	return rc;
}

struct enc_pair {
	char *name;
	char *value;
};

static int cmp_enc_pair(const void *a, const void *b)
{
	const struct enc_pair *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->value, y->value);
}

int sigv4_encode_query(struct buf *out, const struct sigv4_pair *q, size_t n)
{
	struct enc_pair *pairs;
	int rc = 0;

	if (n == 0)
		return 0;
	pairs = xcalloc(n, sizeof(*pairs));
	for (size_t i = 0; i < n; i++) {
		struct buf b;
		const char *v = q[i].value ? q[i].value : "";

		buf_init(&b, SIGV4_MAX_TEXT);
		if (sigv4_uri_encode(&b, q[i].name, strlen(q[i].name), 0))
			rc = JD_ELIMIT;
		pairs[i].name = buf_detach(&b, NULL);
		if (sigv4_uri_encode(&b, v, strlen(v), 0))
			rc = JD_ELIMIT;
		pairs[i].value = buf_detach(&b, NULL);
	}
	qsort(pairs, n, sizeof(*pairs), cmp_enc_pair);
	for (size_t i = 0; i < n && !rc; i++)
		rc = buf_printf(out, "%s%s=%s", i ? "&" : "", pairs[i].name, pairs[i].value);
	for (size_t i = 0; i < n; i++) {
		free(pairs[i].name);
		free(pairs[i].value);
	}
	free(pairs);
	return rc;
}

/* One header in canonical form: lower-case name, normalized value. */
struct canon_header {
	char *name;
	char *value;
	size_t order; /* position in the request: keeps repeated names in order */
};

static int cmp_canon_header(const void *a, const void *b)
{
	const struct canon_header *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static char *canon_value(const char *v)
{
	struct buf b;
	int pending_space = 0;

	buf_init(&b, SIGV4_MAX_TEXT);
	for (; *v; v++) {
		if (isspace((unsigned char)*v)) {
			pending_space = b.len > 0;
			continue;
		}
		if (pending_space)
			buf_addch(&b, ' ');
		pending_space = 0;
		buf_addch(&b, *v);
	}
	return buf_detach(&b, NULL);
}

static int valid_header_name(const char *name)
{
	if (!*name)
		return 0;
	for (; *name; name++)
		if (*name == ':' || isspace((unsigned char)*name) || iscntrl((unsigned char)*name))
			return 0;
	return 1;
}

static void hmac_sha256(const void *key, size_t keylen, const char *msg, unsigned char out[32])
{
	unsigned int outlen = 32;

	HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)msg, strlen(msg), out, &outlen);
}

/* The signature of `sts` with the key derived for day/region/service. */
static void compute_signature(const struct sigv4_credentials *c, const struct sigv4_params *p,
			      const char *day, const char *sts, char hex[65])
{
	unsigned char k[32], k2[32];
	struct buf secret = BUF_INIT;

	buf_addstr(&secret, "AWS4");
	buf_addstr(&secret, c->secret_access_key);
	hmac_sha256(secret.data, secret.len, day, k);
	OPENSSL_cleanse(secret.data, secret.len);
	buf_release(&secret);
	hmac_sha256(k, 32, p->region, k2);
	hmac_sha256(k2, 32, p->service, k);
	hmac_sha256(k, 32, "aws4_request", k2);
	hmac_sha256(k2, 32, sts, k);
	hex_encode(k, sizeof(k), hex);
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(k2, sizeof(k2));
}

void sigv4_result_init(struct sigv4_result *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->canonical_request, SIGV4_MAX_TEXT);
	buf_init(&r->string_to_sign, SIGV4_MAX_TEXT);
	buf_init(&r->authorization, SIGV4_MAX_TEXT);
	buf_init(&r->query, SIGV4_MAX_TEXT);
}

void sigv4_result_release(struct sigv4_result *r)
{
	buf_release(&r->canonical_request);
	buf_release(&r->string_to_sign);
	buf_release(&r->authorization);
	buf_release(&r->query);
	for (size_t i = 0; i < sizeof(r->headers) / sizeof(r->headers[0]); i++) {
		free(r->headers[i]);
		r->headers[i] = NULL;
	}
}

static void canon_add(struct canon_header **arr, size_t *n, size_t *cap, const char *name,
		      const char *value)
{
	char *lower = xstrdup(name);

	for (char *q = lower; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	ARRAY_GROW(*arr, *n + 1, *cap);
	(*arr)[*n].name = lower;
	(*arr)[*n].value = canon_value(value ? value : "");
	(*arr)[*n].order = *n;
	(*n)++;
}

/*
 * The shared core of both modes.  `query_mode` decides whether the date,
 * token and credential scope travel as headers or as query parameters.
 */
static enum jd_err sign(const struct sigv4_request *req, const struct sigv4_credentials *c,
			const struct sigv4_params *p, int query_mode, struct sigv4_result *out,
			struct diag *d)
{
	struct canon_header *hs = NULL;
	size_t nh = 0, caph = 0;
	struct sigv4_pair *qs = NULL;
	size_t nq = 0, capq = 0;
	struct buf signed_headers = BUF_INIT, scope = BUF_INIT, credential = BUF_INIT;
	char day[9], expires[32], cr_hash[65];
	const char *token = c->session_token && *c->session_token ? c->session_token : NULL;
	int have_host = 0, rc = 0;
	struct tm tm;

	if (!req->path || req->path[0] != '/')
		return diag_set(d, JD_EINPUT, NULL, "cannot sign a request whose path does not start with '/'");
	if (!c->access_key_id || !*c->access_key_id || !c->secret_access_key)
		return diag_set(d, JD_EAUTH, NULL, "cannot sign a request without credentials");
	for (size_t i = 0; i < req->nheaders; i++) {
		if (!valid_header_name(req->headers[i].name))
			return diag_set(d, JD_EINPUT, NULL, "cannot sign header '%s': invalid name",
					req->headers[i].name);
		if (strcasecmp(req->headers[i].name, "host") == 0)
			have_host = 1;
	}
	if (!have_host)
		return diag_set(d, JD_EINPUT, NULL, "cannot sign a request without a Host header");

	gmtime_r(&p->when, &tm);
	strftime(out->amz_date, sizeof(out->amz_date), "%Y%m%dT%H%M%SZ", &tm);
	memcpy(day, out->amz_date, 8);
	day[8] = '\0';
	buf_printf(&scope, "%s/%s/%s/aws4_request", day, p->region, p->service);
	buf_printf(&credential, "%s/%s", c->access_key_id, scope.data);

	for (size_t i = 0; i < req->nheaders; i++)
		canon_add(&hs, &nh, &caph, req->headers[i].name, req->headers[i].value);
	if (!query_mode) {
		canon_add(&hs, &nh, &caph, "x-amz-date", out->amz_date);
		if (p->add_content_sha256)
			canon_add(&hs, &nh, &caph, "x-amz-content-sha256", req->payload_hash);
		if (token && !p->omit_session_token)
			canon_add(&hs, &nh, &caph, "x-amz-security-token", token);
	}
	qsort(hs, nh, sizeof(*hs), cmp_canon_header);
	for (size_t i = 0; i < nh; i++)
		if (i == 0 || strcmp(hs[i].name, hs[i - 1].name) != 0)
			buf_printf(&signed_headers, "%s%s", signed_headers.len ? ";" : "", hs[i].name);

	ARRAY_GROW(qs, req->nquery + 6, capq);
	for (size_t i = 0; i < req->nquery; i++)
		qs[nq++] = req->query[i];
	if (query_mode) {
		snprintf(expires, sizeof(expires), "%ld", p->expires);
		qs[nq++] = (struct sigv4_pair){ "X-Amz-Algorithm", SIGV4_ALGORITHM };
		qs[nq++] = (struct sigv4_pair){ "X-Amz-Credential", credential.data };
		qs[nq++] = (struct sigv4_pair){ "X-Amz-Date", out->amz_date };
		qs[nq++] = (struct sigv4_pair){ "X-Amz-Expires", expires };
		qs[nq++] = (struct sigv4_pair){ "X-Amz-SignedHeaders", signed_headers.data };
		if (token && !p->omit_session_token)
			qs[nq++] = (struct sigv4_pair){ "X-Amz-Security-Token", token };
	}

	/* canonical request */
	{
		struct buf *cr = &out->canonical_request;

		buf_reset(cr);
		rc |= buf_printf(cr, "%s\n", req->method);
		rc |= sigv4_encode_path(cr, req->path, p->normalize_path);
		rc |= buf_addch(cr, '\n');
		rc |= sigv4_encode_query(cr, qs, nq);
		rc |= buf_addch(cr, '\n');
		for (size_t i = 0; i < nh; i++) {
			if (i > 0 && strcmp(hs[i].name, hs[i - 1].name) == 0)
				rc |= buf_printf(cr, ",%s", hs[i].value);
			else
				rc |= buf_printf(cr, "%s%s:%s", i ? "\n" : "", hs[i].name, hs[i].value);
		}
		rc |= buf_printf(cr, "\n\n%s\n%s", signed_headers.data, req->payload_hash);
	}
	if (rc) {
		rc = diag_set(d, JD_ELIMIT, NULL, "cannot sign: request too large");
		goto out;
	}

	sha256_hex(out->canonical_request.data, out->canonical_request.len, cr_hash);
	buf_reset(&out->string_to_sign);
	buf_printf(&out->string_to_sign, "%s\n%s\n%s\n%s", SIGV4_ALGORITHM, out->amz_date, scope.data,
		   cr_hash);
	compute_signature(c, p, day, out->string_to_sign.data, out->signature);

	if (query_mode) {
		buf_reset(&out->query);
		sigv4_encode_query(&out->query, qs, nq);
		if (token && p->omit_session_token) {
			buf_addstr(&out->query, "&X-Amz-Security-Token=");
			sigv4_uri_encode(&out->query, token, strlen(token), 0);
		}
		buf_printf(&out->query, "&X-Amz-Signature=%s", out->signature);
	} else {
		size_t k = 0;

		buf_reset(&out->authorization);
		buf_printf(&out->authorization, "%s Credential=%s, SignedHeaders=%s, Signature=%s",
			   SIGV4_ALGORITHM, credential.data, signed_headers.data, out->signature);
		for (size_t i = 0; i < sizeof(out->headers) / sizeof(out->headers[0]); i++) {
			free(out->headers[i]);
			out->headers[i] = NULL;
		}
		out->headers[k++] = xasprintf("X-Amz-Date: %s", out->amz_date);
		if (p->add_content_sha256)
			out->headers[k++] = xasprintf("X-Amz-Content-Sha256: %s", req->payload_hash);
		if (token)
			out->headers[k++] = xasprintf("X-Amz-Security-Token: %s", token);
		out->headers[k++] = xasprintf("Authorization: %s", out->authorization.data);
	}
out:
	for (size_t i = 0; i < nh; i++) {
		free(hs[i].name);
		free(hs[i].value);
	}
	free(hs);
	free(qs);
	buf_release(&signed_headers);
	buf_release(&scope);
	buf_release(&credential);
	return rc;
}

enum jd_err sigv4_sign_header(const struct sigv4_request *req, const struct sigv4_credentials *c,
			      const struct sigv4_params *p, struct sigv4_result *out, struct diag *d)
{
	return sign(req, c, p, 0, out, d);
}

enum jd_err sigv4_sign_query(const struct sigv4_request *req, const struct sigv4_credentials *c,
			     const struct sigv4_params *p, struct sigv4_result *out, struct diag *d)
{
	return sign(req, c, p, 1, out, d);
}
