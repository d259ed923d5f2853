/*
 * minify.c - `jamdeploy minify FILE... [-o OUT] [--type T] [--keep-names]`.
 *
 * The type comes from --type or the file's extension; '-' reads stdin (and
 * then needs --type).  One input without -o goes to stdout; with -o to
 * that file; several inputs need -o DIR and keep their base names.  A
 * minifier error is exit 1 with the file, line and column, and nothing is
 * written for that file.
 *
 * HTML is minified knowing the stylesheets that may style it (whether its
 * whitespace may be collapsed depends on them, minify/html_css.h): the
 * CSS files among the inputs, and the local stylesheets an HTML input
 * links to that exist on disk (site/styles.h gathers them, as it does
 * the site's for the build).
 */
#include <unistd.h>

#include "cmd.h"
#include "lib/util.h"
#include "site/site.h"
#include "site/styles.h"
#include "minify/html_css.h"
#include "minify/minify.h"
#include "report.h"

#define MINIFY_INPUT_MAX (256u << 20)

static const struct option minify_options[] = {
	{ 'o', "out", OPT_STRING, OPT(out), "OUT", "write to OUT (a folder when there are several files)" },
	{ 0, "type", OPT_STRING, OPT(type), "T", "html, css, js, svg or json (default: by extension)" },
	{ 0, "keep-names", OPT_FLAG, OPT(keep_names), NULL, "do not rename JavaScript's local variables" },
	COMMON_OPTIONS,
	OPT_END,
};

static enum jd_err read_input(const char *name, struct buf *in, struct diag *d)
{
	char chunk[65536];
	ssize_t n;

	if (strcmp(name, "-"))
		return read_file(name, in, d);
	while ((n = read(0, chunk, sizeof(chunk))) > 0)
		if (buf_add(in, chunk, (size_t)n))
			return diag_set(d, JD_ELIMIT, "-", "standard input is over %u bytes", MINIFY_INPUT_MAX);
	return n < 0 ? diag_set(d, JD_EIO, "-", "cannot read standard input") : JD_OK;
}

static const struct minifier *choose(const struct opts *o, const char *name, struct diag *d)
{
	const struct minifier *m = NULL;

	if (o->type) {
		if (!(m = minifier_by_name(o->type)))
			diag_set(d, JD_EUSAGE, NULL, "unknown --type '%s' (use html, css, js, svg or json)",
				 o->type);
		return m;
	}
	if (strcmp(name, "-") != 0)
		m = minifier_for_type(content_type_for(name));
	if (!m)
		diag_set(d, JD_EUSAGE, name, "cannot tell what kind of file '%s' is (pass --type html, "
			 "css, js, svg or json)", name);
	return m;
}

/*
 * The stylesheets the HTML inputs may be styled with (site/styles.h), or
 * NULL when no input is HTML.  An input whose type cannot be told counts
 * as neither; it is reported when its turn comes.
 */
static struct html_css *styles_for(const struct opts *o)
{
	const char **types = xcalloc((size_t)o->nargs, sizeof(*types));
	struct html_css *css;
	struct diag ignored;

	for (int i = 0; i < o->nargs; i++) {
		const struct minifier *m = choose(o, o->args[i], &ignored);
		types[i] = m ? m->name : NULL;
	}
	css = styles_of_inputs(o->args, types, (size_t)o->nargs);
	free(types);
	return css;
}

static enum jd_err minify_one(const struct opts *o, const char *name, const char *dest,
			      const struct html_css *css, json_t *report, struct jb *b, struct diag *d)
{
	const struct minifier *m = choose(o, name, d);
	struct buf in, out = BUF_INIT;
	struct minify_opts mo = { .file = name, .keep_names = o->keep_names, .css = css };
	enum jd_err rc;

	if (!m)
		return d->code;
	buf_init(&in, MINIFY_INPUT_MAX);
	if (!(rc = read_input(name, &in, d)) && (rc = m->fn(in.data, in.len, &out, &mo, d)) == JD_OK) {
		if (!d->file[0])
			snprintf(d->file, sizeof(d->file), "%s", name);
		if (dest)
			rc = write_file_atomic(dest, out.data, out.len, d);
		else if (!o->json && fwrite(out.data, 1, out.len, stdout) != out.len)
			rc = diag_set(d, JD_EIO, NULL, "write failure on standard output");
		if (!rc && report)
			jb_append(b, report, jb_value(b, json_pack("{s:o, s:s, s:I, s:I}", "file",
								   jb_string(b, name), "type", m->name,
								   "before", (json_int_t)in.len, "after",
								   (json_int_t)out.len)));
	}
	if (rc && rc != JD_EUSAGE && !d->file[0])
		snprintf(d->file, sizeof(d->file), "%s", name);
	buf_release(&in);
	buf_release(&out);
	return rc;
}

static enum jd_err run_minify(struct opts *o, struct diag *d)
{
	struct jb b = JB_INIT;
	json_t *report = o->json ? jb_value(&b, json_array()) : NULL;
	struct html_css *css = NULL;
	enum jd_err rc = JD_OK;

	if (o->nargs > 1 && !o->out)
		rc = diag_set(d, JD_EUSAGE, NULL, "several files need -o DIR");
	if (!rc)
		css = styles_for(o);
	for (int i = 0; i < o->nargs && !rc; i++) {
		const char *name = o->args[i];
		const char *base = strrchr(name, '/');
		char *dest = NULL;

		if (o->out)
			dest = o->nargs == 1 ? xstrdup(o->out) : path_join(o->out, base ? base + 1 : name);
		rc = minify_one(o, name, dest, css, report, &b, d);
		free(dest);
	}
	html_css_free(css);
	if (report && !rc)
		rc = print_json(report, &b, d);
	jb_release(&b);
	json_decref(report);
	return rc;
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
