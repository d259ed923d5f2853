/*
 * png.c - lossless PNG re-encoding: smallest colour model, best row filters,
 * strongest deflate, and only the chunks that change how the image looks.
 *
 * How it works:
 *
 *   1. walk_chunks() reads the chunk list without libpng: it checks the
 *      signature and IHDR, refuses dimensions over IMAGE_MAX_DIMENSION /
 *      IMAGE_MAX_PIXELS (JD_ELIMIT) before anything is allocated, notes the
 *      ancillary chunks worth keeping (iCCP, sRGB, gAMA, cHRM, cICP, mDCv,
 *      cLLi, pHYs) and whether the file is an APNG (acTL).
 *   2. png_decode_rgba() decodes the default image with libpng into
 *      canonical RGBA (8 or 16 bits a sample, see internal.h).  libpng
 *      reports errors by longjmp; everything allocated inside the setjmp
 *      scope hangs off a struct that the error path frees, so no path
 *      leaks.
 *   3. analyse() scans the pixels once: can 16-bit samples become 8-bit
 *      (every high byte equals its low byte), is alpha all opaque, is every
 *      pixel grey, how many colours (up to 257), and can transparency be a
 *      single tRNS colour key (alpha only 0 or max, all transparent pixels
 *      one colour that no opaque pixel has).  From that come one or more
 *      candidate colour models (grey at 1/2/4/8/16 bits, palette at 1/2/4/8,
 *      RGB, grey+alpha, RGBA, each with a tRNS key when it applies).
 *   4. For each model the scanlines are packed (per Adam7 pass when the
 *      interlace is kept), then filtered with several strategies (the five
 *      fixed filters, adaptive minimum-sum, entropy, and per-row brute
 *      force at high effort).  Each filtered stream is compressed with a
 *      quick libdeflate level to rank them; the best few are compressed
 *      again at libdeflate's strongest level and the smallest wins.
 *   5. The file is written by hand (signature, IHDR, kept chunks, PLTE,
 *      tRNS, IDAT, IEND; CRCs from zlib), decoded again and compared with
 *      the input's canonical pixels.  Only a smaller file with identical
 *      pixels is returned.
 *
 * APNG: the animation frames live in fdAT chunks that libpng does not
 * read, so an APNG is never re-encoded.  Its chunks are copied as they are,
 * minus text/time/EXIF, which keeps it animating; that is the only saving.
 *
 * Effort (1..9) picks how many filter strategies and colour models are
 * tried and how hard the ranking pass compresses; see effort_plan().
 */
#include "images/images.h"
#include "images/internal.h"
#include "lib/util.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <zlib.h>
#include <libdeflate.h>

/* ---- chunk walk ---------------------------------------------------------- */

#define ARRAY_SIZE_(a) (sizeof(a) / sizeof((a)[0]))

static const unsigned char png_sig[8] = {137, 80, 78, 71, 13, 10, 26, 10};

int image_is_png(const unsigned char *in, size_t len)
{
	return len >= 8 && memcmp(in, png_sig, 8) == 0;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Chunks that change how the image looks (colour management, pixel aspect). */
static int chunk_is_kept(const unsigned char *type)
{
	static const char *const kept[] = {"iCCP", "sRGB", "gAMA", "cHRM", "cICP", "mDCv", "cLLi", "pHYs"};
	for (size_t i = 0; i < ARRAY_SIZE_(kept); i++)
		if (memcmp(type, kept[i], 4) == 0)
			return 1;
	return 0;
}

/* Chunks an APNG copy drops: text, time, EXIF.  Everything else stays. */
static int chunk_is_metadata(const unsigned char *type)
{
	static const char *const meta[] = {"tEXt", "zTXt", "iTXt", "tIME", "eXIf"};
	for (size_t i = 0; i < ARRAY_SIZE_(meta); i++)
		if (memcmp(type, meta[i], 4) == 0)
			return 1;
	return 0;
}

struct chunk_info {
	uint32_t width, height;
	int depth, color_type, interlace;
	int apng, has_iccp;
	struct buf kept; /* raw kept chunks (length, type, data, CRC), in file order */
};

static int chunk_crc_ok(const unsigned char *c, uint32_t n)
{
	uLong crc = crc32(0L, c + 4, (uInt)n + 4);
	return crc == be32(c + 8 + n);
}

static int walk_chunks(const unsigned char *in, size_t len, struct chunk_info *ci,
		       const char *file, struct diag *d)
{
	size_t pos = 8;
	int seen_idat = 0;

	if (!image_is_png(in, len))
		return diag_set(d, JD_EINPUT, file, "not a PNG file (bad signature)");
	if (len < 8 + 25 || memcmp(in + 12, "IHDR", 4) != 0 || be32(in + 8) != 13)
		return diag_set(d, JD_EINPUT, file, "corrupt PNG: first chunk is not a valid IHDR");
	ci->width = be32(in + 16);
	ci->height = be32(in + 20);
	ci->depth = in[24];
	ci->color_type = in[25];
	ci->interlace = in[28];
	if (ci->width == 0 || ci->height == 0)
		return diag_set(d, JD_EINPUT, file, "corrupt PNG: zero width or height");
	if (ci->width > IMAGE_MAX_DIMENSION || ci->height > IMAGE_MAX_DIMENSION ||
	    (uint64_t)ci->width * ci->height > IMAGE_MAX_PIXELS)
		return diag_set(d, JD_ELIMIT, file,
				"PNG is %" PRIu32 "x%" PRIu32 ", over the limit of %u pixels a side and %u pixels",
				ci->width, ci->height, IMAGE_MAX_DIMENSION, IMAGE_MAX_PIXELS);
	while (pos + 12 <= len) {
		uint32_t n = be32(in + pos);
		const unsigned char *type = in + pos + 4;
		if (n > 0x7fffffffu || n > len - pos - 12)
			return diag_set(d, JD_EINPUT, file, "corrupt PNG: chunk at byte %zu runs past the end", pos);
		if (memcmp(type, "acTL", 4) == 0)
			ci->apng = 1;
		if (memcmp(type, "IDAT", 4) == 0)
			seen_idat = 1;
		if (!seen_idat && chunk_is_kept(type) && chunk_crc_ok(in + pos, n)) {
			if (memcmp(type, "iCCP", 4) == 0)
				ci->has_iccp = 1;
			if (buf_add(&ci->kept, in + pos, (size_t)n + 12))
				return diag_set(d, JD_ELIMIT, file, "PNG chunks too large");
		}
		pos += (size_t)n + 12;
		if (memcmp(type, "IEND", 4) == 0)
			return JD_OK;
	}
	return diag_set(d, JD_EINPUT, file, "truncated PNG: no IEND chunk");
}

int png_needs_png(const unsigned char *in, size_t len)
{
	struct chunk_info ci;
	int needs = 1;
	memset(&ci, 0, sizeof(ci));
	buf_init(&ci.kept, (size_t)1 << 26);
	if (walk_chunks(in, len, &ci, NULL, NULL) == JD_OK) {
		needs = ci.apng;
		for (size_t pos = 0; pos + 12 <= ci.kept.len; pos += be32((unsigned char *)ci.kept.data + pos) + 12) {
			const char *t = ci.kept.data + pos + 4;
			if (memcmp(t, "sRGB", 4) != 0 && memcmp(t, "pHYs", 4) != 0)
				needs = 1;
		}
	}
	buf_release(&ci.kept);
	return needs;
}

/* ---- decoding with libpng ------------------------------------------------ */

struct mem_reader {
	const unsigned char *p;
	size_t len, pos;
};

struct png_err {
	char msg[200];
};

static void read_mem(png_structp png, png_bytep out, size_t n)
{
	struct mem_reader *r = png_get_io_ptr(png);
	if (n > r->len - r->pos)
		png_error(png, "file is truncated");
	memcpy(out, r->p + r->pos, n);
	r->pos += n;
}

static void on_png_error(png_structp png, png_const_charp msg)
{
	struct png_err *e = png_get_error_ptr(png);
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
	png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg; /* library code never prints; warnings do not change the pixels */
}

/*
 * Everything the decode allocates, so the longjmp path can free it.  Kept
 * in the caller's frame and only reached through a pointer, so no local
 * needs to be volatile.
 */
struct decode_state {
	png_structp png;
	png_infop info;
	png_bytep *rows;
	unsigned char *px;
};

static void decode_state_free(struct decode_state *s)
{
	png_destroy_read_struct(&s->png, s->info ? &s->info : NULL, NULL);
	free(s->rows);
	free(s->px);
}

static int decode_inner(struct decode_state *s, struct mem_reader *r, int want16,
			struct rgba_image *img)
{
	png_uint_32 w, h;
	int depth, ct, il, bpp;

	if (setjmp(png_jmpbuf(s->png)))
		return -1;
	png_set_read_fn(s->png, r, read_mem);
	png_set_user_limits(s->png, IMAGE_MAX_DIMENSION, IMAGE_MAX_DIMENSION);
	png_set_chunk_malloc_max(s->png, 16u << 20);
	png_read_info(s->png, s->info);
	png_get_IHDR(s->png, s->info, &w, &h, &depth, &ct, &il, NULL, NULL);
	if ((uint64_t)w * h > IMAGE_MAX_PIXELS)
		png_error(s->png, "image over the pixel limit");
	img->width = w;
	img->height = h;
	img->src_color_type = ct;
	img->src_interlaced = il != PNG_INTERLACE_NONE;
	img->is16 = depth == 16 || want16;
	png_set_expand(s->png);
	if (want16)
		png_set_expand_16(s->png);
	png_set_gray_to_rgb(s->png);
	png_set_add_alpha(s->png, img->is16 ? 0xffff : 0xff, PNG_FILLER_AFTER);
	png_set_interlace_handling(s->png);
	png_read_update_info(s->png, s->info);
	bpp = img->is16 ? 8 : 4;
	if (png_get_rowbytes(s->png, s->info) != (size_t)w * bpp)
		png_error(s->png, "unexpected row size after transforms");
	s->px = xmalloc((size_t)w * h * bpp);
	s->rows = xmalloc(sizeof(*s->rows) * h);
	for (png_uint_32 y = 0; y < h; y++)
		s->rows[y] = s->px + (size_t)y * w * bpp;
	png_read_image(s->png, s->rows);
	png_read_end(s->png, NULL);
	return 0;
}

int png_decode_rgba(const unsigned char *in, size_t len, int want16, struct rgba_image *img,
		    const char *file, struct diag *d)
{
	struct decode_state s = {0};
	struct mem_reader r = {in, len, 0};
	struct png_err e = {""};

	memset(img, 0, sizeof(*img));
	if (!image_is_png(in, len))
		return diag_set(d, JD_EINPUT, file, "not a PNG file (bad signature)");
	if (len >= 24 && (be32(in + 16) > IMAGE_MAX_DIMENSION || be32(in + 20) > IMAGE_MAX_DIMENSION ||
			  (uint64_t)be32(in + 16) * be32(in + 20) > IMAGE_MAX_PIXELS))
		return diag_set(d, JD_ELIMIT, file, "PNG dimensions over the limit");
	s.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &e, on_png_error, on_png_warning);
	if (!s.png)
		return diag_set(d, JD_EINPUT, file, "cannot initialise libpng");
	s.info = png_create_info_struct(s.png);
	if (!s.info) {
		decode_state_free(&s);
		return diag_set(d, JD_EINPUT, file, "cannot initialise libpng");
	}
	if (decode_inner(&s, &r, want16, img) != 0) {
		decode_state_free(&s);
		memset(img, 0, sizeof(*img));
		return diag_set(d, JD_EINPUT, file, "corrupt PNG: %s", e.msg);
	}
	img->px = s.px;
	s.px = NULL;
	decode_state_free(&s);
	return JD_OK;
}

void rgba_image_free(struct rgba_image *img)
{
	free(img->px);
	img->px = NULL;
}

/* ---- analysis: which colour models can hold these pixels exactly --------- */

struct analysis {
	int can8;        /* 16-bit samples all have high byte == low byte */
	int opaque;      /* every alpha is max */
	int gray;        /* every pixel has R == G == B */
	int ncolors;     /* distinct RGBA colours, 257 meaning "more than 256" */
	int key_ok;      /* transparency expressible as one tRNS colour */
	uint16_t key[3]; /* that colour (R, G, B) at the working depth */
	int gray_depth;  /* smallest grey depth holding every value (8-bit data) */
	uint32_t pal[256];
	int npal_alpha;  /* palette entries with alpha < 255 (sorted first) */
};

/* Sample c (0..3) of pixel i, at the working depth. */
static unsigned sample(const struct rgba_image *im, int w16, size_t i, int c)
{
	if (im->is16) {
		const unsigned char *p = im->px + i * 8 + c * 2;
		return w16 ? (unsigned)(p[0] << 8 | p[1]) : p[0];
	}
	return im->px[i * 4 + c];
}

#define HASH_SLOTS 1024u

/* Open-addressing set of up to 257 RGBA values; slot value 0 means empty, so store v+1 in 64 bits. */
struct color_set {
	uint64_t slot[HASH_SLOTS];
	int n;
};

static int color_set_index(struct color_set *s, uint32_t v, int insert)
{
	uint32_t h = (v * 2654435761u) >> 22;
	for (;;) {
		h &= HASH_SLOTS - 1;
		if (s->slot[h] == 0) {
			if (!insert)
				return -1;
			s->slot[h] = ((uint64_t)v + 1) | (uint64_t)s->n << 33;
			return s->n++;
		}
		if ((uint32_t)(s->slot[h] - 1) == v)
			return (int)(s->slot[h] >> 33);
		h++;
	}
}

static uint32_t rgba8_at(const struct rgba_image *im, size_t i)
{
	return (uint32_t)sample(im, 0, i, 0) << 24 | (uint32_t)sample(im, 0, i, 1) << 16 |
	       (uint32_t)sample(im, 0, i, 2) << 8 | sample(im, 0, i, 3);
}

static void analyse(const struct rgba_image *im, struct analysis *a, struct color_set *cs)
{
	size_t n = (size_t)im->width * im->height;
	int w16, have_key = 0, only01 = 1;
	unsigned amax;
	uint16_t k[3] = {0, 0, 0};

	a->can8 = 1;
	if (im->is16)
		for (size_t i = 0; i < n * 8; i += 2)
			if (im->px[i] != im->px[i + 1]) {
				a->can8 = 0;
				break;
			}
	w16 = im->is16 && !a->can8;
	amax = w16 ? 0xffff : 0xff;
	a->opaque = 1;
	a->gray = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned r = sample(im, w16, i, 0), g = sample(im, w16, i, 1);
		unsigned b = sample(im, w16, i, 2), al = sample(im, w16, i, 3);
		if (r != g || g != b)
			a->gray = 0;
		if (al != amax) {
			a->opaque = 0;
			if (al != 0)
				only01 = 0;
			else if (!have_key) {
				have_key = 1;
				k[0] = (uint16_t)r, k[1] = (uint16_t)g, k[2] = (uint16_t)b;
			} else if (k[0] != r || k[1] != g || k[2] != b)
				only01 = 0;
		}
	}
	/* A key works only if no opaque pixel has the key colour. */
	a->key_ok = 0;
	if (!a->opaque && only01 && have_key) {
		a->key_ok = 1;
		for (size_t i = 0; i < n && a->key_ok; i++)
			if (sample(im, w16, i, 3) == amax && sample(im, w16, i, 0) == k[0] &&
			    sample(im, w16, i, 1) == k[1] && sample(im, w16, i, 2) == k[2])
				a->key_ok = 0;
		memcpy(a->key, k, sizeof(k));
	}
	/* Grey depth, on 8-bit data: value v fits depth d when it is a multiple of 255/(2^d-1). */
	a->gray_depth = w16 ? 16 : 8;
	if (a->gray && !w16) {
		int ok1 = 1, ok2 = 1, ok4 = 1;
		for (size_t i = 0; i < n && (ok1 || ok2 || ok4); i++) {
			unsigned v = sample(im, 0, i, 0);
			if (!a->opaque && !a->key_ok)
				break; /* grey+alpha is always 8-bit */
			ok1 &= v % 255 == 0;
			ok2 &= v % 85 == 0;
			ok4 &= v % 17 == 0;
		}
		if (a->opaque || a->key_ok)
			a->gray_depth = ok1 ? 1 : ok2 ? 2 : ok4 ? 4 : 8;
	}
	/* Palette: distinct colours, counted on 8-bit data only. */
	a->ncolors = 257;
	if (!w16) {
		int over = 0;
		memset(cs, 0, sizeof(*cs));
		for (size_t i = 0; i < n; i++) {
			if (color_set_index(cs, rgba8_at(im, i), 1) >= 256) {
				over = 1;
				break;
			}
		}
		if (!over) {
			/* Order: translucent entries first so tRNS can stop early; else first use. */
			uint32_t tmp[256];
			int nt = 0, no = 0;
			a->ncolors = cs->n;
			for (unsigned h = 0; h < HASH_SLOTS; h++)
				if (cs->slot[h])
					tmp[cs->slot[h] >> 33] = (uint32_t)(cs->slot[h] - 1);
			for (int i = 0; i < cs->n; i++)
				if ((tmp[i] & 0xff) != 0xff)
					a->pal[nt++] = tmp[i];
			a->npal_alpha = nt;
			for (int i = 0; i < cs->n; i++)
				if ((tmp[i] & 0xff) == 0xff)
					a->pal[nt + no++] = tmp[i];
			memset(cs, 0, sizeof(*cs));
			for (int i = 0; i < a->ncolors; i++)
				color_set_index(cs, a->pal[i], 1);
		}
	}
}

/* ---- colour models and scanline packing ---------------------------------- */

struct model {
	int color_type; /* PNG colour type 0, 2, 3, 4, 6 */
	int depth;      /* bits per sample */
	int w16;        /* samples come from 16-bit data */
	int use_key;    /* write a tRNS colour key */
};

static int model_channels(const struct model *m)
{
	switch (m->color_type) {
	case 0: case 3: return 1;
	case 4: return 2;
	case 2: return 3;
	default: return 4;
	}
}

static size_t row_bytes(const struct model *m, uint32_t w)
{
	return ((size_t)w * model_channels(m) * m->depth + 7) / 8;
}

/* Pack `npix` pixels of row y, starting at x0 and stepping dx, into `out`. */
static void pack_row(const struct rgba_image *im, const struct model *m, struct color_set *cs,
		     uint32_t y, uint32_t x0, uint32_t dx, uint32_t npix, unsigned char *out)
{
	size_t base = (size_t)y * im->width;
	int ch = model_channels(m);

	if (m->depth < 8) {
		int per = 8 / m->depth, shift = 8 - m->depth;
		memset(out, 0, (npix * (size_t)m->depth + 7) / 8);
		for (uint32_t i = 0; i < npix; i++) {
			size_t p = base + x0 + (size_t)i * dx;
			unsigned v = m->color_type == 3 ? (unsigned)color_set_index(cs, rgba8_at(im, p), 0)
							: sample(im, 0, p, 0) >> (8 - m->depth);
			out[i / per] |= (unsigned char)(v << (shift - (int)(i % per) * m->depth));
		}
		return;
	}
	for (uint32_t i = 0; i < npix; i++) {
		size_t p = base + x0 + (size_t)i * dx;
		static const int src_gray[] = {0}, src_ga[] = {0, 3}, src_rgb[] = {0, 1, 2},
				 src_rgba[] = {0, 1, 2, 3};
		const int *src = ch == 1 ? src_gray : ch == 2 ? src_ga : ch == 3 ? src_rgb : src_rgba;
		if (m->color_type == 3) {
			*out++ = (unsigned char)color_set_index(cs, rgba8_at(im, p), 0);
			continue;
		}
		for (int c = 0; c < ch; c++) {
			unsigned v = sample(im, m->w16, p, src[c]);
			if (m->depth == 16)
				*out++ = (unsigned char)(v >> 8);
			*out++ = (unsigned char)v;
		}
	}
}

static const uint32_t adam7[7][4] = {
	/* x0, y0, dx, dy */
	{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2},
};

/*
 * The unfiltered scanlines of the whole image, pass after pass.  A row
 * starts with a spare byte for its filter type so filtering can work in
 * place in a copy.
 */
struct raw {
	unsigned char *data;
	size_t size;
	int npass;
	size_t pass_rows[7], pass_rowbytes[7];
	size_t bpp; /* bytes per complete pixel, at least 1, for the filters */
};

static void build_raw(const struct rgba_image *im, const struct model *m, struct color_set *cs,
		      int interlace, struct raw *r)
{
	size_t total = 0;
	memset(r, 0, sizeof(*r));
	r->bpp = ((size_t)model_channels(m) * m->depth + 7) / 8;
	r->npass = interlace ? 7 : 1;
	for (int p = 0; p < r->npass; p++) {
		uint32_t x0 = interlace ? adam7[p][0] : 0, y0 = interlace ? adam7[p][1] : 0;
		uint32_t dx = interlace ? adam7[p][2] : 1, dy = interlace ? adam7[p][3] : 1;
		uint32_t pw = im->width > x0 ? (im->width - x0 + dx - 1) / dx : 0;
		uint32_t ph = im->height > y0 ? (im->height - y0 + dy - 1) / dy : 0;
		if (pw == 0 || ph == 0)
			continue;
		r->pass_rows[p] = ph;
		r->pass_rowbytes[p] = row_bytes(m, pw);
		total += ph * (r->pass_rowbytes[p] + 1);
	}
	r->size = total;
	r->data = xmalloc(total ? total : 1);
	unsigned char *o = r->data;
	for (int p = 0; p < r->npass; p++) {
		uint32_t x0 = interlace ? adam7[p][0] : 0, y0 = interlace ? adam7[p][1] : 0;
		uint32_t dx = interlace ? adam7[p][2] : 1, dy = interlace ? adam7[p][3] : 1;
		uint32_t pw = im->width > x0 ? (im->width - x0 + dx - 1) / dx : 0;
		for (size_t j = 0; j < r->pass_rows[p]; j++) {
			*o++ = 0;
			pack_row(im, m, cs, y0 + (uint32_t)j * dy, x0, dx, pw, o);
			o += r->pass_rowbytes[p];
		}
	}
}

/* ---- row filters --------------------------------------------------------- */

static unsigned char paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
	return (unsigned char)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

/*
 * Filter one row with type f.  prev is the previous unfiltered row, or a
 * row of zeros for the first row of a pass (which is what PNG defines).
 * One loop per filter type: this is the innermost loop of the search.
 */
static void filter_row(int f, const unsigned char *cur, const unsigned char *prev, size_t n,
		       size_t bpp, unsigned char *out)
{
	size_t i, lead = bpp < n ? bpp : n;
	switch (f) {
	case 0:
		memcpy(out, cur, n);
		break;
	case 1:
		memcpy(out, cur, lead);
		for (i = lead; i < n; i++)
			out[i] = (unsigned char)(cur[i] - cur[i - bpp]);
		break;
	case 2:
		for (i = 0; i < n; i++)
			out[i] = (unsigned char)(cur[i] - prev[i]);
		break;
	case 3:
		for (i = 0; i < lead; i++)
			out[i] = (unsigned char)(cur[i] - (prev[i] >> 1));
		for (; i < n; i++)
			out[i] = (unsigned char)(cur[i] - ((cur[i - bpp] + prev[i]) >> 1));
		break;
	default:
		for (i = 0; i < lead; i++)
			out[i] = (unsigned char)(cur[i] - prev[i]);
		for (; i < n; i++)
			out[i] = (unsigned char)(cur[i] - paeth(cur[i - bpp], prev[i], prev[i - bpp]));
		break;
	}
}

enum strategy { S_NONE, S_SUB, S_UP, S_AVG, S_PAETH, S_MINSUM, S_ENTROPY, S_BRUTE, S_COUNT };

static uint64_t cost_minsum(const unsigned char *p, size_t n)
{
	uint64_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += p[i] < 128 ? p[i] : 256 - p[i];
	return s;
}

/* Shannon entropy of the row's bytes, scaled (lower is better). */
static uint64_t cost_entropy(const unsigned char *p, size_t n)
{
	unsigned hist[256] = {0};
	double e = 0;
	for (size_t i = 0; i < n; i++)
		hist[p[i]]++;
	for (int i = 0; i < 256; i++)
		if (hist[i])
			e -= hist[i] * log2((double)hist[i] / (double)n);
	return (uint64_t)(e * 16);
}

struct codec {
	struct libdeflate_compressor *fast, *best, *brute;
	unsigned char *zbuf; /* scratch for the brute-force row trials */
	size_t zcap;
};

/*
 * Brute force: for each row, the filter whose output compresses smallest
 * together with the previous filtered row (a cheap stand-in for the
 * deflate window).
 */
static uint64_t cost_brute(struct codec *cd, const unsigned char *prevf, size_t prevn,
			   const unsigned char *p, size_t n)
{
	size_t need = prevn + n, bound;
	unsigned char *tmp;
	if (need == 0)
		return 0;
	bound = libdeflate_deflate_compress_bound(cd->brute, need);
	if (cd->zcap < need + bound) {
		free(cd->zbuf);
		cd->zcap = need + bound;
		cd->zbuf = xmalloc(cd->zcap);
	}
	tmp = cd->zbuf + bound;
	if (prevn)
		memcpy(tmp, prevf, prevn);
	memcpy(tmp + prevn, p, n);
	return libdeflate_deflate_compress(cd->brute, tmp, need, cd->zbuf, bound);
}

/* Filter all rows of `r` with strategy s into out (same layout as r->data). */
static void apply_strategy(const struct raw *r, enum strategy s, struct codec *cd, unsigned char *out)
{
	size_t off = 0, maxrb = 0;
	unsigned char *trial[5], *zero;

	for (int p = 0; p < r->npass; p++)
		if (r->pass_rowbytes[p] > maxrb)
			maxrb = r->pass_rowbytes[p];
	for (int f = 0; f < 5; f++)
		trial[f] = s >= S_MINSUM ? xmalloc(maxrb + 1) : NULL;
	zero = xcalloc(1, maxrb + 1);
	for (int p = 0; p < r->npass; p++) {
		size_t rb = r->pass_rowbytes[p];
		const unsigned char *prev = zero;
		const unsigned char *prevf = NULL;
		for (size_t j = 0; j < r->pass_rows[p]; j++) {
			const unsigned char *cur = r->data + off + 1;
			if (s < S_MINSUM) {
				out[off] = (unsigned char)s;
				filter_row((int)s, cur, prev, rb, r->bpp, out + off + 1);
			} else {
				uint64_t best = UINT64_MAX;
				int bf = 0;
				for (int f = 0; f < 5; f++) {
					uint64_t c;
					filter_row(f, cur, prev, rb, r->bpp, trial[f]);
					c = s == S_MINSUM ? cost_minsum(trial[f], rb)
					    : s == S_ENTROPY ? cost_entropy(trial[f], rb)
							     : cost_brute(cd, prevf, prevf ? rb : 0, trial[f], rb);
					if (c < best)
						best = c, bf = f;
				}
				out[off] = (unsigned char)bf;
				memcpy(out + off + 1, trial[bf], rb);
			}
			prev = cur;
			prevf = out + off + 1;
			off += rb + 1;
		}
	}
	for (int f = 0; f < 5; f++)
		free(trial[f]);
	free(zero);
}

/* ---- the search ----------------------------------------------------------- */

struct plan {
	unsigned strategies; /* bit set of enum strategy */
	int rank_level;      /* libdeflate level for ranking */
	int final_level;     /* libdeflate level for the finalists */
	int finalists;       /* how many ranked candidates get the final level */
	int try_alternatives; /* also try the second-best colour model */
};

/*
 * What each effort level tries.  Measured on bench/images.sh's PNG corpus:
 * the deflate level of the final pass is what costs (libdeflate's levels
 * 10..12 are its near-optimal parsers); level 11 with three ranked filter
 * strategies is the default because it is at least as small as optipng -o2
 * at more than twice its speed.  Higher levels add filter strategies, more
 * finalists, and the other colour models (palette vs truecolour).
 */
static struct plan effort_plan(int effort)
{
	struct plan p;
	unsigned fixed = 1u << S_NONE | 1u << S_SUB | 1u << S_UP | 1u << S_AVG | 1u << S_PAETH;
	if (effort < 1)
		effort = 2;
	if (effort > 9)
		effort = 9;
	p.strategies = 1u << S_NONE | 1u << S_MINSUM;
	p.rank_level = 2;
	p.final_level = 9;
	p.finalists = 1;
	p.try_alternatives = 0;
	if (effort >= 2) {
		p.strategies |= 1u << S_ENTROPY;
		p.rank_level = 3;
		p.final_level = 11;
	}
	if (effort >= 3) {
		p.strategies |= fixed;
		p.final_level = 12;
		p.finalists = 2;
		p.try_alternatives = 1;
	}
	if (effort >= 4)
		p.rank_level = 6;
	if (effort >= 5) {
		p.strategies |= 1u << S_BRUTE;
		p.rank_level = 9;
		p.finalists = 3;
	}
	if (effort >= 7)
		p.finalists = 5;
	if (effort >= 9)
		p.finalists = S_COUNT;
	return p;
}

struct candidate {
	struct model m;
	size_t zlen;
	unsigned char *z; /* zlib stream, owned */
};

static size_t zcompress(struct libdeflate_compressor *c, const unsigned char *in, size_t n,
			unsigned char **out)
{
	size_t bound = libdeflate_zlib_compress_bound(c, n);
	*out = xmalloc(bound);
	return libdeflate_zlib_compress(c, in, n, *out, bound);
}

/* Try one colour model with the plan's filter strategies; keep the best in *best. */
static void search_model(const struct rgba_image *im, const struct model *m, struct color_set *cs,
			 int interlace, const struct plan *pl, struct codec *cd, struct candidate *best)
{
	struct raw r;
	struct { size_t size; enum strategy s; } rank[S_COUNT];
	int nrank = 0;
	unsigned char *filtered;

	build_raw(im, m, cs, interlace, &r);
	filtered = xmalloc(r.size ? r.size : 1);
	for (int s = 0; s < S_COUNT; s++) {
		unsigned char *z;
		size_t zl;
		if (!(pl->strategies & 1u << s))
			continue;
		apply_strategy(&r, (enum strategy)s, cd, filtered);
		zl = zcompress(cd->fast, filtered, r.size, &z);
		free(z);
		/* insertion sort by size */
		int i = nrank++;
		while (i > 0 && rank[i - 1].size > zl) {
			rank[i] = rank[i - 1];
			i--;
		}
		rank[i].size = zl ? zl : SIZE_MAX;
		rank[i].s = (enum strategy)s;
	}
	for (int i = 0; i < nrank && i < pl->finalists; i++) {
		unsigned char *z;
		size_t zl;
		apply_strategy(&r, rank[i].s, cd, filtered);
		zl = zcompress(cd->best, filtered, r.size, &z);
		if (zl && (!best->z || zl < best->zlen)) {
			free(best->z);
			best->z = z;
			best->zlen = zl;
			best->m = *m;
		} else {
			free(z);
		}
	}
	free(filtered);
	free(r.data);
}

/* ---- writing -------------------------------------------------------------- */

static int add_chunk(struct buf *out, const char *type, const unsigned char *data, size_t n)
{
	unsigned char hdr[8], crcb[4];
	uLong crc = crc32(0L, (const Bytef *)type, 4);
	if (n > 0x7fffffffu)
		return JD_ELIMIT;
	put32(hdr, (uint32_t)n);
	memcpy(hdr + 4, type, 4);
	if (n)
		crc = crc32(crc, data, (uInt)n);
	put32(crcb, (uint32_t)crc);
	if (buf_add(out, hdr, 8) || (n && buf_add(out, data, n)) || buf_add(out, crcb, 4))
		return JD_ELIMIT;
	return JD_OK;
}

static int write_png(const struct rgba_image *im, const struct analysis *a, const struct candidate *c,
		     int interlace, const struct chunk_info *ci, struct buf *out)
{
	unsigned char ihdr[13], plte[768], trns[256];
	const struct model *m = &c->m;
	int rc = 0;

	put32(ihdr, im->width);
	put32(ihdr + 4, im->height);
	ihdr[8] = (unsigned char)m->depth;
	ihdr[9] = (unsigned char)m->color_type;
	ihdr[10] = ihdr[11] = 0;
	ihdr[12] = (unsigned char)(interlace ? 1 : 0);
	rc |= buf_add(out, png_sig, 8);
	rc |= add_chunk(out, "IHDR", ihdr, 13);
	rc |= buf_add(out, ci->kept.data, ci->kept.len);
	if (m->color_type == 3) {
		for (int i = 0; i < a->ncolors; i++) {
			plte[i * 3] = (unsigned char)(a->pal[i] >> 24);
			plte[i * 3 + 1] = (unsigned char)(a->pal[i] >> 16);
			plte[i * 3 + 2] = (unsigned char)(a->pal[i] >> 8);
			trns[i] = (unsigned char)a->pal[i];
		}
		rc |= add_chunk(out, "PLTE", plte, (size_t)a->ncolors * 3);
		if (a->npal_alpha)
			rc |= add_chunk(out, "tRNS", trns, (size_t)a->npal_alpha);
	} else if (m->use_key) {
		unsigned char k[6];
		int nk = m->color_type == 0 ? 1 : 3;
		for (int i = 0; i < nk; i++) {
			unsigned v = a->key[i];
			if (m->depth < 8)
				v >>= 8 - m->depth;
			k[i * 2] = (unsigned char)(v >> 8);
			k[i * 2 + 1] = (unsigned char)v;
		}
		rc |= add_chunk(out, "tRNS", k, (size_t)nk * 2);
	}
	rc |= add_chunk(out, "IDAT", c->z, c->zlen);
	rc |= add_chunk(out, "IEND", NULL, 0);
	return rc ? JD_ELIMIT : JD_OK;
}

/* The colour models worth trying, best guess first. */
static int choose_models(const struct rgba_image *im, const struct analysis *a, int has_iccp,
			 struct model *ms)
{
	int n = 0, w16 = im->is16 && !a->can8, d8 = w16 ? 16 : 8;
	int src_gray = im->src_color_type == 0 || im->src_color_type == 4;
	/* An ICC profile is for grey or colour data; keep the file on its side of that line. */
	int allow_gray = !has_iccp || src_gray, allow_color = !has_iccp || !src_gray;
	int alpha_free = a->opaque || a->key_ok;

	if (a->gray && allow_gray && alpha_free)
		ms[n++] = (struct model){0, a->gray_depth, w16, !a->opaque};
	if (allow_color && a->ncolors <= 256) {
		int pd = a->ncolors <= 2 ? 1 : a->ncolors <= 4 ? 2 : a->ncolors <= 16 ? 4 : 8;
		ms[n++] = (struct model){3, pd, 0, 0};
	}
	if (a->gray && allow_gray && !alpha_free)
		ms[n++] = (struct model){4, d8, w16, 0};
	if (!a->gray || !allow_gray) {
		if (alpha_free)
			ms[n++] = (struct model){2, d8, w16, !a->opaque};
		else
			ms[n++] = (struct model){6, d8, w16, 0};
	}
	return n;
}

static int copy_apng(const unsigned char *in, size_t len, struct buf *out)
{
	size_t pos = 8;
	if (buf_add(out, in, 8))
		return JD_ELIMIT;
	while (pos + 12 <= len) {
		uint32_t n = be32(in + pos);
		const unsigned char *type = in + pos + 4;
		if (!chunk_is_metadata(type) && buf_add(out, in + pos, (size_t)n + 12))
			return JD_ELIMIT;
		pos += (size_t)n + 12;
		if (memcmp(type, "IEND", 4) == 0)
			break;
	}
	return JD_OK;
}

/* Does `png` decode to exactly the pixels of `ref`? */
static int same_pixels(const unsigned char *png, size_t len, const struct rgba_image *ref)
{
	struct rgba_image im;
	int same;
	if (png_decode_rgba(png, len, ref->is16, &im, NULL, NULL) != JD_OK)
		return 0;
	same = im.width == ref->width && im.height == ref->height && im.is16 == ref->is16 &&
	       memcmp(im.px, ref->px, (size_t)im.width * im.height * (im.is16 ? 8 : 4)) == 0;
	rgba_image_free(&im);
	return same;
}

int image_optimize_png(const unsigned char *in, size_t len, struct buf *out,
		       const struct image_opts *o, struct diag *d)
{
	struct chunk_info ci;
	struct rgba_image im = {0};
	struct analysis *a = NULL;
	struct color_set *cs = NULL;
	struct codec cd = {0};
	struct candidate best = {0};
	struct buf res;
	struct model ms[4];
	const char *file = o ? o->file : NULL;
	int effort = o && o->effort ? o->effort : 2;
	int interlace, nm, rc;
	struct plan pl;

	memset(&ci, 0, sizeof(ci));
	buf_init(&ci.kept, (size_t)1 << 26);
	/*
	 * A result the input's size or larger is of no use, so `res` holds no
	 * more, whatever out->max allows: running out of room means "not
	 * smaller", not an error (build's out->max is the input's size + 1 KiB,
	 * and an APNG copied or a tiny file re-encoded can be larger than that).
	 */
	buf_init(&res, len);
	rc = walk_chunks(in, len, &ci, file, d);
	if (rc)
		goto done;
	rc = png_decode_rgba(in, len, 0, &im, file, d);
	if (rc)
		goto done;
	if (ci.apng) {
		rc = copy_apng(in, len, &res);
		goto check;
	}
	interlace = o && o->keep_interlace && im.src_interlaced;
	a = xcalloc(1, sizeof(*a));
	cs = xcalloc(1, sizeof(*cs));
	analyse(&im, a, cs);
	pl = effort_plan(effort);
	cd.fast = libdeflate_alloc_compressor(pl.rank_level);
	cd.best = libdeflate_alloc_compressor(pl.final_level);
	cd.brute = libdeflate_alloc_compressor(1);
	if (!cd.fast || !cd.best || !cd.brute) {
		rc = diag_set(d, JD_EINPUT, file, "cannot allocate a deflate compressor");
		goto done;
	}
	nm = choose_models(&im, a, ci.has_iccp, ms);
	for (int i = 0; i < nm && (i == 0 || pl.try_alternatives); i++)
		search_model(&im, &ms[i], cs, interlace, &pl, &cd, &best);
	if (!best.z) {
		rc = diag_set(d, JD_ENOTSMALLER, file, "compression failed");
		goto done;
	}
	rc = write_png(&im, a, &best, interlace, &ci, &res);
check:
	if (rc) {
		rc = diag_set(d, JD_ENOTSMALLER, file, "already optimal: no re-encoding is smaller than %zu bytes",
			      len);
	} else if (res.len >= len) {
		rc = diag_set(d, JD_ENOTSMALLER, file, "already optimal: %zu bytes, best found %zu",
			      len, res.len);
	} else if (!same_pixels((unsigned char *)res.data, res.len, &im)) {
		rc = diag_set(d, JD_ENOTSMALLER, file, "re-encoded pixels differ; original kept");
	} else if (buf_add(out, res.data, res.len)) {
		rc = diag_set(d, JD_ELIMIT, file, "result over the output size limit");
	}
done:
	libdeflate_free_compressor(cd.fast);
	libdeflate_free_compressor(cd.best);
	libdeflate_free_compressor(cd.brute);
	free(cd.zbuf);
	free(best.z);
	free(a);
	free(cs);
	rgba_image_free(&im);
	buf_release(&ci.kept);
	buf_release(&res);
	return rc;
}
