/*
 * internal.h - what png.c, jpeg.c and webp.c share, not part of the API.
 *
 * A decoded PNG in "canonical" form: every pixel as R,G,B,A, 8 bits per
 * sample (4 bytes a pixel) or 16 bits big-endian (8 bytes a pixel), rows
 * packed without padding.  Two PNGs show the same picture exactly when
 * their canonical forms at the same depth are byte-identical, which is how
 * the PNG optimizer proves it lost nothing.
 */
#ifndef JD_IMAGES_INTERNAL_H
#define JD_IMAGES_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct rgba_image {
	uint32_t width, height;
	int is16;            /* samples are 16-bit big-endian */
	int src_color_type;  /* IHDR colour type of the file it came from */
	int src_interlaced;
	unsigned char *px;   /* width * height * (is16 ? 8 : 4) bytes, owned */
};

/*
 * Decode a PNG's default image into canonical form.  want16 forces 16-bit
 * samples (8-bit ones are scaled by 257, exactly as PNG defines it);
 * otherwise the depth follows the file (16 when its IHDR says 16).
 * Dimensions over IMAGE_MAX_DIMENSION / IMAGE_MAX_PIXELS give JD_ELIMIT
 * before any pixel memory is allocated; any libpng error gives JD_EINPUT.
 * On success img->px is owned by the caller (rgba_image_free).
 */
int png_decode_rgba(const unsigned char *in, size_t len, int want16, struct rgba_image *img,
		    const char *file, struct diag *d);
void rgba_image_free(struct rgba_image *img);

/* True when `in` starts with the PNG / JPEG signature. */
int image_is_png(const unsigned char *in, size_t len);
int image_is_jpeg(const unsigned char *in, size_t len);

/*
 * Estimate the quality (1..100, libjpeg's scale) a JPEG was saved at from
 * its luminance quantization table; 0 when it cannot be read.
 */
int jpeg_estimate_quality(const unsigned char *in, size_t len);

/* A JPEG decoded to 8-bit RGB, with what decides whether a WebP may replace it. */
struct jpeg_pixels {
	uint32_t width, height;
	unsigned char *rgb; /* width * height * 3, owned; NULL when cmyk */
	int quality;        /* estimate, see jpeg_estimate_quality */
	int orientation;    /* EXIF Orientation, 0 when absent */
	int has_icc, cmyk;
};

/* Decode for re-encoding elsewhere; JD_EINPUT / JD_ELIMIT like the optimizer. */
int jpeg_decode_rgb(const unsigned char *in, size_t len, struct jpeg_pixels *px, const char *file,
		    struct diag *d);

/*
 * True when the PNG carries colour information a WebP would lose (iCCP,
 * gAMA, cHRM, cICP, mDCv, cLLi) or is an APNG.  sRGB is what WebP assumes.
 */
int png_needs_png(const unsigned char *in, size_t len);

#endif
