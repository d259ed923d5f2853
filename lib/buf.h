/*
 * buf.h - the one growable byte buffer used everywhere in jamdeploy.
 *
 * A struct buf owns a heap block holding `len` bytes followed by a NUL that
 * is not counted in `len`.  Rules, in the spirit of git's strbuf:
 *
 *   - After buf_init() `data` is never NULL: an empty buffer points at a
 *     shared static "" so callers may print or compare it without checks.
 *   - The bytes may contain NULs; `len` is the truth, the trailing NUL is a
 *     convenience for C string functions.
 *   - Every buffer has a maximum size given at init (like curl's dynbuf).
 *     An append that would pass it fails with JD_ELIMIT and leaves the
 *     buffer unchanged, so untrusted input can never make us allocate
 *     without bound.
 *   - Ownership leaves the buffer only through buf_detach(), which hands
 *     the block to the caller (free() it) and re-initialises the buffer.
 *
 * Running out of memory aborts (see xmalloc in alloc.h): every caller would
 * do the same, and it keeps error paths about input, not about malloc.
 */
#ifndef JD_BUF_H
#define JD_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define BUF_MAX_DEFAULT ((size_t)1 << 31) /* 2 GiB: larger than any file we accept */

struct buf {
	char *data;
	size_t len;
	size_t cap; /* 0 while data points at the shared empty string */
	size_t max;
};

#define BUF_INIT { buf_empty, 0, 0, BUF_MAX_DEFAULT }
extern char buf_empty[1];

/* Make an empty buffer that refuses to grow past `max` bytes. */
void buf_init(struct buf *b, size_t max);

/* Free the storage and leave an empty, still usable buffer. */
void buf_release(struct buf *b);

/* Forget the contents but keep the storage for reuse. */
void buf_reset(struct buf *b);

/* Make room for `extra` more bytes.  Returns 0, or JD_ELIMIT (nothing changed). */
int buf_grow(struct buf *b, size_t extra);

/* Append; each returns 0 or JD_ELIMIT with the buffer unchanged. */
int buf_add(struct buf *b, const void *data, size_t len);
int buf_addstr(struct buf *b, const char *s);
int buf_addch(struct buf *b, int c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* Cut the contents to `len` bytes (len <= b->len). */
void buf_truncate(struct buf *b, size_t len);

/*
 * Hand the heap block to the caller, who must free() it; the buffer is
 * left empty.  Never returns NULL (an empty buffer yields a fresh "").
 * `len` may be NULL.
 */
char *buf_detach(struct buf *b, size_t *len);

/*
 * Append `s` with & < > " ' and CR as character references, so it can sit in
 * HTML or XML text or in a quoted attribute of either (&#39; and &#13; are
 * understood by both, where &apos; is not HTML 4's).
 */
void buf_add_markup_escaped(struct buf *b, const char *s);

#endif
