/*
 * utf8.h - telling well-formed UTF-8 from bytes that only look like text.
 *
 * Keys are UTF-8 everywhere they go: S3 keys, URLs, the manifest and every
 * --json document (jansson refuses anything else).  File names on a Unix
 * disk are bytes, so a name from a Latin-1 system can reach us; these
 * functions find such names and show them in messages without passing the
 * bad bytes on.
 *
 * "Well-formed" is RFC 3629: no stray continuation bytes, no overlong
 * forms, no surrogates (U+D800..U+DFFF), nothing beyond U+10FFFF.  The same
 * rule as jansson's and as manifests/manifest_read.c's, which uses
 * utf8_seq_len.
 */
#ifndef JD_UTF8_H
#define JD_UTF8_H

#include <stddef.h>

/*
 * The length (1 to 4) of the well-formed UTF-8 sequence that starts at p,
 * or 0 when the bytes there are not one (or it would run past `end`).
 * p < end.  NUL is a one-byte sequence like any ASCII byte.
 */
size_t utf8_seq_len(const unsigned char *p, const unsigned char *end);

/*
 * Write code point cp (at most U+10FFFF) as UTF-8 into out; returns the
 * number of bytes, 1 to 4.  The one encoder of the tree: the HTML, CSS and
 * JavaScript tokenizers and the manifest reader decode escapes with it.
 */
size_t utf8_encode(unsigned long cp, char out[4]);

/* Append code point cp as UTF-8 to `b`; buf_add's result (non-zero past the buffer's maximum). */
struct buf;
int buf_add_utf8(struct buf *b, unsigned long cp);

/* True when the NUL-terminated `s` is well-formed UTF-8 throughout. */
int utf8_valid(const char *s);

/*
 * A copy of `s` fit for a message: every byte that is not part of a
 * well-formed sequence is written as the four characters "\xNN" (upper
 * case hex), so "caf\xE9.txt" names a Latin-1 "café.txt".  Valid text is
 * copied as it is.  The caller frees the result.
 */
char *utf8_escape(const char *s);

/*
 * Like utf8_escape, but a string over `max` bytes keeps only its start
 * and its end, joined by "...", each cut at a character boundary: for
 * naming a 1,100-byte key in a message that holds 1,024.  The caller
 * frees the result.
 */
char *utf8_abbrev(const char *s, size_t max);

#endif
