/*
 * minify.c - `jamdeploy minify`: registered so scripts and help see it; it answers
 * "not available" (exit 2) until its implementation lands.
 */
#include "cmd.h"
#include "lib/util.h"

static const struct option minify_options[] = { COMMON_OPTIONS, OPT_END };

static enum jd_err run_minify(struct opts *o, struct diag *d)
{
	return diag_set(d, JD_EUNSUPPORTED, NULL, "'minify' is not available in this build yet");
}

const struct command cmd_minify = {
	.name = "minify",
	.summary = "minify HTML/CSS/JS/SVG/JSON files ('-' reads stdin)",
	.usage = "FILE... [-o OUT] [--type T]",
	.options = minify_options,
	.min_args = 1,
	.max_args = -1,
	.run = run_minify,
};
