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
 * links to (<link rel=stylesheet>, @import in <style>) that exist on
 * disk, relative to that input's folder.
 */
#include <unistd.h>

#include "cmd.h"
#include "lib/util.h"
#include "site/refs.h"
#include "site/site.h"
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

/* Add to css the stylesheets an HTML file links to that are on disk beside it. */
static void add_linked_styles(struct html_css *css, const char *name, const struct buf *html)
{
	const char *slash = strrchr(name, '/');
	char *dir = slash ? xstrndup(name, (size_t)(slash - name)) : xstrdup(".");
	struct ref_list refs = {0};
	struct url_site site;
	struct buf sheet = BUF_INIT;
	struct diag ignored;

	url_site_init(&site, NULL);
	refs_html(html->data, html->len, slash ? slash + 1 : name, &site, &refs, NULL);
	for (size_t i = 0; i < refs.n; i++) {
		if (!ends_with(refs.v[i].key, ".css"))
			continue;
		char *path = path_join(dir, refs.v[i].key);
		buf_reset(&sheet);
		if (read_file(path, &sheet, &ignored) == JD_OK) /* not there: nothing to learn */
			html_css_add(css, sheet.data, sheet.len);
		free(path);
	}
	buf_release(&sheet);
	ref_list_free(&refs);
	url_site_free(&site);
	free(dir);
}

/*
 * The stylesheets the HTML inputs may be styled with (see the top), or
 * NULL when no input is HTML.  Inputs that cannot be read are reported
 * when their turn comes, not here; standard input is read then too (it
 * cannot be read twice), so a page on stdin gets only the CSS inputs.
 */
static struct html_css *styles_of_inputs(const struct opts *o)
{
	struct html_css *css = NULL;
	struct buf in = BUF_INIT;
	struct diag ignored;

	for (int i = 0; i < o->nargs && !css; i++) {
		const struct minifier *m = choose(o, o->args[i], &ignored);
		if (m && !strcmp(m->name, "html"))
			css = html_css_new();
	}
	for (int i = 0; css && i < o->nargs; i++) {
		const struct minifier *m = choose(o, o->args[i], &ignored);
		if (!m || !strcmp(o->args[i], "-"))
			continue;
		buf_reset(&in);
		if (read_file(o->args[i], &in, &ignored) != JD_OK)
			continue;
		if (!strcmp(m->name, "css"))
			html_css_add(css, in.data, in.len);
		else if (!strcmp(m->name, "html"))
			add_linked_styles(css, o->args[i], &in);
	}
	buf_release(&in);
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
		css = styles_of_inputs(o);
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
