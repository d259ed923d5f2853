/*
 * check.c - `jamdeploy check`: registered so scripts and help see it; it answers
 * "not available" (exit 2) until its implementation lands.
 */
#include "cmd.h"
#include "lib/util.h"

static const struct option check_options[] = { COMMON_OPTIONS, OPT_END };

static enum jd_err run_check(struct opts *o, struct diag *d)
{
	return diag_set(d, JD_EUNSUPPORTED, NULL, "'check' is not available in this build yet");
}

const struct command cmd_check = {
	.name = "check",
	.summary = "check size budgets; exit 1 when one is exceeded",
	.usage = "[SITE]",
	.options = check_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_check,
};
