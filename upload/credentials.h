/*
 * credentials.h - where AWS credentials come from: the SDKs' default chain.
 *
 * The order is botocore's (docs/DESIGN.md, "S3, SigV4 and credentials"),
 * first source that is configured wins:
 *
 *   1. environment: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+
 *      AWS_SESSION_TOKEN); skipped when a profile is given explicitly
 *      (--profile, 'profile:'), as `aws --profile` does;
 *   2. the profile's role_arn with source_profile or credential_source
 *      (STS AssumeRole, upload/sts.c);
 *   3. web identity: the profile's web_identity_token_file + role_arn, else
 *      AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, else (GitHub Actions)
 *      AWS_ROLE_ARN with ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN: the OIDC
 *      token fetched by us (STS AssumeRoleWithWebIdentity);
 *   4. the profile's SSO settings (sso_session or the legacy sso_start_url)
 *      with the token `aws sso login` cached (upload/sso.c);
 *   5. static keys of the profile in the credentials file;
 *   6. the profile's credential_process (upload/credential_process.c);
 *   7. static keys of the profile in the config file;
 *   8. container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI /
 *      _FULL_URI, upload/imds.c);
 *   9. EC2 instance metadata, IMDSv2 (upload/imds.c).
 *
 * The profile is --profile / 'profile:', else AWS_PROFILE, else "default".
 * Its files are AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials) and
 * AWS_CONFIG_FILE (~/.aws/config, sections "[profile NAME]" except
 * "[default]").
 *
 * Secrets never enter a message: errors name the variables and files to
 * look at, and `source` says where the keys came from ("profile 'dev' via
 * sso") for -v output.
 */
#ifndef JD_CREDENTIALS_H
#define JD_CREDENTIALS_H

#include <time.h>

#include "lib/err.h"

struct ca_bundle;

struct credentials_options {
	const char *profile;        /* --profile / 'profile:'; NULL or "": AWS_PROFILE, "default" */
	const struct ca_bundle *ca; /* CAs for STS / SSO / container over HTTPS (borrowed); may be NULL */
};

struct credentials {
	char *access_key_id;
	char *secret_access_key;
	char *session_token; /* NULL when there is none */
	char *region;        /* the profile's `region`, NULL when not set */
	char *source;        /* for messages; never holds a secret */
	const char *method;  /* botocore's name for the source: "env", "assume-role", "sso"... */
	time_t expires;      /* when short-lived credentials end; 0: they do not */
	time_t issued;       /* when they were obtained (for the refresh window) */
	/* What credentials_refresh() loads them again with. */
	char *profile;       /* NULL: not given explicitly */
	const struct ca_bundle *ca;
};

/*
 * Find credentials along the chain above.  `o` may be NULL (no explicit
 * profile, libcurl's CAs).  Returns JD_OK with `out` filled (free with
 * credentials_free), or JD_EAUTH with a message that lists every source
 * tried, in order, and why it gave nothing; JD_ECONFIG when a profile is
 * wrong (a cycle of source_profile, a role without a source); JD_ENET when
 * a configured service (STS, SSO, container, OIDC) cannot be reached.
 * `out` is zeroed on error.
 */
enum jd_err credentials_load(struct credentials *out, const struct credentials_options *o,
			     struct diag *d);

/*
 * Short-lived credentials (expires != 0) are loaded again when they have
 * less than 5 minutes left, or less than half of their lifetime for ones
 * that live under 10 minutes (so 20-second test credentials are not
 * fetched before every request).  Called before signing a request, never
 * during one.  JD_OK when `c` is still good or was replaced; an error
 * leaves `c` as it was.
 */
enum jd_err credentials_refresh(struct credentials *c, struct diag *d);

/*
 * The value of `key` (e.g. "ca_bundle") in the profile `profile` (NULL or
 * "": AWS_PROFILE, else "default"), in the shared credentials file, then
 * in the config file.  JD_OK with *value a heap copy (NULL when neither
 * file sets it) and *where saying where it was found ("'ca_bundle' of
 * profile 'ci' in '/root/.aws/config'"), both the caller's to free;
 * JD_ECONFIG naming the file when one exists but cannot be read.  Only for
 * keys that are not secret: the value may be shown.
 */
enum jd_err aws_profile_value(const char *profile, const char *key, char **value, char **where,
			      struct diag *d);

/* Wipe the secrets and free everything; `c` may be zeroed. */
void credentials_free(struct credentials *c);

#endif
