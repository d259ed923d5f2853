/*
 * help.c - `jamdeploy help [COMMAND]`: the command list, or one command's usage.
 *
 * `help --man` prints the same table as the jamdeploy(1) man page (cmd/manpage.c):
 * help is where the table is rendered for people, and an option of it (rather
 * than a hidden command) keeps the page discoverable and the command list whole.
 */
#include "cmd.h"
#include "lib/util.h"

static const struct option help_options[] = {
	{ 0, "man", OPT_FLAG, OPT(man), NULL, "print the jamdeploy(1) man page (roff)" },
	COMMON_OPTIONS,
	OPT_END,
};

static enum jd_err run_help(struct opts *o, struct diag *d)
{
	const struct command *c;

	if (o->man) {
		if (o->nargs)
			return diag_set(d, JD_EUSAGE, NULL, "'help --man' prints the whole page: leave out '%s'",
					o->args[0]);
		print_man_page(stdout);
		return JD_OK;
	}
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
		printf("  %-10s %s\n", commands[i]->name, commands[i]->summary);
	printf("\n'jamdeploy help COMMAND' or 'jamdeploy COMMAND --help' shows a command's options.\n");
	return JD_OK;
}

const struct command cmd_help = {
	.name = "help",
	.summary = "show the commands, or one command's usage",
	.usage = "[COMMAND] [--man]",
	.options = help_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_help,
};
