/*
 * html.c - minify_html: HTML documents without the bytes that cannot
 * change the page.
 *
 * How it works: one pass over the tokens of html_tokenizer.c with just the
 * tree knowledge the rules need: a stack of open elements (name, namespace,
 * whether whitespace is preserved), the tokenizer state switches that a
 * tree builder would make (RCDATA after <textarea>/<title>, RAWTEXT after
 * <style>, script data after <script>, CDATA in foreign content), and the
 * implied end tags of the common cases (<li>, <p>, <td>, <option> ...).
 * The printer writes as it goes, except for an optional tag (</p>, </li>,
 * <tbody>, </html> ...), which it holds back until the next token that
 * reaches the output is known: the tag is omitted when that token
 * satisfies the standard's omission rule (HTML "Optional tags") and the
 * parser would close it the same way (not at </span> or </body>, which
 * close nothing special; not </p> before <table> unless a doctype puts
 * the page in no-quirks mode, where a table closes a paragraph);
 * otherwise it is printed.
 *
 * The DOM stays the DOM.  Every whitespace run the parser makes a text
 * node of stays, as one character ('\n' when it held a line break, else
 * a space): search indexers and scripts read textContent, and a run
 * removed between two cells or headings glues their words together.
 * Runs go only where the parser drops them (before <head>), where they
 * join the run before them (after a removed comment, after </body>), and
 * at the ends of <title>, whose text document.title trims.  Inside <pre>,
 * <textarea>, <listing>, <plaintext> and elements the CSS may give a
 * preserving white-space (html_css.h: the page's own <style> elements,
 * its style="" attributes and the stylesheets the caller passes in
 * minify_opts.css), whitespace is copied byte for byte.
 *
 * Inside a tree a framework hydrates (hydration.h: the whole document of
 * a Next.js, Nuxt, SvelteKit ... page, an Astro island) the framework
 * expects every node it rendered: there text is copied byte for byte,
 * every comment stays, and attributes keep their names and values (only
 * their quotes and references change).  What remains is what the parser
 * undoes: optional tags where the tree is the same, whitespace inside
 * tags, quotes, references, and minified inline <style> and scripts.
 *
 * Text and attribute values are re-encoded from the tokenizer's decoded
 * values with the fewest escapes: "&" only where a reference could start,
 * "<" only where a tag could start, the chosen quote only inside values;
 * named and numeric references become raw UTF-8 when that is shorter and
 * the page is UTF-8 (no other <meta charset> in the first 1024 bytes);
 * &nbsp; and references to whitespace or control characters are kept.
 *
 * Limits: HTML_MAX_DEPTH open elements (JD_ELIMIT beyond); the output
 * buffer's own maximum.  On error `out` is truncated to its entry length.
 */
#include "minify/minify.h"
#include "minify/html.h"
#include "minify/html_css.h"
#include "minify/html_tokenizer.h"
#include "minify/hydration.h"
#include "lib/util.h"

#include <ctype.h>

#define HTML_MAX_DEPTH 4096

enum { NS_HTML, NS_SVG, NS_MATH };

/* Element categories. */
enum {
	F_VOID = 1 << 0,      /* no end tag, no content */
	F_INVIS = 1 << 1,     /* renders nothing (script, style): not yet body content */
	F_PHRASE = 1 << 2,    /* phrasing content: foster-parented out of a table, misnested */
	F_CLOSE_P = 1 << 3,   /* its start tag closes an open <p> */
	F_PRE = 1 << 4,       /* whitespace inside is preserved */
	F_BREAKOUT = 1 << 5,  /* its start tag leaves foreign content */
};

struct elem_info {
	const char *name;
	unsigned flags;
};

/* Sorted by name for bsearch. */
static const struct elem_info elems[] = {
	{"a", F_PHRASE}, {"abbr", F_PHRASE}, {"address", F_CLOSE_P},
	{"area", F_VOID}, {"article", F_CLOSE_P}, {"aside", F_CLOSE_P},
	{"b", F_PHRASE | F_BREAKOUT}, {"base", F_VOID}, {"basefont", F_VOID}, {"bdi", F_PHRASE},
	{"bdo", F_PHRASE}, {"bgsound", F_VOID}, {"big", F_PHRASE | F_BREAKOUT},
	{"blockquote", F_CLOSE_P | F_BREAKOUT}, {"body", F_BREAKOUT},
	{"br", F_VOID | F_BREAKOUT}, {"center", F_CLOSE_P | F_BREAKOUT},
	{"cite", F_PHRASE}, {"code", F_PHRASE | F_BREAKOUT}, {"col", F_VOID},
	{"data", F_PHRASE}, {"dd", F_CLOSE_P | F_BREAKOUT}, {"del", F_PHRASE},
	{"details", F_CLOSE_P}, {"dfn", F_PHRASE}, {"dialog", F_CLOSE_P},
	{"dir", F_CLOSE_P}, {"div", F_CLOSE_P | F_BREAKOUT},
	{"dl", F_CLOSE_P | F_BREAKOUT}, {"dt", F_CLOSE_P | F_BREAKOUT},
	{"em", F_PHRASE | F_BREAKOUT}, {"embed", F_VOID | F_BREAKOUT},
	{"fieldset", F_CLOSE_P}, {"figcaption", F_CLOSE_P},
	{"figure", F_CLOSE_P}, {"font", F_PHRASE}, {"footer", F_CLOSE_P},
	{"form", F_CLOSE_P}, {"frame", F_VOID},
	{"h1", F_CLOSE_P | F_BREAKOUT}, {"h2", F_CLOSE_P | F_BREAKOUT},
	{"h3", F_CLOSE_P | F_BREAKOUT}, {"h4", F_CLOSE_P | F_BREAKOUT},
	{"h5", F_CLOSE_P | F_BREAKOUT}, {"h6", F_CLOSE_P | F_BREAKOUT},
	{"head", F_BREAKOUT}, {"header", F_CLOSE_P},
	{"hgroup", F_CLOSE_P}, {"hr", F_VOID | F_CLOSE_P | F_BREAKOUT},
	{"i", F_PHRASE | F_BREAKOUT},
	{"img", F_VOID | F_BREAKOUT}, {"input", F_VOID}, {"ins", F_PHRASE}, {"kbd", F_PHRASE},
	{"keygen", F_VOID}, {"label", F_PHRASE},
	{"li", F_CLOSE_P | F_BREAKOUT}, {"link", F_VOID | F_INVIS}, {"listing", F_CLOSE_P | F_PRE | F_BREAKOUT},
	{"main", F_CLOSE_P}, {"mark", F_PHRASE}, {"menu", F_CLOSE_P | F_BREAKOUT},
	{"meta", F_VOID | F_INVIS | F_BREAKOUT}, {"nav", F_CLOSE_P},
	{"nobr", F_PHRASE | F_BREAKOUT}, {"noscript", F_INVIS}, {"ol", F_CLOSE_P | F_BREAKOUT},
	{"p", F_CLOSE_P | F_BREAKOUT},
	{"param", F_VOID}, {"plaintext", F_CLOSE_P | F_PRE},
	{"pre", F_CLOSE_P | F_PRE | F_BREAKOUT}, {"rp", F_PHRASE}, {"rt", F_PHRASE},
	{"ruby", F_PHRASE | F_BREAKOUT}, {"s", F_PHRASE | F_BREAKOUT}, {"samp", F_PHRASE},
	{"script", F_INVIS}, {"search", F_CLOSE_P}, {"section", F_CLOSE_P},
	{"small", F_PHRASE | F_BREAKOUT}, {"source", F_VOID}, {"span", F_PHRASE | F_BREAKOUT},
	{"strike", F_PHRASE | F_BREAKOUT}, {"strong", F_PHRASE | F_BREAKOUT}, {"style", F_INVIS},
	{"sub", F_PHRASE | F_BREAKOUT}, {"summary", F_CLOSE_P}, {"sup", F_PHRASE | F_BREAKOUT},
	{"table", F_CLOSE_P | F_BREAKOUT},
	{"template", F_INVIS}, {"textarea", F_PRE},
	{"time", F_PHRASE},
	{"track", F_VOID}, {"tt", F_PHRASE | F_BREAKOUT}, {"u", F_PHRASE | F_BREAKOUT},
	{"ul", F_CLOSE_P | F_BREAKOUT}, {"var", F_PHRASE | F_BREAKOUT}, {"wbr", F_VOID},
	{"xmp", F_CLOSE_P | F_PRE},
};

/* Compare `name` (not NUL-terminated) with a table name, like strcmp. */
static int cmp_name(struct html_str name, const char *table_name)
{
	for (size_t i = 0; i < name.n; i++) {
		int c = (unsigned char)name.p[i] - (unsigned char)table_name[i]; /* a NUL ends table_name */
		if (c)
			return c;
	}
	return table_name[name.n] ? -1 : 0;
}

#define NELEMS (sizeof(elems) / sizeof(elems[0]))

/*
 * Where each first letter's names begin in elems[] (first['z' - 'a' + 1] is
 * the end), so a lookup searches only names with the same first letter.
 * Built per minify_html() call from the sorted table: 130 steps.
 */
struct elem_index {
	unsigned char first[27];
};

static void elem_index_init(struct elem_index *x)
{
	size_t i = 0;
	for (int c = 0; c < 27; c++) {
		while (i < NELEMS && elems[i].name[0] - 'a' < c)
			i++;
		x->first[c] = (unsigned char)i;
	}
}

/* A binary search within the first letter's range: this runs for every tag. */
static unsigned elem_flags(const struct elem_index *x, struct html_str name)
{
	if (name.n == 0 || name.n > 10 || name.p[0] < 'a' || name.p[0] > 'z')
		return 0; /* "blockquote" and "figcaption" are the longest */
	size_t lo = x->first[name.p[0] - 'a'], hi = x->first[name.p[0] - 'a' + 1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_name(name, elems[mid].name);
		if (c == 0)
			return elems[mid].flags;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* `lit` must be a string literal: its length is known at compile time. */
#define str_is(s, lit) ((s).n == sizeof(lit) - 1 && memcmp((s).p, lit, sizeof(lit) - 1) == 0)

static int str_is_icase(struct html_str s, const char *lit)
{
	size_t l = strlen(lit);
	if (s.n != l)
		return 0;
	for (size_t i = 0; i < l; i++) {
		int c = (unsigned char)s.p[i];
		if (c >= 'A' && c <= 'Z')
			c += 32;
		if (c != lit[i])
			return 0;
	}
	return 1;
}

static int is_ws(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static int is_alnum(int c) { return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'); }

struct open_elem {
	char name[32];
	unsigned char len;
	unsigned char ns;
	unsigned char integration; /* foreign element whose children are HTML */
	unsigned char pre;         /* whitespace preserved inside */
	uint64_t css_ctx[2];       /* the CSS contexts (html_css.h) it or an ancestor matches, of the
				      page's own CSS and of the site's */
	uint64_t kids_ctx[2];      /* ... that its children so far match */
	unsigned char keep_end;    /* a <p> a <table> opened in: whether that closed it depends on
				      the document's mode, so its end tag is printed as it came */
};

enum script_kind { SCRIPT_JS, SCRIPT_JSON, SCRIPT_OTHER };

enum next_kind {
	NEXT_START = HTML_NEXT_START, NEXT_END = HTML_NEXT_END, NEXT_TEXT = HTML_NEXT_TEXT,
	NEXT_SPACE_TEXT = HTML_NEXT_SPACE_TEXT, NEXT_COMMENT = HTML_NEXT_COMMENT, NEXT_EOF = HTML_NEXT_EOF,
};

struct pending_tag {
	int active;
	int is_end;
	char name[16];
	size_t len;
	size_t start, end;     /* raw span, when it must be printed as it was */
	char parent[32];       /* the element that contains it (end tags) */
	size_t parent_len;
	int maybe_quirks;      /* the document may be in quirks mode (see hm.maybe_quirks) */
};

struct hm {
	const char *in;
	size_t len;
	struct buf *out;
	const struct minify_opts *o;
	struct html_tokenizer t;
	struct open_elem *stack;
	size_t depth, cap;
	size_t pre_depth;          /* open elements preserving whitespace */
	struct hydration_walk hydration; /* where the page's framework hydrates */
	int head_started;          /* a <head> was opened or implied: whitespace is text from here */
	int last_ws;               /* the output ends with whitespace text: more joins it */
	size_t text_done;          /* input text before this offset is written already */
	int frameset;              /* a <frameset> came: after </html> a comment goes elsewhere */
	struct pending_tag pend;
	int in_body;               /* body content seen */
	int maybe_quirks;          /* no doctype known to mean no-quirks mode: then <table> may not
				      close an open <p> (quirks mode), so nothing relies on it */
	int started;               /* a start tag or text came: the document's mode is decided */
	int utf8;                  /* references may become raw UTF-8 */
	int omitted_section_end;   /* the last printed thing was an omitted </tbody>/</thead>/</tfoot> */
	struct buf tmp;            /* inline CSS/JS/JSON results */
	struct buf val;            /* attribute values being re-encoded */
	enum script_kind script_kind; /* of the <script> being read */
	int adopted;               /* the adoption agency or foster parenting moved elements: our
				      stack no longer matches the parser's */
	struct html_css *page_css; /* what the page's own <style> elements say (NULL: none) */
	uint64_t root_kids_ctx[2]; /* the CSS contexts elements outside any open one matched */
	uint64_t own_ctx[2];       /* the CSS contexts of the start tag being handled */
	struct elem_index elem_index;
	int err;
};

/* Most writes are a few bytes into room the buffer has: no call then. */
#define PUT(h, p, n) do { struct buf *b_ = (h)->out; size_t n_ = (n);              \
	if (n_ < b_->cap - b_->len) { memcpy(b_->data + b_->len, (p), n_); b_->len += n_; b_->data[b_->len] = 0; } \
	else if (buf_add(b_, (p), n_)) { (h)->err = JD_ELIMIT; return; } } while (0)
#define PUTS(h, s) PUT(h, s, strlen(s))
#define PUTC(h, c) do { struct buf *b_ = (h)->out;                                  \
	if (b_->len + 1 < b_->cap) { b_->data[b_->len++] = (char)(c); b_->data[b_->len] = 0; } \
	else if (buf_addch(b_, (c))) { (h)->err = JD_ELIMIT; return; } } while (0)

static struct open_elem *top(struct hm *h) { return h->depth ? &h->stack[h->depth - 1] : NULL; }

static int in_foreign(struct hm *h)
{
	struct open_elem *e = top(h);
	return e && e->ns != NS_HTML && !e->integration;
}

/* `lit` must be a string literal (its length is known at compile time). */
#define elem_is(e, lit) ((e)->len == sizeof(lit) - 1 && memcmp((e)->name, lit, sizeof(lit) - 1) == 0)

static void push(struct hm *h, struct html_str name, int ns, int integration, int pre)
{
	if (h->depth >= HTML_MAX_DEPTH) {
		h->err = JD_ELIMIT;
		return;
	}
	ARRAY_GROW(h->stack, h->depth + 1, h->cap);
	struct open_elem *e = &h->stack[h->depth++];
	size_t n = name.n < sizeof(e->name) ? name.n : sizeof(e->name);
	memset(e, 0, sizeof(*e));
	if (h->depth > 1) /* the contexts of the ancestors hold inside it too */
		memcpy(e->css_ctx, e[-1].css_ctx, sizeof(e->css_ctx));
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)name.p[i];
		e->name[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	e->len = (unsigned char)n;
	e->ns = (unsigned char)ns;
	e->integration = (unsigned char)integration;
	e->pre = (unsigned char)pre;
	if (pre)
		h->pre_depth++;
}

static void pop(struct hm *h)
{
	if (!h->depth)
		return;
	if (h->stack[h->depth - 1].pre)
		h->pre_depth--;
	h->depth--;
}

/* Pop up to and including the nearest open element called `name`, if any. */
static void pop_to(struct hm *h, struct html_str name)
{
	size_t n = name.n < 32 ? name.n : 32;
	for (size_t i = h->depth; i-- > 0;) {
		struct open_elem *e = &h->stack[i];
		int same = e->len == n;
		for (size_t k = 0; same && k < n; k++) {
			int c = (unsigned char)name.p[k];
			if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != e->name[k])
				same = 0;
		}
		if (same) {
			while (h->depth > i)
				pop(h);
			return;
		}
		/* an HTML end tag does not close across a table or foreign root */
		if (e->ns == NS_HTML && (elem_is(e, "table") || elem_is(e, "html")))
			return;
	}
}

/* ---- output helpers ---- */

/* After a removed comment, would the text that follows join the text before into a tag or a reference? */
static int join_hazard(struct hm *h)
{
	const char *s = h->out->data;
	size_t n = h->out->len, i = n, k = 0;
	if (n == 0)
		return 0;
	if (s[n - 1] == '<' || s[n - 1] == '&')
		return 1;
	while (i > 0 && k < 40 && is_alnum((unsigned char)s[i - 1])) {
		i--;
		k++;
	}
	if (i > 0 && s[i - 1] == '#')
		i--;
	return i > 0 && i < n && s[i - 1] == '&';
}

/*
 * Re-encode text from its raw span, with each whitespace run as one
 * character when `collapse` ('\n' for a run that breaks the line: the
 * output keeps the source's lines).  Appends to h->out.
 */
static void put_text_raw(struct hm *h, const char *p, size_t n, int collapse)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)p[i];
		if (collapse && is_ws(c)) {
			char one = ' ';
			for (; i < n && is_ws((unsigned char)p[i]); i++)
				if (p[i] == '\n' || p[i] == '\r')
					one = '\n';
			PUTC(h, one);
			continue;
		}
		if (c == '&') {
			char v[8];
			size_t vl;
			size_t used = html_charref(p + i + 1, n - i - 1, 0, v, &vl);
			if (!used) {
				PUTC(h, '&');
				i++;
				continue;
			}
			size_t next = i + 1 + used;
			int nc = next < n ? (unsigned char)p[next] : -1;
			unsigned char v0 = (unsigned char)v[0];
			int keep = 0;
			if (vl == 1 && v0 == '&')
				keep = nc != -1 && (is_alnum(nc) || nc == '#' || nc == '&' || nc == ';');
			else if (vl == 1 && v0 == '<')
				keep = nc != -1 && (((nc | 32) >= 'a' && (nc | 32) <= 'z') || nc == '/' || nc == '!' || nc == '?' || nc == '&');
			else if (vl == 1 && (is_alnum(v0) || strchr("#/!?;=", v0)))
				keep = 1; /* could join what comes before into a tag or a reference (<&#x41;) */
			else if (vl == 1 && (v0 < 0x20 || v0 == 0x7F || v0 == ' '))
				keep = 1; /* whitespace and controls stay visible as references */
			else if (vl == 2 && v0 == 0xC2 && (unsigned char)v[1] <= 0xA0)
				keep = 1; /* C1 controls and U+00A0 (&nbsp;) */
			else if (!h->utf8 && v0 >= 0x80)
				keep = 1;
			else if (vl >= used + 1)
				keep = 1; /* not shorter */
			/* at the end of the text a tag follows, or join_hazard() guards a removed comment */
			if (keep)
				PUT(h, p + i, used + 1);
			else
				PUT(h, v, vl);
			i = next;
			continue;
		}
		size_t j = i + 1;
		while (j < n && p[j] != '&' && !(collapse && is_ws((unsigned char)p[j])))
			j++;
		PUT(h, p + i, j - i);
		i = j;
	}
}

/* Append an attribute value (decoded in v) in its shortest form. */
static void put_attr_value(struct hm *h, const char *v, size_t n)
{
	size_t dq = 0, sq = 0;
	int unquoted = n > 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == '"')
			dq++;
		else if (c == '\'')
			sq++;
		if (is_ws(c) || c == '"' || c == '\'' || c == '=' || c == '<' || c == '>' || c == '`')
			unquoted = 0;
	}
	char q = unquoted ? 0 : dq <= sq ? '"' : '\'';
	PUTC(h, '=');
	if (q)
		PUTC(h, q);
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		const char *esc = NULL;
		if (c == '&') {
			int nc = i + 1 < n ? (unsigned char)v[i + 1] : -1;
			if (is_alnum(nc) || nc == '#')
				esc = "&amp;";
		} else if (q && c == (unsigned char)q)
			esc = q == '"' ? "&#34;" : "&#39;";
		if (!esc)
			continue;
		PUT(h, v + from, i - from);
		PUTS(h, esc);
		from = i + 1;
	}
	PUT(h, v + from, n - from);
	if (q)
		PUTC(h, q);
}

static const char *const boolean_attrs[] = {
	"allowfullscreen", "async", "autofocus", "autoplay", "checked", "controls", "default",
	"defer", "disabled", "formnovalidate", "inert", "ismap", "itemscope", "loop", "multiple",
	"muted", "nomodule", "novalidate", "open", "playsinline", "readonly", "required",
	"reversed", "selected", "truespeed",
};

static int is_boolean_attr(struct html_str name)
{
	if (name.n < 4 || name.n > 15)
		return 0;
	for (size_t i = 0; i < sizeof(boolean_attrs) / sizeof(boolean_attrs[0]); i++)
		if (boolean_attrs[i][0] == name.p[0] && strlen(boolean_attrs[i]) == name.n &&
		    memcmp(boolean_attrs[i], name.p, name.n) == 0)
			return 1;
	return 0;
}

static struct html_str trim(struct html_str s)
{
	while (s.n && is_ws((unsigned char)s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n && is_ws((unsigned char)s.p[s.n - 1]))
		s.n--;
	return s;
}

/* Is attribute `a` of element `tag` at its default value, so it can go? */
static int attr_is_default(struct html_str tag, const struct html_attr *a)
{
	struct html_str v = trim(a->value);
	if (str_is(tag, "script") && str_is(a->name, "type"))
		return str_is_icase(v, "text/javascript") || str_is_icase(v, "application/javascript");
	if (str_is(tag, "script") && str_is(a->name, "language"))
		return 1;
	if ((str_is(tag, "style") || str_is(tag, "link")) && str_is(a->name, "type"))
		return str_is_icase(v, "text/css");
	if (str_is(tag, "form") && str_is(a->name, "method"))
		return str_is_icase(v, "get");
	if (str_is(tag, "form") && str_is(a->name, "autocomplete"))
		return str_is_icase(v, "on");
	if ((str_is(tag, "a") || str_is(tag, "area")) && str_is(a->name, "shape"))
		return str_is_icase(v, "rect");
	/*
	 * Kept although they are defaults: <input type=text> and <button
	 * type=submit>.  Stylesheets select them by the attribute
	 * (Foundation's [type='text'], normalize's [type=submit]), and an
	 * input without it no longer matches.
	 */
	return 0;
}

/* Length of the raw attribute or tag name starting at `p` (case kept for foreign content). */
static size_t raw_name_len(const char *p, size_t n, int attr)
{
	size_t i = attr && n > 0 ? 1 : 0; /* an attribute name may begin with '=' */
	while (i < n && !is_ws((unsigned char)p[i]) && p[i] != '/' && p[i] != '>' && !(attr && p[i] == '='))
		i++;
	return i;
}

/*
 * `foreign`: names keep their case (viewBox), values as they are.
 * `hydrated`: every attribute and value stays, only quotes and references
 * change (a framework compares them with what it rendered).
 */
static void put_start_tag(struct hm *h, const struct html_token *tok, int foreign, int hydrated)
{
	struct html_str tag = tok->name;
	int edit = !foreign && !hydrated; /* attributes and values may be dropped or rewritten */
	PUTC(h, '<');
	if (foreign)
		PUT(h, h->in + tok->start + 1, raw_name_len(h->in + tok->start + 1, tok->end - tok->start - 1, 0));
	else
		PUT(h, tag.p, tag.n);
	int last_unquoted = 0;
	for (size_t i = 0; i < tok->nattrs; i++) {
		const struct html_attr *a = &tok->attrs[i];
		if (a->duplicate)
			continue;
		struct html_str v = a->value;
		if (edit) {
			if ((str_is(a->name, "class") || str_is(a->name, "id") || str_is(a->name, "style")) &&
			    trim(v).n == 0)
				continue;
			if (attr_is_default(tag, a))
				continue;
		}
		PUTC(h, ' ');
		if (foreign)
			PUT(h, h->in + a->start, raw_name_len(h->in + a->start, tok->end - a->start, 1));
		else
			PUT(h, a->name.p, a->name.n);
		last_unquoted = 0;
		if (!a->has_value || v.n == 0)
			continue;
		if (edit && v.n == a->name.n) {
			int same = 1;
			for (size_t k = 0; same && k < v.n; k++) {
				int c = (unsigned char)v.p[k];
				if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != a->name.p[k])
					same = 0;
			}
			if (same && is_boolean_attr(a->name))
				continue;
		}
		if (edit && str_is(a->name, "class")) {
			/* collapse the whitespace between class names (trim() leaves no run at either end) */
			struct html_str c = trim(v);
			size_t k = 0;
			while (k < c.n && (c.p[k] != ' ' || !is_ws((unsigned char)c.p[k + 1])) &&
			       (!is_ws((unsigned char)c.p[k]) || c.p[k] == ' '))
				k++;
			v = c;
			if (k < c.n) {
				/* a run or a tab or newline: rewrite (room reserved, so plain stores) */
				buf_reset(&h->val);
				if (buf_grow(&h->val, c.n)) {
					h->err = JD_ELIMIT;
					return;
				}
				char *d = h->val.data;
				size_t dn = 0;
				for (k = 0; k < c.n; k++) {
					if (!is_ws((unsigned char)c.p[k]))
						d[dn++] = c.p[k];
					else if (!is_ws((unsigned char)c.p[k + 1]))
						d[dn++] = ' '; /* the last of a run: never at the end after trim() */
				}
				h->val.len = dn;
				d[dn] = 0;
				v.p = d;
				v.n = dn;
			}
		} else if (edit && str_is(a->name, "style")) {
			struct diag d;
			struct minify_opts o = {0};
			buf_reset(&h->val);
			diag_clear(&d);
			if (minify_css_declarations(v.p, v.n, &h->val, &o, &d) == JD_OK && h->val.len > 0) {
				v.p = h->val.data;
				v.n = h->val.len;
			}
		}
		if (!h->utf8 && memchr(h->in + a->vstart, '&', a->vend - a->vstart)) {
			/* keep the references as written: the page's encoding is not UTF-8 */
			PUTC(h, '=');
			if (a->quote)
				PUTC(h, a->quote);
			PUT(h, h->in + a->vstart, a->vend - a->vstart);
			if (a->quote)
				PUTC(h, a->quote);
			last_unquoted = !a->quote;
			continue;
		}
		put_attr_value(h, v.p, v.n);
		if (h->err)
			return;
		last_unquoted = h->out->data[h->out->len - 1] != '"' && h->out->data[h->out->len - 1] != '\'';
	}
	if (foreign && tok->self_closing) {
		if (last_unquoted)
			PUTC(h, ' ');
		PUTC(h, '/');
	}
	PUTC(h, '>');
}

static void put_end_tag(struct hm *h, const struct html_token *tok, int foreign)
{
	PUTS(h, "</");
	if (foreign)
		PUT(h, h->in + tok->start + 2, raw_name_len(h->in + tok->start + 2, tok->end - tok->start - 2, 0));
	else
		PUT(h, tok->name.p, tok->name.n);
	PUTC(h, '>');
}

/* ---- optional tags ---- */

static int name_in(const char *name, size_t len, const char *const *list)
{
	if (len == 0)
		return 0;
	for (; *list; list++)
		if ((*list)[0] == name[0] && strlen(*list) == len && memcmp(*list, name, len) == 0)
			return 1;
	return 0;
}

/*
 * May the pending tag be left out when `kind` (with tag name `nm`) comes
 * next?  The rules of the standard's "Optional tags" section.
 */
static int can_omit(const struct pending_tag *p, enum next_kind kind, struct html_str nm)
{
	const char *n = p->name;
	size_t l = p->len;
	int start = kind == NEXT_START;
#define IS(x) (l == strlen(x) && memcmp(n, x, l) == 0)
	/*
	 * "No more content in the parent": the standard assumes a conforming
	 * document, where the parent's end tag closes this element too.  In
	 * the parser that holds only for end tags that close through "special"
	 * elements (</div>, </ul>, </td> ...), not for </span> or </b> (a
	 * <p> or <li> inside a <span> stays open at </span>: the text after it
	 * would move in), nor for </body> and </html>, which close nothing (a
	 * text after </body> goes into the open element).  So the next end tag
	 * must be the parent's and the parent one of those, unless this
	 * element is not special (rt, rp, option, optgroup).  An empty parent
	 * means "not known" (html5lib's serializer cases).
	 */
	static const char *const closes_special[] = {
		"address", "applet", "article", "aside", "blockquote", "button", "caption", "center", "dd",
		"details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
		"form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "li", "listing", "main",
		"marquee", "menu", "nav", "object", "ol", "pre", "search", "section", "select", "summary",
		"table", "tbody", "td", "template", "tfoot", "th", "thead", "tr", "ul", NULL};
	int special = !(IS("rt") || IS("rp") || IS("option") || IS("optgroup"));
	int end_of_parent = kind == NEXT_EOF ||
			    (kind == NEXT_END && (p->parent_len == 0 ||
			     (nm.n == p->parent_len && memcmp(nm.p, p->parent, nm.n) == 0 &&
			      (!special || name_in(p->parent, p->parent_len, closes_special)))));
#define NEXT(x) (start && str_is(nm, x))
	if (!p->is_end) {
		if (IS("html"))
			return kind != NEXT_COMMENT && kind != NEXT_SPACE_TEXT;
		if (IS("head"))
			return start || (kind == NEXT_END && str_is(nm, "head"));
		if (IS("body")) {
			static const char *const no[] = {"meta", "noscript", "link", "script", "style", "template",
							 "base", "basefont", "bgsound", "title", "noframes",
							 "command", NULL}; /* command: a head element in older parsers */
			if (kind == NEXT_END || kind == NEXT_EOF)
				return 1;
			if (kind == NEXT_TEXT)
				return 1;
			return start && !name_in(nm.p, nm.n, no) && !str_is(nm, "frameset");
		}
		if (IS("tbody"))
			return NEXT("tr");
		if (IS("colgroup"))
			return NEXT("col");
		return 0;
	}
	if (IS("html") || IS("body"))
		return kind != NEXT_COMMENT && kind != NEXT_SPACE_TEXT;
	if (IS("head"))
		return kind != NEXT_COMMENT && kind != NEXT_SPACE_TEXT;
	if (IS("li"))
		return NEXT("li") || end_of_parent;
	if (IS("dt"))
		return NEXT("dt") || NEXT("dd");
	if (IS("dd"))
		return NEXT("dd") || NEXT("dt") || end_of_parent;
	if (IS("rt") || IS("rp"))
		return NEXT("rt") || NEXT("rp") || end_of_parent;
	/*
	 * Inside <datalist> (and other parents) older parsers ignore the
	 * parent's end tag while an option is open: only <select> and
	 * <optgroup> parents may end an option (an empty parent: not known).
	 */
	int select_parent = p->parent_len == 0 || (p->parent_len == 6 && !memcmp(p->parent, "select", 6)) ||
			    (p->parent_len == 8 && !memcmp(p->parent, "optgroup", 8));
	if (IS("optgroup"))
		return NEXT("optgroup") || NEXT("hr") || (end_of_parent && select_parent);
	if (IS("option"))
		return NEXT("option") || NEXT("optgroup") || NEXT("hr") || (end_of_parent && select_parent);
	if (IS("colgroup"))
		return kind != NEXT_COMMENT && kind != NEXT_SPACE_TEXT && !NEXT("colgroup");
	if (IS("caption"))
		return kind != NEXT_COMMENT && kind != NEXT_SPACE_TEXT;
	if (IS("thead"))
		return NEXT("tbody") || NEXT("tfoot");
	if (IS("tbody"))
		return NEXT("tbody") || NEXT("tfoot") || end_of_parent;
	if (IS("tfoot"))
		return NEXT("tbody") || end_of_parent; /* the parser closes tfoot at <tbody> */
	if (IS("tr"))
		return NEXT("tr") || end_of_parent;
	if (IS("td") || IS("th"))
		return NEXT("td") || NEXT("th") || end_of_parent;
	if (IS("p")) {
		static const char *const closers[] = {
			"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
			"fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
			"h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "search",
			"section", "table", "ul", NULL};
		static const char *const keep_parents[] = {"a", "audio", "del", "ins", "map", "noscript", "video", NULL};
		if (start)
			return name_in(nm.p, nm.n, closers) && !(p->maybe_quirks && NEXT("table"));
		if (end_of_parent) /* keep_parents: the standard's own exceptions */
			return !name_in(p->parent, p->parent_len, keep_parents) && !memchr(p->parent, '-', p->parent_len);
		return 0;
	}
#undef IS
#undef NEXT
	return 0;
}

int html_can_omit_tag(int is_end, const char *name, size_t n, enum html_next_kind next,
		      const char *next_name, size_t next_n, const char *parent, size_t parent_n,
		      int after_omitted_section_end)
{
	struct pending_tag p;
	memset(&p, 0, sizeof(p));
	if (n >= sizeof(p.name) || parent_n >= sizeof(p.parent))
		return 0;
	p.is_end = is_end;
	memcpy(p.name, name, n);
	p.len = n;
	memcpy(p.parent, parent, parent_n);
	p.parent_len = parent_n;
	if (!is_end && ((n == 5 && memcmp(name, "tbody", 5) == 0) || (n == 8 && memcmp(name, "colgroup", 8) == 0)) &&
	    after_omitted_section_end)
		return 0;
	return can_omit(&p, (enum next_kind)next, (struct html_str){next_name, next_n});
}

static int omittable_name(struct html_str n, int is_end)
{
	static const char *const ends[] = {"html", "head", "body", "li", "dt", "dd", "rt", "rp", "optgroup",
					   "option", "colgroup", "caption", "thead", "tbody", "tfoot", "tr",
					   "td", "th", "p", NULL};
	static const char *const starts[] = {"html", "head", "body", "tbody", "colgroup", NULL};
	return name_in(n.p, n.n, is_end ? ends : starts);
}

/* The next output token is known: print or drop the pending tag. */
static void resolve_pending(struct hm *h, enum next_kind kind, struct html_str nm)
{
	if (!h->pend.active)
		return;
	h->pend.active = 0;
	int omit_next_tbody_ok = !h->omitted_section_end;
	h->omitted_section_end = 0;
	int omit = can_omit(&h->pend, kind, nm);
	/*
	 * After misnesting the parser's stack may hold elements ours does not.
	 * Formatting elements it reopened sit on top of our current node, and
	 * every end tag that can_omit() lets close the element pops them as
	 * well.  After h->adopted (the adoption agency, foster parenting) they
	 * may be anywhere: a start tag that implies our end tag closes through
	 * them the same way, but an end tag that follows would meet them: keep
	 * the end tag then.
	 */
	if (omit && h->frameset && h->pend.is_end && h->pend.len == 4 && !memcmp(h->pend.name, "html", 4))
		omit = 0;
	if (omit && h->adopted && h->pend.is_end && (kind == NEXT_END || kind == NEXT_EOF) &&
	    !(h->pend.len == 4 && (!memcmp(h->pend.name, "html", 4) || !memcmp(h->pend.name, "body", 4) ||
				   !memcmp(h->pend.name, "head", 4))))
		omit = 0;
	if (!h->pend.is_end && ((h->pend.len == 5 && memcmp(h->pend.name, "tbody", 5) == 0) ||
				 (h->pend.len == 8 && memcmp(h->pend.name, "colgroup", 8) == 0)) && !omit_next_tbody_ok)
		omit = 0;
	if (omit) {
		if (h->pend.is_end && ((h->pend.len == 5 && (!memcmp(h->pend.name, "tbody", 5) ||
		    !memcmp(h->pend.name, "thead", 5) || !memcmp(h->pend.name, "tfoot", 5))) ||
		    (h->pend.len == 8 && !memcmp(h->pend.name, "colgroup", 8))))
			h->omitted_section_end = 1;
		return;
	}
	PUTC(h, '<');
	if (h->pend.is_end)
		PUTC(h, '/');
	PUT(h, h->pend.name, h->pend.len);
	PUTC(h, '>');
}

static void set_pending(struct hm *h, struct html_str name, int is_end)
{
	h->pend.active = 1;
	h->pend.maybe_quirks = h->maybe_quirks;
	h->pend.is_end = is_end;
	memcpy(h->pend.name, name.p, name.n);
	h->pend.len = name.n;
	h->pend.parent_len = 0;
}

/*
 * A token that reaches the output is next: settle the held-back tag.  Any
 * output also ends the whitespace text a later run could join.
 */
static void before_output(struct hm *h, enum next_kind kind, struct html_str nm)
{
	/* "immediately preceded by an omitted section end" holds for one token only */
	if (!h->pend.active && !(kind == NEXT_START && (str_is(nm, "tbody") || str_is(nm, "colgroup"))))
		h->omitted_section_end = 0;
	h->last_ws = 0;
	resolve_pending(h, kind, nm);
}

/* ---- the content of raw text elements ---- */

static int contains_icase(const char *s, size_t n, const char *w)
{
	size_t l = strlen(w);
	for (size_t i = 0; i + l <= n; i++) {
		size_t k = 0;
		while (k < l && ((s[i + k] >= 'A' && s[i + k] <= 'Z' ? s[i + k] + 32 : s[i + k]) == w[k]))
			k++;
		if (k == l)
			return 1;
	}
	return 0;
}

static enum script_kind script_kind_of(const struct html_token *tok)
{
	for (size_t i = 0; i < tok->nattrs; i++) {
		const struct html_attr *a = &tok->attrs[i];
		if (a->duplicate || !str_is(a->name, "type"))
			continue;
		struct html_str v = trim(a->value);
		static const char *const js[] = {"", "module", "text/javascript", "application/javascript",
						 "text/ecmascript", "application/ecmascript", "application/x-javascript",
						 "text/x-javascript", "text/jscript", NULL};
		static const char *const json[] = {"application/ld+json", "application/json", "importmap",
						   "speculationrules", NULL};
		for (const char *const *k = js; *k; k++)
			if (str_is_icase(v, *k))
				return SCRIPT_JS;
		for (const char *const *k = json; *k; k++)
			if (str_is_icase(v, *k))
				return SCRIPT_JSON;
		return SCRIPT_OTHER;
	}
	return SCRIPT_JS;
}

/*
 * Minify the text of <script> or <style>; on any failure copy it as it
 * was.  In a hydrated tree only code (CSS, JavaScript): data such as a
 * framework's JSON state is text the framework may read as written.
 */
static void put_raw_content(struct hm *h, const char *p, size_t n, const char *elem, enum script_kind kind,
			    int hydrated)
{
	struct diag d;
	struct minify_opts o = {0};
	int r = -1;
	o.inline_script = 1;
	if (h->o) {
		o.keep_comments = h->o->keep_comments;
		o.keep_names = h->o->keep_names;
	}
	diag_clear(&d);
	buf_reset(&h->tmp);
	if (strcmp(elem, "style") == 0)
		r = minify_css(p, n, &h->tmp, &o, &d);
	else if (kind == SCRIPT_JS)
		r = minify_js(p, n, &h->tmp, &o, &d);
	else if (kind == SCRIPT_JSON && !hydrated)
		r = minify_json(p, n, &h->tmp, &o, &d);
	if (r == JD_OK) {
		char close[40];
		snprintf(close, sizeof(close), "</%s", elem);
		/* the result must not end the element early or enter the escaped states */
		if (contains_icase(h->tmp.data, h->tmp.len, close) ||
		    (strcmp(elem, "script") == 0 && contains_icase(h->tmp.data, h->tmp.len, "<!--") &&
		     !contains_icase(p, n, "<!--")))
			r = -1;
	}
	if (r == JD_OK)
		PUT(h, h->tmp.data, h->tmp.len);
	else
		PUT(h, p, n);
}

/* ---- comments ---- */

static int keep_comment(struct hm *h, const struct html_token *tok)
{
	struct html_str d = tok->data;
	if (h->o && h->o->keep_comments)
		return 1;
	if (d.n >= 1 && d.p[0] == '!')
		return 1; /* <!--! license --> */
	if (d.n >= 3 && (memcmp(d.p, "[if", 3) == 0 || (d.n >= 6 && memcmp(d.p, "[endif", 6) == 0)))
		return 1; /* conditional comments */
	if (d.n >= 1 && d.p[0] == '#')
		return 1; /* server-side includes */
	struct html_str t = trim(d);
	if ((t.n >= 3 && memcmp(t.p, "ko ", 3) == 0) || str_is(t, "/ko"))
		return 1; /* knockout containerless bindings */
	return 0;
}

/* ---- doctype ---- */

static void put_doctype(struct hm *h, const struct html_token *tok)
{
	static const char *const strict[] = {"-//W3C//DTD HTML 4.01//EN", "-//W3C//DTD XHTML 1.0 Strict//EN",
					     "-//W3C//DTD XHTML 1.1//EN", "-//W3C//DTD HTML 4.0//EN", NULL};
	int shorten = tok->has_name && str_is(tok->name, "html") && !tok->force_quirks;
	if (shorten && tok->has_public) {
		int ok = 0;
		for (const char *const *s = strict; *s; s++)
			if (str_is_icase(tok->public_id, "") || (tok->public_id.n == strlen(*s) &&
			    strncasecmp(tok->public_id.p, *s, tok->public_id.n) == 0))
				ok = 1;
		shorten = ok;
	} else if (shorten && tok->has_system && !str_is(tok->system_id, "about:legacy-compat"))
		shorten = 0;
	if (shorten)
		PUTS(h, "<!doctype html>");
	else
		PUT(h, h->in + tok->start, tok->end - tok->start);
}

/*
 * Does this doctype put the document in no-quirks or limited-quirks mode
 * (HTML "the initial insertion mode")?  Only the doctypes in use today are
 * recognised; any other counts as maybe quirks, the careful answer.
 */
static int doctype_is_standards(const struct html_token *tok)
{
	static const char *const exact[] = {"-//W3C//DTD HTML 4.01//EN", "-//W3C//DTD HTML 4.0//EN",
					    "-//W3C//DTD XHTML 1.0 Strict//EN", "-//W3C//DTD XHTML 1.1//EN", NULL};
	static const char *const limited[] = {"-//W3C//DTD XHTML 1.0 Transitional//",
					      "-//W3C//DTD XHTML 1.0 Frameset//", NULL};
	static const char *const limited_with_system[] = {"-//W3C//DTD HTML 4.01 Transitional//",
							  "-//W3C//DTD HTML 4.01 Frameset//", NULL};
	if (!tok->has_name || !str_is(tok->name, "html") || tok->force_quirks)
		return 0;
	if (tok->has_system && str_is_icase(tok->system_id, "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd"))
		return 0;
	if (!tok->has_public)
		return 1;
	struct html_str pub = tok->public_id;
	for (const char *const *k = exact; *k; k++)
		if (str_is_icase(pub, *k))
			return 1;
	for (const char *const *k = limited; *k; k++)
		if (pub.n >= strlen(*k) && strncasecmp(pub.p, *k, strlen(*k)) == 0)
			return 1;
	for (const char *const *k = limited_with_system; *k; k++)
		if (tok->has_system && pub.n >= strlen(*k) && strncasecmp(pub.p, *k, strlen(*k)) == 0)
			return 1;
	return 0;
}

/* ---- the token loop ---- */

static int charset_is_utf8(const char *in, size_t len)
{
	size_t n = len < 1024 ? len : 1024;
	for (size_t i = 0; i + 8 <= n; i++) {
		if (strncasecmp(in + i, "charset=", 8) != 0)
			continue;
		size_t k = i + 8;
		while (k < n && (in[k] == '"' || in[k] == '\'' || is_ws((unsigned char)in[k])))
			k++;
		return (n - k >= 5 && strncasecmp(in + k, "utf-8", 5) == 0) ||
		       (n - k >= 4 && strncasecmp(in + k, "utf8", 4) == 0);
	}
	return 1;
}

/*
 * The facts of the page's own <style> elements (html_css.h), or NULL when
 * it has none.  Found by a scan of the raw bytes for "<style": one inside
 * a comment or a script counts too, which only makes the answers more
 * careful.
 */
static struct html_css *page_styles(const char *in, size_t len)
{
	struct html_css *c = NULL;
	const char *end = in + len, *p = in;
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		p++;
		if (end - p < 6 || strncasecmp(p, "style", 5) != 0 || !(is_ws((unsigned char)p[5]) || p[5] == '>' || p[5] == '/'))
			continue;
		const char *open_end = memchr(p, '>', (size_t)(end - p));
		if (!open_end)
			break;
		const char *body = open_end + 1, *q = body;
		while (q < end && !(end - q >= 8 && q[0] == '<' && q[1] == '/' && strncasecmp(q + 2, "style", 5) == 0))
			q++;
		if (!c)
			c = html_css_new();
		html_css_add(c, body, (size_t)(q - body));
		p = q;
	}
	return c;
}

/*
 * What the CSS of the page and of its site (minify_opts.css) may do to
 * this element.  The CSS contexts it matches go to its parent's kids_ctx
 * (for its later siblings) and to h->own_ctx (for its children, once it
 * is pushed).  After misnesting our stack may not hold the parser's
 * ancestors and siblings: then every context counts.
 */
static unsigned css_facts(struct hm *h, const struct html_token *tok)
{
	struct open_elem *parent = top(h);
	uint64_t *kids = parent ? parent->kids_ctx : h->root_kids_ctx, all = ~(uint64_t)0, own[2] = {0, 0};
	unsigned what = html_css_match(h->page_css, tok, h->adopted ? all : parent ? parent->css_ctx[0] : 0,
				       h->adopted ? all : kids[0], &own[0]);
	if (h->o && h->o->css)
		what |= html_css_match(h->o->css, tok, h->adopted ? all : parent ? parent->css_ctx[1] : 0,
				       h->adopted ? all : kids[1], &own[1]);
	for (size_t i = 0; i < tok->nattrs; i++)
		if (!tok->attrs[i].duplicate && str_is(tok->attrs[i].name, "style"))
			what |= html_css_declarations(tok->attrs[i].value.p, tok->attrs[i].value.n);
	kids[0] |= own[0]; /* for the siblings after it */
	kids[1] |= own[1];
	memcpy(h->own_ctx, own, sizeof(own)); /* for its children: see start_tag() */
	return what;
}

static const char *const svg_integration[] = {"foreignobject", "desc", "title", NULL};
static const char *const math_integration[] = {"mi", "mo", "mn", "ms", "mtext", NULL};

/* The HTML standard's "special" elements (the parser's scope rules stop at them). */
static int is_special(const struct open_elem *e)
{
	static const char *const special[] = {
		"address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote",
		"body", "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div",
		"dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
		"h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img",
		"input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav", "noembed",
		"noframes", "noscript", "object", "ol", "p", "param", "plaintext", "pre", "script", "search",
		"section", "select", "source", "style", "summary", "table", "tbody", "td", "template",
		"textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp", NULL};
	return e->ns == NS_HTML && name_in(e->name, e->len, special);
}

/* Close the open elements from index `from` up, as an implied end tag does. */
static void close_implied(struct hm *h, size_t from)
{
	while (h->depth > from)
		pop(h);
}

static void start_tag(struct hm *h, const struct html_token *tok)
{
	struct html_str name = tok->name;
	unsigned f = elem_flags(&h->elem_index, name);
	int foreign = in_foreign(h);
	int hydrated = hydration_walk_inside(&h->hydration); /* an island's start tag is */

	if (!str_is(name, "html"))
		h->head_started = 1; /* any other start tag opens or implies <head> */
	h->frameset |= str_is(name, "frameset");
	if (foreign && (f & F_BREAKOUT || (str_is(name, "font") && tok->nattrs))) {
		while (in_foreign(h))
			pop(h);
		foreign = 0;
	}
	if (foreign) {
		int ns = top(h)->ns;
		before_output(h, NEXT_START, name);
		if (h->err)
			return;
		put_start_tag(h, tok, 1, hydrated);
		if (!tok->self_closing) {
			const char *const *ip = ns == NS_SVG ? svg_integration : math_integration;
			push(h, name, ns, name_in(name.p, name.n, ip), 0);
		}
		h->t.cdata_allowed = in_foreign(h);
		return;
	}

	/*
	 * <tbody> (<colgroup>) may go only if no section (colgroup) is open:
	 * one left open by the source counts as an omitted end tag.
	 */
	if (str_is(name, "tbody") || str_is(name, "colgroup")) {
		for (size_t i = h->depth; i-- > 0;) {
			struct open_elem *e = &h->stack[i];
			if (elem_is(e, "table"))
				break;
			if (elem_is(e, "thead") || elem_is(e, "tbody") || elem_is(e, "tfoot") || elem_is(e, "colgroup"))
				h->omitted_section_end = 1;
		}
	}

	/*
	 * Implied end tags the source left out, so the stack stays the parser's
	 * (the "in body" rules): <li> closes the nearest open <li> unless a
	 * special element other than <address>, <div> or <p> comes first (<dt>
	 * and <dd> likewise with each other); then it, and every start tag that
	 * closes a <p>, closes the <p> in button scope, not only the current node.
	 */
	int closes_li = str_is(name, "li"), closes_dd = str_is(name, "dt") || str_is(name, "dd");
	for (size_t i = h->depth; (closes_li || closes_dd) && i-- > 0;) {
		struct open_elem *e = &h->stack[i];
		if ((closes_li && elem_is(e, "li")) || (closes_dd && (elem_is(e, "dt") || elem_is(e, "dd")))) {
			close_implied(h, i);
			break;
		}
		if (e->ns != NS_HTML || (is_special(e) && !elem_is(e, "address") &&
					 !elem_is(e, "div") && !elem_is(e, "p")))
			break;
	}
	for (size_t i = h->depth; (f & F_CLOSE_P) && i-- > 0;) {
		struct open_elem *e = &h->stack[i];
		if (e->ns != NS_HTML || elem_is(e, "table") || elem_is(e, "td") || elem_is(e, "th") ||
		    elem_is(e, "caption") || elem_is(e, "button") || elem_is(e, "html") || elem_is(e, "template") ||
		    elem_is(e, "object") || elem_is(e, "marquee") || elem_is(e, "applet"))
			break;
		if (elem_is(e, "p")) {
			if (h->maybe_quirks && str_is(name, "table"))
				e->keep_end = 1; /* quirks mode nests the table in the <p> */
			else
				close_implied(h, i);
			break;
		}
	}
	struct open_elem *cur = top(h);
	if (cur) {
		if ((str_is(name, "li") && elem_is(cur, "li")) ||
		    ((str_is(name, "dt") || str_is(name, "dd")) && (elem_is(cur, "dt") || elem_is(cur, "dd"))) ||
		    ((str_is(name, "option") || str_is(name, "optgroup")) && elem_is(cur, "option")) ||
		    ((f & F_CLOSE_P) && elem_is(cur, "p")) ||
		    ((str_is(name, "td") || str_is(name, "th") || str_is(name, "tr")) && (elem_is(cur, "td") || elem_is(cur, "th"))))
			close_implied(h, h->depth - 1);
		cur = top(h);
		if (cur && str_is(name, "tr") && elem_is(cur, "tr"))
			close_implied(h, h->depth - 1);
		if (str_is(name, "tbody") || str_is(name, "thead") || str_is(name, "tfoot")) {
			while ((cur = top(h)) && (elem_is(cur, "td") || elem_is(cur, "th") || elem_is(cur, "tr") ||
			       elem_is(cur, "tbody") || elem_is(cur, "thead") || elem_is(cur, "tfoot") || elem_is(cur, "colgroup")))
				close_implied(h, h->depth - 1);
		}
	}
	/* a second <body> is not the body's start: it merges attributes, keep it */
	int first_body = str_is(name, "body") && !h->in_body;
	if (str_is(name, "body") || (!(f & F_INVIS) && !str_is(name, "html") && !str_is(name, "head") &&
				     !str_is(name, "title") && !str_is(name, "base")))
		h->in_body = 1;

	cur = top(h);
	if ((f & F_PHRASE) && cur && cur->ns == NS_HTML &&
	    (elem_is(cur, "table") || elem_is(cur, "tbody") || elem_is(cur, "thead") || elem_is(cur, "tfoot") ||
	     elem_is(cur, "tr")))
		h->adopted = 1; /* foster-parented out of the table */
	unsigned facts = css_facts(h, tok); /* void elements too: they are siblings */
	before_output(h, NEXT_START, name);
	if (h->err)
		return;

	int has_attrs = 0;
	for (size_t i = 0; i < tok->nattrs; i++)
		has_attrs |= !tok->attrs[i].duplicate;
	if (!has_attrs && omittable_name(name, 0) && (first_body || !str_is(name, "body")))
		set_pending(h, name, 0);
	else
		put_start_tag(h, tok, str_is(name, "svg") || str_is(name, "math"), hydrated); /* viewBox keeps its case */
	if (h->err)
		return;

	if (str_is(name, "svg") || str_is(name, "math")) {
		if (!tok->self_closing)
			push(h, name, str_is(name, "svg") ? NS_SVG : NS_MATH, 0, 0);
		h->t.cdata_allowed = in_foreign(h);
		return;
	}
	if (!(f & F_VOID)) {
		int pre = (f & F_PRE) || (facts & HTML_CSS_PRE);
		push(h, name, NS_HTML, 0, pre);
		if (!h->err) {
			top(h)->css_ctx[0] |= h->own_ctx[0];
			top(h)->css_ctx[1] |= h->own_ctx[1];
		}
	}

	/* the states a tree builder would switch the tokenizer to (scripting on: <noscript> too) */
	char tag[16];
	enum html_content st;
	if (name.n < sizeof(tag)) {
		memcpy(tag, name.p, name.n);
		tag[name.n] = '\0';
		if (html_raw_content_after(tag, &st))
			html_set_state(&h->t, st, name.p, name.n);
		else if (str_is(name, "noscript"))
			html_set_state(&h->t, HTML_RAWTEXT, name.p, name.n);
	}
}

/*
 * Does the input from `pos` hold only comments, </body> and </html> (and
 * whitespace, when `ws_joins`: it then joins the whitespace text that
 * ends the output, wherever the tags go)?
 */
static int only_ends_follow(const char *in, size_t len, size_t pos, int ws_joins)
{
	while (pos < len) {
		if (ws_joins && is_ws((unsigned char)in[pos])) {
			pos++;
		} else if (len - pos >= 4 && memcmp(in + pos, "<!--", 4) == 0) {
			const char *e = memmem(in + pos + 4, len - pos - 4, "-->", 3);
			if (!e)
				return 0;
			pos = (size_t)(e - in) + 3;
		} else if (len - pos >= 7 && in[pos] == '<' && in[pos + 1] == '/' &&
			   (strncasecmp(in + pos + 2, "body", 4) == 0 || strncasecmp(in + pos + 2, "html", 4) == 0) &&
			   (in[pos + 6] == '>' || is_ws((unsigned char)in[pos + 6]))) {
			const char *e = memchr(in + pos, '>', len - pos);
			if (!e)
				return 0;
			pos = (size_t)(e - in) + 1;
		} else
			return 0;
	}
	return 1;
}

static void text(struct hm *h, const struct html_token *tok);

static void end_tag(struct hm *h, const struct html_token *tok)
{
	struct html_str name = tok->name;
	unsigned f = elem_flags(&h->elem_index, name);
	if (str_is(name, "html") || str_is(name, "head") || str_is(name, "body") || str_is(name, "br"))
		h->head_started = 1; /* before <head> these end tags create it (and more) */
	if (in_foreign(h)) {
		before_output(h, NEXT_END, name);
		if (h->err)
			return;
		put_end_tag(h, tok, 1);
		pop_to(h, name);
		h->t.cdata_allowed = in_foreign(h);
		return;
	}
	int docroot = str_is(name, "html") || str_is(name, "head") || str_is(name, "body");
	int body_end = (str_is(name, "body") || str_is(name, "html")) && h->in_body;
	if (body_end) {
		/*
		 * </body> and </html> close nothing in the parser: whitespace after
		 * them goes where it would go before them.  Write it first, so a
		 * held-back <body> sees it, and these tags may go at the end.
		 */
		size_t w = 0;
		while (tok->end + w < h->len && is_ws((unsigned char)h->in[tok->end + w]))
			w++;
		if (w) {
			struct html_token ws = {.type = HTML_TOK_TEXT, .start = tok->end, .end = tok->end + w};
			text(h, &ws);
			h->text_done = tok->end + w;
			if (h->err)
				return;
		}
	}
	int open = 0, current = 0;
	size_t at = 0;
	for (size_t i = h->depth; i-- > 0 && !open;) {
		open = h->stack[i].len == name.n && memcmp(h->stack[i].name, name.p, name.n) == 0;
		current = open && i == h->depth - 1;
		at = i;
	}
	/*
	 * "No more content in the parent" holds only if this end tag closes an
	 * ancestor; a stray one (</p> with no <p> open makes an empty <p>) is
	 * content: pass it as something that keeps the pending end tag.
	 */
	enum next_kind kind = open || docroot ? NEXT_END : NEXT_COMMENT;
	/*
	 * </body> and </html> close nothing in the parser: what follows them
	 * still goes into the open element.  When nothing but comments, those
	 * end tags and whitespace that joins the text before them follows,
	 * they are the end of input.
	 */
	if ((str_is(name, "body") || str_is(name, "html")) && only_ends_follow(h->in, h->len, tok->end, h->last_ws))
		kind = NEXT_EOF;
	int ws_before = h->last_ws;
	before_output(h, kind, name);
	if (body_end)
		h->last_ws = ws_before; /* more whitespace after them joins that text */
	if (h->err)
		return;
	/*
	 * Only the end tag of the current node may go: a stray </p> makes an
	 * empty <p>, and closing over open children (misnested formatting
	 * elements) is not what the implied end would do (see also
	 * resolve_pending() after misnesting).  </body> and </html>
	 * outside the body (a stray one in the head) move what follows.
	 */
	int may_omit = docroot ? (str_is(name, "head") || h->in_body) : current && !h->stack[at].keep_end;
	if (open && !current && (f & F_PHRASE))
		h->adopted = 1; /* misnested <b><p></b>: the adoption agency moves elements around */
	if (omittable_name(name, 1) && may_omit) {
		set_pending(h, name, 1);
		/* the parent of the element being closed, for </p> */
		for (size_t i = h->depth; i-- > 0;) {
			struct open_elem *e = &h->stack[i];
			if (e->len == name.n && memcmp(e->name, name.p, name.n) == 0) {
				if (i > 0) {
					memcpy(h->pend.parent, h->stack[i - 1].name, h->stack[i - 1].len);
					h->pend.parent_len = h->stack[i - 1].len;
				} else {
					memcpy(h->pend.parent, "body", 4); /* the implied <body> */
					h->pend.parent_len = 4;
				}
				break;
			}
		}
	} else
		put_end_tag(h, tok, 0);
	if (h->err)
		return;
	pop_to(h, name);
	h->t.cdata_allowed = in_foreign(h);
}

static void text(struct hm *h, const struct html_token *tok)
{
	size_t start = tok->start > h->text_done ? tok->start : h->text_done < tok->end ? h->text_done : tok->end;
	const char *p = h->in + start;
	size_t n = tok->end - start;
	struct open_elem *cur = top(h);

	if (n == 0)
		return; /* end_tag() wrote it */

	/* raw text elements */
	if (cur && cur->ns == NS_HTML && (elem_is(cur, "script") || elem_is(cur, "style"))) {
		before_output(h, NEXT_TEXT, (struct html_str){"", 0});
		if (h->err)
			return;
		/* a script's type was looked at when its start tag went by */
		put_raw_content(h, p, n, cur->name, elem_is(cur, "script") ? h->script_kind : SCRIPT_OTHER,
				hydration_walk_inside(&h->hydration));
		return;
	}
	size_t a = 0;
	while (a < n && is_ws((unsigned char)p[a]))
		a++;
	if (a == n && !h->head_started)
		return; /* before <head> the parser drops whitespace */
	/* a leading run there is dropped too; after whitespace text it joins that */
	size_t from = h->last_ws || !h->head_started ? a : 0;
	int title = cur && cur->ns == NS_HTML && elem_is(cur, "title");
	if (a < n) {
		h->head_started = h->started = 1;
		if (!title && !in_foreign(h))
			h->in_body = 1;
	}
	int raw_text = cur && cur->ns == NS_HTML && (elem_is(cur, "xmp") || elem_is(cur, "iframe") ||
			   elem_is(cur, "noembed") || elem_is(cur, "noframes") || elem_is(cur, "noscript") ||
			   elem_is(cur, "plaintext"));
	int exact = h->pre_depth || raw_text || (cur && cur->ns == NS_HTML && elem_is(cur, "textarea")) ||
		    hydration_walk_inside(&h->hydration);
	if (title && !exact) {
		/* document.title trims and collapses it */
		size_t b = n;
		while (b > a && is_ws((unsigned char)p[b - 1]))
			b--;
		if (a == b)
			return;
		before_output(h, NEXT_TEXT, (struct html_str){"", 0});
		if (!h->err)
			put_text_raw(h, p + a, b - a, 1);
		return;
	}
	if (exact)
		from = 0; /* byte for byte: a run next to another one is its own bytes */
	if (from == n)
		return;
	before_output(h, from < a ? NEXT_SPACE_TEXT : NEXT_TEXT, (struct html_str){"", 0});
	if (h->err)
		return;
	/*
	 * Byte for byte where whitespace is preserved or a framework hydrates
	 * (references are shortened where the tokenizer decodes them, not in
	 * raw text elements); elsewhere each run becomes one character.
	 */
	if (raw_text)
		PUT(h, p, n);
	else
		put_text_raw(h, p + from, n - from, !exact);
	h->last_ws = is_ws((unsigned char)p[n - 1]);
}

/*
 * One pass over the page into h->out.  Returns 1 when a framework's trace
 * shows, after output was written, that the whole document is hydrated:
 * the caller starts over knowing it.
 */
static int minify_pass(struct hm *h)
{
	struct html_token tok;

	while (!h->err) {
		enum html_tok_type ty = html_next(&h->t, &tok);
		if (ty == HTML_TOK_EOF)
			break;
		struct open_elem *cur = top(h);
		int script_text = ty == HTML_TOK_TEXT && cur && cur->ns == NS_HTML && elem_is(cur, "script");
		if (hydration_walk(&h->hydration, &tok, h->in, script_text))
			return 1;
		switch (ty) {
		case HTML_TOK_TEXT:
			text(h, &tok);
			break;
		case HTML_TOK_START_TAG:
			h->started = 1;
			if (str_is(tok.name, "script") && !in_foreign(h))
				h->script_kind = script_kind_of(&tok); /* remembered for its text */
			start_tag(h, &tok);
			break;
		case HTML_TOK_END_TAG:
			end_tag(h, &tok);
			break;
		case HTML_TOK_COMMENT:
			if (!keep_comment(h, &tok) && !hydration_walk_inside(&h->hydration)) {
				/* what stands for it must not read as a framework's marker (hydration.h) */
				if (join_hazard(h)) {
					before_output(h, NEXT_COMMENT, (struct html_str){"", 0});
					if (buf_add(h->out, "<!--x-->", 8))
						h->err = JD_ELIMIT;
				}
				break;
			}
			before_output(h, NEXT_COMMENT, (struct html_str){"", 0});
			if (!h->err && buf_add(h->out, h->in + tok.start, tok.end - tok.start))
				h->err = JD_ELIMIT;
			break;
		case HTML_TOK_DOCTYPE:
			before_output(h, NEXT_COMMENT, (struct html_str){"", 0});
			put_doctype(h, &tok);
			if (!h->started) /* a doctype after content changes nothing */
				h->maybe_quirks = !doctype_is_standards(&tok);
			break;
		case HTML_TOK_CDATA:
			before_output(h, NEXT_TEXT, (struct html_str){"", 0});
			if (!h->err && buf_add(h->out, h->in + tok.start, tok.end - tok.start))
				h->err = JD_ELIMIT;
			break;
		case HTML_TOK_EOF:
			break;
		}
	}
	if (!h->err)
		resolve_pending(h, NEXT_EOF, (struct html_str){"", 0});
	return 0;
}

int minify_html(const char *in, size_t len, struct buf *out, const struct minify_opts *o, struct diag *d)
{
	struct hm h;
	size_t entry = out->len;
	struct html_css *page_css = page_styles(in, len);
	int document = 0, again;

	(void)buf_grow(out, len); /* the output is rarely longer: one allocation, no copies (over the limit: grow later) */
	do {
		memset(&h, 0, sizeof(h));
		h.in = in;
		h.len = len;
		h.out = out;
		h.o = o;
		h.maybe_quirks = 1; /* until a doctype says otherwise */
		hydration_walk_init(&h.hydration, document);
		h.utf8 = charset_is_utf8(in, len);
		elem_index_init(&h.elem_index);
		h.page_css = page_css;
		buf_init(&h.tmp, BUF_MAX_DEFAULT);
		buf_init(&h.val, BUF_MAX_DEFAULT);
		html_tokenizer_init(&h.t, in, len);
		h.t.raw_text = 1; /* text is re-encoded from its raw span */
		again = minify_pass(&h);
		html_tokenizer_release(&h.t);
		buf_release(&h.tmp);
		buf_release(&h.val);
		free(h.stack);
		buf_truncate(out, again || h.err ? entry : out->len);
		document = 1;
	} while (again);
	html_css_free(page_css);
	if (h.err) {
		if (h.err == JD_ELIMIT)
			return diag_set(d, JD_ELIMIT, o ? o->file : NULL,
					"HTML nested deeper than %d elements or output over the buffer limit",
					HTML_MAX_DEPTH);
		return diag_set(d, (enum jd_err)h.err, o ? o->file : NULL, "cannot minify HTML");
	}
	return JD_OK;
}
