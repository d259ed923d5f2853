/*
 * test_sigv4.c - the SigV4 signer against the AWS signing test suite.
 *
 * Every folder of tests/data/sigv4-test-suite/v4 is one case: request.txt
 * is parsed (request line, headers with folded continuation lines, body),
 * context.json gives credentials, region, service, time and flags, and the
 * signer's canonical request, string to sign, signature, Authorization
 * header and presigned query string must equal the expected files exactly.
 * One "ok" line per case; a mismatch names the first file that differs.
 * Adding a case is adding a folder.  A few S3-specific encoding rules the
 * generic suite does not cover follow at the end.
 */
#include <dirent.h>
#include <jansson.h>
#include <time.h>

#include "lib/redact.h"
#include "lib/sha256.h"
#include "lib/util.h"
#include "tests/unit/test.h"
#include "upload/sigv4.h"

struct parsed {
	char *method;
	char *path;
	struct sigv4_pair query[32];
	size_t nquery;
	struct sigv4_pair headers[32];
	size_t nheaders;
	const char *body;
	size_t body_len;
	char *heap[128];
	size_t nheap;
};

static char *keep(struct parsed *p, char *s)
{
	if (p->nheap < sizeof(p->heap) / sizeof(p->heap[0]))
		p->heap[p->nheap++] = s;
	return s;
}

static char *decoded(struct parsed *p, const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	if (sigv4_uri_decode(&b, s, len))
		buf_add(&b, s, len);
	return keep(p, buf_detach(&b, NULL));
}

/* Parse the suite's request.txt; returns 0 or -1 with a reason in `why`. */
static int parse_request(struct parsed *p, const char *text, const char **why)
{
	const char *eol = strchr(text, '\n'), *sp, *proto, *line;
	const char *target;
	size_t tlen;

	if (!eol)
		eol = text + strlen(text);
	sp = memchr(text, ' ', (size_t)(eol - text));
	proto = NULL;
	for (const char *q = text; q < eol; q++)
		if (*q == ' ')
			proto = q;
	if (!sp || !proto || proto == sp) {
		*why = "bad request line";
		return -1;
	}
	p->method = keep(p, xstrndup(text, (size_t)(sp - text)));
	target = sp + 1;
	tlen = (size_t)(proto - target);
	{
		const char *qm = memchr(target, '?', tlen);
		size_t plen = qm ? (size_t)(qm - target) : tlen;

		p->path = keep(p, xstrndup(target, plen));
		if (qm) {
			const char *q = qm + 1, *end = target + tlen;

			while (q < end && p->nquery < 32) {
				const char *amp = memchr(q, '&', (size_t)(end - q));
				const char *pend = amp ? amp : end;
				const char *eq = memchr(q, '=', (size_t)(pend - q));

				p->query[p->nquery].name = decoded(p, q, (size_t)((eq ? eq : pend) - q));
				p->query[p->nquery].value =
					eq ? decoded(p, eq + 1, (size_t)(pend - eq - 1)) : "";
				p->nquery++;
				q = pend + 1;
			}
		}
	}
	line = *eol ? eol + 1 : eol;
	while (*line && *line != '\n') {
		const char *end = strchr(line, '\n'), *colon;

		if (!end)
			end = line + strlen(line);
		if ((*line == ' ' || *line == '\t') && p->nheaders) {
			/* a folded line continues the previous header's value */
			struct sigv4_pair *h = &p->headers[p->nheaders - 1];
			char *joined = xasprintf("%s\n%.*s", h->value, (int)(end - line), line);

			h->value = keep(p, joined);
		} else {
			colon = memchr(line, ':', (size_t)(end - line));
			if (!colon || p->nheaders == 32) {
				*why = "bad header line";
				return -1;
			}
			p->headers[p->nheaders].name = keep(p, xstrndup(line, (size_t)(colon - line)));
			p->headers[p->nheaders].value =
				keep(p, xstrndup(colon + 1, (size_t)(end - colon - 1)));
			p->nheaders++;
		}
		line = *end ? end + 1 : end;
	}
	if (*line == '\n')
		line++;
	p->body = line;
	p->body_len = strlen(line);
	return 0;
}

static void parsed_free(struct parsed *p)
{
	for (size_t i = 0; i < p->nheap; i++)
		free(p->heap[i]);
}

static int read_text(const char *dir, const char *name, struct buf *out)
{
	char *path = path_join(dir, name);
	struct diag d;
	int rc = read_file(path, out, &d);

	free(path);
	return rc;
}

/* Sort the '&'-separated parameters of a query string, for order-free comparison. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *sorted_params(const char *q)
{
	char *copy, *parts[64];
	struct buf enc = BUF_INIT;

	/* the suite writes some request lines with raw UTF-8; compare them encoded */
	for (const char *c = q; *c; c++) {
		if ((unsigned char)*c >= 0x80 || *c == ' ')
			buf_printf(&enc, "%%%02X", (unsigned char)*c);
		else
			buf_addch(&enc, *c);
	}
	copy = buf_detach(&enc, NULL);
	size_t n = 0;
	struct buf out = BUF_INIT;

	for (char *s = copy; s && n < 64;) {
		char *amp = strchr(s, '&');

		if (amp)
			*amp = '\0';
		parts[n++] = s;
		s = amp ? amp + 1 : NULL;
	}
	qsort(parts, n, sizeof(parts[0]), cmp_str);
	for (size_t i = 0; i < n; i++)
		buf_printf(&out, "%s%s", i ? "&" : "", parts[i]);
	free(copy);
	return buf_detach(&out, NULL);
}

/* The query string of the first line of a *-signed-request.txt. */
static char *request_line_query(const char *text)
{
	const char *qm = strchr(text, '?'), *eol = strchr(text, '\n');
	const char *sp;

	if (!qm || (eol && qm > eol))
		return xstrdup("");
	sp = strstr(qm, " HTTP/");
	return xstrndup(qm + 1, sp ? (size_t)(sp - qm - 1) : strlen(qm + 1));
}

/* Compare `got` with file `name` in `dir`; on mismatch record it in `why`. */
static int same(const char *dir, const char *name, const char *got, struct buf *why)
{
	struct buf want = BUF_INIT;
	int ok;

	if (read_text(dir, name, &want)) {
		buf_printf(why, "cannot read %s; ", name);
		return 0;
	}
	while (want.len && want.data[want.len - 1] == '\n')
		buf_truncate(&want, want.len - 1);
	ok = strcmp(want.data, got) == 0;
	if (!ok)
		buf_printf(why, "%s differs: got [%s] want [%s]; ", name, got, want.data);
	buf_release(&want);
	return ok;
}

static time_t parse_time(const char *iso)
{
	struct tm tm = { 0 };

	if (!strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return (time_t)-1;
	return timegm(&tm);
}

static void run_case(const char *root, const char *name)
{
	char *dir = path_join(root, name), *ctx_path = path_join(dir, "context.json");
	struct buf req_text = BUF_INIT, why = BUF_INIT, signed_text = BUF_INIT;
	struct parsed p;
	struct sigv4_result r;
	struct diag d;
	json_error_t jerr;
	json_t *ctx = json_load_file(ctx_path, 0, &jerr), *cred;
	const char *parse_why = "";
	char body_hash[65], label[300];
	int ok = 1;

	memset(&p, 0, sizeof(p));
	sigv4_result_init(&r);
	snprintf(label, sizeof(label), "sigv4 suite case %s", name);
	if (!ctx || read_text(dir, "request.txt", &req_text) ||
	    parse_request(&p, req_text.data, &parse_why)) {
		printf("not ok - %s: cannot load case (%s)\n", label, ctx ? parse_why : jerr.text);
		test_failures++;
		goto out;
	}
	cred = json_object_get(ctx, "credentials");
	{
		struct sigv4_credentials c = {
			json_string_value(json_object_get(cred, "access_key_id")),
			json_string_value(json_object_get(cred, "secret_access_key")),
			json_string_value(json_object_get(cred, "token")),
		};
		struct sigv4_params prm = {
			.region = json_string_value(json_object_get(ctx, "region")),
			.service = json_string_value(json_object_get(ctx, "service")),
			.when = parse_time(json_string_value(json_object_get(ctx, "timestamp"))),
			.normalize_path = json_is_true(json_object_get(ctx, "normalize")),
			.add_content_sha256 = json_is_true(json_object_get(ctx, "sign_body")),
			.omit_session_token = json_is_true(json_object_get(ctx, "omit_session_token")),
			.expires = (long)json_integer_value(json_object_get(ctx, "expiration_in_seconds")),
		};
		struct sigv4_request rq = { p.method, p.path, p.query, p.nquery, p.headers, p.nheaders,
					    body_hash };
		char *auth_line, *got_q, *want_q, *want_raw;

		sha256_hex(p.body, p.body_len, body_hash);
		if (sigv4_sign_header(&rq, &c, &prm, &r, &d)) {
			buf_printf(&why, "header signing failed: %s; ", d.msg);
			ok = 0;
		} else {
			ok &= same(dir, "header-canonical-request.txt", r.canonical_request.data, &why);
			ok &= same(dir, "header-string-to-sign.txt", r.string_to_sign.data, &why);
			ok &= same(dir, "header-signature.txt", r.signature, &why);
			if (read_text(dir, "header-signed-request.txt", &signed_text) == 0) {
				auth_line = xasprintf("\nAuthorization:%s\n", r.authorization.data);
				if (!strstr(signed_text.data, auth_line)) {
					buf_printf(&why, "Authorization %s not in signed request; ",
						   r.authorization.data);
					ok = 0;
				}
				free(auth_line);
			}
		}
		if (sigv4_sign_query(&rq, &c, &prm, &r, &d)) {
			buf_printf(&why, "query signing failed: %s; ", d.msg);
			ok = 0;
		} else {
			ok &= same(dir, "query-canonical-request.txt", r.canonical_request.data, &why);
			ok &= same(dir, "query-string-to-sign.txt", r.string_to_sign.data, &why);
			ok &= same(dir, "query-signature.txt", r.signature, &why);
			buf_reset(&signed_text);
			if (read_text(dir, "query-signed-request.txt", &signed_text) == 0) {
				want_raw = request_line_query(signed_text.data);
				want_q = sorted_params(want_raw);
				got_q = sorted_params(r.query.data);
				if (strcmp(want_q, got_q) != 0) {
					buf_printf(&why, "presigned query [%s] want [%s]; ", got_q, want_q);
					ok = 0;
				}
				free(want_raw);
				free(want_q);
				free(got_q);
			}
		}
	}
	if (ok)
		printf("ok - %s\n", label);
	else {
		printf("not ok - %s: %s\n", label, why.data);
		test_failures++;
	}
out:
	json_decref(ctx);
	parsed_free(&p);
	sigv4_result_release(&r);
	buf_release(&req_text);
	buf_release(&signed_text);
	buf_release(&why);
	free(ctx_path);
	free(dir);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void s3_rules(void)
{
	struct buf b = BUF_INIT;
	struct sigv4_result r;
	struct diag d;
	struct sigv4_credentials c = { "AKIDEXAMPLE", "secret", "TOKEN+/=" };
	struct sigv4_pair h[] = { { "Host", "bucket.example.com" } };
	struct sigv4_request rq = { "PUT", "/site/a b+c/\xe1\x88\xb4/../x", NULL, 0, h, 1,
				    SIGV4_EMPTY_SHA256 };
	struct sigv4_params p = { "us-east-1", "s3", 1440938160, 0, 1, 0, 0 };

	sigv4_encode_path(&b, "/site/a b+c/\xe1\x88\xb4/../x", 0);
	CHECK_STR("s3 key: space, plus and UTF-8 encoded once, '..' kept", b.data,
		  "/site/a%20b%2Bc/%E1%88%B4/../x");
	buf_reset(&b);
	sigv4_encode_path(&b, "/already%20encoded", 0);
	CHECK_STR("s3 key: a literal '%' is encoded, not trusted", b.data, "/already%2520encoded");
	sigv4_result_init(&r);
	CHECK("s3 signing succeeds", sigv4_sign_header(&rq, &c, &p, &r, &d) == 0);
	CHECK("s3: x-amz-content-sha256 and session token are signed",
	      strstr(r.authorization.data,
		     "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,") !=
		      NULL);
	CHECK("s3: canonical path not normalized",
	      strstr(r.canonical_request.data, "\n/site/a%20b%2Bc/%E1%88%B4/../x\n") != NULL);
	CHECK_STR("s3: token header sent", r.headers[2], "X-Amz-Security-Token: TOKEN+/=");
	CHECK("secret never in any output",
	      !strstr(r.canonical_request.data, "secret") && !strstr(r.authorization.data, "secret"));
	rq.headers = NULL;
	rq.nheaders = 0;
	CHECK("request without Host refused", sigv4_sign_header(&rq, &c, &p, &r, &d) == JD_EINPUT);
	sigv4_result_release(&r);
	buf_release(&b);
}

/* -v logs URLs (lib/redact.h): a presigned one must lose its signature, credential and token there. */
static void redacted_urls(void)
{
	struct buf url = BUF_INIT, out = BUF_INIT;
	struct sigv4_result r;
	struct diag d;
	struct sigv4_credentials c = { "AKIDEXAMPLE", "secret", "TOKEN+/=" };
	struct sigv4_pair h[] = { { "Host", "bucket.example.com" } };
	struct sigv4_pair q[] = { { "partNumber", "3" } };
	struct sigv4_request rq = { "GET", "/site/a.txt", q, 1, h, 1, "UNSIGNED-PAYLOAD" };
	struct sigv4_params p = { "us-east-1", "s3", 1440938160, 0, 0, 0, 600 };

	sigv4_result_init(&r);
	CHECK("presigning succeeds", sigv4_sign_query(&rq, &c, &p, &r, &d) == 0);
	buf_printf(&url, "https://bucket.example.com/site/a.txt?%s", r.query.data);
	redact_secrets(url.data, &out);
	CHECK("presigned URL: the signature is not shown",
	      !strstr(out.data, r.signature) && strstr(out.data, "X-Amz-Signature=REDACTED"));
	CHECK("presigned URL: credential and token are not shown",
	      !strstr(out.data, "AKIDEXAMPLE") && !strstr(out.data, "TOKEN") &&
		      strstr(out.data, "X-Amz-Credential=REDACTED") &&
		      strstr(out.data, "X-Amz-Security-Token=REDACTED"));
	CHECK("presigned URL: other parameters stay",
	      strstr(out.data, "partNumber=3") && strstr(out.data, "X-Amz-Expires=600") &&
		      starts_with(out.data, "https://bucket.example.com/site/a.txt?"));
	buf_reset(&out);
	redact_secrets("http://user:pass@127.0.0.1:9000/b/k?uploadId=x&signature=abc#frag", &out);
	CHECK_STR("user:password and a lower-case signature are masked", out.data,
		  "http://REDACTED@127.0.0.1:9000/b/k?uploadId=x&signature=REDACTED#frag");
	buf_reset(&out);
	redact_secrets("http://127.0.0.1:9000/b/k", &out);
	CHECK_STR("a URL without a query is unchanged", out.data, "http://127.0.0.1:9000/b/k");
	sigv4_result_release(&r);
	buf_release(&url);
	buf_release(&out);
}

int main(void)
{
	const char *top = getenv("JD_TOP");
	char *root = path_join(top ? top : ".", "tests/data/sigv4-test-suite/v4");
	DIR *dir = opendir(root);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;

	CHECK("sigv4 test suite present", dir != NULL);
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		ARRAY_GROW(names, n + 1, cap);
		names[n++] = xstrdup(e->d_name);
	}
	if (dir)
		closedir(dir);
	CHECK("sigv4 test suite has cases", n > 30);
	qsort(names, n, sizeof(names[0]), cmp_name);
	for (size_t i = 0; i < n; i++) {
		run_case(root, names[i]);
		free(names[i]);
	}
	free(names);
	free(root);
	s3_rules();
	redacted_urls();
	TEST_DONE();
}
