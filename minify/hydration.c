/*
 * hydration.c - hydration_scope(): does a framework hydrate this page?
 *
 * One pass of the HTML tokenizer over the page, switching to raw text
 * after <script>, <style> ... as a tree builder would, looking for the
 * traces each framework's server renderer leaves.  <astro-island>
 * elements are counted: a trace inside one belongs to that island (Astro
 * hydrates only the islands), any other makes the whole document count.
 *
 * The traces, by framework (from their server renderers' output):
 *
 *   Vue 3, Nuxt, VitePress   comments <!--[-->, <!--]-->, <!---->,
 *                            <!--teleport start-->; data-v-* (scoped CSS);
 *                            ids __nuxt, app; window.__NUXT__
 *   Vue 2                    data-server-rendered
 *   React, Next.js, Gatsby,  comments <!-- --> (text separators),
 *   Docusaurus, Remix        <!--$-->, <!--/$-->, <!--$?-->, <!--$!-->,
 *                            <!--&-->; data-reactroot; ids __next,
 *                            ___gatsby, __docusaurus, root,
 *                            __NEXT_DATA__; scripts with self.__next_f
 *                            (app router), __remixContext,
 *                            __staticRouterHydrationData
 *   Svelte 5, SvelteKit      comments <!--[-->, <!--[!-->, <!--]-->,
 *                            <!---->; data-sveltekit-*, data-svelte-h;
 *                            id svelte; scripts with __sveltekit
 *   Solid                    data-hk; comments <!--$-->, <!--/-->,
 *                            <!--!$-->; scripts with _$HY
 *   Qwik                     q:container; comments <!--qv ...-->
 *   Lit                      comments <!--lit-part ...-->, <!--lit-node ...-->
 *   Angular                  ng-version, ngh, ng-server-context
 *   Fresh (Preact)           comments <!--frsh-...-->
 *   any                      an inline script that calls something
 *                            "hydrate" (hydrateRoot, hydrate(), ...)
 *
 * Generously: every comment of at most three characters without a letter
 * or digit counts (the markers above, and whatever a framework adds next
 * in the same style).  The ids app and root count only in a page that
 * has a script.  Alpine, petite-vue and htmx do not hydrate: their
 * attributes survive minification anyway (html.c drops no attribute it
 * does not know).
 */
#include "minify/hydration.h"

#include <string.h>

#include "lib/util.h"

/* `lit` must be a string literal. */
#define str_is(s, lit) ((s).n == sizeof(lit) - 1 && memcmp((s).p, lit, sizeof(lit) - 1) == 0)

static int starts(struct html_str s, const char *prefix)
{
	size_t l = strlen(prefix);
	return s.n >= l && memcmp(s.p, prefix, l) == 0;
}

static int is_marker_comment(struct html_str d)
{
	static const char *const prefixes[] = {"[", "]", "$", "/$", "!$", "&", "/&", "lit-part", "/lit-part",
					       "lit-node", "qv ", "/qv", "frsh-", "teleport ", NULL};
	size_t a = 0, b = d.n;
	while (a < b && strchr(" \t\n\r\f", d.p[a]))
		a++;
	while (b > a && strchr(" \t\n\r\f", d.p[b - 1]))
		b--;
	if (b - a <= 3) {
		int word = 0;
		for (size_t i = a; i < b; i++) {
			unsigned char c = (unsigned char)d.p[i];
			word |= (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
		}
		if (!word)
			return 1;
	}
	for (const char *const *p = prefixes; *p; p++)
		if (starts(d, *p))
			return 1;
	return 0;
}

/* 1: a framework's attribute; 2: an id that is a root only in a page with scripts. */
static int attr_signal(const struct html_attr *a)
{
	static const char *const names[] = {"data-server-rendered", "data-svelte-h", "data-hk", "q:container",
					    "ng-version", "ngh", "ng-server-context", "data-reactroot", NULL};
	static const char *const ids[] = {"__next", "___gatsby", "__docusaurus", "__nuxt", "__NEXT_DATA__",
					  "__NUXT_DATA__", "svelte", NULL};
	if (a->duplicate)
		return 0;
	if (starts(a->name, "data-v-") || starts(a->name, "data-sveltekit-"))
		return 1;
	for (const char *const *p = names; *p; p++)
		if (a->name.n == strlen(*p) && memcmp(a->name.p, *p, a->name.n) == 0)
			return 1;
	if (!str_is(a->name, "id"))
		return 0;
	for (const char *const *p = ids; *p; p++)
		if (a->value.n == strlen(*p) && memcmp(a->value.p, *p, a->value.n) == 0)
			return 1;
	return str_is(a->value, "app") || str_is(a->value, "root") ? 2 : 0;
}

static int script_signal(const char *s, size_t n)
{
	static const char *const words[] = {"self.__next_f", "__NUXT__", "__sveltekit", "_$HY", "__remixContext",
					    "__staticRouterHydrationData", "hydrate", NULL};
	for (const char *const *w = words; *w; w++)
		if (memmem(s, n, *w, strlen(*w)))
			return 1;
	return 0;
}

enum hydration_scope hydration_scope(const char *html, size_t len)
{
	struct html_tokenizer t;
	struct html_token tok;
	size_t islands = 0, seen_island = 0;
	int signal = 0, root_id = 0, script = 0, in_script = 0;

	html_tokenizer_init(&t, html, len);
	t.raw_text = 1;
	while (!signal && html_next(&t, &tok) != HTML_TOK_EOF) {
		if (tok.type == HTML_TOK_TEXT) {
			if (in_script && !islands)
				signal = script_signal(html + tok.start, tok.end - tok.start);
			continue;
		}
		in_script = 0;
		if (tok.type == HTML_TOK_COMMENT) {
			signal = !islands && is_marker_comment(tok.data);
		} else if (tok.type == HTML_TOK_END_TAG) {
			if (str_is(tok.name, "astro-island") && islands)
				islands--;
		} else if (tok.type == HTML_TOK_START_TAG) {
			char tag[32];
			enum html_content st;
			if (str_is(tok.name, "astro-island")) {
				islands++;
				seen_island = 1;
			}
			for (size_t i = 0; i < tok.nattrs && !islands && !signal; i++) {
				int s = attr_signal(&tok.attrs[i]);
				signal = s == 1;
				root_id |= s == 2;
			}
			if (tok.name.n >= sizeof(tag))
				continue;
			memcpy(tag, tok.name.p, tok.name.n);
			tag[tok.name.n] = '\0';
			if (html_raw_content_after(tag, &st))
				html_set_state(&t, st, tag, tok.name.n);
			in_script = !strcmp(tag, "script");
			script |= in_script;
		}
	}
	html_tokenizer_release(&t);
	if (signal || (root_id && script))
		return HYDRATION_DOCUMENT;
	return seen_island ? HYDRATION_ISLANDS : HYDRATION_NONE;
}

void hydration_walk_init(struct hydration_walk *w, enum hydration_scope scope)
{
	w->scope = scope;
	w->island_depth = 0;
}

int hydration_walk_tag(struct hydration_walk *w, const struct html_token *tok)
{
	if (w->scope == HYDRATION_ISLANDS && str_is(tok->name, "astro-island")) {
		if (tok->type == HTML_TOK_START_TAG) {
			w->island_depth++;
		} else if (w->island_depth) {
			w->island_depth--;
			return 1; /* the island's own end tag */
		}
	}
	return hydration_walk_inside(w);
}

int hydration_walk_inside(const struct hydration_walk *w)
{
	return w->scope == HYDRATION_DOCUMENT || w->island_depth > 0;
}
