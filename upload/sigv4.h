/*
 * sigv4.h - AWS Signature Version 4 (header and presigned-query signing).
 *
 * The signer is pure: it takes a request description (method, raw path,
 * decoded query pairs, headers, payload hash), credentials and a time, and
 * produces the canonical request, the string to sign, the signature and
 * what to send (headers or a query string).  It does no I/O, so the same
 * code is checked against the AWS test suite and used for every S3 and
 * CDN request.
 *
 * Paths are given raw (unencoded, e.g. "/my key+1/ሴ.html"); the signer
 * encodes each byte outside A-Z a-z 0-9 - . _ ~ and '/' once, which is
 * also the exact path the caller must put in the URL (sigv4_encode_path).
 * S3 wants the path neither normalized nor double-encoded, so that is the
 * default; `normalize_path` removes "." and ".." segments and empty
 * segments the way the generic (non-S3) AWS services expect.
 */
#ifndef JD_SIGV4_H
#define JD_SIGV4_H

#include <stddef.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/err.h"

/* SHA-256 of the empty string, the payload hash of every bodiless request. */
#define SIGV4_EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SIGV4_UNSIGNED_PAYLOAD "UNSIGNED-PAYLOAD"

struct sigv4_credentials {
	const char *access_key_id;
	const char *secret_access_key;
	const char *session_token; /* NULL or "" when there is none */
};

struct sigv4_pair {
	const char *name;
	const char *value; /* NULL is the same as "" */
};

struct sigv4_request {
	const char *method;
	const char *path;                 /* raw, starts with '/' */
	const struct sigv4_pair *query;   /* decoded name/value pairs */
	size_t nquery;
	const struct sigv4_pair *headers; /* as sent; must include Host */
	size_t nheaders;
	const char *payload_hash;         /* 64 hex digits or SIGV4_UNSIGNED_PAYLOAD */
};

struct sigv4_params {
	const char *region;
	const char *service;     /* "s3" */
	time_t when;
	int normalize_path;      /* 0 for S3 */
	int add_content_sha256;  /* send and sign x-amz-content-sha256 (always for S3) */
	int omit_session_token;  /* send the token but do not sign it (some services) */
	long expires;            /* presigned URLs: X-Amz-Expires in seconds */
};

/*
 * What the signer produced.  Everything is owned by the result; release it
 * with sigv4_result_release().
 *   - headers: header mode only, the "Name: value" lines to add to the
 *     request (X-Amz-Date, X-Amz-Content-Sha256, X-Amz-Security-Token,
 *     Authorization), NULL-terminated.
 *   - query: query mode only, the full encoded query string to send
 *     (the request's own pairs and the X-Amz-* ones, signature last).
 */
struct sigv4_result {
	struct buf canonical_request;
	struct buf string_to_sign;
	char signature[65];
	char amz_date[17];
	struct buf authorization;
	char *headers[5];
	struct buf query;
};

void sigv4_result_init(struct sigv4_result *r);
void sigv4_result_release(struct sigv4_result *r);

/*
 * Sign `req` for the Authorization header.  Returns JD_OK, or JD_EINPUT
 * (with `d` filled) when the request cannot be signed (no Host header,
 * path not starting with '/', a header name with a ':' or newline).
 */
enum jd_err sigv4_sign_header(const struct sigv4_request *req, const struct sigv4_credentials *c,
			      const struct sigv4_params *p, struct sigv4_result *out, struct diag *d);

/* Sign `req` as a presigned URL (X-Amz-* query parameters). */
enum jd_err sigv4_sign_query(const struct sigv4_request *req, const struct sigv4_credentials *c,
			     const struct sigv4_params *p, struct sigv4_result *out, struct diag *d);

/*
 * Append `s` percent-encoded the SigV4 way (upper-case hex, unreserved
 * characters kept, '/' kept when keep_slash).  Returns 0 or JD_ELIMIT.
 */
int sigv4_uri_encode(struct buf *out, const char *s, size_t len, int keep_slash);

/* The path as it must appear in the URL and the canonical request. */
int sigv4_encode_path(struct buf *out, const char *raw_path, int normalize);

/* The query pairs sorted and encoded: "a=1&b=" (also what goes in the URL). */
int sigv4_encode_query(struct buf *out, const struct sigv4_pair *q, size_t n);

/* Decode %XX escapes of `s` into out (a '+' stays a '+').  JD_EINPUT on a bad escape. */
int sigv4_uri_decode(struct buf *out, const char *s, size_t len);

#endif
