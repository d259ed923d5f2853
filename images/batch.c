/*
 * batch.c - optimize a list of image files on disk (see batch.h).
 *
 * Files are shared out to o->jobs threads by parallel_for (lib/parallel.h);
 * each call owns its file's buffers and writes only its own struct
 * image_result, and the encoders are thread-safe (images.h), so nothing
 * else is shared.  Every write is atomic (write_file_atomic): an input is
 * never left half-rewritten.
 */
#include "images/batch.h"

#include <stdlib.h>
#include <time.h>

#include "lib/parallel.h"
#include "lib/util.h"

struct batch {
	char *const *files;
	const struct image_batch_opts *o;
	struct image_result *results;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *dest_for(const struct image_batch_opts *o, const char *name)
{
	const char *base = strrchr(name, '/');
	return o->out_dir ? path_join(o->out_dir, base ? base + 1 : name) : xstrdup(name);
}

/* NAME.png -> NAME.webp (the extension replaced, or added when there is none). */
static char *webp_name(const char *path)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);
	return xasprintf("%.*s.webp", (int)stem, path);
}

static void optimize_one(const struct image_batch_opts *o, struct image_result *it)
{
	struct buf in, out = BUF_INIT, webp = BUF_INIT;
	struct image_opts io = o->image;
	const unsigned char *p;
	char *dest = dest_for(o, it->name);
	double t0 = now();
	enum jd_err rc;
	int rewritten;

	io.file = it->name;
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
	} else if (rc == JD_ENOTSMALLER && o->out_dir) {
		rc = write_file_atomic(dest, in.data, in.len, &it->d);
		if (rc == JD_OK)
			rc = JD_ENOTSMALLER;
	}
	rewritten = rc == JD_OK && !o->out_dir;
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
		snprintf(it->d.msg, sizeof(it->d.msg), "'%s': %.900s (%s)", it->name, msg,
			 rewritten ? "the file itself was optimized in place; its WebP was not written"
				   : "file left unchanged");
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

static void optimize_index(void *arg, size_t i)
{
	struct batch *b = arg;

	if (b->results[i].rc == JD_OK) /* not refused by refuse_shared_outputs */
		optimize_one(b->o, &b->results[i]);
}

struct output {
	char *path;
	size_t file;
};

static int by_path(const void *a, const void *b)
{
	const struct output *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : (x->file > y->file) - (x->file < y->file);
}

/*
 * Two inputs that would write the same file (a/x.png and b/x.png into one
 * -o folder; x.png and x.jpg with --webp both make x.webp) would race, the
 * last writer winning: every input after the first to claim an output is
 * refused instead, before anything is written.
 */
static void refuse_shared_outputs(const struct image_batch_opts *o, struct image_result *results,
				  size_t n)
{
	struct output *outs = xcalloc(2 * n + 1, sizeof(*outs));
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		char *dest = dest_for(o, results[i].name);

		if (o->webp)
			outs[m++] = (struct output){ webp_name(dest), i };
		outs[m++] = (struct output){ dest, i };
	}
	qsort(outs, m, sizeof(*outs), by_path);
	for (size_t k = 1, first = 0; k < m; k++) {
		struct image_result *later = &results[outs[k].file];

		if (strcmp(outs[k].path, outs[first].path)) {
			first = k; /* the first input to claim this output keeps it */
			continue;
		}
		if (outs[k].file == outs[first].file || later->rc)
			continue;
		later->rc = diag_set(&later->d, JD_EUSAGE, later->name, "'%s' would write '%s', as '%s' "
				     "does (file left unchanged: give them different names or output "
				     "folders)", later->name, outs[k].path, results[outs[first].file].name);
	}
	for (size_t k = 0; k < m; k++)
		free(outs[k].path);
	free(outs);
}

void images_batch(char *const *files, size_t n, const struct image_batch_opts *o,
		  struct image_result *results)
{
	struct batch b = { files, o, results };

	for (size_t i = 0; i < n; i++) {
		memset(&results[i], 0, sizeof(results[i]));
		results[i].name = files[i];
	}
	refuse_shared_outputs(o, results, n);
	parallel_for(n, o->jobs, optimize_index, &b);
}
