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
 * hydration_scope() reads a page once and answers, generously (a page
 * that may be hydrated counts as hydrated: a few bytes are worth less
 * than a page that renders twice):
 *
 *   HYDRATION_DOCUMENT  any framework signal outside an Astro island: the
 *                       whole document is kept as it is;
 *   HYDRATION_ISLANDS   only <astro-island> elements: their subtrees are;
 *   HYDRATION_NONE      no signal.
 *
 * The signals and where they come from are listed in hydration.c and in
 * docs/design-notes.md.  A hydration_walk follows the tags of the page in
 * order and says whether the current position is inside a hydrated tree.
 */
#ifndef JD_HYDRATION_H
#define JD_HYDRATION_H

#include <stddef.h>

#include "minify/html_tokenizer.h"

enum hydration_scope { HYDRATION_NONE, HYDRATION_ISLANDS, HYDRATION_DOCUMENT };

enum hydration_scope hydration_scope(const char *html, size_t len);

struct hydration_walk {
	enum hydration_scope scope;
	size_t island_depth; /* open <astro-island> elements */
};

void hydration_walk_init(struct hydration_walk *w, enum hydration_scope scope);

/*
 * Feed every start and end tag, in order.  Returns whether that tag lies
 * in a hydrated tree: the start tag of an island counts as inside (its
 * attributes are the island's props), its end tag too.
 */
int hydration_walk_tag(struct hydration_walk *w, const struct html_token *tok);

/* Is what comes now (text, comments) inside a hydrated tree? */
int hydration_walk_inside(const struct hydration_walk *w);

#endif
