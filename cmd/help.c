/*
 * help.c - `jamdeploy help [COMMAND]`: the command list, or one command's usage.
 */
#include "cmd.h"
#include "lib/util.h"

static const struct option help_options[] = { COMMON_OPTIONS, OPT_END };

static enum jd_err run_help(struct opts *o, struct diag *d)
{
	const struct command *c;

	if (o->nargs == 1) {
		if (!(c = find_command(o->args[0])))
			return diag_set(d, JD_EUSAGE, NULL, "unknown command '%s' (see 'jamdeploy help')",
					o->args[0]);
		print_usage(c, stdout);
		return JD_OK;
	}
	printf("usage: jamdeploy COMMAND [ARGS] [OPTIONS]\n\n"
	       "Optimize a static site and deploy only what changed.\n\ncommands:\n");
	for (int i = 0; commands[i]; i++)
		printf("  %-8s %s\n", commands[i]->name, commands[i]->summary);
	printf("\n'jamdeploy help COMMAND' or 'jamdeploy COMMAND --help' shows a command's options.\n");
	return JD_OK;
}

const struct command cmd_help = {
	.name = "help",
	.summary = "show the commands, or one command's usage",
	.usage = "[COMMAND]",
	.options = help_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_help,
};
