/*
 * die.c - stop on no memory or on a bug of our own; see die.h.
 *
 * Depends on the C library alone: it must work when nothing can be
 * allocated, so it formats straight to stderr, not into a struct buf.
 */
#include "die.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "banned.h"

void die_oom(const char *what)
{
	fprintf(stderr, "jamdeploy: out of memory (%s)\n", what);
	abort();
}

void die_oom_bytes(size_t bytes)
{
	fprintf(stderr, "jamdeploy: out of memory (allocating %zu bytes)\n", bytes);
	abort();
}

void die_internal(const char *fmt, ...)
{
	va_list ap;

	fputs("jamdeploy: internal error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
