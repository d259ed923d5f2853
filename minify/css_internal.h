/*
 * css_internal.h - what css.c (rules, declarations, the tree) and
 * css_values.c (printing token runs: spacing, numbers, colours) share.
 * Not part of the minifier's public interface (that is minify.h).
 */
#ifndef JD_CSS_INTERNAL_H
#define JD_CSS_INTERNAL_H

#include <stddef.h>

#include "lib/buf.h"
#include "minify/css_lexer.h"

/* Blocks ({} () [] and functions) nested deeper than this are over our limit. */
#define CSS_MAX_DEPTH 256

/* The whole input as a token array. */
struct css_src {
	const char *in;
	const struct css_token *t;
	size_t n;
};

/* How a run of tokens is printed. */
enum css_ctx {
	CSS_CTX_VALUE,    /* a declaration value: spacing + number, colour, keyword shortening */
	CSS_CTX_SPACING,  /* only whitespace and comments removed (unicode-range, hacks) */
	CSS_CTX_PRELUDE,  /* an at-rule prelude: spacing, numbers; no colours or zero units */
	CSS_CTX_SELECTOR, /* a selector list: combinator-aware spacing, attribute quotes */
	CSS_CTX_KEYFRAME, /* a keyframe selector list: from -> 0%, 100% -> to */
	CSS_CTX_EXACT,    /* byte-exact, leading/trailing whitespace removed (custom properties) */
};

/*
 * Append the tokens [a, b) of s printed for ctx to out.  `prop` is the
 * declaration's property name in lower case (CSS_CTX_VALUE), or NULL.
 * Returns 0 or JD_ELIMIT (out over its maximum).
 */
int css_print_run(const struct css_src *s, size_t a, size_t b, enum css_ctx ctx, const char *prop,
		  struct buf *out);

/*
 * Is the value [a, b) made only of things every browser has understood
 * for a long time (numbers in common units, hex colours, colour names,
 * CSS 2 keywords, strings)?  Two such declarations of one property are
 * never a fallback pattern, so the first may be dropped.
 */
int css_value_is_plain(const struct css_src *s, size_t a, size_t b);

/*
 * The index after the component value at token i: for an opening token the
 * whole block up to its own closer (a `]` does not close a `(`), stopping
 * at `end` or the CSS_EOF token.  Nested deeper than CSS_MAX_DEPTH, it sets
 * *too_deep and returns `end`.  Used by css.c and html_css.c.
 */
size_t css_skip_component(const struct css_src *s, size_t i, size_t end, int *too_deep);

/* Case-insensitive compare of in[0..n) with the lower-case word w. */
int css_word_eq(const char *in, size_t n, const char *w);

#endif
