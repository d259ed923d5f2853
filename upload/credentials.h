/*
 * credentials.h - where AWS credentials come from.
 *
 * The order is docs/DESIGN.md's: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+
 * AWS_SESSION_TOKEN) from the environment, else the profile named by
 * AWS_PROFILE (or "default") in the shared credentials file
 * (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials) and then the
 * config file (AWS_CONFIG_FILE, default ~/.aws/config, sections named
 * "[profile NAME]" except "[default]").
 *
 * Secrets never enter a message: errors name the variables and files to
 * look at, and `source` says where the keys came from ("environment",
 * "profile 'ci' in '/root/.aws/credentials'") for -v output.
 */
#ifndef JD_CREDENTIALS_H
#define JD_CREDENTIALS_H

#include "lib/err.h"

struct credentials {
	char *access_key_id;
	char *secret_access_key;
	char *session_token; /* NULL when there is none */
	char *region;        /* the profile's `region`, NULL when not set */
	char *source;        /* for messages; never holds a secret */
};

/*
 * Find credentials.  Returns JD_OK with `out` filled (free with
 * credentials_free), or JD_EAUTH with a message saying what to set when
 * there are none, or JD_ECONFIG when a file names the profile but lacks a
 * key.  `out` is zeroed on error.
 */
enum jd_err credentials_load(struct credentials *out, struct diag *d);

/*
 * The value of `key` (e.g. "ca_bundle") in the selected profile, looked
 * up as for credentials: AWS_PROFILE (or "default") in the shared
 * credentials file, then in the config file.  JD_OK with *value a heap
 * copy (NULL when neither file sets it) and *where saying where it was
 * found ("'ca_bundle' of profile 'ci' in '/root/.aws/config'"), both the
 * caller's to free; JD_ECONFIG naming the file when one exists but cannot
 * be read.  Only for keys that are not secret: the value may be shown.
 */
enum jd_err aws_profile_value(const char *key, char **value, char **where, struct diag *d);

/* Wipe the secrets and free everything; `c` may be zeroed. */
void credentials_free(struct credentials *c);

#endif
