/*
 * credentials.c - AWS credentials from the environment or shared files.
 *
 * The two shared files are INI: "[section]" lines, "key = value" lines,
 * '#' and ';' comments.  The credentials file names sections after the
 * profile; the config file says "[profile NAME]" (or "[default]").  A
 * profile may be split across both files, as the AWS CLI allows; the
 * credentials file wins for a key found in both.  Only the keys we use are
 * read: aws_access_key_id, aws_secret_access_key, aws_session_token,
 * region.  Files are capped at 1 MiB before they are read.
 *
 * Secrets are wiped (OPENSSL_cleanse) before their memory is freed.
 */
#include "upload/credentials.h"

#include <ctype.h>
#include <unistd.h>
#include <openssl/crypto.h>

#include "lib/util.h"

#define CRED_FILE_MAX ((size_t)1 << 20)

static void set_once(char **slot, const char *value, size_t len)
{
	if (*slot)
		return;
	*slot = xstrndup(value, len);
}

static void trim(const char **s, const char **e)
{
	while (*s < *e && isspace((unsigned char)**s))
		(*s)++;
	while (*e > *s && isspace((unsigned char)(*e)[-1]))
		(*e)--;
}

/*
 * Read the keys of section `section` of INI file `path` into `c` (keys
 * already set are kept).  Returns 1 when the section exists, 0 when it or
 * the file does not, -1 when the file exists but cannot be read.
 */
static int read_profile(const char *path, const char *section, struct credentials *c)
{
	struct buf text;
	struct diag d;
	int in_section = 0, found = 0;
	const char *p, *end;

	buf_init(&text, CRED_FILE_MAX);
	if (read_file(path, &text, &d) != JD_OK) {
		buf_release(&text);
		return access(path, F_OK) == 0 ? -1 : 0;
	}
	for (p = text.data, end = text.data + text.len; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *ls = p, *le = eol ? eol : end;

		p = eol ? eol + 1 : end;
		trim(&ls, &le);
		if (ls == le || *ls == '#' || *ls == ';')
			continue;
		if (*ls == '[') {
			const char *ns = ls + 1, *ne = le;

			if (ne > ns && ne[-1] == ']')
				ne--;
			trim(&ns, &ne);
			in_section = strlen(section) == (size_t)(ne - ns) &&
				     memcmp(ns, section, (size_t)(ne - ns)) == 0;
			found |= in_section;
			continue;
		}
		if (in_section) {
			const char *eq = memchr(ls, '=', (size_t)(le - ls));
			const char *ks = ls, *ke, *vs, *ve = le;

			if (!eq)
				continue;
			ke = eq;
			vs = eq + 1;
			trim(&ks, &ke);
			trim(&vs, &ve);
#define KEY_IS(k) ((size_t)(ke - ks) == strlen(k) && memcmp(ks, k, strlen(k)) == 0)
			if (KEY_IS("aws_access_key_id"))
				set_once(&c->access_key_id, vs, (size_t)(ve - vs));
			else if (KEY_IS("aws_secret_access_key"))
				set_once(&c->secret_access_key, vs, (size_t)(ve - vs));
			else if (KEY_IS("aws_session_token"))
				set_once(&c->session_token, vs, (size_t)(ve - vs));
			else if (KEY_IS("region"))
				set_once(&c->region, vs, (size_t)(ve - vs));
#undef KEY_IS
		}
	}
	OPENSSL_cleanse(text.data, text.len);
	buf_release(&text);
	return found;
}

static char *home_path(const char *env, const char *rel)
{
	const char *v = getenv(env), *home = getenv("HOME");

	if (v && *v)
		return xstrdup(v);
	return path_join(home && *home ? home : ".", rel);
}

static void wipe_free(char *s)
{
	if (s) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

void credentials_free(struct credentials *c)
{
	wipe_free(c->access_key_id);
	wipe_free(c->secret_access_key);
	wipe_free(c->session_token);
	free(c->region);
	free(c->source);
	memset(c, 0, sizeof(*c));
}

enum jd_err credentials_load(struct credentials *out, struct diag *d)
{
	const char *id = getenv("AWS_ACCESS_KEY_ID"), *secret = getenv("AWS_SECRET_ACCESS_KEY");
	const char *token = getenv("AWS_SESSION_TOKEN"), *profile = getenv("AWS_PROFILE");
	char *cred_path, *conf_path, *conf_section;
	int in_cred, in_conf;
	enum jd_err rc = JD_OK;

	memset(out, 0, sizeof(*out));
	if (id && *id && secret && *secret) {
		out->access_key_id = xstrdup(id);
		out->secret_access_key = xstrdup(secret);
		out->session_token = token && *token ? xstrdup(token) : NULL;
		out->source = xstrdup("environment");
		return JD_OK;
	}
	if ((id && *id) != (secret && *secret))
		return diag_set(d, JD_EAUTH, NULL,
				"%s is set but %s is not (set both, or neither to use a profile)",
				id && *id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
				id && *id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
	if (!profile || !*profile)
		profile = "default";
	cred_path = home_path("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
	conf_path = home_path("AWS_CONFIG_FILE", ".aws/config");
	conf_section = strcmp(profile, "default") == 0 ? xstrdup("default")
						       : xasprintf("profile %s", profile);
	in_cred = read_profile(cred_path, profile, out);
	in_conf = read_profile(conf_path, conf_section, out);
	if (in_cred < 0 || in_conf < 0) {
		rc = diag_set(d, JD_EAUTH, in_cred < 0 ? cred_path : conf_path,
			      "cannot read AWS credentials file");
	} else if (in_cred == 0 && in_conf == 0) {
		rc = diag_set(d, JD_EAUTH, NULL,
			      "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
			      "or add profile '%s' to '%s' (AWS_PROFILE picks the profile)",
			      profile, cred_path);
	} else if (!out->access_key_id || !out->secret_access_key) {
		rc = diag_set(d, JD_EAUTH, in_cred ? cred_path : conf_path,
			      "profile '%s' has no %s (add it, or set AWS_ACCESS_KEY_ID and "
			      "AWS_SECRET_ACCESS_KEY)",
			      profile,
			      out->access_key_id ? "aws_secret_access_key" : "aws_access_key_id");
	} else {
		out->source = xasprintf("profile '%s' in '%s'", profile,
					in_cred && out->access_key_id ? cred_path : conf_path);
	}
	if (rc)
		credentials_free(out);
	free(cred_path);
	free(conf_path);
	free(conf_section);
	return rc;
}
