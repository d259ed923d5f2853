/*
 * images.c - `jamdeploy images`: registered so scripts and help see it; it answers
 * "not available" (exit 2) until its implementation lands.
 */
#include "cmd.h"
#include "lib/util.h"

static const struct option images_options[] = { COMMON_OPTIONS, OPT_END };

static enum jd_err run_images(struct opts *o, struct diag *d)
{
	return diag_set(d, JD_EUNSUPPORTED, NULL, "'images' is not available in this build yet");
}

const struct command cmd_images = {
	.name = "images",
	.summary = "re-encode PNG/JPEG images (lossless by default)",
	.usage = "FILE... [-o DIR] [--webp]",
	.options = images_options,
	.min_args = 1,
	.max_args = -1,
	.run = run_images,
};
