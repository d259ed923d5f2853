/*
 * compress.c - one-shot gzip (zlib) and brotli (libbrotlienc) encoders.
 *
 * Both size the output from the library's own worst-case bound first, so
 * each is one allocation and one call.  zlib writes a gzip header with a zero
 * mtime unless told otherwise, which is what makes the output reproducible.
 */
#include "compress.h"

#include <brotli/encode.h>
#include <zlib.h>

#include "util.h"

enum jd_err compress_gzip(const void *in, size_t len, struct buf *out)
{
	z_stream zs;
	uLong bound;
	int zrc;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return JD_EINPUT;
	bound = deflateBound(&zs, (uLong)len) + 32;
	if (len > UINT32_MAX || buf_grow(out, bound)) {
		deflateEnd(&zs);
		return JD_ELIMIT;
	}
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = (Bytef *)out->data + out->len;
	zs.avail_out = (uInt)bound;
	zrc = deflate(&zs, Z_FINISH);
	if (zrc == Z_STREAM_END) {
		out->len += zs.total_out;
		out->data[out->len] = '\0';
	}
	deflateEnd(&zs);
	return zrc == Z_STREAM_END ? JD_OK : JD_EINPUT;
}

enum jd_err compress_brotli(const void *in, size_t len, struct buf *out)
{
	size_t bound = BrotliEncoderMaxCompressedSize(len);
	size_t n;

	if (!bound || buf_grow(out, bound))
		return JD_ELIMIT;
	n = bound;
	if (!BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, len,
				   in, &n, (uint8_t *)out->data + out->len))
		return JD_EINPUT;
	out->len += n;
	out->data[out->len] = '\0';
	return JD_OK;
}

enum jd_err compress_named(const char *encoding, const void *in, size_t len, struct buf *out)
{
	if (!strcmp(encoding, "gzip"))
		return compress_gzip(in, len, out);
	if (!strcmp(encoding, "br"))
		return compress_brotli(in, len, out);
	return JD_EUNSUPPORTED;
}
