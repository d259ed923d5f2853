/*
 * github.h - GitHub Actions' workflow commands and environment files.
 *
 * Under GitHub Actions (GITHUB_ACTIONS=true) a step talks to the runner in
 * two ways: workflow commands printed on stdout or stderr
 * ("::error file=F,line=N,title=T::MESSAGE"), and files named by
 * environment variables that the step appends to ($GITHUB_STEP_SUMMARY:
 * markdown shown on the run's page; $GITHUB_OUTPUT: "name=value" lines
 * later steps read as outputs).  check, diff and push all use these; this
 * is the one place that knows their syntax and escaping.
 *
 * It lives in lib/ rather than cmd/ because check/report.c (a module, which
 * may not reach up into the commands) renders check's annotations with it.
 */
#ifndef JD_GITHUB_H
#define JD_GITHUB_H

#include <stdio.h>

#include "lib/buf.h"
#include "lib/err.h"

/* GITHUB_ACTIONS is "true": the runner reads workflow commands and the files below. */
int github_actions(void);

/*
 * Append `s` escaped for a workflow command: '%', CR and LF always become
 * %25, %0D, %0A (the runner would end the command at a newline); with
 * `property` also ':' and ',' (%3A, %2C), which separate properties.
 */
void github_escape(struct buf *out, const char *s, int property);

/*
 * Print one annotation: "::LEVEL file=FILE,line=LINE,title=TITLE::MESSAGE"
 * and a newline on `fp`, every part escaped; `file` and `title` may be
 * NULL, `line` <= 0 (or no file) leaves the line out.  LEVEL is "error",
 * "warning" or "notice".
 */
void github_annotation(FILE *fp, const char *level, const char *file, long line, const char *title,
		       const char *message);

/*
 * Add the step output `name` = `value` to `out` in $GITHUB_OUTPUT's
 * syntax: "name=value\n", or, for a value holding a newline, the
 * "name<<DELIMITER" form with a delimiter the value does not contain.
 */
void github_output(struct buf *out, const char *name, const char *value);

/*
 * Append `text` to the file named by environment variable `var`
 * (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT), nothing when it is unset or empty.
 * Appending keeps what earlier steps wrote.  JD_EIO naming the file when it
 * cannot be opened or written.
 */
enum jd_err github_append_file(const char *var, const char *text, struct diag *d);

#endif
