/*
 * images.h - lossless (and, when asked, lossy) re-encoding of web images.
 *
 * Each optimizer takes the whole file in memory and appends the new file to
 * `out`.  It returns JD_OK only when the result is smaller and, in lossless
 * mode, decodes to exactly the same pixels; JD_ENOTSMALLER when the original
 * should be kept; JD_EINPUT (corrupt/truncated) or JD_ELIMIT (dimensions over
 * the limits below) with `d` naming the problem.  On any return but JD_OK
 * `out` is as it was on entry.  libpng/libjpeg errors never escape as a
 * longjmp or an exit.
 *
 * All three are thread-safe (no shared state): images/batch.c runs them on
 * several files at once.  PNG: png.c's header comment describes the
 * search; effort 2 (the default) is at least as small as `optipng -o2` at
 * more than twice its speed on bench/images.sh's corpus, 9 is the slowest
 * and smallest.  PNG results are re-decoded and compared with the input's
 * pixels before they are returned.  JPEG: the DCT coefficients are kept
 * (jpegtran-style) unless jpeg_quality asks for a lossy re-encode; effort
 * does not apply.  Metadata kept: PNG iCCP/sRGB/gAMA/cHRM/cICP/mDCv/cLLi/
 * pHYs and APNG animation; JPEG ICC profile and EXIF Orientation.
 */
#ifndef JD_IMAGES_H
#define JD_IMAGES_H

#include <stddef.h>

#include "lib/buf.h"
#include "lib/err.h"

#define IMAGE_MAX_DIMENSION 32768u
#define IMAGE_MAX_PIXELS (100u * 1000u * 1000u)

struct image_opts {
	int effort;          /* 1..9; default 2 */
	int jpeg_quality;    /* 0: lossless only; else re-encode above this quality */
	int keep_interlace;
	const char *file;    /* for diagnostics */
};

int image_optimize_png(const unsigned char *in, size_t len, struct buf *out,
		       const struct image_opts *o, struct diag *d);
int image_optimize_jpeg(const unsigned char *in, size_t len, struct buf *out,
			const struct image_opts *o, struct diag *d);
/*
 * Encode a PNG/JPEG as WebP (lossless for PNG, lossy at the JPEG's estimated
 * quality).  JD_OK only when the WebP is at least 10% smaller than `in`;
 * JD_ENOTSMALLER also when a WebP would look different (colour-managed or
 * animated PNG, 16-bit PNG, CMYK / ICC-tagged / EXIF-rotated JPEG).
 */
int image_to_webp(const unsigned char *in, size_t len, struct buf *out,
		  const struct image_opts *o, struct diag *d);

#endif
