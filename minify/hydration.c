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
 *
 * Generously: every comment of at most three characters without a letter
 * or digit counts (the markers above, and whatever a framework adds next
 * in the same style).  The ids app and root (Vue, Preact and React apps
 * rendered ahead of time) count only in a page that has a script.  Not a
 * trace: the word "hydrate" in a script, which Astro's island loader on
 * every Astro page has.  Alpine, petite-vue and htmx do not hydrate: their
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
					    "__staticRouterHydrationData", NULL};
	for (const char *const *w = words; *w; w++)
		if (memmem(s, n, *w, strlen(*w)))
			return 1;
	return 0;
}

void hydration_walk_init(struct hydration_walk *w, int document)
{
	memset(w, 0, sizeof(*w));
	w->document = document;
}

int hydration_walk(struct hydration_walk *w, const struct html_token *tok, const char *in, int script_text)
{
	int signal = 0;

	if (w->document)
		return 0;
	switch (tok->type) {
	case HTML_TOK_TEXT:
		signal = script_text && !w->island_depth && script_signal(in + tok->start, tok->end - tok->start);
		break;
	case HTML_TOK_COMMENT:
		signal = !w->island_depth && is_marker_comment(tok->data);
		break;
	case HTML_TOK_END_TAG:
		if (str_is(tok->name, "astro-island") && w->island_depth)
			w->island_depth--;
		break;
	case HTML_TOK_START_TAG:
		if (str_is(tok->name, "astro-island")) {
			w->island_depth++;
			w->islands = 1;
		}
		for (size_t i = 0; i < tok->nattrs && !w->island_depth && !signal; i++) {
			int s = attr_signal(&tok->attrs[i]);
			signal = s == 1;
			w->root_id |= s == 2;
		}
		w->script |= str_is(tok->name, "script");
		break;
	case HTML_TOK_DOCTYPE:
	case HTML_TOK_CDATA:
	case HTML_TOK_EOF:
		break;
	}
	w->document = signal || (w->root_id && w->script);
	return w->document;
}

int hydration_walk_inside(const struct hydration_walk *w)
{
	return w->document || w->island_depth > 0;
}

enum hydration_scope hydration_scope(const char *html, size_t len)
{
	struct html_tokenizer t;
	struct html_token tok;
	struct hydration_walk w;
	int in_script = 0;

	hydration_walk_init(&w, 0);
	html_tokenizer_init(&t, html, len);
	t.raw_text = 1;
	while (!w.document && html_next(&t, &tok) != HTML_TOK_EOF) {
		hydration_walk(&w, &tok, html, in_script);
		in_script = 0;
		if (tok.type == HTML_TOK_START_TAG && tok.name.n < 16) {
			char tag[16];
			enum html_content st;
			memcpy(tag, tok.name.p, tok.name.n);
			tag[tok.name.n] = '\0';
			if (html_raw_content_after(tag, &st))
				html_set_state(&t, st, tag, tok.name.n);
			in_script = !strcmp(tag, "script");
		}
	}
	html_tokenizer_release(&t);
	return w.document ? HYDRATION_DOCUMENT : w.islands ? HYDRATION_ISLANDS : HYDRATION_NONE;
}
