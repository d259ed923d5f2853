/*
 * credentials.c - the AWS default credential chain (order in credentials.h).
 *
 * The two shared files are INI: "[section]" lines, "key = value" lines,
 * '#' and ';' comments.  The credentials file names sections after the
 * profile; the config file says "[profile NAME]" (or "[default]") and
 * "[sso-session NAME]".  A profile may be split across both files, as the
 * AWS CLI allows; the credentials file wins for a key found in both
 * (botocore merges the two files the same way), except for static keys,
 * which botocore reads from each file as a separate source.  Files are
 * capped at 1 MiB before they are read.
 *
 * A profile is read once into a struct profile (all the keys the chain
 * knows); the chain walks it in botocore's order.  A role's source profile
 * is resolved the same way, recursively, with the profiles on the way
 * remembered so a cycle is refused (a profile may name itself as its
 * source when it has static keys, as botocore allows).  Sources that are
 * not configured add a line to the list of what was tried, which the final
 * "no AWS credentials" error shows; a source that is configured but fails
 * stops the chain with its own error, as the SDKs do.
 *
 * Secrets are wiped (OPENSSL_cleanse) before their memory is freed.
 */
#include "upload/credentials.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>
#include <openssl/crypto.h>

#include "lib/util.h"
#include "upload/cred_sources.h"

#define CRED_FILE_MAX ((size_t)1 << 20)
#define ROLE_CHAIN_MAX 16 /* source_profile hops; botocore has no limit, a cycle check */
#define REFRESH_AHEAD 300 /* seconds before expiry */

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
	const char *v = getenv_nonempty(env), *home = getenv_nonempty("HOME");

	if (v)
		return xstrdup(v);
	return path_join(home ? home : ".", rel);
}

/* The profile name: the explicit one, else AWS_PROFILE, else "default". */
static const char *profile_name(const char *given)
{
	if (given && *given)
		return given;
	return getenv_nonempty("AWS_PROFILE") ? getenv_nonempty("AWS_PROFILE") : "default";
}

/* Every key of a profile the chain reads. */
enum pkey {
	P_REGION, P_ROLE_ARN, P_SOURCE_PROFILE, P_CREDENTIAL_SOURCE, P_EXTERNAL_ID,
	P_SESSION_NAME, P_DURATION, P_WEB_TOKEN_FILE, P_PROCESS, P_SSO_SESSION, P_SSO_START_URL,
	P_SSO_REGION, P_SSO_ACCOUNT, P_SSO_ROLE, P_COUNT
};

static const char *const pkey_names[P_COUNT] = {
	"region", "role_arn", "source_profile", "credential_source", "external_id",
	"role_session_name", "duration_seconds", "web_identity_token_file", "credential_process",
	"sso_session", "sso_start_url", "sso_region", "sso_account_id", "sso_role_name",
};

/* Static keys: id, secret, token. */
struct static_keys {
	char *k[3];
};

struct profile {
	const char *name;
	char *cred_path, *conf_path;
	int in_cred, in_conf;          /* the section exists in that file */
	struct static_keys cred, conf; /* static keys from each file */
	char *v[P_COUNT];              /* the rest, credentials file first */
};

static void static_want(struct profile_key *w, struct static_keys *s)
{
	static const char *const names[3] = { "aws_access_key_id", "aws_secret_access_key",
					      "aws_session_token" };

	for (int i = 0; i < 3; i++)
		w[i] = (struct profile_key){ names[i], &s->k[i] };
}

static void wipe_free(char *s)
{
	if (s) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

static void profile_free(struct profile *p)
{
	free(p->cred_path);
	free(p->conf_path);
	for (int i = 0; i < 3; i++) {
		wipe_free(p->cred.k[i]);
		wipe_free(p->conf.k[i]);
	}
	for (int i = 0; i < P_COUNT; i++)
		free(p->v[i]);
	memset(p, 0, sizeof(*p));
}

/* Read profile `name` from both files.  JD_ECONFIG when a file cannot be read. */
static enum jd_err profile_read(struct profile *p, const char *name, struct diag *d)
{
	struct profile_key want[P_COUNT + 4];
	char *section;

	memset(p, 0, sizeof(*p));
	p->name = name;
	p->cred_path = home_path("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
	p->conf_path = home_path("AWS_CONFIG_FILE", ".aws/config");
	for (int i = 0; i < P_COUNT; i++)
		want[i + 3] = (struct profile_key){ pkey_names[i], &p->v[i] };
	want[P_COUNT + 3] = (struct profile_key){ NULL, NULL };
	static_want(want, &p->cred);
	p->in_cred = read_profile(p->cred_path, name, want);
	static_want(want, &p->conf);
	section = strcmp(name, "default") == 0 ? xstrdup("default") : xasprintf("profile %s", name);
	p->in_conf = p->in_cred < 0 ? 0 : read_profile(p->conf_path, section, want);
	free(section);
	if (p->in_cred < 0 || p->in_conf < 0)
		return diag_set(d, JD_ECONFIG, p->in_cred < 0 ? p->cred_path : p->conf_path,
				"cannot read AWS config file '%s' (AWS_CONFIG_FILE, "
				"AWS_SHARED_CREDENTIALS_FILE)",
				p->in_cred < 0 ? p->cred_path : p->conf_path);
	return JD_OK;
}

enum jd_err aws_profile_value(const char *profile, const char *key, char **value, char **where,
			      struct diag *d)
{
	const char *name = profile_name(profile);
	char *cred_path = home_path("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
	char *conf_path = home_path("AWS_CONFIG_FILE", ".aws/config");
	char *section = strcmp(name, "default") == 0 ? xstrdup("default")
						      : xasprintf("profile %s", name);
	struct profile_key want[] = { { key, value }, { NULL, NULL } };
	enum jd_err rc = JD_OK;
	int in_cred, in_conf = 0;

	*value = *where = NULL;
	in_cred = read_profile(cred_path, name, want);
	if (in_cred >= 0 && !*value)
		in_conf = read_profile(conf_path, section, want);
	if (in_cred < 0 || in_conf < 0)
		rc = diag_set(d, JD_ECONFIG, in_cred < 0 ? cred_path : conf_path,
			      "cannot read AWS config file '%s' (AWS_CONFIG_FILE, "
			      "AWS_SHARED_CREDENTIALS_FILE)", in_cred < 0 ? cred_path : conf_path);
	else if (*value)
		*where = xasprintf("'%s' of profile '%s' in '%s'", key, name,
				   in_conf ? conf_path : cred_path);
	free(cred_path);
	free(conf_path);
	free(section);
	return rc;
}

void credentials_free(struct credentials *c)
{
	wipe_free(c->access_key_id);
	wipe_free(c->secret_access_key);
	wipe_free(c->session_token);
	free(c->region);
	free(c->source);
	free(c->profile);
	memset(c, 0, sizeof(*c));
}

void cred_set(struct credentials *out, const char *method, const char *id, const char *secret,
	      const char *token, time_t expires)
{
	out->method = method;
	out->access_key_id = xstrdup(id);
	out->secret_access_key = xstrdup(secret);
	out->session_token = token && *token ? xstrdup(token) : NULL;
	out->expires = expires;
	out->issued = time(NULL);
}

int cred_parse_time(const char *s, time_t *out)
{
	struct tm tm = { 0 };
	const char *p;
	char *end;

	/* botocore accepts any ISO 8601; what AWS sends is "YYYY-MM-DDTHH:MM:SS[.fff](Z|+00:00|UTC)" */
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!p)
		return -1;
	if (*p == '.') {
		strtoul(p + 1, &end, 10);
		p = end;
	}
	if (*p == 'Z')
		p++;
	else if (!strcmp(p, "+00:00") || !strcmp(p, "UTC") || !strcmp(p, " UTC"))
		p += strlen(p);
	if (*p)
		return -1;
	*out = timegm(&tm);
	return *out == (time_t)-1 ? -1 : 0;
}

/* ---- the chain ---- */

struct chain {
	struct cred_ctx ctx;
	int explicit_profile;
	struct buf tried;       /* "environment: AWS_ACCESS_KEY_ID is not set; ..." */
	const char *visited[ROLE_CHAIN_MAX];
	int nvisited;
};

static void tried(struct chain *ch, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tried(struct chain *ch, const char *fmt, ...)
{
	va_list ap;
	char line[300];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	buf_printf(&ch->tried, "%s%s", ch->tried.len ? "; " : "", line);
}

static int has_static(const struct static_keys *s)
{
	return s->k[0] && *s->k[0] && s->k[1] && *s->k[1];
}

static enum jd_err static_from(const struct static_keys *s, const char *method, const char *profile,
			       const char *path, struct credentials *out)
{
	cred_set(out, method, s->k[0], s->k[1], s->k[2], 0);
	out->source = xasprintf("profile '%s' in '%s'", profile, path);
	return JD_OK;
}

static enum jd_err from_env(struct credentials *out)
{
	cred_set(out, "env", getenv_nonempty("AWS_ACCESS_KEY_ID"), getenv_nonempty("AWS_SECRET_ACCESS_KEY"),
		 getenv_nonempty("AWS_SESSION_TOKEN"), 0);
	out->source = xstrdup("environment");
	return JD_OK;
}

static long parse_duration(const char *v)
{
	char *end;
	long n;

	if (!v)
		return 0;
	n = strtol(v, &end, 10);
	return end != v && !*end && n > 0 ? n : -1;
}

static enum jd_err resolve_profile(struct chain *ch, const char *name, int as_source, int *found,
				   struct credentials *out, struct diag *d);

/* credential_source = Environment | EcsContainer | Ec2InstanceMetadata */
static enum jd_err from_credential_source(struct chain *ch, const struct profile *p,
					  struct credentials *out, struct diag *d)
{
	const char *cs = p->v[P_CREDENTIAL_SOURCE];

	if (!strcmp(cs, "Environment")) {
		if (!getenv_nonempty("AWS_ACCESS_KEY_ID") || !getenv_nonempty("AWS_SECRET_ACCESS_KEY"))
			return diag_set(d, JD_EAUTH, p->conf_path,
					"profile '%s' has credential_source = Environment but "
					"AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set", p->name);
		return from_env(out);
	}
	if (!strcmp(cs, "EcsContainer")) {
		if (!container_configured())
			return diag_set(d, JD_EAUTH, p->conf_path,
					"profile '%s' has credential_source = EcsContainer but "
					"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI is not set",
					p->name);
		return container_fetch(&ch->ctx, out, d);
	}
	if (!strcmp(cs, "Ec2InstanceMetadata")) {
		char why[200];
		int got = 0;
		enum jd_err rc = imds_fetch(&ch->ctx, out, &got, why, sizeof(why), d);

		if (rc == JD_OK && !got)
			rc = diag_set(d, JD_EAUTH, p->conf_path,
				      "profile '%s' has credential_source = Ec2InstanceMetadata but %s",
				      p->name, why);
		return rc;
	}
	return diag_set(d, JD_ECONFIG, p->conf_path,
			"profile '%s': credential_source '%s' is not one of Environment, "
			"EcsContainer, Ec2InstanceMetadata", p->name, cs);
}

/* role_arn with source_profile or credential_source: STS AssumeRole. */
static enum jd_err assume_role(struct chain *ch, const struct profile *p, struct credentials *out,
			       struct diag *d)
{
	const char *src = p->v[P_SOURCE_PROFILE], *cs = p->v[P_CREDENTIAL_SOURCE];
	struct credentials base = { 0 };
	struct sts_role role = { p->v[P_ROLE_ARN], p->v[P_SESSION_NAME], p->v[P_EXTERNAL_ID],
				 parse_duration(p->v[P_DURATION]), p->name };
	enum jd_err rc;
	int found = 0;

	if ((src && *src) == (cs && *cs))
		return diag_set(d, JD_ECONFIG, p->conf_path,
				"profile '%s' has role_arn but %s (set source_profile or "
				"credential_source, one of them)", p->name,
				src && *src ? "both source_profile and credential_source"
					    : "neither source_profile nor credential_source");
	if (role.duration_seconds < 0)
		return diag_set(d, JD_ECONFIG, p->conf_path,
				"profile '%s': duration_seconds '%s' is not a number of seconds",
				p->name, p->v[P_DURATION]);
	if (src && *src) {
		if (!strcmp(src, p->name) && (has_static(&p->cred) || has_static(&p->conf))) {
			/* botocore: a profile may be its own source when it holds keys */
			rc = has_static(&p->cred) ? static_from(&p->cred, "shared-credentials-file",
								p->name, p->cred_path, &base)
						  : static_from(&p->conf, "config-file", p->name,
								p->conf_path, &base);
		} else {
			rc = resolve_profile(ch, src, 1, &found, &base, d);
			if (rc == JD_OK && !found)
				rc = diag_set(d, JD_EAUTH, p->conf_path,
					      "profile '%s' takes its credentials from source_profile "
					      "'%s', which has none", p->name, src);
		}
	} else {
		rc = from_credential_source(ch, p, &base, d);
	}
	if (rc == JD_OK)
		rc = sts_assume_role(&ch->ctx, &base, &role, out, d);
	credentials_free(&base);
	return rc;
}

/* Read a web identity token file (a JWT) into *jwt. */
static enum jd_err read_token_file(const char *path, const char *what, char **jwt, struct diag *d)
{
	struct buf b;
	struct diag ignore;

	buf_init(&b, 64 << 10);
	if (read_file(path, &b, &ignore) != JD_OK) {
		buf_release(&b);
		return diag_set(d, JD_EAUTH, path, "cannot read the web identity token file '%s' (%s): "
				"%s", path, what, strerror(errno));
	}
	while (b.len && isspace((unsigned char)b.data[b.len - 1]))
		b.data[--b.len] = '\0';
	*jwt = buf_detach(&b, NULL);
	return JD_OK;
}

static enum jd_err web_identity(struct chain *ch, const struct profile *p, int *found,
				struct credentials *out, struct diag *d)
{
	int env_ok = !ch->explicit_profile;
	const char *file = p->v[P_WEB_TOKEN_FILE], *arn = p->v[P_ROLE_ARN];
	const char *session = p->v[P_SESSION_NAME];
	const char *file_what = "web_identity_token_file", *how;
	char *jwt = NULL;
	enum jd_err rc;

	if (!file && env_ok && (file = getenv_nonempty("AWS_WEB_IDENTITY_TOKEN_FILE")))
		file_what = "AWS_WEB_IDENTITY_TOKEN_FILE";
	if (!arn && env_ok)
		arn = getenv_nonempty("AWS_ROLE_ARN");
	if (!session && env_ok)
		session = getenv_nonempty("AWS_ROLE_SESSION_NAME");
	*found = 0;
	if (file && arn) {
		rc = read_token_file(file, file_what, &jwt, d);
		how = "assume-role-with-web-identity";
	} else if (!file && arn && env_ok && getenv_nonempty("ACTIONS_ID_TOKEN_REQUEST_URL") &&
		   getenv_nonempty("ACTIONS_ID_TOKEN_REQUEST_TOKEN")) {
		const char *aud = getenv_nonempty("JAMDEPLOY_OIDC_AUDIENCE");

		rc = github_oidc_token(&ch->ctx, aud ? aud : "sts.amazonaws.com", &jwt, d);
		how = "github-oidc";
	} else {
		tried(ch, "web identity: %s", file ? "no role_arn / AWS_ROLE_ARN beside the token file"
					   : arn ? "AWS_WEB_IDENTITY_TOKEN_FILE is not set and this is "
						   "not a GitHub Actions job with id-token: write"
						 : "AWS_WEB_IDENTITY_TOKEN_FILE / AWS_ROLE_ARN are not set");
		return JD_OK;
	}
	if (rc == JD_OK) {
		struct sts_role role = { arn, session, NULL, 0, p->name };

		rc = sts_assume_role_web_identity(&ch->ctx, jwt, &role, out, d);
	}
	wipe_free(jwt);
	if (rc == JD_OK) {
		*found = 1;
		out->method = "assume-role-with-web-identity";
		out->source = p->v[P_WEB_TOKEN_FILE] || p->v[P_ROLE_ARN]
				      ? xasprintf("profile '%s' via %s", p->name, how)
				      : xasprintf("%s (AWS_ROLE_ARN)", how);
	}
	return rc;
}

/* The SSO settings of a profile: sso_session (a section of its own) or the legacy keys. */
static enum jd_err sso(struct chain *ch, const struct profile *p, struct credentials *out,
		       struct diag *d)
{
	struct sso_settings s = { p->name, p->v[P_SSO_SESSION], p->v[P_SSO_START_URL],
				  p->v[P_SSO_REGION], p->v[P_SSO_ACCOUNT], p->v[P_SSO_ROLE] };
	char *url = NULL, *region = NULL, *section = NULL;
	enum jd_err rc = JD_OK;

	if (s.session) {
		struct profile_key want[] = { { "sso_start_url", &url }, { "sso_region", &region },
					      { NULL, NULL } };

		section = xasprintf("sso-session %s", s.session);
		if (read_profile(p->conf_path, section, want) <= 0)
			rc = diag_set(d, JD_ECONFIG, p->conf_path,
				      "profile '%s' names sso_session '%s' but '%s' has no "
				      "[sso-session %s] section", p->name, s.session, p->conf_path,
				      s.session);
		s.start_url = url;
		s.region = region;
	}
	if (rc == JD_OK && (!s.start_url || !s.region || !s.account_id || !s.role_name))
		rc = diag_set(d, JD_ECONFIG, p->conf_path,
			      "profile '%s' is an SSO profile but lacks %s (run aws configure sso "
			      "--profile %s)", p->name,
			      !s.start_url ? "sso_start_url" : !s.region ? "sso_region"
			      : !s.account_id ? "sso_account_id" : "sso_role_name", p->name);
	if (rc == JD_OK)
		rc = sso_fetch(&ch->ctx, &s, out, d);
	free(url);
	free(region);
	free(section);
	return rc;
}

/*
 * The providers of one profile, in botocore's order.  `as_source`: the
 * profile is a role's source_profile (the environment does not count then).
 * *found is 0 when the profile gives no credentials (and JD_OK).
 */
static enum jd_err resolve_profile(struct chain *ch, const char *name, int as_source, int *found,
				   struct credentials *out, struct diag *d)
{
	struct profile p;
	enum jd_err rc;

	*found = 0;
	for (int i = 0; i < ch->nvisited; i++)
		if (!strcmp(ch->visited[i], name))
			return diag_set(d, JD_ECONFIG, NULL,
					"source_profile chain has a cycle: profile '%s' is reached "
					"twice (check role_arn / source_profile in your AWS config)",
					name);
	if (ch->nvisited == ROLE_CHAIN_MAX)
		return diag_set(d, JD_ELIMIT, NULL,
				"source_profile chain is longer than %d profiles", ROLE_CHAIN_MAX);
	ch->visited[ch->nvisited++] = name;
	if ((rc = profile_read(&p, name, d)))
		goto out;
	if (!p.in_cred && !p.in_conf && (as_source || strcmp(name, "default") != 0)) {
		rc = diag_set(d, JD_EAUTH, NULL,
			      "AWS profile '%s' is not in '%s' nor in '%s' (check --profile, "
			      "'profile:' in jamdeploy.yml, AWS_PROFILE and source_profile, or set "
			      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)", name, p.cred_path,
			      p.conf_path);
		goto out;
	}
	if (!as_source && p.v[P_REGION])
		out->region = xstrdup(p.v[P_REGION]);
	if (p.v[P_ROLE_ARN] && !p.v[P_WEB_TOKEN_FILE]) {
		rc = assume_role(ch, &p, out, d);
		if (rc == JD_OK) {
			*found = 1;
			out->source = xasprintf("profile '%s' via assume-role", name);
		}
		goto out;
	}
	if ((rc = web_identity(ch, &p, found, out, d)) || *found)
		goto out;
	if (p.v[P_SSO_SESSION] || p.v[P_SSO_START_URL] || p.v[P_SSO_ACCOUNT]) {
		rc = sso(ch, &p, out, d);
		if (rc == JD_OK) {
			*found = 1;
			out->source = xasprintf("profile '%s' via sso", name);
		}
		goto out;
	}
	/* botocore: a key id without its secret is an error, not "no credentials here" */
	for (int f = 0; f < 2; f++) {
		const struct static_keys *k = f ? &p.conf : &p.cred;

		if (k->k[0] && *k->k[0] && !has_static(k)) {
			rc = diag_set(d, JD_EAUTH, f ? p.conf_path : p.cred_path,
				      "profile '%s' has no aws_secret_access_key beside its "
				      "aws_access_key_id (add it, or set AWS_ACCESS_KEY_ID and "
				      "AWS_SECRET_ACCESS_KEY)", name);
			goto out;
		}
	}
	if (has_static(&p.cred)) {
		*found = 1;
		rc = static_from(&p.cred, "shared-credentials-file", name, p.cred_path, out);
		goto out;
	}
	if (p.v[P_PROCESS]) {
		rc = credential_process_run(p.v[P_PROCESS], name, out, d);
		if (rc == JD_OK) {
			*found = 1;
			out->source = xasprintf("profile '%s' via credential_process", name);
		}
		goto out;
	}
	if (has_static(&p.conf)) {
		*found = 1;
		rc = static_from(&p.conf, "config-file", name, p.conf_path, out);
		goto out;
	}
	if (p.in_cred || p.in_conf)
		tried(ch, "profile '%s': has no aws_access_key_id + aws_secret_access_key, role_arn, "
		      "credential_process or sso settings", name);
	else
		tried(ch, "profile '%s': not in '%s' nor in '%s'", name, p.cred_path, p.conf_path);
out:
	ch->nvisited--;
	profile_free(&p);
	return rc;
}

static enum jd_err chain_run(struct chain *ch, const char *name, struct credentials *out,
			     struct diag *d)
{
	const char *id = getenv_nonempty("AWS_ACCESS_KEY_ID"), *secret = getenv_nonempty("AWS_SECRET_ACCESS_KEY");
	char why[200];
	enum jd_err rc;
	int found = 0;

	if (ch->explicit_profile) {
		tried(ch, "environment: skipped, a profile was given explicitly");
	} else if (id && secret) {
		return from_env(out);
	} else if (id || secret) {
		return diag_set(d, JD_EAUTH, NULL,
				"%s is set but %s is not (set both, or neither to use a profile)",
				id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
				id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
	} else {
		tried(ch, "environment: AWS_ACCESS_KEY_ID is not set");
	}
	if ((rc = resolve_profile(ch, name, 0, &found, out, d)) || found)
		return rc;
	if (container_configured()) {
		rc = container_fetch(&ch->ctx, out, d);
		if (rc == JD_OK)
			out->source = xstrdup("container credentials");
		return rc;
	}
	tried(ch, "container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI are not set");
	if ((rc = imds_fetch(&ch->ctx, out, &found, why, sizeof(why), d)) || found) {
		if (rc == JD_OK)
			out->source = xstrdup("instance metadata (IMDSv2)");
		return rc;
	}
	tried(ch, "instance metadata: %s", why);
	return diag_set(d, JD_EAUTH, NULL,
			"no AWS credentials found; tried, in order: %s (set AWS_ACCESS_KEY_ID and "
			"AWS_SECRET_ACCESS_KEY, or configure profile '%s', see README "
			"\"Credentials\")", ch->tried.data, name);
}

enum jd_err credentials_load(struct credentials *out, const struct credentials_options *o,
			     struct diag *d)
{
	const char *given = o ? o->profile : NULL;
	struct chain ch = { 0 };
	char *region = NULL;
	enum jd_err rc;

	memset(out, 0, sizeof(*out));
	ch.explicit_profile = given && *given;
	ch.ctx.ca = o ? o->ca : NULL;
	buf_init(&ch.tried, 4096);
	{
		/* the STS region: AWS_REGION, AWS_DEFAULT_REGION, else the selected profile's */
		char *where = NULL;

		if (!getenv_nonempty("AWS_REGION") && !getenv_nonempty("AWS_DEFAULT_REGION") &&
		    aws_profile_value(given, "region", &region, &where, d) == JD_OK)
			ch.ctx.region = region;
		else
			ch.ctx.region = getenv_nonempty("AWS_REGION") ? getenv_nonempty("AWS_REGION")
							       : getenv_nonempty("AWS_DEFAULT_REGION");
		free(where);
	}
	rc = chain_run(&ch, profile_name(given), out, d);
	buf_release(&ch.tried);
	free(region);
	if (rc) {
		credentials_free(out);
		return rc;
	}
	/* the selected profile's region, whichever source gave the keys (botocore's rule) */
	if (!out->region) {
		char *where = NULL;

		if (aws_profile_value(given, "region", &out->region, &where, d) != JD_OK)
			out->region = NULL;
		free(where);
	}
	out->profile = ch.explicit_profile ? xstrdup(given) : NULL;
	out->ca = ch.ctx.ca;
	return JD_OK;
}

enum jd_err credentials_refresh(struct credentials *c, struct diag *d)
{
	time_t now = time(NULL), ahead = REFRESH_AHEAD;
	struct credentials_options o = { c->profile, c->ca };
	struct credentials fresh;
	enum jd_err rc;

	if (!c->expires)
		return JD_OK;
	if (c->expires - c->issued < 2 * REFRESH_AHEAD)
		ahead = (c->expires - c->issued) / 2;
	if (now < c->expires - ahead)
		return JD_OK;
	if ((rc = credentials_load(&fresh, &o, d)))
		return rc;
	credentials_free(c);
	*c = fresh;
	return JD_OK;
}
