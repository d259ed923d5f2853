/*
 * ca_bundle.h - which certificate authorities HTTPS requests trust.
 *
 * The first of these that is set decides (an empty variable counts as
 * unset), as the AWS CLI and then curl decide:
 *
 *   1. `ca_bundle:` in jamdeploy.yml (the project's file, which beats the
 *      environment as `endpoint:` and `region:` do)
 *   2. AWS_CA_BUNDLE
 *   3. `ca_bundle` in the selected profile of the AWS config files
 *      (AWS_PROFILE, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, as for
 *      credentials)
 *   4. CURL_CA_BUNDLE
 *   5. SSL_CERT_FILE and/or SSL_CERT_DIR (a directory of hashed
 *      certificates, `openssl rehash`; several joined with ':')
 *   6. libcurl's built-in default (the system's store)
 *
 * The chosen file must be readable and hold at least one PEM certificate,
 * and a chosen directory must exist, before any request is sent: else the
 * error names the path and the setting it came from.  Verification is
 * never turned off; the result only says what to verify against.
 */
#ifndef JD_CA_BUNDLE_H
#define JD_CA_BUNDLE_H

#include "lib/err.h"
#include "upload/http.h"

#define CA_BUNDLE_MAX ((size_t)16 << 20) /* the system bundle is ~200 KiB */

struct ca_bundle {
	char *file;   /* for CURLOPT_CAINFO; NULL: libcurl's default */
	char *dir;    /* for CURLOPT_CAPATH; NULL: libcurl's default */
	char *source; /* "AWS_CA_BUNDLE", "'ca_bundle' of profile 'ci' in '...'"; NULL: the default */
};

/*
 * Decide as above.  `config_value` is `ca_bundle:` of the config file
 * `config_path` (both may be NULL).  JD_OK with `out` filled (free with
 * ca_bundle_free; all NULL means libcurl's default), or JD_ECONFIG with a
 * message naming the path and its setting; `out` is zeroed on error.
 * `profile` is the AWS profile given explicitly (NULL: AWS_PROFILE).
 */
enum jd_err ca_bundle_find(struct ca_bundle *out, const char *config_value,
			   const char *config_path, const char *profile, struct diag *d);
void ca_bundle_free(struct ca_bundle *ca);

/* Point `o`'s CA fields at `ca` (borrowed: `ca` must outlive the client). */
void ca_bundle_apply(const struct ca_bundle *ca, struct http_options *o);

/*
 * When `t` failed because the server's certificate was refused (not
 * signed by a trusted CA, or not valid for the host name), write a
 * sentence saying which, naming the server and what was trusted, with
 * what to do, into `out` and return 1; else return 0.  Call from a
 * transfer's done(), while its easy handle is still there.
 */
int ca_bundle_refusal(const struct transfer *t, const struct ca_bundle *ca, char *out,
		      size_t size);

#endif
