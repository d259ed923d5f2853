/*
 * refs.c - the references of HTML, CSS and web manifest files (refs.h).
 *
 * CSS is read with minify/css_lexer.h: url tokens, strings after url( /
 * src( / image-set( and after @import are references; everything else is
 * skipped token by token, so comments and strings that merely look like
 * URLs are never touched.
 *
 * HTML is read with minify/html_tokenizer.h (the Living Standard's
 * tokenizer: tag and attribute names lowercased, every character reference
 * decoded, raw value spans kept).  Like the tree builder, html_scan()
 * switches it to raw text after <script>, <style>, <textarea>... so that
 * markup inside them is not mistaken for tags.  Each start tag reaches
 * html_tag() as a list of struct html_attr_ref (raw value span, decoded
 * value).
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
#include "minify/html_tokenizer.h"

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
	const char *value;    /* decoded (character references resolved) */
	size_t value_len;
};

struct html_ctx {
	const char *in;
	size_t len;
	const struct url_site *site;
	char *base_path;      /* the document's base (url.h); NULL: another origin */
	int have_base;
	struct ref_list *out;
	struct buf *js_text;
};

static const struct html_attr_ref *attr_find(const struct html_attr_ref *a, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(a[i].name, name))
			return &a[i];
	return NULL;
}

/* Does the space-separated list `v` contain `word` (ASCII case-insensitive)? */
static int has_word(const struct html_attr_ref *a, const char *word)
{
	size_t wl = strlen(word), n = a->value_len;
	const char *v = a->value;

	for (size_t i = 0; i < n;) {
		size_t e;
		while (i < n && is_html_ws(v[i]))
			i++;
		for (e = i; e < n && !is_html_ws(v[e]); e++)
			;
		if (e - i == wl && !strncasecmp(v + i, word, wl))
			return 1;
		i = e;
	}
	return 0;
}

static int raw_is_decoded(const struct html_ctx *c, const struct html_attr_ref *a)
{
	return a->vend - a->vstart == a->value_len && !memcmp(c->in + a->vstart, a->value, a->value_len);
}

static void attr_url(struct html_ctx *c, const struct html_attr_ref *a, int pin)
{
	add_url(c->out, c->site, c->base_path, a->value, a->value_len, c->in + a->vstart,
		a->vend - a->vstart, a->vstart, '&', pin);
}

static void attr_srcset(struct html_ctx *c, const struct html_attr_ref *a, int pin)
{
	size_t rs[MAX_SRCSET], rl[MAX_SRCSET], ds[MAX_SRCSET], dl[MAX_SRCSET];
	const char *raw = c->in + a->vstart;
	size_t nr = srcset_parse(raw, a->vend - a->vstart, rs, rl, MAX_SRCSET);
	size_t nd = srcset_parse(a->value, a->value_len, ds, dl, MAX_SRCSET);
	int same = nr == nd && nr <= MAX_SRCSET;

	if (nd > MAX_SRCSET)
		nd = MAX_SRCSET; /* candidates past the limit are ignored: their targets are not seen */
	for (size_t i = 0; i < nd; i++)
		add_url(c->out, c->site, c->base_path, a->value + ds[i], dl[i], same ? raw + rs[i] : NULL,
			same ? rl[i] : 0, same ? a->vstart + rs[i] : 0, '&', pin);
}

static void attr_style(struct html_ctx *c, const struct html_attr_ref *a)
{
	if (raw_is_decoded(c, a))
		refs_css(c->in + a->vstart, a->vend - a->vstart, a->vstart, c->base_path, c->site, 0, c->out);
	else
		refs_css(a->value, a->value_len, 0, c->base_path, c->site, 1, c->out);
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
			buf_add(c->js_text, a[i].value, a[i].value_len);
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
					if (has_word(rel, asset_rels[k]))
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
				if ((p && p->value_len == strlen(og[k]) && !strncasecmp(p->value, og[k], p->value_len)) ||
				    (nm && nm->value_len == strlen(og[k]) && !strncasecmp(nm->value, og[k], nm->value_len)))
					is_og = 1;
			if (is_og)
				attr_url(c, &a[i], 0);
		}
	}
}

/*
 * Walk the document with the HTML tokenizer; for each start tag call
 * html_tag (when `refs`) or just look for the first <base href> (when
 * !refs).  The text of <style> and <script> runs from the end of the start
 * tag to the start of the end tag.  Malformed markup is read the way a
 * browser reads it, so nothing here fails.
 */
static void html_scan(struct html_ctx *c, int refs)
{
	struct html_attr_ref *attrs = xcalloc(MAX_ATTRS, sizeof(*attrs));
	struct html_tokenizer t;
	struct html_token tok;
	char raw_tag[32] = "";
	size_t raw_start = 0;

	html_tokenizer_init(&t, c->in, c->len);
	while (html_next(&t, &tok) != HTML_TOK_EOF) {
		char tag[32];
		size_t nattrs = 0;
		enum html_content st;

		if (tok.type == HTML_TOK_END_TAG && raw_tag[0] && tok.name.n < sizeof(tag) &&
		    !strncmp(tok.name.p, raw_tag, tok.name.n) && raw_tag[tok.name.n] == '\0') {
			if (refs && !strcmp(raw_tag, "style"))
				refs_css(c->in + raw_start, tok.start - raw_start, raw_start, c->base_path, c->site, 0,
					 c->out);
			else if (refs && !strcmp(raw_tag, "script") && c->js_text) {
				buf_add(c->js_text, c->in + raw_start, tok.start - raw_start);
				buf_addch(c->js_text, '\n');
			}
			raw_tag[0] = '\0';
			continue;
		}
		if (tok.type != HTML_TOK_START_TAG || tok.name.n >= sizeof(tag))
			continue;
		memcpy(tag, tok.name.p, tok.name.n);
		tag[tok.name.n] = '\0';
		for (size_t i = 0; i < tok.nattrs && nattrs < MAX_ATTRS; i++) {
			const struct html_attr *ha = &tok.attrs[i];
			struct html_attr_ref *a = &attrs[nattrs];
			if (ha->duplicate || ha->name.n >= sizeof(a->name))
				continue;
			memcpy(a->name, ha->name.p, ha->name.n);
			a->name[ha->name.n] = '\0';
			a->vstart = ha->vstart;
			a->vend = ha->vend;
			a->has_value = ha->has_value;
			a->value = ha->value.p;
			a->value_len = ha->value.n;
			nattrs++;
		}
		if (!refs) {
			const struct html_attr_ref *h = attr_find(attrs, nattrs, "href");
			if (!strcmp(tag, "base") && h && h->has_value && !c->have_base) {
				char *b = url_base(c->site, c->base_path, h->value, h->value_len);
				free(c->base_path);
				c->base_path = b;
				c->have_base = 1;
			}
		} else {
			html_tag(c, tag, attrs, nattrs);
		}
		if (html_raw_content_after(tag, &st)) {
			html_set_state(&t, st, tag, strlen(tag));
			memcpy(raw_tag, tag, sizeof(raw_tag));
			raw_start = tok.end;
		}
	}
	if (refs && raw_tag[0] && !strcmp(raw_tag, "style")) /* unclosed at the end of input */
		refs_css(c->in + raw_start, c->len - raw_start, raw_start, c->base_path, c->site, 0, c->out);
	else if (refs && !strcmp(raw_tag, "script") && c->js_text)
		buf_add(c->js_text, c->in + raw_start, c->len - raw_start);
	html_tokenizer_release(&t);
	free(attrs);
}

char *refs_html_base(const char *in, size_t len, const char *key, const struct url_site *site)
{
	struct html_ctx c = { in, len, site, url_base_of_key(site, key), 0, NULL, NULL };

	html_scan(&c, 0);
	return c.base_path;
}

void refs_html(const char *in, size_t len, const char *key, const struct url_site *site,
	       struct ref_list *out, struct buf *js_text)
{
	struct html_ctx c = { in, len, site, refs_html_base(in, len, key, site), 1, out, js_text };

	html_scan(&c, 1);
	free(c.base_path);
}

/* ---- web manifest ------------------------------------------------------- */

/*
 * A web manifest is JSON; jansson checks that it is valid, then a small
 * scan of the text finds each string that is the value of a "src" member
 * (icons[].src, screenshots[].src, shortcuts[].icons[].src: the only
 * members of the format named "src") with its byte offsets, which jansson
 * does not give.  A value holding a backslash escape is recorded pinned.
 */
void refs_webmanifest(const char *in, size_t len, const char *key, const struct url_site *site,
		      struct ref_list *out)
{
	json_error_t err;
	json_t *doc = json_loadb(in, len, 0, &err);
	char *base = url_base_of_key(site, key);
	size_t i = 0, last_s = 0, last_n = 0;
	int after_src_key = 0, have_last = 0;

	if (!json_is_object(doc))
		goto done;
	while (i < len) {
		if (in[i] == '"') {
			size_t s = ++i;
			int escaped = 0;
			while (i < len && in[i] != '"') {
				if (in[i] == '\\') {
					escaped = 1;
					i++;
				}
				i++;
			}
			if (after_src_key && !escaped) {
				add_url(out, site, base, in + s, i - s, in + s, i - s, s, '\\', 0);
			} else if (after_src_key && i < len) {
				json_t *v = json_loadb(in + s - 1, i - s + 2, JSON_DECODE_ANY, &err);
				const char *dec = json_string_value(v);
				if (dec)
					add_url(out, site, base, dec, strlen(dec), NULL, 0, 0, 0, 1);
				json_decref(v);
			}
			after_src_key = 0;
			have_last = 1;
			last_s = s;
			last_n = i - s;
			i++;
			continue;
		}
		if (in[i] == ':' && have_last && last_n == 3 && !memcmp(in + last_s, "src", 3))
			after_src_key = 1;
		else if (in[i] != ' ' && in[i] != '\t' && in[i] != '\n' && in[i] != '\r' && in[i] != ':')
			after_src_key = 0;
		if (in[i] != ' ' && in[i] != '\t' && in[i] != '\n' && in[i] != '\r')
			have_last = 0;
		i++;
	}
done:
	json_decref(doc);
	free(base);
}
