/*
 * webp.c - a WebP beside a PNG or JPEG, when it pays (libwebp).
 *
 * PNG input is encoded losslessly: the PNG is decoded to canonical RGBA
 * (png.c) and given to libwebp with `exact` set, so even the colours under
 * fully transparent pixels survive and the WebP decodes to the same pixels.
 * A PNG whose samples need 16 bits cannot be represented and is skipped.
 *
 * JPEG input is encoded lossy at the JPEG's own estimated quality (from its
 * quantization tables, see jpeg.c), the closest thing to "no visible
 * change" a lossy-to-lossy conversion has.
 *
 * Skipped (JD_ENOTSMALLER, with the reason in the diag) when the WebP
 * would look different or not pay: colour-managed inputs (ICC profile,
 * gAMA/cHRM/cICP), APNG, CMYK JPEG, JPEGs with an EXIF Orientation other
 * than 1 (we do not rotate pixels), and any result that is not at least
 * 10% smaller than the input.
 */
#include "images/images.h"
#include "images/internal.h"
#include "lib/util.h"

#include <webp/encode.h>

/* Encode with `cfg`; appends to out and returns JD_OK, or JD_ENOTSMALLER. */
static int encode(WebPConfig *cfg, WebPPicture *pic, size_t in_len, struct buf *out, const char *file,
		  struct diag *d)
{
	WebPMemoryWriter w;
	int rc;

	WebPMemoryWriterInit(&w);
	pic->writer = WebPMemoryWrite;
	pic->custom_ptr = &w;
	if (!WebPEncode(cfg, pic))
		rc = diag_set(d, JD_ENOTSMALLER, file, "WebP encoding failed (libwebp error %d)", pic->error_code);
	else if (w.size > in_len - in_len / 10)
		rc = diag_set(d, JD_ENOTSMALLER, file, "WebP is %zu bytes, not 10%% smaller than %zu", w.size, in_len);
	else if (buf_add(out, w.mem, w.size))
		rc = diag_set(d, JD_ELIMIT, file, "WebP over the output size limit");
	else
		rc = JD_OK;
	WebPMemoryWriterClear(&w);
	return rc;
}

static int method_for(int effort)
{
	return effort <= 1 ? 2 : effort <= 2 ? 4 : effort <= 5 ? 5 : 6;
}

static int from_png(const unsigned char *in, size_t len, struct buf *out, const struct image_opts *o,
		    struct diag *d)
{
	struct rgba_image im;
	WebPConfig cfg;
	WebPPicture pic;
	const char *file = o ? o->file : NULL;
	int rc, effort = o && o->effort ? o->effort : 2;
	size_t n;

	rc = png_decode_rgba(in, len, 0, &im, file, d);
	if (rc)
		return rc;
	if (png_needs_png(in, len)) {
		rgba_image_free(&im);
		return diag_set(d, JD_ENOTSMALLER, file,
				"PNG is colour-managed or animated; WebP would change how it looks");
	}
	n = (size_t)im.width * im.height;
	if (im.is16) {
		/* Usable only when every 16-bit sample is an 8-bit one (high byte == low byte). */
		for (size_t i = 0; i < n * 8; i += 2)
			if (im.px[i] != im.px[i + 1]) {
				rgba_image_free(&im);
				return diag_set(d, JD_ENOTSMALLER, file, "16-bit PNG: WebP holds 8 bits a sample");
			}
		for (size_t i = 0; i < n * 4; i++)
			im.px[i] = im.px[i * 2];
	}
	if (im.width > WEBP_MAX_DIMENSION || im.height > WEBP_MAX_DIMENSION || !WebPConfigInit(&cfg) ||
	    !WebPPictureInit(&pic)) {
		rgba_image_free(&im);
		return diag_set(d, JD_ENOTSMALLER, file, "image too large for WebP");
	}
	cfg.lossless = 1;
	cfg.exact = 1;
	cfg.method = method_for(effort);
	cfg.quality = effort >= 5 ? 100 : 75; /* for lossless: how hard to compress */
	pic.use_argb = 1;
	pic.width = (int)im.width;
	pic.height = (int)im.height;
	if (!WebPPictureImportRGBA(&pic, im.px, (int)im.width * 4))
		rc = diag_set(d, JD_ENOTSMALLER, file, "WebP import failed");
	else
		rc = encode(&cfg, &pic, len, out, file, d);
	WebPPictureFree(&pic);
	rgba_image_free(&im);
	return rc;
}

static int from_jpeg(const unsigned char *in, size_t len, struct buf *out, const struct image_opts *o,
		     struct diag *d)
{
	struct jpeg_pixels px;
	WebPConfig cfg;
	WebPPicture pic;
	const char *file = o ? o->file : NULL;
	int rc, effort = o && o->effort ? o->effort : 2;

	rc = jpeg_decode_rgb(in, len, &px, file, d);
	if (rc)
		return rc;
	if (px.cmyk || px.has_icc || px.orientation > 1) {
		free(px.rgb);
		return diag_set(d, JD_ENOTSMALLER, file, "JPEG is %s; WebP would change how it looks",
				px.cmyk ? "CMYK" : px.has_icc ? "ICC-tagged" : "rotated by EXIF Orientation");
	}
	if (px.width > WEBP_MAX_DIMENSION || px.height > WEBP_MAX_DIMENSION || !WebPConfigInit(&cfg) ||
	    !WebPPictureInit(&pic)) {
		free(px.rgb);
		return diag_set(d, JD_ENOTSMALLER, file, "image too large for WebP");
	}
	cfg.quality = (float)(px.quality ? px.quality : 85);
	if (o && o->jpeg_quality > 0 && o->jpeg_quality < cfg.quality)
		cfg.quality = (float)o->jpeg_quality;
	cfg.method = method_for(effort);
	pic.width = (int)px.width;
	pic.height = (int)px.height;
	if (!WebPPictureImportRGB(&pic, px.rgb, (int)px.width * 3))
		rc = diag_set(d, JD_ENOTSMALLER, file, "WebP import failed");
	else
		rc = encode(&cfg, &pic, len, out, file, d);
	WebPPictureFree(&pic);
	free(px.rgb);
	return rc;
}

int image_to_webp(const unsigned char *in, size_t len, struct buf *out, const struct image_opts *o,
		  struct diag *d)
{
	if (image_is_png(in, len))
		return from_png(in, len, out, o, d);
	if (image_is_jpeg(in, len))
		return from_jpeg(in, len, out, o, d);
	return diag_set(d, JD_EINPUT, o ? o->file : NULL, "neither PNG nor JPEG");
}
