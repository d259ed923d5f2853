/*
 * refs.c - the references of HTML, CSS and web manifest files (refs.h).
 *
 * CSS is read with minify/css_lexer.h: url tokens, strings after url( /
 * src( / image-set( and after @import are references; everything else is
 * skipped token by token, so comments and strings that merely look like
 * URLs are never touched.
 *
 * HTML is read by a small tag scanner (html_scan below) that follows the
 * HTML tokenizer's rules for what a reference extractor needs: comments,
 * DOCTYPE and bogus comments are skipped, tag and attribute names are
 * lowercased, attribute values may be double-, single- or un-quoted, the
 * contents of script/style/textarea/title/xmp/iframe/noembed/noframes are
 * raw text up to their end tag, and character references in attribute
 * values are decoded.  It hands each start tag to html_tag() as a list of
 * struct html_attr_ref (raw value span, decoded value), the narrow
 * interface that a full tokenizer (minify/html_tokenizer.h) can feed in
 * its place.
 *
 * Every URL is resolved from its decoded value but rewritten in its raw
 * bytes; add_url() checks that the raw bytes spell the path's extension
 * literally and otherwise pins the target (refs.h).
 *
 * Limits: at most MAX_ATTRS attributes per tag and MAX_SRCSET candidates
 * per srcset are looked at; the rest are recorded pinned or ignored, which
 * can only keep names, never break a page.
 */
#include "refs.h"

#include <ctype.h>
#include <jansson.h>
#include <strings.h>

#include "lib/util.h"
#include "minify/css_lexer.h"

#define MAX_ATTRS 256
#define MAX_SRCSET 64

void ref_list_free(struct ref_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].key);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/*
 * Record a reference.  dec/dlen: the URL as the browser sees it.  raw/rlen
 * at file offset raw_off: the same URL as written (NULL when the bytes are
 * not the URL text), `esc` the byte that starts an escape in that language.
 */
static void add_url(struct ref_list *out, const struct url_site *site, const char *base_path,
		    const char *dec, size_t dlen, const char *raw, size_t rlen, size_t raw_off, char esc,
		    int pin)
{
	char *key = NULL;
	const char *base, *dot;
	size_t s = 0, e = rlen, pe, extlen;
	struct ref *r;

	if (url_resolve(site, base_path, dec, dlen, &key, NULL) != URL_LOCAL)
		return;
	base = strrchr(key, '/');
	base = base ? base + 1 : key;
	dot = strrchr(base, '.');
	if (!raw || !dot || dot == base) {
		pin = 1;
	} else {
		extlen = strlen(dot);
		while (s < e && (unsigned char)raw[s] <= 0x20)
			s++;
		while (e > s && (unsigned char)raw[e - 1] <= 0x20)
			e--;
		for (pe = s; pe < e && raw[pe] != '?' && raw[pe] != '#'; pe++)
			if (raw[pe] == esc)
				pin = 1; /* escaped bytes in the path: offsets are not the URL's */
		if (pe - s < extlen || memcmp(raw + pe - extlen, dot, extlen) != 0)
			pin = 1;
		else if (!pin)
			raw_off += pe - extlen;
	}
	ARRAY_GROW(out->v, out->n + 1, out->cap);
	r = &out->v[out->n++];
	r->key = key;
	r->off = pin ? 0 : raw_off;
	r->pin = pin;
}

/* ---- CSS ---------------------------------------------------------------- */

static void css_string_ref(struct ref_list *out, const struct url_site *site, const char *base_path,
			   const char *in, const struct css_token *t, size_t base_off, int pin_all)
{
	struct buf dec = BUF_INIT;
	size_t a = t->off + 1, e = t->off + t->len - ((t->flags & CSS_F_OPEN) ? 0 : 1);

	if (e < a)
		e = a;
	css_decode(in + a, e - a, 1, &dec);
	add_url(out, site, base_path, dec.data, dec.len, in + a, e - a, base_off + a, '\\', pin_all);
	buf_release(&dec);
}

static void css_url_ref(struct ref_list *out, const struct url_site *site, const char *base_path,
			const char *in, const struct css_token *t, size_t base_off, int pin_all)
{
	struct buf dec = BUF_INIT;
	const char *open = memchr(in + t->off, '(', t->len);
	size_t a, e = t->off + t->len - ((t->flags & CSS_F_OPEN) ? 0 : 1);

	if (!open)
		return;
	a = (size_t)(open - in) + 1;
	while (a < e && css_is_ws((unsigned char)in[a]))
		a++;
	while (e > a && css_is_ws((unsigned char)in[e - 1]))
		e--;
	css_decode(in + a, e - a, 0, &dec);
	add_url(out, site, base_path, dec.data, dec.len, in + a, e - a, base_off + a, '\\', pin_all);
	buf_release(&dec);
}

static int name_is(const char *in, const struct css_token *t, size_t skip, size_t trim, const char *name)
{
	size_t n = t->len - skip - trim;

	return n == strlen(name) && strncasecmp(in + t->off + skip, name, n) == 0;
}

void refs_css(const char *in, size_t len, size_t base_off, const char *base_path,
	      const struct url_site *site, int pin_all, struct ref_list *out)
{
	struct css_lexer lx;
	struct css_token t;
	int depth = 0, url_depth = -1, set_depth = -1, want_import = 0;

	css_lexer_init(&lx, in, len);
	while (css_next(&lx, &t) != CSS_EOF) {
		switch (t.type) {
		case CSS_URL:
			css_url_ref(out, site, base_path, in, &t, base_off, pin_all);
			want_import = 0;
			break;
		case CSS_FUNCTION:
			depth++;
			if (name_is(in, &t, 0, 1, "url") || name_is(in, &t, 0, 1, "src"))
				url_depth = depth;
			else if (set_depth < 0 && (name_is(in, &t, 0, 1, "image-set") ||
						   name_is(in, &t, 0, 1, "-webkit-image-set")))
				set_depth = depth;
			break;
		case CSS_LPAREN:
		case CSS_LBRACKET:
		case CSS_LBRACE:
			depth++;
			break;
		case CSS_RPAREN:
		case CSS_RBRACKET:
		case CSS_RBRACE:
			if (depth == url_depth)
				url_depth = -1;
			if (depth == set_depth)
				set_depth = -1;
			if (depth > 0)
				depth--;
			want_import = 0;
			break;
		case CSS_STRING:
			if (want_import || depth == url_depth || (set_depth >= 0 && depth >= set_depth))
				css_string_ref(out, site, base_path, in, &t, base_off, pin_all);
			want_import = 0;
			break;
		case CSS_AT_KEYWORD:
			want_import = name_is(in, &t, 1, 0, "import");
			break;
		case CSS_WHITESPACE:
		case CSS_COMMENT:
			break;
		case CSS_EOF:
		case CSS_IDENT:
		case CSS_HASH:
		case CSS_BAD_STRING:
		case CSS_BAD_URL:
		case CSS_DELIM:
		case CSS_NUMBER:
		case CSS_PERCENTAGE:
		case CSS_DIMENSION:
		case CSS_CDO:
		case CSS_CDC:
		case CSS_COLON:
		case CSS_SEMICOLON:
		case CSS_COMMA:
			want_import = 0;
			break;
		}
	}
}

/* ---- srcset ------------------------------------------------------------- */

static int is_html_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

size_t srcset_parse(const char *s, size_t n, size_t *starts, size_t *lens, size_t max)
{
	size_t i = 0, count = 0;

	for (;;) {
		size_t a, e;
		while (i < n && (is_html_ws(s[i]) || s[i] == ','))
			i++;
		if (i >= n)
			return count;
		a = i;
		while (i < n && !is_html_ws(s[i]))
			i++;
		e = i;
		if (s[e - 1] == ',') {
			while (e > a && s[e - 1] == ',')
				e--;
		} else {
			int paren = 0;
			for (; i < n; i++) {
				if (s[i] == '(')
					paren = 1;
				else if (s[i] == ')')
					paren = 0;
				else if (s[i] == ',' && !paren)
					break;
			}
		}
		if (e > a) {
			if (count < max) {
				starts[count] = a;
				lens[count] = e - a;
			}
			count++;
		}
	}
}

/* ---- HTML --------------------------------------------------------------- */

/* One attribute of a start tag: the interface html_tag() consumes. */
struct html_attr_ref {
	char name[32];        /* lowercased; longer names are truncated and never match */
	size_t vstart, vend;  /* raw value span in the file (quotes excluded) */
	int has_value;
	struct buf value;     /* decoded */
};

struct html_ctx {
	const char *in;
	size_t len;
	const char *key;
	const struct url_site *site;
	char *base_path;      /* the document's base (url.h); NULL: another origin */
	int have_base;
	struct ref_list *out;
	struct buf *js_text;
};

/* Decode character references: the common named ones and numeric ones. */
static void decode_entities(const char *s, size_t n, struct buf *out)
{
	static const struct {
		const char *name;
		const char *text;
	} named[] = {
		{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
		{ "nbsp", "\xc2\xa0" }, { "sol", "/" }, { "quest", "?" }, { "num", "#" },
		{ "period", "." }, { "comma", "," }, { "colon", ":" }, { "equals", "=" },
	};

	buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r') {
			buf_addch(out, '\n');
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
			continue;
		}
		if (s[i] != '&') {
			buf_addch(out, s[i]);
			continue;
		}
		if (i + 1 < n && s[i + 1] == '#') {
			size_t j = i + 2;
			unsigned long cp = 0;
			int hex = j < n && (s[j] == 'x' || s[j] == 'X'), digits = 0;
			if (hex)
				j++;
			while (j < n && (hex ? isxdigit((unsigned char)s[j]) : isdigit((unsigned char)s[j]))) {
				if (cp < 0x110000)
					cp = cp * (hex ? 16 : 10) +
					     (unsigned long)(isdigit((unsigned char)s[j]) ? s[j] - '0'
											  : (tolower((unsigned char)s[j]) - 'a' + 10));
				j++;
				digits++;
			}
			if (digits) {
				if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
					cp = 0xfffd;
				if (cp < 0x80) {
					buf_addch(out, (int)cp);
				} else if (cp < 0x800) {
					buf_addch(out, (int)(0xc0 | (cp >> 6)));
					buf_addch(out, (int)(0x80 | (cp & 0x3f)));
				} else if (cp < 0x10000) {
					buf_addch(out, (int)(0xe0 | (cp >> 12)));
					buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
					buf_addch(out, (int)(0x80 | (cp & 0x3f)));
				} else {
					buf_addch(out, (int)(0xf0 | (cp >> 18)));
					buf_addch(out, (int)(0x80 | ((cp >> 12) & 0x3f)));
					buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
					buf_addch(out, (int)(0x80 | (cp & 0x3f)));
				}
				i = (j < n && s[j] == ';') ? j : j - 1;
				continue;
			}
		}
		for (size_t k = 0; k < sizeof(named) / sizeof(named[0]); k++) {
			size_t nl = strlen(named[k].name);
			if (i + 1 + nl < n && !memcmp(s + i + 1, named[k].name, nl) && s[i + 1 + nl] == ';') {
				buf_addstr(out, named[k].text);
				i += nl + 1;
				goto next;
			}
		}
		buf_addch(out, '&'); /* unknown or bare: literal, as in attribute values */
next:;
	}
}

static const struct html_attr_ref *attr_find(const struct html_attr_ref *a, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(a[i].name, name))
			return &a[i];
	return NULL;
}

/* Does the space-separated list `v` contain `word` (ASCII case-insensitive)? */
static int has_word(const struct buf *v, const char *word)
{
	size_t wl = strlen(word);

	for (size_t i = 0; i < v->len;) {
		size_t e;
		while (i < v->len && is_html_ws(v->data[i]))
			i++;
		for (e = i; e < v->len && !is_html_ws(v->data[e]); e++)
			;
		if (e - i == wl && !strncasecmp(v->data + i, word, wl))
			return 1;
		i = e;
	}
	return 0;
}

static int raw_is_decoded(const struct html_ctx *c, const struct html_attr_ref *a)
{
	return a->vend - a->vstart == a->value.len && !memcmp(c->in + a->vstart, a->value.data, a->value.len);
}

static void attr_url(struct html_ctx *c, const struct html_attr_ref *a, int pin)
{
	add_url(c->out, c->site, c->base_path, a->value.data, a->value.len, c->in + a->vstart,
		a->vend - a->vstart, a->vstart, '&', pin);
}

static void attr_srcset(struct html_ctx *c, const struct html_attr_ref *a, int pin)
{
	size_t rs[MAX_SRCSET], rl[MAX_SRCSET], ds[MAX_SRCSET], dl[MAX_SRCSET];
	const char *raw = c->in + a->vstart;
	size_t nr = srcset_parse(raw, a->vend - a->vstart, rs, rl, MAX_SRCSET);
	size_t nd = srcset_parse(a->value.data, a->value.len, ds, dl, MAX_SRCSET);
	int same = nr == nd && nr <= MAX_SRCSET;

	if (nd > MAX_SRCSET)
		nd = MAX_SRCSET; /* candidates past the limit are ignored: their targets are not seen */
	for (size_t i = 0; i < nd; i++)
		add_url(c->out, c->site, c->base_path, a->value.data + ds[i], dl[i], same ? raw + rs[i] : NULL,
			same ? rl[i] : 0, same ? a->vstart + rs[i] : 0, '&', pin);
}

static void attr_style(struct html_ctx *c, const struct html_attr_ref *a)
{
	if (raw_is_decoded(c, a))
		refs_css(c->in + a->vstart, a->vend - a->vstart, a->vstart, c->base_path, c->site, 0, c->out);
	else
		refs_css(a->value.data, a->value.len, 0, c->base_path, c->site, 1, c->out);
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

/* The references of one start tag. */
static void html_tag(struct html_ctx *c, const char *tag, const struct html_attr_ref *a, size_t n)
{
	static const char *const nav_tags[] = { "a", "area", "iframe", "frame", "form", NULL };
	static const char *const asset_rels[] = { "stylesheet", "icon", "preload", "modulepreload",
						  "apple-touch-icon", "apple-touch-icon-precomposed",
						  "mask-icon", "manifest", "prefetch", NULL };
	static const char *const og[] = { "og:image", "og:image:url", "og:image:secure_url",
					  "twitter:image", "twitter:image:src", NULL };
	int nav = in_list(tag, nav_tags);

	for (size_t i = 0; i < n; i++) {
		const char *name = a[i].name;

		if (!a[i].has_value)
			continue;
		if (!strncmp(name, "on", 2) && c->js_text) {
			buf_add(c->js_text, a[i].value.data, a[i].value.len);
			buf_addch(c->js_text, '\n');
		} else if (!strcmp(name, "style")) {
			attr_style(c, &a[i]);
		} else if (!strcmp(name, "srcset") || !strcmp(name, "imagesrcset")) {
			attr_srcset(c, &a[i], nav);
		} else if (!strcmp(name, "data-srcset")) {
			attr_srcset(c, &a[i], 1); /* read by scripts: keep the names */
		} else if (!strcmp(name, "href")) {
			int pin = nav || !strcmp(tag, "base");
			if (!strcmp(tag, "base"))
				continue;
			if (!strcmp(tag, "link")) {
				const struct html_attr_ref *rel = attr_find(a, n, "rel");
				pin = 1;
				for (size_t k = 0; rel && asset_rels[k]; k++)
					if (has_word(&rel->value, asset_rels[k]))
						pin = 0;
			} else if (strcmp(tag, "use") && strcmp(tag, "image") && strcmp(tag, "feimage")) {
				pin = 1; /* an unknown element's href: someone may follow it */
			}
			attr_url(c, &a[i], pin);
		} else if (!strcmp(name, "xlink:href")) {
			attr_url(c, &a[i], nav || !strcmp(tag, "a"));
		} else if (!strcmp(name, "src") || !strcmp(name, "poster") || !strcmp(name, "background") ||
			   (!strcmp(name, "data") && !strcmp(tag, "object"))) {
			attr_url(c, &a[i], nav);
		} else if (!strcmp(name, "action") || !strcmp(name, "formaction") || !strcmp(name, "cite") ||
			   !strcmp(name, "longdesc") || !strcmp(name, "data-src") || !strcmp(name, "manifest")) {
			attr_url(c, &a[i], 1);
		} else if (!strcmp(name, "content") && !strcmp(tag, "meta")) {
			const struct html_attr_ref *p = attr_find(a, n, "property");
			const struct html_attr_ref *nm = attr_find(a, n, "name");
			int is_og = 0;
			for (size_t k = 0; og[k]; k++)
				if ((p && p->value.len == strlen(og[k]) && !strncasecmp(p->value.data, og[k], p->value.len)) ||
				    (nm && nm->value.len == strlen(og[k]) && !strncasecmp(nm->value.data, og[k], nm->value.len)))
					is_og = 1;
			if (is_og)
				attr_url(c, &a[i], 0);
		}
	}
}

static int is_name_end(char ch)
{
	return is_html_ws(ch) || ch == '/' || ch == '>';
}

/* Find the end tag </name (ASCII case-insensitive) at or after `i`; returns its '<' or len. */
static size_t find_end_tag(const char *in, size_t len, size_t i, const char *name)
{
	size_t nl = strlen(name);

	for (; i + 1 < len; i++) {
		if (in[i] == '<' && in[i + 1] == '/' && i + 2 + nl <= len && !strncasecmp(in + i + 2, name, nl) &&
		    (i + 2 + nl == len || is_name_end(in[i + 2 + nl])))
			return i;
	}
	return len;
}

/*
 * Walk the document; for each start tag call html_tag (when `refs`) or just
 * look for <base href> (when !refs).  Returns nothing: malformed markup is
 * read the way a browser reads it, as far as references go.
 */
static void html_scan(struct html_ctx *c, int refs)
{
	static const char *const raw_tags[] = { "script", "style", "textarea", "title", "xmp",
						"iframe", "noembed", "noframes", NULL };
	struct html_attr_ref *attrs = xcalloc(MAX_ATTRS, sizeof(*attrs));
	const char *in = c->in;
	size_t len = c->len, i = 0;

	for (size_t k = 0; k < MAX_ATTRS; k++)
		attrs[k].value = (struct buf)BUF_INIT;

	while (i < len) {
		char tag[32];
		size_t tl = 0, nattrs = 0;

		if (in[i] != '<' || i + 1 >= len) {
			i++;
			continue;
		}
		if (i + 3 < len && !memcmp(in + i, "<!--", 4)) {
			const char *e = memmem(in + i + 4, len - i - 4, "-->", 3);
			i = e ? (size_t)(e - in) + 3 : len;
			continue;
		}
		if (in[i + 1] == '!' || in[i + 1] == '?' || (in[i + 1] == '/' && i + 2 < len && isalpha((unsigned char)in[i + 2]))) {
			const char *e = memchr(in + i + 1, '>', len - i - 1);
			i = e ? (size_t)(e - in) + 1 : len;
			continue;
		}
		if (!isalpha((unsigned char)in[i + 1])) {
			i++;
			continue;
		}
		for (i++; i < len && !is_name_end(in[i]); i++)
			if (tl < sizeof(tag) - 1)
				tag[tl++] = (char)tolower((unsigned char)in[i]);
		tag[tl] = '\0';
		/* attributes */
		while (i < len && in[i] != '>') {
			struct html_attr_ref *a;
			size_t nl = 0;

			if (is_html_ws(in[i]) || in[i] == '/') {
				i++;
				continue;
			}
			a = nattrs < MAX_ATTRS ? &attrs[nattrs] : NULL;
			if (a) {
				buf_reset(&a->value);
				a->has_value = 0;
				a->vstart = a->vend = 0;
			}
			do {
				if (a && nl < sizeof(a->name) - 1)
					a->name[nl++] = (char)tolower((unsigned char)in[i]);
				i++;
			} while (i < len && !is_name_end(in[i]) && in[i] != '=');
			if (a)
				a->name[nl] = '\0';
			while (i < len && is_html_ws(in[i]))
				i++;
			if (i < len && in[i] == '=') {
				size_t vs, ve;
				i++;
				while (i < len && is_html_ws(in[i]))
					i++;
				if (i < len && (in[i] == '"' || in[i] == '\'')) {
					const char *q = memchr(in + i + 1, in[i], len - i - 1);
					vs = i + 1;
					ve = q ? (size_t)(q - in) : len;
					i = q ? ve + 1 : len;
				} else {
					vs = i;
					while (i < len && !is_html_ws(in[i]) && in[i] != '>')
						i++;
					ve = i;
				}
				if (a) {
					a->has_value = 1;
					a->vstart = vs;
					a->vend = ve;
					decode_entities(in + vs, ve - vs, &a->value);
				}
			}
			/* the standard drops a repeated attribute: the first one wins */
			if (a && !attr_find(attrs, nattrs, a->name))
				nattrs++;
		}
		if (i < len)
			i++; /* '>' */
		if (!refs) {
			const struct html_attr_ref *h = attr_find(attrs, nattrs, "href");
			if (!strcmp(tag, "base") && h && h->has_value && !c->have_base) {
				char *b = url_base(c->site, c->base_path, h->value.data, h->value.len);
				free(c->base_path);
				c->base_path = b;
				c->have_base = 1;
			}
		} else {
			html_tag(c, tag, attrs, nattrs);
		}
		if (in_list(tag, raw_tags)) {
			size_t e = find_end_tag(in, len, i, tag);
			if (refs && !strcmp(tag, "style"))
				refs_css(in + i, e - i, i, c->base_path, c->site, 0, c->out);
			else if (refs && !strcmp(tag, "script") && c->js_text) {
				buf_add(c->js_text, in + i, e - i);
				buf_addch(c->js_text, '\n');
			}
			i = e;
		}
	}
	for (size_t k = 0; k < MAX_ATTRS; k++)
		buf_release(&attrs[k].value);
	free(attrs);
}

void refs_html(const char *in, size_t len, const char *key, const struct url_site *site,
	       struct ref_list *out, struct buf *js_text)
{
	struct html_ctx c = { in, len, key, site, url_base_of_key(key), 0, out, js_text };

	html_scan(&c, 0);
	html_scan(&c, 1);
	free(c.base_path);
}

/* ---- web manifest ------------------------------------------------------- */

static void manifest_srcs(json_t *arr, const char *base_path, const struct url_site *site,
			  struct ref_list *out)
{
	size_t i;
	json_t *v;

	if (!json_is_array(arr))
		return;
	json_array_foreach(arr, i, v) {
		const char *src = json_string_value(json_object_get(v, "src"));
		if (src)
			add_url(out, site, base_path, src, strlen(src), NULL, 0, 0, 0, 1);
	}
}

void refs_webmanifest(const char *in, size_t len, const char *key, const struct url_site *site,
		      struct ref_list *out)
{
	json_error_t err;
	json_t *doc = json_loadb(in, len, 0, &err), *v;
	char *base = url_base_of_key(key);
	size_t i;

	if (json_is_object(doc)) {
		manifest_srcs(json_object_get(doc, "icons"), base, site, out);
		manifest_srcs(json_object_get(doc, "screenshots"), base, site, out);
		json_array_foreach(json_object_get(doc, "shortcuts"), i, v)
			manifest_srcs(json_object_get(v, "icons"), base, site, out);
	}
	json_decref(doc);
	free(base);
}
