/*
 * die.h - the two ways jamdeploy stops without returning: no memory, and a
 * bug of its own.
 *
 * Everything else is an error code and a struct diag (err.h).  These two
 * are not: no caller could do anything better than stop, and carrying
 * "malloc failed" through every path would hide the errors that matter,
 * the ones about the input.  Both print one line to stderr and abort(), so
 * a core dump or a debugger shows where.
 *
 * The bottom of lib/: this file depends on the C library alone, so the
 * allocator (alloc.h), the buffer (buf.h) and third-party callbacks can all
 * call it.
 */
#ifndef JD_DIE_H
#define JD_DIE_H

#include <stddef.h>

/*
 * "jamdeploy: out of memory (WHAT)" and abort: WHAT names the allocation
 * that failed, e.g. "allocating 4096 bytes" or "curl_easy_init".
 */
_Noreturn void die_oom(const char *what);

/* die_oom("allocating N bytes"): what xmalloc and its kin say. */
_Noreturn void die_oom_bytes(size_t bytes);

/*
 * "jamdeploy: internal error: MSG" and abort, for a broken invariant of our
 * own (a fixed table full, a state that cannot happen), never for input.
 */
_Noreturn void die_internal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
