/*
 * main.c - jamdeploy's entry point: find the command, parse, run, exit.
 *
 * Commands are looked up by exact name (no prefixes: a script must not
 * change meaning when a command is added).  Only main exits: it maps the
 * command's result to the exit status of DESIGN.md (0 ok, 1 the work
 * failed, 2 usage or configuration), prints the error (and, under --json,
 * an error document on stdout), and checks that stdout was really written,
 * so a full disk is not reported as success.
 */
#include <errno.h>
#include <jansson.h>

#include "cmd.h"
#include "lib/util.h"

const struct command *const commands[] = {
	&cmd_build, &cmd_diff, &cmd_push, &cmd_check, &cmd_minify, &cmd_images, &cmd_help,
	&cmd_version, NULL,
};

const struct command *find_command(const char *name)
{
	for (int i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static void print_error(const struct diag *d, int json)
{
	char text[2048];

	diag_format(d, text, sizeof(text));
	fprintf(stderr, "jamdeploy: error: %s\n", text);
	if (json) {
		json_t *doc = json_pack("{s:b, s:{s:i, s:s, s:s, s:s}}", "ok", 0, "error", "code",
					(int)d->code, "kind", jd_strerror(d->code), "message", d->msg,
					"file", d->file);
		if (d->line > 0)
			json_object_set_new(json_object_get(doc, "error"), "line", json_integer(d->line));
		json_dumpf(doc, stdout, JSON_COMPACT);
		fputc('\n', stdout);
		json_decref(doc);
	}
}

static int finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "jamdeploy: error: write failure on standard output: %s\n",
			strerror(errno ? errno : EIO));
		return 1;
	}
	return status;
}

int main(int argc, char **argv)
{
	const struct command *c;
	struct opts o = { 0 };
	struct diag d;
	enum jd_err rc;

	diag_clear(&d);
	if (argc < 2) {
		cmd_help.run(&o, &d);
		return finish(2);
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		c = &cmd_version;
	else if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		c = &cmd_help;
	else
		c = find_command(argv[1]);
	if (!c) {
		fprintf(stderr, "jamdeploy: error: unknown command '%s' (see 'jamdeploy help')\n", argv[1]);
		return finish(2);
	}
	rc = parse_options(c, argc - 2, argv + 2, &o, &d);
	if (rc) {
		print_error(&d, o.json);
		fprintf(stderr, "usage: jamdeploy %s %s\n", c->name, c->usage);
		free(o.args);
		return finish(jd_exit_status(rc));
	}
	if (o.help) {
		print_usage(c, stdout);
		free(o.args);
		return finish(0);
	}
	rc = c->run(&o, &d);
	if (rc && rc != JD_ENOTSMALLER)
		print_error(&d, o.json);
	free(o.args);
	return finish(jd_exit_status(rc));
}
