/*
 * html_css.c - the facts of html_css.h, read from stylesheets.
 *
 * html_css_add() tokenizes a stylesheet (css_lexer.c) and walks it the
 * way a browser reads rules: style rules, the group rules whose blocks
 * hold rules (@media, @supports, @layer, @container, @scope ...), CSS
 * nesting (a rule inside a style rule, `&` standing for the parent's
 * selector).  Other at-rules (@font-face, @keyframes, @page) style no
 * element and are skipped.  A style rule whose `white-space` (or
 * `white-space-collapse`) is anything but normal, nowrap and the like may
 * preserve whitespace: its subjects are recorded (HTML_CSS_PRE).  A
 * subject with a pseudo-element (::before, ::first-line) styles that box,
 * not the element's own text, and is left out.
 *
 * A subject is a list of conditions (tag, id, class, attribute with its
 * operator), lower-cased and unescaped into one text arena.  After each
 * stylesheet the subjects are sorted by a canonical spelling, merged when
 * equal, and indexed by one condition each (a class if they have one,
 * else the id, the tag, an attribute name, or none), so matching a start
 * tag looks up its tag, id, classes and attribute names instead of trying
 * every subject.  A subject without class or id may also name a context,
 * the compound before its last combinator (`.menu` of `.menu li`, `h2` of
 * `h2 + p`): contexts are numbered (at most HTML_CSS_MAX_CONTEXTS, the
 * rest go without), the caller keeps a bit per context its open ancestors
 * matched and one per context the element's previous siblings matched,
 * and such a subject matches only inside (or after) its context.
 */
#include "minify/html_css.h"
#include "minify/css_internal.h"
#include "minify/css_lexer.h"
#include "lib/util.h"

enum cond_kind { C_CLASS, C_ID, C_TAG, C_ATTR, C_NONE }; /* C_NONE: the key of a universal subject */
enum attr_op { A_HAS, A_EQ, A_WORD, A_DASH, A_PREFIX, A_SUFFIX, A_SUBSTR };

struct cond {
	unsigned char kind, op;
	size_t name, name_len;   /* text arena, lower case */
	size_t value, value_len; /* C_ATTR with an operator */
};

struct subject {
	unsigned what;
	size_t cond, ncond;      /* in html_css.conds */
	int ctx;                 /* an ancestor (a previous sibling with ctx_sibling) must match
				    contexts[ctx]; -1: no condition */
	int ctx_sibling;
	size_t canon, canon_len; /* text arena: the canonical spelling */
	const char *sort_text;   /* text.data + canon, set only while sorting (the arena moves) */
};

/* A compound an ancestor must match (`.menu` of `.menu li`). */
struct context {
	size_t cond, ncond;      /* in html_css.conds */
	size_t canon, canon_len; /* text arena */
};

struct key {
	unsigned char kind;      /* enum cond_kind */
	size_t str, len;         /* text arena */
	size_t subject;
	const char *sort_text;   /* as in struct subject */
};

struct html_css {
	struct buf text;
	struct cond *conds;
	size_t nconds, conds_cap;
	struct subject *subjects;
	size_t nsubjects, subjects_cap;
	struct key *keys;
	size_t nkeys, keys_cap;
	struct context contexts[HTML_CSS_MAX_CONTEXTS];
	size_t ncontexts;
	int everything;          /* a stylesheet was past our limits: every fact may hold */
};

/* One compound selector being read: conditions in the reader's scratch array. */
struct compound {
	size_t first, n;
	int pseudo;              /* it selects a pseudo-element */
	size_t ctx_first, ctx_n; /* the compound before the last combinator */
	int has_ctx;
	int ctx_sibling;         /* that combinator is + or ~ (else descendant or child) */
};

struct reader {
	struct html_css *c;
	struct css_src s;        /* the stylesheet's tokens, comments left out */
	struct css_token *toks;  /* s.t, owned */
	struct cond *scratch;
	size_t nscratch, scratch_cap;
	struct buf canon;        /* a subject's canonical spelling being written */
};

void html_css_assume_everything(struct html_css *c)
{
	c->everything = 1;
}

struct html_css *html_css_new(void)
{
	struct html_css *c = xcalloc(1, sizeof(*c));
	buf_init(&c->text, BUF_MAX_DEFAULT);
	return c;
}

void html_css_free(struct html_css *c)
{
	if (!c)
		return;
	buf_release(&c->text);
	free(c->conds);
	free(c->subjects);
	free(c->keys);
	free(c);
}

/* ---- tokens ---- */

static const struct css_token *tk(const struct reader *r, size_t i)
{
	return &r->s.t[i < r->s.n ? i : r->s.n - 1]; /* the last token is CSS_EOF */
}

static int is_delim(const struct reader *r, size_t i, char ch)
{
	const struct css_token *t = tk(r, i);
	return t->type == CSS_DELIM && r->s.in[t->off] == ch;
}

/* Case-insensitive: is the token's name (without a function's '(' or an at-keyword's '@') the word w? */
static int word_is(const struct reader *r, size_t i, const char *w)
{
	const struct css_token *t = tk(r, i);
	size_t skip = t->type == CSS_AT_KEYWORD, n = t->len - skip - (t->type == CSS_FUNCTION), k;
	if (n != strlen(w))
		return 0;
	for (k = 0; k < n; k++) {
		int ch = (unsigned char)r->s.in[t->off + skip + k];
		if ((ch >= 'A' && ch <= 'Z' ? ch + 32 : ch) != w[k])
			return 0;
	}
	return 1;
}

static int word_in(const struct reader *r, size_t i, const char *const *list)
{
	for (; *list; list++)
		if (word_is(r, i, *list))
			return 1;
	return 0;
}

static size_t skip_ws(const struct reader *r, size_t i, size_t end)
{
	while (i < end && tk(r, i)->type == CSS_WHITESPACE)
		i++;
	return i;
}

static size_t skip_component(const struct reader *r, size_t i, size_t end, int *deep)
{
	return css_skip_component(&r->s, i, end, deep);
}

/* ---- the text arena ---- */

/* Append the unescaped, lower-cased text of in[off..off+len); returns its offset. */
static size_t add_text(struct reader *r, size_t off, size_t len, int in_string, size_t *out_len)
{
	struct buf *b = &r->c->text;
	size_t at = b->len;
	if (css_decode(r->s.in + off, len, in_string, b)) {
		buf_truncate(b, at);
		*out_len = 0;
		return at;
	}
	for (size_t k = at; k < b->len; k++)
		if (b->data[k] >= 'A' && b->data[k] <= 'Z')
			b->data[k] += 32;
	*out_len = b->len - at;
	return at;
}

static void add_cond(struct reader *r, enum cond_kind kind, size_t off, size_t len, int in_string)
{
	ARRAY_GROW(r->scratch, r->nscratch + 1, r->scratch_cap);
	struct cond *cd = &r->scratch[r->nscratch++];
	memset(cd, 0, sizeof(*cd));
	cd->kind = (unsigned char)kind;
	cd->name = add_text(r, off, len, in_string, &cd->name_len);
}

/* ---- selectors ---- */

/* [name], [name op value], [ns|name ...]: an attribute condition, or none when malformed. */
static void read_attribute(struct reader *r, size_t a, size_t b)
{
	size_t i = skip_ws(r, a, b), name;
	if ((tk(r, i)->type == CSS_IDENT || is_delim(r, i, '*')) && is_delim(r, i + 1, '|') && !is_delim(r, i + 2, '='))
		i += 2; /* a namespace prefix */
	else if (is_delim(r, i, '|'))
		i++;
	if (i >= b || tk(r, i)->type != CSS_IDENT)
		return;
	name = i;
	i = skip_ws(r, i + 1, b);
	if (i >= b) {
		add_cond(r, C_ATTR, tk(r, name)->off, tk(r, name)->len, 0);
		return;
	}
	enum attr_op op;
	if (is_delim(r, i, '='))
		op = A_EQ, i++;
	else if (is_delim(r, i + 1, '=') && tk(r, i)->type == CSS_DELIM) {
		switch (r->s.in[tk(r, i)->off]) {
		case '~': op = A_WORD; break;
		case '|': op = A_DASH; break;
		case '^': op = A_PREFIX; break;
		case '$': op = A_SUFFIX; break;
		case '*': op = A_SUBSTR; break;
		default: return;
		}
		i += 2;
	} else
		return;
	i = skip_ws(r, i, b);
	const struct css_token *v = tk(r, i);
	if (i >= b || (v->type != CSS_IDENT && v->type != CSS_STRING))
		return;
	add_cond(r, C_ATTR, tk(r, name)->off, tk(r, name)->len, 0);
	struct cond *cd = &r->scratch[r->nscratch - 1];
	cd->op = (unsigned char)op;
	if (v->type == CSS_STRING) {
		size_t inner = v->len - 1 - !(v->flags & CSS_F_OPEN); /* without the quotes */
		cd->value = add_text(r, v->off + 1, inner, 1, &cd->value_len);
	} else
		cd->value = add_text(r, v->off, v->len, 0, &cd->value_len);
}

static const char *const legacy_pseudo_elements[] = {"before", "after", "first-line", "first-letter", NULL};

/* Pseudo-classes that match what one of their selectors matches. */
static const char *const matches_any[] = {"is", "where", "matches", "-webkit-any", "-moz-any", NULL};

/*
 * Read the compound selector [a, b) into scratch conditions.  Most
 * pseudo-classes are left out (the element may be in any state); the
 * first :is() or :where() is returned in *is_at (its function token, or
 * 0) so that the caller can join the compound with its selectors; `&`
 * sets *nest.
 */
static struct compound read_compound(struct reader *r, size_t a, size_t b, int *nest, size_t *is_at, int *deep)
{
	struct compound cp = {r->nscratch, 0, 0, 0, 0, 0, 0};
	size_t i = a;
	*nest = 0;
	*is_at = 0;
	while (i < b) {
		const struct css_token *t = tk(r, i);
		if (t->type == CSS_IDENT || is_delim(r, i, '*')) {
			size_t name = i;
			if (is_delim(r, i + 1, '|') && (tk(r, i + 2)->type == CSS_IDENT || is_delim(r, i + 2, '*')))
				name = i += 2; /* ns|tag */
			if (tk(r, name)->type == CSS_IDENT)
				add_cond(r, C_TAG, tk(r, name)->off, tk(r, name)->len, 0);
			i++;
		} else if (t->type == CSS_HASH) {
			add_cond(r, C_ID, t->off + 1, t->len - 1, 0);
			i++;
		} else if (is_delim(r, i, '.') && tk(r, i + 1)->type == CSS_IDENT && i + 1 < b) {
			add_cond(r, C_CLASS, tk(r, i + 1)->off, tk(r, i + 1)->len, 0);
			i += 2;
		} else if (t->type == CSS_LBRACKET) {
			size_t close = skip_component(r, i, b, deep);
			read_attribute(r, i + 1, close - 1);
			i = close;
		} else if (t->type == CSS_COLON && tk(r, i + 1)->type == CSS_COLON) {
			cp.pseudo = 1;
			i = skip_component(r, i + 2, b, deep);
		} else if (t->type == CSS_COLON) {
			i++;
			if (tk(r, i)->type == CSS_IDENT && word_in(r, i, legacy_pseudo_elements))
				cp.pseudo = 1;
			if (tk(r, i)->type == CSS_FUNCTION && word_in(r, i, matches_any) && !*is_at)
				*is_at = i;
			i = skip_component(r, i, b, deep); /* a pseudo-class, with its arguments */
		} else {
			if (is_delim(r, i, '&'))
				*nest = 1;
			i = skip_component(r, i, b, deep);
		}
	}
	cp.n = r->nscratch - cp.first;
	return cp;
}

static int is_combinator(const struct reader *r, size_t i)
{
	return is_delim(r, i, '>') || is_delim(r, i, '+') || is_delim(r, i, '~') ||
	       (is_delim(r, i, '|') && is_delim(r, i + 1, '|'));
}

static void add_compound(struct compound **out, size_t *nout, size_t *cap, struct compound cp)
{
	ARRAY_GROW(*out, *nout + 1, *cap);
	(*out)[(*nout)++] = cp;
}

/*
 * Append to *out the compound `cp` joined with each of `alts`: a new
 * compound with the alternative's conditions and then cp's (`&` with
 * each parent selector, :is(A, B) with A and with B).
 */
static void join(struct reader *r, struct compound cp, const struct compound *alts, size_t nalts,
		 struct compound **out, size_t *nout, size_t *cap)
{
	for (size_t k = 0; k < nalts; k++) {
		struct compound joined = {r->nscratch, alts[k].n + cp.n, cp.pseudo, 0, 0, 0, 0};
		ARRAY_GROW(r->scratch, r->nscratch + joined.n, r->scratch_cap);
		memcpy(r->scratch + r->nscratch, r->scratch + alts[k].first, alts[k].n * sizeof(struct cond));
		memcpy(r->scratch + r->nscratch + alts[k].n, r->scratch + cp.first, cp.n * sizeof(struct cond));
		r->nscratch += joined.n;
		joined.pseudo |= alts[k].pseudo; /* a pseudo-element has no elements inside */
		add_compound(out, nout, cap, joined);
	}
}

/*
 * The subjects of the selector list [a, b): the last compound of each
 * complex selector, joined with each of `parents` where it holds `&`, or
 * else with each selector of its :is().  Appends to *out (a growing array
 * the caller frees).
 */
static void read_selectors(struct reader *r, size_t a, size_t b, const struct compound *parents, size_t nparents,
			   struct compound **out, size_t *nout, size_t *cap, int *deep)
{
	size_t i = a;
	while (i < b && !*deep) {
		/* [prev, prev_end): the compound before the last one, `comb` the combinator between */
		size_t start = skip_ws(r, i, b), last = start, last_end = start, prev = 0, prev_end = 0;
		size_t j = start, end, is_at;
		int space = 0, nest, comb = 0;
		while (j < b && tk(r, j)->type != CSS_COMMA) {
			if (tk(r, j)->type == CSS_WHITESPACE) {
				space = 1;
				j++;
				continue;
			}
			if (is_combinator(r, j)) {
				comb = r->s.in[tk(r, j)->off];
				prev = last, prev_end = last_end;
				j += is_delim(r, j, '|') ? 2 : 1;
				last = last_end = skip_ws(r, j, b);
				space = 0;
				continue;
			}
			if (space && j > last) {
				comb = ' ';
				prev = last, prev_end = last_end;
				last = j;
			}
			space = 0;
			j = skip_component(r, j, b, deep);
			last_end = j;
		}
		end = j;
		while (end > last && tk(r, end - 1)->type == CSS_WHITESPACE)
			end--;
		struct compound cp = read_compound(r, last, end, &nest, &is_at, deep);
		if (nest && nparents) {
			join(r, cp, parents, nparents, out, nout, cap);
		} else if (is_at) {
			struct compound *alts = NULL;
			size_t nalts = 0, alts_cap = 0;
			read_selectors(r, is_at + 1, skip_component(r, is_at, end, deep) - 1, parents, nparents,
				       &alts, &nalts, &alts_cap, deep);
			join(r, cp, alts, nalts, out, nout, cap);
			free(alts);
		} else {
			/* the compound before the last combinator, when it is a plain one */
			if (comb && prev_end > prev) {
				int ctx_nest;
				size_t ctx_is;
				struct compound ctx = read_compound(r, prev, prev_end, &ctx_nest, &ctx_is, deep);
				if (!ctx_nest && !ctx_is && !ctx.pseudo && ctx.n > 0) {
					cp.ctx_first = ctx.first, cp.ctx_n = ctx.n, cp.has_ctx = 1;
					cp.ctx_sibling = comb == '+' || comb == '~';
				}
			}
			add_compound(out, nout, cap, cp);
		}
		i = j + 1;
	}
}

/* ---- declarations ---- */

/* white-space values that keep collapsing spaces and line breaks */
static const char *const collapsing[] = {
	"normal", "nowrap", "collapse", "wrap", "inherit", "important", NULL,
};

/* Do the value's tokens [a, b) hold only words of `list` (and a !)? */
static int only_words(const struct reader *r, size_t a, size_t b, const char *const *list)
{
	int any = 0;
	for (size_t i = a; i < b; i++) {
		const struct css_token *t = tk(r, i);
		if (t->type == CSS_WHITESPACE || is_delim(r, i, '!'))
			continue;
		if (t->type != CSS_IDENT || !word_in(r, i, list))
			return 0;
		any = 1;
	}
	return any;
}

/* May this declaration make whitespace preserved? */
static int declaration_preserves(const struct reader *r, size_t name, size_t a, size_t b)
{
	return (word_is(r, name, "white-space") || word_is(r, name, "white-space-collapse")) &&
	       !only_words(r, a, b, collapsing);
}

static void read_rules(struct reader *r, size_t a, size_t b, const struct compound *parents, size_t nparents,
		       int depth);

static const char *const group_rules[] = {"media", "supports", "layer", "container", "document",
					  "-moz-document", "scope", "starting-style", NULL};

/*
 * The block [a, b) of a style rule with these subjects: declarations,
 * nested style rules and nested group rules.  Returns whether a
 * declaration may preserve whitespace (a nested group rule's count for the
 * same subjects).
 */
static int read_style_block(struct reader *r, size_t a, size_t b, const struct compound *subjects,
			    size_t nsubjects, int depth, int *deep)
{
	int pre = 0;
	size_t i = a;
	while (i < b && !*deep) {
		i = skip_ws(r, i, b);
		if (i >= b)
			break;
		const struct css_token *t = tk(r, i);
		if (t->type == CSS_SEMICOLON) {
			i++;
			continue;
		}
		/* the item: up to ';' or the end of a '{}' block */
		size_t j = i, brace = 0;
		while (j < b && tk(r, j)->type != CSS_SEMICOLON) {
			if (tk(r, j)->type == CSS_LBRACE) {
				brace = j;
				j = skip_component(r, j, b, deep);
				break;
			}
			j = skip_component(r, j, b, deep);
		}
		if (t->type == CSS_AT_KEYWORD) {
			if (brace && word_in(r, i, group_rules) && depth < CSS_MAX_DEPTH)
				pre |= read_style_block(r, brace + 1, j - 1, subjects, nsubjects, depth + 1, deep);
		} else if (brace) {
			read_rules(r, i, j, subjects, nsubjects, depth + 1);
		} else if (t->type == CSS_IDENT) {
			size_t colon = skip_ws(r, i + 1, j);
			if (colon < j && tk(r, colon)->type == CSS_COLON)
				pre |= declaration_preserves(r, i, colon + 1, j);
		}
		i = j;
	}
	return pre;
}

/* Record the subjects of a rule that may preserve whitespace. */
static void add_subjects(struct reader *r, const struct compound *cps, size_t n);

/* A list of rules [a, b): at the top, in a group rule, or nested in a style rule. */
static void read_rules(struct reader *r, size_t a, size_t b, const struct compound *parents, size_t nparents,
		       int depth)
{
	int deep = depth > CSS_MAX_DEPTH;
	size_t i = a;
	while (i < b && !deep) {
		const struct css_token *t = tk(r, i);
		if (t->type == CSS_WHITESPACE || t->type == CSS_CDO || t->type == CSS_CDC || t->type == CSS_SEMICOLON) {
			i++;
			continue;
		}
		size_t j = i, brace = 0;
		while (j < b && !(t->type == CSS_AT_KEYWORD && tk(r, j)->type == CSS_SEMICOLON)) {
			if (tk(r, j)->type == CSS_LBRACE) {
				brace = j;
				j = skip_component(r, j, b, &deep);
				break;
			}
			j = skip_component(r, j, b, &deep);
		}
		if (t->type == CSS_AT_KEYWORD) {
			if (brace && word_in(r, i, group_rules))
				read_rules(r, brace + 1, j - 1, parents, nparents, depth + 1);
		} else if (brace) {
			struct compound *cps = NULL;
			size_t ncps = 0, cap = 0, mark = r->nscratch;
			read_selectors(r, i, brace, parents, nparents, &cps, &ncps, &cap, &deep);
			if (read_style_block(r, brace + 1, j - 1, cps, ncps, depth + 1, &deep))
				add_subjects(r, cps, ncps);
			free(cps);
			r->nscratch = mark;
		}
		i = j < b ? j + (tk(r, j)->type == CSS_SEMICOLON) : j;
	}
	if (deep)
		r->c->everything = 1;
}

/* ---- subjects ---- */

static int cmp_cond(const struct html_css *c, const struct cond *x, const struct cond *y)
{
	if (x->kind != y->kind)
		return x->kind - y->kind;
	if (x->op != y->op)
		return x->op - y->op;
	size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
	int k = memcmp(c->text.data + x->name, c->text.data + y->name, n);
	if (k || x->name_len != y->name_len)
		return k ? k : (x->name_len < y->name_len ? -1 : 1);
	n = x->value_len < y->value_len ? x->value_len : y->value_len;
	k = memcmp(c->text.data + x->value, c->text.data + y->value, n);
	return k ? k : (x->value_len > y->value_len) - (x->value_len < y->value_len);
}

/*
 * Copy the scratch conditions [first, first + n) to html_css.conds, sorted,
 * and write their canonical spelling (kind, op, length-prefixed name and
 * value per condition) to r->canon.  Returns the index of the first copy.
 */
static size_t store_conds(struct reader *r, size_t first, size_t n)
{
	struct html_css *c = r->c;
	ARRAY_GROW(c->conds, c->nconds + n, c->conds_cap);
	struct cond *cd = c->conds + c->nconds;
	for (size_t k = 0; k < n; k++) { /* insertion sort: a compound has a handful */
		struct cond x = r->scratch[first + k];
		size_t at = k;
		while (at > 0 && cmp_cond(c, &cd[at - 1], &x) > 0) {
			cd[at] = cd[at - 1];
			at--;
		}
		cd[at] = x;
	}
	buf_reset(&r->canon);
	for (size_t k = 0; k < n; k++)
		if (buf_printf(&r->canon, "%c%d %zu:", "cita"[cd[k].kind], cd[k].op, cd[k].name_len) ||
		    buf_add(&r->canon, c->text.data + cd[k].name, cd[k].name_len) ||
		    buf_printf(&r->canon, " %zu:", cd[k].value_len) ||
		    buf_add(&r->canon, c->text.data + cd[k].value, cd[k].value_len) || buf_addch(&r->canon, ' '))
			c->everything = 1;
	size_t at = c->nconds;
	c->nconds += n;
	return at;
}

/* Append r->canon to the arena (its parts are in the arena, which may move: hence the copy). */
static size_t store_canon(struct reader *r)
{
	size_t at = r->c->text.len;
	if (buf_add(&r->c->text, r->canon.data, r->canon.len))
		r->c->everything = 1;
	return at;
}

/*
 * The context for an ancestor compound, added when new: its index, or -1
 * when there is no room (then the subject goes without, matching more).
 */
static int add_context(struct reader *r, const struct compound *cp)
{
	struct html_css *c = r->c;
	size_t cond = store_conds(r, cp->ctx_first, cp->ctx_n);
	for (size_t k = 0; k < c->ncontexts; k++)
		if (c->contexts[k].canon_len == r->canon.len &&
		    !memcmp(c->text.data + c->contexts[k].canon, r->canon.data, r->canon.len)) {
			c->nconds = cond; /* known: drop the copy */
			return (int)k;
		}
	if (c->ncontexts == HTML_CSS_MAX_CONTEXTS) {
		c->nconds = cond;
		return -1;
	}
	size_t canon = store_canon(r);
	c->contexts[c->ncontexts] = (struct context){cond, cp->ctx_n, canon, r->canon.len};
	return (int)c->ncontexts++;
}

static void add_subjects(struct reader *r, const struct compound *cps, size_t n)
{
	struct html_css *c = r->c;
	for (size_t i = 0; i < n; i++) {
		unsigned what = HTML_CSS_PRE;
		if (cps[i].pseudo)
			continue;
		/*
		 * A context only for subjects that match much on their
		 * own (a type, an attribute, nothing): a class or an id already
		 * narrows them, and contexts are few.
		 */
		int ctx = -1, selective = 0;
		for (size_t k = 0; k < cps[i].n; k++)
			selective |= r->scratch[cps[i].first + k].kind == C_CLASS || r->scratch[cps[i].first + k].kind == C_ID;
		if (cps[i].has_ctx && !selective)
			ctx = add_context(r, &cps[i]);
		size_t cond = store_conds(r, cps[i].first, cps[i].n);
		if (ctx >= 0 && (buf_addstr(&r->canon, cps[i].ctx_sibling ? "after " : "in ") ||
				 buf_add(&r->canon, c->text.data + c->contexts[ctx].canon, c->contexts[ctx].canon_len)))
			c->everything = 1;
		size_t canon = store_canon(r);
		ARRAY_GROW(c->subjects, c->nsubjects + 1, c->subjects_cap);
		c->subjects[c->nsubjects++] =
			(struct subject){what, cond, cps[i].n, ctx, cps[i].ctx_sibling, canon, r->canon.len, NULL};
	}
}

static int cmp_subject(const void *x, const void *y)
{
	const struct subject *a = x, *b = y;
	size_t n = a->canon_len < b->canon_len ? a->canon_len : b->canon_len;
	int k = memcmp(a->sort_text, b->sort_text, n);
	return k ? k : (a->canon_len > b->canon_len) - (a->canon_len < b->canon_len);
}

static int cmp_key(const void *x, const void *y)
{
	const struct key *a = x, *b = y;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	size_t n = a->len < b->len ? a->len : b->len;
	int k = memcmp(a->sort_text, b->sort_text, n);
	return k ? k : (a->len > b->len) - (a->len < b->len);
}

/* Sort and merge the subjects, then index each by one of its conditions. */
static void build_index(struct html_css *c)
{
	for (size_t i = 0; i < c->nsubjects; i++)
		c->subjects[i].sort_text = c->text.data + c->subjects[i].canon;
	if (c->nsubjects)
		qsort(c->subjects, c->nsubjects, sizeof(*c->subjects), cmp_subject);
	size_t n = 0;
	for (size_t i = 0; i < c->nsubjects; i++) {
		if (n > 0 && cmp_subject(&c->subjects[n - 1], &c->subjects[i]) == 0)
			c->subjects[n - 1].what |= c->subjects[i].what;
		else
			c->subjects[n++] = c->subjects[i];
	}
	c->nsubjects = n;
	c->nkeys = 0;
	ARRAY_GROW(c->keys, n, c->keys_cap);
	for (size_t i = 0; i < n; i++) {
		const struct subject *s = &c->subjects[i];
		struct key k = {C_NONE, 0, 0, i, NULL};
		for (size_t j = 0; j < s->ncond; j++) {
			const struct cond *cd = &c->conds[s->cond + j];
			if (cd->kind < k.kind) /* class before id before tag before attribute */
				k = (struct key){cd->kind, cd->name, cd->name_len, i, NULL};
		}
		k.sort_text = c->text.data + k.str;
		c->keys[c->nkeys++] = k;
	}
	if (c->nkeys)
		qsort(c->keys, c->nkeys, sizeof(*c->keys), cmp_key);
}

/* Tokenize in[0..len) into r->s, comments left out (a reader needs no others). */
static void reader_init(struct reader *r, struct html_css *c, const char *in, size_t len)
{
	struct css_lexer lx;
	struct css_token t, *toks = NULL;
	size_t n = 0, cap = 0;

	memset(r, 0, sizeof(*r));
	r->c = c;
	buf_init(&r->canon, BUF_MAX_DEFAULT);
	css_lexer_init(&lx, in, len);
	do {
		css_next(&lx, &t);
		if (t.type == CSS_COMMENT)
			continue;
		ARRAY_GROW(toks, n + 1, cap);
		toks[n++] = t;
	} while (t.type != CSS_EOF);
	r->toks = toks;
	r->s = (struct css_src){in, toks, n};
}

static void reader_release(struct reader *r)
{
	free(r->toks);
	free(r->scratch);
	buf_release(&r->canon);
}

void html_css_add(struct html_css *c, const char *css, size_t len)
{
	struct reader r;

	reader_init(&r, c, css, len);
	read_rules(&r, 0, r.s.n - 1, NULL, 0, 0);
	reader_release(&r);
	build_index(c);
}

/* ---- matching ---- */

static int eq_icase(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn)
		return 0;
	for (size_t i = 0; i < an; i++) {
		int x = (unsigned char)a[i], y = (unsigned char)b[i];
		if ((x >= 'A' && x <= 'Z' ? x + 32 : x) != (y >= 'A' && y <= 'Z' ? y + 32 : y))
			return 0;
	}
	return 1;
}

/* Case-insensitive memmem: is w[0..wn) in s[0..n) at `at` (-1 anywhere)? */
static int has_icase(const char *s, size_t n, const char *w, size_t wn, long at)
{
	if (wn > n)
		return 0;
	if (at >= 0)
		return eq_icase(s + at, wn, w, wn);
	for (size_t i = 0; i + wn <= n; i++)
		if (eq_icase(s + i, wn, w, wn))
			return 1;
	return 0;
}

static int is_space(int ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f'; }

/* Is w one of the space-separated words of s? */
static int has_word(const char *s, size_t n, const char *w, size_t wn)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && is_space((unsigned char)s[i]))
			i++;
		size_t start = i;
		while (i < n && !is_space((unsigned char)s[i]))
			i++;
		if (i > start && eq_icase(s + start, i - start, w, wn))
			return 1;
	}
	return 0;
}

static const struct html_attr *attr_of(const struct html_token *tok, const char *name, size_t n)
{
	for (size_t i = 0; i < tok->nattrs; i++)
		if (!tok->attrs[i].duplicate && eq_icase(tok->attrs[i].name.p, tok->attrs[i].name.n, name, n))
			return &tok->attrs[i];
	return NULL;
}

static int cond_holds(const struct html_css *c, const struct cond *cd, const struct html_token *tok)
{
	const char *name = c->text.data + cd->name, *val = c->text.data + cd->value;
	const struct html_attr *a;
	switch ((enum cond_kind)cd->kind) {
	case C_TAG:
		return eq_icase(tok->name.p, tok->name.n, name, cd->name_len);
	case C_ID:
		return (a = attr_of(tok, "id", 2)) && eq_icase(a->value.p, a->value.n, name, cd->name_len);
	case C_CLASS:
		return (a = attr_of(tok, "class", 5)) && has_word(a->value.p, a->value.n, name, cd->name_len);
	case C_ATTR:
		if (!(a = attr_of(tok, name, cd->name_len)))
			return 0;
		switch ((enum attr_op)cd->op) {
		case A_HAS: return 1;
		case A_EQ: return eq_icase(a->value.p, a->value.n, val, cd->value_len);
		case A_WORD: return has_word(a->value.p, a->value.n, val, cd->value_len);
		case A_DASH:
			return eq_icase(a->value.p, a->value.n, val, cd->value_len) ||
			       (a->value.n > cd->value_len && a->value.p[cd->value_len] == '-' &&
				has_icase(a->value.p, a->value.n, val, cd->value_len, 0));
		case A_PREFIX: return cd->value_len && has_icase(a->value.p, a->value.n, val, cd->value_len, 0);
		case A_SUFFIX:
			return cd->value_len && a->value.n >= cd->value_len &&
			       has_icase(a->value.p, a->value.n, val, cd->value_len, (long)(a->value.n - cd->value_len));
		case A_SUBSTR: return cd->value_len && has_icase(a->value.p, a->value.n, val, cd->value_len, -1);
		}
		return 1;
	case C_NONE:
		return 1;
	}
	return 1;
}

/* Does the element have every condition of conds[first, first + n)? */
static int conds_hold(const struct html_css *c, size_t first, size_t n, const struct html_token *tok)
{
	size_t j = 0;
	while (j < n && cond_holds(c, &c->conds[first + j], tok))
		j++;
	return j == n;
}

/*
 * OR into *what the facts of the subjects indexed under (kind, s[0..n))
 * that the element has, with the contexts its ancestors and its previous
 * siblings matched (a bit per context).
 */
static void match_key(const struct html_css *c, enum cond_kind kind, const char *s, size_t n,
		      const struct html_token *tok, uint64_t ancestors, uint64_t siblings, unsigned *what)
{
	size_t lo = 0, hi = c->nkeys;
	while (lo < hi) { /* the first key not below (kind, s) */
		size_t mid = (lo + hi) / 2;
		const struct key *k = &c->keys[mid];
		int below = k->kind < kind;
		if (k->kind == kind) {
			size_t m = k->len < n ? k->len : n, i;
			int d = 0;
			for (i = 0; i < m && !d; i++) {
				int x = (unsigned char)c->text.data[k->str + i], y = (unsigned char)s[i];
				d = x - (y >= 'A' && y <= 'Z' ? y + 32 : y);
			}
			below = d < 0 || (d == 0 && k->len < n);
		}
		if (below)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < c->nkeys && c->keys[lo].kind == kind; lo++) {
		const struct key *k = &c->keys[lo];
		if (!eq_icase(c->text.data + k->str, k->len, s, n))
			break;
		const struct subject *sub = &c->subjects[k->subject];
		uint64_t around = sub->ctx_sibling ? siblings : ancestors;
		if ((*what & sub->what) == sub->what || (sub->ctx >= 0 && !((around >> sub->ctx) & 1)))
			continue;
		if (conds_hold(c, sub->cond, sub->ncond, tok))
			*what |= sub->what;
	}
}

unsigned html_css_match(const struct html_css *c, const struct html_token *tok, uint64_t ancestors,
			uint64_t siblings, uint64_t *own)
{
	unsigned what = 0;
	*own = 0;
	if (!c)
		return 0;
	if (c->everything)
		return HTML_CSS_PRE;
	for (size_t k = 0; k < c->ncontexts; k++)
		if (conds_hold(c, c->contexts[k].cond, c->contexts[k].ncond, tok))
			*own |= (uint64_t)1 << k;
	match_key(c, C_NONE, "", 0, tok, ancestors, siblings, &what);
	match_key(c, C_TAG, tok->name.p, tok->name.n, tok, ancestors, siblings, &what);
	for (size_t i = 0; i < tok->nattrs; i++) {
		const struct html_attr *a = &tok->attrs[i];
		if (a->duplicate)
			continue;
		match_key(c, C_ATTR, a->name.p, a->name.n, tok, ancestors, siblings, &what);
		if (eq_icase(a->name.p, a->name.n, "id", 2))
			match_key(c, C_ID, a->value.p, a->value.n, tok, ancestors, siblings, &what);
		if (!eq_icase(a->name.p, a->name.n, "class", 5))
			continue;
		size_t k = 0;
		while (k < a->value.n) {
			while (k < a->value.n && is_space((unsigned char)a->value.p[k]))
				k++;
			size_t start = k;
			while (k < a->value.n && !is_space((unsigned char)a->value.p[k]))
				k++;
			if (k > start)
				match_key(c, C_CLASS, a->value.p + start, k - start, tok, ancestors, siblings, &what);
		}
	}
	return what;
}

unsigned html_css_declarations(const char *decls, size_t len)
{
	struct html_css *c = html_css_new(); /* rules nested in the attribute land here, unused */
	struct reader r;
	int deep = 0;

	reader_init(&r, c, decls, len);
	int pre = read_style_block(&r, 0, r.s.n - 1, NULL, 0, 0, &deep);
	reader_release(&r);
	html_css_free(c);
	return pre ? HTML_CSS_PRE : 0;
}

void html_css_describe(const struct html_css *c, struct buf *out)
{
	if (c->everything) {
		buf_addstr(out, "everything\n");
		return;
	}
	for (size_t i = 0; i < c->nsubjects; i++) {
		const struct subject *s = &c->subjects[i];
		buf_printf(out, "%u ", s->what);
		buf_add(out, c->text.data + s->canon, s->canon_len);
		buf_addch(out, '\n');
	}
}
