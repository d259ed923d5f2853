/*
 * main.c - jamdeploy's entry point: find the command, parse, run, exit.
 *
 * Commands are looked up by exact name (no prefixes: a script must not
 * change meaning when a command is added).  Only main exits: it maps the
 * command's result to the exit status of docs/DESIGN.md (0 ok, 1 the work
 * failed, 2 usage or configuration), prints the error (and, under --json,
 * an error document on stdout), and checks that stdout was really written,
 * so a full disk is not reported as success.
 */
#include <errno.h>
#include <jansson.h>

#include "cmd.h"
#include "lib/suggest.h"
#include "lib/redact.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "report.h"

const struct command *const commands[] = {
	&cmd_build, &cmd_diff, &cmd_push, &cmd_check, &cmd_minify, &cmd_images, &cmd_help,
	&cmd_version, &cmd_verify, &cmd_deploys, &cmd_rollback, &cmd_completion, NULL,
};

const struct command *find_command(const char *name)
{
	for (int i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

/*
 * The --json error document.  The message or file may quote a name that is
 * not UTF-8 (a command-line argument, a cut in the middle of a character),
 * which jansson refuses: such bytes go in escaped as \xNN, so the document
 * is written.  If it still cannot be, stderr says so (stdout then has none).
 */
static void print_error_json(const struct diag *d)
{
	struct jb b = JB_INIT;
	struct diag failed;
	char *msg = utf8_escape(d->msg), *file = utf8_escape(d->file);
	json_t *doc = jb_value(&b, json_object()), *err = jb_value(&b, json_object());

	jb_set(&b, doc, "ok", json_false());
	jb_set(&b, err, "code", jb_value(&b, json_integer(d->code)));
	jb_set(&b, err, "kind", jb_string(&b, jd_strerror(d->code)));
	jb_set(&b, err, "message", jb_string(&b, msg));
	jb_set(&b, err, "file", jb_string(&b, file));
	if (d->line > 0)
		jb_set(&b, err, "line", jb_value(&b, json_integer(d->line)));
	jb_set(&b, doc, "error", err);
	diag_clear(&failed);
	if (print_json(doc, &b, &failed) != JD_OK)
		fprintf(stderr, "jamdeploy: error: %s\n", failed.msg);
	json_decref(doc);
	free(msg);
	free(file);
}

static void print_error(const struct diag *diag, int json)
{
	struct diag safe = *diag, *d = &safe;
	char text[2048];

	/*
	 * diag_set masked the message already; this catches text written into
	 * d->msg directly (push appends to it), so nothing printed here can
	 * hold a URL's password or a presigned signature.
	 */
	redact_in_place(d->msg, sizeof(d->msg));
	redact_in_place(d->file, sizeof(d->file));
	diag_format(d, text, sizeof(text));
	fprintf(stderr, "jamdeploy: error: %s\n", text);
	if (json)
		print_error_json(d);
}

/* "unknown command 'psuh' (did you mean 'push'?)", else the pointer to help. */
static void unknown_command(const char *name)
{
	const char *names[sizeof(commands) / sizeof(commands[0])];
	struct buf hint = BUF_INIT;
	size_t n = 0;

	for (; commands[n]; n++)
		names[n] = commands[n]->name;
	if (!suggest_names(name, names, n, &hint))
		buf_addstr(&hint, "see 'jamdeploy help'");
	fprintf(stderr, "jamdeploy: error: unknown command '%s' (%s)\n", name, hint.data);
	buf_release(&hint);
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
		unknown_command(argv[1]);
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
	/* JD_EBUDGET, JD_EDRIFT with no message: the command has reported the failure itself (check, verify). */
	if (rc && rc != JD_ENOTSMALLER && !((rc == JD_EBUDGET || rc == JD_EDRIFT) && !d.msg[0]))
		print_error(&d, o.json);
	free(o.args);
	return finish(jd_exit_status(rc));
}
