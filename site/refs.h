/*
 * refs.h - find the references a file makes to other files of the site.
 *
 * refs_html, refs_css and refs_webmanifest read one file's bytes with a
 * tokenizer for its language (never a regular expression over raw text)
 * and append one struct ref per local reference: the key it resolves to
 * (url.h) and, when the reference can be rewritten safely, the byte offset
 * in the file where a content hash is inserted.
 *
 * Renaming only ever turns `name.ext` into `name.HASH.ext` in the same
 * folder, so rewriting a reference is inserting ".HASH" just before the
 * extension in the URL as written - whatever its form (relative,
 * root-relative, absolute, with query or fragment).  `off` is that spot:
 * the '.' of the extension in the raw bytes.  A reference whose raw bytes
 * do not spell the extension literally right before the query/fragment
 * (an entity, a CSS escape or percent-encoding inside the path) is
 * recorded with `pin` set: its target then keeps its name, because a
 * missed optimization costs a little and a broken page costs the user.
 * Links a person follows (<a href>, <form action>, <iframe src>) pin too:
 * someone may have bookmarked them.
 *
 * Each reference also says what it is for (enum ref_kind) and which group
 * of alternatives it belongs to (a srcset's candidates: a page loads one),
 * so that the one reference graph serves both the rewrite stage (which
 * only needs keys, offsets and pins) and `jamdeploy check`'s page weight
 * (which walks the kinds a page loads, site.h `struct file.refs`).
 */
#ifndef JD_REFS_H
#define JD_REFS_H

#include <stddef.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "minify/html_tokenizer.h"
#include "url.h"

/*
 * What a reference is for, as the HTML or CSS says it: what `jamdeploy
 * check` counts in a page's weight (check/budgets.c) and what it leaves out.
 * Numbers are not stored anywhere but the rewrite memo, which names them
 * (ref_kind_name).
 */
enum ref_kind {
	REF_LINK = 0,    /* a link someone follows: <a>, <area>, <form action>, <iframe src>,
			    <link rel=canonical|alternate|...>: navigation, not page weight */
	REF_STYLESHEET,  /* <link rel=stylesheet href> */
	REF_SCRIPT,      /* <script src> */
	REF_PRELOAD,     /* <link rel=preload|modulepreload href> */
	REF_ICON,        /* <link rel=icon|apple-touch-icon href> */
	REF_IMAGE,       /* <img src>, <video poster> */
	REF_SRCSET,      /* a candidate of srcset / imagesrcset / CSS image-set() (grouped) */
	REF_MEDIA,       /* <video src>, <audio src>, <source src> outside <picture> */
	REF_IMPORT,      /* CSS @import */
	REF_FONT,        /* the first url() of a CSS `src:` list (@font-face): the one browsers take */
	REF_FONT_FALLBACK, /* a later url() of that list, for browsers that cannot use the first */
	REF_CSS_URL,     /* any other CSS url() / src(): backgrounds, borders, cursors, masks */
	REF_OTHER,       /* loaded only sometimes or by someone else: other <link> rels (manifest,
			    mask-icon, prefetch), <object data>, <embed src>, <track src>, svg
			    <use href>, og:image, data-src/data-srcset, web manifest icons */
};
#define REF_KIND_COUNT (REF_OTHER + 1)

/* "link", "stylesheet", ..., "other": the names refs.test and the rewrite memo use. */
const char *ref_kind_name(enum ref_kind k);

/* The kind named `name` (ref_kind_name's inverse), or -1. */
int ref_kind_from_name(const char *name);

struct ref {
	char *key;     /* resolved target key (heap) */
	size_t off;    /* where ".HASH" goes in the referring file; meaningless when pin */
	int pin;       /* the target must keep its name */
	enum ref_kind kind;
	/*
	 * 0, or the group of alternatives this reference belongs to, of which a
	 * page loads one: the candidates of one srcset (with the <img src> they
	 * come with, and every candidate of one <picture>), of one image-set(),
	 * of one <video>/<audio>, or of one preload's href + imagesrcset.
	 * Numbered from 1 per ref_list
	 * (struct ref_list.groups), so groups of inline CSS and of the page
	 * around it never collide.
	 */
	unsigned group;
};

struct ref_list {
	struct ref *v;
	size_t n, cap;
	unsigned groups; /* the last group number handed out */
};

void ref_list_free(struct ref_list *l);

/*
 * HTML: href/src/srcset/poster/data/xlink:href/content(og:image) and the
 * CSS of style="" and <style>, resolved against `key` or the first
 * <base href>.  The text of inline <script> elements and on* handlers is
 * appended to `js_text` (may be NULL) so the caller can keep every name a
 * script mentions.  Never fails on malformed HTML (browsers don't).
 */
void refs_html(const char *in, size_t len, const char *key, const struct url_site *site,
	       struct ref_list *out, struct buf *js_text);

/*
 * The base the relative URLs of an HTML document resolve against: the
 * first <base href> when there is one, else the document's own path
 * (url_base_of_key).  Heap; NULL when <base> points at another origin.
 */
char *refs_html_base(const char *in, size_t len, const char *key, const struct url_site *site);

/*
 * CSS: url(...), url("..."), src("..."), image-set("...") and
 * @import "..." in in[0..len), resolved against base_path (url.h).  Offsets
 * are reported as `base_off + offset in in`, so CSS embedded in HTML can
 * report positions in the HTML file.  `pin_all` records every reference
 * pinned (CSS whose raw bytes are not the CSS text, e.g. entity-encoded).
 */
void refs_css(const char *in, size_t len, size_t base_off, const char *base_path,
	      const struct url_site *site, int pin_all, struct ref_list *out);

/*
 * Web app manifest (JSON): icons[].src, screenshots[].src and
 * shortcuts[].icons[].src, with offsets like any other reference (a value
 * with a JSON escape is recorded pinned).  A file that is not valid JSON
 * yields no references.
 */
void refs_webmanifest(const char *in, size_t len, const char *key, const struct url_site *site,
		      struct ref_list *out);

/*
 * Parse a srcset attribute value (HTML's rules: URLs are runs of
 * non-whitespace, a trailing ',' ends a candidate, descriptors run to a ','
 * outside parentheses).  Writes up to `max` candidate URL spans as
 * offset/length pairs into starts/lens and returns the count found (which
 * may exceed max).
 */
size_t srcset_parse(const char *s, size_t n, size_t *starts, size_t *lens, size_t max);

#endif
