/*
 * js_printer.c - writes a parsed JavaScript program's tokens back with as
 * little in between as the language allows, each renamed identifier as its
 * new name (prog->rename): the only pass that writes output bytes.
 *
 * Between two significant tokens A and B it writes one of three things:
 *
 *   - a line break, when the source had one (or a comment holding one)
 *     between them and automatic semicolon insertion could depend on it.
 *     It cannot when A is a token after which no statement ends ("{" "("
 *     "," ";" ":" "." an operator, a keyword such as else/typeof/var, the
 *     ")" of an if/for/with head, the "}" of a block), or when B cannot
 *     start a statement or class element (")" "]" "}" "," ";" "." "?" "="
 *     a binary operator or a template continuation).  Everything else keeps
 *     its break: "return\nx", "a\n++b", "x\n(y)" after a statement, class
 *     fields "a\n[b]" all depend on it;
 *   - a space, when writing A and B together would fuse them into other
 *     tokens: two identifier/number characters, "+ +" and "- -", "/ /" and
 *     "/ *" (a comment), "<! --" and "-- >" (HTML-like comments), a decimal
 *     integer before ".", a number or regex before an identifier character;
 *   - nothing otherwise.
 *
 * A ";" right before "}" is dropped where automatic semicolon insertion
 * restores it (never when it is an empty statement).
 *
 * Numbers take their shortest spelling of the same value ("1e3", ".5").
 *
 * Comments are dropped except "/ *!", "//!", @license and @preserve ones and
 * the /(*)#__PURE__(*)/ and @__PURE__ annotations that bundlers read (all of
 * them with keep_comments).  Strings are re-quoted with whichever quote needs
 * fewer escapes (ties go to '"', so a second pass changes nothing).  For an
 * inline <script>, "</script" and "<!--" inside literals and comments are
 * escaped so the HTML tokenizer never sees them.
 *
 * The result is idempotent: every decision depends only on the tokens and
 * on whether a line break separated them, and the output keeps exactly the
 * line breaks that decided anything.
 */
#include "minify/js_printer.h"

#include <errno.h>
#include <math.h>

#include "lib/util.h"
#include "minify/js_lexer.h"

/* A small decimal exponent ("-07", "+21") as an int; atoi is banned. */
static int atoi_safe(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

struct printer {
	const struct js_lexer *lx;
	struct buf *out;
	size_t entry;      /* out->len when we started: nothing before it is ours */
	size_t line_start; /* output offset after the last line break */
	const struct minify_opts *o;
	struct js_token a; /* the last significant token written */
	size_t a_start, a_end; /* where a's text is in the output */
	size_t tok_start;  /* where put_token wrote the last token's text */
	size_t safe_break; /* on the current line, after a ";" "," "{": a line break may go there (0: none) */
	int have_a;
	struct js_token semi; /* a ";" held back: dropped if "}" follows */
	int semi_pending;
	int err;           /* first buffer error (JD_ELIMIT), sticky */
	const char *rename; /* the new text of the identifier being written, or NULL */
};

static void put(struct printer *p, const void *s, size_t n)
{
	if (!p->err)
		p->err = buf_add(p->out, s, n);
}

static void putc_(struct printer *p, int c)
{
	char ch = (char)c;

	put(p, &ch, 1);
}

/* No statement (and no class element) can end right after `a`. */
static int no_end_after(const struct js_lexer *lx, const struct js_token *a)
{
	static const char *const kw[] = { "typeof", "void",  "delete", "new",    "in",     "instanceof",
					  "if",     "else",  "do",     "try",    "finally", "case",
					  "var",    "const", "function", "class", "extends", "switch",
					  "while",  "for",   "with",   "catch" };
	size_t i;

	switch (a->kind) {
	case JT_PUNCT:
		if (js_tok_punct(lx, a, ")") || js_tok_punct(lx, a, "}"))
			return (a->flags & JT_NOEND) != 0;
		return !(js_tok_punct(lx, a, "]") || js_tok_punct(lx, a, "++") || js_tok_punct(lx, a, "--"));
	case JT_TEMPLATE:
		return (a->flags & JT_TPL_OPEN) != 0;
	case JT_IDENT:
		if (a->flags & JT_IN_CLASS)
			return 0; /* a field called "const" or "in" ends there */
		for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
			if (js_tok_is(lx, a, kw[i]))
				return 1;
		return 0;
	case JT_EOF:
	case JT_PRIVATE:
	case JT_NUMBER:
	case JT_STRING:
	case JT_REGEX:
	case JT_COMMENT:
	case JT_BLOCK_COMMENT:
	case JT_HASHBANG:
		return 0;
	}
	return 0;
}

/* `b` can only continue what precedes it: it never starts a statement or class element. */
static int only_continues(const struct js_lexer *lx, const struct js_token *b)
{
	static const char *const cont[] = {
		")", "]", "}", ",", ";", ":", "?", ".", "?.", "=", "==", "===", "!=", "!==", "<", ">",
		"<=", ">=", "<<", ">>", ">>>", "**", "%", "&", "|", "^", "&&", "||", "??", "+=", "-=",
		"*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=", "?\?=",
		"=>", "/",
	};
	int in_class = (b->flags & JT_IN_CLASS) != 0;
	size_t i;

	switch (b->kind) {
	case JT_PUNCT:
		if (js_tok_punct(lx, b, "*"))
			return !in_class; /* "*gen(){}" starts a class element */
		for (i = 0; i < sizeof(cont) / sizeof(cont[0]); i++)
			if (js_tok_punct(lx, b, cont[i]))
				return 1;
		return 0;
	case JT_TEMPLATE:
		return (b->flags & JT_TPL_CLOSE) != 0;
	case JT_IDENT:
		return !in_class && (js_tok_is(lx, b, "in") || js_tok_is(lx, b, "instanceof"));
	case JT_EOF:
	case JT_PRIVATE:
	case JT_NUMBER:
	case JT_STRING:
	case JT_REGEX:
	case JT_COMMENT:
	case JT_BLOCK_COMMENT:
	case JT_HASHBANG:
		return 0;
	}
	return 0;
}

static int keep_line_break(const struct js_lexer *lx, const struct js_token *a, const struct js_token *b)
{
	return !no_end_after(lx, a) && !only_continues(lx, b);
}

static int out_last(const struct printer *p)
{
	return p->out->len > p->entry ? (unsigned char)p->out->data[p->out->len - 1] : -1;
}

static int out_ends_with(const struct printer *p, const char *s)
{
	size_t n = strlen(s);

	return p->out->len >= p->entry + n && memcmp(p->out->data + p->out->len - n, s, n) == 0;
}

/* A decimal integer literal ("12", "1_000"): a "." right after it would be its fraction. */
static int is_plain_integer(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* Would writing `first...` (the start of `b`) right after the output fuse tokens? */
static int needs_space(const struct printer *p, const struct js_token *b, const char *text, size_t n)
{
	const struct js_lexer *lx = p->lx;
	int last = out_last(p);
	unsigned char first = (unsigned char)text[0];

	if (last < 0 || last == '\n')
		return 0;
	if (js_is_ident_byte((unsigned char)last) && js_is_ident_byte(first))
		return 1;
	if (p->have_a && (p->a.kind == JT_NUMBER || p->a.kind == JT_REGEX) && js_is_ident_byte(first) &&
	    p->out->len == p->a_end)
		return 1;
	if ((last == '+' && first == '+') || (last == '-' && first == '-'))
		return 1;
	if (last == '/' && (first == '/' || first == '*'))
		return 1;
	if (out_ends_with(p, "<!") && n >= 2 && text[0] == '-' && text[1] == '-')
		return 1;
	if (out_ends_with(p, "--") && first == '>')
		return 1;
	if (p->o && p->o->inline_script && last == '<' && (first == '/' || first == '!'))
		return 1;
	if (b && js_tok_punct(lx, b, ".") && p->have_a && p->a.kind == JT_NUMBER && p->out->len == p->a_end &&
	    is_plain_integer(p->out->data + p->a_start, p->a_end - p->a_start))
		return 1;
	return 0;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int match_ci(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit), i;

	if (n < k)
		return 0;
	for (i = 0; i < k; i++)
		if (lower((unsigned char)s[i]) != lit[i])
			return 0;
	return 1;
}

/*
 * For inline scripts: rewrite "</script" and "<!--" in the output from
 * `from` on (one literal or comment just written).  A backslash keeps the
 * value in strings, templates and comments; a regex gets "\x3C" for the "<"
 * of "<!--" because "\!" is an error under the u flag.
 */
static void escape_inline_tail(struct printer *p, size_t from, enum js_tok kind)
{
	struct buf *out = p->out;
	char *copy;
	size_t n = out->len - from, i;

	for (i = 0; i < n; i++)
		if (out->data[from + i] == '<' &&
		    (match_ci(out->data + from + i, n - i, "</script") || match_ci(out->data + from + i, n - i, "<!--")))
			break;
	if (i == n)
		return;
	copy = xstrndup(out->data + from, n);
	buf_truncate(out, from);
	for (i = 0; i < n; i++) {
		if (copy[i] == '<' && match_ci(copy + i, n - i, "</script")) {
			put(p, "<\\", 2);
			continue;
		}
		if (copy[i] == '<' && match_ci(copy + i, n - i, "<!--")) {
			if (kind == JT_REGEX) {
				size_t bs = 0;

				while (bs < i && copy[i - 1 - bs] == '\\')
					bs++;
				put(p, bs % 2 ? "x3C" : "\\x3C", bs % 2 ? 3 : 4);
			} else {
				put(p, "<\\", 2);
			}
			continue;
		}
		putc_(p, copy[i]);
	}
	free(copy);
}

/* Write a string literal with the quote that needs fewer escapes ('"' on a tie). */
static void put_string(struct printer *p, const char *s, size_t n)
{
	size_t i, dq = 0, sq = 0;
	char q, other;

	for (i = 1; i + 1 < n; i++) {
		if (s[i] == '\\') {
			i++;
			dq += s[i] == '"';
			sq += s[i] == '\'';
		} else {
			dq += s[i] == '"';
			sq += s[i] == '\'';
		}
	}
	q = dq <= sq ? '"' : '\'';
	other = q == '"' ? '\'' : '"';
	putc_(p, q);
	for (i = 1; i + 1 < n; i++) {
		if (s[i] == '\\') {
			if (s[i + 1] != other)
				putc_(p, '\\');
			putc_(p, s[++i]);
		} else {
			if (s[i] == q)
				putc_(p, '\\');
			putc_(p, s[i]);
		}
	}
	putc_(p, q);
}

/*
 * Shortest spelling of a finite non-negative double that reads back as
 * exactly `v`: find the fewest significant digits D that round-trip
 * (value = 0.D x 10^k), then pick the shortest of "DDD000", "DD.D", ".00D"
 * and "De-N"/"DeN".
 */
static void shortest_number(double v, char *out, size_t size)
{
	char sci[64], digits[32], cand[3][400];
	const char *e;
	size_t nd = 0, i, best;
	int prec, k, tail;

	if (v == 0) {
		snprintf(out, size, "0");
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(sci, sizeof(sci), "%.*e", prec - 1, v);
		if (strtod(sci, NULL) == v)
			break;
	}
	e = strchr(sci, 'e');
	for (i = 0; sci + i < e; i++)
		if (sci[i] != '.')
			digits[nd++] = sci[i];
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	k = atoi_safe(e + 1) + 1; /* value = 0.digits x 10^k */
	tail = k - (int)nd;       /* value = digits x 10^tail */
	snprintf(cand[0], sizeof(cand[0]), "%se%d", digits, tail);
	if (tail >= 0 && tail < 300) {
		snprintf(cand[1], sizeof(cand[1]), "%s", digits);
		memset(cand[1] + nd, '0', (size_t)tail);
		cand[1][nd + (size_t)tail] = '\0';
	} else if (k > 0) {
		snprintf(cand[1], sizeof(cand[1]), "%.*s.%s", k, digits, digits + k);
	} else if (k > -300) {
		cand[1][0] = '.';
		memset(cand[1] + 1, '0', (size_t)-k);
		snprintf(cand[1] + 1 + (size_t)-k, sizeof(cand[1]) - 1 - (size_t)-k, "%s", digits);
	} else {
		snprintf(cand[1], sizeof(cand[1]), "%s", cand[0]);
	}
	best = strlen(cand[1]) <= strlen(cand[0]) ? 1 : 0;
	snprintf(out, size, "%s", cand[best]);
}

/*
 * Write a numeric literal in its shortest form with the same value (the
 * "value" of the literal in the syntax tree does not change): separators
 * go, "1000000" becomes "1e6", "0.50" ".5", "0xFF" "255".  BigInts and
 * legacy octal forms ("017", "08") are written as they are.
 */
static void number_text(const char *s, size_t n, char *out, size_t size)
{
	char tmp[64], best[64];
	size_t i, j = 0;
	double v;

	snprintf(out, size, "%.*s", (int)n, s); /* the fallback: as written */
	if (n >= sizeof(tmp) || n >= size || s[n - 1] == 'n' || (n > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9'))
		return;
	for (i = 0; i < n; i++)
		if (s[i] != '_')
			tmp[j++] = s[i];
	tmp[j] = '\0';
	if (j > 2 && tmp[0] == '0' && strchr("xXoObB", tmp[1])) {
		int base = (tmp[1] | 32) == 'x' ? 16 : (tmp[1] | 32) == 'o' ? 8 : 2;
		unsigned long long u;

		errno = 0;
		u = strtoull(tmp + 2, NULL, base);
		if (errno || u > (1ULL << 53))
			return;
		v = (double)u;
	} else {
		v = strtod(tmp, NULL);
	}
	if (!isfinite(v))
		return;
	shortest_number(v, best, sizeof(best));
	if (strlen(best) < n && strtod(best, NULL) == v)
		snprintf(out, size, "%s", best);
}

/* License comments and bundler annotations survive minification. */
static int keep_comment(const struct printer *p, const struct js_token *t)
{
	return js_comment_kept(p->lx, t, p->o && p->o->keep_comments);
}

/*
 * Keep lines within max_line: when the next n bytes would pass it, put a
 * line break at the last place on this line where one cannot change the
 * program (after ";" "," or "{"), moving the bytes after it down.  A line
 * with no such place stays long.
 */
static void maybe_wrap(struct printer *p, size_t n)
{
	struct buf *out = p->out;
	size_t at = p->safe_break;

	if (!p->o || !p->o->max_line || out->len - p->line_start + n <= p->o->max_line)
		return;
	if (at <= p->line_start || at > out->len || p->err)
		return;
	if ((p->err = buf_addch(out, '\n')) != 0)
		return;
	memmove(out->data + at + 1, out->data + at, out->len - 1 - at);
	out->data[at] = '\n';
	p->line_start = at + 1;
	p->safe_break = 0;
	if (p->a_start >= at)
		p->a_start++;
	if (p->a_end >= at)
		p->a_end++;
}

static void put_token(struct printer *p, const struct js_token *t)
{
	const char *s = p->lx->src + t->off;
	size_t n = t->len, from;
	char num[64];

	if (t->kind == JT_NUMBER) {
		/* Space decisions look at what is written: "return 0.5" becomes "return.5". */
		number_text(s, n, num, sizeof(num));
		s = num;
		n = strlen(num);
	} else if (t->kind == JT_IDENT && p->rename) {
		s = p->rename;
		n = strlen(s);
	}
	if (needs_space(p, t, s, n))
		putc_(p, ' ');
	maybe_wrap(p, n);
	from = p->tok_start = p->out->len;
	if (t->kind == JT_STRING)
		put_string(p, s, n);
	else
		put(p, s, n);
	if (p->o && p->o->inline_script && !p->err &&
	    (t->kind == JT_STRING || t->kind == JT_TEMPLATE || t->kind == JT_REGEX || t->kind == JT_BLOCK_COMMENT ||
	     t->kind == JT_COMMENT))
		escape_inline_tail(p, from, t->kind);
	if (memchr(p->out->data + from, '\n', p->out->len - from))
		p->line_start = from + (size_t)((char *)memrchr(p->out->data + from, '\n', p->out->len - from) -
						(p->out->data + from)) + 1;
}

static void put_newline(struct printer *p)
{
	if (out_last(p) != '\n' && out_last(p) >= 0) {
		putc_(p, '\n');
		p->line_start = p->out->len;
	}
}

/*
 * A ";" right before "}" can go when automatic semicolon insertion puts it
 * back: after a token that ends an expression or a return/break/continue.
 * Not after ")" of if/for/while heads, "else", "do", a label, "{" or a
 * block's "}": there the ";" is an empty statement that must stay.
 */
static int semi_droppable(const struct js_lexer *lx, const struct js_token *a)
{
	if (js_tok_punct(lx, a, ")"))
		return a->bkind == JB_PAREN;
	if (js_tok_punct(lx, a, "}"))
		return a->bkind == JB_OBJECT || a->bkind == JB_FUNC_EXPR || a->bkind == JB_CLASS_EXPR ||
		       a->bkind == JB_ARROW;
	return !no_end_after(lx, a);
}

static void put_significant(struct printer *p, const struct js_token *t)
{
	if (p->have_a && (t->flags & JT_NL_BEFORE) && keep_line_break(p->lx, &p->a, t))
		put_newline(p);
	put_token(p, t);
	p->a = *t;
	p->a_start = p->tok_start;
	p->a_end = p->out->len;
	p->have_a = 1;
	if (js_tok_punct(p->lx, t, ";") || js_tok_punct(p->lx, t, ",") || js_tok_punct(p->lx, t, "{"))
		p->safe_break = p->out->len;
}

/* Write the held-back ";" unless `next` is a "}" that makes it redundant. */
static void settle_semi(struct printer *p, const struct js_token *next)
{
	if (!p->semi_pending)
		return;
	p->semi_pending = 0;
	if (next && js_tok_punct(p->lx, next, "}"))
		return;
	put_significant(p, &p->semi);
}

int js_print(const struct js_program *prog, const struct minify_opts *o, struct buf *out)
{
	struct printer p;
	size_t k;

	memset(&p, 0, sizeof(p));
	p.out = out;
	p.entry = p.line_start = out->len;
	p.o = o;
	p.lx = &prog->lx;
	for (k = 0; k < prog->ntok; k++) {
		const struct js_token *t = &prog->tok[k];

		if (t->kind == JT_EOF) {
			settle_semi(&p, NULL);
			break;
		}
		if (t->kind == JT_HASHBANG) {
			put(&p, prog->lx.src + t->off, t->len);
			putc_(&p, '\n');
			p.line_start = out->len;
			continue;
		}
		if (t->kind == JT_COMMENT || t->kind == JT_BLOCK_COMMENT) {
			if (!keep_comment(&p, t))
				continue;
			settle_semi(&p, NULL);
			put_token(&p, t);
			if (t->kind == JT_COMMENT)
				put_newline(&p);
			continue;
		}
		settle_semi(&p, t);
		if (p.have_a && js_tok_punct(&prog->lx, t, ";") && semi_droppable(&prog->lx, &p.a)) {
			p.semi = *t;
			p.semi_pending = 1;
			continue;
		}
		p.rename = prog->rename && prog->rename[k] ? prog->names.data + prog->rename[k] : NULL;
		put_significant(&p, t);
		p.rename = NULL;
		if (p.err)
			break;
	}
	if (p.err)
		buf_truncate(out, p.entry);
	return p.err;
}
