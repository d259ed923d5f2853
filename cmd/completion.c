/*
 * completion.c - `jamdeploy completion bash|zsh|fish`: print a shell completion script.
 *
 * The scripts are written from the tables that drive parsing and `help`:
 * the command table (cmd/main.c), each command's option table and usage
 * line.  A command or option added to a table completes as soon as it
 * exists, and `make install` writes the installed scripts from the built
 * binary, so they cannot drift from it.
 *
 * What a value completes with is read from its name, the argument name of
 * an option ("--out DIR") or the first word of a usage line ("[SITE]",
 * "FILE..."): SITE, DIR and TARGET complete directories, FILE, FILE.html
 * and OUT files, COMMAND the command names, a word list like "bash|zsh|fish"
 * those words; any other value (N, URL, REGION, a budget) nothing.  Each
 * script is self-contained: no bash-completion helper and no zsh or fish
 * function outside the shell's own is assumed.
 */
#include "cmd.h"
#include "lib/suggest.h"
#include "lib/util.h"

#define SHELLS "bash|zsh|fish"

enum complete { COMPLETE_NOTHING, COMPLETE_FILES, COMPLETE_DIRS, COMPLETE_COMMANDS, COMPLETE_WORDS };

/* A value: what it completes with, its name (zsh shows it) and, for COMPLETE_WORDS, the words. */
struct value {
	enum complete what;
	char name[64];
	char words[128]; /* space separated */
};

static const struct {
	const char *name;
	enum complete what;
} value_names[] = {
	{ "SITE", COMPLETE_DIRS },  { "DIR", COMPLETE_DIRS },          { "TARGET", COMPLETE_DIRS },
	{ "FILE", COMPLETE_FILES }, { "FILE.html", COMPLETE_FILES },   { "OUT", COMPLETE_FILES },
	{ "COMMAND", COMPLETE_COMMANDS },
};

static void classify(struct value *v, const char *name, size_t len)
{
	snprintf(v->name, sizeof(v->name), "%.*s", (int)len, name);
	v->what = COMPLETE_NOTHING;
	v->words[0] = 0;
	if (memchr(name, '|', len)) {
		v->what = COMPLETE_WORDS;
		snprintf(v->words, sizeof(v->words), "%.*s", (int)len, name);
		for (char *p = v->words; *p; p++)
			if (*p == '|')
				*p = ' ';
		return;
	}
	for (size_t i = 0; i < sizeof(value_names) / sizeof(value_names[0]); i++)
		if (strlen(value_names[i].name) == len && !memcmp(value_names[i].name, name, len))
			v->what = value_names[i].what;
}

/* The value of an option that takes one ("--out DIR"). */
static void option_value(struct value *v, const struct option *opt)
{
	classify(v, opt->arg_name, strlen(opt->arg_name));
}

/* The positional argument: the usage line's first word without [ ] and "...". */
static void positional(struct value *v, const struct command *c)
{
	const char *p = c->usage, *end;

	if (*p == '[')
		p++;
	for (end = p; *end && *end != ' ' && *end != ']' && *end != '.'; end++)
		;
	classify(v, p, c->max_args == 0 || *p == '-' ? 0 : (size_t)(end - p));
}

/*
 * `s` with a backslash before each byte of `special` (what zsh's _arguments
 * and fish's quotes treat specially); a ' becomes '\'' when `sh_quote`, as
 * the text goes between sh-style single quotes.
 */
static void put_escaped(FILE *fp, const char *s, const char *special, int sh_quote)
{
	for (; *s; s++) {
		if (sh_quote && *s == '\'')
			fputs("'\\''", fp);
		else if (strchr(special, *s))
			fprintf(fp, "\\%c", *s);
		else
			fputc(*s, fp);
	}
}

/* `s` inside single quotes, for sh and zsh. */
static void put_sh_quoted(FILE *fp, const char *s)
{
	fputc('\'', fp);
	put_escaped(fp, s, "", 1);
	fputc('\'', fp);
}

static void put_command_names(FILE *fp)
{
	for (int i = 0; commands[i]; i++)
		fprintf(fp, "%s%s", i ? " " : "", commands[i]->name);
}

/* ---- bash ---- */

/* The code that completes a value (after an option, or as an argument). */
static void bash_complete(FILE *fp, const struct value *v)
{
	switch (v->what) {
	case COMPLETE_NOTHING:
		fputs(":", fp);
		break;
	case COMPLETE_FILES:
		fputs("_jamdeploy_files", fp);
		break;
	case COMPLETE_DIRS:
		fputs("_jamdeploy_dirs", fp);
		break;
	case COMPLETE_COMMANDS:
		fputs("_jamdeploy_words '", fp);
		put_command_names(fp);
		fputs("'", fp);
		break;
	case COMPLETE_WORDS:
		fputs("_jamdeploy_words ", fp);
		put_sh_quoted(fp, v->words);
		break;
	}
}

static void print_bash(FILE *fp)
{
	fputs("# bash completion for jamdeploy, written by 'jamdeploy completion bash' from its command\n"
	      "# tables.  Installed as $PREFIX/share/bash-completion/completions/jamdeploy, or sourced\n"
	      "# from ~/.bashrc: source <(jamdeploy completion bash)\n\n"
	      "_jamdeploy_words() { mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$cur\"); }\n"
	      "_jamdeploy_files() { compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- \"$cur\"); }\n"
	      "_jamdeploy_dirs() { compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- \"$cur\"); }\n\n"
	      "_jamdeploy() {\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tCOMPREPLY=()\n"
	      "\t# --name=VALUE: bash splits the word at '=' (COMP_WORDBREAKS)\n"
	      "\tif [[ $cur == = ]]; then\n"
	      "\t\tcur=\n"
	      "\telif [[ $prev == = ]] && ((COMP_CWORD > 2)); then\n"
	      "\t\tprev=${COMP_WORDS[COMP_CWORD-2]}\n"
	      "\tfi\n"
	      "\tif ((COMP_CWORD == 1)); then\n"
	      "\t\t_jamdeploy_words '", fp);
	put_command_names(fp);
	fputs("'\n\t\treturn 0\n\tfi\n"
	      "\t# an option's value, else an option, else an argument\n"
	      "\tcase ${COMP_WORDS[1]} in\n", fp);
	for (int i = 0; commands[i]; i++) {
		const struct command *c = commands[i];
		struct value v;

		fprintf(fp, "\t%s)\n\t\tcase $prev in\n", c->name);
		for (const struct option *o = c->options; o->long_name; o++) {
			if (o->kind == OPT_FLAG)
				continue;
			option_value(&v, o);
			fputs("\t\t", fp);
			if (o->short_name)
				fprintf(fp, "-%c|", o->short_name);
			fprintf(fp, "--%s) ", o->long_name);
			if (v.what != COMPLETE_NOTHING) {
				bash_complete(fp, &v);
				fputs("; ", fp);
			}
			fputs("return 0 ;;\n", fp);
		}
		fputs("\t\tesac\n\t\tif [[ $cur == -* ]]; then\n\t\t\t_jamdeploy_words '", fp);
		for (const struct option *o = c->options; o->long_name; o++) {
			if (o->short_name)
				fprintf(fp, "-%c ", o->short_name);
			fprintf(fp, "--%s%s", o->long_name, o[1].long_name ? " " : "");
		}
		fputs("'\n\t\telse\n\t\t\t", fp);
		positional(&v, c);
		bash_complete(fp, &v);
		fputs("\n\t\tfi ;;\n", fp);
	}
	fputs("\tesac\n\treturn 0\n}\n\ncomplete -F _jamdeploy jamdeploy\n", fp);
}

/* ---- zsh ---- */

/* The action of an _arguments spec, after "MESSAGE:". */
static void zsh_action(FILE *fp, const struct value *v)
{
	switch (v->what) {
	case COMPLETE_NOTHING:
		fputs(" ", fp);
		break;
	case COMPLETE_FILES:
		fputs("_files", fp);
		break;
	case COMPLETE_DIRS:
		fputs("_files -/", fp);
		break;
	case COMPLETE_COMMANDS:
		fputs("(", fp);
		put_command_names(fp);
		fputs(")", fp);
		break;
	case COMPLETE_WORDS:
		fprintf(fp, "(%s)", v->words);
		break;
	}
}

static void print_zsh(FILE *fp)
{
	fputs("#compdef jamdeploy\n"
	      "# zsh completion for jamdeploy, written by 'jamdeploy completion zsh' from its command\n"
	      "# tables.  Installed as $PREFIX/share/zsh/site-functions/_jamdeploy (a folder in $fpath).\n\n"
	      "_jamdeploy() {\n\tlocal -a commands\n\tcommands=(\n", fp);
	for (int i = 0; commands[i]; i++) {
		char *item = xasprintf("%s:%s", commands[i]->name, commands[i]->summary);
		fputs("\t\t", fp);
		put_sh_quoted(fp, item);
		fputs("\n", fp);
		free(item);
	}
	fputs("\t)\n"
	      "\tif (( CURRENT == 2 )); then\n"
	      "\t\t_describe -t commands 'jamdeploy command' commands\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tlocal cmd=$words[2]\n"
	      "\tshift words\n"
	      "\t(( CURRENT-- ))\n"
	      "\tcurcontext=\"${curcontext%:*:*}:jamdeploy-$cmd:\"\n"
	      "\tcase $cmd in\n", fp);
	for (int i = 0; commands[i]; i++) {
		const struct command *c = commands[i];
		struct value v;

		fprintf(fp, "\t%s)\n\t\t_arguments -S", c->name);
		for (const struct option *o = c->options; o->long_name; o++) {
			int value = o->kind != OPT_FLAG;

			fputs(" \\\n\t\t\t", fp);
			/* A repeatable option may be given again; -o and --out exclude each other. */
			if (o->kind == OPT_LIST)
				fputs("'*'", fp);
			else if (o->short_name)
				fprintf(fp, "'(-%c --%s)'", o->short_name, o->long_name);
			if (o->short_name)
				fprintf(fp, "{-%c%s,--%s%s}", o->short_name, value ? "+" : "", o->long_name,
					value ? "=" : "");
			else
				fprintf(fp, "--%s%s", o->long_name, value ? "=" : "");
			fputs("'[", fp);
			put_escaped(fp, o->help, "\\[]:", 1);
			fputs("]", fp);
			if (value) {
				option_value(&v, o);
				fputs(":", fp);
				put_escaped(fp, o->arg_name, "\\:", 1);
				fputs(":", fp);
				zsh_action(fp, &v);
			}
			fputs("'", fp);
		}
		positional(&v, c);
		if (v.name[0]) {
			fprintf(fp, " \\\n\t\t\t'%s:", c->max_args == 1 ? "1" : "*");
			put_escaped(fp, v.name, "\\:", 1);
			fputs(":", fp);
			zsh_action(fp, &v);
			fputs("'", fp);
		}
		fputs("\n\t\t;;\n", fp);
	}
	fputs("\tesac\n}\n\n_jamdeploy \"$@\"\n", fp);
}

/* ---- fish ---- */

static void fish_quoted(FILE *fp, const char *s)
{
	fputc('\'', fp);
	put_escaped(fp, s, "\\'", 0);
	fputc('\'', fp);
}

/* The switches that say what a value completes with. */
static void fish_values(FILE *fp, const struct value *v)
{
	switch (v->what) {
	case COMPLETE_NOTHING:
		break;
	case COMPLETE_FILES:
		fputs(" -F", fp);
		break;
	case COMPLETE_DIRS:
		fputs(" -a '(__fish_complete_directories)'", fp);
		break;
	case COMPLETE_COMMANDS:
		fputs(" -a '", fp);
		put_command_names(fp);
		fputs("'", fp);
		break;
	case COMPLETE_WORDS:
		fputs(" -a ", fp);
		fish_quoted(fp, v->words);
		break;
	}
}

static void print_fish(FILE *fp)
{
	fputs("# fish completion for jamdeploy, written by 'jamdeploy completion fish' from its command\n"
	      "# tables.  Installed as $PREFIX/share/fish/vendor_completions.d/jamdeploy.fish.\n\n"
	      "function __jamdeploy_needs_command\n"
	      "\ttest (count (commandline -opc)) -eq 1\n"
	      "end\n\n"
	      "# true when the command word (the first after jamdeploy) is $argv[1]\n"
	      "function __jamdeploy_command_is\n"
	      "\tset -l words (commandline -opc)\n"
	      "\ttest (count $words) -ge 2; and test \"$words[2]\" = $argv[1]\n"
	      "end\n\n"
	      "complete -c jamdeploy -f\n", fp);
	for (int i = 0; commands[i]; i++) {
		fprintf(fp, "complete -c jamdeploy -n __jamdeploy_needs_command -a %s -d ", commands[i]->name);
		fish_quoted(fp, commands[i]->summary);
		fputs("\n", fp);
	}
	for (int i = 0; commands[i]; i++) {
		const struct command *c = commands[i];
		struct value v;

		fprintf(fp, "\n# %s\n", c->name);
		for (const struct option *o = c->options; o->long_name; o++) {
			fprintf(fp, "complete -c jamdeploy -n '__jamdeploy_command_is %s'", c->name);
			if (o->short_name)
				fprintf(fp, " -s %c", o->short_name);
			fprintf(fp, " -l %s", o->long_name);
			if (o->kind != OPT_FLAG) {
				option_value(&v, o);
				/* -r: takes a value; -x: and no file unless fish_values adds -F */
				fputs(v.what == COMPLETE_FILES ? " -r" : " -x", fp);
				fish_values(fp, &v);
			}
			fputs(" -d ", fp);
			fish_quoted(fp, o->help);
			fputs("\n", fp);
		}
		positional(&v, c);
		if (v.what != COMPLETE_NOTHING) {
			fprintf(fp, "complete -c jamdeploy -n '__jamdeploy_command_is %s'", c->name);
			fish_values(fp, &v);
			fputs("\n", fp);
		}
	}
}

static const struct {
	const char *name;
	void (*print)(FILE *fp);
} shells[] = {
	{ "bash", print_bash },
	{ "zsh", print_zsh },
	{ "fish", print_fish },
};

static const struct option completion_options[] = { COMMON_OPTIONS, OPT_END };

static enum jd_err run_completion(struct opts *o, struct diag *d)
{
	const char *names[sizeof(shells) / sizeof(shells[0])];
	struct buf hint = BUF_INIT;
	size_t n = sizeof(shells) / sizeof(shells[0]);

	for (size_t i = 0; i < n; i++) {
		if (!strcmp(o->args[0], shells[i].name)) {
			shells[i].print(stdout);
			return JD_OK;
		}
		names[i] = shells[i].name;
	}
	if (!suggest_names(o->args[0], names, n, &hint))
		buf_addstr(&hint, "one of " SHELLS);
	diag_set(d, JD_EUSAGE, NULL, "no completion for shell '%s' (%s)", o->args[0], hint.data);
	buf_release(&hint);
	return JD_EUSAGE;
}

const struct command cmd_completion = {
	.name = "completion",
	.summary = "print the shell completion script for bash, zsh or fish",
	.usage = SHELLS,
	.options = completion_options,
	.min_args = 1,
	.max_args = 1,
	.run = run_completion,
};
