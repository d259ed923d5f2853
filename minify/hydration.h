/*
 * hydration.h - which parts of a page a JavaScript framework will hydrate.
 *
 * Next.js, Nuxt, VitePress, SvelteKit, Docusaurus, Gatsby, Astro islands
 * ... send pre-rendered HTML, then a framework walks that DOM node by node
 * and expects exactly what it rendered: the same elements, attributes,
 * text nodes (whitespace-only ones too) and its own marker comments
 * (`<!--[-->`, `<!-- -->`).  Any difference makes it throw the page away
 * and render it again, or leave it half broken.  The HTML minifier and the
 * <picture> pass change nothing inside such a tree.
 *
 * A hydration_walk follows the tokens of a page in order and knows, as
 * they come, whether the current position is in a hydrated tree: the
 * whole document once a framework's trace appeared outside an Astro
 * island (generously: a page that may be hydrated counts as hydrated, a
 * few bytes are worth less than a page that renders twice), else the
 * subtree of each <astro-island> (Astro hydrates only its islands).  A
 * trace may come late (Next.js's scripts at the end of the body): a
 * caller that has written output by then starts over with the whole
 * document hydrated (hydration_walk_init(w, 1)).  hydration_scope()
 * walks a whole page first.  The traces and where they come from are
 * listed in hydration.c and docs/DESIGN.md ("Hydration").
 */
#ifndef JD_HYDRATION_H
#define JD_HYDRATION_H

#include <stddef.h>

#include "minify/html_tokenizer.h"

enum hydration_scope { HYDRATION_NONE, HYDRATION_ISLANDS, HYDRATION_DOCUMENT };

struct hydration_walk {
	int document;        /* the whole document is hydrated */
	size_t island_depth; /* open <astro-island> elements */
	int islands;         /* an <astro-island> came */
	int root_id, script; /* an app or root id, a script: together they say document */
};

/* `document`: the whole document is known to be hydrated. */
void hydration_walk_init(struct hydration_walk *w, int document);

/*
 * Feed every token in order: tags, comments, and the text of <script>
 * elements with `script_text` set (`in`: the page, for its raw span).
 * Returns 1 when this token shows that the whole document is hydrated
 * and the walk did not know it yet.
 */
int hydration_walk(struct hydration_walk *w, const struct html_token *tok, const char *in, int script_text);

/* Is the position after the last token fed in a hydrated tree?  An island's start tag is. */
int hydration_walk_inside(const struct hydration_walk *w);

/* The whole page's answer, before anything is written (the <picture> pass). */
enum hydration_scope hydration_scope(const char *html, size_t len);

#endif
