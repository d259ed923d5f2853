/*
 * test_redact.c - credentials in URLs never reach a message (lib/redact.h):
 * redact_secrets() on text as messages quote URLs, and diag_set(), which
 * every error passes through (issue 15 item 9: an endpoint's password was
 * printed by "has no usable host").
 */
#include "lib/redact.h"
#include "lib/util.h"
#include "tests/unit/test.h"

static const struct {
	const char *name, *in, *want;
} cases[] = {
	{ "userinfo in a quoted URL",
	  "endpoint 'http://user:hunter2@127.0.0.1:9/' has no usable host",
	  "endpoint 'http://REDACTED@127.0.0.1:9/' has no usable host" },
	{ "userinfo up to the end of the text", "https://u:p@host", "https://REDACTED@host" },
	{ "a password with '@' is masked up to the last '@'",
	  "'https://u:p@ss@host:9000/x'", "'https://REDACTED@host:9000/x'" },
	{ "a token alone as userinfo", "ftp://tok3n@h/", "ftp://REDACTED@h/" },
	{ "userinfo without a scheme", "endpoint 'user:hunter2@host:9000' must start with https://",
	  "endpoint 'REDACTED@host:9000' must start with https://" },
	{ "a word after '=' is masked whole: a password may hold '='", "endpoint=admin:p=w@h",
	  "REDACTED@h" },
	{ "a password with a quote", "'user:pa'ss@host'", "'REDACTED@host'" },
	{ "an e-mail address stays", "mail ops@example.com (or git@github.com:o/r)",
	  "mail ops@example.com (or git@github.com:o/r)" },
	{ "an '@' in a URL's path stays", "https://h/a:b@c/@d", "https://h/a:b@c/@d" },
	{ "presigned query values",
	  "GET https://b.s3.amazonaws.com/k?X-Amz-Credential=AKID%2F2024&X-Amz-Signature=abc123&"
	  "x-amz-security-token=TOK+/=&partNumber=3 -> 200",
	  "GET https://b.s3.amazonaws.com/k?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&"
	  "x-amz-security-token=REDACTED&partNumber=3 -> 200" },
	{ "old-style presigned query, value ends at a quote",
	  "'http://h/k?AWSAccessKeyId=AKID&Signature=s1g#f'",
	  "'http://h/k?AWSAccessKeyId=REDACTED&Signature=REDACTED#f'" },
	{ "a longer name ending in a secret name is not a secret", "my_signature=x&xsignature=y",
	  "my_signature=x&xsignature=y" },
	{ "S3's error codes stay", "HTTP 403 SignatureDoesNotMatch: check the credentials",
	  "HTTP 403 SignatureDoesNotMatch: check the credentials" },
	{ "positions and file names stay", "public/a.js:3:7: unexpected '@' after ':'",
	  "public/a.js:3:7: unexpected '@' after ':'" },
	{ "s3:// and file:/// targets stay", "s3://bucket/p file:///srv/www",
	  "s3://bucket/p file:///srv/www" },
	{ "two URLs in one message", "from 'http://a:1@x' to 'http://b:2@y/'",
	  "from 'http://REDACTED@x' to 'http://REDACTED@y/'" },
	{ "empty text", "", "" },
};

static void text_cases(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf out = BUF_INIT, again = BUF_INIT;

		redact_secrets(cases[i].in, &out);
		CHECK_STR(cases[i].name, out.data, cases[i].want);
		redact_secrets(out.data, &again);
		CHECK_STR("masking twice changes nothing", again.data, out.data);
		buf_release(&out);
		buf_release(&again);
	}
}

static void diag_cases(void)
{
	struct diag d;
	struct buf pad = BUF_INIT;
	char copy[sizeof(d.msg)];

	diag_clear(&d);
	diag_set(&d, JD_ENET, "http://u:hunter2@127.0.0.1:1/purge",
		 "purge: cannot reach '%s' after %d attempts", "http://u:hunter2@127.0.0.1:1/purge", 5);
	CHECK("diag_set masks the message", !strstr(d.msg, "hunter2") && strstr(d.msg, "REDACTED@"));
	CHECK_STR("diag_set masks the file", d.file, "http://REDACTED@127.0.0.1:1/purge");

	/* the '@' falls past the end of d.msg: masking before cutting still finds it */
	for (size_t i = 0; i < sizeof(d.msg) - 20; i++)
		buf_addch(&pad, 'x');
	diag_set(&d, JD_EUSAGE, NULL, "%s 'https://user:hunter2hunter2hunter2@host'", pad.data);
	CHECK("a password cut by the message's size is masked", !strstr(d.msg, "hunter2"));
	CHECK("the message is cut to its size", strlen(d.msg) == sizeof(d.msg) - 1);

	/* arguments that point into the diag itself */
	diag_set(&d, JD_ECONFIG, "cfg.yml", "endpoint 'https://a:hunter2@h' is wrong");
	snprintf(copy, sizeof(copy), "%s", d.msg);
	diag_set(&d, JD_ECONFIG, d.file, "%s (again)", d.msg);
	CHECK_STR("diag_set may format its own message", d.msg,
		  "endpoint 'https://REDACTED@h' is wrong (again)");
	CHECK_STR("diag_set may be given its own file", d.file, "cfg.yml");

	snprintf(d.msg, sizeof(d.msg), "appended: http://u:hunter2@h/");
	redact_in_place(d.msg, sizeof(d.msg));
	CHECK_STR("redact_in_place masks text written directly", d.msg, "appended: http://REDACTED@h/");
	snprintf(copy, sizeof(copy), "u:p@h");
	redact_in_place(copy, 8);
	CHECK_STR("redact_in_place cuts to the buffer", copy, "REDACTE");
	buf_release(&pad);
}

int main(void)
{
	text_cases();
	diag_cases();
	TEST_DONE();
}
