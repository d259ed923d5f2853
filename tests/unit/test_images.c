/*
 * test_images.c - the PNG/JPEG/WebP optimizers on PngSuite and our fixtures.
 *
 * Without arguments (as tests/run calls it, from the top of the tree):
 *   - every PngSuite file: x*.png must be JD_EINPUT, the rest JD_OK with
 *     identical decoded pixels (checked with our decoder; the integration
 *     test checks again with PIL) or JD_ENOTSMALLER, `out` untouched on
 *     any error;
 *   - every fixture in tests/images/cases.test gives the listed result and
 *     is written into a temporary folder, removed afterwards;
 *   - behaviours: chunks kept and dropped, interlace, effort, EXIF
 *     Orientation and ICC in JPEG, lossy JPEG, WebP.
 *
 * As a tool (used by tests/integration/images_pixels.sh):
 *   test_images --write OUTDIR [--effort N] [--jpeg-quality Q] [--keep-interlace] [--webp] FILE...
 * writes OUTDIR/BASENAME for each FILE: the optimized file, or a copy of
 * the input when it is kept or refused; prints "RESULT BEFORE AFTER FILE".
 * With --webp it writes OUTDIR/BASENAME.webp instead, only when the WebP
 * pays, and prints the same line for it.
 */
#include "images/images.h"
#include "images/internal.h"
#include "lib/util.h"
#include "test.h"

#include <dirent.h>
#include <zlib.h>
#include <webp/decode.h>
#include <unistd.h>

static const char *result_name(int rc)
{
	switch (rc) {
	case JD_OK: return "ok";
	case JD_ENOTSMALLER: return "any";
	case JD_EINPUT: return "input";
	case JD_ELIMIT: return "limit";
	default: return "other";
	}
}

static int optimize(const struct buf *in, struct buf *out, const struct image_opts *o, struct diag *d)
{
	const unsigned char *p = (const unsigned char *)in->data;
	if (image_is_png(p, in->len))
		return image_optimize_png(p, in->len, out, o, d);
	return image_optimize_jpeg(p, in->len, out, o, d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in `dir` ending in `suffix`; caller frees each and the array. */
static char **list_dir(const char *dir, const char *suffix, size_t *n)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t cap = 0;
	*n = 0;
	if (!dh)
		return NULL;
	while ((e = readdir(dh)) != NULL) {
		if (!ends_with(e->d_name, suffix))
			continue;
		ARRAY_GROW(names, *n + 1, cap);
		names[(*n)++] = xstrdup(e->d_name);
	}
	closedir(dh);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_str);
	return names;
}

/* Do two PNGs decode to the same pixels (with our decoder)? */
static int png_same(const struct buf *a, const struct buf *b)
{
	struct rgba_image ia, ib;
	int same = 0, is16;
	if (png_decode_rgba((const unsigned char *)a->data, a->len, 0, &ia, NULL, NULL))
		return 0;
	is16 = ia.is16;
	rgba_image_free(&ia);
	if (png_decode_rgba((const unsigned char *)a->data, a->len, is16, &ia, NULL, NULL))
		return 0;
	if (png_decode_rgba((const unsigned char *)b->data, b->len, is16, &ib, NULL, NULL) == JD_OK) {
		same = ia.width == ib.width && ia.height == ib.height &&
		       memcmp(ia.px, ib.px, (size_t)ia.width * ia.height * (is16 ? 8 : 4)) == 0;
		rgba_image_free(&ib);
	}
	rgba_image_free(&ia);
	return same;
}

static int has_bytes(const struct buf *b, const char *s)
{
	return memmem(b->data, b->len, s, strlen(s)) != NULL;
}

static size_t count_bytes(const struct buf *b, const char *s)
{
	size_t n = 0, k = strlen(s);
	const char *p = b->data, *end = b->data + b->len;
	while ((p = memmem(p, (size_t)(end - p), s, k)) != NULL)
		n++, p += k;
	return n;
}

static void test_pngsuite(void)
{
	const char *dir = "tests/data/pngsuite/png";
	size_t n;
	char **names = list_dir(dir, ".png", &n);
	struct image_opts o = {.effort = 2};

	CHECK("pngsuite is present", n > 150);
	for (size_t i = 0; i < n; i++) {
		char *path = path_join(dir, names[i]), name[300];
		struct buf in = BUF_INIT, out = BUF_INIT;
		struct diag d;
		int rc;
		diag_clear(&d);
		read_file(path, &in, &d);
		buf_addstr(&out, "keep");
		o.file = path;
		rc = image_optimize_png((const unsigned char *)in.data, in.len, &out, &o, &d);
		if (names[i][0] == 'x') {
			snprintf(name, sizeof(name), "corrupt %s is reported as invalid input", names[i]);
			CHECK(name, rc == JD_EINPUT && out.len == 4 && d.msg[0] && strstr(d.file, names[i]));
		} else if (rc == JD_OK) {
			struct buf res = BUF_INIT;
			buf_add(&res, out.data + 4, out.len - 4);
			snprintf(name, sizeof(name), "%s optimized: smaller, same pixels", names[i]);
			CHECK(name, res.len < in.len && png_same(&in, &res));
			buf_release(&res);
		} else {
			snprintf(name, sizeof(name), "%s kept (already small), output untouched", names[i]);
			CHECK(name, rc == JD_ENOTSMALLER && out.len == 4 && memcmp(out.data, "keep", 4) == 0);
		}
		buf_release(&in);
		buf_release(&out);
		free(path);
		free(names[i]);
	}
	free(names);
}

/* Every fixture in cases.test: expected result, written to a temporary folder. */
static void test_fixtures(void)
{
	struct buf list = BUF_INIT;
	struct diag d;
	char tmpl[] = "/tmp/jd-images-XXXXXX", *dir = mkdtemp(tmpl);
	char *line, *save = NULL;
	size_t written = 0;

	CHECK("temporary folder", dir != NULL);
	CHECK("cases.test readable", read_file("tests/images/cases.test", &list, &d) == JD_OK);
	for (line = strtok_r(list.data, "\n", &save); line && dir; line = strtok_r(NULL, "\n", &save)) {
		char file[200], want[20], name[400], *path, *outp;
		struct buf in = BUF_INIT, out = BUF_INIT;
		struct image_opts o = {.effort = 2};
		int rc;
		if (line[0] == '#' || sscanf(line, "%199s %19s", file, want) != 2)
			continue;
		path = path_join("tests/images", file);
		o.file = path;
		diag_clear(&d);
		if (read_file(path, &in, &d) != JD_OK) {
			snprintf(name, sizeof(name), "fixture %s exists (run make-fixtures.py)", file);
			CHECK(name, 0);
			free(path);
			continue;
		}
		/*
		 * Room for the input's size and no more, as `build` gives (a result
		 * only pays when smaller): trial encodings that come out larger must
		 * not fail the file (a progressive JPEG re-encoded sequentially).
		 */
		buf_init(&out, in.len + 4);
		buf_addstr(&out, "keep");
		rc = optimize(&in, &out, &o, &d);
		snprintf(name, sizeof(name), "%s gives '%s' (got '%s': %.150s)", file, want, result_name(rc), d.msg);
		if (strcmp(want, "any") == 0)
			CHECK(name, rc == JD_OK || rc == JD_ENOTSMALLER);
		else
			CHECK(name, strcmp(result_name(rc), want) == 0);
		snprintf(name, sizeof(name), "%s: output %s", file,
			 rc == JD_OK ? "is smaller than the input" : "is untouched");
		if (rc == JD_OK)
			CHECK(name, out.len - 4 < in.len && memcmp(out.data, "keep", 4) == 0);
		else
			CHECK(name, out.len == 4 && memcmp(out.data, "keep", 4) == 0);
		if (rc == JD_OK && image_is_png((unsigned char *)in.data, in.len)) {
			struct buf res = BUF_INIT;
			buf_add(&res, out.data + 4, out.len - 4);
			snprintf(name, sizeof(name), "%s: same pixels after optimizing", file);
			CHECK(name, png_same(&in, &res));
			buf_release(&res);
		}
		if (rc == JD_OK) {
			outp = path_join(dir, file);
			if (write_file_atomic(outp, out.data + 4, out.len - 4, &d) == JD_OK)
				written++;
			unlink(outp);
			free(outp);
		}
		buf_release(&in);
		buf_release(&out);
		free(path);
	}
	CHECK("optimized fixtures written to a temporary folder", written > 10);
	if (dir)
		rmdir(dir);
	buf_release(&list);
}

/* Optimize one fixture with options; returns the code, result in out. */
static int run(const char *file, const struct image_opts *o0, struct buf *out)
{
	struct buf in = BUF_INIT;
	struct diag d;
	struct image_opts o = *o0;
	char *path = path_join("tests/images", file);
	int rc;
	o.file = path;
	rc = read_file(path, &in, &d);
	if (rc == JD_OK)
		rc = optimize(&in, out, &o, &d);
	buf_release(&in);
	free(path);
	return rc;
}

static void test_png_behaviour(void)
{
	struct image_opts o = {.effort = 2};
	struct buf out = BUF_INIT;
	size_t prev = 0;
	int all_ok = 1, monotone = 1;

	CHECK("ICC-tagged PNG optimizes", run("icc.png", &o, &out) == JD_OK);
	CHECK("PNG keeps its ICC profile", has_bytes(&out, "iCCP"));
	CHECK("PNG drops text chunks", !has_bytes(&out, "tEXt") && !has_bytes(&out, "iTXt"));
	buf_reset(&out);
	CHECK("gAMA/pHYs fixture optimizes", run("gamma-phys.png", &o, &out) == JD_OK);
	CHECK("PNG keeps gAMA and pHYs", has_bytes(&out, "gAMA") && has_bytes(&out, "pHYs"));
	buf_reset(&out);
	CHECK("APNG optimizes", run("apng.png", &o, &out) == JD_OK);
	CHECK("APNG keeps acTL and every frame", has_bytes(&out, "acTL") && count_bytes(&out, "fcTL") == 3 &&
						      count_bytes(&out, "fdAT") == 2 && !has_bytes(&out, "iTXt"));
	buf_reset(&out);
	CHECK("interlaced PNG optimizes", run("interlaced.png", &o, &out) == JD_OK);
	CHECK("interlaced PNG is de-interlaced by default", out.len > 28 && out.data[28] == 0);
	buf_reset(&out);
	o.keep_interlace = 1;
	run("interlaced.png", &o, &out);
	CHECK("keep_interlace keeps Adam7", out.len > 28 && out.data[28] == 1);
	o.keep_interlace = 0;
	buf_reset(&out);
	CHECK("RGBA with all-opaque alpha becomes RGB or palette",
	      run("rgba-opaque.png", &o, &out) == JD_OK && (out.data[25] == 2 || out.data[25] == 3));
	buf_reset(&out);
	CHECK("one transparent colour becomes tRNS, no alpha channel",
	      run("rgba-single-transparent.png", &o, &out) == JD_OK && out.data[25] != 6 &&
		      has_bytes(&out, "tRNS"));
	buf_reset(&out);
	CHECK("16-bit with redundant low bytes becomes 8-bit",
	      run("rgb16-reducible.png", &o, &out) == JD_OK && out.data[24] == 8);
	buf_reset(&out);
	CHECK("truly 16-bit image stays 16-bit", run("rgb16-full.png", &o, &out) == JD_OK && out.data[24] == 16);
	buf_reset(&out);
	CHECK("grey stored as RGB becomes grey or palette",
	      run("gray-as-rgb.png", &o, &out) == JD_OK && (out.data[25] == 0 || out.data[25] == 3));
	buf_reset(&out);
	CHECK("two-level grey becomes 1-bit",
	      run("bilevel-as-rgb.png", &o, &out) == JD_OK && out.data[24] == 1);
	buf_reset(&out);
	for (int e = 1; e <= 9; e++) {
		o.effort = e;
		if (run("photo.png", &o, &out) != JD_OK)
			all_ok = 0;
		if (e == 1 || e == 5 || e == 9) {
			if (prev && out.len > prev)
				monotone = 0;
			prev = out.len;
		}
		buf_reset(&out);
	}
	CHECK("every effort level 1..9 optimizes", all_ok);
	CHECK("effort 9 <= effort 5 <= effort 1 in size", monotone);
	buf_release(&out);
}

static void test_jpeg_behaviour(void)
{
	struct image_opts o = {.effort = 2};
	struct buf out = BUF_INIT, lossless = BUF_INIT, in = BUF_INIT;
	struct diag d;
	static const unsigned char orient6[] = {0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6};

	CHECK("ICC-tagged JPEG optimizes", run("icc.jpg", &o, &out) == JD_OK);
	CHECK("JPEG keeps its ICC profile", has_bytes(&out, "ICC_PROFILE"));
	buf_reset(&out);
	CHECK("EXIF JPEG optimizes", run("exif-orientation-6.jpg", &o, &out) == JD_OK);
	CHECK("JPEG keeps EXIF Orientation 6",
	      memmem(out.data, out.len, orient6, sizeof(orient6)) != NULL && has_bytes(&out, "Exif"));
	CHECK("JPEG drops the rest of the EXIF", !has_bytes(&out, "Camera maker") && !has_bytes(&out, "make-fixtures"));
	buf_reset(&out);
	CHECK("CMYK JPEG optimizes and keeps its Adobe marker", run("cmyk.jpg", &o, &out) == JD_OK && has_bytes(&out, "Adobe"));
	buf_reset(&out);
	read_file("tests/images/photo-q98-420.jpg", &in, &d);
	CHECK("quality of a q98 JPEG is estimated as 98",
	      jpeg_estimate_quality((unsigned char *)in.data, in.len) == 98);
	CHECK("lossless JPEG of q98 photo", run("photo-q98-420.jpg", &o, &lossless) == JD_OK);
	o.jpeg_quality = 80;
	CHECK("jpeg_quality 80 re-encodes a q98 photo", run("photo-q98-420.jpg", &o, &out) == JD_OK);
	CHECK("lossy result is smaller than the lossless one", out.len < lossless.len);
	CHECK("lossy result is estimated at quality 80",
	      jpeg_estimate_quality((unsigned char *)out.data, out.len) == 80);
	buf_reset(&out);
	buf_reset(&lossless);
	run("baseline-q90.jpg", &o, &out);
	o.jpeg_quality = 0;
	run("baseline-q90.jpg", &o, &lossless);
	o.jpeg_quality = 95;
	buf_reset(&in);
	run("baseline-q90.jpg", &o, &in);
	CHECK("jpeg_quality above the source's quality stays lossless",
	      in.len == lossless.len && memcmp(in.data, lossless.data, in.len) == 0);
	CHECK("jpeg_quality below the source's quality is smaller", out.len < lossless.len);
	buf_release(&out);
	buf_release(&lossless);
	buf_release(&in);
}

/* WebP of a PNG decodes (libwebp's decoder) to the PNG's exact RGBA. */
static int webp_same_as_png(const struct buf *png, const struct buf *webp)
{
	struct rgba_image im;
	int w, h, same = 0;
	uint8_t *px;
	if (png_decode_rgba((const unsigned char *)png->data, png->len, 0, &im, NULL, NULL))
		return 0;
	px = WebPDecodeRGBA((const uint8_t *)webp->data, webp->len, &w, &h);
	if (im.is16) /* reducible 16-bit: keep the high bytes */
		for (size_t i = 0; i < (size_t)im.width * im.height * 4; i++)
			im.px[i] = im.px[i * 2];
	if (px && (uint32_t)w == im.width && (uint32_t)h == im.height)
		same = memcmp(px, im.px, (size_t)w * h * 4) == 0;
	WebPFree(px);
	rgba_image_free(&im);
	return same;
}

static void test_webp(void)
{
	static const struct { const char *file; int want; } cases[] = {
		{"photo.png", JD_OK},
		{"rgba-alpha.png", JD_OK},
		{"rgb16-reducible.png", JD_OK},
		{"rgb16-full.png", JD_ENOTSMALLER},
		{"icc.png", JD_ENOTSMALLER},
		{"gamma-phys.png", JD_ENOTSMALLER},
		{"apng.png", JD_ENOTSMALLER},
		{"photo-q98-420.jpg", JD_OK},
		{"cmyk.jpg", JD_ENOTSMALLER},
		{"icc.jpg", JD_ENOTSMALLER},
		{"exif-orientation-6.jpg", JD_ENOTSMALLER},
		{"truncated.png", JD_EINPUT},
		{"truncated.jpg", JD_EINPUT},
		{"bomb-20000x20000.png", JD_ELIMIT},
		{"bomb-60000x60000.jpg", JD_ELIMIT},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf in = BUF_INIT, out = BUF_INIT;
		struct image_opts o = {.effort = 2};
		struct diag d;
		char *path = path_join("tests/images", cases[i].file), name[400];
		int rc;
		diag_clear(&d);
		o.file = path;
		read_file(path, &in, &d);
		buf_addstr(&out, "keep");
		rc = image_to_webp((unsigned char *)in.data, in.len, &out, &o, &d);
		snprintf(name, sizeof(name), "webp of %s gives %s (got %s: %.150s)", cases[i].file,
			 result_name(cases[i].want), result_name(rc), d.msg);
		CHECK(name, rc == cases[i].want && (rc == JD_OK || out.len == 4));
		if (rc == JD_OK) {
			struct buf w = BUF_INIT;
			buf_add(&w, out.data + 4, out.len - 4);
			snprintf(name, sizeof(name), "webp of %s is at least 10%% smaller", cases[i].file);
			CHECK(name, w.len <= in.len - in.len / 10 && memcmp(w.data + 8, "WEBP", 4) == 0);
			if (image_is_png((unsigned char *)in.data, in.len)) {
				snprintf(name, sizeof(name), "webp of %s has the same RGBA pixels", cases[i].file);
				CHECK(name, webp_same_as_png(&in, &w));
			}
			buf_release(&w);
		}
		buf_release(&in);
		buf_release(&out);
		free(path);
	}
}

/* After a mutation, make every PNG chunk's CRC right again so libpng reaches the damaged data. */
static void fix_png_crcs(unsigned char *p, size_t len)
{
	size_t pos = 8;
	while (pos + 12 <= len) {
		uint32_t n = (uint32_t)p[pos] << 24 | (uint32_t)p[pos + 1] << 16 | (uint32_t)p[pos + 2] << 8 | p[pos + 3];
		uint32_t crc;
		if (n > len - pos - 12)
			return;
		crc = (uint32_t)crc32(0, p + pos + 4, n + 4);
		p[pos + 8 + n] = (unsigned char)(crc >> 24);
		p[pos + 9 + n] = (unsigned char)(crc >> 16);
		p[pos + 10 + n] = (unsigned char)(crc >> 8);
		p[pos + 11 + n] = (unsigned char)crc;
		pos += (size_t)n + 12;
	}
}

/*
 * Damaged images: for every fixture, 40 deterministic single-byte changes
 * (PNG CRCs repaired, so the damage reaches libpng/zlib).  Whatever the
 * result, it is one of the documented codes, `out` is untouched unless
 * JD_OK, and (under ASan, `make asan`) nothing leaks or crashes.
 */
static void test_mutations(void)
{
	const char *files[] = {"photo.png", "palette-trns.png", "interlaced.png", "rgb16-full.png", "apng.png",
			       "icc.png", "baseline-q90.jpg", "progressive.jpg", "cmyk.jpg", "exif-orientation-6.jpg"};
	uint32_t seed = 12345;
	int bad = 0, total = 0;

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		struct buf in = BUF_INIT;
		struct diag d;
		char *path = path_join("tests/images", files[f]);
		read_file(path, &in, &d);
		for (int k = 0; k < 40 && in.len > 16; k++) {
			struct buf m = BUF_INIT, out = BUF_INIT;
			struct image_opts o = {.effort = 1, .file = path};
			int rc, rw;
			size_t at;
			buf_add(&m, in.data, in.len);
			seed = seed * 1103515245u + 12345u;
			at = 8 + (seed >> 8) % (in.len - 8);
			m.data[at] = (char)(m.data[at] ^ (1 + (seed >> 3) % 255));
			if (image_is_png((unsigned char *)in.data, in.len))
				fix_png_crcs((unsigned char *)m.data, m.len);
			buf_addstr(&out, "keep");
			rc = optimize(&m, &out, &o, &d);
			rw = image_to_webp((unsigned char *)m.data, m.len, &out, &o, &d);
			total++;
			if (!(rc == JD_OK || rc == JD_ENOTSMALLER || rc == JD_EINPUT || rc == JD_ELIMIT) ||
			    !(rw == JD_OK || rw == JD_ENOTSMALLER || rw == JD_EINPUT || rw == JD_ELIMIT) ||
			    (rc != JD_OK && rw != JD_OK && out.len != 4)) {
				printf("# %s byte %zu: optimize %d, webp %d, out %zu\n", files[f], at, rc, rw, out.len);
				bad++;
			}
			buf_release(&m);
			buf_release(&out);
		}
		buf_release(&in);
		free(path);
	}
	CHECK("damaged images give documented codes and leave the output alone", bad == 0 && total == 400);
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--write") == 0) {
		struct image_opts o = {.effort = 2};
		const char *dir = argv[2];
		int i = 3, bad = 0, webp = 0;
		for (; i < argc && argv[i][0] == '-'; i++) {
			if (strcmp(argv[i], "--effort") == 0 && i + 1 < argc)
				o.effort = (int)strtol(argv[++i], NULL, 10);
			else if (strcmp(argv[i], "--jpeg-quality") == 0 && i + 1 < argc)
				o.jpeg_quality = (int)strtol(argv[++i], NULL, 10);
			else if (strcmp(argv[i], "--keep-interlace") == 0)
				o.keep_interlace = 1;
			else if (strcmp(argv[i], "--webp") == 0)
				webp = 1;
		}
		for (; i < argc; i++) {
			struct buf in = BUF_INIT, out = BUF_INIT;
			struct diag d;
			const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
			char *outp = path_join(dir, base);
			int rc;
			diag_clear(&d);
			o.file = argv[i];
			rc = read_file(argv[i], &in, &d);
			if (rc == JD_OK && webp) {
				rc = image_to_webp((unsigned char *)in.data, in.len, &out, &o, &d);
				printf("%s %zu %zu %s\n", result_name(rc), in.len, rc == JD_OK ? out.len : in.len, argv[i]);
				if (rc == JD_OK) {
					char *wp = xasprintf("%s.webp", outp);
					bad |= write_file_atomic(wp, out.data, out.len, &d) != JD_OK;
					free(wp);
				}
				buf_release(&in);
				buf_release(&out);
				free(outp);
				continue;
			}
			if (rc == JD_OK)
				rc = optimize(&in, &out, &o, &d);
			printf("%s %zu %zu %s\n", result_name(rc), in.len, rc == JD_OK ? out.len : in.len, argv[i]);
			if (rc == JD_OK)
				bad |= write_file_atomic(outp, out.data, out.len, &d) != JD_OK;
			else
				bad |= write_file_atomic(outp, in.data, in.len, &d) != JD_OK;
			buf_release(&in);
			buf_release(&out);
			free(outp);
		}
		return bad;
	}
	test_pngsuite();
	test_fixtures();
	test_png_behaviour();
	test_jpeg_behaviour();
	test_webp();
	test_mutations();
	TEST_DONE();
}
