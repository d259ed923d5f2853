/*
 * styles.h - the stylesheets an HTML page may be styled with, gathered for
 * the HTML minifier (minify/html_css.h: whether a whitespace run may be
 * collapsed depends on them: a `.code` made `white-space: pre`).
 *
 * One place for both callers, so a page is minified knowing the same kind
 * of facts whichever way it comes in:
 *
 *   - the build's transform stage (site/transform.c): every stylesheet of
 *     the site, from the bytes that ship (the browser reads those);
 *   - `jamdeploy minify FILE...` (cmd/minify.c), which has no site: the CSS
 *     files among its inputs, and the local stylesheets each HTML input
 *     links to (<link rel=stylesheet>, @import in <style>) that exist on
 *     disk, relative to that input's folder.
 */
#ifndef JD_SITE_STYLES_H
#define JD_SITE_STYLES_H

#include <stddef.h>

#include "lib/err.h"
#include "minify/html_css.h"
#include "site/site.h"

/*
 * Every stylesheet (text/css) of `s`, from its shipped bytes (data when in
 * memory, else file_ship_path), into a new *css (the caller frees it with
 * html_css_free, also after an error), and the first 16 hex digits of the
 * SHA-256 of html_css_describe's text in `fingerprint`.  JD_EIO when a
 * stylesheet cannot be read.
 */
enum jd_err styles_of_site(const struct site *s, struct html_css **css, char fingerprint[17],
			   struct diag *d);

/*
 * The stylesheets for `jamdeploy minify`'s inputs paths[0..n), whose
 * minifier names are types[i] ("html", "css", ...; NULL: not known), or
 * NULL when no input is HTML (nothing needs them).  Inputs that cannot be
 * read are skipped (the caller reports them when it minifies them), and so
 * is "-" (standard input cannot be read twice): a page on stdin gets only
 * the CSS inputs.  Linked stylesheets that are not on disk teach nothing
 * and are skipped too.  The caller frees the result with html_css_free.
 */
struct html_css *styles_of_inputs(char *const *paths, const char *const *types, size_t n);

#endif
