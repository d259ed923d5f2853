/*
 * images.c - `jamdeploy images FILE... [-o DIR] [--webp] [--effort N] [--jpeg-quality Q]`.
 *
 * Each PNG or JPEG (told apart by signature, not extension) goes through
 * images/: lossless by default, lossy JPEG only with --jpeg-quality.  With
 * -o DIR every input gets DIR/NAME (the re-encoded file, or a copy when it
 * was already as small as we can make it); without -o a file is rewritten
 * in place only when the result is smaller.  --webp also writes NAME.webp
 * (extension replaced) beside the output when the WebP is at least 10%
 * smaller than the output (the optimized file, as `build --webp` decides).  A corrupt or oversized image is reported with its name and
 * left alone; the other files are still done, and the exit status is 1.
 *
 * Files are shared out to --jobs threads (default: CPUs) through one
 * mutex-protected cursor; each thread owns its item's buffers, and results
 * are printed in argument order once all are done, so output does not
 * depend on scheduling.
 *
 * --json: {"files":[{"file":"a.png","result":"optimized","before":123,
 *   "after":100,"saving":23,"seconds":0.012,"webp":80}, ...],
 *   "before":123,"after":100}.  result is optimized, kept or error (with
 *   "error": message); "webp" is present only when a WebP was written.
 */
#include <pthread.h>
#include <time.h>

#include "cmd.h"
#include "images/images.h"
#include "lib/util.h"
#include "report.h"

#define IMAGE_INPUT_MAX (512u << 20)

static const struct option images_options[] = {
	{ 'o', "out", OPT_STRING, OPT(out), "DIR", "write DIR/NAME for each file instead of in place" },
	{ 0, "webp", OPT_FLAG, OPT(webp), NULL, "also write NAME.webp when it is at least 10% smaller" },
	{ 0, "effort", OPT_INT, OPT(effort), "N", "1 (fast) .. 9 (smallest), default 2" },
	{ 0, "jpeg-quality", OPT_INT, OPT(jpeg_quality), "Q", "re-encode JPEGs saved above quality Q (lossy)" },
	{ 0, "keep-interlace", OPT_FLAG, OPT(keep_interlace), NULL, "keep interlaced PNGs interlaced" },
	COMMON_OPTIONS,
	OPT_END,
};

struct item {
	const char *name;
	enum jd_err rc;     /* JD_OK optimized, JD_ENOTSMALLER kept, else error in d */
	size_t before, after, webp;
	double seconds;
	struct diag d;
};

struct work {
	const struct opts *o;
	struct item *items;
	int n, next;
	pthread_mutex_t lock;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *dest_for(const struct opts *o, const char *name)
{
	const char *base = strrchr(name, '/');
	return o->out ? path_join(o->out, base ? base + 1 : name) : xstrdup(name);
}

/* NAME.png -> NAME.webp (the extension replaced, or added when there is none). */
static char *webp_name(const char *path)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);
	return xasprintf("%.*s.webp", (int)stem, path);
}

static void do_item(const struct opts *o, struct item *it)
{
	struct buf in, out = BUF_INIT, webp = BUF_INIT;
	struct image_opts io = { .effort = o->effort, .jpeg_quality = o->jpeg_quality,
				 .keep_interlace = o->keep_interlace, .file = it->name };
	const unsigned char *p;
	char *dest = dest_for(o, it->name);
	double t0 = now();
	enum jd_err rc;

	diag_clear(&it->d);
	buf_init(&in, IMAGE_INPUT_MAX);
	rc = read_file(it->name, &in, &it->d);
	p = (const unsigned char *)in.data;
	it->before = it->after = in.len;
	if (rc == JD_OK) {
		if (in.len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
			rc = image_optimize_png(p, in.len, &out, &io, &it->d);
		else if (in.len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
			rc = image_optimize_jpeg(p, in.len, &out, &io, &it->d);
		else
			rc = diag_set(&it->d, JD_EINPUT, it->name, "not a PNG or JPEG file");
	}
	if (rc == JD_OK) {
		it->after = out.len;
		rc = write_file_atomic(dest, out.data, out.len, &it->d);
	} else if (rc == JD_ENOTSMALLER && o->out) {
		rc = write_file_atomic(dest, in.data, in.len, &it->d);
		if (rc == JD_OK)
			rc = JD_ENOTSMALLER;
	}
	if ((rc == JD_OK || rc == JD_ENOTSMALLER) && o->webp) {
		/* from the file as it ships (same pixels): a WebP must beat the optimized bytes */
		const struct buf *from = rc == JD_OK ? &out : &in;
		struct diag wd;
		if (image_to_webp((const unsigned char *)from->data, from->len, &webp, &io, &wd) == JD_OK) {
			char *wname = webp_name(dest);
			enum jd_err wrc = write_file_atomic(wname, webp.data, webp.len, &it->d);
			if (wrc)
				rc = wrc;
			else
				it->webp = webp.len;
			free(wname);
		}
	}
	if (rc != JD_OK && rc != JD_ENOTSMALLER) {
		/* diag_format prints the file only with a line number: name it in the message. */
		char msg[sizeof(it->d.msg)];
		snprintf(msg, sizeof(msg), "%s", it->d.msg);
		snprintf(it->d.msg, sizeof(it->d.msg), "'%s': %.900s (file left unchanged)", it->name, msg);
		if (!it->d.file[0])
			snprintf(it->d.file, sizeof(it->d.file), "%s", it->name);
	}
	it->rc = rc;
	it->seconds = now() - t0;
	free(dest);
	buf_release(&in);
	buf_release(&out);
	buf_release(&webp);
}

static void *worker(void *arg)
{
	struct work *w = arg;
	for (;;) {
		int i;
		pthread_mutex_lock(&w->lock);
		i = w->next < w->n ? w->next++ : -1;
		pthread_mutex_unlock(&w->lock);
		if (i < 0)
			return NULL;
		do_item(w->o, &w->items[i]);
	}
}

static void print_item(const struct item *it)
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

static json_t *item_json(const struct item *it, struct jb *b)
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
	struct work w = { .o = o, .n = o->nargs };
	pthread_t *threads;
	int nthreads = cpu_jobs(o) < o->nargs ? cpu_jobs(o) : o->nargs;
	size_t before = 0, after = 0;
	enum jd_err rc = JD_OK;

	if (o->effort > 9)
		return diag_set(d, JD_EUSAGE, NULL, "--effort goes from 1 to 9, not %d", o->effort);
	if (o->jpeg_quality > 100)
		return diag_set(d, JD_EUSAGE, NULL, "--jpeg-quality goes from 1 to 100, not %d", o->jpeg_quality);
	w.items = xcalloc((size_t)o->nargs, sizeof(*w.items));
	for (int i = 0; i < o->nargs; i++)
		w.items[i].name = o->args[i];
	pthread_mutex_init(&w.lock, NULL);
	threads = xcalloc((size_t)nthreads, sizeof(*threads));
	for (int t = 0; t < nthreads; t++)
		if (pthread_create(&threads[t], NULL, worker, &w)) {
			nthreads = t; /* the threads that started (or this one, below) do the rest */
			break;
		}
	if (nthreads == 0)
		worker(&w);
	for (int t = 0; t < nthreads; t++)
		pthread_join(threads[t], NULL);
	pthread_mutex_destroy(&w.lock);

	struct jb jb = JB_INIT;
	json_t *files = o->json ? jb_value(&jb, json_array()) : NULL;
	for (int i = 0; i < o->nargs; i++) {
		struct item *it = &w.items[i];
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
	free(threads);
	free(w.items);
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
