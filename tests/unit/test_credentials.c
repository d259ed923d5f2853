/*
 * test_credentials.c - where AWS credentials are found, and that no secret
 * ever reaches a message.  Each case sets the environment and writes the
 * two shared files into a private temporary folder, so the developer's own
 * ~/.aws is never read.
 */
#include <unistd.h>

#include "lib/util.h"
#include "tests/unit/test.h"
#include "upload/credentials.h"

static char dir[] = "/tmp/jd-cred-XXXXXX";
static char cred_path[600], conf_path[600];

static void reset_env(void)
{
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	unsetenv("AWS_SESSION_TOKEN");
	unsetenv("AWS_PROFILE");
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1); /* never ask a real metadata service */
	setenv("AWS_SHARED_CREDENTIALS_FILE", cred_path, 1);
	setenv("AWS_CONFIG_FILE", conf_path, 1);
	unlink(cred_path);
	unlink(conf_path);
}

static void put(const char *path, const char *text)
{
	struct diag d;

	write_file_atomic(path, text, strlen(text), &d);
}

static int secret_free(const struct diag *d, const char *secret)
{
	return !strstr(d->msg, secret) && !strstr(d->file, secret);
}

int main(void)
{
	struct credentials c;
	struct diag d;
	enum jd_err rc;

	if (!mkdtemp(dir)) {
		printf("not ok - mkdtemp\n");
		return 1;
	}
	snprintf(cred_path, sizeof(cred_path), "%s/credentials", dir);
	snprintf(conf_path, sizeof(conf_path), "%s/config", dir);

	reset_env();
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "envSecret", 1);
	setenv("AWS_SESSION_TOKEN", "envToken", 1);
	put(cred_path, "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = fileSecret\n");
	rc = credentials_load(&c, NULL, &d);
	CHECK("environment keys win over the credentials file",
	      rc == JD_OK && !strcmp(c.access_key_id, "AKIDENV") &&
		      !strcmp(c.secret_access_key, "envSecret"));
	CHECK("AWS_SESSION_TOKEN is picked up", rc == JD_OK && c.session_token &&
						       !strcmp(c.session_token, "envToken"));
	CHECK_STR("source says environment", rc == JD_OK ? c.source : "", "environment");
	credentials_free(&c);

	reset_env();
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	rc = credentials_load(&c, NULL, &d);
	CHECK("key id without secret is refused with what to set",
	      rc == JD_EAUTH && strstr(d.msg, "AWS_SECRET_ACCESS_KEY"));

	reset_env();
	put(cred_path, "# comment\n; other comment\n[other]\naws_access_key_id=AKIDOTHER\n"
		       "aws_secret_access_key=otherSecret\n\n  [ default ]  \n"
		       "  aws_access_key_id   =   AKIDDEF  \naws_secret_access_key=defSecret/+=\n"
		       "aws_session_token = defToken\n");
	rc = credentials_load(&c, NULL, &d);
	CHECK("the default profile of the credentials file, spaces and comments allowed",
	      rc == JD_OK && !strcmp(c.access_key_id, "AKIDDEF") &&
		      !strcmp(c.secret_access_key, "defSecret/+=") && c.session_token &&
		      !strcmp(c.session_token, "defToken"));
	CHECK("source names the profile and file, not the keys",
	      rc == JD_OK && strstr(c.source, "'default'") && strstr(c.source, cred_path) &&
		      !strstr(c.source, "defSecret"));
	credentials_free(&c);

	reset_env();
	setenv("AWS_PROFILE", "ci", 1);
	put(cred_path, "[default]\naws_access_key_id=AKIDDEF\naws_secret_access_key=defSecret\n"
		       "[ci]\naws_access_key_id=AKIDCI\naws_secret_access_key=ciSecret\n");
	put(conf_path, "[default]\nregion = us-west-2\n[profile ci]\nregion = eu-central-1\n");
	rc = credentials_load(&c, NULL, &d);
	CHECK("AWS_PROFILE picks the profile",
	      rc == JD_OK && !strcmp(c.access_key_id, "AKIDCI") && !c.session_token);
	CHECK("the profile's region comes from '[profile ci]' in the config file",
	      rc == JD_OK && c.region && !strcmp(c.region, "eu-central-1"));
	credentials_free(&c);

	reset_env();
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "envSecret", 1);
	put(cred_path, "[ci]\naws_access_key_id=AKIDCI\naws_secret_access_key=ciSecret\n");
	put(conf_path, "[default]\nregion = us-west-2\n[profile ci]\nregion = eu-central-1\n");
	rc = credentials_load(&c, &(struct credentials_options){ "ci", NULL }, &d);
	CHECK("an explicit profile (--profile) skips the environment's keys",
	      rc == JD_OK && !strcmp(c.access_key_id, "AKIDCI") && !strcmp(c.method, "shared-credentials-file"));
	CHECK("and its region is the profile's", rc == JD_OK && c.region && !strcmp(c.region, "eu-central-1"));
	credentials_free(&c);
	rc = credentials_load(&c, NULL, &d);
	CHECK("keys from the environment still get the selected profile's region",
	      rc == JD_OK && !strcmp(c.method, "env") && c.region && !strcmp(c.region, "us-west-2"));
	credentials_free(&c);

	reset_env();
	setenv("AWS_PROFILE", "cfgonly", 1);
	put(conf_path, "[profile cfgonly]\naws_access_key_id=AKIDCFG\naws_secret_access_key=cfgSecret\n");
	rc = credentials_load(&c, NULL, &d);
	CHECK("keys may live in the config file alone",
	      rc == JD_OK && !strcmp(c.access_key_id, "AKIDCFG") && strstr(c.source, conf_path));
	credentials_free(&c);

	reset_env();
	setenv("AWS_PROFILE", "missing", 1);
	put(cred_path, "[default]\naws_access_key_id=AKIDDEF\naws_secret_access_key=defSecret\n");
	rc = credentials_load(&c, NULL, &d);
	CHECK("a missing profile is JD_EAUTH", rc == JD_EAUTH);
	CHECK("the message says what to set and names the profile",
	      strstr(d.msg, "AWS_ACCESS_KEY_ID") && strstr(d.msg, "'missing'"));
	CHECK("the message holds no secret", secret_free(&d, "defSecret"));

	reset_env();
	put(cred_path, "[default]\naws_access_key_id=AKIDDEF\n");
	rc = credentials_load(&c, NULL, &d);
	CHECK("a profile without a secret names the missing key",
	      rc == JD_EAUTH && strstr(d.msg, "aws_secret_access_key"));

	reset_env();
	rc = credentials_load(&c, NULL, &d);
	CHECK("no credentials anywhere: JD_EAUTH saying what to set",
	      rc == JD_EAUTH && strstr(d.msg, "AWS_ACCESS_KEY_ID") &&
		      strstr(d.msg, "AWS_SECRET_ACCESS_KEY"));

	/* aws_profile_value: settings that are not credentials (ca_bundle) */
	char *value, *where;

	reset_env();
	setenv("AWS_PROFILE", "ci", 1);
	put(conf_path, "[default]\nca_bundle = /default.pem\n[profile ci]\nca_bundle = /ci.pem\n");
	rc = aws_profile_value(NULL, "ca_bundle", &value, &where, &d);
	CHECK("aws_profile_value reads the selected profile of the config file",
	      rc == JD_OK && value && !strcmp(value, "/ci.pem") && strstr(where, "profile 'ci'") &&
		      strstr(where, conf_path));
	free(value);
	free(where);

	reset_env();
	put(cred_path, "[default]\nca_bundle = /cred.pem\n");
	put(conf_path, "[default]\nca_bundle = /conf.pem\n");
	rc = aws_profile_value(NULL, "ca_bundle", &value, &where, &d);
	CHECK("aws_profile_value: the credentials file wins, as for keys",
	      rc == JD_OK && value && !strcmp(value, "/cred.pem") && strstr(where, cred_path));
	free(value);
	free(where);

	reset_env();
	setenv("AWS_PROFILE", "other", 1);
	put(conf_path, "[default]\nca_bundle = /default.pem\n");
	rc = aws_profile_value(NULL, "ca_bundle", &value, &where, &d);
	CHECK("aws_profile_value: a profile without the key gives NULL, not another profile's",
	      rc == JD_OK && !value && !where);

	reset_env();
	rmdir(dir);
	TEST_DONE();
}
