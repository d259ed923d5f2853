/*
 * test.h - the smallest useful unit-test harness.
 *
 * Each check prints one "ok - NAME" or "not ok - NAME: detail" line; the
 * tests/run script counts them across every test program and script, so a
 * unit test is a plain main() that calls CHECK* and ends with TEST_DONE().
 * The exit status is non-zero when any check failed.
 */
#ifndef JD_TEST_H
#define JD_TEST_H

#include <stdio.h>
#include <string.h>

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

#define TEST_DONE() return test_failures ? 1 : 0

#endif
