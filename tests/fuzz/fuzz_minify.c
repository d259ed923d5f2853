/*
 * fuzz_minify.c - libFuzzer harness for every minifier (make fuzz).
 *
 * The first input byte picks the minifier and its options, the rest is the
 * document.  Beyond what the sanitizers catch (overflows, leaks, UB), it
 * checks the contract of minify.h: on error the output buffer is left
 * exactly as it was, and a success never produces an empty result from a
 * non-empty document that had content other than whitespace... which is not
 * a rule for every format (a CSS file of comments minifies to nothing), so
 * only the error contract is asserted -- and, for JavaScript, that no
 * statement rewrite (js_compress.c) makes text that does not parse.  With
 * the selector's top bit set, the HTML minifier also gets the document as
 * its site's stylesheet (html_css.c reads it, and matches every start tag
 * against what it found).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "minify/html_css.h"
#include "minify/minify.h"

static const minify_fn minifiers[] = {
	minify_html, minify_css, minify_css_declarations, minify_js, minify_svg, minify_json,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct minify_opts o = { .file = "fuzz" };
	struct diag d;
	struct buf out = BUF_INIT;
	struct html_css *css = NULL;
	size_t nminifiers = sizeof(minifiers) / sizeof(minifiers[0]);
	unsigned pick;

	if (size < 1)
		return 0;
	pick = data[0];
	o.keep_comments = (pick >> 3) & 1;
	o.inline_script = (pick >> 4) & 1;
	o.keep_names = (pick >> 5) & 1;
	o.max_line = (pick >> 6) & 1 ? 40 : 0;
	/* A JavaScript statement rewrite that makes text that does not parse is an error here, not a fallback. */
	o.js_check_compress = 1;
	if (minifiers[pick % nminifiers] == minify_html && (pick >> 7) & 1) {
		css = html_css_new();
		html_css_add(css, (const char *)data + 1, size - 1);
		o.css = css;
	}
	/* Something already in the buffer: an error must truncate back to it, not to zero. */
	buf_add(&out, "prefix", 6);
	diag_clear(&d);
	if (minifiers[pick % nminifiers]((const char *)data + 1, size - 1, &out, &o, &d) != JD_OK &&
	    (out.len != 6 || memcmp(out.data, "prefix", 6) || strstr(d.msg, "compressed text does not parse")))
		abort();
	buf_release(&out);
	html_css_free(css);
	return 0;
}
