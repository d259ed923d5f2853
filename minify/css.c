/*
 * css.c - the CSS minifier: tokens -> a light tree -> shortened -> printed.
 *
 * minify_css() lexes the whole input into a token array (css_lexer.c),
 * then parses it the way CSS Syntax Level 3 does ("consume a list of
 * rules", "consume a qualified rule", "consume an at-rule", "consume a
 * list of declarations"), building nodes:
 *
 *   RULE  selector { declarations and nested rules }
 *   AT    @name prelude ;   or   @name prelude { rules | declarations | keyframes }
 *   DECL  property:value[!important]
 *   TEXT  bytes kept as they came: license comments, @charset, at-rules we
 *         do not know (their whole text), junk a browser would skip
 *
 * Each node's text (selector, at-rule head, "prop:value") is printed when
 * the node is built, by css_values.c, into one arena buffer; nodes hold
 * offsets into it.  A declaration's printed value may then get a shorter
 * spelling that its property defines as the same (flex:0 0 auto -> none,
 * aspect-ratio:2/1 -> 2, scale(a,a) -> scale(a), translateX -> translate).
 * The optimiser then works on those strings: it drops
 * declarations overridden later in the same block or in a later rule of
 * the same list with the same selector (same property, same importance,
 * and no fallback pattern: see "overrides" below), writes complete sets of
 * plain longhands as their shorthand (merge_longhands), joins adjacent rules with
 * the same selector or the same body (only when both selector lists have
 * the same signature of newer pseudo-classes, since one unknown selector
 * invalidates the whole list), repeats that until nothing changes (so a
 * second run changes nothing), and removes empty rules.  The printer
 * writes nodes with `;` only between declarations, and with max_line set
 * breaks the line after a block once it is that long.
 *
 * Cost: every step is linear in the rules and declarations it looks at
 * (hash tables, not pairs), because generated stylesheets repeat a rule
 * thousands of times.  "Is this declaration overridden later?" walks a list
 * backwards with a summary of what came later (struct seen); rules with the
 * same selector are found by sorting on a hash of it; a rule that takes
 * in the next ones of its selector keeps only its live declarations and,
 * once large, is optimised again only at the end of the run (settle); a
 * selector list that grows rule by rule grows in place at the end of the
 * arena; no string is scanned past its end (strcspn on arena strings read
 * on to the arena's end).  The passes repeat until nothing changes, which
 * takes two or three on real stylesheets.  tests/integration/
 * minify_scaling.sh counts the instructions at two input sizes.
 *
 * Limits: nesting deeper than CSS_MAX_DEPTH blocks is JD_ELIMIT; a string,
 * url or comment left open at the end of input, or a bad string or bad
 * url, is JD_EINPUT (the caller keeps the original bytes: a browser's
 * recovery from those is not something to reproduce byte by byte).
 */
#include <string.h>

#include "lib/util.h"
#include "minify/css_internal.h"
#include "minify/css_lexer.h"
#include "minify/minify.h"

#define CSS_MAX_INPUT ((size_t)1 << 30)

enum node_kind { N_RULE, N_AT, N_DECL, N_TEXT };
enum block_kind { B_NONE, B_RULES, B_DECLS, B_KEYFRAMES };

struct idlist {
	size_t *v;
	size_t n, cap;
};

struct node {
	enum node_kind kind;
	enum block_kind block; /* what the block holds; B_NONE for a statement */
	int dead;
	int important;         /* DECL */
	int plain;             /* DECL: css_value_is_plain() */
	int mergeable;         /* RULE: its selector may be joined with another of the same signature */
	int decls_only;        /* RULE: its block holds declarations only (never changes: joins add decls) */
	size_t sig, sig_len;   /* RULE: selector_signature() in the arena */
	int droppable;         /* AT: may go when its block ends up empty */
	size_t head, head_len; /* arena: selector, "@name prelude", "prop:value", or raw text */
	size_t name, name_len; /* DECL: property name in the arena; 0 when not comparable */
	size_t value, value_len; /* DECL: printed value in the arena */
	struct idlist kids;
};

/*
 * One entry of the summary of later declarations (see "overridden
 * declarations" below): a property name, or a name and a printed value,
 * as offsets into the arena (a node's text may be rewritten later, e.g.
 * into a shorthand; the arena's old bytes stay), and what was seen.
 */
struct seen_slot {
	unsigned gen;          /* the slot is in use when this is the table's gen */
	unsigned char flags;   /* SEEN_* */
	unsigned long hash;
	size_t name, name_len;
	size_t value, value_len; /* value_len == (size_t)-1: a name-only entry */
};

struct seen {
	struct seen_slot *slot;
	size_t cap, used; /* cap is a power of two, at least twice what is used */
	unsigned gen;
};

struct parser {
	struct css_src s;
	size_t i;
	struct node *nodes;
	size_t nn, ncap;
	struct seen seen;
	struct buf text; /* the arena every node's strings live in */
	int keep_comments;
	size_t max_line;   /* minify_opts.max_line: 0 = one line */
	int rc;
	size_t err_off;
	const char *err_msg;
};

static void list_add(struct idlist *l, size_t id)
{
	ARRAY_GROW(l->v, l->n + 1, l->cap);
	l->v[l->n++] = id;
}

static size_t new_node(struct parser *p, enum node_kind kind)
{
	ARRAY_GROW(p->nodes, p->nn + 1, p->ncap);
	struct node *nd = &p->nodes[p->nn];
	memset(nd, 0, sizeof(*nd));
	nd->kind = kind;
	return p->nn++;
}

static void fail(struct parser *p, int rc, size_t off, const char *msg)
{
	if (p->rc == 0) {
		p->rc = rc;
		p->err_off = off;
		p->err_msg = msg;
	}
}

static const struct css_token *tok(const struct parser *p, size_t i)
{
	return &p->s.t[i < p->s.n ? i : p->s.n - 1]; /* the last token is CSS_EOF */
}

static const char *arena(const struct parser *p, size_t off)
{
	return p->text.data + off;
}

/* Append raw input bytes [from, to) to the arena; returns the arena offset. */
static size_t arena_raw(struct parser *p, size_t from, size_t to)
{
	size_t at = p->text.len;
	if (buf_add(&p->text, p->s.in + from, to - from))
		fail(p, JD_ELIMIT, from, "output too large");
	return at;
}

static void arena_add(struct parser *p, const char *s, size_t n)
{
	if (buf_add(&p->text, s, n))
		fail(p, JD_ELIMIT, 0, "output too large");
}

static void arena_run(struct parser *p, size_t a, size_t b, enum css_ctx ctx, const char *prop)
{
	if (css_print_run(&p->s, a, b, ctx, prop, &p->text))
		fail(p, JD_ELIMIT, 0, "output too large");
}

size_t css_skip_component(const struct css_src *s, size_t i, size_t end, int *too_deep)
{
	enum css_tok close[CSS_MAX_DEPTH];
	size_t depth = 0;
	do {
		const struct css_token *t = &s->t[i < s->n ? i : s->n - 1]; /* the last token is CSS_EOF */
		switch (t->type) {
		case CSS_LPAREN: case CSS_FUNCTION: case CSS_LBRACKET: case CSS_LBRACE:
			if (depth == CSS_MAX_DEPTH) {
				*too_deep = 1;
				return end;
			}
			close[depth++] = t->type == CSS_LBRACKET ? CSS_RBRACKET
					 : t->type == CSS_LBRACE ? CSS_RBRACE : CSS_RPAREN;
			break;
		case CSS_RPAREN: case CSS_RBRACKET: case CSS_RBRACE:
			if (depth > 0 && close[depth - 1] == t->type)
				depth--;
			break;
		case CSS_EOF:
			return i;
		case CSS_IDENT: case CSS_AT_KEYWORD: case CSS_HASH: case CSS_STRING: case CSS_BAD_STRING:
		case CSS_URL: case CSS_BAD_URL: case CSS_DELIM: case CSS_NUMBER: case CSS_PERCENTAGE:
		case CSS_DIMENSION: case CSS_WHITESPACE: case CSS_CDO: case CSS_CDC: case CSS_COLON:
		case CSS_SEMICOLON: case CSS_COMMA: case CSS_COMMENT:
			break;
		}
		i++;
	} while (depth > 0 && i < end);
	return i;
}

/* The index after the component value at i: a whole block for ( [ { and functions. */
static size_t skip_component(struct parser *p, size_t i)
{
	int too_deep = 0;
	size_t next = css_skip_component(&p->s, i, p->s.n, &too_deep);
	if (too_deep) {
		fail(p, JD_ELIMIT, tok(p, i)->off, "blocks nested too deeply");
		return p->s.n - 1;
	}
	return next;
}

static int is_license(const struct parser *p, const struct css_token *t)
{
	return t->len >= 3 && p->s.in[t->off + 2] == '!';
}

static void add_text(struct parser *p, struct idlist *list, size_t from, size_t to)
{
	size_t id = new_node(p, N_TEXT);
	p->nodes[id].head = arena_raw(p, from, to);
	p->nodes[id].head_len = to - from;
	list_add(list, id);
}

/* ---- selectors that may be joined ------------------------------------- */

static const char *const safe_pseudos[] = {
	"hover", "focus", "active", "visited", "link", "first-child", "last-child", "only-child",
	"before", "after", "first-letter", "first-line", "checked", "disabled", "enabled",
	"empty", "root", "target", "nth-child", "nth-of-type", "nth-last-child", "first-of-type",
	"last-of-type", "only-of-type", "not", NULL,
};

static int cmp_words(const void *x, const void *y)
{
	const struct { const char *s; size_t n; } *a = x, *b = y;
	size_t n = a->n < b->n ? a->n : b->n;
	int c = memcmp(a->s, b->s, n);
	return c ? c : (a->n > b->n) - (a->n < b->n);
}

/*
 * One invalid selector makes a browser drop a whole selector list, so two
 * rules may share one list only when a browser reads both the same way.
 * The signature of a selector list is the sorted set of pseudo-classes
 * and pseudo-elements it uses beyond those every browser has had for a
 * long time (safe_pseudos), plus "not-list" for :not() with a list.  Two
 * lists with the same signature are valid or invalid together.  Returns
 * 0 when the list holds something we do not reason about (quotes,
 * namespaces, nesting, keyframe percentages); the signature goes to sig.
 */
static int selector_signature(const char *s, size_t n, struct buf *sig)
{
	struct { const char *s; size_t n; } words[32];
	size_t nw = 0;
	int paren = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\\') {
			i++;
			continue;
		}
		if (c == '"' || c == '\'' || c == '|' || c == '&' || c == '%')
			return 0;
		if (c == '(') {
			paren++;
		} else if (c == ')') {
			paren--;
		} else if (c == ',' && paren > 0) {
			if (nw == 32)
				return 0;
			words[nw].s = "not-list";
			words[nw++].n = 8;
		} else if (c == ':') {
			size_t a = i + 1;
			if (a < n && s[a] == ':')
				a++;
			size_t e = a;
			while (e < n && css_is_ident_char((unsigned char)s[e]))
				e++;
			int ok = 0;
			for (const char *const *w = safe_pseudos; *w; w++)
				if (css_word_eq(s + a, e - a, *w))
					ok = 1;
			if (!ok) {
				if (nw == 32)
					return 0;
				words[nw].s = s + a;
				words[nw++].n = e - a;
			}
			i = e - 1;
		}
	}
	qsort(words, nw, sizeof(words[0]), cmp_words);
	for (size_t k = 0; k < nw; k++) {
		if (k > 0 && cmp_words(&words[k], &words[k - 1]) == 0)
			continue;
		buf_add(sig, words[k].s, words[k].n);
		buf_addch(sig, ',');
	}
	return 1;
}

/* ---- parsing ---------------------------------------------------------- */

static void parse_rules(struct parser *p, struct idlist *list, int nested, int keyframes, int depth);
static void parse_decls(struct parser *p, struct idlist *list, int nested, int depth);

static void parse_qualified(struct parser *p, struct idlist *list, int nested, int keyframes, int depth)
{
	size_t start = p->i;
	for (;;) {
		const struct css_token *t = tok(p, p->i);
		if (t->type == CSS_EOF || (nested && t->type == CSS_RBRACE)) {
			/* no block: browsers drop this; keep its bytes anyway */
			if (p->i > start)
				add_text(p, list, tok(p, start)->off, t->off);
			return;
		}
		if (t->type == CSS_LBRACE)
			break;
		p->i = skip_component(p, p->i);
	}
	size_t id = new_node(p, N_RULE);
	size_t head = p->text.len;
	arena_run(p, start, p->i, keyframes ? CSS_CTX_KEYFRAME : CSS_CTX_SELECTOR, NULL);
	p->nodes[id].head = head;
	p->nodes[id].head_len = p->text.len - head;
	p->nodes[id].block = B_DECLS;
	if (!keyframes) {
		struct buf sig = BUF_INIT;
		p->nodes[id].mergeable = selector_signature(arena(p, head), p->text.len - head, &sig);
		p->nodes[id].sig = p->text.len;
		p->nodes[id].sig_len = sig.len;
		arena_add(p, sig.data, sig.len);
		buf_release(&sig);
	}
	p->i++;
	struct idlist kids = { 0 };
	parse_decls(p, &kids, 1, depth + 1);
	p->nodes[id].kids = kids;
	p->nodes[id].decls_only = 1;
	for (size_t k = 0; k < kids.n; k++)
		if (p->nodes[kids.v[k]].kind != N_DECL)
			p->nodes[id].decls_only = 0;
	list_add(list, id);
}

/* What an at-rule's block holds, by name (vendor prefixes ignored). */
static enum block_kind at_kind(const char *name, size_t n, int *known, int *droppable)
{
	static const char *const rules[] = { "media", "supports", "container", "layer", "scope",
		"document", "starting-style", NULL };
	static const char *const decls[] = { "font-face", "page", "counter-style", "property",
		"font-palette-values", "viewport", "position-try", "view-transition", NULL };
	static const char *const statements[] = { "import", "namespace", NULL };
	if (n > 1 && name[0] == '-') {
		const char *dash = memchr(name + 1, '-', n - 1);
		if (dash) {
			n -= (size_t)(dash + 1 - name);
			name = dash + 1;
		}
	}
	*known = 1;
	*droppable = css_word_eq(name, n, "media") || css_word_eq(name, n, "supports") ||
		     css_word_eq(name, n, "container");
	for (const char *const *w = rules; *w; w++)
		if (css_word_eq(name, n, *w))
			return B_RULES;
	for (const char *const *w = decls; *w; w++)
		if (css_word_eq(name, n, *w))
			return B_DECLS;
	if (css_word_eq(name, n, "keyframes"))
		return B_KEYFRAMES;
	for (const char *const *w = statements; *w; w++)
		if (css_word_eq(name, n, *w))
			return B_NONE;
	*known = 0;
	return B_NONE;
}

static void parse_at(struct parser *p, struct idlist *list, int nested, int depth)
{
	size_t at = p->i;
	const struct css_token *kw = tok(p, at);
	const char *name = p->s.in + kw->off + 1;
	size_t name_len = kw->len - 1;
	p->i++;
	size_t pre = p->i;
	int has_block = 0;
	for (;;) {
		const struct css_token *t = tok(p, p->i);
		if (t->type == CSS_EOF || (nested && t->type == CSS_RBRACE))
			break;
		if (t->type == CSS_SEMICOLON)
			break;
		if (t->type == CSS_LBRACE) {
			has_block = 1;
			break;
		}
		p->i = skip_component(p, p->i);
	}
	size_t pre_end = p->i;
	int known, droppable;
	enum block_kind kind = at_kind(name, name_len, &known, &droppable);
	if (css_word_eq(name, name_len, "charset") || !known || (has_block && kind == B_NONE) ||
	    (!has_block && kind != B_NONE && kind != B_RULES)) {
		/* @charset must stay byte-exact; unknown at-rules pass through whole */
		size_t end = has_block ? skip_component(p, p->i) : p->i;
		if (!has_block && tok(p, end)->type == CSS_SEMICOLON)
			end++;
		add_text(p, list, kw->off, tok(p, end)->off);
		p->i = end;
		return;
	}
	size_t id = new_node(p, N_AT);
	size_t head = p->text.len;
	arena_add(p, "@", 1);
	arena_raw(p, kw->off + 1, kw->off + kw->len);
	size_t mark = p->text.len;
	arena_add(p, " ", 1);
	size_t before = p->text.len;
	arena_run(p, pre, pre_end, CSS_CTX_PRELUDE, NULL);
	if (p->text.len == before) {
		buf_truncate(&p->text, mark);
	} else if (p->text.data[before] == '"' || p->text.data[before] == '\'') {
		memmove(p->text.data + mark, p->text.data + before, p->text.len - before);
		buf_truncate(&p->text, p->text.len - 1);
	}
	struct node *nd = &p->nodes[id];
	nd->head = head;
	nd->head_len = p->text.len - head;
	nd->droppable = droppable;
	if (!has_block) {
		nd->block = B_NONE;
		if (tok(p, p->i)->type == CSS_SEMICOLON)
			p->i++;
		list_add(list, id);
		return;
	}
	nd->block = kind;
	p->i++;
	struct idlist kids = { 0 };
	if (depth + 1 > CSS_MAX_DEPTH)
		fail(p, JD_ELIMIT, kw->off, "blocks nested too deeply");
	else if (kind == B_DECLS)
		parse_decls(p, &kids, 1, depth + 1);
	else
		parse_rules(p, &kids, 1, kind == B_KEYFRAMES, depth + 1);
	p->nodes[id].kids = kids;
	list_add(list, id);
}

static void parse_rules(struct parser *p, struct idlist *list, int nested, int keyframes, int depth)
{
	if (depth > CSS_MAX_DEPTH) {
		fail(p, JD_ELIMIT, tok(p, p->i)->off, "blocks nested too deeply");
		return;
	}
	while (p->rc == 0) {
		const struct css_token *t = tok(p, p->i);
		switch (t->type) {
		case CSS_EOF:
			return;
		case CSS_WHITESPACE:
			p->i++;
			continue;
		case CSS_CDO: case CSS_CDC:
			if (!nested) {
				p->i++;
				continue;
			}
			break;
		case CSS_COMMENT:
			if (p->keep_comments || is_license(p, t))
				add_text(p, list, t->off, t->off + t->len);
			p->i++;
			continue;
		case CSS_RBRACE:
			if (nested) {
				p->i++;
				return;
			}
			break;
		case CSS_AT_KEYWORD:
			parse_at(p, list, nested, depth);
			continue;
		case CSS_IDENT: case CSS_FUNCTION: case CSS_HASH: case CSS_STRING: case CSS_BAD_STRING:
		case CSS_URL: case CSS_BAD_URL: case CSS_DELIM: case CSS_NUMBER: case CSS_PERCENTAGE:
		case CSS_DIMENSION: case CSS_COLON: case CSS_SEMICOLON: case CSS_COMMA: case CSS_LBRACKET:
		case CSS_RBRACKET: case CSS_LPAREN: case CSS_RPAREN: case CSS_LBRACE:
			break;
		}
		parse_qualified(p, list, nested, keyframes, depth);
	}
}

/*
 * Does v[0..n) hold a byte of `set`?  Arena strings are not NUL-terminated
 * (only the arena is), and strcspn() would read on to the arena's end: for
 * every declaration, a quadratic cost.
 */
static int has_any(const char *v, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] && strchr(set, v[i]))
			return 1;
	return 0;
}

/* Properties with 1-4 values for top, right, bottom, left. */
static const char *const box_props[] = {
	"margin", "padding", "inset", "border-width", "border-style", "border-color",
	"scroll-margin", "scroll-padding", NULL,
};

static int in_words(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return 1;
	return 0;
}

/*
 * "1px 2px 1px 2px" -> "1px 2px": the arena from `value` to its end holds
 * a printed box value; drop the values that repeat what CSS would infer
 * (left = right, bottom = top, right = top).  Only plain space-separated
 * values: anything with a function, comma, slash or string is left alone.
 */
static void collapse_box(struct parser *p, size_t value)
{
	const char *v = arena(p, value);
	size_t n = p->text.len - value, start[4], len[4], k = 0, i = 0;
	if (has_any(v, n, "(,/\"'!\\"))
		return;
	if (n == 0)
		return;
	while (i < n) {
		if (k == 4)
			return;
		start[k] = i;
		while (i < n && v[i] != ' ')
			i++;
		len[k] = i - start[k];
		k++;
		i++;
	}
#define SAME(x, y) (len[x] == len[y] && memcmp(v + start[x], v + start[y], len[x]) == 0)
	if (k == 4 && SAME(3, 1))
		k = 3;
	if (k == 3 && SAME(2, 0))
		k = 2;
	if (k == 2 && SAME(1, 0))
		k = 1;
#undef SAME
	buf_truncate(&p->text, value + start[k - 1] + len[k - 1]);
}

/* Replace the arena from `value` to its end with the n bytes of s. */
static void replace_value(struct parser *p, size_t value, const char *s, size_t n)
{
	buf_truncate(&p->text, value);
	arena_add(p, s, n);
}

static const char *const flex_props[] = { "flex", "-webkit-flex", "-ms-flex", NULL };

/*
 * Keywords and short forms that say exactly what a longer printed value
 * says, by the property's own definition:
 *   flex: 0 0 auto -> none, 1 1 auto -> auto (the keywords' definitions;
 *     `0 1 auto` is `initial`, which IE never understood, so it stays);
 *   aspect-ratio: 2/1 -> 2 (a missing denominator is 1).
 */
static void shorten_keywords(struct parser *p, const char *prop, size_t value)
{
	const char *v = arena(p, value);
	size_t n = p->text.len - value;
	if (in_words(prop, flex_props)) {
		if (n == 8 && memcmp(v, "0 0 auto", 8) == 0)
			replace_value(p, value, "none", 4);
		else if (n == 8 && memcmp(v, "1 1 auto", 8) == 0)
			replace_value(p, value, "auto", 4);
	} else if (strcmp(prop, "aspect-ratio") == 0 && n > 2 && memcmp(v + n - 2, "/1", 2) == 0 &&
		   strspn(v, "0123456789.") == n - 2) {
		buf_truncate(&p->text, value + n - 2);
	}
}

static const char *const transform_props[] = {
	"transform", "-webkit-transform", "-moz-transform", "-ms-transform", "-o-transform", NULL,
};

/*
 * In a printed transform list:
 *   scale(a,a) -> scale(a): the second argument defaults to the first;
 *   translateX(a) -> translate(a): the definition of translateX, and both
 *     share the primitive translate(), so transitions and animations pair
 *     them up as before (CSS Transforms 1, "interpolation of transforms").
 */
static void shorten_transform(struct parser *p, size_t value)
{
	/*
	 * One pass, reading at r and writing at w <= r (a byte moves once, where
	 * removing each byte with memmove was quadratic in the value's length).
	 * The printed text up to w and from r on is the value as it now reads.
	 */
	char *v = p->text.data;
	size_t n = p->text.len, r = value, w = value;
	while (r + 6 < n) {
		if (w > value && css_is_ident_char((unsigned char)v[w - 1])) {
			v[w++] = v[r++];
			continue;
		}
		if (r + 11 < n && memcmp(v + r, "translateX(", 11) == 0) {
			memmove(v + w, v + r, 9); /* "translate", then "(" without the X */
			w += 9;
			r += 10;
			v[w++] = v[r++];
			continue;
		}
		if (memcmp(v + r, "scale(", 6) != 0) {
			v[w++] = v[r++];
			continue;
		}
		size_t a = r + 6, comma = a, close;
		while (comma < n && v[comma] != ',' && v[comma] != ')' && v[comma] != '(')
			comma++;
		memmove(v + w, v + r, 6); /* "scale(" */
		w += 6;
		r = a;
		if (comma >= n || v[comma] != ',')
			continue;
		close = comma + 1;
		while (close < n && v[close] != ',' && v[close] != ')' && v[close] != '(')
			close++;
		if (close < n && v[close] == ')' && close - comma - 1 == comma - a &&
		    memcmp(v + a, v + comma + 1, comma - a) == 0)
			r = comma + 1; /* drop "a,": the second copy, the same bytes, reads on */
	}
	memmove(v + w, v + r, n - r);
	buf_truncate(&p->text, w + (n - r));
}

static void add_decl(struct parser *p, struct idlist *list, size_t a, size_t colon, size_t end)
{
	const struct css_token *nt = tok(p, a);
	size_t vb = end, va = colon + 1;
	int important = 0;
	while (vb > va && (tok(p, vb - 1)->type == CSS_WHITESPACE || tok(p, vb - 1)->type == CSS_COMMENT))
		vb--;
	if (vb > va && tok(p, vb - 1)->type == CSS_IDENT &&
	    css_word_eq(p->s.in + tok(p, vb - 1)->off, tok(p, vb - 1)->len, "important")) {
		size_t k = vb - 1;
		while (k > va && (tok(p, k - 1)->type == CSS_WHITESPACE || tok(p, k - 1)->type == CSS_COMMENT))
			k--;
		if (k > va && tok(p, k - 1)->type == CSS_DELIM && p->s.in[tok(p, k - 1)->off] == '!') {
			important = 1;
			vb = k - 1;
		}
	}
	char prop[64];
	const char *pname = p->s.in + nt->off;
	int custom = nt->len >= 2 && pname[0] == '-' && pname[1] == '-';
	int optimise = nt->len < sizeof(prop) && !memchr(pname, '\\', nt->len) && !custom;
	enum css_ctx ctx = custom ? CSS_CTX_EXACT : CSS_CTX_VALUE;
	if (optimise) {
		for (size_t k = 0; k < nt->len; k++)
			prop[k] = (char)(pname[k] >= 'A' && pname[k] <= 'Z' ? pname[k] + 32 : pname[k]);
		prop[nt->len] = 0;
		if (strcmp(prop, "unicode-range") == 0)
			ctx = CSS_CTX_SPACING;
	}
	for (size_t k = va; k < vb && ctx == CSS_CTX_VALUE; k++) {
		const struct css_token *t = tok(p, k);
		if ((t->type == CSS_IDENT && css_word_eq(p->s.in + t->off, t->len, "progid")) ||
		    (t->type == CSS_FUNCTION && css_word_eq(p->s.in + t->off, t->len, "expression(")))
			ctx = CSS_CTX_EXACT; /* IE filters and expressions: as they came */
	}
	size_t id = new_node(p, N_DECL);
	size_t head = p->text.len;
	arena_raw(p, nt->off, nt->off + nt->len);
	arena_add(p, ":", 1);
	size_t value = p->text.len;
	arena_run(p, va, vb, ctx, optimise ? prop : NULL);
	if (custom && p->text.len == value)
		arena_add(p, " ", 1); /* "--x: ;" is a valid empty value, "--x:;" was not always */
	if (optimise && ctx == CSS_CTX_VALUE && in_words(prop, box_props))
		collapse_box(p, value);
	if (optimise && ctx == CSS_CTX_VALUE)
		shorten_keywords(p, prop, value);
	if (optimise && ctx == CSS_CTX_VALUE && in_words(prop, transform_props))
		shorten_transform(p, value);
	size_t value_len = p->text.len - value;
	if (important)
		arena_add(p, "!important", 10);
	struct node *nd = &p->nodes[id];
	nd->important = important;
	nd->head = head;
	nd->head_len = p->text.len - head;
	nd->name = head;
	nd->name_len = (optimise || custom) ? nt->len : 0;
	nd->value = value;
	nd->value_len = value_len;
	nd->plain = ctx == CSS_CTX_VALUE && css_value_is_plain(&p->s, va, vb);
	list_add(list, id);
}

static void parse_decls(struct parser *p, struct idlist *list, int nested, int depth)
{
	if (depth > CSS_MAX_DEPTH) {
		fail(p, JD_ELIMIT, tok(p, p->i)->off, "blocks nested too deeply");
		return;
	}
	while (p->rc == 0) {
		const struct css_token *t = tok(p, p->i);
		if (t->type == CSS_EOF)
			return;
		if (t->type == CSS_WHITESPACE || t->type == CSS_SEMICOLON) {
			p->i++;
			continue;
		}
		if (t->type == CSS_COMMENT) {
			if (p->keep_comments || is_license(p, t))
				add_text(p, list, t->off, t->off + t->len);
			p->i++;
			continue;
		}
		if (t->type == CSS_RBRACE && nested) {
			p->i++;
			return;
		}
		if (t->type == CSS_AT_KEYWORD) {
			parse_at(p, list, nested, depth);
			continue;
		}
		/* find the item's end and whether a block comes first */
		size_t start = p->i, end = p->i, colon = 0;
		int brace = 0;
		for (;;) {
			const struct css_token *e = tok(p, end);
			/* outside a block (a style="" list) '}' ends nothing: browsers read on to ';' */
			if (e->type == CSS_EOF || e->type == CSS_SEMICOLON || (e->type == CSS_RBRACE && nested))
				break;
			if (e->type == CSS_LBRACE && !brace)
				brace = 1;
			if (e->type == CSS_COLON && !colon)
				colon = end;
			end = skip_component(p, end);
		}
		size_t k = start + 1;
		while (tok(p, k)->type == CSS_WHITESPACE || tok(p, k)->type == CSS_COMMENT)
			k++;
		int is_decl = t->type == CSS_IDENT && tok(p, k)->type == CSS_COLON;
		int custom = is_decl && t->len >= 2 && p->s.in[t->off] == '-' && p->s.in[t->off + 1] == '-';
		/* A stray '}' (in a style="" list) starts junk that runs to the next ';', as in a
		 * browser; it is never a rule, and parse_qualified would not move past it. */
		if (brace && !custom && t->type != CSS_RBRACE) {
			parse_qualified(p, list, 1, 0, depth);
			continue;
		}
		if (is_decl) {
			add_decl(p, list, start, k, end);
		} else {
			/* a hack (*zoom:1) or junk: spacing only, never compared */
			size_t id = new_node(p, N_DECL);
			size_t head = p->text.len;
			arena_run(p, start, end, CSS_CTX_SPACING, NULL);
			p->nodes[id].head = head;
			p->nodes[id].head_len = p->text.len - head;
			list_add(list, id);
		}
		p->i = end;
		if (tok(p, p->i)->type == CSS_SEMICOLON)
			p->i++;
	}
}

/* ---- optimising -------------------------------------------------------- */

static int same_text(const struct parser *p, size_t a, size_t an, size_t b, size_t bn)
{
	return an == bn && memcmp(arena(p, a), arena(p, b), an) == 0;
}

/* Property names compare case-insensitively, custom properties (--x) exactly. */
static int names_equal(const struct parser *p, size_t a, size_t an, size_t b, size_t bn)
{
	if (an != bn)
		return 0;
	const char *x = arena(p, a), *y = arena(p, b);
	if (an >= 2 && x[0] == '-' && x[1] == '-')
		return memcmp(x, y, an) == 0;
	for (size_t k = 0; k < an; k++) {
		char ca = x[k] >= 'A' && x[k] <= 'Z' ? (char)(x[k] + 32) : x[k];
		char cb = y[k] >= 'A' && y[k] <= 'Z' ? (char)(y[k] + 32) : y[k];
		if (ca != cb)
			return 0;
	}
	return 1;
}

static int is_custom(const struct parser *p, const struct node *x)
{
	return x->name_len >= 2 && arena(p, x->name)[0] == '-' && arena(p, x->name)[1] == '-';
}

/*
 * Overrides: may `earlier` go because `later` (same property, same block)
 * overrides it?  Not when earlier is !important and later is not (earlier wins), and
 * not when the pair may be a fallback (display:-webkit-box;display:flex,
 * width:100%;width:calc(...), height:100vh;height:100dvh): only custom
 * properties, identical values, or two values made of long-supported
 * parts qualify.
 *
 * Asking that of every later declaration is quadratic, so lists are walked
 * backwards with a summary of the later declarations instead (struct
 * seen): per property name, and per name and printed value, which of these
 * were seen:
 */
enum {
	SEEN_ANY = 1,             /* a declaration */
	SEEN_IMPORTANT = 2,       /* an !important one */
	SEEN_PLAIN = 4,           /* one with a plain value */
	SEEN_PLAIN_IMPORTANT = 8, /* an !important one with a plain value */
};

static unsigned long fnv(unsigned long h, const char *s, size_t n, int lower)
{
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[k];
		if (lower && c >= 'A' && c <= 'Z')
			c += 32;
		h = (h ^ c) * 1099511628211UL;
	}
	return h;
}

/* Forget everything seen (O(1): entries of an older generation are free). */
static void seen_reset(struct seen *t)
{
	t->used = 0;
	if (++t->gen == 0) {
		if (t->slot)
			memset(t->slot, 0, t->cap * sizeof(*t->slot));
		t->gen = 1;
	}
}

static void seen_grow(struct seen *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	struct seen_slot *slot = xcalloc(cap, sizeof(*slot));
	for (size_t i = 0; i < t->cap; i++) {
		if (t->slot[i].gen != t->gen)
			continue;
		size_t k = t->slot[i].hash & (cap - 1);
		while (slot[k].gen)
			k = (k + 1) & (cap - 1);
		slot[k] = t->slot[i];
		slot[k].gen = 1;
	}
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
	t->gen = 1;
}

/* The entry for x's name, or name and value; a new one has no flags. */
static struct seen_slot *seen_find(struct parser *p, const struct node *x, int with_value)
{
	struct seen *t = &p->seen;
	int custom = is_custom(p, x);
	unsigned long h = fnv(1469598103934665603UL, arena(p, x->name), x->name_len, !custom);
	if (with_value)
		h = fnv((h ^ ':') * 1099511628211UL, arena(p, x->value), x->value_len, 0);
	if (2 * (t->used + 1) > t->cap)
		seen_grow(t);
	for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		struct seen_slot *e = &t->slot[i];
		if (e->gen != t->gen) {
			*e = (struct seen_slot){ .gen = t->gen, .hash = h,
						 .name = x->name, .name_len = x->name_len,
						 .value = with_value ? x->value : 0,
						 .value_len = with_value ? x->value_len : (size_t)-1 };
			t->used++;
			return e;
		}
		if (e->hash == h && (e->value_len != (size_t)-1) == with_value &&
		    names_equal(p, e->name, e->name_len, x->name, x->name_len) &&
		    (!with_value || same_text(p, e->value, e->value_len, x->value, x->value_len)))
			return e;
	}
}

/*
 * Does a declaration in the summary override x ("overrides" above)?
 * x !important needs an !important one; then a custom property, the same
 * value, or both values plain.
 */
static int seen_overrides(struct parser *p, const struct node *x)
{
	unsigned any = x->important ? SEEN_IMPORTANT : SEEN_ANY;
	unsigned plain = x->important ? SEEN_PLAIN_IMPORTANT : SEEN_PLAIN;
	unsigned f = seen_find(p, x, 0)->flags;
	if (is_custom(p, x))
		return (f & any) != 0;
	if (x->plain && (f & plain))
		return 1;
	return (seen_find(p, x, 1)->flags & any) != 0;
}

static void seen_add(struct parser *p, const struct node *x)
{
	unsigned f = SEEN_ANY | (x->important ? SEEN_IMPORTANT : 0);
	if (x->plain)
		f |= SEEN_PLAIN | (x->important ? SEEN_PLAIN_IMPORTANT : 0);
	seen_find(p, x, 0)->flags |= (unsigned char)f;
	if (!is_custom(p, x))
		seen_find(p, x, 1)->flags |= (unsigned char)f;
}

/* Does x take part in overriding: a live declaration with a comparable name? */
static int comparable(const struct node *x)
{
	return !x->dead && x->kind == N_DECL && x->name_len != 0;
}

/* Declarations overridden later in the same block go. */
static void dedup_decls(struct parser *p, struct idlist *l)
{
	seen_reset(&p->seen);
	for (size_t i = l->n; i-- > 0;) {
		struct node *x = &p->nodes[l->v[i]];
		if (!comparable(x))
			continue;
		/* x joins the summary even when it goes: an earlier one is compared with every
		 * later declaration the block had when this began, as pair by pair it was */
		int gone = seen_overrides(p, x);
		seen_add(p, x);
		x->dead = gone;
	}
}

static int live_kids(const struct parser *p, const struct node *r)
{
	for (size_t i = 0; i < r->kids.n; i++)
		if (!p->nodes[r->kids.v[i]].dead)
			return 1;
	return 0;
}

static int same_body(const struct parser *p, const struct node *a, const struct node *b)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < a->kids.n && p->nodes[a->kids.v[i]].dead)
			i++;
		while (j < b->kids.n && p->nodes[b->kids.v[j]].dead)
			j++;
		if (i == a->kids.n || j == b->kids.n)
			return i == a->kids.n && j == b->kids.n;
		const struct node *x = &p->nodes[a->kids.v[i++]], *y = &p->nodes[b->kids.v[j++]];
		if (!same_text(p, x->head, x->head_len, y->head, y->head_len))
			return 0;
	}
}

/* ---- longhands into their shorthand ------------------------------------ */

struct shorthand {
	const char *name;
	const char *longhands[4]; /* in the order the shorthand's value lists them */
	size_t n;
};

/*
 * Shorthands that set exactly these longhands and nothing else, understood
 * by every browser that understands the longhands.  (inset and two-value
 * overflow are newer than their longhands, so they are not here.)
 */
static const struct shorthand shorthands[] = {
	{ "margin", { "margin-top", "margin-right", "margin-bottom", "margin-left" }, 4 },
	{ "padding", { "padding-top", "padding-right", "padding-bottom", "padding-left" }, 4 },
	{ "flex", { "flex-grow", "flex-shrink", "flex-basis", NULL }, 3 },
	{ "overflow", { "overflow-x", "overflow-y", NULL, NULL }, 2 },
};

static const char *const wide_keywords[] = {
	"inherit", "initial", "unset", "revert", "revert-layer", NULL,
};

/*
 * Could the declaration x interact with the shorthand `base` through the
 * cascade: its name, without a vendor prefix, is base or starts with
 * "base-" (margin-inline-start, -webkit-margin-start), or it is something
 * we cannot name (a hack, an escaped name)?
 */
static int related_to(const struct parser *p, const struct node *x, const char *base)
{
	if (x->name_len == 0)
		return 1;
	const char *n = arena(p, x->name);
	size_t len = x->name_len, bl = strlen(base);
	if (len > 2 && n[0] == '-' && n[1] != '-') {
		const char *dash = memchr(n + 1, '-', len - 1);
		if (dash) {
			len -= (size_t)(dash + 1 - n);
			n = dash + 1;
		}
	}
	return len >= bl && css_word_eq(n, bl, base) && (len == bl || n[bl] == '-');
}

/* May this printed longhand value stand as one word of its shorthand? */
static int shorthand_word(const char *v, size_t n)
{
	if (n == 0 || has_any(v, n, " (\\,/!\"'"))
		return 0;
	for (const char *const *w = wide_keywords; *w; w++)
		if (css_word_eq(v, n, *w))
			return 0;
	return 1;
}

/* Is x one of the longhands in `shorthands`?  Sets *s and *k to which. */
static int longhand_of(const struct parser *p, const struct node *x, size_t *s, size_t *k)
{
	if (x->name_len < 8)
		return 0;
	char c = (char)(arena(p, x->name)[0] | 0x20);
	for (*s = 0; *s < sizeof(shorthands) / sizeof(shorthands[0]); (*s)++) {
		if (shorthands[*s].name[0] != c)
			continue;
		for (*k = 0; *k < shorthands[*s].n; (*k)++)
			if (css_word_eq(arena(p, x->name), x->name_len, shorthands[*s].longhands[*k]))
				return 1;
	}
	return 0;
}

static int all_digits(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((v[i] >= '0' && v[i] <= '9') || v[i] == '.'))
			return 0;
	return 1;
}

/*
 * margin-top/right/bottom/left -> margin (and padding, flex, overflow with
 * equal values) when every longhand is in the block exactly once with the
 * same importance, each value is a single plain word (no var(), whose
 * failure would reset the whole shorthand, no CSS-wide keyword, which a
 * shorthand only takes alone), and nothing between the first and the last
 * of them is related (margin-inline-start between would change which one
 * wins).  The shorthand takes the last longhand's place, where all of them
 * used to be in force.  Returns whether anything was merged.
 */
static int merge_longhands(struct parser *p, struct idlist *l)
{
	enum { NSH = sizeof(shorthands) / sizeof(shorthands[0]) };
	size_t where[NSH][4], first[NSH], last[NSH];
	unsigned found[NSH] = { 0 };
	for (size_t i = 0; i < l->n; i++) {
		const struct node *x = &p->nodes[l->v[i]];
		size_t s, k;
		if (x->dead || x->kind != N_DECL || !longhand_of(p, x, &s, &k))
			continue;
		if (found[s] & (1u << k))
			found[s] |= 1u << 8; /* twice: a fallback pattern, leave it */
		if (found[s] == 0)
			first[s] = i;
		found[s] |= 1u << k;
		where[s][k] = i;
		last[s] = i;
	}
	int merged = 0;
	for (size_t s = 0; s < NSH; s++) {
		const struct shorthand *sh = &shorthands[s];
		if (found[s] != (1u << sh->n) - 1)
			continue;
		const size_t *at = where[s];
		int ok = 1, important = p->nodes[l->v[at[0]]].important, plain = 1;
		char value[256];
		size_t vn = 0;
		for (size_t k = 0; k < sh->n && ok; k++) {
			const struct node *x = &p->nodes[l->v[at[k]]];
			const char *v = arena(p, x->value);
			if (x->important != important || !shorthand_word(v, x->value_len) || vn + x->value_len + 1 > sizeof(value))
				ok = 0;
			else if (s == 2 && k < 2 && !all_digits(v, x->value_len))
				ok = 0; /* flex factors are plain numbers */
			else if (s == 2 && k == 2 && all_digits(v, x->value_len))
				ok = 0; /* a unitless basis reads as a factor in old engines */
			if (!ok)
				break;
			plain &= x->plain;
			if (k > 0)
				value[vn++] = ' ';
			memcpy(value + vn, v, x->value_len);
			vn += x->value_len;
		}
		if (ok && s == 3) {
			const struct node *x = &p->nodes[l->v[at[0]]], *y = &p->nodes[l->v[at[1]]];
			ok = same_text(p, x->value, x->value_len, y->value, y->value_len);
			vn = x->value_len; /* one word: overflow-x's */
		}
		for (size_t i = first[s] + 1; i < last[s] && ok; i++) {
			const struct node *x = &p->nodes[l->v[i]];
			if (x->dead || x->kind == N_TEXT)
				continue;
			int ours = 0;
			for (size_t k = 0; k < sh->n; k++)
				ours |= at[k] == i;
			if (!ours && (x->kind != N_DECL || related_to(p, x, sh->name)))
				ok = 0;
		}
		if (!ok)
			continue;
		size_t head = p->text.len;
		arena_add(p, sh->name, strlen(sh->name));
		arena_add(p, ":", 1);
		size_t v = p->text.len;
		arena_add(p, value, vn);
		if (s < 2)
			collapse_box(p, v);
		else if (s == 2)
			shorten_keywords(p, "flex", v);
		size_t value_len = p->text.len - v;
		if (important)
			arena_add(p, "!important", 10);
		for (size_t k = 0; k < sh->n; k++)
			p->nodes[l->v[at[k]]].dead = 1;
		struct node *nd = &p->nodes[l->v[last[s]]];
		nd->dead = 0;
		nd->head = head;
		nd->head_len = p->text.len - head;
		nd->name = head;
		nd->name_len = strlen(sh->name);
		nd->value = v;
		nd->value_len = value_len;
		nd->plain = plain;
		merged = 1;
	}
	return merged;
}

/* Longhands into shorthands, then what the new shorthand overrides goes. */
static void shorten_block(struct parser *p, struct idlist *l)
{
	if (merge_longhands(p, l))
		dedup_decls(p, l);
}

static void optimise(struct parser *p, struct idlist *l, enum block_kind kind);
static int merge_rules(struct parser *p, struct idlist *l);

struct rule_key {
	unsigned long hash; /* of the selector */
	size_t head, head_len;
	size_t pos;         /* index in the list */
};

/* By selector (hash, then bytes), then position: rules of one selector in a row, in order. */
static int cmp_keys(const void *x, const void *y, void *arg)
{
	const struct rule_key *a = x, *b = y;
	const struct parser *p = arg;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	if (a->head_len != b->head_len)
		return a->head_len < b->head_len ? -1 : 1;
	int c = memcmp(arena(p, a->head), arena(p, b->head), a->head_len);
	if (c)
		return c;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

/*
 * A declaration in a rule is dead when a later rule of the same list has
 * the same selector and a declaration that overrides it: both match the
 * same elements with the same specificity, and the later one comes later,
 * so whatever lies between cannot make the earlier one win.  The same
 * fallback caution as inside one rule applies ("overrides").  Each group
 * of rules with one selector is walked from its last rule back with the
 * summary of the declarations of the rules after the current one, as they
 * were when the walk began (a rule's own shortening afterwards does not
 * change what it said about the earlier rules).
 */
static void dedup_across_rules(struct parser *p, struct idlist *l)
{
	struct rule_key *keys = NULL;
	struct idlist gone = { 0 }, shorten = { 0 };
	size_t nk = 0, cap = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct node *r = &p->nodes[l->v[i]];
		if (r->dead || r->kind != N_RULE || !r->decls_only)
			continue;
		ARRAY_GROW(keys, nk + 1, cap);
		keys[nk].hash = fnv(1469598103934665603UL, arena(p, r->head), r->head_len, 0);
		keys[nk].head = r->head;
		keys[nk].head_len = r->head_len;
		keys[nk++].pos = i;
	}
	if (nk > 1)
		qsort_r(keys, nk, sizeof(*keys), cmp_keys, p);
	for (size_t g = 0, e; g < nk; g = e) {
		for (e = g + 1; e < nk && keys[e].hash == keys[g].hash &&
				same_text(p, keys[e].head, keys[e].head_len, keys[g].head, keys[g].head_len);
		     e++)
			;
		if (e - g < 2)
			continue;
		seen_reset(&p->seen);
		for (size_t k = e; k-- > g;) {
			struct node *r = &p->nodes[l->v[keys[k].pos]];
			gone.n = 0;
			for (size_t i = 0; i < r->kids.n && k + 1 < e; i++)
				if (comparable(&p->nodes[r->kids.v[i]]) && seen_overrides(p, &p->nodes[r->kids.v[i]]))
					list_add(&gone, r->kids.v[i]);
			for (size_t i = 0; i < r->kids.n; i++)
				if (comparable(&p->nodes[r->kids.v[i]]))
					seen_add(p, &p->nodes[r->kids.v[i]]);
			for (size_t i = 0; i < gone.n; i++)
				p->nodes[gone.v[i]].dead = 1;
			if (gone.n)
				list_add(&shorten, l->v[keys[k].pos]);
		}
	}
	/* after the walks: shorten_block() uses the summary too */
	for (size_t i = 0; i < shorten.n; i++)
		shorten_block(p, &p->nodes[shorten.v[i]].kids); /* what went may have stood between longhands */
	for (size_t i = 0; i < nk; i++) {
		struct node *r = &p->nodes[l->v[keys[i].pos]];
		if (!live_kids(p, r))
			r->dead = 1;
	}
	free(gone.v);
	free(shorten.v);
	free(keys);
}

static void optimise_node(struct parser *p, size_t id)
{
	struct node *nd = &p->nodes[id];
	if (nd->kind != N_RULE && nd->kind != N_AT)
		return;
	if (nd->kind == N_AT && nd->block == B_NONE)
		return;
	struct idlist kids = nd->kids;
	optimise(p, &kids, nd->block);
	nd = &p->nodes[id];
	if (nd->kind == N_RULE && !live_kids(p, nd))
		nd->dead = 1;
	if (nd->kind == N_AT && nd->droppable && !live_kids(p, nd))
		nd->dead = 1;
}

static void optimise(struct parser *p, struct idlist *l, enum block_kind kind)
{
	for (size_t i = 0; i < l->n; i++)
		optimise_node(p, l->v[i]);
	if (kind == B_DECLS) {
		dedup_decls(p, l);
		shorten_block(p, l);
	}
	if (kind != B_RULES)
		return;
	/* until nothing changes, so that minifying the output again changes nothing */
	int changed;
	do {
		changed = merge_rules(p, l);
	} while (changed && p->rc == 0);
}

/*
 * A rule that took in the declarations of the rule after it (same
 * selector) is optimised again; its dead declarations leave its list.
 * After each join while the joined body is small (SETTLE_EACH: longhands
 * that meet in a pair of rules become a shorthand before a third rule
 * brings a declaration that would make them look like a fallback), and
 * only once at the end of the run when it grows larger, so that a run of
 * thousands of rules is not optimised again for each of them.
 */
#define SETTLE_EACH 32

static void settle(struct parser *p, struct node *a)
{
	size_t n = 0;
	dedup_decls(p, &a->kids);
	shorten_block(p, &a->kids);
	for (size_t k = 0; k < a->kids.n; k++)
		if (!p->nodes[a->kids.v[k]].dead)
			a->kids.v[n++] = a->kids.v[k];
	a->kids.n = n;
}

/*
 * a's selector list becomes "a,b": grown in place when it is the arena's
 * last string (each rule of a run joined into the same list), else copied
 * there first.  Copying it each time was quadratic in the run's length.
 */
static void join_selectors(struct parser *p, struct node *a, const struct node *b)
{
	/* grow first: the copies come from the arena itself */
	if (a->head + a->head_len != p->text.len) {
		size_t head = p->text.len;
		if (buf_grow(&p->text, a->head_len)) {
			fail(p, JD_ELIMIT, 0, "output too large");
			return;
		}
		arena_add(p, arena(p, a->head), a->head_len);
		a->head = head;
	}
	if (buf_grow(&p->text, 1 + b->head_len)) {
		fail(p, JD_ELIMIT, 0, "output too large");
		return;
	}
	arena_add(p, ",", 1);
	arena_add(p, arena(p, b->head), b->head_len);
	a->head_len = p->text.len - a->head;
}

/*
 * One pass over a rule list: overridden declarations across rules go, then
 * adjacent rules join (same selector -> one body; same body -> one selector
 * list).  Returns whether anything was joined.
 */
static int merge_rules(struct parser *p, struct idlist *l)
{
	int changed = 0, grown = 0; /* grown: prev took in declarations and is not settled yet */
	size_t prev = (size_t)-1;
	dedup_across_rules(p, l);
	for (size_t i = 0; i < l->n && p->rc == 0; i++) {
		struct node *b = &p->nodes[l->v[i]];
		if (b->dead)
			continue;
		if (prev != (size_t)-1 && b->kind == N_RULE) {
			struct node *a = &p->nodes[prev];
			if (same_text(p, a->head, a->head_len, b->head, b->head_len) && a->decls_only && b->decls_only) {
				for (size_t k = 0; k < b->kids.n; k++)
					list_add(&a->kids, b->kids.v[k]);
				b->dead = 1;
				changed = 1;
				if (a->kids.n <= SETTLE_EACH)
					settle(p, a);
				else
					grown = 1;
				continue;
			}
			if (grown)
				settle(p, a); /* its body as it will be printed, for same_body */
			grown = 0;
			if (a->mergeable && b->mergeable && same_text(p, a->sig, a->sig_len, b->sig, b->sig_len) &&
			    a->decls_only && b->decls_only && same_body(p, a, b)) {
				join_selectors(p, a, b);
				b->dead = 1;
				changed = 1;
				continue;
			}
		}
		if (grown)
			settle(p, &p->nodes[prev]);
		grown = 0;
		prev = b->kind == N_RULE ? l->v[i] : (size_t)-1;
	}
	if (grown)
		settle(p, &p->nodes[prev]);
	return changed;
}

/* ---- printing ---------------------------------------------------------- */

/*
 * With max_line set, a newline goes after a block's `}` once the current
 * line has passed the limit: between rules a newline is only whitespace.
 * A single rule longer than the limit stays on its line.
 */
static int maybe_break(const struct parser *p, struct buf *out)
{
	if (p->max_line == 0)
		return 0;
	const char *nl = memrchr(out->data, '\n', out->len);
	size_t line = nl ? out->len - (size_t)(nl - out->data) - 1 : out->len;
	return line >= p->max_line ? buf_addch(out, '\n') : 0;
}

static int print_list(const struct parser *p, const struct idlist *l, struct buf *out)
{
	int rc = 0, semi = 0;
	for (size_t i = 0; i < l->n && rc == 0; i++) {
		const struct node *nd = &p->nodes[l->v[i]];
		if (nd->dead)
			continue;
		if (semi && nd->kind != N_TEXT) {
			rc |= buf_addch(out, ';');
			semi = 0;
		}
		rc |= buf_add(out, arena(p, nd->head), nd->head_len);
		switch (nd->kind) {
		case N_DECL:
			semi = 1;
			break;
		case N_RULE:
			rc |= buf_addch(out, '{');
			rc |= print_list(p, &nd->kids, out);
			rc |= buf_addch(out, '}');
			rc |= maybe_break(p, out);
			break;
		case N_AT:
			if (nd->block == B_NONE) {
				rc |= buf_addch(out, ';');
			} else {
				rc |= buf_addch(out, '{');
				rc |= print_list(p, &nd->kids, out);
				rc |= buf_addch(out, '}');
				rc |= maybe_break(p, out);
			}
			break;
		case N_TEXT:
			break;
		}
	}
	return rc ? JD_ELIMIT : 0;
}

/* ---- entry points ------------------------------------------------------ */

static void position(const char *in, size_t off, long *line, long *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (in[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/*
 * Make "</style" inside the output harmless in an HTML <style> element:
 * "<\/style".  Copied once through a second buffer (a memmove per
 * occurrence was quadratic).
 */
static int escape_end_tag(struct buf *out, size_t from)
{
	struct buf was;
	size_t last = 0;
	int rc = 0;
	if (!memmem(out->data + from, out->len - from, "</", 2))
		return 0;
	buf_init(&was, out->max);
	if (buf_add(&was, out->data + from, out->len - from))
		return JD_ELIMIT;
	buf_truncate(out, from);
	for (size_t i = 0; i + 7 <= was.len; i++) {
		if (was.data[i] == '<' && was.data[i + 1] == '/' && css_word_eq(was.data + i + 2, 5, "style")) {
			rc |= buf_add(out, was.data + last, i + 1 - last);
			rc |= buf_addch(out, '\\');
			last = i + 1;
		}
	}
	rc |= buf_add(out, was.data + last, was.len - last);
	buf_release(&was);
	return rc ? JD_ELIMIT : 0;
}

static int run(const char *in, size_t len, struct buf *out, const struct minify_opts *o, struct diag *d,
	       int declarations)
{
	size_t entry = out->len;
	const char *file = o && o->file ? o->file : NULL;
	if (len > CSS_MAX_INPUT)
		return diag_set(d, JD_ELIMIT, file, "CSS input of %zu bytes is over the 1 GiB limit", len);

	struct parser p;
	memset(&p, 0, sizeof(p));
	buf_init(&p.text, BUF_MAX_DEFAULT);
	p.keep_comments = o && o->keep_comments;
	p.max_line = o ? o->max_line : 0;

	struct css_token *toks = NULL;
	size_t nt = 0, cap = 0, depth = 0, open_at = 0;
	enum css_tok close[CSS_MAX_DEPTH];
	struct css_lexer lx;
	css_lexer_init(&lx, in, len);
	/* typical CSS has about one token per 3 bytes and one node per 25: grow once, not often */
	ARRAY_GROW(toks, len / 3 + 16, cap);
	ARRAY_GROW(p.nodes, len / 25 + 16, p.ncap);
	if (buf_grow(&p.text, len / 2 + 64))
		fail(&p, JD_ELIMIT, 0, "output too large");
	for (;;) {
		ARRAY_GROW(toks, nt + 1, cap);
		enum css_tok type = css_next(&lx, &toks[nt]);
		const struct css_token *t = &toks[nt++];
		if (type == CSS_EOF) {
			/*
			 * A block still open at the end: browsers close it, but our
			 * printer would close it elsewhere; keep the original.
			 */
			if (depth > 0)
				fail(&p, JD_EINPUT, open_at, "block not closed before the end of the file");
			break;
		}
		if (type == CSS_LBRACE || type == CSS_LPAREN || type == CSS_LBRACKET || type == CSS_FUNCTION) {
			if (depth == CSS_MAX_DEPTH) {
				fail(&p, JD_ELIMIT, t->off, "blocks nested too deeply");
				break;
			}
			if (depth == 0)
				open_at = t->off;
			close[depth++] = type == CSS_LBRACE ? CSS_RBRACE : type == CSS_LBRACKET ? CSS_RBRACKET : CSS_RPAREN;
		} else if (depth > 0 && type == close[depth - 1]) {
			depth--;
		}
		if (t->type == CSS_BAD_STRING || t->type == CSS_BAD_URL || (t->flags & CSS_F_OPEN)) {
			fail(&p, JD_EINPUT, t->off,
			     t->type == CSS_COMMENT ? "unterminated comment"
			     : t->type == CSS_BAD_URL || t->type == CSS_URL ? "malformed url()"
			     : "unterminated string");
			break;
		}
	}
	p.s.in = in;
	p.s.t = toks;
	p.s.n = nt;

	struct idlist root = { 0 };
	if (p.rc == 0) {
		if (declarations)
			parse_decls(&p, &root, 0, 0);
		else
			parse_rules(&p, &root, 0, 0, 0);
	}
	if (p.rc == 0) {
		optimise(&p, &root, declarations ? B_DECLS : B_RULES);
		if (print_list(&p, &root, out) || (o && o->inline_script && escape_end_tag(out, entry)))
			fail(&p, JD_ELIMIT, 0, "output too large");
	}
	int rc = p.rc;
	if (rc) {
		long line, col;
		buf_truncate(out, entry);
		position(in, p.err_off, &line, &col);
		diag_at(d, rc, file, line, col, "%s (check the CSS at this position)", p.err_msg);
		if (d)
			d->offset = (long long)p.err_off;
	}
	for (size_t i = 0; i < p.nn; i++)
		free(p.nodes[i].kids.v);
	free(p.nodes);
	free(p.seen.slot);
	free(root.v);
	free(toks);
	buf_release(&p.text);
	return rc;
}

int minify_css(const char *in, size_t len, struct buf *out, const struct minify_opts *o, struct diag *d)
{
	return run(in, len, out, o, d, 0);
}

int minify_css_declarations(const char *in, size_t len, struct buf *out, const struct minify_opts *o,
			    struct diag *d)
{
	return run(in, len, out, o, d, 1);
}
