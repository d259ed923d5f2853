/*
 * test_github.c - GitHub Actions' workflow-command syntax (lib/github.h):
 * escaping of messages and properties, the order and separators of an
 * annotation's properties, the multi-line form of a step output, and
 * appending to the file an environment variable names.  The commands that
 * use them are tested end to end by tests/integration/check_github.sh and
 * push_github.sh.
 */
#include <stdlib.h>
#include <unistd.h>

#include "lib/github.h"
#include "lib/util.h"
#include "test.h"

static char *annotation(const char *level, const char *file, long line, const char *title, const char *msg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	github_annotation(fp, level, file, line, title, msg);
	fclose(fp);
	return text;
}

int main(void)
{
	struct buf b = BUF_INIT;
	struct diag d;
	char *s, path[] = "/tmp/jd-github-XXXXXX";
	int fd;

	github_escape(&b, "50% a:b,c\r\nd", 0);
	CHECK_STR("a message escapes %, CR and LF only", b.data, "50%25 a:b,c%0D%0Ad");
	buf_reset(&b);
	github_escape(&b, "a:b,c%", 1);
	CHECK_STR("a property escapes : and , too", b.data, "a%3Ab%2Cc%25");
	buf_reset(&b);

	s = annotation("error", "site/a,b.js", 3, "t: x", "line1\nline2");
	CHECK_STR("file, line, title, message", s, "::error file=site/a%2Cb.js,line=3,title=t%3A x::line1%0Aline2\n");
	free(s);
	s = annotation("warning", NULL, 7, "only title", "m");
	CHECK_STR("no file: no line either", s, "::warning title=only title::m\n");
	free(s);
	s = annotation("error", "f", 0, NULL, "m");
	CHECK_STR("no title", s, "::error file=f::m\n");
	free(s);

	github_output(&b, "uploaded", "3");
	CHECK_STR("a one-line output", b.data, "uploaded=3\n");
	buf_reset(&b);
	github_output(&b, "x", "a\nJAMDEPLOY_EOF_0\nb");
	CHECK_STR("a multi-line output uses a delimiter it does not contain", b.data,
		  "x<<JAMDEPLOY_EOF_1\na\nJAMDEPLOY_EOF_0\nb\nJAMDEPLOY_EOF_1\n");
	buf_release(&b);

	fd = mkstemp(path);
	CHECK("temp file", fd >= 0);
	if (fd >= 0)
		close(fd);
	setenv("JD_TEST_GH_FILE", path, 1);
	diag_clear(&d);
	CHECK("append once", github_append_file("JD_TEST_GH_FILE", "a=1\n", &d) == JD_OK);
	CHECK("append twice", github_append_file("JD_TEST_GH_FILE", "b=2\n", &d) == JD_OK);
	{
		struct buf text = BUF_INIT;
		CHECK("read back", read_file(path, &text, &d) == JD_OK);
		CHECK_STR("appending keeps what was there", text.data, "a=1\nb=2\n");
		buf_release(&text);
	}
	unsetenv("JD_TEST_GH_FILE");
	CHECK("an unset variable writes nothing", github_append_file("JD_TEST_GH_FILE", "x", &d) == JD_OK);
	setenv("JD_TEST_GH_FILE", "/nonexistent-dir/x", 1);
	CHECK("an unwritable file is JD_EIO naming it",
	      github_append_file("JD_TEST_GH_FILE", "x", &d) == JD_EIO && strstr(d.msg, "/nonexistent-dir/x"));
	unlink(path);
	TEST_DONE();
}
