/*
 * batch.h - optimize a list of image files on disk: `jamdeploy images`.
 *
 * Each PNG or JPEG (told apart by signature, not extension) is re-encoded
 * with images.h: lossless by default, lossy JPEG only with jpeg_quality.
 * With an out_dir every input gets OUT_DIR/BASENAME (the re-encoded file,
 * or a copy when it was already as small as we can make it); without one a
 * file is rewritten in place only when the result is smaller.  With webp,
 * NAME.webp (extension replaced) is also written beside the output when the
 * WebP is at least 10% smaller than the output (the optimized file, as
 * `build --webp` decides).  A file that cannot be read, is not a PNG or
 * JPEG, or is corrupt or over the limits is left alone and its result says
 * why; the other files are still done.
 */
#ifndef JD_IMAGES_BATCH_H
#define JD_IMAGES_BATCH_H

#include <stddef.h>

#include "images/images.h"
#include "lib/err.h"

/* Inputs over this size are refused (JD_ELIMIT) before they are read. */
#define IMAGE_INPUT_MAX (512u << 20)

struct image_batch_opts {
	const char *out_dir;       /* NULL: in place */
	int webp;                  /* also write NAME.webp when it pays */
	struct image_opts image;   /* effort, jpeg_quality, keep_interlace (.file is set per file) */
	int jobs;                  /* files at once (lib/parallel.h) */
};

/* What became of one file. */
struct image_result {
	const char *name;          /* the input as given (not copied) */
	/*
	 * JD_OK: optimized (written); JD_ENOTSMALLER: kept (copied to out_dir
	 * when there is one); anything else: an error, described in `d`, whose
	 * message names the file and says it was left unchanged.
	 */
	enum jd_err rc;
	size_t before, after;      /* input size, size of what ships (== before when kept) */
	size_t webp;               /* size of NAME.webp written, 0: none */
	double seconds;            /* wall time spent on this file */
	struct diag d;
};

/*
 * Optimize files[0..n-1] (see the top), `o->jobs` files at once.  results
 * must hold n entries; results[i] is filled for files[i], so reading them in
 * order gives output that does not depend on scheduling.  The file names
 * must stay valid while the results are used.
 */
void images_batch(char *const *files, size_t n, const struct image_batch_opts *o,
		  struct image_result *results);

#endif
