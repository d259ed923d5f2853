/*
 * credentials.c - AWS credentials from the environment or shared files.
 *
 * The two shared files are INI: "[section]" lines, "key = value" lines,
 * '#' and ';' comments.  The credentials file names sections after the
 * profile; the config file says "[profile NAME]" (or "[default]").  A
 * profile may be split across both files, as the AWS CLI allows; the
 * credentials file wins for a key found in both (botocore merges the two
 * files the same way).  Only the keys asked for are read: the credentials
 * and `region` for credentials_load, `ca_bundle` for aws_profile_value.
 * Files are capped at 1 MiB before they are read.
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

/* A key to read from a profile, and where its value goes (a heap copy). */
struct profile_key {
	const char *name;
	char **slot;
};

/*
 * Read the keys `want` (ended by a NULL name) of section `section` of INI
 * file `path` (slots already set are kept).  Returns 1 when the section
 * exists, 0 when it or the file does not, -1 when the file exists but
 * cannot be read.
 */
static int read_profile(const char *path, const char *section, const struct profile_key *want)
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
			for (const struct profile_key *k = want; k->name; k++)
				if ((size_t)(ke - ks) == strlen(k->name) &&
				    memcmp(ks, k->name, (size_t)(ke - ks)) == 0)
					set_once(k->slot, vs, (size_t)(ve - vs));
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

/* The selected profile: its name, the two files and the config file's section name. */
struct profile_files {
	const char *profile;
	char *cred_path, *conf_path, *conf_section;
};

static void profile_files_open(struct profile_files *f)
{
	f->profile = getenv("AWS_PROFILE");
	if (!f->profile || !*f->profile)
		f->profile = "default";
	f->cred_path = home_path("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
	f->conf_path = home_path("AWS_CONFIG_FILE", ".aws/config");
	f->conf_section = strcmp(f->profile, "default") == 0 ? xstrdup("default")
							     : xasprintf("profile %s", f->profile);
}

static void profile_files_close(struct profile_files *f)
{
	free(f->cred_path);
	free(f->conf_path);
	free(f->conf_section);
}

enum jd_err aws_profile_value(const char *key, char **value, char **where, struct diag *d)
{
	struct profile_files f;
	struct profile_key want[] = { { key, value }, { NULL, NULL } };
	enum jd_err rc = JD_OK;
	int in_cred, in_conf = 0;

	*value = *where = NULL;
	profile_files_open(&f);
	in_cred = read_profile(f.cred_path, f.profile, want);
	if (in_cred >= 0 && !*value)
		in_conf = read_profile(f.conf_path, f.conf_section, want);
	if (in_cred < 0 || in_conf < 0)
		rc = diag_set(d, JD_ECONFIG, in_cred < 0 ? f.cred_path : f.conf_path,
			      "cannot read AWS config file '%s' (AWS_CONFIG_FILE, "
			      "AWS_SHARED_CREDENTIALS_FILE)", in_cred < 0 ? f.cred_path : f.conf_path);
	else if (*value)
		*where = xasprintf("'%s' of profile '%s' in '%s'", key, f.profile,
				   in_conf ? f.conf_path : f.cred_path);
	profile_files_close(&f);
	return rc;
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
	const char *token = getenv("AWS_SESSION_TOKEN");
	struct profile_files f;
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
	const struct profile_key want[] = {
		{ "aws_access_key_id", &out->access_key_id },
		{ "aws_secret_access_key", &out->secret_access_key },
		{ "aws_session_token", &out->session_token },
		{ "region", &out->region },
		{ NULL, NULL },
	};
	profile_files_open(&f);
	in_cred = read_profile(f.cred_path, f.profile, want);
	in_conf = read_profile(f.conf_path, f.conf_section, want);
	if (in_cred < 0 || in_conf < 0) {
		rc = diag_set(d, JD_EAUTH, in_cred < 0 ? f.cred_path : f.conf_path,
			      "cannot read AWS credentials file");
	} else if (in_cred == 0 && in_conf == 0) {
		rc = diag_set(d, JD_EAUTH, NULL,
			      "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
			      "or add profile '%s' to '%s' (AWS_PROFILE picks the profile)",
			      f.profile, f.cred_path);
	} else if (!out->access_key_id || !out->secret_access_key) {
		rc = diag_set(d, JD_EAUTH, in_cred ? f.cred_path : f.conf_path,
			      "profile '%s' has no %s (add it, or set AWS_ACCESS_KEY_ID and "
			      "AWS_SECRET_ACCESS_KEY)",
			      f.profile,
			      out->access_key_id ? "aws_secret_access_key" : "aws_access_key_id");
	} else {
		out->source = xasprintf("profile '%s' in '%s'", f.profile,
					in_cred && out->access_key_id ? f.cred_path : f.conf_path);
	}
	if (rc)
		credentials_free(out);
	profile_files_close(&f);
	return rc;
}
