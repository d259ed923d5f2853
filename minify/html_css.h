/*
 * html_css.h - what stylesheets tell the HTML minifier about elements.
 *
 * The HTML minifier writes each whitespace run as one character, except
 * where the CSS may preserve whitespace: `.code { white-space: pre }`
 * keeps every space in a <div>, `white-space: pre-line` its line breaks.
 * An html_css collects, from the stylesheets added to it, every element a
 * rule may style that way, and answers for one start tag whether that
 * may hold for it.
 *
 * "May": the answers over-approximate.  Each rule is reduced to its
 * subjects (the last compound selector of each selector in its list:
 * type, id, classes, attributes), and an element matches a subject when
 * it has all of them; pseudo-classes are ignored, names compare without
 * case.  Of the rest of a selector only the compound right before the last
 * combinator is kept, and only for subjects without a class or id: some
 * open ancestor must match it for a descendant or child combinator
 * (`.menu li`, `.toolbar > *`; `.nav > li:hover` counts for every <li>
 * inside a .nav), some previous sibling for + and ~ (`h2 + p`).  A value
 * not known to keep whitespace collapsing (var(), initial, an unknown
 * keyword) counts as preserving it.  So a false "no"
 * needs a rule this never sees (CSS from a script, a stylesheet not
 * added), never a rule it misread.
 */
#ifndef JD_HTML_CSS_H
#define JD_HTML_CSS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "minify/html_tokenizer.h"

enum {
	HTML_CSS_PRE = 1, /* white-space may preserve spaces or line breaks */
};

/* Ancestor compounds a set of facts tracks at most (more: the subjects go without). */
#define HTML_CSS_MAX_CONTEXTS 64

struct html_css;

/* An empty set of facts; free it with html_css_free(). */
struct html_css *html_css_new(void);
void html_css_free(struct html_css *c);

/*
 * A stylesheet the page uses cannot be read (a linked file that is not
 * there): from now on every element may match every fact, the safe answer.
 */
void html_css_assume_everything(struct html_css *c);

/*
 * Add what the stylesheet css[0..len) says.  Anything it cannot read is
 * skipped the way a browser skips it; blocks nested deeper than the
 * parser's limit make every element match every fact (the safe answer).
 */
void html_css_add(struct html_css *c, const char *css, size_t len);

/*
 * The HTML_CSS_* facts that may hold for the element of this start tag.
 * `ancestors` has bit k set when an open ancestor matches context k (the
 * OR of the *own of every open element), `siblings` when an earlier child
 * of its parent did (the OR of their *own); all bits when the caller cannot
 * tell.  *own gets the contexts this element matches, for those after it.
 */
unsigned html_css_match(const struct html_css *c, const struct html_token *tok, uint64_t ancestors,
			uint64_t siblings, uint64_t *own);

/* HTML_CSS_PRE for a style="" attribute's declarations. */
unsigned html_css_declarations(const char *decls, size_t len);

/*
 * Append a canonical description of the facts: the same facts give the
 * same text, whatever order or stylesheets they came from (the build
 * cache keys HTML results on its hash).
 */
void html_css_describe(const struct html_css *c, struct buf *out);

#endif
