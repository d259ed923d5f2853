/*
 * sha256.h - SHA-256 digests as the 64 lowercase hex digits every name,
 * manifest and cache of jamdeploy uses.
 */
#ifndef JD_SHA256_H
#define JD_SHA256_H

#include <stddef.h>

#include "lib/err.h"

/* SHA-256 of a memory block as 64 hex digits + NUL. */
void sha256_hex(const void *data, size_t len, char out[65]);

/* SHA-256 of a file, streamed in 64 KiB reads; JD_EIO names the file. */
enum jd_err sha256_file(const char *path, char out[65], struct diag *d);

/*
 * MD5 as 32 hex digits + NUL: not for integrity (sha256 is), only to
 * compare with an S3 ETag, which is the MD5 of a single-part object.
 */
void md5_hex(const void *data, size_t len, char out[33]);
enum jd_err md5_file(const char *path, char out[33], struct diag *d);

#endif
