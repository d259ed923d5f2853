/*
 * images.c - `jamdeploy images FILE... [-o DIR] [--webp] [--effort N] [--jpeg-quality Q]`.
 *
 * images_batch (images/batch.h) does the work, --jobs files at once
 * (default: CPUs): lossless by default, lossy JPEG only with
 * --jpeg-quality; with -o DIR every input gets DIR/NAME, without it a file
 * is rewritten in place only when the result is smaller; --webp also
 * writes NAME.webp when it pays.  A corrupt or oversized image is reported
 * with its name and left alone; the other files are still done, and the
 * exit status is 1.  Results are printed in argument order once all are
 * done, so output does not depend on scheduling.
 *
 * --json: {"files":[{"file":"a.png","result":"optimized","before":123,
 *   "after":100,"saving":23,"seconds":0.012,"webp":80}, ...],
 *   "before":123,"after":100}.  result is optimized, kept or error (with
 *   "error": message); "webp" is present only when a WebP was written.
 */
#include "cmd.h"
#include "images/batch.h"
#include "lib/util.h"
#include "report.h"

static const struct option images_options[] = {
	{ 'o', "out", OPT_STRING, OPT(out), "DIR", "write DIR/NAME for each file instead of in place" },
	{ 0, "webp", OPT_FLAG, OPT(webp), NULL, "also write NAME.webp when it is at least 10% smaller" },
	{ 0, "effort", OPT_INT, OPT(effort), "N", "1 (fast) .. 9 (smallest), default 2" },
	{ 0, "jpeg-quality", OPT_INT, OPT(jpeg_quality), "Q", "re-encode JPEGs saved above quality Q (lossy)" },
	{ 0, "keep-interlace", OPT_FLAG, OPT(keep_interlace), NULL, "keep interlaced PNGs interlaced" },
	COMMON_OPTIONS,
	OPT_END,
};

static void print_item(const struct image_result *it)
{
	char b[32], a[32];
	format_bytes(it->before, b, sizeof(b));
	format_bytes(it->after, a, sizeof(a));
	if (it->rc == JD_OK)
		printf("%s: %s -> %s (-%.1f%%) in %.2f s", it->name, b, a,
		       100.0 * (double)(it->before - it->after) / (double)it->before, it->seconds);
	else
		printf("%s: %s kept (already optimal) in %.2f s", it->name, b, it->seconds);
	if (it->webp) {
		format_bytes(it->webp, a, sizeof(a));
		printf(", webp %s", a);
	}
	putchar('\n');
}

static json_t *item_json(const struct image_result *it, struct jb *b)
{
	int ok = it->rc == JD_OK || it->rc == JD_ENOTSMALLER;
	json_t *j = jb_value(b, json_pack("{s:o, s:s, s:I, s:I, s:I, s:f}", "file",
					  jb_string(b, it->name), "result",
					  it->rc == JD_OK ? "optimized" : ok ? "kept" : "error",
					  "before", (json_int_t)it->before, "after", (json_int_t)it->after,
					  "saving", (json_int_t)(it->before - it->after), "seconds",
					  it->seconds));
	if (it->webp)
		jb_set(b, j, "webp", jb_value(b, json_integer((json_int_t)it->webp)));
	if (!ok)
		jb_set(b, j, "error", jb_string(b, it->d.msg));
	return j;
}

static enum jd_err run_images(struct opts *o, struct diag *d)
{
	struct image_batch_opts bo = {
		.out_dir = o->out, .webp = o->webp, .jobs = cpu_jobs(o),
		.image = { .effort = o->effort, .jpeg_quality = o->jpeg_quality,
			   .keep_interlace = o->keep_interlace },
	};
	struct image_result *results;
	size_t before = 0, after = 0;
	enum jd_err rc = JD_OK;

	if (o->effort > 9)
		return diag_set(d, JD_EUSAGE, NULL, "--effort goes from 1 to 9, not %d", o->effort);
	if (o->jpeg_quality > 100)
		return diag_set(d, JD_EUSAGE, NULL, "--jpeg-quality goes from 1 to 100, not %d", o->jpeg_quality);
	results = xcalloc((size_t)o->nargs, sizeof(*results));
	images_batch(o->args, (size_t)o->nargs, &bo, results);

	struct jb jb = JB_INIT;
	json_t *files = o->json ? jb_value(&jb, json_array()) : NULL;
	for (int i = 0; i < o->nargs; i++) {
		struct image_result *it = &results[i];
		if (it->rc == JD_OK || it->rc == JD_ENOTSMALLER) {
			before += it->before;
			after += it->after;
			if (files)
				jb_append(&jb, files, item_json(it, &jb));
			else if (!o->quiet)
				print_item(it);
		} else if (!rc) {
			rc = it->rc; /* main prints the first error */
			*d = it->d;
		} else {
			char text[2048];
			diag_format(&it->d, text, sizeof(text));
			fprintf(stderr, "jamdeploy: error: %s\n", text);
		}
	}
	if (files) {
		if (!rc) {
			json_t *doc = jb_value(&jb, json_pack("{s:o, s:I, s:I}", "files", files, "before",
							      (json_int_t)before, "after", (json_int_t)after));
			rc = print_json(doc, &jb, d);
			json_decref(doc);
		} else {
			jb_release(&jb);
			json_decref(files);
		}
	} else if (!o->quiet && o->nargs > 1 && before) {
		char b[32], a[32];
		format_bytes(before, b, sizeof(b));
		format_bytes(after, a, sizeof(a));
		printf("total: %s -> %s (-%.1f%%)\n", b, a, 100.0 * (double)(before - after) / (double)before);
	}
	free(results);
	return rc;
}

const struct command cmd_images = {
	.name = "images",
	.summary = "re-encode PNG/JPEG images (lossless by default)",
	.usage = "FILE... [-o DIR] [--webp] [--effort N] [--jpeg-quality Q]",
	.options = images_options,
	.min_args = 1,
	.max_args = -1,
	.run = run_images,
};
