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
 */
#ifndef JD_REFS_H
#define JD_REFS_H

#include <stddef.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "minify/html_tokenizer.h"
#include "url.h"

struct ref {
	char *key;     /* resolved target key (heap) */
	size_t off;    /* where ".HASH" goes in the referring file; meaningless when pin */
	int pin;       /* the target must keep its name */
};

struct ref_list {
	struct ref *v;
	size_t n, cap;
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
