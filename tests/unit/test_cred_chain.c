/*
 * test_cred_chain.c - the credential chain picks what botocore picks.
 *
 * Each case of tests/credentials/chain.test (format at its top) gives the
 * two shared files, the environment and maybe an explicit profile.  The
 * case is resolved twice in the same environment: by credentials_load and
 * by botocore itself (tests/credentials/botocore_resolve.py under
 * /usr/bin/python3); both answers ("METHOD AKID", "none" or "error") must
 * be equal and match the case's expectation.  Only key ids are compared
 * and printed, never secrets.  Cases that need STS (role chains) run when
 * AWS_ENDPOINT_URL_STS points at the stub, which
 * tests/integration/credentials_botocore.sh arranges; without it they are
 * skipped.  Without botocore every case is skipped.
 */
#include <unistd.h>

#include "lib/util.h"
#include "tests/unit/test.h"
#include "upload/credentials.h"

static const char *const cleared[] = {
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
	"AWS_DEFAULT_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
	"AWS_ROLE_SESSION_NAME", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI", "ACTIONS_ID_TOKEN_REQUEST_URL",
	"ACTIONS_ID_TOKEN_REQUEST_TOKEN", NULL,
};

struct test_case {
	char *name;
	struct buf sect[5]; /* credentials, config, env, profile, expect */
	int sts;
};

static const char *const sect_names[5] = { "credentials", "config", "env", "profile", "expect" };

static char dir[] = "/tmp/jd-chain-XXXXXX";
static const char *top;
static int have_botocore, have_sts;

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

/* Replace @TOP@ in `text` into out. */
static void expand(struct buf *out, const char *text)
{
	for (const char *p = text; *p;) {
		const char *at = strstr(p, "@TOP@");

		if (!at) {
			buf_addstr(out, p);
			break;
		}
		buf_add(out, p, (size_t)(at - p));
		buf_addstr(out, top);
		p = at + 5;
	}
}

static void jamdeploy_answer(const char *profile, char *out, size_t size)
{
	struct credentials_options o = { profile, NULL };
	struct credentials c;
	struct diag d;

	if (credentials_load(&c, &o, &d) == JD_OK)
		snprintf(out, size, "%s %s", c.method, c.access_key_id);
	else
		snprintf(out, size, "%s", strncmp(d.msg, "no AWS credentials found", 24) ? "error" : "none");
	credentials_free(&c);
}

static void botocore_answer(const char *profile, char *out, size_t size)
{
	char *cmd = xasprintf("/usr/bin/python3 '%s/tests/credentials/botocore_resolve.py' '%s'", top,
			      profile);
	FILE *p = popen(cmd, "r");

	out[0] = '\0';
	if (p) {
		if (!fgets(out, (int)size, p))
			out[0] = '\0';
		pclose(p);
	}
	chomp(out);
	/* "error PartialCredentialsError": the kind of error is botocore's own */
	if (!strncmp(out, "error", 5))
		out[5] = '\0';
	free(cmd);
}

static void run_case(struct test_case *t)
{
	char cred[600], conf[600], got[256], boto[256], name[400];
	const char *profile = t->sect[3].len ? t->sect[3].data : "";
	const char *want = t->sect[4].data;
	struct diag d;
	struct buf text = BUF_INIT;

	snprintf(name, sizeof(name), "chain: %s", t->name);
	if (!have_botocore) {
		SKIP(name, "/usr/bin/python3 with botocore is not installed");
		return;
	}
	if (t->sts && !have_sts) {
		SKIP(name, "needs the STS stub (tests/integration/credentials_botocore.sh)");
		return;
	}
	for (int i = 0; cleared[i]; i++)
		unsetenv(cleared[i]);
	snprintf(cred, sizeof(cred), "%s/credentials", dir);
	snprintf(conf, sizeof(conf), "%s/config", dir);
	expand(&text, t->sect[0].data);
	write_file_atomic(cred, text.data, text.len, &d);
	buf_reset(&text);
	expand(&text, t->sect[1].data);
	write_file_atomic(conf, text.data, text.len, &d);
	buf_release(&text);
	for (char *line = t->sect[2].data; *line;) {
		char *nl = strchr(line, '\n'), *eq;

		if (nl)
			*nl = '\0';
		if ((eq = strchr(line, '='))) {
			*eq = '\0';
			setenv(line, eq + 1, 1);
			*eq = '=';
		}
		if (!nl)
			break;
		*nl = '\n';
		line = nl + 1;
	}
	jamdeploy_answer(profile, got, sizeof(got));
	botocore_answer(profile, boto, sizeof(boto));
	if (strcmp(got, boto)) {
		printf("not ok - %s: jamdeploy picks \"%s\", botocore \"%s\"\n", name, got, boto);
		test_failures++;
	} else if (!(strcmp(got, want) == 0 ||
		     (strlen(want) > 2 && !strcmp(want + strlen(want) - 2, " *") &&
		      !strncmp(got, want, strlen(want) - 1)))) {
		printf("not ok - %s: both pick \"%s\", the case expects \"%s\"\n", name, got, want);
		test_failures++;
	} else {
		printf("ok - %s (%s)\n", name, got);
	}
}

int main(int argc, char **argv)
{
	const char *path;
	struct buf text = BUF_INIT;
	struct diag d;
	struct test_case t = { 0 };
	int cur = -1, ncases = 0;
	char *home;

	top = getenv("JD_TOP") ? getenv("JD_TOP") : ".";
	path = argc > 1 ? argv[1] : NULL;
	if (!mkdtemp(dir)) {
		printf("not ok - mkdtemp\n");
		return 1;
	}
	have_botocore = system("/usr/bin/python3 -c 'import botocore' 2>/dev/null") == 0;
	have_sts = getenv("AWS_ENDPOINT_URL_STS") && *getenv("AWS_ENDPOINT_URL_STS");
	/* never the developer's ~/.aws or a real metadata service */
	home = xasprintf("%s/home", dir);
	setenv("HOME", home, 1);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
	setenv("AWS_DEFAULT_REGION", "us-east-1", 1); /* what this botocore reads, not AWS_REGION */
	{
		char *cred = xasprintf("%s/credentials", dir), *conf = xasprintf("%s/config", dir);

		setenv("AWS_SHARED_CREDENTIALS_FILE", cred, 1);
		setenv("AWS_CONFIG_FILE", conf, 1);
		free(cred);
		free(conf);
	}
	{
		char *p = path ? xstrdup(path) : xasprintf("%s/tests/credentials/chain.test", top);

		if (read_file(p, &text, &d)) {
			printf("not ok - read %s: %s\n", p, d.msg);
			free(p);
			return 1;
		}
		free(p);
	}
	for (char *line = text.data; line && *line;) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (!strncmp(line, "== ", 3)) {
			if (t.name) {
				run_case(&t);
				ncases++;
			}
			for (int i = 0; i < 5; i++)
				buf_release(&t.sect[i]);
			t = (struct test_case){ .name = line + 3 };
			for (int i = 0; i < 5; i++)
				buf_init(&t.sect[i], 1 << 16);
			cur = -1;
		} else if (!strncmp(line, "-- ", 3)) {
			cur = -1;
			t.sts |= !strcmp(line + 3, "sts");
			for (int i = 0; i < 5; i++)
				if (!strcmp(line + 3, sect_names[i]))
					cur = i;
		} else if (t.name && cur >= 0 && *line) {
			if (cur >= 3 && t.sect[cur].len)
				buf_addch(&t.sect[cur], ' ');
			buf_addstr(&t.sect[cur], line);
			if (cur < 3)
				buf_addch(&t.sect[cur], '\n');
		}
		line = nl ? nl + 1 : NULL;
	}
	if (t.name) {
		run_case(&t);
		ncases++;
	}
	for (int i = 0; i < 5; i++)
		buf_release(&t.sect[i]);
	CHECK("the case file holds cases", ncases >= 10);
	buf_release(&text);
	free(home);
	TEST_DONE();
}
