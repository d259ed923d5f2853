/*
 * cdn.h - the CDN purge clients: one ops table per CDN, one file each.
 *
 * Every client has the same shape, purge(paths): `paths` are URL paths
 * already mapped from keys and percent-encoded by purge.c ("/", "/docs/",
 * "/docs/index.html"); the client turns them into what its API wants
 * (full URLs from base_url, an invalidation batch, PURGE requests) and
 * sends them through the shared http.c client, which retries transport
 * errors, 5xx and 429 (honouring Retry-After).
 *
 * Tokens are read from the environment by name and never enter a message.
 */
#ifndef JD_CDN_H
#define JD_CDN_H

#include <stddef.h>

#include "ca_bundle.h"
#include "http.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "lib/err.h"

struct cdn_request {
	const struct cdn_config *cdn;
	const char *base_url;         /* the site's public origin, no trailing '/' */
	struct http_client *http;
	const struct ca_bundle *ca;   /* the CAs `http` trusts, for messages; may be NULL */
	struct buf *notes;            /* one line per decision worth telling (wildcards used, everything purged) */
	const char *aws_profile;      /* CloudFront's credentials: the explicit AWS profile, or NULL */
};

struct cdn_ops {
	const char *name;             /* "cloudfront", ... as in messages */
	/* Is this CDN configured? */
	int (*configured)(const struct cdn_config *c);
	/* Before anything is uploaded: JD_ECONFIG when the config cannot work (missing token variable). */
	enum jd_err (*check)(const struct cdn_config *c, const char *base_url, struct diag *d);
	enum jd_err (*purge)(const struct cdn_request *r, char *const *paths, size_t n, struct diag *d);
	/* The URL its requests go to (for "does the purge use HTTPS"). */
	const char *(*endpoint)(const struct cdn_config *c);
};

extern const struct cdn_ops cdn_http_ops, cdn_cloudflare_ops, cdn_fastly_ops, cdn_cloudfront_ops;

/* The token in the variable `env` (NULL when unset or empty). */
const char *cdn_token(const char *env);

/* A short excerpt of a response body for messages: printable, at most `max` bytes. */
void cdn_excerpt(const struct buf *body, char *out, size_t size);

#endif

/*
 * One API request, the unit cdn_send() runs: a fixed URL, up to
 * CDN_HEADERS_MAX headers and an optional body.  `sign`, when set, adds
 * per-attempt headers (CloudFront's SigV4).  `classify`, when set,
 * replaces the default retry rule (5xx, 429).  404 counts as success when
 * `ok_404` (a PURGE of something not cached).
 */
#define CDN_HEADERS_MAX 6

struct cdn_call {
	struct transfer t;
	char *url;                    /* owned */
	char *body;                   /* owned, or NULL */
	const char *hname[CDN_HEADERS_MAX];
	char *hvalue[CDN_HEADERS_MAX];  /* owned */
	size_t nhdr;
	int ok_404;
	enum jd_err (*sign)(struct cdn_call *c, struct diag *d);
	void *sign_arg;
	const void *send;             /* private to cdn_send */
};

/* Zero `c` and set its method and URL (taken over). */
void cdn_call_init(struct cdn_call *c, const char *method, char *url);
void cdn_call_header(struct cdn_call *c, const char *name, const char *value);
void cdn_call_release(struct cdn_call *c);

/*
 * Run the calls; the first that fails after its retries ends the run with
 * JD_ENET (no answer) or JD_ETARGET (an error answer, shown with an
 * excerpt and `hint`).  Messages name the URL, never a header.
 */
enum jd_err cdn_send(const struct cdn_request *r, const char *cdn_name, struct cdn_call *calls,
		     size_t n, const char *hint, struct diag *d);
