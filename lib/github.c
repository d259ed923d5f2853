/*
 * github.c - GitHub Actions' workflow commands and environment files (see
 * github.h).
 *
 * Everything is built in a struct buf and written with one call, so an
 * annotation is one line even when several threads or streams print, and
 * an environment file is appended with one fputs (the runner reads it only
 * after the step ends, but a half-written output line would still be read).
 */
#include "lib/github.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

int github_actions(void)
{
	const char *v = getenv("GITHUB_ACTIONS");

	return v && !strcmp(v, "true");
}

void github_escape(struct buf *out, const char *s, int property)
{
	for (; *s; s++) {
		if (*s == '%')
			buf_addstr(out, "%25");
		else if (*s == '\r')
			buf_addstr(out, "%0D");
		else if (*s == '\n')
			buf_addstr(out, "%0A");
		else if (property && *s == ':')
			buf_addstr(out, "%3A");
		else if (property && *s == ',')
			buf_addstr(out, "%2C");
		else
			buf_addch(out, *s);
	}
}

void github_annotation(FILE *fp, const char *level, const char *file, long line, const char *title,
		       const char *message)
{
	struct buf b = BUF_INIT;
	char sep = ' ';

	buf_printf(&b, "::%s", level);
	if (file) {
		buf_addstr(&b, " file=");
		github_escape(&b, file, 1);
		if (line > 0)
			buf_printf(&b, ",line=%ld", line);
		sep = ',';
	}
	if (title) {
		buf_printf(&b, "%ctitle=", sep);
		github_escape(&b, title, 1);
	}
	buf_addstr(&b, "::");
	github_escape(&b, message, 0);
	buf_addch(&b, '\n');
	fwrite(b.data, 1, b.len, fp);
	fflush(fp);
	buf_release(&b);
}

void github_output(struct buf *out, const char *name, const char *value)
{
	char delim[48];
	unsigned n = 0;

	if (!strchr(value, '\n') && !strchr(value, '\r')) {
		buf_printf(out, "%s=%s\n", name, value);
		return;
	}
	/* The multi-line form ends at a line equal to the delimiter: pick one the value lacks. */
	do
		snprintf(delim, sizeof(delim), "JAMDEPLOY_EOF_%u", n++);
	while (strstr(value, delim));
	buf_printf(out, "%s<<%s\n%s\n%s\n", name, delim, value, delim);
}

enum jd_err github_append_file(const char *var, const char *text, struct diag *d)
{
	const char *path = getenv(var);
	FILE *fp;
	int bad;

	if (!path || !*path)
		return JD_OK;
	if (!(fp = fopen(path, "a")))
		return diag_set(d, JD_EIO, path, "cannot open $%s '%s': %s", var, path, strerror(errno));
	bad = fputs(text, fp) < 0;
	bad |= fclose(fp) != 0;
	if (bad)
		return diag_set(d, JD_EIO, path, "cannot write $%s '%s': %s", var, path, strerror(errno));
	return JD_OK;
}
