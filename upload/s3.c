/*
 * s3.c - S3 operations over upload/http.c and upload/sigv4.c.
 *
 * Every request is a struct s3_req: the transfer http.c runs, plus what
 * is needed to rebuild and re-sign it on each attempt (operation name,
 * full key, decoded query pairs, extra headers, payload hash).  The
 * callbacks are the same for every operation:
 *
 *   req_prepare   hash the body once (SHA-256 for x-amz-content-sha256,
 *                 MD5 for Content-MD5, one pass over the bytes, streamed
 *                 for files), then build host, path and query, sign, and
 *                 set URL and headers
 *   req_classify  retry 5xx, RequestTimeout, InternalError; 503, 429 and
 *                 the throttling codes (SlowDown, Throttling, ...) are
 *                 HTTP_RETRY_THROTTLED, which slows the whole client down;
 *                 a region redirect switches s->region (once) and retries
 *   req_done      2xx (or an allowed 304/404) calls the operation's
 *                 on_ok; anything else becomes the error message
 *
 * Objects of multipart_threshold bytes and more go as CreateMultipartUpload,
 * UploadPart x N in parallel, CompleteMultipartUpload (whose 200 answer
 * may still carry an <Error>), and AbortMultipartUpload when anything
 * fails, so no half upload lingers.
 *
 * XML answers are small (capped by http.c) and read with a tag finder
 * rather than a parser: we only need Code, Message, Region, UploadId, and
 * ListObjectsV2's Key / Size / ETag / IsTruncated / NextContinuationToken.
 * A rollback copies objects inside the bucket (CopyObject with
 * x-amz-copy-source and the manifest's headers, metadata directive
 * REPLACE): no byte of them passes through this machine.  Keys in
 * listings are requested with encoding-type=url so that any byte survives.
 */
#include "upload/s3.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "lib/hex.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "upload/credentials.h"
#include "upload/sigv4.h"

#define S3_MAX_KEY 1024            /* S3's own limit on key length, in bytes */
#define S3_LIST_PAGE_MAX ((size_t)8 << 20)
#define S3_MAX_PARTS 10000

struct s3 {
	struct http_client *http;
	struct credentials creds;
	char *bucket;
	char *prefix;   /* "" or "site" (no leading or trailing '/') */
	char *scheme;   /* "https" or "http" */
	char *host;     /* endpoint host[:port]; NULL: derived from the region (AWS) */
	char *base_path; /* endpoint path ("" or "/something") */
	char region[64];
	int region_switched;
	char region_hint[512];
	const struct target_events *events;
	const struct ca_bundle *ca; /* borrowed from the caller, for ho and messages */
	int path_style;
	size_t multipart_threshold, part_size;
};

struct s3_req {
	struct transfer t;
	struct s3 *s3;
	const char *op;       /* "PutObject": for messages */
	char *key;            /* full key, prefix included; NULL for bucket requests */
	struct sigv4_pair query[6];
	size_t nquery;
	struct sigv4_pair hdr[10];
	size_t nhdr;
	char *owned[20];      /* strings the pairs point to */
	size_t nowned;
	char payload_hash[65];
	int want_md5;
	char region_used[64];
	int allow_304, allow_404;
	int conditional;      /* If-Match / If-None-Match sent: a 404 means the object it named went away */
	char *etag_out;       /* PUT: where the object's ETag goes (TARGET_ETAG_MAX), or NULL */
	enum jd_err (*on_ok)(struct s3_req *r, struct diag *d);
	void *ctx;            /* the operation's own */
	size_t index;         /* e.g. part number - 1 */
};

/* ---- small helpers ---- */

static const char *own(struct s3_req *r, char *s)
{
	if (r->nowned == sizeof(r->owned) / sizeof(r->owned[0]))
		die_internal("s3 request string table full");
	r->owned[r->nowned++] = s;
	return s;
}

static void add_query(struct s3_req *r, const char *name, const char *value)
{
	if (r->nquery == sizeof(r->query) / sizeof(r->query[0]))
		die_internal("s3 request query table full");
	r->query[r->nquery++] = (struct sigv4_pair){ name, value };
}

static void add_header(struct s3_req *r, const char *name, const char *value)
{
	if (r->nhdr == sizeof(r->hdr) / sizeof(r->hdr[0]))
		die_internal("s3 request header table full");
	r->hdr[r->nhdr++] = (struct sigv4_pair){ name, value };
}

/* A header value we may send: no CR or LF (they would start a new header). */
static enum jd_err check_header_value(const char *key, const char *what, const char *v,
				      struct diag *d)
{
	if (v && strpbrk(v, "\r\n"))
		return diag_set(d, JD_EINPUT, key, "%s contains a line break (check the rules in jamdeploy.yml)",
				what);
	return JD_OK;
}

static char *full_key(const struct s3 *s, const char *key)
{
	return *s->prefix ? xasprintf("%s/%s", s->prefix, key) : xstrdup(key);
}

static void base64(const unsigned char *in, size_t len, char *out)
{
	EVP_EncodeBlock((unsigned char *)out, in, (int)len);
}

/* One pass over the body: SHA-256 (hex) and MD5 (base64). */
static enum jd_err hash_body(const struct transfer *t, char sha_hex[65], char md5_b64[32],
			     struct diag *d)
{
	EVP_MD_CTX *sha = EVP_MD_CTX_new(), *md5 = EVP_MD_CTX_new();
	unsigned char dsha[32], dmd5[16];
	enum jd_err rc = JD_OK;

	if (!sha || !md5)
		die_oom("EVP_MD_CTX_new");
	EVP_DigestInit_ex(sha, EVP_sha256(), NULL);
	EVP_DigestInit_ex(md5, EVP_md5(), NULL);
	if (t->body) {
		EVP_DigestUpdate(sha, t->body, t->body_len);
		EVP_DigestUpdate(md5, t->body, t->body_len);
	} else if (t->body_path) {
		int fd = open(t->body_path, O_RDONLY | O_CLOEXEC);
		size_t left = t->body_len;
		off_t off = t->body_offset;
		char *chunk = xmalloc(1 << 20);

		if (fd < 0)
			rc = diag_set(d, JD_EIO, t->body_path, "cannot read file: %s", strerror(errno));
		while (!rc && left) {
			ssize_t got = pread(fd, chunk, left < (1 << 20) ? left : (1 << 20), off);

			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				rc = diag_set(d, JD_EIO, t->body_path, "cannot read file: %s",
					      got < 0 ? strerror(errno) : "shorter than expected (did it change?)");
				break;
			}
			EVP_DigestUpdate(sha, chunk, (size_t)got);
			EVP_DigestUpdate(md5, chunk, (size_t)got);
			left -= (size_t)got;
			off += got;
		}
		free(chunk);
		if (fd >= 0)
			close(fd);
	}
	EVP_DigestFinal_ex(sha, dsha, NULL);
	EVP_DigestFinal_ex(md5, dmd5, NULL);
	EVP_MD_CTX_free(sha);
	EVP_MD_CTX_free(md5);
	hex_encode(dsha, sizeof(dsha), sha_hex);
	base64(dmd5, 16, md5_b64);
	return rc;
}

/* Decode XML character references and the five entities of `s` into out. */
static void xml_unescape(struct buf *out, const char *s, size_t len)
{
	static const struct { const char *ent; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' },
	};

	for (size_t i = 0; i < len; i++) {
		int done = 0;

		if (s[i] == '&') {
			for (size_t k = 0; k < sizeof(ents) / sizeof(ents[0]) && !done; k++) {
				size_t el = strlen(ents[k].ent);

				if (len - i >= el && memcmp(s + i, ents[k].ent, el) == 0) {
					buf_addch(out, ents[k].c);
					i += el - 1;
					done = 1;
				}
			}
			if (!done && len - i > 3 && s[i + 1] == '#') {
				const char *semi = memchr(s + i, ';', len - i);
				int hexa = s[i + 2] == 'x';
				char *end;
				unsigned long cp = strtoul(s + i + 2 + hexa, &end, hexa ? 16 : 10);

				if (semi && end == semi && cp > 0 && cp < 0x110000) {
					/* UTF-8 encode */
					if (cp < 0x80) {
						buf_addch(out, (int)cp);
					} else if (cp < 0x800) {
						buf_addch(out, (int)(0xC0 | (cp >> 6)));
						buf_addch(out, (int)(0x80 | (cp & 0x3F)));
					} else if (cp < 0x10000) {
						buf_addch(out, (int)(0xE0 | (cp >> 12)));
						buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3F)));
						buf_addch(out, (int)(0x80 | (cp & 0x3F)));
					} else {
						buf_addch(out, (int)(0xF0 | (cp >> 18)));
						buf_addch(out, (int)(0x80 | ((cp >> 12) & 0x3F)));
						buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3F)));
						buf_addch(out, (int)(0x80 | (cp & 0x3F)));
					}
					i = (size_t)(semi - s);
					done = 1;
				}
			}
		}
		if (!done)
			buf_addch(out, s[i]);
	}
}

/*
 * Find the next <tag>...</tag> in [*p, end): its content is [*cs, *ce) and
 * *p moves past the closing tag.  Returns 0 when there is none.
 */
static int xml_span(const char **p, const char *end, const char *tag, const char **cs,
		    const char **ce)
{
	char open[64], close_[64];
	const char *s, *e;
	size_t ol, cl;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close_, sizeof(close_), "</%s>", tag);
	ol = strlen(open);
	cl = strlen(close_);
	s = memmem(*p, (size_t)(end - *p), open, ol);
	if (!s)
		return 0;
	s += ol;
	e = memmem(s, (size_t)(end - s), close_, cl);
	if (!e)
		return 0;
	*cs = s;
	*ce = e;
	*p = e + cl;
	return 1;
}

/* Like xml_span, appending the unescaped content to out (which may be NULL). */
static int xml_next(const char **p, const char *end, const char *tag, struct buf *out)
{
	const char *cs, *ce;

	if (!xml_span(p, end, tag, &cs, &ce))
		return 0;
	if (out)
		xml_unescape(out, cs, (size_t)(ce - cs));
	return 1;
}

int s3_xml_next(const char **p, const char *end, const char *tag, struct buf *out)
{
	return xml_next(p, end, tag, out);
}

/* The first <tag> of the response body into out (size bytes), "" when absent. */
static void xml_field(const struct buf *xml, const char *tag, char *out, size_t size)
{
	const char *p = xml->data;
	struct buf v = BUF_INIT;

	out[0] = '\0';
	if (xml_next(&p, xml->data + xml->len, tag, &v))
		snprintf(out, size, "%s", v.data);
	buf_release(&v);
}

/* ---- the request callbacks ---- */

static int is_ip_or_localhost(const char *host)
{
	if (strncmp(host, "localhost", 9) == 0 && (host[9] == '\0' || host[9] == ':'))
		return 1;
	if (host[0] == '[')
		return 1; /* IPv6 literal */
	for (; *host && *host != ':'; host++)
		if (!isdigit((unsigned char)*host) && *host != '.')
			return 0;
	return 1;
}

static enum jd_err req_prepare(struct transfer *t, struct diag *d)
{
	struct s3_req *r = t->arg;
	struct s3 *s = r->s3;
	struct sigv4_pair hs[12];
	struct sigv4_result res;
	struct buf host = BUF_INIT, path = BUF_INIT;
	const char *sign_region = s->region;
	enum jd_err rc;

	if (!r->payload_hash[0]) {
		char md5[32];

		if (t->body || t->body_path) {
			rc = hash_body(t, r->payload_hash, md5, d);
			if (rc)
				return rc;
			if (r->want_md5)
				add_header(r, "Content-MD5", own(r, xstrdup(md5)));
		} else {
			snprintf(r->payload_hash, sizeof(r->payload_hash), "%s", SIGV4_EMPTY_SHA256);
		}
	}
	snprintf(r->region_used, sizeof(r->region_used), "%s", s->region);
	/* short-lived credentials: renewed before this attempt is signed, never during one */
	if ((rc = credentials_refresh(&s->creds, d)))
		return rc;

	if (s->host)
		buf_addstr(&host, s->host);
	else if (strcmp(s->region, "us-east-1") == 0)
		buf_addstr(&host, "s3.amazonaws.com");
	else
		buf_printf(&host, "s3.%s.amazonaws.com", s->region);
	if (!s->path_style) {
		char *h = xasprintf("%s.%s", s->bucket, host.data);

		buf_reset(&host);
		buf_addstr(&host, h);
		free(h);
	}
	buf_addstr(&path, s->base_path);
	if (s->path_style)
		buf_printf(&path, "/%s", s->bucket);
	if (r->key)
		buf_printf(&path, "/%s", r->key);
	else if (!s->path_style)
		buf_addch(&path, '/');

	hs[0] = (struct sigv4_pair){ "Host", host.data };
	for (size_t i = 0; i < r->nhdr; i++)
		hs[i + 1] = r->hdr[i];
	{
		struct sigv4_credentials c = { s->creds.access_key_id, s->creds.secret_access_key,
					       s->creds.session_token };
		struct sigv4_request rq = { t->method, path.data, r->query, r->nquery, hs, r->nhdr + 1,
					    r->payload_hash };
		struct sigv4_params p = { .region = sign_region, .service = "s3", .when = time(NULL),
					  .add_content_sha256 = 1 };

		sigv4_result_init(&res);
		rc = sigv4_sign_header(&rq, &c, &p, &res, d);
	}
	if (rc == JD_OK) {
		buf_printf(&t->url, "%s://%s", s->scheme, host.data);
		sigv4_encode_path(&t->url, path.data, 0);
		if (r->nquery) {
			buf_addch(&t->url, '?');
			sigv4_encode_query(&t->url, r->query, r->nquery);
		}
		http_add_header(&t->headers, "Host", host.data);
		for (size_t i = 0; i < r->nhdr; i++)
			http_add_header(&t->headers, r->hdr[i].name, r->hdr[i].value);
		for (size_t i = 0; res.headers[i]; i++) {
			struct curl_slist *n = curl_slist_append(t->headers, res.headers[i]);

			if (!n)
				die_oom("curl_slist_append");
			t->headers = n;
		}
	}
	sigv4_result_release(&res);
	buf_release(&host);
	buf_release(&path);
	return rc;
}

/* The region an error response says the bucket lives in, "" when none. */
static void response_region(const struct transfer *t, char *out, size_t size)
{
	if (http_header(t, "x-amz-bucket-region", out, size) && *out)
		return;
	xml_field(&t->response, "Region", out, size);
}

/* S3's (and the AWS SDKs') error codes that mean "slow down" whatever the status. */
static int throttling_code(const char *code)
{
	static const char *const codes[] = {
		"SlowDown", "Throttling", "ThrottlingException", "ThrottledException",
		"RequestThrottled", "RequestThrottledException", "TooManyRequestsException",
		"RequestLimitExceeded", "BandwidthLimitExceeded", "ProvisionedThroughputExceededException",
	};

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (!strcmp(code, codes[i]))
			return 1;
	return 0;
}

static enum http_verdict req_classify(struct transfer *t)
{
	struct s3_req *r = t->arg;
	struct s3 *s = r->s3;
	char code[64], region[64];

	if (t->status < 300)
		return HTTP_DONE;
	xml_field(&t->response, "Code", code, sizeof(code));
	if (*code)
		snprintf(t->retry_reason, sizeof(t->retry_reason), "HTTP %ld %s", t->status, code);
	/* A store without conditional writes: asking again changes nothing. */
	if (t->status == 501)
		return HTTP_DONE;
	/* AWS: two conditional writes of one key raced; "you can retry the request". */
	if (!strcmp(code, "ConditionalRequestConflict"))
		return HTTP_RETRY;
	if (t->status == 503 || t->status == 429 || throttling_code(code))
		return HTTP_RETRY_THROTTLED;
	if (t->status >= 500 || !strcmp(code, "RequestTimeout") || !strcmp(code, "InternalError"))
		return HTTP_RETRY;
	if (t->status == 301 || !strcmp(code, "PermanentRedirect") ||
	    !strcmp(code, "AuthorizationHeaderMalformed") ||
	    !strcmp(code, "IllegalLocationConstraintException")) {
		response_region(t, region, sizeof(region));
		if (!*region || strcmp(region, r->region_used) == 0)
			return HTTP_DONE;
		if (strcmp(region, s->region) == 0)
			return HTTP_RETRY_NOW; /* another request already switched */
		if (s->region_switched)
			return HTTP_DONE;
		s->region_switched = 1;
		snprintf(s->region_hint, sizeof(s->region_hint),
			 "bucket '%s' is in region '%s', not '%s': set --region %s (or 'region: %s' "
			 "in jamdeploy.yml)", s->bucket, region, s->region, region, region);
		snprintf(s->region, sizeof(s->region), "%s", region);
		snprintf(t->retry_reason, sizeof(t->retry_reason), "the bucket is in region %s",
			 region);
		/* once per client: the switch happens once, and later requests sign right */
		if (s->events && s->events->warn)
			s->events->warn(s->events->arg, "region-switch", s->region_hint);
		return HTTP_RETRY_NOW;
	}
	return HTTP_DONE;
}

static const char *hint_for(const struct s3 *s, const char *code, long status)
{
	if (!strcmp(code, "InvalidAccessKeyId") || !strcmp(code, "SignatureDoesNotMatch") ||
	    !strcmp(code, "InvalidToken") || !strcmp(code, "ExpiredToken") ||
	    !strcmp(code, "TokenRefreshRequired"))
		return "check the credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / "
		       "AWS_SESSION_TOKEN or the AWS_PROFILE in ~/.aws/credentials";
	if (!strcmp(code, "AccessDenied") || (status == 403 && !*code))
		return "the credentials were refused or lack permission on this bucket "
		       "(s3:GetObject, s3:PutObject, s3:DeleteObject, s3:ListBucket)";
	if (!strcmp(code, "RequestTimeTooSkewed"))
		return "this machine's clock is off by more than 15 minutes: sync it (NTP)";
	if (!strcmp(code, "NoSuchBucket"))
		return "check the bucket name and --endpoint; create the bucket first";
	if (!strcmp(code, "AuthorizationHeaderMalformed") || !strcmp(code, "PermanentRedirect") ||
	    status == 301)
		return *s->region_hint ? s->region_hint
				       : "wrong region: set --region (or AWS_REGION) to the bucket's region";
	if (throttling_code(code) || status == 503 || status == 429)
		return "the server kept asking to slow down for a minute although every request was "
		       "paced: try again later, or with fewer --jobs";
	if (!strcmp(code, "XAmzContentSHA256Mismatch") || !strcmp(code, "BadDigest"))
		return "the file changed while it was being uploaded; run the push again";
	if (!strcmp(code, "EntityTooLarge"))
		return "the object is over the server's size limit";
	return "";
}

/* "https://host:port" of a URL (what --endpoint names), for messages. */
static void url_origin(const char *url, char *out, size_t size)
{
	const char *host = strstr(url, "://");
	size_t len = host ? (size_t)(host + 3 - url) + strcspn(host + 3, "/?#") : strlen(url);

	snprintf(out, size, "%.*s", (int)len, url);
}

/* Turn t's final failure into an error code and message. */
static enum jd_err req_error(struct s3_req *r, struct diag *d)
{
	struct transfer *t = &r->t;
	struct s3 *s = r->s3;
	char code[96], message[900], what[1200];
	const char *hint;
	enum jd_err err;

	if (r->key)
		snprintf(what, sizeof(what), "s3://%s/%s", s->bucket, r->key);
	else
		snprintf(what, sizeof(what), "s3://%s", s->bucket);
	if (ca_bundle_refusal(t, s->ca, message, sizeof(message)))
		return diag_set(d, JD_ENET, what, "%s: %s", r->op, message);
	if (t->curl_code != CURLE_OK) {
		if (t->curl_code == CURLE_WRITE_ERROR && t->response_too_large)
			return diag_set(d, JD_ELIMIT, what, "%s: the answer is larger than %zu bytes",
					r->op, t->response.max);
		if (t->curl_code == CURLE_OPERATION_TIMEDOUT) {
			char origin[300];

			url_origin(t->url.data, origin, sizeof(origin));
			return diag_set(d, JD_ENET, what,
					"%s: no answer from '%s' in %d attempts (%s): the server takes "
					"connections but does not answer (check --endpoint; if it is "
					"right, the server is down or overloaded: try again later)",
					r->op, origin, t->attempts,
					*t->error ? t->error : curl_easy_strerror(t->curl_code));
		}
		return diag_set(d, JD_ENET, what,
				"%s failed after %d attempts: %s (check --endpoint and the network)",
				r->op, t->attempts,
				*t->error ? t->error : curl_easy_strerror(t->curl_code));
	}
	xml_field(&t->response, "Code", code, sizeof(code));
	xml_field(&t->response, "Message", message, sizeof(message));
	if (!*code && t->status == 404)
		snprintf(code, sizeof(code), "%s", r->key ? "NoSuchKey" : "NoSuchBucket");
	hint = hint_for(s, code, t->status);
	if (!strcmp(code, "InvalidAccessKeyId") || !strcmp(code, "SignatureDoesNotMatch") ||
	    !strcmp(code, "AccessDenied") || !strcmp(code, "InvalidToken") ||
	    !strcmp(code, "ExpiredToken") || t->status == 403)
		err = JD_EAUTH;
	else if (t->status == 412 || (t->status == 404 && r->conditional))
		err = JD_ECONFLICT;   /* PreconditionFailed (or If-Match on a key now gone): the caller decides */
	else if (t->status == 501)
		err = JD_EUNSUPPORTED; /* NotImplemented: e.g. conditional writes */
	else if (t->status >= 500)
		err = JD_ENET;
	else
		err = JD_ETARGET;
	return diag_set(d, err, what, "%s failed: HTTP %ld%s%s%s%s%s%s%s%s", r->op, t->status,
			*code ? " " : "", code, *message ? ": " : "", message,
			t->attempts > 1 ? " (after retries)" : "", *hint ? " (" : "", hint,
			*hint ? ")" : "");
}

/*
 * A 404 that says the bucket itself is missing: never "no such object", or
 * a push to a mistyped bucket would plan a first deploy and fail only at
 * its first upload (and a diff would print that plan and exit 0).
 */
static int is_no_such_bucket(const struct transfer *t)
{
	char code[64];

	xml_field(&t->response, "Code", code, sizeof(code));
	return !strcmp(code, "NoSuchBucket");
}

static enum jd_err req_done(struct transfer *t, struct diag *d)
{
	struct s3_req *r = t->arg;

	if (t->curl_code == CURLE_OK &&
	    ((t->status >= 200 && t->status < 300) || (t->status == 304 && r->allow_304) ||
	     (t->status == 404 && r->allow_404 && !is_no_such_bucket(t))))
		return r->on_ok ? r->on_ok(r, d) : JD_OK;
	return req_error(r, d);
}

static void req_init(struct s3_req *r, struct s3 *s, const char *op, const char *method,
		     const char *key)
{
	memset(r, 0, sizeof(*r));
	transfer_init(&r->t);
	r->t.method = method;
	r->t.prepare = req_prepare;
	r->t.classify = req_classify;
	r->t.done = req_done;
	r->t.arg = r;
	r->s3 = s;
	r->op = op;
	r->key = key ? full_key(s, key) : NULL;
}

static void req_release(struct s3_req *r)
{
	transfer_release(&r->t);
	free(r->key);
	for (size_t i = 0; i < r->nowned; i++)
		free(r->owned[i]);
	r->nowned = 0;
}

static enum jd_err run_one(struct s3 *s, struct s3_req *r, struct diag *d)
{
	struct transfer *t = &r->t;

	return http_run(s->http, &t, 1, d);
}

/* ---- open / close ---- */

static enum jd_err parse_endpoint(struct s3 *s, const char *ep, struct diag *d)
{
	const char *rest, *slash;

	if (strncmp(ep, "https://", 8) == 0) {
		s->scheme = xstrdup("https");
		rest = ep + 8;
	} else if (strncmp(ep, "http://", 7) == 0) {
		s->scheme = xstrdup("http");
		rest = ep + 7;
	} else {
		return diag_set(d, JD_EUSAGE, NULL,
				"endpoint '%s' must start with https:// or http://", ep);
	}
	slash = strchr(rest, '/');
	s->host = slash ? xstrndup(rest, (size_t)(slash - rest)) : xstrdup(rest);
	if (!*s->host || strpbrk(s->host, "@?# "))
		return diag_set(d, JD_EUSAGE, NULL, "endpoint '%s' has no usable host", ep);
	/* curl leaves default ports out of Host; so must the signature */
	if ((!strcmp(s->scheme, "http") && ends_with(s->host, ":80")) ||
	    (!strcmp(s->scheme, "https") && ends_with(s->host, ":443")))
		s->host[strlen(s->host) - (s->scheme[4] == 's' ? 4 : 3)] = '\0';
	s->base_path = xstrdup(slash ? slash : "");
	while (*s->base_path && s->base_path[strlen(s->base_path) - 1] == '/')
		s->base_path[strlen(s->base_path) - 1] = '\0';
	return JD_OK;
}

/*
 * S3's bucket naming rules: 3 to 63 lowercase letters, digits, '.' and
 * '-', starting and ending with a letter or digit, no "..".  (Uppercase and
 * '_' were allowed in us-east-1 before 2018; no store accepts them for new
 * buckets, and a virtual-host URL cannot carry them.)
 */
static int valid_bucket(const char *b)
{
	size_t n = strlen(b);

	if (n < 3 || n > 63 || !isalnum((unsigned char)b[0]) || !isalnum((unsigned char)b[n - 1]) ||
	    strstr(b, ".."))
		return 0;
	for (; *b; b++)
		if (!islower((unsigned char)*b) && !isdigit((unsigned char)*b) && *b != '.' && *b != '-')
			return 0;
	return 1;
}

/*
 * A bucket named before 2018 in us-east-1, when uppercase and '_' were
 * allowed: such a bucket still exists and is reached path-style only.
 */
static int legacy_bucket(const char *b)
{
	size_t n = strlen(b);

	return n >= 3 && n <= 255 && strspn(b, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					    "0123456789.-_") == n;
}

/* `b` with the usual slips fixed (My_Bucket -> my-bucket), or NULL when that is not valid either. */
static char *bucket_suggestion(const char *b)
{
	char *s = xstrdup(b);

	for (char *p = s; *p; p++)
		*p = *p == '_' ? '-' : (char)tolower((unsigned char)*p);
	if (valid_bucket(s))
		return s;
	free(s);
	return NULL;
}

const char *s3_env_endpoint(const char *given)
{
	const char *v;

	if (given && *given)
		return given;
	return (v = getenv_nonempty("AWS_ENDPOINT_URL")) ? v : given;
}

const char *s3_env_region(const char *given)
{
	const char *v;

	if (given && *given)
		return given;
	if ((v = getenv_nonempty("AWS_REGION")) || (v = getenv_nonempty("AWS_DEFAULT_REGION")))
		return v;
	return given;
}

enum jd_err s3_open(struct s3 **out, const char *url, const struct s3_options *o, struct diag *d)
{
	struct s3 *s = xcalloc(1, sizeof(*s));
	const char *rest, *slash, *ep = s3_env_endpoint(o->endpoint), *region = s3_env_region(o->region);
	struct http_options ho = { 0 };
	enum jd_err rc = JD_OK;
	char *p;

	*out = NULL;
	if (strncmp(url, "s3://", 5) != 0) {
		rc = diag_set(d, JD_EUSAGE, NULL, "target '%s' is not an s3:// URL", url);
		goto fail;
	}
	rest = url + 5;
	slash = strchr(rest, '/');
	s->bucket = slash ? xstrndup(rest, (size_t)(slash - rest)) : xstrdup(rest);
	if (!valid_bucket(s->bucket) && !(o->path_style && legacy_bucket(s->bucket))) {
		char *better = bucket_suggestion(s->bucket);

		rc = diag_set(d, JD_EUSAGE, NULL,
			      "bucket name '%s' in '%s' is not valid (3 to 63 lowercase letters, digits, "
			      "'.' and '-', starting and ending with a letter or digit%s)%s%s%s%s",
			      s->bucket, url,
			      legacy_bucket(s->bucket) ? "; a bucket named so before 2018 needs --path-style"
						       : "",
			      better ? ": did you mean 's3://" : "", better ? better : "",
			      better && slash ? slash : "", better ? "'?" : "");
		free(better);
		goto fail;
	}
	p = xstrdup(slash ? slash + 1 : "");
	while (*p && p[strlen(p) - 1] == '/')
		p[strlen(p) - 1] = '\0';
	s->prefix = p;
	if (strlen(s->prefix) > S3_MAX_KEY / 2) {
		rc = diag_set(d, JD_EUSAGE, NULL, "prefix of '%s' is too long", url);
		goto fail;
	}
	if (ep && *ep) {
		rc = parse_endpoint(s, ep, d);
		if (rc)
			goto fail;
	} else {
		s->scheme = xstrdup("https");
		s->base_path = xstrdup("");
	}
	{
		struct credentials_options co = { o->profile, o->ca };

		rc = credentials_load(&s->creds, &co, d);
	}
	if (rc)
		goto fail;
	if (!region || !*region)
		region = s->creds.region;
	if (!region || !*region)
		region = "us-east-1";
	if (!strcmp(region, "auto") && !s->host)
		region = "us-east-1"; /* "auto" is R2's; AWS itself wants a real region */
	if (strlen(region) >= sizeof(s->region) || strpbrk(region, "/ \n")) {
		rc = diag_set(d, JD_EUSAGE, NULL, "region '%s' is not valid", region);
		goto fail;
	}
	snprintf(s->region, sizeof(s->region), "%s", region);
	s->path_style = o->path_style || strchr(s->bucket, '.') != NULL ||
			(s->host && is_ip_or_localhost(s->host));
	s->multipart_threshold = o->multipart_threshold ? o->multipart_threshold
							: S3_MULTIPART_THRESHOLD;
	s->part_size = o->part_size ? o->part_size : S3_PART_SIZE;
	ho.jobs = o->jobs;
	ho.max_attempts = o->max_attempts;
	ho.retry_base_ms = o->retry_base_ms;
	ho.retry_max_ms = o->retry_max_ms;
	ho.throttle_budget_ms = o->throttle_budget_ms;
	ho.stall_timeout_s = o->stall_timeout_s;
	s->events = o->events;
	s->ca = o->ca;
	if (o->ca)
		ca_bundle_apply(o->ca, &ho);
	if (o->events && o->events->request) {
		ho.log = o->events->request;
		ho.log_arg = o->events->arg;
	}
	s->http = http_client_new(&ho);
	if (o->events && o->events->note) {
		char *line = xasprintf("credentials: %s", s->creds.source);

		o->events->note(o->events->arg, line);
		free(line);
	}
	*out = s;
	return JD_OK;
fail:
	s3_close(s);
	return rc;
}

void s3_close(struct s3 *s)
{
	if (!s)
		return;
	http_client_free(s->http);
	credentials_free(&s->creds);
	free(s->bucket);
	free(s->prefix);
	free(s->scheme);
	free(s->host);
	free(s->base_path);
	free(s);
}

void s3_stats(const struct s3 *s, struct http_stats *out)
{
	http_stats(s->http, out);
}

const char *s3_region_hint(const struct s3 *s)
{
	return s->region_hint;
}

enum jd_err s3_check_key(const struct s3 *s, const char *key, struct diag *d)
{
	/* what S3 stores: "PREFIX/KEY", or KEY alone under no prefix; bytes, not characters */
	size_t len = strlen(key) + (*s->prefix ? strlen(s->prefix) + 1 : 0);
	char *shown;
	enum jd_err rc;

	if (!*key)
		return diag_set(d, JD_ELIMIT, NULL, "an empty key cannot be stored in S3");
	if (len <= S3_MAX_KEY)
		return JD_OK;
	/* the message holds 1,024 bytes: the key's start and its end (the file name) */
	shown = utf8_abbrev(key, 300);
	rc = diag_set(d, JD_ELIMIT, shown,
		      "key '%s' is %zu bytes%s%s%s, over S3's limit of %d bytes (shorten the path "
		      "of that file in the site%s)", shown, len, *s->prefix ? " with the prefix '" : "",
		      s->prefix, *s->prefix ? "/'" : "", S3_MAX_KEY, *s->prefix ? " or the prefix" : "");
	free(shown);
	return rc;
}

/* ---- GET / HEAD ---- */

static enum jd_err get_or_head(struct s3 *s, const char *method, const char *op, const char *key,
			       const char *if_none_match, struct buf *out, long *status,
			       char etag[128], struct diag *d)
{
	struct s3_req r;
	enum jd_err rc = s3_check_key(s, key, d);

	if (rc)
		return rc;
	req_init(&r, s, op, method, key);
	r.allow_404 = 1;
	r.allow_304 = if_none_match != NULL;
	r.t.response_max = S3_GET_MAX;
	if (if_none_match)
		add_header(&r, "If-None-Match", if_none_match);
	rc = run_one(s, &r, d);
	if (rc == JD_OK) {
		*status = r.t.status;
		if (etag && !http_header(&r.t, "etag", etag, 128))
			etag[0] = '\0';
		if (out && r.t.status == 200)
			if (buf_add(out, r.t.response.data, r.t.response.len))
				rc = diag_set(d, JD_ELIMIT, key, "object is larger than %zu bytes",
					      out->max);
	}
	req_release(&r);
	return rc;
}

enum jd_err s3_get(struct s3 *s, const char *key, const char *if_none_match, struct buf *out,
		   long *status, char etag[128], struct diag *d)
{
	return get_or_head(s, "GET", "GetObject", key, if_none_match, out, status, etag, d);
}

enum jd_err s3_head(struct s3 *s, const char *key, long *status, char etag[128], struct diag *d)
{
	return get_or_head(s, "HEAD", "HeadObject", key, NULL, NULL, status, etag, d);
}

/* Where s3_get_many's answers go, slot r->index of each. */
struct get_slots {
	struct buf *outs;
	enum target_get_result *results;
};

/* One GetObject of s3_get_many answered: a 200's body moves to its slot. */
static enum jd_err got_object(struct s3_req *r, struct diag *d)
{
	struct get_slots *slots = r->ctx;

	(void)d;
	if (r->t.status != 200)
		return JD_OK; /* a 404: stays TARGET_MISSING */
	buf_release(&slots->outs[r->index]);
	slots->outs[r->index] = r->t.response;
	buf_init(&r->t.response, HTTP_RESPONSE_MAX_DEFAULT);
	slots->results[r->index] = TARGET_FOUND;
	return JD_OK;
}

/*
 * One GET or HEAD per key of keys[0..n) in one parallel run of the HTTP
 * client (a 404 is an answer, not an error); `on_ok` files each answer
 * under its key's index, in `ctx`.
 */
static enum jd_err read_many(struct s3 *s, const char *op, const char *method,
			     const char *const *keys, size_t n, size_t response_max,
			     enum jd_err (*on_ok)(struct s3_req *r, struct diag *d), void *ctx,
			     struct diag *d)
{
	struct s3_req *reqs = xcalloc(n ? n : 1, sizeof(*reqs));
	struct transfer **ts = xcalloc(n ? n : 1, sizeof(*ts));
	enum jd_err rc = JD_OK;
	size_t made = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		if ((rc = s3_check_key(s, keys[i], d)))
			break;
		req_init(&reqs[i], s, op, method, keys[i]);
		reqs[i].allow_404 = 1;
		if (response_max)
			reqs[i].t.response_max = response_max;
		reqs[i].on_ok = on_ok;
		reqs[i].ctx = ctx;
		reqs[i].index = i;
		ts[i] = &reqs[i].t;
		made++;
	}
	if (!rc)
		rc = http_run(s->http, ts, n, d);
	for (size_t i = 0; i < made; i++)
		req_release(&reqs[i]);
	free(reqs);
	free(ts);
	return rc;
}

enum jd_err s3_get_many(struct s3 *s, const char *const *keys, size_t n, struct buf *outs,
			enum target_get_result *results, struct diag *d)
{
	struct get_slots slots = { outs, results };

	for (size_t i = 0; i < n; i++)
		results[i] = TARGET_MISSING;
	return read_many(s, "GetObject", "GET", keys, n, S3_GET_MAX, got_object, &slots, d);
}

/* ---- HEAD of many keys ---- */

struct probe {
	char (*sha)[65];
};

static enum jd_err got_probe(struct s3_req *r, struct diag *d)
{
	struct probe *p = r->ctx;
	char v[96];

	(void)d;
	p->sha[r->index][0] = '\0';
	if (r->t.status == 200 && http_header(&r->t, "x-amz-meta-jd-sha256", v, sizeof(v)) &&
	    strlen(v) == 64 && hex_is_lower(v, 64))
		memcpy(p->sha[r->index], v, 65);
	return JD_OK;
}

enum jd_err s3_probe_many(struct s3 *s, const char *const *keys, size_t n, char (*sha)[65],
			  struct diag *d)
{
	struct probe p = { sha };

	for (size_t i = 0; i < n; i++)
		sha[i][0] = '\0';
	return read_many(s, "HeadObject", "HEAD", keys, n, 0, got_probe, &p, d);
}

/* ---- PUT ---- */

static void object_headers(struct s3_req *r, const struct put_item *it)
{
	if (it->content_type && *it->content_type)
		add_header(r, "Content-Type", it->content_type);
	if (it->cache_control && *it->cache_control)
		add_header(r, "Cache-Control", it->cache_control);
	if (it->content_encoding && *it->content_encoding)
		add_header(r, "Content-Encoding", it->content_encoding);
	if (it->sha256 && *it->sha256)
		add_header(r, "x-amz-meta-jd-sha256", it->sha256);
}

/* S3 conditional writes (If-Match / If-None-Match: *), on PutObject and CompleteMultipartUpload. */
static void condition_headers(struct s3_req *r, const struct put_item *it)
{
	if (it->if_match && *it->if_match)
		add_header(r, "If-Match", it->if_match);
	if (it->if_none_match)
		add_header(r, "If-None-Match", "*");
	r->conditional = (it->if_match && *it->if_match) || it->if_none_match;
}

static void set_body(struct transfer *t, const struct put_item *it, off_t off, size_t len)
{
	if (it->path) {
		t->body_path = it->path;
		t->body_offset = off;
	} else {
		t->body = it->data + off;
	}
	t->body_len = len;
}

/* Tell the command an object landed (its progress line). */
static void report_stored(const struct s3 *s, uint64_t bytes)
{
	if (s->events && s->events->stored)
		s->events->stored(s->events->arg, bytes);
}

static enum jd_err count_done(struct s3_req *r, struct diag *d)
{
	(void)d;
	if (r->etag_out && !http_header(&r->t, "etag", r->etag_out, TARGET_ETAG_MAX))
		r->etag_out[0] = '\0';
	(*(size_t *)r->ctx)++;
	report_stored(r->s3, r->t.body_len);
	return JD_OK;
}

static enum jd_err put_small(struct s3 *s, const struct put_item *items, const size_t *idx,
			     size_t n, size_t *done, struct diag *d)
{
	struct s3_req *reqs = xcalloc(n ? n : 1, sizeof(*reqs));
	struct transfer **ts = xcalloc(n ? n : 1, sizeof(*ts));
	enum jd_err rc;

	for (size_t i = 0; i < n; i++) {
		const struct put_item *it = &items[idx[i]];

		req_init(&reqs[i], s, "PutObject", "PUT", it->key);
		reqs[i].want_md5 = 1;
		object_headers(&reqs[i], it);
		condition_headers(&reqs[i], it);
		set_body(&reqs[i].t, it, 0, it->len);
		reqs[i].on_ok = count_done;
		reqs[i].etag_out = it->etag_out;
		reqs[i].ctx = done;
		ts[i] = &reqs[i].t;
	}
	rc = http_run(s->http, ts, n, d);
	for (size_t i = 0; i < n; i++)
		req_release(&reqs[i]);
	free(reqs);
	free(ts);
	return rc;
}

struct multipart {
	char upload_id[1024];
	char (*etags)[128];
	size_t nparts;
};

static enum jd_err got_upload_id(struct s3_req *r, struct diag *d)
{
	struct multipart *m = r->ctx;

	xml_field(&r->t.response, "UploadId", m->upload_id, sizeof(m->upload_id));
	if (!*m->upload_id)
		return diag_set(d, JD_ETARGET, r->key,
				"CreateMultipartUpload answered without an UploadId");
	return JD_OK;
}

static enum jd_err got_part(struct s3_req *r, struct diag *d)
{
	struct multipart *m = r->ctx;

	if (!http_header(&r->t, "etag", m->etags[r->index], sizeof(m->etags[0])) ||
	    !*m->etags[r->index])
		return diag_set(d, JD_ETARGET, r->key, "UploadPart %zu answered without an ETag",
				r->index + 1);
	return JD_OK;
}

static enum jd_err check_complete(struct s3_req *r, struct diag *d)
{
	char code[96], message[512];

	/* CompleteMultipartUpload can fail after its 200 status line */
	if (!strstr(r->t.response.data, "<Error>")) {
		if (r->etag_out)
			xml_field(&r->t.response, "ETag", r->etag_out, TARGET_ETAG_MAX);
		return JD_OK;
	}
	xml_field(&r->t.response, "Code", code, sizeof(code));
	xml_field(&r->t.response, "Message", message, sizeof(message));
	return diag_set(d, JD_ETARGET, r->key, "CompleteMultipartUpload failed: %s: %s", code,
			message);
}

static void abort_multipart(struct s3 *s, const char *key, const char *upload_id)
{
	struct s3_req r;
	struct diag ignored;

	req_init(&r, s, "AbortMultipartUpload", "DELETE", key);
	add_query(&r, "uploadId", upload_id);
	r.allow_404 = 1;
	run_one(s, &r, &ignored); /* best effort: the real error is already reported */
	req_release(&r);
}

static enum jd_err put_multipart(struct s3 *s, const struct put_item *it, struct diag *d)
{
	struct multipart m = { .upload_id = "" };
	struct s3_req create, complete, *parts = NULL;
	struct transfer **ts = NULL;
	struct buf body = BUF_INIT;
	size_t nparts = (it->len + s->part_size - 1) / s->part_size;
	enum jd_err rc;

	if (nparts > S3_MAX_PARTS)
		return diag_set(d, JD_ELIMIT, it->key, "object of %zu bytes needs more than %d parts",
				it->len, S3_MAX_PARTS);
	req_init(&create, s, "CreateMultipartUpload", "POST", it->key);
	add_query(&create, "uploads", "");
	object_headers(&create, it);
	create.on_ok = got_upload_id;
	create.ctx = &m;
	rc = run_one(s, &create, d);
	req_release(&create);
	if (rc)
		return rc;

	m.nparts = nparts;
	m.etags = xcalloc(nparts, sizeof(*m.etags));
	parts = xcalloc(nparts, sizeof(*parts));
	ts = xcalloc(nparts, sizeof(*ts));
	for (size_t i = 0; i < nparts; i++) {
		size_t off = i * s->part_size;
		size_t len = it->len - off < s->part_size ? it->len - off : s->part_size;
		char num[16];

		req_init(&parts[i], s, "UploadPart", "PUT", it->key);
		snprintf(num, sizeof(num), "%zu", i + 1);
		add_query(&parts[i], "partNumber", own(&parts[i], xstrdup(num)));
		add_query(&parts[i], "uploadId", m.upload_id);
		parts[i].want_md5 = 1;
		set_body(&parts[i].t, it, (off_t)off, len);
		parts[i].on_ok = got_part;
		parts[i].ctx = &m;
		parts[i].index = i;
		ts[i] = &parts[i].t;
	}
	rc = http_run(s->http, ts, nparts, d);
	for (size_t i = 0; i < nparts; i++)
		req_release(&parts[i]);
	if (rc == JD_OK) {
		buf_addstr(&body, "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
		for (size_t i = 0; i < nparts; i++) {
			buf_printf(&body, "<Part><PartNumber>%zu</PartNumber><ETag>", i + 1);
			buf_add_markup_escaped(&body, m.etags[i]);
			buf_addstr(&body, "</ETag></Part>");
		}
		buf_addstr(&body, "</CompleteMultipartUpload>");
		req_init(&complete, s, "CompleteMultipartUpload", "POST", it->key);
		add_query(&complete, "uploadId", m.upload_id);
		add_header(&complete, "Content-Type", "application/xml");
		condition_headers(&complete, it);
		complete.t.body = body.data;
		complete.t.body_len = body.len;
		complete.on_ok = check_complete;
		complete.etag_out = it->etag_out;
		rc = run_one(s, &complete, d);
		req_release(&complete);
	}
	if (rc)
		abort_multipart(s, it->key, m.upload_id);
	buf_release(&body);
	free(parts);
	free(ts);
	free(m.etags);
	return rc;
}

enum jd_err s3_put_many(struct s3 *s, const struct put_item *items, size_t n, size_t *done,
			struct diag *d)
{
	size_t *small = xcalloc(n ? n : 1, sizeof(*small)), nsmall = 0;
	enum jd_err rc = JD_OK;

	*done = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		rc = s3_check_key(s, items[i].key, d);
		if (!rc)
			rc = check_header_value(items[i].key, "Content-Type", items[i].content_type, d);
		if (!rc)
			rc = check_header_value(items[i].key, "Cache-Control", items[i].cache_control, d);
		if (!rc)
			rc = check_header_value(items[i].key, "Content-Encoding", items[i].content_encoding, d);
		if (!rc)
			rc = check_header_value(items[i].key, "sha256", items[i].sha256, d);
		if (!rc && !items[i].path && !items[i].data && items[i].len)
			rc = diag_set(d, JD_EINPUT, items[i].key, "put item has neither path nor data");
		if (!rc && items[i].len < s->multipart_threshold)
			small[nsmall++] = i;
	}
	if (!rc)
		rc = put_small(s, items, small, nsmall, done, d);
	for (size_t i = 0; i < n && !rc; i++) {
		if (items[i].len < s->multipart_threshold)
			continue;
		rc = put_multipart(s, &items[i], d);
		if (!rc) {
			(*done)++;
			report_stored(s, items[i].len);
		}
	}
	free(small);
	return rc;
}

/* ---- DELETE ---- */

struct delete_batch {
	size_t n;
	size_t *done;
};

static enum jd_err check_deleted(struct s3_req *r, struct diag *d)
{
	struct delete_batch *b = r->ctx;
	const char *p = r->t.response.data, *end = p + r->t.response.len, *cs, *ce;
	size_t failed = 0;
	enum jd_err rc = JD_OK;

	/* Quiet mode: the answer lists only the keys that failed */
	while (xml_span(&p, end, "Error", &cs, &ce)) {
		struct buf key = BUF_INIT, code = BUF_INIT, msg = BUF_INIT;
		const char *q;

		if (failed++ == 0) {
			q = cs;
			xml_next(&q, ce, "Key", &key);
			q = cs;
			xml_next(&q, ce, "Code", &code);
			q = cs;
			xml_next(&q, ce, "Message", &msg);
			rc = diag_set(d, !strcmp(code.data, "AccessDenied") ? JD_EAUTH : JD_ETARGET,
				      key.data, "DeleteObjects failed for this key: %s: %s", code.data,
				      msg.data);
		}
		buf_release(&key);
		buf_release(&code);
		buf_release(&msg);
	}
	*b->done += b->n - failed;
	return rc;
}

enum jd_err s3_delete_many(struct s3 *s, const char *const *keys, size_t n, size_t *done,
			   struct diag *d)
{
	size_t nbatch = (n + S3_DELETE_BATCH - 1) / S3_DELETE_BATCH;
	struct s3_req *reqs = xcalloc(nbatch ? nbatch : 1, sizeof(*reqs));
	struct transfer **ts = xcalloc(nbatch ? nbatch : 1, sizeof(*ts));
	struct delete_batch *batches = xcalloc(nbatch ? nbatch : 1, sizeof(*batches));
	struct buf *bodies = xcalloc(nbatch ? nbatch : 1, sizeof(*bodies));
	enum jd_err rc = JD_OK;

	*done = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = s3_check_key(s, keys[i], d);
	for (size_t b = 0; b < nbatch && !rc; b++) {
		size_t from = b * S3_DELETE_BATCH, to = from + S3_DELETE_BATCH < n ? from + S3_DELETE_BATCH : n;

		buf_init(&bodies[b], BUF_MAX_DEFAULT);
		buf_addstr(&bodies[b], "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
			   "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>");
		for (size_t i = from; i < to; i++) {
			char *k = full_key(s, keys[i]);

			buf_addstr(&bodies[b], "<Object><Key>");
			buf_add_markup_escaped(&bodies[b], k);
			buf_addstr(&bodies[b], "</Key></Object>");
			free(k);
		}
		buf_addstr(&bodies[b], "</Delete>");
		req_init(&reqs[b], s, "DeleteObjects", "POST", NULL);
		add_query(&reqs[b], "delete", "");
		add_header(&reqs[b], "Content-Type", "application/xml");
		reqs[b].want_md5 = 1; /* DeleteObjects requires Content-MD5 */
		reqs[b].t.body = bodies[b].data;
		reqs[b].t.body_len = bodies[b].len;
		batches[b].n = to - from;
		batches[b].done = done;
		reqs[b].on_ok = check_deleted;
		reqs[b].ctx = &batches[b];
		ts[b] = &reqs[b].t;
	}
	if (!rc)
		rc = http_run(s->http, ts, nbatch, d);
	for (size_t b = 0; b < nbatch; b++) {
		if (reqs[b].s3)
			req_release(&reqs[b]);
		buf_release(&bodies[b]);
	}
	free(reqs);
	free(ts);
	free(batches);
	free(bodies);
	return rc;
}

/* ---- LIST ---- */

/* One <Contents> of a listing into `o` (its key relative to the prefix); 0 when it is not ours. */
static int listed_object(const char *cs, const char *ce, int url_encoded, const char *list_prefix,
			 size_t plen, struct target_object *o)
{
	struct buf raw = BUF_INIT, key = BUF_INIT, size = BUF_INIT, etag = BUF_INIT;
	const char *q = cs;
	int ours = 0;

	if (xml_next(&q, ce, "Key", &raw)) {
		if (url_encoded) {
			/* encoding-type=url writes a space as '+' */
			for (size_t i = 0; i < raw.len; i++)
				if (raw.data[i] == '+')
					raw.data[i] = ' ';
			if (sigv4_uri_decode(&key, raw.data, raw.len))
				buf_addstr(&key, raw.data);
		} else {
			buf_add(&key, raw.data, raw.len);
		}
		ours = key.len >= plen && memcmp(key.data, list_prefix, plen) == 0;
	}
	if (ours) {
		q = cs;
		xml_next(&q, ce, "Size", &size);
		q = cs;
		xml_next(&q, ce, "ETag", &etag);
		o->key = xstrdup(key.data + plen);
		o->size = strtoull(size.data, NULL, 10);
		/* without the quotes: it is compared with an MD5 in hex */
		snprintf(o->etag, sizeof(o->etag), "%.*s", (int)(etag.len >= 2 && etag.data[0] == '"' ?
								  etag.len - 2 : etag.len),
			 etag.data + (etag.len >= 2 && etag.data[0] == '"'));
	}
	buf_release(&raw);
	buf_release(&key);
	buf_release(&size);
	buf_release(&etag);
	return ours;
}

enum jd_err s3_list_objects(struct s3 *s, const char *under, struct target_object **objs_out,
			    size_t *n_out, struct diag *d)
{
	struct target_object *objs = NULL;
	char *token = NULL, *list_prefix, *query_prefix;
	size_t n = 0, cap = 0, plen;
	enum jd_err rc = JD_OK;

	*objs_out = NULL;
	*n_out = 0;
	list_prefix = *s->prefix ? xasprintf("%s/", s->prefix) : xstrdup("");
	query_prefix = xasprintf("%s%s", list_prefix, under);
	plen = strlen(list_prefix);
	for (int page = 0; !rc; page++) {
		struct s3_req r;
		const char *p, *end, *cs, *ce;
		struct buf trunc = BUF_INIT, next = BUF_INIT, enc = BUF_INIT;
		int url_encoded;

		req_init(&r, s, "ListObjectsV2", "GET", NULL);
		r.t.response_max = S3_LIST_PAGE_MAX;
		add_query(&r, "list-type", "2");
		add_query(&r, "encoding-type", "url");
		if (*query_prefix)
			add_query(&r, "prefix", query_prefix);
		if (token)
			add_query(&r, "continuation-token", token);
		rc = run_one(s, &r, d);
		if (rc) {
			req_release(&r);
			break;
		}
		p = r.t.response.data;
		end = p + r.t.response.len;
		{
			const char *q = p;

			xml_next(&q, end, "EncodingType", &enc);
			url_encoded = strcmp(enc.data, "url") == 0;
		}
		while (xml_span(&p, end, "Contents", &cs, &ce)) {
			ARRAY_GROW(objs, n + 1, cap);
			memset(&objs[n], 0, sizeof(objs[n]));
			n += listed_object(cs, ce, url_encoded, list_prefix, plen, &objs[n]);
		}
		p = r.t.response.data;
		xml_next(&p, end, "IsTruncated", &trunc);
		p = r.t.response.data;
		xml_next(&p, end, "NextContinuationToken", &next);
		free(token);
		token = NULL;
		if (strcmp(trunc.data, "true") == 0) {
			if (!next.len)
				rc = diag_set(d, JD_ETARGET, s->bucket,
					      "ListObjectsV2 is truncated but gave no continuation token");
			else
				token = xstrdup(next.data);
		}
		buf_release(&trunc);
		buf_release(&next);
		buf_release(&enc);
		req_release(&r);
		if (!token)
			break;
	}
	free(token);
	free(list_prefix);
	free(query_prefix);
	if (rc) {
		target_objects_free(objs, n);
		return rc;
	}
	*objs_out = objs;
	*n_out = n;
	return JD_OK;
}

enum jd_err s3_list(struct s3 *s, char ***keys_out, size_t *n_out, struct diag *d)
{
	struct target_object *objs;
	size_t n;
	enum jd_err rc = s3_list_objects(s, "", &objs, &n, d);

	*keys_out = NULL;
	*n_out = 0;
	if (rc)
		return rc;
	*keys_out = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		(*keys_out)[i] = objs[i].key; /* the keys move over */
	*n_out = n;
	free(objs);
	return JD_OK;
}

/* ---- COPY ---- */

/* CopyObject can fail after its 200 status line, like CompleteMultipartUpload. */
static enum jd_err check_copied(struct s3_req *r, struct diag *d)
{
	char code[96], message[512];

	if (!strstr(r->t.response.data, "<Error>")) {
		if (r->etag_out)
			xml_field(&r->t.response, "ETag", r->etag_out, TARGET_ETAG_MAX);
		(*(size_t *)r->ctx)++;
		return JD_OK;
	}
	xml_field(&r->t.response, "Code", code, sizeof(code));
	xml_field(&r->t.response, "Message", message, sizeof(message));
	return diag_set(d, JD_ETARGET, r->key, "CopyObject failed: %s: %s", code, message);
}

enum jd_err s3_copy_many(struct s3 *s, const struct put_item *items, size_t n, size_t *done,
			 struct diag *d)
{
	struct s3_req *reqs = xcalloc(n ? n : 1, sizeof(*reqs));
	struct transfer **ts = xcalloc(n ? n : 1, sizeof(*ts));
	size_t made = 0;
	enum jd_err rc = JD_OK;

	*done = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct put_item *it = &items[i];
		struct buf source = BUF_INIT;
		char *from;

		if ((rc = s3_check_key(s, it->key, d)) || (rc = s3_check_key(s, it->copy_from, d)) ||
		    (rc = check_header_value(it->key, "Content-Type", it->content_type, d)) ||
		    (rc = check_header_value(it->key, "Cache-Control", it->cache_control, d)) ||
		    (rc = check_header_value(it->key, "Content-Encoding", it->content_encoding, d)))
			break;
		/* x-amz-copy-source: /BUCKET/KEY, the key URL-encoded (its '/' kept) */
		from = full_key(s, it->copy_from);
		buf_printf(&source, "/%s/", s->bucket);
		sigv4_uri_encode(&source, from, strlen(from), 1);
		free(from);
		req_init(&reqs[i], s, "CopyObject", "PUT", it->key);
		add_header(&reqs[i], "x-amz-copy-source", own(&reqs[i], buf_detach(&source, NULL)));
		/* the headers are the manifest's, not the source object's */
		add_header(&reqs[i], "x-amz-metadata-directive", "REPLACE");
		object_headers(&reqs[i], it);
		reqs[i].t.body = ""; /* no body: curl must not read stdin for the PUT */
		reqs[i].t.body_len = 0;
		reqs[i].on_ok = check_copied;
		reqs[i].etag_out = it->etag_out;
		reqs[i].ctx = done;
		ts[i] = &reqs[i].t;
		made++;
	}
	if (!rc)
		rc = http_run(s->http, ts, made, d);
	for (size_t i = 0; i < made; i++)
		req_release(&reqs[i]);
	free(reqs);
	free(ts);
	return rc;
}
