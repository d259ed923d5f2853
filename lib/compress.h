/*
 * compress.h - gzip and brotli, for precompressed uploads and size budgets.
 *
 * Output is deterministic (no timestamp in the gzip header) so that the
 * same input always hashes the same and re-builds are byte-identical.
 */
#ifndef JD_COMPRESS_H
#define JD_COMPRESS_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Append the gzip (RFC 1952) encoding of in[0..len) at maximum level to out. */
enum jd_err compress_gzip(const void *in, size_t len, struct buf *out);

/* Append the brotli encoding (quality 11, window 22) to out. */
enum jd_err compress_brotli(const void *in, size_t len, struct buf *out);

/* "gzip" or "br" to the matching function; JD_EUNSUPPORTED for anything else. */
enum jd_err compress_named(const char *encoding, const void *in, size_t len, struct buf *out);

#endif
