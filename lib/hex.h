/*
 * hex.h - lowercase hexadecimal, the spelling of every digest jamdeploy
 * writes (file names, manifests, caches, SigV4 signatures).
 */
#ifndef JD_HEX_H
#define JD_HEX_H

#include <stddef.h>

/*
 * Write the `n` bytes at `in` as 2*n lowercase hex digits and a NUL into
 * `out`, which must hold 2*n + 1 bytes: a SHA-256 digest (32 bytes) gives
 * the 64 digits + NUL of a char[65].
 */
void hex_encode(const unsigned char *in, size_t n, char *out);

/*
 * True when the first `n` bytes of `s` are all lowercase hex digits, as
 * hex_encode writes them.  Reading stops at the first byte that is not one
 * (a NUL included), so a shorter string is safe to pass.
 */
int hex_is_lower(const char *s, size_t n);

/* The value of a hex digit (0-9, a-f, A-F), or -1. */
int hex_digit_value(int c);

#endif
