/*
 * alloc.h - allocation that cannot fail, and the one macro that grows
 * typed arrays.
 *
 * x*alloc stop with die_oom_bytes() when memory runs out: no caller could
 * do better, and it keeps error handling about the input.  ARRAY_GROW is
 * the one place typed arrays grow (git's ALLOC_GROW): it checks the
 * multiplication for overflow before it reallocates.
 *
 * Layering in lib/ (each file uses only those before it):
 *
 *     die.c  <-  alloc.c  <-  buf.c  <-  util.c, err.c, ...
 *
 * so the buffer never calls back into util.c.  xasprintf, which formats
 * through a struct buf, is in util.h for that reason.
 */
#ifndef JD_ALLOC_H
#define JD_ALLOC_H

#include <stddef.h>

#include "die.h"

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Ensure `arr` (with capacity `cap`) can hold `need` elements. */
#define ARRAY_GROW(arr, need, cap)                                                   \
	do {                                                                         \
		if ((size_t)(need) > (cap)) {                                        \
			size_t grow_to_ = (cap) < 16 ? 16 : (cap) * 2;               \
			if (grow_to_ < (size_t)(need))                               \
				grow_to_ = (size_t)(need);                           \
			(arr) = xreallocarray((arr), grow_to_, sizeof(*(arr)));      \
			(cap) = grow_to_;                                            \
		}                                                                    \
	} while (0)

#endif
