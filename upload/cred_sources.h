/*
 * cred_sources.h - the sources of the credential chain (upload/credentials.h),
 * one file each, and what they share.  Internal to upload/.
 *
 * Each source fills a struct credentials (keys, expiry, `method`) or
 * returns an error whose message names the profile, file or variable to
 * fix and never holds a secret or token.  credentials.c decides the order
 * and the `source` text.  Every HTTP call goes through cred_http(), a
 * single request on upload/http.c's loop (its own short-lived client), so
 * retries, CAs and limits are the S3 client's.
 */
#ifndef JD_CRED_SOURCES_H
#define JD_CRED_SOURCES_H

#include <time.h>

#include "lib/buf.h"
#include "upload/credentials.h"
#include "upload/http.h"

/* What every source may need besides its own settings. */
struct cred_ctx {
	const struct ca_bundle *ca; /* may be NULL */
	const char *region;         /* STS region: the profile's, AWS_REGION, AWS_DEFAULT_REGION; may be NULL */
};

/* One HTTP request for a credential source. */
struct cred_call {
	const char *what;        /* "STS AssumeRole": for messages */
	const char *method, *url;
	const char *body;
	size_t body_len;
	const char *headers[6];  /* "Name: value" lines, NULL-ended; may hold tokens (never logged) */
	int quick;               /* instance metadata: 1 s timeouts, one attempt */
	/* Optional, per attempt: add the signature headers (STS AssumeRole). */
	enum jd_err (*sign)(void *arg, struct transfer *t, struct diag *d);
	void *sign_arg;
	/* Out: the final status (0: no answer) and body. */
	long status;
	struct buf response;
};

/*
 * Run `c` (c->response is initialised here; release it with buf_release).
 * JD_OK once an HTTP answer came, whatever its status; JD_ENET naming
 * c->what and the URL when none did.
 */
enum jd_err cred_http(const struct cred_ctx *x, struct cred_call *c, struct diag *d);

/* Fill `out` with heap copies (token may be NULL or ""); the rest is untouched. */
void cred_set(struct credentials *out, const char *method, const char *id, const char *secret,
	      const char *token, time_t expires);

/* "2024-05-01T12:00:00Z" (fractions, "+00:00" and "UTC" allowed) to a time.  0 on success. */
int cred_parse_time(const char *s, time_t *out);

/* ---- upload/sts.c ---- */

struct sts_role {
	const char *role_arn;
	const char *session_name;   /* NULL: "jamdeploy-<time>" */
	const char *external_id;    /* may be NULL */
	long duration_seconds;      /* 0: STS's default (1 hour) */
	const char *profile;        /* for messages; may be NULL */
};

/* STS AssumeRole signed (SigV4) with `src`. */
enum jd_err sts_assume_role(const struct cred_ctx *x, const struct credentials *src,
			    const struct sts_role *r, struct credentials *out, struct diag *d);

/* STS AssumeRoleWithWebIdentity with the JWT `token` (unsigned, as the API wants). */
enum jd_err sts_assume_role_web_identity(const struct cred_ctx *x, const char *token,
					 const struct sts_role *r, struct credentials *out,
					 struct diag *d);

/*
 * GitHub Actions: the OIDC token for `audience` from ACTIONS_ID_TOKEN_REQUEST_URL
 * with ACTIONS_ID_TOKEN_REQUEST_TOKEN, into *jwt (the caller's, to wipe).
 */
enum jd_err github_oidc_token(const struct cred_ctx *x, const char *audience, char **jwt,
			      struct diag *d);

/* ---- upload/credential_process.c ---- */

/* Run `command` (split like a POSIX shell would, run without one) and read its JSON. */
enum jd_err credential_process_run(const char *command, const char *profile,
				   struct credentials *out, struct diag *d);

/* ---- upload/imds.c ---- */

/* Is a container endpoint configured?  (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI) */
int container_configured(void);
enum jd_err container_fetch(const struct cred_ctx *x, struct credentials *out, struct diag *d);

/*
 * IMDSv2.  *found is 0 (and JD_OK) when no metadata service answered
 * (a laptop): the chain goes on; `why` says what happened.
 */
enum jd_err imds_fetch(const struct cred_ctx *x, struct credentials *out, int *found, char *why,
		       size_t why_size, struct diag *d);

/* ---- upload/sso.c ---- */

struct sso_settings {
	const char *profile;
	const char *session;     /* sso_session name, or NULL for the legacy keys */
	const char *start_url, *region, *account_id, *role_name;
};

enum jd_err sso_fetch(const struct cred_ctx *x, const struct sso_settings *s,
		      struct credentials *out, struct diag *d);

#endif
