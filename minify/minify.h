/*
 * minify.h - the minifiers' common interface.
 *
 * Every minifier has the same shape:
 *
 *   int minify_X(const char *in, size_t len, struct buf *out,
 *                const struct minify_opts *o, struct diag *d);
 *
 * It reads `len` bytes at `in` (not NUL-terminated), appends the result to
 * `out` and returns JD_OK.  On malformed input it returns an error code with
 * the position filled in `d` (line/column 1-based, offset in bytes) and
 * leaves `out` as it was on entry (it truncates back to the entry length),
 * so the caller keeps the original bytes: a minifier never breaks a page.
 * It never reads past in+len or writes anywhere but `out`.
 *
 * Minifying the output again must give the same bytes (idempotence).
 */
#ifndef JD_MINIFY_H
#define JD_MINIFY_H

#include <stddef.h>

#include "lib/buf.h"
#include "lib/err.h"

struct html_css;

struct minify_opts {
	int keep_comments;   /* keep every comment, not only license ones */
	int inline_script;   /* the output goes inside <script>/<style>: escape "</script", "<!--" */
	int keep_names;      /* JS: do not rename (nor write true/false/undefined as !0/!1/void 0) */
	int js_goal;         /* JS: 0 a script, else a module (whichever parses); 1 script; 2 module */
	int js_no_compress;  /* JS: no statement rewrites (js_compress.c); the round-trip test compares trees */
	int js_check_compress; /* JS: a rewrite that made invalid syntax is an error, not a quiet fallback (tests) */
	size_t max_line;     /* JS/CSS: break lines longer than this (0: no limit) */
	const struct html_css *css; /* HTML: the stylesheets the page is styled with, beyond its own
				       <style> elements (minify/html_css.h); NULL: none known */
	const char *file;    /* for diagnostics: the input's name */
};

int minify_css(const char *in, size_t len, struct buf *out, const struct minify_opts *o, struct diag *d);
/* The body of a style="" attribute: a declaration list without braces. */
int minify_css_declarations(const char *in, size_t len, struct buf *out, const struct minify_opts *o, struct diag *d);
int minify_html(const char *in, size_t len, struct buf *out, const struct minify_opts *o, struct diag *d);
int minify_svg(const char *in, size_t len, struct buf *out, const struct minify_opts *o, struct diag *d);
int minify_js(const char *in, size_t len, struct buf *out, const struct minify_opts *o, struct diag *d);
int minify_json(const char *in, size_t len, struct buf *out, const struct minify_opts *o, struct diag *d);

typedef int (*minify_fn)(const char *in, size_t len, struct buf *out, const struct minify_opts *o,
			 struct diag *d);

/* One row per format: its --type name, the content type it serves, the function. */
struct minifier {
	const char *name;          /* "html", "css", "js", "svg", "json" */
	const char *content_type;  /* prefix of the Content-Type it handles */
	minify_fn fn;
};

/* The minifier for a Content-Type (from site/contenttype.c), or NULL. */
const struct minifier *minifier_for_type(const char *content_type);

/* The minifier called `name` (as in `jamdeploy minify --type NAME`), or NULL. */
const struct minifier *minifier_by_name(const char *name);

#endif
