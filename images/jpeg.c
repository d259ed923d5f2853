/*
 * jpeg.c - JPEG re-encoding with libjpeg-turbo: lossless by default (the
 * DCT coefficients are copied untouched and only their entropy coding is
 * redone, as jpegtran does), lossy only when a quality cap is asked for.
 *
 * Lossless: jpeg_read_coefficients() gives the quantized DCT blocks;
 * jpeg_write_coefficients() writes them again with optimized Huffman
 * tables, once as a sequential (baseline) file and once progressive; the
 * smaller wins.  Because the coefficients and quantization tables are the
 * same, every decoder produces the same pixels as from the input, so no
 * pixel comparison is needed here (tests/integration/images_pixels.sh
 * still checks it with PIL).
 *
 * Metadata: everything is dropped except the ICC profile (APP2
 * "ICC_PROFILE" segments, copied in order) and the EXIF Orientation, which
 * is written back as a 32-byte EXIF block holding only that tag, so photos
 * keep their rotation without carrying camera data or GPS positions.  The
 * JFIF or Adobe marker is rewritten by libjpeg from the colour space (an
 * Adobe marker only when the input had one, so CMYK inversion conventions
 * are preserved).
 *
 * Lossy (opts->jpeg_quality = Q > 0): the source quality is estimated by
 * matching its luminance quantization table against libjpeg's standard
 * table scaled for each quality 1..100.  Only when that estimate is above Q
 * is the image decoded and re-encoded at Q (same chroma subsampling,
 * optimized, progressive); the result is used when smaller than the
 * lossless one.
 *
 * Errors: libjpeg reports through error_exit, which we turn into a longjmp
 * back to the function that called setjmp; warnings (truncated data,
 * corrupt entropy data) are treated as errors too, because libjpeg would
 * otherwise fill the missing blocks with grey and we would "optimize" a
 * broken image.  All memory the library path owns lives in struct job and
 * is released by job_free() on every path.  Output goes through our own
 * destination manager into a struct buf, so a longjmp never leaves a
 * buffer we cannot find.
 *
 * Sizes: every encode (sequential, progressive, lossy) has a cap, the
 * smallest size that is already of no use (the input's size, then the best
 * result so far).  An encode that reaches its cap is finished with its
 * output thrown away rather than stopped: a trial that loses is not an
 * error.  So the scratch buffers never hold more than the input's size,
 * and the caller's `out` limit only matters for the one result returned.
 * (A progressive input re-encoded sequentially is often a few percent
 * larger than the input; that trial once ran into the caller's limit and
 * failed the whole file as "Buffer passed to JPEG library is too small".)
 */
#include "images/images.h"
#include "images/internal.h"
#include "lib/util.h"

#include <limits.h>
#include <setjmp.h>
#include <jpeglib.h>
#include <jerror.h>

#define ICC_MARKER (JPEG_APP0 + 2)
#define EXIF_MARKER (JPEG_APP0 + 1)

int image_is_jpeg(const unsigned char *in, size_t len)
{
	return len >= 3 && in[0] == 0xff && in[1] == 0xd8 && in[2] == 0xff;
}

/* ---- error handling and output ------------------------------------------ */

struct jerr {
	struct jpeg_error_mgr pub;
	jmp_buf jb;
	char msg[JMSG_LENGTH_MAX];
};

static void on_error(j_common_ptr c)
{
	struct jerr *e = (struct jerr *)c->err;
	c->err->format_message(c, e->msg);
	longjmp(e->jb, 1);
}

static void on_message(j_common_ptr c, int level)
{
	/* level < 0 is a warning about corrupt data: refuse the file. */
	if (level < 0)
		on_error(c);
}

#define STAGE 65536

/*
 * Output of one encode.  Invariant: out->len < cap while `over` is 0; once
 * the output would reach `cap` it is of no use (see the header), `over` is
 * set and the rest of the encode goes nowhere.
 */
struct dest {
	struct jpeg_destination_mgr pub;
	struct buf *out;
	size_t cap;
	int over;
	unsigned char stage[STAGE];
};

static void dest_init(j_compress_ptr c)
{
	struct dest *d = (struct dest *)c->dest;
	d->pub.next_output_byte = d->stage;
	d->pub.free_in_buffer = STAGE;
}

static void dest_keep(j_compress_ptr c, size_t n)
{
	struct dest *d = (struct dest *)c->dest;
	if (d->over)
		return;
	if (n >= d->cap - d->out->len) {
		d->over = 1;
		return;
	}
	/* cannot fail: the buffers are made with a max of at least any cap */
	if (buf_add(d->out, d->stage, n))
		ERREXIT(c, JERR_BUFFER_SIZE);
}

static boolean dest_empty(j_compress_ptr c)
{
	dest_keep(c, STAGE);
	dest_init(c);
	return TRUE;
}

static void dest_term(j_compress_ptr c)
{
	struct dest *d = (struct dest *)c->dest;
	dest_keep(c, STAGE - d->pub.free_in_buffer);
}

/* Everything one transcode owns, freed by job_free() whatever happened. */
struct job {
	struct jerr err;
	struct jpeg_decompress_struct src;
	struct jpeg_compress_struct dst;
	int src_made, dst_made;
	struct dest dest;
	struct buf trial;    /* one lossless variant; here so a longjmp can free it */
	unsigned char *rows; /* decoded pixels for the lossy path */
	JSAMPROW *rowp;
};

static void job_free(struct job *j)
{
	if (j->dst_made)
		jpeg_destroy_compress(&j->dst);
	if (j->src_made)
		jpeg_destroy_decompress(&j->src);
	j->dst_made = j->src_made = 0;
	buf_release(&j->trial);
	free(j->rows);
	free(j->rowp);
	j->rows = NULL;
	j->rowp = NULL;
}

/* ---- metadata ------------------------------------------------------------- */

/* Orientation (1..8) from an EXIF APP1 payload, 0 when absent or unreadable. */
static int exif_orientation(const unsigned char *p, size_t n)
{
	int le;
	uint32_t ifd, count;
	if (n < 14 || memcmp(p, "Exif\0\0", 6) != 0)
		return 0;
	p += 6, n -= 6;
	if (memcmp(p, "II*\0", 4) == 0)
		le = 1;
	else if (memcmp(p, "MM\0*", 4) == 0)
		le = 0;
	else
		return 0;
#define U16(q) (le ? (unsigned)((q)[0] | (q)[1] << 8) : (unsigned)((q)[0] << 8 | (q)[1]))
#define U32(q) (le ? ((uint32_t)(q)[0] | (uint32_t)(q)[1] << 8 | (uint32_t)(q)[2] << 16 | (uint32_t)(q)[3] << 24) \
		   : ((uint32_t)(q)[0] << 24 | (uint32_t)(q)[1] << 16 | (uint32_t)(q)[2] << 8 | (uint32_t)(q)[3]))
	ifd = U32(p + 4);
	if (ifd > n || n - ifd < 2)
		return 0;
	count = U16(p + ifd);
	for (uint32_t i = 0; i < count; i++) {
		size_t e = ifd + 2 + (size_t)i * 12;
		if (e + 12 > n)
			return 0;
		if (U16(p + e) == 0x0112 && U16(p + e + 2) == 3) {
			unsigned v = U16(p + e + 8);
			return v >= 1 && v <= 8 ? (int)v : 0;
		}
	}
	return 0;
#undef U16
#undef U32
}

/* The one EXIF we write: big-endian TIFF, IFD0 with a single Orientation entry. */
static void write_orientation(j_compress_ptr c, int orient)
{
	unsigned char x[32] = {
		'E', 'x', 'i', 'f', 0, 0,
		'M', 'M', 0, 42, 0, 0, 0, 8,                    /* TIFF header, IFD0 at 8 */
		0, 1,                                           /* one entry */
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0,       /* Orientation, SHORT, 1, value */
		0, 0, 0, 0,                                     /* no next IFD */
	};
	x[25] = (unsigned char)orient;
	jpeg_write_marker(c, EXIF_MARKER, x, sizeof(x));
}

struct meta {
	int orientation;
};

static void read_meta(j_decompress_ptr s, struct meta *m)
{
	m->orientation = 0;
	for (jpeg_saved_marker_ptr mk = s->marker_list; mk; mk = mk->next)
		if (mk->marker == EXIF_MARKER && !m->orientation)
			m->orientation = exif_orientation(mk->data, mk->data_length);
}

static void write_meta(j_compress_ptr c, j_decompress_ptr s, const struct meta *m)
{
	if (m->orientation > 1)
		write_orientation(c, m->orientation);
	for (jpeg_saved_marker_ptr mk = s->marker_list; mk; mk = mk->next)
		if (mk->marker == ICC_MARKER && mk->data_length >= 12 &&
		    memcmp(mk->data, "ICC_PROFILE\0", 12) == 0)
			jpeg_write_marker(c, ICC_MARKER, mk->data, mk->data_length);
}

/* ---- quality estimate ----------------------------------------------------- */

static const unsigned std_luma[64] = {
	16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
	14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
	18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
	49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
};

/* The libjpeg quality whose scaled standard table is nearest to `q`. */
static int quality_of_table(const JQUANT_TBL *q)
{
	int best = 0;
	unsigned long best_err = ULONG_MAX;
	for (int quality = 1; quality <= 100; quality++) {
		long scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
		unsigned long err = 0;
		for (int i = 0; i < 64; i++) {
			long v = ((long)std_luma[i] * scale + 50) / 100;
			v = v < 1 ? 1 : v > 255 ? 255 : v;
			err += (unsigned long)labs(v - (long)q->quantval[i]);
		}
		if (err < best_err)
			best_err = err, best = quality;
	}
	return best;
}

static int src_quality(j_decompress_ptr s)
{
	int t = s->num_components > 0 ? s->comp_info[0].quant_tbl_no : 0;
	if (t < 0 || t >= NUM_QUANT_TBLS || !s->quant_tbl_ptrs[t])
		return 0;
	return quality_of_table(s->quant_tbl_ptrs[t]);
}

/* ---- the transcode -------------------------------------------------------- */

static void start_src(struct job *j, const unsigned char *in, size_t len)
{
	jpeg_create_decompress(&j->src);
	j->src_made = 1;
	jpeg_mem_src(&j->src, in, (unsigned long)len);
	jpeg_save_markers(&j->src, EXIF_MARKER, 0xffff);
	jpeg_save_markers(&j->src, ICC_MARKER, 0xffff);
	jpeg_read_header(&j->src, TRUE);
}

/* An encode into `out` (empty) that is kept only while smaller than `cap` bytes. */
static void start_dst(struct job *j, struct buf *out, size_t cap)
{
	jpeg_create_compress(&j->dst);
	j->dst_made = 1;
	j->dest.pub.init_destination = dest_init;
	j->dest.pub.empty_output_buffer = dest_empty;
	j->dest.pub.term_destination = dest_term;
	j->dest.out = out;
	j->dest.cap = cap;
	j->dest.over = 0;
	j->dst.dest = &j->dest.pub;
}

static int over_limits(j_decompress_ptr s)
{
	return s->image_width > IMAGE_MAX_DIMENSION || s->image_height > IMAGE_MAX_DIMENSION ||
	       (uint64_t)s->image_width * s->image_height > IMAGE_MAX_PIXELS;
}

enum { JPEG_FAILED = -1, JPEG_LIMIT = -2 };

/*
 * Lossless: the smaller of sequential and progressive into `best` (empty,
 * with a max of at least `len`), or nothing when neither is smaller than
 * the input.  Returns 0, JPEG_LIMIT, or JPEG_FAILED (message in j->err.msg).
 */
static int lossless(struct job *j, const unsigned char *in, size_t len, struct buf *best, int *quality)
{
	struct buf *trial = &j->trial;
	jvirt_barray_ptr *coef;
	struct meta m;

	buf_init(trial, best->max);
	if (setjmp(j->err.jb))
		return JPEG_FAILED;
	start_src(j, in, len);
	if (over_limits(&j->src))
		return JPEG_LIMIT;
	*quality = src_quality(&j->src);
	read_meta(&j->src, &m);
	coef = jpeg_read_coefficients(&j->src);
	for (int progressive = 0; progressive <= 1; progressive++) {
		buf_reset(trial);
		start_dst(j, trial, best->len ? best->len : len);
		jpeg_copy_critical_parameters(&j->src, &j->dst);
		j->dst.optimize_coding = TRUE;
		j->dst.arith_code = FALSE;
		if (!j->src.saw_Adobe_marker)
			j->dst.write_Adobe_marker = FALSE;
		if (m.orientation > 1)
			j->dst.write_JFIF_header = FALSE; /* EXIF APP1 first, as cameras write it */
		if (progressive)
			jpeg_simple_progression(&j->dst);
		jpeg_write_coefficients(&j->dst, coef);
		write_meta(&j->dst, &j->src, &m);
		jpeg_finish_compress(&j->dst);
		jpeg_destroy_compress(&j->dst);
		j->dst_made = 0;
		if (!j->dest.over) {
			/* smaller than the cap, so than best: swap rather than copy */
			struct buf t = *best;
			*best = *trial;
			*trial = t;
		}
	}
	jpeg_finish_decompress(&j->src);
	return 0;
}

/*
 * Lossy: decode and re-encode at `q`, keeping sampling factors and metadata,
 * into `out` when smaller than `cap` bytes (else j->dest.over is set).
 */
static int lossy(struct job *j, const unsigned char *in, size_t len, int q, struct buf *out, size_t cap)
{
	struct meta m;
	size_t stride;

	if (setjmp(j->err.jb))
		return JPEG_FAILED;
	start_src(j, in, len);
	if (over_limits(&j->src))
		return JPEG_LIMIT;
	read_meta(&j->src, &m);
	jpeg_start_decompress(&j->src);
	stride = (size_t)j->src.output_width * j->src.output_components;
	j->rows = xmalloc(stride * j->src.output_height);
	j->rowp = xmalloc(sizeof(*j->rowp) * j->src.output_height);
	for (JDIMENSION y = 0; y < j->src.output_height; y++)
		j->rowp[y] = j->rows + y * stride;
	while (j->src.output_scanline < j->src.output_height)
		jpeg_read_scanlines(&j->src, j->rowp + j->src.output_scanline,
				    j->src.output_height - j->src.output_scanline);
	start_dst(j, out, cap);
	j->dst.image_width = j->src.output_width;
	j->dst.image_height = j->src.output_height;
	j->dst.input_components = j->src.output_components;
	j->dst.in_color_space = j->src.out_color_space;
	jpeg_set_defaults(&j->dst);
	jpeg_set_quality(&j->dst, q, TRUE);
	if (j->dst.num_components == j->src.num_components)
		for (int c = 0; c < j->src.num_components; c++) {
			j->dst.comp_info[c].h_samp_factor = j->src.comp_info[c].h_samp_factor;
			j->dst.comp_info[c].v_samp_factor = j->src.comp_info[c].v_samp_factor;
		}
	if (!j->src.saw_Adobe_marker)
		j->dst.write_Adobe_marker = FALSE;
	if (m.orientation > 1)
		j->dst.write_JFIF_header = FALSE;
	j->dst.optimize_coding = TRUE;
	jpeg_simple_progression(&j->dst);
	jpeg_start_compress(&j->dst, TRUE);
	write_meta(&j->dst, &j->src, &m);
	while (j->dst.next_scanline < j->dst.image_height)
		jpeg_write_scanlines(&j->dst, j->rowp + j->dst.next_scanline,
				     j->dst.image_height - j->dst.next_scanline);
	jpeg_finish_compress(&j->dst);
	jpeg_finish_decompress(&j->src);
	return 0;
}

static void job_init(struct job *j)
{
	memset(j, 0, sizeof(*j));
	buf_init(&j->trial, BUF_MAX_DEFAULT);
	j->src.err = jpeg_std_error(&j->err.pub);
	j->dst.err = &j->err.pub;
	j->err.pub.error_exit = on_error;
	j->err.pub.emit_message = on_message;
}

/* Decode to RGB for the WebP encoder; see internal.h. */
static int decode_rgb(struct job *j, const unsigned char *in, size_t len, struct jpeg_pixels *px)
{
	struct meta m;
	size_t stride;

	if (setjmp(j->err.jb))
		return JPEG_FAILED;
	start_src(j, in, len);
	if (over_limits(&j->src))
		return JPEG_LIMIT;
	read_meta(&j->src, &m);
	px->orientation = m.orientation;
	px->quality = src_quality(&j->src);
	px->has_icc = 0;
	for (jpeg_saved_marker_ptr mk = j->src.marker_list; mk; mk = mk->next)
		if (mk->marker == ICC_MARKER)
			px->has_icc = 1;
	px->cmyk = j->src.jpeg_color_space == JCS_CMYK || j->src.jpeg_color_space == JCS_YCCK;
	if (px->cmyk)
		return 0; /* no RGB without a colour-management step; the caller skips it */
	j->src.out_color_space = JCS_RGB;
	jpeg_start_decompress(&j->src);
	stride = (size_t)j->src.output_width * 3;
	j->rows = xmalloc(stride * j->src.output_height);
	j->rowp = xmalloc(sizeof(*j->rowp) * j->src.output_height);
	for (JDIMENSION y = 0; y < j->src.output_height; y++)
		j->rowp[y] = j->rows + y * stride;
	while (j->src.output_scanline < j->src.output_height)
		jpeg_read_scanlines(&j->src, j->rowp + j->src.output_scanline,
				    j->src.output_height - j->src.output_scanline);
	jpeg_finish_decompress(&j->src);
	px->width = j->src.output_width;
	px->height = j->src.output_height;
	return 0;
}

int jpeg_decode_rgb(const unsigned char *in, size_t len, struct jpeg_pixels *px, const char *file,
		    struct diag *d)
{
	struct job *j = xmalloc(sizeof(*j));
	int rc;
	memset(px, 0, sizeof(*px));
	job_init(j);
	if (!image_is_jpeg(in, len))
		rc = diag_set(d, JD_EINPUT, file, "not a JPEG file (no SOI marker)");
	else
		rc = decode_rgb(j, in, len, px);
	if (rc == JPEG_LIMIT)
		rc = diag_set(d, JD_ELIMIT, file, "JPEG dimensions over the limit");
	else if (rc == JPEG_FAILED)
		rc = diag_set(d, JD_EINPUT, file, "corrupt JPEG: %s", j->err.msg);
	if (rc == JD_OK) {
		px->rgb = j->rows;
		j->rows = NULL;
	}
	job_free(j);
	free(j);
	return rc;
}

int jpeg_estimate_quality(const unsigned char *in, size_t len)
{
	struct job *j = xmalloc(sizeof(*j));
	volatile int q = 0;
	job_init(j);
	if (image_is_jpeg(in, len) && setjmp(j->err.jb) == 0) {
		start_src(j, in, len);
		q = src_quality(&j->src);
	}
	job_free(j);
	free(j);
	return q;
}

int image_optimize_jpeg(const unsigned char *in, size_t len, struct buf *out,
			const struct image_opts *o, struct diag *d)
{
	struct job *j = xmalloc(sizeof(*j)); /* holds a 64 KiB staging block */
	struct buf best, lossy_out;
	const char *file = o ? o->file : NULL;
	int rc, quality = 0;

	/* scratch: a result the size of the input is of no use, whatever out->max allows */
	buf_init(&best, len);
	buf_init(&lossy_out, len);
	job_init(j);
	if (!image_is_jpeg(in, len)) {
		rc = diag_set(d, JD_EINPUT, file, "not a JPEG file (no SOI marker)");
		goto done;
	}
	rc = lossless(j, in, len, &best, &quality);
	job_free(j);
	if (rc == JPEG_LIMIT) {
		rc = diag_set(d, JD_ELIMIT, file, "JPEG dimensions over the limit of %u pixels a side and %u pixels",
			      IMAGE_MAX_DIMENSION, IMAGE_MAX_PIXELS);
		goto done;
	}
	if (rc) {
		rc = diag_set(d, JD_EINPUT, file, "corrupt JPEG: %s", j->err.msg);
		goto done;
	}
	if (o && o->jpeg_quality > 0 && o->jpeg_quality < 100 && quality > o->jpeg_quality) {
		job_init(j);
		if (lossy(j, in, len, o->jpeg_quality, &lossy_out, best.len ? best.len : len) == 0 &&
		    !j->dest.over) {
			struct buf t = best;
			best = lossy_out;
			lossy_out = t;
		}
		job_free(j);
	}
	if (best.len == 0)
		rc = diag_set(d, JD_ENOTSMALLER, file, "already optimal: no re-encoding is smaller than %zu bytes", len);
	else if (buf_add(out, best.data, best.len))
		rc = diag_set(d, JD_ELIMIT, file, "result over the output size limit");
	else
		rc = JD_OK;
done:
	job_free(j);
	free(j);
	buf_release(&best);
	buf_release(&lossy_out);
	return rc;
}
