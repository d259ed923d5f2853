/*
 * util.h - whole-file I/O, atomic writes and small string helpers, and the
 * one header most of jamdeploy includes: it brings in allocation (alloc.h:
 * x*alloc, ARRAY_GROW), the buffer, hex digits and errors, then banned.h.
 *
 * util.c is built on buf.c and alloc.c and they never call it (alloc.h
 * draws the layering).
 */
#ifndef JD_UTIL_H
#define JD_UTIL_H

/* The system headers that declare banned functions come before banned.h (which includes them too). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "alloc.h"
#include "buf.h"
#include "err.h"
#include "hex.h"

/* A formatted string in a fresh allocation; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Read all of `path` into `out` (appending).  Files over out->max are refused
 * with JD_ELIMIT before anything is read.  Errors are described in `d`.
 */
enum jd_err read_file(const char *path, struct buf *out, struct diag *d);

/* The same from an open file (read to its end, not closed); `shown` names it in messages. */
enum jd_err read_fd(int fd, const char *shown, struct buf *out, struct diag *d);

/*
 * Atomic writes make their temporary beside the destination under this
 * prefix and 8 random characters (".jd-tmp-a8Zq03Lx"): short, so a
 * destination name of up to NAME_MAX bytes can be written, and recognisable,
 * so the directory target can remove what a killed push left (and nothing
 * else).  Sites never ship dotfiles (scan.c), so no key looks like one.
 */
#define ATOMIC_TMP_PREFIX ".jd-tmp-"

/* True when the file name `name` (one component) is an atomic write's temporary. */
int is_atomic_temp(const char *name);

/*
 * Write `len` bytes to `path` atomically: a temporary file in the same
 * directory is written and renamed over `path`, so readers see the old file
 * or the new one, never a half-written one.  Missing parent directories are
 * created.  Not fsync'd (see upload/target_dir.c).
 */
enum jd_err write_file_atomic(const char *path, const void *data, size_t len, struct diag *d);

/* Copy a file atomically (streamed, not held in memory). */
enum jd_err copy_file_atomic(const char *src, const char *dst, struct diag *d);

/*
 * The same relative to the directory `dirfd` (AT_FDCWD: the working
 * directory), creating no directory: `name` is normally one component, so
 * the write lands in that very directory however its path is reached.  The
 * temporary is opened O_EXCL|O_NOFOLLOW and renamed over `name`, which
 * replaces a symlink there rather than writing through it.  `shown` names
 * the destination in messages.  Errors: JD_EIO.
 */
enum jd_err write_file_atomic_at(int dirfd, const char *name, const char *shown, const void *data, size_t len,
				 struct diag *d);
enum jd_err copy_file_atomic_at(const char *src, int dirfd, const char *name, const char *shown,
				struct diag *d);
/*
 * Like write_file_atomic_at, but only when `name` does not exist (O_EXCL's
 * promise, kept with link(2) so that a reader never sees the file half
 * written): an existing one is JD_ECONFLICT and is left as it was.
 */
enum jd_err write_file_exclusive_at(int dirfd, const char *name, const char *shown, const void *data,
				    size_t len, struct diag *d);

/* mkdir -p of the directory part of `path` (everything before the last '/'). */
enum jd_err mkdir_parents(const char *path, struct diag *d);

/* mkdir -p */
enum jd_err mkdir_all(const char *dir, struct diag *d);

/* "a" + "/" + "b", not doubling the slash; caller frees. */
char *path_join(const char *a, const char *b);

/* True when `s` starts / ends with `affix`. */
/* The environment variable `name`, or NULL when it is unset or empty (an empty one counts as unset). */
const char *getenv_nonempty(const char *name);

int starts_with(const char *s, const char *prefix);
int ends_with(const char *s, const char *suffix);

/* Parse a non-negative decimal; returns 0 on success. */
int parse_size_t(const char *s, size_t *out);

/* Number of online CPUs, at least 1. */
int cpu_count(void);

#include "banned.h"

#endif
