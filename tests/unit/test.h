/*
 * test.h - the smallest useful unit-test harness.
 *
 * Each check prints one "ok - NAME" or "not ok - NAME: detail" line; the
 * tests/run script counts them across every test program and script, so a
 * unit test is a plain main() that calls CHECK* and ends with TEST_DONE().
 * The exit status is non-zero when any check failed.  A check that cannot
 * run here is SKIP(name, why): "ok - NAME # skip WHY" (TAP), which tests/run
 * counts as skipped, not passed.
 */
#ifndef JD_TEST_H
#define JD_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

static int test_failures;

#define CHECK(name, cond)                                                                  \
	do {                                                                               \
		if (cond) {                                                                \
			printf("ok - %s\n", (name));                                       \
		} else {                                                                   \
			printf("not ok - %s: %s (%s:%d)\n", (name), #cond, __FILE__, __LINE__); \
			test_failures++;                                                   \
		}                                                                          \
	} while (0)

#define CHECK_STR(name, got, want)                                                         \
	do {                                                                               \
		const char *got_ = (got), *want_ = (want);                                 \
		if (got_ && want_ && strcmp(got_, want_) == 0) {                           \
			printf("ok - %s\n", (name));                                       \
		} else {                                                                   \
			printf("not ok - %s: got \"%s\", want \"%s\" (%s:%d)\n", (name),  \
			       got_ ? got_ : "(null)", want_ ? want_ : "(null)", __FILE__, __LINE__); \
			test_failures++;                                                   \
		}                                                                          \
	} while (0)

/* A check that cannot run here (no server, no tool): counted as skipped, not passed. */
#define SKIP(name, why) printf("ok - %s # skip %s\n", (name), (why))

#define TEST_DONE() return test_failures ? 1 : 0

/*
 * Cases as data (the .test files of tests/rewrite): split `text` in place into groups
 * of lines separated by blank lines and call fn per group (at most 16
 * lines a group); returns the number of groups.
 */
static inline size_t test_for_each_case(char *text, void (*fn)(char **lines, size_t n))
{
	char *lines[16];
	size_t nl = 0, groups = 0;

	for (char *p = text; p;) {
		char *e = strchr(p, '\n');
		if (e)
			*e = '\0';
		if (*p == '\0' || !e) {
			if (*p && nl < 16)
				lines[nl++] = p;
			if (nl) {
				fn(lines, nl);
				groups++;
			}
			nl = 0;
		} else if (nl < 16) {
			lines[nl++] = p;
		}
		p = e ? e + 1 : NULL;
	}
	return groups;
}

/*
 * Read the case file argv[1], else $JD_TOP/DEFAULT_PATH, and give each
 * case to fn (test_for_each_case).  Returns the number of cases, or 0
 * after a "not ok" line when the file cannot be read.
 */
static inline size_t test_run_case_file(int argc, char **argv, const char *default_path,
					void (*fn)(char **lines, size_t n))
{
	const char *top = getenv("JD_TOP");
	char *path = argc > 1 ? xstrdup(argv[1]) : xasprintf("%s/%s", top ? top : ".", default_path);
	struct buf text = BUF_INIT;
	struct diag d;
	size_t n = 0;

	if (read_file(path, &text, &d)) {
		printf("not ok - read %s: %s\n", path, d.msg);
		test_failures++;
	} else {
		n = test_for_each_case(text.data, fn);
	}
	buf_release(&text);
	free(path);
	return n;
}

#endif
