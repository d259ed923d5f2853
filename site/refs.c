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
 * Kinds come from where a URL stands: html_tag() knows the element, the
 * attribute and (for <link>) the rel words, and keeps the open <picture>,
 * <video> or <audio> so their candidates share a group; refs_css() knows
 * @import, image-set() and whether the declaration being read is `src:`
 * (its first URL is the font, the rest fallbacks).  Groups are numbered
 * per ref_list, so inline CSS and its page share one numbering.
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
		    int pin, enum ref_kind kind, unsigned group)
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
	r->kind = kind;
	r->group = group;
}

static unsigned new_group(struct ref_list *out)
{
	return ++out->groups;
}

static const char *const kind_names[REF_KIND_COUNT] = {
	[REF_LINK] = "link",         [REF_STYLESHEET] = "stylesheet", [REF_SCRIPT] = "script",
	[REF_PRELOAD] = "preload",   [REF_ICON] = "icon",             [REF_IMAGE] = "image",
	[REF_SRCSET] = "srcset",     [REF_MEDIA] = "media",           [REF_IMPORT] = "import",
	[REF_FONT] = "font",         [REF_FONT_FALLBACK] = "font-fallback",
	[REF_CSS_URL] = "css-url",   [REF_OTHER] = "other",
};

const char *ref_kind_name(enum ref_kind k)
{
	return (unsigned)k < REF_KIND_COUNT ? kind_names[k] : "?";
}

int ref_kind_from_name(const char *name)
{
	for (int k = 0; k < REF_KIND_COUNT; k++)
		if (!strcmp(kind_names[k], name))
			return k;
	return -1;
}

/* ---- CSS ---------------------------------------------------------------- */

static void css_string_ref(struct ref_list *out, const struct url_site *site, const char *base_path,
			   const char *in, const struct css_token *t, size_t base_off, int pin_all,
			   enum ref_kind kind, unsigned group)
{
	struct buf dec = BUF_INIT;
	size_t a = t->off + 1, e = t->off + t->len - ((t->flags & CSS_F_OPEN) ? 0 : 1);

	if (e < a)
		e = a;
	css_decode(in + a, e - a, 1, &dec);
	add_url(out, site, base_path, dec.data, dec.len, in + a, e - a, base_off + a, '\\', pin_all, kind,
		group);
	buf_release(&dec);
}

static void css_url_ref(struct ref_list *out, const struct url_site *site, const char *base_path,
			const char *in, const struct css_token *t, size_t base_off, int pin_all,
			enum ref_kind kind, unsigned group)
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
	add_url(out, site, base_path, dec.data, dec.len, in + a, e - a, base_off + a, '\\', pin_all, kind,
		group);
	buf_release(&dec);
}

static int name_is(const char *in, const struct css_token *t, size_t skip, size_t trim, const char *name)
{
	size_t n = t->len - skip - trim;

	return n == strlen(name) && strncasecmp(in + t->off + skip, name, n) == 0;
}

/*
 * refs_css's reading state: nesting depth, the depth of the url( / src( or
 * image-set( function being read, whether an @import waits for its URL, and
 * the declaration being read (its property is `src`: a font source list).
 */
struct css_state {
	int depth, url_depth, set_depth, want_import;
	int decl_start;         /* the next ident starts a declaration */
	int src_ident;          /* that ident was `src`, a ':' would make it the property */
	int in_src;             /* inside the value of a `src:` declaration */
	unsigned set_group;
	unsigned src_urls;      /* URLs read so far in that `src:` value */
};

/* The kind (and group) of a URL read now; groups are made on first use. */
static enum ref_kind css_kind(struct css_state *cs, struct ref_list *out, unsigned *group)
{
	*group = 0;
	if (cs->want_import)
		return REF_IMPORT;
	if (cs->set_depth >= 0 && cs->depth >= cs->set_depth) {
		if (!cs->set_group)
			cs->set_group = new_group(out);
		*group = cs->set_group;
		return REF_SRCSET;
	}
	if (cs->in_src) /* a browser takes the first source it can use: the first, today */
		return cs->src_urls++ ? REF_FONT_FALLBACK : REF_FONT;
	return REF_CSS_URL;
}

static void css_decl_end(struct css_state *cs)
{
	cs->decl_start = 1;
	cs->src_ident = cs->in_src = 0;
	cs->src_urls = 0;
}

void refs_css(const char *in, size_t len, size_t base_off, const char *base_path,
	      const struct url_site *site, int pin_all, struct ref_list *out)
{
	struct css_lexer lx;
	struct css_token t;
	struct css_state cs = { 0, -1, -1, 0, 1, 0, 0, 0, 0 };
	enum ref_kind kind;
	unsigned group;

	css_lexer_init(&lx, in, len);
	while (css_next(&lx, &t) != CSS_EOF) {
		if (t.type != CSS_WHITESPACE && t.type != CSS_COMMENT && t.type != CSS_IDENT &&
		    t.type != CSS_COLON)
			cs.decl_start = cs.src_ident = 0;
		switch (t.type) {
		case CSS_URL:
			kind = css_kind(&cs, out, &group);
			css_url_ref(out, site, base_path, in, &t, base_off, pin_all, kind, group);
			cs.want_import = 0;
			break;
		case CSS_FUNCTION:
			cs.depth++;
			if (name_is(in, &t, 0, 1, "url") || name_is(in, &t, 0, 1, "src"))
				cs.url_depth = cs.depth;
			else if (cs.set_depth < 0 && (name_is(in, &t, 0, 1, "image-set") ||
						      name_is(in, &t, 0, 1, "-webkit-image-set"))) {
				cs.set_depth = cs.depth;
				cs.set_group = 0;
			}
			break;
		case CSS_LBRACE:
			css_decl_end(&cs);
			/* fall through */
		case CSS_LPAREN:
		case CSS_LBRACKET:
			cs.depth++;
			break;
		case CSS_RBRACE:
			css_decl_end(&cs);
			/* fall through */
		case CSS_RPAREN:
		case CSS_RBRACKET:
			if (cs.depth == cs.url_depth)
				cs.url_depth = -1;
			if (cs.depth == cs.set_depth)
				cs.set_depth = -1;
			if (cs.depth > 0)
				cs.depth--;
			cs.want_import = 0;
			break;
		case CSS_STRING:
			if (cs.want_import || cs.depth == cs.url_depth ||
			    (cs.set_depth >= 0 && cs.depth >= cs.set_depth)) {
				kind = css_kind(&cs, out, &group);
				css_string_ref(out, site, base_path, in, &t, base_off, pin_all, kind, group);
			}
			cs.want_import = 0;
			break;
		case CSS_AT_KEYWORD:
			cs.want_import = name_is(in, &t, 1, 0, "import");
			break;
		case CSS_IDENT:
			cs.src_ident = cs.decl_start && name_is(in, &t, 0, 0, "src");
			cs.decl_start = 0;
			cs.want_import = 0;
			break;
		case CSS_COLON:
			if (cs.src_ident) {
				cs.in_src = 1;
				cs.src_urls = 0;
			}
			cs.decl_start = cs.src_ident = 0;
			cs.want_import = 0;
			break;
		case CSS_SEMICOLON:
			css_decl_end(&cs);
			cs.want_import = 0;
			break;
		case CSS_WHITESPACE:
		case CSS_COMMENT:
			break;
		case CSS_EOF:
		case CSS_HASH:
		case CSS_BAD_STRING:
		case CSS_BAD_URL:
		case CSS_DELIM:
		case CSS_NUMBER:
		case CSS_PERCENTAGE:
		case CSS_DIMENSION:
		case CSS_CDO:
		case CSS_CDC:
		case CSS_COMMA:
			cs.want_import = 0;
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
	unsigned picture;     /* the group of the open <picture>, or 0 */
	unsigned media;       /* the group of the open <video> or <audio>, or 0 */
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

static void attr_url(struct html_ctx *c, const struct html_attr_ref *a, int pin, enum ref_kind kind,
		     unsigned group)
{
	add_url(c->out, c->site, c->base_path, a->value, a->value_len, c->in + a->vstart,
		a->vend - a->vstart, a->vstart, '&', pin, kind, group);
}

static void attr_srcset(struct html_ctx *c, const struct html_attr_ref *a, int pin, enum ref_kind kind,
			unsigned group)
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
			same ? rl[i] : 0, same ? a->vstart + rs[i] : 0, '&', pin, kind, group);
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

/* What a <link href> is for, from its rel words; *asset: the target may be renamed. */
static enum ref_kind link_kind(const struct html_attr_ref *a, size_t n, int *asset)
{
	static const char *const other_rels[] = { "apple-touch-icon-precomposed", "mask-icon", "manifest",
						  "prefetch", NULL };
	const struct html_attr_ref *rel = attr_find(a, n, "rel");

	*asset = 1;
	if (rel && has_word(rel, "stylesheet"))
		return REF_STYLESHEET;
	if (rel && (has_word(rel, "preload") || has_word(rel, "modulepreload")))
		return REF_PRELOAD;
	if (rel && (has_word(rel, "icon") || has_word(rel, "apple-touch-icon")))
		return REF_ICON;
	for (size_t k = 0; rel && other_rels[k]; k++)
		if (has_word(rel, other_rels[k]))
			return REF_OTHER;
	*asset = 0;
	return REF_LINK;
}

/*
 * The references of one start tag, with their kinds.  Alternatives share a
 * group: everything in one <picture>, one <img>'s src and srcset, the
 * sources of one <video>/<audio>, a preload's href and imagesrcset.
 */
static void html_tag(struct html_ctx *c, const char *tag, const struct html_attr_ref *a, size_t n)
{
	static const char *const nav_tags[] = { "a", "area", "iframe", "frame", "form", NULL };
	static const char *const og[] = { "og:image", "og:image:url", "og:image:secure_url",
					  "twitter:image", "twitter:image:src", NULL };
	int nav = in_list(tag, nav_tags), link_asset = 0;
	const struct html_attr_ref *srcset = attr_find(a, n, "srcset");
	const struct html_attr_ref *isrcset = attr_find(a, n, "imagesrcset");
	enum ref_kind lk = REF_LINK, src_kind = nav ? REF_LINK : REF_OTHER;
	unsigned group = 0;

	if (!strcmp(tag, "picture")) {
		c->picture = new_group(c->out);
	} else if (!strcmp(tag, "video") || !strcmp(tag, "audio")) {
		c->media = group = new_group(c->out);
		src_kind = REF_MEDIA;
	} else if (!strcmp(tag, "img") || !strcmp(tag, "source")) {
		src_kind = REF_IMAGE;
		if (c->picture)
			group = c->picture;
		else if (!strcmp(tag, "source") && c->media)
			group = c->media, src_kind = REF_MEDIA;
		else if (srcset && srcset->has_value)
			group = new_group(c->out);
		else if (!strcmp(tag, "source"))
			src_kind = REF_MEDIA;
	} else if (!strcmp(tag, "script")) {
		src_kind = REF_SCRIPT;
	} else if (!strcmp(tag, "link")) {
		lk = link_kind(a, n, &link_asset);
		if (isrcset && isrcset->has_value)
			group = new_group(c->out);
	}
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
			attr_srcset(c, &a[i], nav, nav ? REF_LINK : REF_SRCSET, group ? group : new_group(c->out));
		} else if (!strcmp(name, "data-srcset")) {
			attr_srcset(c, &a[i], 1, REF_OTHER, 0); /* read by scripts: keep the names */
		} else if (!strcmp(name, "href")) {
			if (!strcmp(tag, "base"))
				continue;
			if (!strcmp(tag, "link"))
				attr_url(c, &a[i], !link_asset, lk, group);
			else if (!nav && (!strcmp(tag, "use") || !strcmp(tag, "image") || !strcmp(tag, "feimage")))
				attr_url(c, &a[i], 0, REF_OTHER, 0);
			else /* a link, or an unknown element's href: someone may follow it */
				attr_url(c, &a[i], 1, REF_LINK, 0);
		} else if (!strcmp(name, "xlink:href")) {
			int link = nav || !strcmp(tag, "a");
			attr_url(c, &a[i], link, link ? REF_LINK : REF_OTHER, 0);
		} else if (!strcmp(name, "src")) {
			attr_url(c, &a[i], nav, src_kind, src_kind == REF_SCRIPT ? 0 : group);
		} else if (!strcmp(name, "poster")) {
			attr_url(c, &a[i], nav, REF_IMAGE, 0);
		} else if (!strcmp(name, "background") || (!strcmp(name, "data") && !strcmp(tag, "object"))) {
			attr_url(c, &a[i], nav, nav ? REF_LINK : REF_OTHER, 0);
		} else if (!strcmp(name, "action") || !strcmp(name, "formaction") || !strcmp(name, "cite") ||
			   !strcmp(name, "longdesc")) {
			attr_url(c, &a[i], 1, REF_LINK, 0);
		} else if (!strcmp(name, "data-src") || !strcmp(name, "manifest")) {
			attr_url(c, &a[i], 1, REF_OTHER, 0);
		} else if (!strcmp(name, "content") && !strcmp(tag, "meta")) {
			const struct html_attr_ref *p = attr_find(a, n, "property");
			const struct html_attr_ref *nm = attr_find(a, n, "name");
			int is_og = 0;
			for (size_t k = 0; og[k]; k++)
				if ((p && p->value_len == strlen(og[k]) && !strncasecmp(p->value, og[k], p->value_len)) ||
				    (nm && nm->value_len == strlen(og[k]) && !strncasecmp(nm->value, og[k], nm->value_len)))
					is_og = 1;
			if (is_og)
				attr_url(c, &a[i], 0, REF_OTHER, 0);
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
		if (tok.type == HTML_TOK_END_TAG) {
			if (tok.name.n == 7 && !strncmp(tok.name.p, "picture", 7))
				c->picture = 0;
			else if (tok.name.n == 5 && (!strncmp(tok.name.p, "video", 5) || !strncmp(tok.name.p, "audio", 5)))
				c->media = 0;
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
	struct html_ctx c = { in, len, site, url_base_of_key(site, key), 0, NULL, NULL, 0, 0 };

	html_scan(&c, 0);
	return c.base_path;
}

void refs_html(const char *in, size_t len, const char *key, const struct url_site *site,
	       struct ref_list *out, struct buf *js_text)
{
	struct html_ctx c = { in, len, site, refs_html_base(in, len, key, site), 1, out, js_text, 0, 0 };

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
				add_url(out, site, base, in + s, i - s, in + s, i - s, s, '\\', 0, REF_OTHER, 0);
			} else if (after_src_key && i < len) {
				json_t *v = json_loadb(in + s - 1, i - s + 2, JSON_DECODE_ANY, &err);
				const char *dec = json_string_value(v);
				if (dec)
					add_url(out, site, base, dec, strlen(dec), NULL, 0, 0, 0, 1, REF_OTHER, 0);
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
