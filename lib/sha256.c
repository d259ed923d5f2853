/*
 * sha256.c - SHA-256 (and MD5, for S3 ETags) through OpenSSL's EVP
 * interface (see sha256.h).
 *
 * Files are streamed, never read whole: a site may ship a 100 MiB video.
 */
#include "lib/sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <string.h>
#include <unistd.h>

#include "lib/die.h"
#include "lib/hex.h"
#include "lib/banned.h"

void sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;

	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	hex_encode(md, sizeof(md), out);
}

void md5_hex(const void *data, size_t len, char out[33])
{
	unsigned char md[16];
	unsigned int mdlen = 0;

	EVP_Digest(data, len, md, &mdlen, EVP_md5(), NULL);
	hex_encode(md, sizeof(md), out);
}

/* The digest `type` of a file as hex (out: 2 * its size + 1 bytes). */
static enum jd_err digest_file(const char *path, const EVP_MD *type, char *out, struct diag *d)
{
	unsigned char chunk[1 << 16], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return diag_set(d, JD_EIO, path, "cannot read '%s': %s", path, strerror(errno));
	ctx = EVP_MD_CTX_new();
	if (!ctx) {
		close(fd);
		die_oom("EVP_MD_CTX_new");
	}
	EVP_DigestInit_ex(ctx, type, NULL);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			EVP_MD_CTX_free(ctx);
			close(fd);
			return diag_set(d, JD_EIO, path, "cannot read '%s': %s", path, strerror(e));
		}
		EVP_DigestUpdate(ctx, chunk, (size_t)n);
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	close(fd);
	hex_encode(md, mdlen, out);
	return JD_OK;
}

enum jd_err sha256_file(const char *path, char out[65], struct diag *d)
{
	return digest_file(path, EVP_sha256(), out, d);
}

enum jd_err md5_file(const char *path, char out[33], struct diag *d)
{
	return digest_file(path, EVP_md5(), out, d);
}

