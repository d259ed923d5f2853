/*
 * js_parser.c - recursive descent syntax check of ECMAScript 2024 scripts
 * and modules over js_lexer tokens, with the early errors, the statement
 * tree and the rewrite hints (see js_parser.h for the contract).
 *
 * How it works.  The whole input is tokenized first into prog->tok; the
 * parser walks an index of the significant tokens (p->sig), with, for every
 * opening bracket, the index of its closing one (p->match) and, for every
 * identifier, its keyword code (p->kw).  Because the tokens are all there,
 * the places where JavaScript needs a "cover grammar" are decided by looking
 * ahead instead: "(" starts arrow parameters when its ")" is followed by
 * "=>"; "{" and "[" start an assignment pattern when their closer is
 * followed by "=" (or "of"/"in" at the head of a for).  Nothing is re-parsed.
 *
 * The lexer decides regex against division from context before the parser
 * runs; where it guessed differently from the grammar the parser reports a
 * syntax error and the file stays as it was (never a wrong output).
 *
 * Early errors checked: reserved and strict-mode reserved words, eval and
 * arguments as binding or assignment targets in strict code, "use strict"
 * applied back to the function's name and parameters, legacy octal
 * literals and escapes in strict code, invalid escapes and numeric
 * separators, duplicate parameters where they are not allowed, lexical
 * redeclaration (let/const/class/function in blocks against each other and
 * against var, parameters and catch parameters), labels, break and continue
 * targets, return outside functions, yield/await in parameters, new.target,
 * super() and super.x placement, class constructors and private names,
 * duplicate __proto__, ?? mixed with || or &&, a unary operand of **,
 * delete of an identifier in strict code or of a private member, regular
 * expression flags, module exports (duplicates, undeclared locals).
 * Not checked: the pattern grammar of regular expressions (only flags).
 *
 * Declarations and references go to js_scope.c as they are read; once
 * the program is read, js_scope.c resolves the references and, with
 * JS_PARSE_RENAME, js_renamer.c names the symbols.
 *
 * With JS_PARSE_TREE the parser also records each statement (js_stmt: its
 * tokens, children and the precedence of its expression) and, per token,
 * rewrites it saw to be safe (js_hint) -- what js_compress.c works from.
 *
 * Why one file of over 3,000 lines: the grammar is one mutually recursive
 * descent (statements hold expressions, expressions hold functions and
 * classes, which hold statements) over one cursor and context, with some
 * fifty small helpers (token tests, early-error checks, hints) that every
 * part of it uses.  Split by grammar area, each file would export most of
 * the others' functions through js_internal.h and none could be read
 * alone; esbuild keeps its parser in one file for the same reason.  What
 * is a pass of its own -- scopes, renaming -- is in its own file.
 */
#include "minify/js_parser.h"

#include <stdint.h>
#include <stdio.h>

#include "lib/buf.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "minify/js_internal.h"

/* The text of each K_* keyword code (js_internal.h), in its order. */
static const char *const kw_names[] = {
	"", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
	"else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
	"instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try",
	"typeof", "var", "void", "while", "with",
	"implements", "interface", "let", "package", "private", "protected", "public", "static", "yield",
	"await", "async", "of", "get", "set", "target", "meta", "as", "from", "eval", "arguments",
	"constructor", "prototype", "__proto__",
};

static int is_reserved(int k)
{
	return k >= K_BREAK && k <= K_WITH;
}

static int is_strict_reserved(int k)
{
	return k >= K_IMPLEMENTS && k <= K_YIELD;
}

struct label {
	uint32_t tok;
	int loop;
};

struct private_name {
	uint32_t tok;
	unsigned char kind; /* 1 field/method, 2 getter, 3 setter, 4 getter+setter */
	unsigned char is_static;
};

struct class_ctx {
	size_t names_from;  /* its declared private names in p->privs */
	size_t refs_from;   /* its references in p->prefs */
};

/* What an expression turned out to be, for the checks its context makes. */
enum { EK_OTHER, EK_IDENT, EK_MEMBER, EK_PRIV_MEMBER, EK_CALL, EK_OPT };
enum { EF_UNARY = 1, EF_LOGIC = 2, EF_COALESCE = 4, EF_PAREN = 8, EF_TYPEOF = 16 /* typeof x, exactly */ };

struct ex {
	unsigned char kind, flags;
	unsigned char prec; /* JS_P_* of its outermost operator */
	unsigned char cond_hint; /* a conditional: JS_H_COND_* if it may become || or && where its value is unused */
	uint32_t tok;
	uint32_t qtok, ctok; /* a conditional: its "?" and ":" */
};

/* Expression flags passed down. */
enum { X_NO_IN = 1 };

#define TRY(x)                          \
	do {                            \
		if ((x) < 0)            \
			return -1;      \
	} while (0)

/* ---- tokens */

static const struct js_token *tk(const struct parser *p)
{
	return tk_at(p, p->i);
}

static int punct_at(const struct parser *p, size_t i, const char *s)
{
	return js_tok_punct(&p->prog->lx, tk_at(p, i), s);
}

static int is_p(const struct parser *p, const char *s)
{
	return punct_at(p, p->i, s);
}

/* Keyword code of token i when it can act as that keyword (unescaped, not after "."). */
static int kw_at(const struct parser *p, size_t i)
{
	if (i >= p->nsig)
		return K_NONE;
	return (p->kw[i] & K_ESCAPED) ? K_NONE : p->kw[i];
}

static int is_kw(const struct parser *p, int k)
{
	return kw_at(p, p->i) == k;
}

static int nl_before(const struct parser *p, size_t i)
{
	return (tk_at(p, i)->flags & JT_NL_BEFORE) != 0;
}

static int at_eof(const struct parser *p)
{
	return tk(p)->kind == JT_EOF;
}

int js_fail_at(struct parser *p, size_t i, int code, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (p->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->failed = 1;
	js_error_at(p->src, p->len, tk_at(p, i)->off, p->d, p->file, code, msg);
	return -1;
}

static int unexpected(struct parser *p)
{
	const struct js_token *t = tk(p);

	if (t->kind == JT_EOF)
		return js_fail_at(p, p->i, JD_EINPUT, "unexpected end of input");
	return js_fail_at(p, p->i, JD_EINPUT, "unexpected token '%.*s'", (int)(t->len > 40 ? 40 : t->len),
		       p->src + t->off);
}

static int expect(struct parser *p, const char *s)
{
	if (!is_p(p, s))
		return unexpected(p);
	p->i++;
	return 0;
}

/* Automatic semicolon insertion (ECMA-262 12.10). */
static int semicolon(struct parser *p)
{
	if (is_p(p, ";")) {
		p->i++;
		return 0;
	}
	if (is_p(p, "}") || at_eof(p) || nl_before(p, p->i))
		return 0;
	return unexpected(p);
}

static int enter(struct parser *p)
{
	if (++p->nest > JS_MAX_NEST)
		return js_fail_at(p, p->i, JD_ELIMIT, "statements or expressions nest too deeply");
	return 0;
}

/* ---- the statement tree (JS_PARSE_TREE) */

#define ST(p, n) (&(p)->prog->stmt[n])

/* A node for what starts at the current token; without the tree, node 0 (written, never read). */
static uint32_t stmt_open(struct parser *p, int kind)
{
	struct js_program *prog = p->prog;
	struct js_stmt *s;

	if (!p->tree)
		return 0;
	ARRAY_GROW(prog->stmt, prog->nstmt + 1, prog->stmt_cap);
	s = &prog->stmt[prog->nstmt];
	memset(s, 0, sizeof(*s));
	s->kind = (unsigned char)kind;
	s->first = (uint32_t)p->i;
	return (uint32_t)prog->nstmt++;
}

int js_stmt_ends_with_semicolon(int kind)
{
	switch (kind) {
	case JS_S_EXPR: case JS_S_VAR: case JS_S_LET: case JS_S_CONST: case JS_S_RETURN: case JS_S_THROW:
	case JS_S_JUMP:
		return 1;
	default:
		return 0;
	}
}

/* The statement `n` ended before the current token. */
static void stmt_close(struct parser *p, uint32_t n)
{
	struct js_stmt *s = ST(p, n);

	s->last = (uint32_t)(p->i - 1);
	if (js_stmt_ends_with_semicolon(s->kind) && punct_at(p, s->last, ";"))
		s->term = s->last;
}

static void hint(struct parser *p, size_t i, int h)
{
	if (p->tree)
		p->prog->hint[i] = (unsigned char)h;
}

/* Token i is a string whose text is an ASCII identifier name ("name" in x["name"]). */
static int string_is_name(const struct parser *p, size_t i)
{
	const struct js_token *t = tk_at(p, i);
	const char *s = p->src + t->off + 1;
	size_t n = t->len - 2, k;

	if (t->kind != JT_STRING || n == 0 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (k = 0; k < n; k++)
		if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9') ||
		      s[k] == '_' || s[k] == '$'))
			return 0;
	return 1;
}

/* Append the statement just read to `list` (whose last statement is *prev). */
static void stmt_link(struct parser *p, uint32_t list, uint32_t *prev)
{
	if (!p->tree)
		return;
	if (*prev)
		ST(p, *prev)->next = p->last_stmt;
	else
		ST(p, list)->body = p->last_stmt;
	*prev = p->last_stmt;
}

/* Append code point cp as UTF-8. */
/*
 * Decode the \u escapes of an identifier (s, n) into b.  Returns 0, or -1
 * when an escape is malformed or stands for a character that cannot be in
 * an identifier (ASCII only is checked: non-ASCII letters are accepted).
 */
static int decode_ident(const char *s, size_t n, struct buf *b)
{
	size_t i = 0;

	while (i < n) {
		unsigned long cp = 0;
		int first = b->len == 0;

		if (s[i] != '\\') {
			buf_addch(b, s[i++]);
			continue;
		}
		if (i + 1 >= n || s[i + 1] != 'u')
			return -1;
		i += 2;
		if (i < n && s[i] == '{') {
			size_t digits = 0;

			for (i++; i < n && s[i] != '}'; i++, digits++) {
				if (hex_digit_value((unsigned char)s[i]) < 0 || cp > 0x10FFFF)
					return -1;
				cp = cp * 16 + (unsigned long)hex_digit_value((unsigned char)s[i]);
			}
			if (i >= n || digits == 0 || cp > 0x10FFFF)
				return -1;
			i++;
		} else {
			int k;

			if (i + 4 > n)
				return -1;
			for (k = 0; k < 4; k++) {
				if (hex_digit_value((unsigned char)s[i + k]) < 0)
					return -1;
				cp = cp * 16 + (unsigned long)hex_digit_value((unsigned char)s[i + k]);
			}
			i += 4;
		}
		if (cp < 0x80 && !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '$' || cp == '_' ||
				   (!first && cp >= '0' && cp <= '9')))
			return -1;
		if (cp >= 0xD800 && cp <= 0xDFFF)
			return -1;
		buf_add_utf8(b, cp);
	}
	return 0;
}

int js_kw_lookup(const char *s, size_t n)
{
	size_t k;

	if (n < 2 || n > 11 || s[0] < '_' || s[0] > 'y')
		return K_NONE;
	for (k = 1; k < sizeof(kw_names) / sizeof(kw_names[0]); k++)
		if (kw_names[k][0] == s[0] && strlen(kw_names[k]) == n && memcmp(kw_names[k], s, n) == 0)
			return (int)k;
	return K_NONE;
}

/* The name of identifier token i (decoded when escaped). */
void js_name_of(struct parser *p, size_t i, const char **s, size_t *n)
{
	const struct js_token *t = tk_at(p, i);
	const char *raw = p->src + t->off;
	size_t len = t->len;

	if (t->kind == JT_PRIVATE) {
		raw++;
		len--;
	}
	if (!memchr(raw, '\\', len)) {
		*s = raw;
		*n = len;
		return;
	}
	buf_truncate(&p->names, 0);
	if (decode_ident(raw, len, &p->names) < 0)
		buf_truncate(&p->names, 0);
	*s = p->names.data;
	*n = p->names.len;
}

int js_same_name(struct parser *p, size_t a, size_t b)
{
	const char *s, *t;
	size_t n, m;
	char *copy;
	int eq;

	js_name_of(p, a, &s, &n);
	copy = xstrndup(s, n);
	js_name_of(p, b, &t, &m);
	eq = n == m && memcmp(copy, t, n) == 0;
	free(copy);
	return eq;
}

uint32_t js_name_hash(struct parser *p, size_t i)
{
	const char *s;
	size_t n, k;
	uint32_t h = 2166136261u;

	js_name_of(p, i, &s, &n);
	for (k = 0; k < n; k++)
		h = (h ^ (unsigned char)s[k]) * 16777619u;
	return h;
}

/* ---- literals */

/* A numeric literal's spelling: separators between digits, digits of its base, BigInt forms. */
static int check_number(struct parser *p, size_t i)
{
	const struct js_token *t = tk_at(p, i);
	const char *s = p->src + t->off;
	size_t n = t->len, k;
	int bigint = s[n - 1] == 'n';

	if (bigint)
		n--;
	if (n > 1 && s[0] == '0' && ((s[1] >= '0' && s[1] <= '9') || s[1] == '_')) {
		/* legacy octal (017) or non-octal decimal (089, 08.5) */
		if (bigint || memchr(s, '_', n))
			return js_fail_at(p, i, JD_EINPUT, "invalid number");
		if (p->ctx & C_STRICT)
			return js_fail_at(p, i, JD_EINPUT, "legacy octal literals are not allowed in strict mode");
		return 0;
	}
	if (n > 1 && s[0] == '0' && strchr("xXoObB", s[1])) {
		int base = (s[1] | 32) == 'x' ? 16 : (s[1] | 32) == 'o' ? 8 : 2;

		if (n == 2)
			return js_fail_at(p, i, JD_EINPUT, "invalid number");
		for (k = 2; k < n; k++) {
			if (s[k] == '_') {
				if (k == 2 || k + 1 == n || s[k + 1] == '_')
					return js_fail_at(p, i, JD_EINPUT, "invalid numeric separator");
				continue;
			}
			if (hex_digit_value((unsigned char)s[k]) < 0 || hex_digit_value((unsigned char)s[k]) >= base)
				return js_fail_at(p, i, JD_EINPUT, "invalid digit in number");
		}
		return 0;
	}
	for (k = 0; k < n; k++) {
		if (s[k] == '_' && !(k > 0 && k + 1 < n && s[k - 1] >= '0' && s[k - 1] <= '9' && s[k + 1] >= '0' &&
				     s[k + 1] <= '9'))
			return js_fail_at(p, i, JD_EINPUT, "invalid numeric separator");
		if (bigint && (s[k] == '.' || s[k] == 'e' || s[k] == 'E'))
			return js_fail_at(p, i, JD_EINPUT, "invalid BigInt literal");
	}
	return 0;
}

/*
 * The escapes of a string or template literal body (s, n).  Returns 0 when
 * valid, -1 when an escape is malformed (\x, \u); *octal is set for legacy
 * octal and \8 \9 escapes (strict mode and templates reject them).
 */
static int scan_escapes(const char *s, size_t n, int *octal)
{
	size_t i;

	*octal = 0;
	for (i = 0; i < n; i++) {
		char c;

		if (s[i] != '\\')
			continue;
		if (++i >= n)
			return -1;
		c = s[i];
		if (c == 'x') {
			if (i + 2 >= n || hex_digit_value((unsigned char)s[i + 1]) < 0 ||
			    hex_digit_value((unsigned char)s[i + 2]) < 0)
				return -1;
			i += 2;
		} else if (c == 'u') {
			if (i + 1 < n && s[i + 1] == '{') {
				unsigned long cp = 0;
				size_t digits = 0;

				for (i += 2; i < n && s[i] != '}'; i++, digits++) {
					if (hex_digit_value((unsigned char)s[i]) < 0)
						return -1;
					cp = cp * 16 + (unsigned long)hex_digit_value((unsigned char)s[i]);
					if (cp > 0x10FFFF)
						return -1;
				}
				if (i >= n || digits == 0)
					return -1;
			} else {
				int k;

				for (k = 1; k <= 4; k++)
					if (i + (size_t)k >= n || hex_digit_value((unsigned char)s[i + (size_t)k]) < 0)
						return -1;
				i += 4;
			}
		} else if (c >= '1' && c <= '9') {
			*octal = 1;
		} else if (c == '0' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
			*octal = 1;
		}
	}
	return 0;
}

/* A string literal; *octal as in scan_escapes. */
static int check_string(struct parser *p, size_t i, int *octal)
{
	const struct js_token *t = tk_at(p, i);

	if (scan_escapes(p->src + t->off + 1, t->len - 2, octal) < 0)
		return js_fail_at(p, i, JD_EINPUT, "invalid escape sequence in string");
	if (*octal && (p->ctx & C_STRICT))
		return js_fail_at(p, i, JD_EINPUT, "octal escape sequences are not allowed in strict mode");
	return 0;
}

/* One template token ("`...`", "`...${", "}...${", "}...`"); tagged templates allow any escape. */
static int check_template_part(struct parser *p, size_t i, int tagged)
{
	const struct js_token *t = tk_at(p, i);
	size_t end = (t->flags & JT_TPL_OPEN) ? 2 : 1;
	int octal;

	if (tagged)
		return 0;
	if (scan_escapes(p->src + t->off + 1, t->len - 1 - end, &octal) < 0 || octal)
		return js_fail_at(p, i, JD_EINPUT, "invalid escape sequence in template");
	return 0;
}

static int check_regex(struct parser *p, size_t i)
{
	const struct js_token *t = tk_at(p, i);
	const char *s = p->src + t->off;
	size_t end = t->len, k;
	unsigned seen = 0;

	while (end > 0 && s[end - 1] != '/')
		end--;
	for (k = end; k < t->len; k++) {
		const char *f = strchr("dgimsuyv", s[k]);
		unsigned bit;

		if (!f || !s[k])
			return js_fail_at(p, i, JD_EINPUT, "invalid regular expression flags");
		bit = 1u << (f - "dgimsuyv");
		if (seen & bit)
			return js_fail_at(p, i, JD_EINPUT, "duplicate regular expression flag");
		seen |= bit;
	}
	if ((seen & (1u << 5)) && (seen & (1u << 7)))
		return js_fail_at(p, i, JD_EINPUT, "regular expression flags u and v together");
	return 0;
}

/* ---- identifiers */

static int ident_name_error(struct parser *p, size_t i, const char *what)
{
	const struct js_token *t = tk_at(p, i);

	return js_fail_at(p, i, JD_EINPUT, "'%.*s' %s", (int)(t->len > 40 ? 40 : t->len), p->src + t->off, what);
}

/* Token i used as an identifier (reference or binding): not a reserved word here. */
static int check_ident(struct parser *p, size_t i, int binding)
{
	const struct js_token *t = tk_at(p, i);
	int k = p->kw[i] & ~K_ESCAPED;

	if (t->kind != JT_IDENT)
		return unexpected(p);
	if (p->kw[i] == (K_NONE | K_ESCAPED) && memchr(p->src + t->off, '\\', t->len)) {
		struct buf b;
		int bad;

		buf_init(&b, BUF_MAX_DEFAULT);
		bad = decode_ident(p->src + t->off, t->len, &b) < 0;
		buf_release(&b);
		if (bad)
			return js_fail_at(p, i, JD_EINPUT, "invalid escape in identifier");
	}
	if (is_reserved(k))
		return ident_name_error(p, i, "is a reserved word");
	if ((p->ctx & C_STRICT) && is_strict_reserved(k))
		return ident_name_error(p, i, "is a reserved word in strict mode");
	if (k == K_YIELD && (p->ctx & (C_GEN | C_STRICT)))
		return ident_name_error(p, i, "is a reserved word here");
	if (k == K_AWAIT && (p->module || (p->ctx & (C_ASYNC | C_STATIC_BLOCK))))
		return ident_name_error(p, i, "is a reserved word here");
	if (binding && (p->ctx & C_STRICT) && (k == K_EVAL || k == K_ARGUMENTS))
		return ident_name_error(p, i, "cannot be bound in strict mode");
	if (!binding && k == K_ARGUMENTS && (p->ctx & C_NO_ARGS))
		return ident_name_error(p, i, "is not allowed in class field initializers and static blocks");
	return 0;
}

/* ---- forward declarations */

static int parse_statement(struct parser *p, int item);
static int parse_assign(struct parser *p, unsigned fl, struct ex *e);
static int parse_expression(struct parser *p, unsigned fl, struct ex *e);
static int parse_lhs(struct parser *p, struct ex *e);
static int parse_unary(struct parser *p, struct ex *e);
static int parse_function(struct parser *p, int is_decl, int is_async, int name_optional);
static int parse_class(struct parser *p, int is_decl, int name_optional);
static int parse_binding_target(struct parser *p, int kind);
static int parse_property_key(struct parser *p);
static int key_is(const struct parser *p, size_t i, const char *name);
static int add_export(struct parser *p, size_t t);

enum {
	FN_ASYNC = 1, FN_GEN = 2, FN_ARROW = 4, FN_METHOD = 8, FN_CTOR = 16, FN_DERIVED = 32, FN_GETTER = 64,
	FN_SETTER = 128, FN_CLASS = 256,
};

/* ---- patterns */

static int simple_target(struct parser *p, const struct ex *e, size_t at)
{
	if (e->kind == EK_MEMBER || e->kind == EK_PRIV_MEMBER)
		return 0;
	if (e->kind == EK_IDENT) {
		int k = p->kw[e->tok] & ~K_ESCAPED;

		p->tok_lit[e->tok] = 0; /* "undefined = 1" must stay */
		if ((p->ctx & C_STRICT) && (k == K_EVAL || k == K_ARGUMENTS))
			return ident_name_error(p, e->tok, "cannot be assigned to in strict mode");
		return 0;
	}
	return js_fail_at(p, at, JD_EINPUT, "invalid assignment target");
}

/* "{" or "[" at i starts a pattern when its closer is followed by `next` ("=" or a keyword). */
static int pattern_ahead(const struct parser *p, size_t i, const char *next)
{
	size_t close;

	if (!(punct_at(p, i, "{") || punct_at(p, i, "[")))
		return 0;
	close = p->match[i];
	if (!next)
		return punct_at(p, close + 1, ",") || punct_at(p, close + 1, "]") || punct_at(p, close + 1, "}") ||
		       punct_at(p, close + 1, "=") || punct_at(p, close + 1, ")");
	if (next[0] == '=')
		return punct_at(p, close + 1, "=");
	return (strcmp(next, "of") == 0 && kw_at(p, close + 1) == K_OF) ||
	       (strcmp(next, "in") == 0 && kw_at(p, close + 1) == K_IN);
}

/*
 * One pattern element's target.  kind 0: an assignment pattern (targets
 * are any simple assignment target); D_*: a binding pattern declaring its
 * names with that kind.
 */
static int parse_pattern_target(struct parser *p, int kind)
{
	struct ex e;
	size_t at = p->i;

	if (kind)
		return parse_binding_target(p, kind);
	if ((is_p(p, "{") || is_p(p, "[")) && pattern_ahead(p, p->i, NULL))
		return parse_binding_target(p, 0);
	TRY(parse_lhs(p, &e));
	if (e.kind == EK_OPT || e.kind == EK_CALL || (e.kind != EK_IDENT && e.kind != EK_MEMBER &&
						       e.kind != EK_PRIV_MEMBER))
		return js_fail_at(p, at, JD_EINPUT, "invalid destructuring target");
	return simple_target(p, &e, at);
}

static int parse_initializer(struct parser *p)
{
	struct ex e;

	if (!is_p(p, "="))
		return 0;
	p->i++;
	return parse_assign(p, 0, &e);
}

static int parse_object_pattern(struct parser *p, int kind)
{
	p->i++; /* { */
	while (!is_p(p, "}")) {
		if (is_p(p, "...")) {
			p->i++;
			if (kind) {
				TRY(check_ident(p, p->i, 1));
				TRY(parse_binding_target(p, kind));
			} else {
				if (is_p(p, "{") || is_p(p, "["))
					return unexpected(p);
				TRY(parse_pattern_target(p, 0));
			}
			if (!is_p(p, "}"))
				return js_fail_at(p, p->i, JD_EINPUT, "a rest element must be last");
			break;
		}
		if (tk(p)->kind == JT_IDENT && (punct_at(p, p->i + 1, ",") || punct_at(p, p->i + 1, "}") ||
						punct_at(p, p->i + 1, "="))) {
			/* shorthand {a} {a = 1} */
			p->tok_sh[p->i] = SH_PROP;
			if (kind) {
				TRY(parse_binding_target(p, kind));
			} else {
				struct ex e = { EK_IDENT, 0, JS_P_LHS, 0, (uint32_t)p->i, 0, 0 };

				TRY(check_ident(p, p->i, 0));
				TRY(simple_target(p, &e, p->i));
				js_add_ref(p, p->i);
				p->i++;
			}
		} else {
			TRY(parse_property_key(p));
			TRY(expect(p, ":"));
			TRY(parse_pattern_target(p, kind));
		}
		TRY(parse_initializer(p));
		if (!is_p(p, "}"))
			TRY(expect(p, ","));
	}
	p->i++;
	return 0;
}

static int parse_array_pattern(struct parser *p, int kind)
{
	p->i++; /* [ */
	while (!is_p(p, "]")) {
		if (is_p(p, ",")) {
			p->i++;
			continue;
		}
		if (is_p(p, "...")) {
			p->i++;
			TRY(parse_pattern_target(p, kind));
			if (!is_p(p, "]"))
				return js_fail_at(p, p->i, JD_EINPUT, "a rest element must be last");
			break;
		}
		TRY(parse_pattern_target(p, kind));
		TRY(parse_initializer(p));
		if (!is_p(p, "]"))
			TRY(expect(p, ","));
	}
	p->i++;
	return 0;
}

/* A binding identifier or pattern; kind 0 parses an assignment pattern. */
static int parse_binding_target(struct parser *p, int kind)
{
	int rc;

	if (is_p(p, "{") || is_p(p, "[")) {
		TRY(enter(p));
		rc = is_p(p, "{") ? parse_object_pattern(p, kind) : parse_array_pattern(p, kind);
		p->nest--;
		return rc;
	}
	if (tk(p)->kind != JT_IDENT)
		return unexpected(p);
	TRY(check_ident(p, p->i, 1));
	if (kind == D_LEX && (p->kw[p->i] & ~K_ESCAPED) == K_LET)
		return ident_name_error(p, p->i, "cannot be a lexically bound name");
	if (kind == D_PARAM) {
		ARRAY_GROW(p->params, p->nparams + 1, p->params_cap);
		p->params[p->nparams++] = (uint32_t)p->i;
	}
	if (kind)
		TRY(js_declare(p, p->i, kind));
	if (kind && p->exporting && p->sc == 0)
		TRY(add_export(p, p->i));
	p->i++;
	return 0;
}

/* ---- expressions */

static int parse_template(struct parser *p, int tagged)
{
	struct ex e;

	TRY(check_template_part(p, p->i, tagged));
	while (tk(p)->flags & JT_TPL_OPEN) {
		p->i++;
		TRY(parse_expression(p, 0, &e));
		if (tk(p)->kind != JT_TEMPLATE || !(tk(p)->flags & JT_TPL_CLOSE))
			return unexpected(p);
		TRY(check_template_part(p, p->i, tagged));
	}
	p->i++;
	return 0;
}

static int parse_arguments(struct parser *p)
{
	struct ex e;

	p->i++; /* ( */
	while (!is_p(p, ")")) {
		if (is_p(p, "..."))
			p->i++;
		TRY(parse_assign(p, 0, &e));
		if (!is_p(p, ")"))
			TRY(expect(p, ","));
	}
	p->i++;
	return 0;
}

/* A property name: identifier name, string, number, [computed]. Returns its kind via p->kw. */
static int parse_property_key(struct parser *p)
{
	const struct js_token *t = tk(p);
	struct ex e;
	int octal;

	switch (t->kind) {
	case JT_IDENT:
		p->i++;
		return 0;
	case JT_STRING:
		TRY(check_string(p, p->i, &octal));
		/* in a class body "get" x(){} and get x(){} differ, so do static, async, accessor */
		if (string_is_name(p, p->i) &&
		    !((t->flags & JT_IN_CLASS) && (key_is(p, p->i, "get") || key_is(p, p->i, "set") ||
						   key_is(p, p->i, "static") || key_is(p, p->i, "async") ||
						   key_is(p, p->i, "accessor") || key_is(p, p->i, "constructor"))))
			hint(p, p->i, JS_H_KEY_STRING);
		p->i++;
		return 0;
	case JT_NUMBER:
		TRY(check_number(p, p->i));
		p->i++;
		return 0;
	case JT_PUNCT:
		if (is_p(p, "[")) {
			p->i++;
			TRY(parse_assign(p, 0, &e));
			return expect(p, "]");
		}
		return unexpected(p);
	case JT_EOF:
	case JT_PRIVATE:
	case JT_TEMPLATE:
	case JT_REGEX:
	case JT_COMMENT:
	case JT_BLOCK_COMMENT:
	case JT_HASHBANG:
		return unexpected(p);
	}
	return unexpected(p);
}

/* Is token i a property key called `name` (identifier or string, not computed)? */
static int key_is(const struct parser *p, size_t i, const char *name)
{
	const struct js_token *t = tk_at(p, i);
	size_t n = strlen(name);

	if (t->kind == JT_IDENT)
		return t->len == n && memcmp(p->src + t->off, name, n) == 0;
	if (t->kind == JT_STRING)
		return t->len == n + 2 && memcmp(p->src + t->off + 1, name, n) == 0;
	return 0;
}

/* What a function or class body replaces and gives back when it ends: its context flags,
 * labels, loop nesting and scope. */
struct body_context {
	unsigned ctx;
	size_t label_base, nlabels;
	int loops, breakables;
	uint32_t sc;
};

static struct body_context body_context_save(const struct parser *p)
{
	return (struct body_context){ p->ctx, p->label_base, p->nlabels, p->loops, p->breakables, p->sc };
}

static void body_context_restore(struct parser *p, const struct body_context *c)
{
	p->sc = c->sc;
	p->ctx = c->ctx;
	p->label_base = c->label_base;
	p->nlabels = c->nlabels;
	p->loops = c->loops;
	p->breakables = c->breakables;
}

/* Modifiers before a method or class element name: `get`/`set`/`async`/`*`. */
static int key_starts_at(const struct parser *p, size_t i)
{
	const struct js_token *t = tk_at(p, i);

	return t->kind == JT_IDENT || t->kind == JT_STRING || t->kind == JT_NUMBER || t->kind == JT_PRIVATE ||
	       punct_at(p, i, "[");
}

static int parse_method_modifiers(struct parser *p, unsigned *fn)
{
	*fn = 0;
	if (is_kw(p, K_ASYNC) && !nl_before(p, p->i + 1) &&
	    (key_starts_at(p, p->i + 1) || punct_at(p, p->i + 1, "*"))) {
		*fn |= FN_ASYNC;
		p->i++;
	}
	if (is_p(p, "*")) {
		*fn |= FN_GEN;
		p->i++;
		return 0;
	}
	if (!*fn && (is_kw(p, K_GET) || is_kw(p, K_SET)) && key_starts_at(p, p->i + 1)) {
		*fn |= is_kw(p, K_GET) ? FN_GETTER : FN_SETTER;
		p->i++;
	}
	return 0;
}

static int parse_function_rest(struct parser *p, unsigned fn, size_t name_tok);

static int parse_object(struct parser *p, struct ex *e)
{
	int protos = 0;

	p->i++; /* { */
	while (!is_p(p, "}")) {
		unsigned fn;
		size_t key;

		if (is_p(p, "...")) {
			struct ex v;

			p->i++;
			TRY(parse_assign(p, 0, &v));
		} else {
			TRY(parse_method_modifiers(p, &fn));
			key = p->i;
			if (!fn && tk(p)->kind == JT_IDENT &&
			    (punct_at(p, p->i + 1, ",") || punct_at(p, p->i + 1, "}"))) {
				TRY(check_ident(p, p->i, 0));
				js_add_ref(p, p->i);
				p->tok_sh[p->i] = key_is(p, p->i, "__proto__") ? SH_PROTO : SH_PROP;
				p->i++;
			} else if (!fn && tk(p)->kind == JT_IDENT && punct_at(p, p->i + 1, "=")) {
				return js_fail_at(p, p->i + 1, JD_EINPUT, "shorthand property initializer outside a pattern");
			} else {
				TRY(parse_property_key(p));
				if (fn || is_p(p, "(")) {
					TRY(parse_function_rest(p, fn | FN_METHOD, 0));
				} else {
					struct ex v;

					TRY(expect(p, ":"));
					if (key_is(p, key, "__proto__") && tk_at(p, key)->kind != JT_PUNCT &&
					    ++protos > 1)
						return js_fail_at(p, key, JD_EINPUT, "duplicate __proto__ property");
					TRY(parse_assign(p, 0, &v));
				}
			}
		}
		if (!is_p(p, "}"))
			TRY(expect(p, ","));
	}
	p->i++;
	e->kind = EK_OTHER;
	return 0;
}

static int parse_array(struct parser *p)
{
	struct ex e;

	p->i++; /* [ */
	while (!is_p(p, "]")) {
		if (is_p(p, ",")) {
			p->i++;
			continue;
		}
		if (is_p(p, "..."))
			p->i++;
		TRY(parse_assign(p, 0, &e));
		if (!is_p(p, "]"))
			TRY(expect(p, ","));
	}
	p->i++;
	return 0;
}

/* Record a reference to private name token i for the enclosing class. */
static int private_ref(struct parser *p, size_t i)
{
	if (!p->nclasses)
		return js_fail_at(p, i, JD_EINPUT, "private name outside a class");
	ARRAY_GROW(p->prefs, p->nprefs + 1, p->prefs_cap);
	p->prefs[p->nprefs++] = (uint32_t)i;
	return 0;
}

static int parse_arrow(struct parser *p, int is_async);

/*
 * May the literal at token i be written as a unary expression ("!0",
 * "void 0")?  Not where that changes how it parses: before a member
 * access, call, tagged template, "**", an assignment or update, nor
 * after new or delete.
 */
static int shortenable_at(const struct parser *p, size_t i)
{
	static const char *const after[] = { ".", "?.", "[", "(", "**", "=", "+=", "-=", "*=", "/=", "%=",
					     "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=",
					     "?\?=", "++", "--", "=>" };
	const struct js_token *n = tk_at(p, i + 1);
	size_t k;

	if (n->kind == JT_TEMPLATE && !(n->flags & JT_TPL_CLOSE))
		return 0;
	for (k = 0; k < sizeof(after) / sizeof(after[0]); k++)
		if (punct_at(p, i + 1, after[k]))
			return 0;
	if (i > 0 && (kw_at(p, i - 1) == K_NEW || kw_at(p, i - 1) == K_DELETE || punct_at(p, i - 1, "++") ||
		      punct_at(p, i - 1, "--")))
		return 0;
	return 1;
}

static int parse_primary(struct parser *p, struct ex *e)
{
	const struct js_token *t = tk(p);
	int k = kw_at(p, p->i), octal;

	e->kind = EK_OTHER;
	e->flags = 0;
	e->prec = JS_P_LHS;
	e->tok = (uint32_t)p->i;
	switch (t->kind) {
	case JT_NUMBER:
		TRY(check_number(p, p->i));
		p->i++;
		return 0;
	case JT_STRING:
		TRY(check_string(p, p->i, &octal));
		p->i++;
		return 0;
	case JT_REGEX:
		TRY(check_regex(p, p->i));
		p->i++;
		return 0;
	case JT_TEMPLATE:
		if (t->flags & JT_TPL_CLOSE)
			return unexpected(p);
		return parse_template(p, 0);
	case JT_PRIVATE:
		if (kw_at(p, p->i + 1) != K_IN)
			return unexpected(p);
		TRY(private_ref(p, p->i));
		p->i++;
		return 0;
	case JT_IDENT:
		switch (k) {
		case K_TRUE:
		case K_FALSE:
			if (shortenable_at(p, p->i))
				p->tok_lit[p->i] = k == K_TRUE ? LIT_TRUE : LIT_FALSE;
			p->i++;
			return 0;
		case K_THIS:
		case K_NULL:
			p->i++;
			return 0;
		case K_FUNCTION:
			return parse_function(p, 0, 0, 1);
		case K_CLASS:
			return parse_class(p, 0, 1);
		case K_ASYNC:
			if (kw_at(p, p->i + 1) == K_FUNCTION && !nl_before(p, p->i + 1)) {
				p->i++;
				return parse_function(p, 0, 1, 1);
			}
			break;
		case K_LET:
			if (p->ctx & C_STRICT)
				return ident_name_error(p, p->i, "is a reserved word in strict mode");
			break;
		default:
			break;
		}
		TRY(check_ident(p, p->i, 0));
		js_add_ref(p, p->i);
		if (key_is(p, p->i, "undefined") && !p->in_with && shortenable_at(p, p->i))
			p->tok_lit[p->i] = LIT_UNDEFINED;
		e->kind = EK_IDENT;
		p->i++;
		return 0;
	case JT_PUNCT:
		if (is_p(p, "(")) {
			size_t at = p->i;

			p->i++;
			if (is_p(p, ")"))
				return unexpected(p);
			TRY(parse_expression(p, 0, e));
			if (!is_p(p, ")")) {
				if (punct_at(p, p->i - 1, ","))
					return js_fail_at(p, p->i - 1, JD_EINPUT, "trailing comma in parentheses");
				return unexpected(p);
			}
			p->i++;
			if (e->kind != EK_IDENT && e->kind != EK_MEMBER && e->kind != EK_PRIV_MEMBER)
				e->kind = EK_OTHER;
			e->flags = EF_PAREN;
			e->prec = JS_P_LHS;
			(void)at;
			return 0;
		}
		if (is_p(p, "["))
			return parse_array(p);
		if (is_p(p, "{"))
			return parse_object(p, e);
		return unexpected(p);
	case JT_EOF:
	case JT_COMMENT:
	case JT_BLOCK_COMMENT:
	case JT_HASHBANG:
		return unexpected(p);
	}
	return unexpected(p);
}

/* `.name`, `.#name`, `?.x`, `[x]`, `(args)`, tagged templates after a callee. */
static int parse_tail(struct parser *p, struct ex *e, int allow_call)
{
	int chain = e->kind == EK_OPT;

	if (e->kind == EK_IDENT && is_p(p, "(") && (p->kw[e->tok] & ~K_ESCAPED) == K_EVAL)
		p->scopes[p->sc].eval = 1; /* a direct eval sees every name in scope */

	for (;;) {
		if (is_p(p, ".")) {
			p->i++;
			if (tk(p)->kind == JT_PRIVATE) {
				TRY(private_ref(p, p->i));
				e->kind = EK_PRIV_MEMBER;
			} else if (tk(p)->kind == JT_IDENT) {
				e->kind = EK_MEMBER;
			} else {
				return unexpected(p);
			}
			p->i++;
		} else if (is_p(p, "?.")) {
			if (!allow_call)
				return js_fail_at(p, p->i, JD_EINPUT, "optional chain in a new expression");
			p->i++;
			chain = 1;
			if (is_p(p, "(")) {
				TRY(parse_arguments(p));
			} else if (is_p(p, "[")) {
				struct ex x;
				size_t at = p->i++;

				TRY(parse_expression(p, 0, &x));
				TRY(expect(p, "]"));
				if (p->i == at + 3 && string_is_name(p, at + 1))
					hint(p, at, JS_H_MEMBER_STRING);
			} else if (tk(p)->kind == JT_IDENT) {
				p->i++;
			} else if (tk(p)->kind == JT_PRIVATE) {
				TRY(private_ref(p, p->i));
				p->i++;
			} else {
				return unexpected(p);
			}
		} else if (is_p(p, "[")) {
			struct ex x;
			size_t at = p->i++;

			TRY(parse_expression(p, 0, &x));
			TRY(expect(p, "]"));
			/* not 1["a"]: 1.a would read as a number */
			if (p->i == at + 3 && string_is_name(p, at + 1) && tk_at(p, at - 1)->kind != JT_NUMBER)
				hint(p, at, JS_H_MEMBER_STRING);
			e->kind = EK_MEMBER;
		} else if (is_p(p, "(") && allow_call) {
			TRY(parse_arguments(p));
			e->kind = EK_CALL;
		} else if (tk(p)->kind == JT_TEMPLATE && !(tk(p)->flags & JT_TPL_CLOSE)) {
			if (chain)
				return js_fail_at(p, p->i, JD_EINPUT, "tagged template in an optional chain");
			TRY(parse_template(p, 1));
			e->kind = EK_CALL;
		} else {
			break;
		}
		e->flags = 0;
	}
	if (chain)
		e->kind = EK_OPT;
	return 0;
}

/* new ...; `nested`: the callee of another new (new new X()() keeps its parentheses) */
static int parse_new(struct parser *p, struct ex *e, int nested)
{
	size_t at = p->i;

	TRY(enter(p));
	p->i++; /* new */
	if (is_p(p, ".")) {
		p->i++;
		if (!key_is(p, p->i, "target") || tk(p)->kind != JT_IDENT)
			return unexpected(p);
		if (!(p->ctx & C_NEW_TARGET))
			return js_fail_at(p, at, JD_EINPUT, "new.target outside a function");
		p->i++;
		e->kind = EK_OTHER;
		e->flags = 0;
	} else if (is_kw(p, K_NEW)) {
		TRY(parse_new(p, e, 1));
	} else if (is_kw(p, K_IMPORT)) {
		return js_fail_at(p, p->i, JD_EINPUT, "cannot use new with import()");
	} else if (is_kw(p, K_SUPER)) {
		if (!(p->ctx & C_SUPER_PROP))
			return js_fail_at(p, p->i, JD_EINPUT, "'super' outside a method");
		p->i++;
		if (!is_p(p, ".") && !is_p(p, "["))
			return unexpected(p);
		e->kind = EK_MEMBER;
	} else {
		TRY(parse_primary(p, e));
	}
	TRY(parse_tail(p, e, 0));
	if (is_p(p, "(")) {
		size_t args = p->i;
		const struct js_token *next;

		TRY(parse_arguments(p));
		next = tk(p);
		/* new X() is new X unless something follows that would apply to X instead */
		if (!nested && p->i == args + 2 && !is_p(p, ".") && !is_p(p, "?.") && !is_p(p, "[") && !is_p(p, "(") &&
		    next->kind != JT_TEMPLATE)
			hint(p, args, JS_H_NEW_NO_ARGS);
	}
	e->kind = EK_OTHER;
	e->flags = 0;
	p->nest--;
	return 0;
}

/* LeftHandSideExpression: member, call, new, optional chains. */
static int parse_lhs(struct parser *p, struct ex *e)
{
	int k = kw_at(p, p->i);

	e->flags = 0;
	e->prec = JS_P_LHS;
	e->tok = (uint32_t)p->i;
	if (k == K_NEW) {
		TRY(parse_new(p, e, 0));
	} else if (k == K_SUPER) {
		size_t at = p->i;

		p->i++;
		if (is_p(p, "(")) {
			if (!(p->ctx & C_SUPER_CALL))
				return js_fail_at(p, at, JD_EINPUT, "'super()' outside a derived class constructor");
			TRY(parse_arguments(p));
			e->kind = EK_CALL;
		} else if (is_p(p, ".") || is_p(p, "[")) {
			if (!(p->ctx & C_SUPER_PROP))
				return js_fail_at(p, at, JD_EINPUT, "'super' outside a method");
			e->kind = EK_MEMBER;
		} else {
			return js_fail_at(p, at, JD_EINPUT, "unexpected 'super'");
		}
	} else if (k == K_IMPORT) {
		size_t at = p->i;

		p->i++;
		if (is_p(p, ".")) {
			p->i++;
			if (!key_is(p, p->i, "meta") || tk(p)->kind != JT_IDENT)
				return unexpected(p);
			if (!p->module)
				return js_fail_at(p, at, JD_EINPUT, "import.meta outside a module");
			p->i++;
			e->kind = EK_OTHER;
		} else if (is_p(p, "(")) {
			struct ex a;

			p->i++;
			if (is_p(p, ")"))
				return unexpected(p);
			TRY(parse_assign(p, 0, &a));
			if (is_p(p, ",")) {
				p->i++;
				if (!is_p(p, ")")) {
					TRY(parse_assign(p, 0, &a));
					if (is_p(p, ","))
						p->i++;
				}
			}
			TRY(expect(p, ")"));
			e->kind = EK_CALL;
		} else {
			return unexpected(p);
		}
	} else {
		TRY(parse_primary(p, e));
	}
	return parse_tail(p, e, 1);
}

static int parse_postfix(struct parser *p, struct ex *e)
{
	size_t at = p->i;

	TRY(parse_lhs(p, e));
	if ((is_p(p, "++") || is_p(p, "--")) && !nl_before(p, p->i)) {
		if (e->kind != EK_IDENT && e->kind != EK_MEMBER && e->kind != EK_PRIV_MEMBER)
			return js_fail_at(p, at, JD_EINPUT, "invalid update target");
		TRY(simple_target(p, e, at));
		p->i++;
		e->kind = EK_OTHER;
		e->flags = 0;
		e->prec = JS_P_POSTFIX;
	}
	return 0;
}

/*
 * Prefix operators are read in a loop (not by recursion: "!!!!...x" is
 * only as deep as its operand), then the operand, then the checks that
 * concern the innermost operator.
 */
static int parse_unary(struct parser *p, struct ex *e)
{
	size_t ops = 0, last = 0;
	int last_kind = 0; /* 1 ++/--, 2 delete, 3 other */
	int outer_typeof = kw_at(p, p->i) == K_TYPEOF;

	for (;;) {
		const struct js_token *t = tk(p);
		int k = kw_at(p, p->i);

		if (t->kind == JT_PUNCT && (is_p(p, "++") || is_p(p, "--"))) {
			last_kind = 1;
		} else if ((t->kind == JT_PUNCT && (is_p(p, "!") || is_p(p, "~") || is_p(p, "+") || is_p(p, "-"))) ||
			   k == K_TYPEOF || k == K_VOID || k == K_DELETE || (k == K_AWAIT && (p->ctx & C_ASYNC))) {
			if (k == K_AWAIT && (p->ctx & C_PARAMS))
				return js_fail_at(p, p->i, JD_EINPUT, "await in formal parameters");
			last_kind = k == K_DELETE ? 2 : 3;
		} else if (k == K_AWAIT && (p->ctx & C_STATIC_BLOCK)) {
			return js_fail_at(p, p->i, JD_EINPUT, "await in a class static block");
		} else {
			break;
		}
		last = p->i++;
		ops++;
	}
	TRY(parse_postfix(p, e));
	if (!ops)
		return 0;
	if (last_kind == 1) {
		if (e->kind != EK_IDENT && e->kind != EK_MEMBER && e->kind != EK_PRIV_MEMBER)
			return js_fail_at(p, last + 1, JD_EINPUT, "invalid update target");
		TRY(simple_target(p, e, last + 1));
	}
	if (last_kind == 2 && e->kind == EK_IDENT && (p->ctx & C_STRICT))
		return js_fail_at(p, last, JD_EINPUT, "delete of an unqualified identifier in strict mode");
	if (last_kind == 2 && e->kind == EK_PRIV_MEMBER)
		return js_fail_at(p, last, JD_EINPUT, "private fields cannot be deleted");
	e->kind = EK_OTHER;
	e->prec = JS_P_UNARY;
	/* "++x ** 2" is fine, "-x ** 2" is not */
	e->flags = ops == 1 && last_kind == 1 ? 0 : EF_UNARY;
	if (outer_typeof)
		e->flags |= EF_TYPEOF;
	return 0;
}

static int binary_prec(const struct parser *p, unsigned fl)
{
	const struct js_token *t = tk(p);
	const char *s = p->src + t->off;

	if (t->kind == JT_IDENT) {
		int k = kw_at(p, p->i);

		if (k == K_INSTANCEOF || (k == K_IN && !(fl & X_NO_IN)))
			return 8;
		return 0;
	}
	if (t->kind != JT_PUNCT)
		return 0;
	switch (t->len) {
	case 1:
		switch (s[0]) {
		case '|': return 4;
		case '^': return 5;
		case '&': return 6;
		case '<': case '>': return 8;
		case '+': case '-': return 10;
		case '*': case '/': case '%': return 11;
		default: return 0;
		}
	case 2:
		if (!memcmp(s, "??", 2) || !memcmp(s, "||", 2))
			return 1;
		if (!memcmp(s, "&&", 2))
			return 3;
		if (!memcmp(s, "==", 2) || !memcmp(s, "!=", 2))
			return 7;
		if (!memcmp(s, "<=", 2) || !memcmp(s, ">=", 2))
			return 8;
		if (!memcmp(s, "<<", 2) || !memcmp(s, ">>", 2))
			return 9;
		if (!memcmp(s, "**", 2))
			return 12;
		return 0;
	case 3:
		if (!memcmp(s, "===", 3) || !memcmp(s, "!==", 3))
			return 7;
		if (!memcmp(s, ">>>", 3))
			return 9;
		return 0;
	default:
		return 0;
	}
}

/* typeof x === "s" at `op` (the left operand started at `left`, the right one ends before p->i). */
static void hint_typeof(struct parser *p, size_t left, size_t op, const struct ex *l, const struct ex *r)
{
	const struct js_token *s;

	if (!punct_at(p, op, "===") && !punct_at(p, op, "!=="))
		return;
	if ((l->flags & EF_TYPEOF) && p->i == op + 2 && tk_at(p, op + 1)->kind == JT_STRING) {
		s = tk_at(p, op + 1);
		hint(p, op, s->len == 11 && memcmp(p->src + s->off + 1, "undefined", 9) == 0 ? JS_H_TYPEOF_UNDEFINED
											       : JS_H_TYPEOF_EQ);
	} else if ((r->flags & EF_TYPEOF) && op == left + 1 && tk_at(p, left)->kind == JT_STRING) {
		hint(p, op, JS_H_TYPEOF_EQ);
	}
}

/* The text of a string literal (quotes excluded) ends with an octal escape such as \1 or \07. */
static int ends_in_octal_escape(const char *s, size_t n)
{
	size_t k = 0;

	while (k < n) {
		size_t digits = 0;

		if (s[k++] != '\\')
			continue;
		while (k < n && digits < 3 && s[k] >= '0' && s[k] <= '7')
			k++, digits++;
		if (digits && k == n)
			return 1;
		if (!digits)
			k++; /* the escaped character */
	}
	return 0;
}

/*
 * "a" + "b" can be written "ab" unless the left one's octal escape would
 * take a digit ("\1" + "2" is not "\12"); not with a NUL byte in either
 * (js_compress keeps texts as C strings).
 */
static int strings_join(const struct parser *p, size_t a, size_t b)
{
	const struct js_token *x = tk_at(p, a), *y = tk_at(p, b);
	const char *ys = p->src + y->off;

	return x->kind == JT_STRING && y->kind == JT_STRING && !memchr(p->src + x->off, 0, x->len) &&
	       !memchr(ys, 0, y->len) &&
	       !(y->len > 2 && ys[1] >= '0' && ys[1] <= '9' && ends_in_octal_escape(p->src + x->off + 1, x->len - 2));
}

static int parse_binary(struct parser *p, int minprec, unsigned fl, struct ex *e)
{
	size_t left = p->i, text = 0; /* text: while the left operand is string literals joined by +, the last one */

	TRY(parse_unary(p, e));
	if (p->i == left + 1 && tk_at(p, left)->kind == JT_STRING)
		text = left;
	for (;;) {
		int prec = binary_prec(p, fl), logic = 0, coalesce = 0;
		size_t op = p->i;
		struct ex r;

		if (!prec || prec < minprec)
			break;
		if (prec == 1)
			coalesce = is_p(p, "??"), logic = !coalesce;
		else if (prec == 3)
			logic = 1;
		p->i++;
		if (prec == 12) {
			int rc;

			if (e->flags & EF_UNARY)
				return js_fail_at(p, op, JD_EINPUT, "a unary expression cannot be the base of '**'");
			TRY(enter(p));
			rc = parse_binary(p, prec, fl, &r);
			p->nest--;
			TRY(rc);
		} else {
			TRY(parse_binary(p, prec + 1, fl, &r));
		}
		if ((coalesce && ((e->flags | r.flags) & EF_LOGIC)) ||
		    (logic && ((e->flags | r.flags) & EF_COALESCE)))
			return js_fail_at(p, op, JD_EINPUT, "'?\?' mixed with '||' or '&&' needs parentheses");
		if (prec == 7)
			hint_typeof(p, left, op, e, &r);
		if (text && punct_at(p, op, "+") && p->i == op + 2 && strings_join(p, text, op + 1)) {
			hint(p, op, JS_H_CONCAT);
			text = op + 1;
		} else {
			text = 0;
		}
		e->kind = EK_OTHER;
		e->flags = (unsigned char)((logic ? EF_LOGIC : 0) | (coalesce ? EF_COALESCE : 0) |
					   (e->flags & (EF_LOGIC | EF_COALESCE)));
		e->prec = (unsigned char)(prec >= 3 ? JS_P_AND + (prec - 3) : coalesce ? JS_P_COALESCE : JS_P_OR);
	}
	return 0;
}

/* = += -= *= /= %= **= <<= >>= >>>= &= |= ^= &&= ||= ??= (asked after every operand: no table walk) */
static int is_assign_op(const struct parser *p)
{
	const struct js_token *t = tk(p);
	const char *s = p->src + t->off;

	if (t->kind != JT_PUNCT || s[t->len - 1] != '=')
		return 0;
	switch (t->len) {
	case 1:
		return 1;
	case 2:
		return strchr("+-*/%&|^", s[0]) != NULL; /* not == != <= >= */
	case 3:
		return memcmp(s, "**=", 3) == 0 || memcmp(s, "<<=", 3) == 0 || memcmp(s, ">>=", 3) == 0 ||
		       memcmp(s, "&&=", 3) == 0 || memcmp(s, "||=", 3) == 0 || memcmp(s, "?\?=", 3) == 0;
	case 4:
		return memcmp(s, ">>>=", 4) == 0;
	default:
		return 0;
	}
}

/* Does an arrow function start at the current token? 1 plain, 2 async. */
static int arrow_ahead(const struct parser *p)
{
	size_t i = p->i;
	const struct js_token *t = tk(p);

	if (t->kind == JT_IDENT && punct_at(p, i + 1, "=>"))
		return 1;
	if (punct_at(p, i, "(") && punct_at(p, p->match[i] + 1, "=>"))
		return 1;
	if (kw_at(p, i) == K_ASYNC && !nl_before(p, i + 1)) {
		if (tk_at(p, i + 1)->kind == JT_IDENT && punct_at(p, i + 2, "=>"))
			return 2;
		if (punct_at(p, i + 1, "(") && punct_at(p, p->match[i + 1] + 1, "=>"))
			return 2;
	}
	return 0;
}

static int parse_yield(struct parser *p)
{
	struct ex e;
	const struct js_token *t;

	if (p->ctx & C_PARAMS)
		return js_fail_at(p, p->i, JD_EINPUT, "yield in formal parameters");
	p->i++;
	t = tk(p);
	if (nl_before(p, p->i) || t->kind == JT_EOF ||
	    (t->kind == JT_PUNCT && (is_p(p, ")") || is_p(p, "]") || is_p(p, "}") || is_p(p, ",") ||
				     is_p(p, ";") || is_p(p, ":") || is_p(p, "?") || is_p(p, "=>"))) ||
	    (t->kind == JT_TEMPLATE && (t->flags & JT_TPL_CLOSE)) || kw_at(p, p->i) == K_IN ||
	    kw_at(p, p->i) == K_OF)
		return 0;
	if (is_p(p, "*"))
		p->i++;
	return parse_assign(p, 0, &e);
}

/*
 * Whether tokens [from, to) are a literal, or literals compared, that is
 * true (1) or false (2) whatever runs around it; 0 when it may be anything:
 * numbers, strings, true, false, null, void N, "a" === "b" (strings without
 * escapes), each in parentheses or after "!".
 */
static int literal_truth(const struct parser *p, size_t from, size_t to)
{
	size_t nots = 0;
	int truth = 0;

	while (from < to && punct_at(p, from, "!"))
		from++, nots++;
	while (to - from >= 2 && punct_at(p, from, "(") && p->match[from] == to - 1)
		from++, to--;
	if (to == from + 1) {
		const struct js_token *t = tk_at(p, from);
		const char *s = p->src + t->off;
		size_t n = t->len, k = 0;
		int k_word = kw_at(p, from);

		if (k_word == K_TRUE) {
			truth = 1;
		} else if (k_word == K_FALSE || k_word == K_NULL) {
			truth = 2;
		} else if (t->kind == JT_STRING) {
			truth = n == 2 ? 2 : memchr(s, '\\', n) ? 0 : 1;
		} else if (t->kind == JT_NUMBER) {
			int zero = 1;

			if (n > 2 && s[0] == '0' && strchr("xXoObB", s[1]))
				k = 2;
			else if (memchr(s, 'e', n) || memchr(s, 'E', n))
				return 0; /* 1e-400 is 0 */
			for (; k < n; k++)
				if (s[k] != '0' && s[k] != '.' && s[k] != '_' && s[k] != 'n')
					zero = 0;
			truth = zero ? 2 : 1;
		}
	} else if (to == from + 2 && kw_at(p, from) == K_VOID && tk_at(p, from + 1)->kind == JT_NUMBER) {
		truth = 2;
	} else if (to == from + 3 && tk_at(p, from)->kind == JT_STRING && tk_at(p, from + 2)->kind == JT_STRING &&
		   (punct_at(p, from + 1, "===") || punct_at(p, from + 1, "==") || punct_at(p, from + 1, "!==") ||
		    punct_at(p, from + 1, "!="))) {
		const struct js_token *a = tk_at(p, from), *b = tk_at(p, from + 2);
		int same;

		if (memchr(p->src + a->off, '\\', a->len) || memchr(p->src + b->off, '\\', b->len))
			return 0;
		same = a->len == b->len && memcmp(p->src + a->off + 1, p->src + b->off + 1, a->len - 2) == 0;
		truth = same == (tk_at(p, from + 1)->len >= 2 && p->src[tk_at(p, from + 1)->off] == '=') ? 1 : 2;
	}
	if (truth && (nots & 1))
		truth = 3 - truth;
	return truth;
}

/*
 * An expression statement from `from` to `to` whose value is unused does
 * nothing when it is "L && ..." with L false or "L || ..." with L true
 * (prec: its lowest operator), L a literal_truth: 0 && (module.exports = ...).
 */
static int statement_is_dead(const struct parser *p, size_t from, size_t to, int prec)
{
	const char *op = prec == JS_P_AND ? "&&" : prec == JS_P_OR ? "||" : NULL;
	size_t i;

	if (!op)
		return 0;
	for (i = from; i < to && i < from + 8; i++) {
		const struct js_token *t = tk_at(p, i);

		if (t->kind == JT_TEMPLATE)
			return 0;
		if (punct_at(p, i, "(") || punct_at(p, i, "[") || punct_at(p, i, "{"))
			i = p->match[i];
		else if (punct_at(p, i, op))
			return i > from && literal_truth(p, from, i) == (prec == JS_P_AND ? 2 : 1);
	}
	return 0;
}

/* Tokens [from, to) are exactly "void 0" (any number). */
static int is_void_number(const struct parser *p, size_t from, size_t to)
{
	return to == from + 2 && kw_at(p, from) == K_VOID && tk_at(p, from + 1)->kind == JT_NUMBER;
}

/*
 * The conditional test ? x : y just read (test from `at`, "?" at q, ":" at
 * colon, y from alt to the current token): note the shorter forms it has.
 * x==null?void 0:x.y is x?.y when x is a plain name (not eval, not under
 * with) and y a chain on it that a "?." may start -- not inside "( )"
 * called or deleted, where x.y and a value differ.  Where the value is
 * unused (an expression statement decides), a?void 0:b is a||b and
 * a?b:void 0 is a&&b when no parentheses are needed.
 */
static void hint_conditional(struct parser *p, size_t at, struct ex *test, size_t q, const struct ex *x, size_t colon,
			     size_t alt, const struct ex *y)
{
	size_t k;

	if (q == at + 3 && tk_at(p, at)->kind == JT_IDENT && punct_at(p, at + 1, "==") && kw_at(p, at + 2) == K_NULL &&
	    is_void_number(p, q + 1, colon) && alt == colon + 1 && tk_at(p, alt)->kind == JT_IDENT &&
	    js_same_name(p, at, alt) && (p->kw[at] & ~K_ESCAPED) != K_EVAL && !p->in_with && y->prec == JS_P_LHS &&
	    (punct_at(p, alt + 1, ".") || punct_at(p, alt + 1, "[") || punct_at(p, alt + 1, "(")) &&
	    !(at > 0 && punct_at(p, at - 1, "(") && punct_at(p, p->i, ")") &&
	      (punct_at(p, p->i + 1, "(") || tk_at(p, p->i + 1)->kind == JT_TEMPLATE || kw_at(p, at - 2) == K_DELETE))) {
		for (k = alt; k < p->i; k++)
			if (tk_at(p, k)->kind == JT_TEMPLATE)
				break; /* a tagged template cannot be in an optional chain */
		if (k == p->i) {
			hint(p, at, JS_H_OPTIONAL_CHAIN);
			return;
		}
	}
	if (is_void_number(p, q + 1, colon) && test->prec >= JS_P_OR && y->prec >= JS_P_OR)
		test->cond_hint = JS_H_COND_OR;
	else if (is_void_number(p, colon + 1, p->i) && test->prec >= JS_P_AND && x->prec >= JS_P_AND)
		test->cond_hint = JS_H_COND_AND;
}

static int parse_assign(struct parser *p, unsigned fl, struct ex *e)
{
	size_t at = p->i;
	int arrow, rc;

	e->kind = EK_OTHER;
	e->flags = 0;
	e->prec = JS_P_ASSIGN;
	e->cond_hint = 0;
	e->tok = (uint32_t)p->i;
	e->qtok = 0;
	TRY(enter(p));
	if (is_kw(p, K_YIELD) && (p->ctx & C_GEN)) {
		rc = parse_yield(p);
		p->nest--;
		return rc;
	}
	if ((arrow = arrow_ahead(p)) != 0) {
		rc = parse_arrow(p, arrow == 2);
		p->nest--;
		return rc;
	}
	if ((is_p(p, "{") || is_p(p, "[")) && pattern_ahead(p, p->i, "=")) {
		TRY(parse_binding_target(p, 0));
		p->i++; /* = */
		rc = parse_assign(p, fl, e);
		e->kind = EK_OTHER;
		e->flags = 0;
		e->prec = JS_P_ASSIGN;
		e->qtok = 0;
		e->cond_hint = 0;
		p->nest--;
		return rc;
	}
	TRY(parse_binary(p, 1, fl, e));
	if (is_p(p, "?")) {
		struct ex x, y;
		size_t q = p->i, colon, alt;

		p->i++;
		TRY(parse_assign(p, 0, &x));
		colon = p->i;
		TRY(expect(p, ":"));
		alt = p->i;
		TRY(parse_assign(p, fl, &y));
		e->cond_hint = 0; /* what a conditional inside the test left */
		hint_conditional(p, at, e, q, &x, colon, alt, &y);
		e->kind = EK_OTHER;
		e->flags = 0;
		/* the precedence of what it will be written as */
		e->prec = p->tree && p->prog->hint[at] == JS_H_OPTIONAL_CHAIN ? JS_P_LHS : JS_P_ASSIGN;
		e->qtok = (uint32_t)q;
		e->ctok = (uint32_t)colon;
	} else if (is_assign_op(p)) {
		struct ex r;

		if (e->kind != EK_IDENT && e->kind != EK_MEMBER && e->kind != EK_PRIV_MEMBER)
			return js_fail_at(p, at, JD_EINPUT, "invalid assignment target");
		TRY(simple_target(p, e, at));
		p->i++;
		TRY(parse_assign(p, fl, &r));
		e->kind = EK_OTHER;
		e->flags = 0;
		e->prec = JS_P_ASSIGN;
		e->qtok = 0;
		e->cond_hint = 0;
	} else {
		e->qtok = 0; /* what a conditional in parentheses left */
		e->cond_hint = 0;
	}
	p->nest--;
	return 0;
}

static int parse_expression(struct parser *p, unsigned fl, struct ex *e)
{
	TRY(parse_assign(p, fl, e));
	while (is_p(p, ",")) {
		p->i++;
		TRY(parse_assign(p, fl, e));
		e->kind = EK_OTHER;
		e->flags = 0;
		e->prec = JS_P_COMMA;
		e->qtok = 0;
	}
	return 0;
}

/* ---- functions */

/*
 * Parameters "( ... )" at the current token (or one bare identifier for
 * `x => ...`), declared in the current (function) scope.  *simple is set
 * when the list is plain identifiers (no defaults, rest or patterns).
 */
static int parse_params(struct parser *p, int *simple, size_t *count)
{
	*simple = 1;
	*count = 0;
	if (!is_p(p, "("))
		return parse_binding_target(p, D_PARAM);
	p->i++;
	while (!is_p(p, ")")) {
		if (is_p(p, "...")) {
			p->i++;
			*simple = 0;
			TRY(parse_binding_target(p, D_PARAM));
			(*count)++;
			if (!is_p(p, ")"))
				return js_fail_at(p, p->i, JD_EINPUT, "a rest parameter must be last");
			break;
		}
		if (is_p(p, "{") || is_p(p, "["))
			*simple = 0;
		TRY(parse_binding_target(p, D_PARAM));
		if (is_p(p, "="))
			*simple = 0;
		TRY(parse_initializer(p));
		(*count)++;
		if (!is_p(p, ")"))
			TRY(expect(p, ","));
	}
	p->i++;
	return 0;
}

/* Strict mode rules for names bound before "use strict" was seen. */
static int recheck_strict_name(struct parser *p, size_t t)
{
	int k = p->kw[t] & ~K_ESCAPED;

	if (k == K_EVAL || k == K_ARGUMENTS)
		return ident_name_error(p, t, "cannot be bound in strict mode");
	if (is_strict_reserved(k))
		return ident_name_error(p, t, "is a reserved word in strict mode");
	return 0;
}

/*
 * Statements up to "}" or the end; directives first when `directives`
 * (*became_strict: one of them is "use strict").  Returns with p->i at the
 * "}".
 */
static int parse_statements(struct parser *p, int directives, int *became_strict, uint32_t list)
{
	int octal_seen = 0;
	uint32_t prev = 0;

	*became_strict = 0;
	while (directives && tk(p)->kind == JT_STRING) {
		const struct js_token *t = tk(p), *n = tk_at(p, p->i + 1);
		int octal;

		if (!(punct_at(p, p->i + 1, ";") || punct_at(p, p->i + 1, "}") || n->kind == JT_EOF ||
		      ((n->flags & JT_NL_BEFORE) &&
		       (n->kind == JT_STRING || n->kind == JT_NUMBER || punct_at(p, p->i + 1, "{") ||
			(n->kind == JT_IDENT && kw_at(p, p->i + 1) != K_IN && kw_at(p, p->i + 1) != K_INSTANCEOF)))))
			break;
		if (scan_escapes(p->src + t->off + 1, t->len - 2, &octal) < 0)
			return js_fail_at(p, p->i, JD_EINPUT, "invalid escape sequence in string");
		octal_seen |= octal;
		if (t->len == 12 && memcmp(p->src + t->off + 1, "use strict", 10) == 0) {
			/* set even when already strict: non-simple parameters forbid the directive itself */
			p->ctx |= C_STRICT;
			*became_strict = 1;
		}
		if ((p->ctx & C_STRICT) && octal_seen)
			return js_fail_at(p, p->i, JD_EINPUT, "octal escape sequences are not allowed in strict mode");
		TRY(parse_statement(p, 1));
		ST(p, p->last_stmt)->kind = JS_S_OTHER; /* a directive stays as it is */
		stmt_link(p, list, &prev);
	}
	while (!is_p(p, "}") && !at_eof(p)) {
		TRY(parse_statement(p, 1));
		stmt_link(p, list, &prev);
	}
	return 0;
}

/*
 * From the parameter list on: "(params) { body }" of a function or method
 * (fn: FN_*).  name_tok is the function's name token (0: none) for the
 * strict-mode recheck.
 */
static int parse_function_rest(struct parser *p, unsigned fn, size_t name_tok)
{
	struct body_context saved = body_context_save(p);
	size_t params_from = p->nparams, count, k, j, at = p->i;
	int simple, strict_now, rc = -1;
	uint32_t list;

	TRY(enter(p));
	p->ctx &= C_STRICT;
	p->ctx |= C_RETURN | C_NEW_TARGET;
	if (fn & FN_ASYNC)
		p->ctx |= C_ASYNC;
	if (fn & FN_GEN)
		p->ctx |= C_GEN;
	if (fn & (FN_METHOD | FN_CTOR))
		p->ctx |= C_SUPER_PROP;
	if ((fn & FN_CTOR) && (fn & FN_DERIVED))
		p->ctx |= C_SUPER_CALL;
	if (fn & FN_CLASS)
		p->ctx |= C_STRICT;
	p->label_base = p->nlabels;
	p->loops = p->breakables = 0;
	js_scope_push(p, S_PARAMS);
	if (!is_p(p, "(")) {
		unexpected(p);
		goto out;
	}
	p->ctx |= C_PARAMS;
	if (parse_params(p, &simple, &count) < 0)
		goto out;
	p->ctx &= ~(unsigned)C_PARAMS;
	if ((fn & FN_GETTER) && count != 0) {
		js_fail_at(p, at, JD_EINPUT, "a getter takes no parameters");
		goto out;
	}
	if ((fn & FN_SETTER) && (count != 1 || !simple) &&
	    !(count == 1 && !punct_at(p, at + 1, "..."))) {
		js_fail_at(p, at, JD_EINPUT, "a setter takes exactly one parameter");
		goto out;
	}
	list = stmt_open(p, JS_S_LIST);
	if (expect(p, "{") < 0)
		goto out;
	js_scope_push(p, S_BODY);
	if (parse_statements(p, 1, &strict_now, list) < 0)
		goto out;
	if (expect(p, "}") < 0)
		goto out;
	stmt_close(p, list);
	if (strict_now && !simple) {
		js_fail_at(p, at, JD_EINPUT, "\"use strict\" in a function with non-simple parameters");
		goto out;
	}
	if (strict_now) {
		if (name_tok && recheck_strict_name(p, name_tok) < 0)
			goto out;
		for (k = params_from; k < p->nparams; k++)
			if (recheck_strict_name(p, p->params[k]) < 0)
				goto out;
	}
	if ((p->ctx & C_STRICT) || !simple || (fn & (FN_ARROW | FN_METHOD | FN_CTOR)))
		for (k = params_from; k < p->nparams; k++)
			for (j = params_from; j < k; j++)
				if (js_same_name(p, p->params[j], p->params[k])) {
					js_fail_at(p, p->params[k], JD_EINPUT, "duplicate parameter name");
					goto out;
				}
	rc = 0;
out:
	body_context_restore(p, &saved);
	p->nparams = params_from;
	p->nest--;
	return rc;
}

static int parse_arrow(struct parser *p, int is_async)
{
	struct body_context saved = body_context_save(p);
	size_t params_from = p->nparams, count, k, j, at = p->i, open;
	int simple, strict_now = 0, rc = -1;

	if (is_async)
		p->i++;
	js_scope_push(p, S_PARAMS);
	/* parameters see the enclosing function's await/yield; their expressions may use neither */
	if (is_async)
		p->ctx |= C_ASYNC;
	p->ctx |= C_PARAMS;
	open = p->i;
	if (parse_params(p, &simple, &count) < 0)
		goto out;
	if (p->i == open + 3 && punct_at(p, open, "(") && tk_at(p, open + 1)->kind == JT_IDENT)
		hint(p, open, JS_H_ARROW_PARAM);
	p->ctx = saved.ctx;
	if (nl_before(p, p->i)) {
		js_fail_at(p, p->i, JD_EINPUT, "line break before '=>'");
		goto out;
	}
	p->i++; /* => */
	p->ctx &= ~(unsigned)(C_ASYNC | C_GEN | C_PARAMS | C_STATIC_BLOCK);
	if (is_async)
		p->ctx |= C_ASYNC;
	p->label_base = p->nlabels;
	p->loops = p->breakables = 0;
	if (is_p(p, "{")) {
		uint32_t list = stmt_open(p, JS_S_LIST);

		ST(p, list)->flags = JS_SF_ARROW;
		p->ctx |= C_RETURN;
		p->i++;
		js_scope_push(p, S_BODY);
		if (parse_statements(p, 1, &strict_now, list) < 0 || expect(p, "}") < 0)
			goto out;
		stmt_close(p, list);
	} else {
		struct ex e;

		if (parse_assign(p, 0, &e) < 0)
			goto out;
	}
	if (strict_now && !simple) {
		js_fail_at(p, at, JD_EINPUT, "\"use strict\" in a function with non-simple parameters");
		goto out;
	}
	if (strict_now)
		for (k = params_from; k < p->nparams; k++)
			if (recheck_strict_name(p, p->params[k]) < 0)
				goto out;
	for (k = params_from; k < p->nparams; k++) {
		if (is_async && (p->kw[p->params[k]] & ~K_ESCAPED) == K_AWAIT) {
			ident_name_error(p, p->params[k], "is a reserved word here");
			goto out;
		}
		for (j = params_from; j < k; j++)
			if (js_same_name(p, p->params[j], p->params[k])) {
				js_fail_at(p, p->params[k], JD_EINPUT, "duplicate parameter name");
				goto out;
			}
	}
	rc = 0;
out:
	body_context_restore(p, &saved);
	p->nparams = params_from;
	return rc;
}

/*
 * "function" [*] name? (params) { body } at the current token ("async" is
 * already consumed when is_async).  A declaration binds its name in the
 * current scope; an expression in a scope of its own.
 */
static int parse_function(struct parser *p, int is_decl, int is_async, int name_optional)
{
	unsigned fn = is_async ? FN_ASYNC : 0, saved_ctx = p->ctx;
	size_t name = 0;
	int rc;

	p->i++; /* function */
	if (is_p(p, "*")) {
		fn |= FN_GEN;
		p->i++;
	}
	if (!is_decl)
		js_scope_push(p, S_BLOCK); /* the name of a function expression is seen only inside */
	if (tk(p)->kind == JT_IDENT) {
		name = p->i;
		if (!is_decl) {
			/* a function expression's name follows its own async/generator kind */
			p->ctx &= ~(unsigned)(C_ASYNC | C_GEN | C_STATIC_BLOCK);
			p->ctx |= (fn & FN_ASYNC ? C_ASYNC : 0) | (fn & FN_GEN ? C_GEN : 0);
		}
		rc = check_ident(p, name, 1);
		p->ctx = saved_ctx;
		TRY(rc);
		if (is_decl) {
			int kind = D_FUNC_LEX;

			if (p->scopes[p->sc].kind == S_BODY || (p->scopes[p->sc].kind == S_TOP && !p->module))
				kind = D_FUNC_VAR;
			else if (p->scopes[p->sc].kind == S_TOP)
				kind = D_LEX;
			else if (fn)
				kind = D_FUNC_LEX_X;
			TRY(js_declare(p, name, kind));
		} else {
			TRY(js_declare(p, name, D_LEX));
		}
		p->i++;
	} else if (!(name_optional && (is_p(p, "(")))) {
		return unexpected(p);
	}
	rc = parse_function_rest(p, fn, name);
	if (!is_decl)
		js_scope_pop(p);
	return rc;
}

/* ---- classes */

static int declare_private(struct parser *p, size_t t, int kind, int is_static)
{
	struct class_ctx *c = &p->classes[p->nclasses - 1];
	size_t k;

	if (key_is(p, t, "#constructor") || (tk_at(p, t)->len == 12 && !memcmp(p->src + tk_at(p, t)->off, "#constructor", 12)))
		return js_fail_at(p, t, JD_EINPUT, "'#constructor' is not a valid private name");
	for (k = c->names_from; k < p->nprivs; k++) {
		struct private_name *n = &p->privs[k];

		if (!js_same_name(p, n->tok, t))
			continue;
		if (((n->kind == 2 && kind == 3) || (n->kind == 3 && kind == 2)) && n->is_static == is_static) {
			n->kind = 4;
			return 0;
		}
		return js_fail_at(p, t, JD_EINPUT, "duplicate private name");
	}
	ARRAY_GROW(p->privs, p->nprivs + 1, p->privs_cap);
	p->privs[p->nprivs].tok = (uint32_t)t;
	p->privs[p->nprivs].kind = (unsigned char)kind;
	p->privs[p->nprivs].is_static = (unsigned char)is_static;
	p->nprivs++;
	return 0;
}

/* A field initializer or static block: a function of its own without arguments. */
static int parse_class_code(struct parser *p, int block)
{
	struct body_context saved = body_context_save(p);
	int rc, strict_now;
	struct ex e;

	p->ctx = C_STRICT | C_NEW_TARGET | C_SUPER_PROP | C_NO_ARGS | (block ? C_STATIC_BLOCK : 0);
	p->label_base = p->nlabels;
	p->loops = p->breakables = 0;
	js_scope_push(p, S_BODY);
	if (block) {
		uint32_t list = stmt_open(p, JS_S_LIST);

		p->i++; /* { */
		rc = parse_statements(p, 0, &strict_now, list);
		if (rc == 0)
			rc = expect(p, "}");
		if (rc == 0)
			stmt_close(p, list);
	} else {
		rc = parse_assign(p, 0, &e);
	}
	body_context_restore(p, &saved);
	return rc;
}

static int parse_class_body(struct parser *p, int derived)
{
	int ctors = 0;

	TRY(expect(p, "{"));
	while (!is_p(p, "}")) {
		int is_static = 0;
		unsigned fn;
		size_t key;
		int computed, priv;

		if (is_p(p, ";")) {
			p->i++;
			continue;
		}
		if (is_kw(p, K_STATIC) && !punct_at(p, p->i + 1, "(") && !punct_at(p, p->i + 1, "=") &&
		    !punct_at(p, p->i + 1, ";") && !punct_at(p, p->i + 1, "}") &&
		    !(nl_before(p, p->i + 1) && !key_starts_at(p, p->i + 1) && !punct_at(p, p->i + 1, "{") &&
		      !punct_at(p, p->i + 1, "*"))) {
			is_static = 1;
			p->i++;
			if (is_p(p, "{")) {
				TRY(parse_class_code(p, 1));
				continue;
			}
		}
		TRY(parse_method_modifiers(p, &fn));
		key = p->i;
		computed = is_p(p, "[");
		priv = tk(p)->kind == JT_PRIVATE;
		if (priv)
			p->i++;
		else
			TRY(parse_property_key(p));
		if (is_p(p, "(")) {
			unsigned f = fn | FN_METHOD | FN_CLASS;

			if (!computed && !priv && !is_static && key_is(p, key, "constructor")) {
				if (fn)
					return js_fail_at(p, key, JD_EINPUT, "the class constructor cannot be special");
				if (++ctors > 1)
					return js_fail_at(p, key, JD_EINPUT, "a class has one constructor");
				f |= FN_CTOR | (derived ? FN_DERIVED : 0);
			}
			if (is_static && !computed && !priv && key_is(p, key, "prototype"))
				return js_fail_at(p, key, JD_EINPUT, "a static method cannot be called 'prototype'");
			if (priv)
				TRY(declare_private(p, key, fn & FN_GETTER ? 2 : fn & FN_SETTER ? 3 : 1, is_static));
			TRY(parse_function_rest(p, f, 0));
			continue;
		}
		if (fn)
			return unexpected(p);
		/* a field */
		if (!computed && !priv && (key_is(p, key, "constructor") ||
					   (is_static && key_is(p, key, "prototype"))))
			return js_fail_at(p, key, JD_EINPUT, "invalid field name");
		if (priv)
			TRY(declare_private(p, key, 1, is_static));
		if (is_p(p, "=")) {
			p->i++;
			TRY(parse_class_code(p, 0));
		}
		TRY(semicolon(p));
	}
	p->i++;
	return 0;
}

/* Resolve the class's private name references; unknown ones go to the enclosing class. */
static int close_class(struct parser *p)
{
	struct class_ctx *c = &p->classes[p->nclasses - 1];
	size_t k, j, keep = c->refs_from;

	for (k = c->refs_from; k < p->nprefs; k++) {
		int found = 0;

		for (j = c->names_from; j < p->nprivs && !found; j++)
			found = js_same_name(p, p->privs[j].tok, p->prefs[k]);
		if (found)
			continue;
		if (p->nclasses == 1)
			return js_fail_at(p, p->prefs[k], JD_EINPUT, "undeclared private name");
		p->prefs[keep++] = p->prefs[k];
	}
	p->nprefs = keep;
	p->nprivs = c->names_from;
	p->nclasses--;
	return 0;
}

static int parse_class(struct parser *p, int is_decl, int name_optional)
{
	unsigned saved_ctx = p->ctx;
	uint32_t saved_sc = p->sc;
	int derived = 0, rc;
	size_t name = 0;

	p->i++; /* class */
	p->ctx |= C_STRICT;
	if (tk(p)->kind == JT_IDENT && !is_kw(p, K_EXTENDS)) {
		if (check_ident(p, p->i, 1) < 0)
			return -1;
		if ((p->kw[p->i] & ~K_ESCAPED) == K_LET)
			return ident_name_error(p, p->i, "cannot be a class name");
		if (is_decl && js_declare(p, p->i, D_LEX) < 0)
			return -1;
		name = p->i++;
	} else if (!name_optional) {
		p->ctx = saved_ctx;
		return unexpected(p);
	}
	js_scope_push(p, S_CLASS);
	if (name && !is_decl && js_declare(p, name, D_LEX) < 0)
		return -1;
	ARRAY_GROW(p->classes, p->nclasses + 1, p->classes_cap);
	p->classes[p->nclasses].names_from = p->nprivs;
	p->classes[p->nclasses].refs_from = p->nprefs;
	p->nclasses++;
	rc = 0;
	if (is_kw(p, K_EXTENDS)) {
		struct ex e;

		p->i++;
		derived = 1;
		rc = parse_lhs(p, &e);
	}
	if (rc == 0)
		rc = parse_class_body(p, derived);
	if (rc == 0)
		rc = close_class(p);
	else
		p->nclasses--;
	p->sc = saved_sc;
	p->ctx = saved_ctx;
	return rc;
}

/* ---- statements */

/* A block; its statements go into the node `list` (a JS_S_BLOCK or JS_S_LIST). */
static int parse_block(struct parser *p, uint32_t list)
{
	int rc, strict_now;

	TRY(enter(p));
	js_scope_push(p, S_BLOCK);
	p->i++; /* { */
	rc = parse_statements(p, 0, &strict_now, list);
	if (rc == 0)
		rc = expect(p, "}");
	js_scope_pop(p);
	p->nest--;
	return rc;
}

/* let/const/var bindings; for_head: stop before in/of. Returns the number of bindings via *count. */
static int parse_declarations(struct parser *p, int kind, int is_const, int for_head, size_t *count,
			      int *has_init)
{
	*count = 0;
	*has_init = 0;
	p->i++; /* var / let / const */
	for (;;) {
		int pattern = is_p(p, "{") || is_p(p, "[");

		TRY(parse_binding_target(p, kind));
		(*count)++;
		if (is_p(p, "=")) {
			struct ex e;

			*has_init = 1;
			p->i++;
			TRY(parse_assign(p, for_head ? X_NO_IN : 0, &e));
		} else if (!for_head || !(is_kw(p, K_IN) || is_kw(p, K_OF))) {
			if (is_const)
				return js_fail_at(p, p->i, JD_EINPUT, "missing initializer in const declaration");
			if (pattern)
				return js_fail_at(p, p->i, JD_EINPUT, "missing initializer in destructuring declaration");
		}
		if (!is_p(p, ","))
			break;
		p->i++;
	}
	return 0;
}

/* `let` starts a declaration here (not the identifier let). */
static int let_declaration_ahead(const struct parser *p)
{
	const struct js_token *n = tk_at(p, p->i + 1);
	int k = kw_at(p, p->i + 1);

	if (!is_kw(p, K_LET))
		return 0;
	if (punct_at(p, p->i + 1, "[") || punct_at(p, p->i + 1, "{"))
		return 1;
	return n->kind == JT_IDENT && k != K_IN && k != K_INSTANCEOF && k != K_OF;
}

static int loop_body(struct parser *p)
{
	int rc;

	p->loops++;
	p->breakables++;
	rc = parse_statement(p, 0);
	p->loops--;
	p->breakables--;
	return rc;
}

static int parse_for(struct parser *p, uint32_t n)
{
	size_t at = p->i, count = 0;
	int is_await = 0, decl = 0, has_init = 0, rc;
	uint32_t saved_sc = p->sc;
	struct ex e;

	p->i++; /* for */
	if (is_kw(p, K_AWAIT)) {
		if (!(p->ctx & C_ASYNC))
			return js_fail_at(p, p->i, JD_EINPUT, "for await outside an async function");
		is_await = 1;
		p->i++;
	}
	TRY(expect(p, "("));
	js_scope_push(p, S_BLOCK);
	rc = -1;
	if (is_p(p, ";")) {
		/* no init */
	} else if (is_kw(p, K_VAR)) {
		if (parse_declarations(p, D_VAR, 0, 1, &count, &has_init) < 0)
			goto out;
		decl = 1;
	} else if ((is_kw(p, K_LET) && (let_declaration_ahead(p) ||
					(punct_at(p, p->i + 1, "[")))) ||
		   is_kw(p, K_CONST)) {
		if (parse_declarations(p, D_LEX, is_kw(p, K_CONST), 1, &count, &has_init) < 0)
			goto out;
		decl = 2;
	} else if ((is_p(p, "{") || is_p(p, "[")) && (pattern_ahead(p, p->i, "of") || pattern_ahead(p, p->i, "in"))) {
		if (parse_binding_target(p, 0) < 0)
			goto out;
		decl = 3;
	} else {
		size_t start = p->i;

		int starts_let = is_kw(p, K_LET);

		if (is_kw(p, K_ASYNC) && kw_at(p, p->i + 1) == K_OF && !is_await) {
			js_fail_at(p, p->i, JD_EINPUT, "'for (async of' is ambiguous");
			goto out;
		}
		if (parse_expression(p, X_NO_IN, &e) < 0)
			goto out;
		if (starts_let && is_kw(p, K_OF)) {
			js_fail_at(p, start, JD_EINPUT, "a for-of head cannot start with 'let'");
			goto out;
		}
		if (is_kw(p, K_OF) || is_kw(p, K_IN)) {
			if (e.kind != EK_IDENT && e.kind != EK_MEMBER && e.kind != EK_PRIV_MEMBER) {
				js_fail_at(p, start, JD_EINPUT, "invalid left-hand side in for loop");
				goto out;
			}
			if (simple_target(p, &e, start) < 0)
				goto out;
		}
	}
	if (is_kw(p, K_OF) || is_kw(p, K_IN)) {
		int of = is_kw(p, K_OF);

		if (decl && decl != 3 && count != 1) {
			js_fail_at(p, p->i, JD_EINPUT, "only one binding in a for-%s head", of ? "of" : "in");
			goto out;
		}
		if (has_init && (of || decl != 1 || (p->ctx & C_STRICT) ||
				 !(tk_at(p, at + 3 + is_await)->kind == JT_IDENT))) {
			js_fail_at(p, p->i, JD_EINPUT, "for-%s loop variable declaration may not have an initializer",
				of ? "of" : "in");
			goto out;
		}
		if (is_await && !of) {
			unexpected(p);
			goto out;
		}
		p->i++;
		if (of ? parse_assign(p, 0, &e) < 0 : parse_expression(p, 0, &e) < 0)
			goto out;
	} else {
		if (is_await) {
			unexpected(p);
			goto out;
		}
		if (decl == 2 && !has_init && count && kw_at(p, at + 2) == K_CONST) {
			js_fail_at(p, p->i, JD_EINPUT, "missing initializer in const declaration");
			goto out;
		}
		if (expect(p, ";") < 0)
			goto out;
		if (!is_p(p, ";") && parse_expression(p, 0, &e) < 0)
			goto out;
		if (expect(p, ";") < 0)
			goto out;
		if (!is_p(p, ")") && parse_expression(p, 0, &e) < 0)
			goto out;
	}
	if (expect(p, ")") < 0)
		goto out;
	ST(p, n)->kind = JS_S_LOOP;
	ST(p, n)->head_end = (uint32_t)(p->i - 1);
	rc = loop_body(p);
	ST(p, n)->body = p->last_stmt;
out:
	p->sc = saved_sc;
	return rc;
}

static int parse_jump(struct parser *p, int is_continue)
{
	size_t at = p->i;

	p->i++;
	if (tk(p)->kind == JT_IDENT && !nl_before(p, p->i) && !is_reserved(kw_at(p, p->i))) {
		size_t k;
		int found = 0;

		for (k = p->label_base; k < p->nlabels && !found; k++)
			if (js_same_name(p, p->labels[k].tok, p->i))
				found = is_continue ? (p->labels[k].loop ? 1 : -1) : 1;
		if (found <= 0)
			return js_fail_at(p, p->i, JD_EINPUT, found < 0 ? "continue to a label that is not a loop"
								     : "undefined label");
		p->i++;
	} else if (is_continue ? !p->loops : !p->breakables) {
		return js_fail_at(p, at, JD_EINPUT, is_continue ? "continue outside a loop" : "break outside a loop or switch");
	}
	return semicolon(p);
}

static int parse_switch(struct parser *p)
{
	struct ex e;
	int defaults = 0, rc = 0;
	uint32_t list, prev;

	p->i++;
	TRY(expect(p, "("));
	TRY(parse_expression(p, 0, &e));
	TRY(expect(p, ")"));
	TRY(expect(p, "{"));
	js_scope_push(p, S_BLOCK);
	p->breakables++;
	while (rc == 0 && !is_p(p, "}")) {
		if (is_kw(p, K_CASE)) {
			p->i++;
			rc = parse_expression(p, 0, &e);
		} else if (is_kw(p, K_DEFAULT)) {
			if (++defaults > 1)
				rc = js_fail_at(p, p->i, JD_EINPUT, "more than one default clause");
			p->i++;
		} else {
			rc = unexpected(p);
		}
		if (rc == 0)
			rc = expect(p, ":");
		list = stmt_open(p, JS_S_LIST);
		prev = 0;
		while (rc == 0 && !is_p(p, "}") && !is_kw(p, K_CASE) && !is_kw(p, K_DEFAULT) && !at_eof(p)) {
			rc = parse_statement(p, 1);
			if (rc == 0)
				stmt_link(p, list, &prev);
		}
	}
	p->breakables--;
	js_scope_pop(p);
	TRY(rc);
	p->i++;
	return 0;
}

static int parse_try(struct parser *p)
{
	int rc = 0, strict_now;

	p->i++;
	if (!is_p(p, "{"))
		return unexpected(p);
	TRY(parse_block(p, stmt_open(p, JS_S_LIST)));
	if (is_kw(p, K_CATCH)) {
		p->i++;
		js_scope_push(p, S_CATCH);
		if (is_p(p, "(")) {
			p->i++;
			rc = parse_binding_target(p, (is_p(p, "{") || is_p(p, "[")) ? D_CATCH_PAT : D_CATCH);
			if (rc == 0)
				rc = expect(p, ")");
		}
		if (rc == 0 && !is_p(p, "{"))
			rc = unexpected(p);
		if (rc == 0) {
			uint32_t list = stmt_open(p, JS_S_LIST);

			p->i++;
			rc = parse_statements(p, 0, &strict_now, list);
		}
		if (rc == 0)
			rc = expect(p, "}");
		js_scope_pop(p);
		TRY(rc);
		if (!is_kw(p, K_FINALLY))
			return 0;
	} else if (!is_kw(p, K_FINALLY)) {
		return unexpected(p);
	}
	p->i++;
	if (!is_p(p, "{"))
		return unexpected(p);
	return parse_block(p, stmt_open(p, JS_S_LIST));
}

static int parse_labelled(struct parser *p, size_t pending, int item)
{
	size_t k;
	int rc;

	TRY(check_ident(p, p->i, 0));
	for (k = p->label_base; k < p->nlabels; k++)
		if (js_same_name(p, p->labels[k].tok, p->i))
			return js_fail_at(p, p->i, JD_EINPUT, "duplicate label");
	ARRAY_GROW(p->labels, p->nlabels + 1, p->labels_cap);
	p->labels[p->nlabels].tok = (uint32_t)p->i;
	p->labels[p->nlabels].loop = 0;
	p->nlabels++;
	p->i += 2;
	if (is_kw(p, K_FUNCTION)) {
		if ((p->ctx & C_STRICT) || punct_at(p, p->i + 1, "*") || item != 1)
			return js_fail_at(p, p->i, JD_EINPUT, "a labelled function declaration");
		rc = parse_function(p, 1, 0, 0);
	} else {
		p->pending_labels = pending + 1;
		rc = parse_statement(p, item == 1 ? 3 : 0);
	}
	p->nlabels--;
	return rc;
}

/* import ... from "m" */
static int parse_module_specifier(struct parser *p)
{
	int octal;

	if (tk(p)->kind != JT_STRING)
		return unexpected(p);
	TRY(check_string(p, p->i, &octal));
	p->i++;
	if (is_kw(p, K_WITH) && !nl_before(p, p->i)) {
		struct ex e;

		p->i++;
		if (!is_p(p, "{"))
			return unexpected(p);
		TRY(parse_object(p, &e));
	}
	return semicolon(p);
}

/* An import or export name: an identifier name or a string (module export names). */
static int parse_export_name(struct parser *p)
{
	int octal;

	if (tk(p)->kind == JT_STRING) {
		TRY(check_string(p, p->i, &octal));
		p->i++;
		return 0;
	}
	if (tk(p)->kind != JT_IDENT)
		return unexpected(p);
	p->i++;
	return 0;
}

static int parse_import(struct parser *p)
{
	p->i++; /* import */
	if (tk(p)->kind == JT_STRING)
		return parse_module_specifier(p);
	if (tk(p)->kind == JT_IDENT && !is_p(p, "{")) {
		TRY(check_ident(p, p->i, 1));
		TRY(js_declare(p, p->i, D_LEX));
		p->i++;
		if (!is_p(p, ","))
			goto from;
		p->i++;
	}
	if (is_p(p, "*")) {
		p->i++;
		if (!is_kw(p, K_AS))
			return unexpected(p);
		p->i++;
		TRY(check_ident(p, p->i, 1));
		TRY(js_declare(p, p->i, D_LEX));
		p->i++;
	} else if (is_p(p, "{")) {
		p->i++;
		while (!is_p(p, "}")) {
			size_t name = p->i;

			TRY(parse_export_name(p));
			if (is_kw(p, K_AS)) {
				p->i++;
				name = p->i;
			} else if (tk_at(p, name)->kind == JT_STRING) {
				return unexpected(p);
			}
			TRY(check_ident(p, name, 1));
			TRY(js_declare(p, name, D_LEX));
			if (name == p->i - 1)
				p->tok_sh[name] = SH_IMPORT;
			if (name == p->i)
				p->i++;
			if (!is_p(p, "}"))
				TRY(expect(p, ","));
		}
		p->i++;
	} else {
		return unexpected(p);
	}
from:
	if (!is_kw(p, K_FROM))
		return unexpected(p);
	p->i++;
	return parse_module_specifier(p);
}

static int add_export(struct parser *p, size_t t)
{
	size_t k;

	for (k = 0; k < p->nexports; k++) {
		const struct js_token *a = tk_at(p, p->exports[k]), *b = tk_at(p, t);
		const char *as = p->src + a->off, *bs = p->src + b->off;
		size_t an = a->len, bn = b->len;

		if (a->kind == JT_STRING)
			as++, an -= 2;
		if (b->kind == JT_STRING)
			bs++, bn -= 2;
		if (an == bn && memcmp(as, bs, an) == 0)
			return js_fail_at(p, t, JD_EINPUT, "duplicate export '%.*s'", (int)(bn > 40 ? 40 : bn), bs);
	}
	ARRAY_GROW(p->exports, p->nexports + 1, p->exports_cap);
	p->exports[p->nexports++] = (uint32_t)t;
	if (p->tok_sym[t])
		p->syms[p->tok_sym[t]].keep = 1; /* exported: the name is the interface */
	return 0;
}

static int parse_export(struct parser *p)
{
	size_t at = p->i;
	struct ex e;

	p->i++; /* export */
	if (is_p(p, "*")) {
		p->i++;
		if (is_kw(p, K_AS)) {
			p->i++;
			TRY(add_export(p, p->i));
			TRY(parse_export_name(p));
		}
		if (!is_kw(p, K_FROM))
			return unexpected(p);
		p->i++;
		return parse_module_specifier(p);
	}
	if (is_p(p, "{")) {
		size_t locals_from = p->nexport_locals, k;
		int has_string_local = 0;

		p->i++;
		while (!is_p(p, "}")) {
			size_t local = p->i;

			TRY(parse_export_name(p));
			if (tk_at(p, local)->kind == JT_STRING)
				has_string_local = 1;
			if (is_kw(p, K_AS)) {
				p->i++;
				TRY(add_export(p, p->i));
				TRY(parse_export_name(p));
			} else {
				TRY(add_export(p, local));
			}
			ARRAY_GROW(p->export_locals, p->nexport_locals + 1, p->export_locals_cap);
			p->export_locals[p->nexport_locals++] = (uint32_t)local;
			if (!is_p(p, "}"))
				TRY(expect(p, ","));
		}
		p->i++;
		if (is_kw(p, K_FROM)) {
			p->nexport_locals = locals_from;
			p->i++;
			return parse_module_specifier(p);
		}
		if (has_string_local)
			return js_fail_at(p, at, JD_EINPUT, "a string cannot name a local binding");
		for (k = locals_from; k < p->nexport_locals; k++) {
			int kk = p->kw[p->export_locals[k]] & ~K_ESCAPED;

			if (is_reserved(kk) || is_strict_reserved(kk) || kk == K_AWAIT)
				return ident_name_error(p, p->export_locals[k], "cannot be exported as a local name");
		}
		return semicolon(p);
	}
	if (is_kw(p, K_DEFAULT)) {
		TRY(add_export(p, p->i));
		p->i++;
		if (is_kw(p, K_FUNCTION)) {
			size_t from = p->i;

			TRY(parse_function(p, 1, 0, 1));
			(void)from;
			return 0;
		}
		if (is_kw(p, K_ASYNC) && kw_at(p, p->i + 1) == K_FUNCTION && !nl_before(p, p->i + 1)) {
			p->i++;
			return parse_function(p, 1, 1, 1);
		}
		if (is_kw(p, K_CLASS))
			return parse_class(p, 1, 1);
		TRY(parse_assign(p, 0, &e));
		return semicolon(p);
	}
	{
		size_t from = p->i;

		if (is_kw(p, K_VAR) || is_kw(p, K_CONST) || let_declaration_ahead(p)) {
			int rc;

			p->exporting = 1;
			rc = parse_statement(p, 1);
			p->exporting = 0;
			return rc;
		}
		if (is_kw(p, K_FUNCTION)) {
			TRY(parse_function(p, 1, 0, 0));
			return add_export(p, from + 1 + punct_at(p, from + 1, "*"));
		}
		if (is_kw(p, K_ASYNC) && kw_at(p, p->i + 1) == K_FUNCTION && !nl_before(p, p->i + 1)) {
			p->i++;
			TRY(parse_function(p, 1, 1, 0));
			return add_export(p, from + 2 + punct_at(p, from + 2, "*"));
		}
		if (is_kw(p, K_CLASS)) {
			TRY(parse_class(p, 1, 0));
			return add_export(p, from + 1);
		}
	}
	return unexpected(p);
}

static int parse_if(struct parser *p, uint32_t n)
{
	struct ex e;

	p->i++;
	TRY(expect(p, "("));
	TRY(parse_expression(p, 0, &e));
	TRY(expect(p, ")"));
	ST(p, n)->kind = JS_S_IF;
	ST(p, n)->prec = e.prec;
	ST(p, n)->head_end = (uint32_t)(p->i - 1);
	if (p->tree) {
		int truth = literal_truth(p, ST(p, n)->first + 2, p->i - 1);

		if (truth)
			hint(p, ST(p, n)->first, truth == 1 ? JS_H_IF_TRUE : JS_H_IF_FALSE);
	}
	TRY(parse_statement(p, 2));
	ST(p, n)->body = p->last_stmt;
	if (is_kw(p, K_ELSE)) {
		p->i++;
		TRY(parse_statement(p, 2));
		ST(p, n)->alt = p->last_stmt;
	}
	return 0;
}

/*
 * One statement.  item: 1 a statement list item (declarations allowed),
 * 0 a sub-statement, 2 the body of an if (a sloppy-mode function
 * declaration is allowed there, Annex B).
 */
static int parse_statement_inner(struct parser *p, int item, size_t pending, uint32_t n)
{
	if (item == 3 && !is_kw(p, K_FUNCTION) && !(tk(p)->kind == JT_IDENT && punct_at(p, p->i + 1, ":")))
		item = 0;
	const struct js_token *t = tk(p);
	int k = kw_at(p, p->i);
	struct ex e;
	size_t count;
	int has_init;

	if (t->kind == JT_PUNCT) {
		if (is_p(p, "{")) {
			ST(p, n)->kind = JS_S_BLOCK;
			return parse_block(p, n);
		}
		if (is_p(p, ";")) {
			ST(p, n)->kind = JS_S_EMPTY;
			p->i++;
			return 0;
		}
	}
	if (t->kind == JT_IDENT) {
		switch (k) {
		case K_VAR:
			ST(p, n)->kind = JS_S_VAR;
			TRY(parse_declarations(p, D_VAR, 0, 0, &count, &has_init));
			return semicolon(p);
		case K_CONST:
			if (item != 1)
				return js_fail_at(p, p->i, JD_EINPUT, "a lexical declaration cannot be the body of a statement");
			ST(p, n)->kind = JS_S_CONST;
			TRY(parse_declarations(p, D_LEX, 1, 0, &count, &has_init));
			return semicolon(p);
		case K_LET:
			if (let_declaration_ahead(p) &&
			    (item == 1 || punct_at(p, p->i + 1, "[") ||
			     (!nl_before(p, p->i + 1)))) {
				if (item != 1)
					return js_fail_at(p, p->i, JD_EINPUT,
						       "a lexical declaration cannot be the body of a statement");
				ST(p, n)->kind = JS_S_LET;
				TRY(parse_declarations(p, D_LEX, 0, 0, &count, &has_init));
				return semicolon(p);
			}
			break;
		case K_FUNCTION:
			ST(p, n)->kind = JS_S_DECL;
			if (item == 3)
				item = 1;
			if (item == 0 || (item == 2 && ((p->ctx & C_STRICT) || punct_at(p, p->i + 1, "*"))))
				return js_fail_at(p, p->i, JD_EINPUT, "a function declaration cannot be the body of a statement");
			if (item == 2) {
				/* Annex B: as if in a block of its own */
				int rc;

				js_scope_push(p, S_BLOCK);
				rc = parse_function(p, 1, 0, 0);
				js_scope_pop(p);
				return rc;
			}
			return parse_function(p, 1, 0, 0);
		case K_ASYNC:
			if (kw_at(p, p->i + 1) == K_FUNCTION && !nl_before(p, p->i + 1)) {
				if (item != 1)
					return js_fail_at(p, p->i, JD_EINPUT,
						       "a function declaration cannot be the body of a statement");
				ST(p, n)->kind = JS_S_DECL;
				p->i++;
				return parse_function(p, 1, 1, 0);
			}
			break;
		case K_CLASS:
			if (item != 1)
				return js_fail_at(p, p->i, JD_EINPUT, "a class declaration cannot be the body of a statement");
			ST(p, n)->kind = JS_S_DECL;
			return parse_class(p, 1, 0);
		case K_IF:
			return parse_if(p, n);
		case K_FOR: {
			size_t k2, top = p->nlabels;

			for (k2 = top - pending; k2 < top; k2++)
				p->labels[k2].loop = 1;
			return parse_for(p, n);
		}
		case K_WHILE:
		case K_DO: {
			size_t k2, top = p->nlabels;

			for (k2 = top - pending; k2 < top; k2++)
				p->labels[k2].loop = 1;
			p->i++;
			if (k == K_DO) {
				TRY(loop_body(p));
				if (!is_kw(p, K_WHILE))
					return unexpected(p);
				p->i++;
			}
			TRY(expect(p, "("));
			TRY(parse_expression(p, 0, &e));
			TRY(expect(p, ")"));
			if (k == K_DO) {
				if (is_p(p, ";"))
					p->i++;
				return 0;
			}
			ST(p, n)->kind = JS_S_LOOP;
			ST(p, n)->head_end = (uint32_t)(p->i - 1);
			if (p->tree && literal_truth(p, ST(p, n)->first + 2, p->i - 1) == 1)
				hint(p, ST(p, n)->first, JS_H_WHILE_TRUE);
			TRY(loop_body(p));
			ST(p, n)->body = p->last_stmt;
			return 0;
		}
		case K_CONTINUE:
		case K_BREAK:
			ST(p, n)->kind = JS_S_JUMP;
			return parse_jump(p, k == K_CONTINUE);
		case K_RETURN:
			if (!(p->ctx & C_RETURN))
				return js_fail_at(p, p->i, JD_EINPUT, "return outside a function");
			p->i++;
			ST(p, n)->kind = JS_S_RETURN;
			if (!is_p(p, ";") && !is_p(p, "}") && !at_eof(p) && !nl_before(p, p->i)) {
				size_t value = p->i;

				TRY(parse_expression(p, 0, &e));
				ST(p, n)->prec = e.prec;
				if ((p->i == value + 1 && p->tok_lit[value] == LIT_UNDEFINED) ||
				    (p->i == value + 2 && kw_at(p, value) == K_VOID && tk_at(p, value + 1)->kind == JT_NUMBER))
					hint(p, value, JS_H_VOID_VALUE);
			}
			return semicolon(p);
		case K_WITH:
			if (p->ctx & C_STRICT)
				return js_fail_at(p, p->i, JD_EINPUT, "with in strict mode");
			p->scopes[p->sc].eval = 1; /* names inside may be the object's properties */
			p->i++;
			TRY(expect(p, "("));
			TRY(parse_expression(p, 0, &e));
			TRY(expect(p, ")"));
			{
				int rc;

				p->in_with++;
				rc = parse_statement(p, 0);
				p->in_with--;
				return rc;
			}
		case K_SWITCH:
			return parse_switch(p);
		case K_THROW:
			p->i++;
			if (nl_before(p, p->i))
				return js_fail_at(p, p->i, JD_EINPUT, "line break after throw");
			TRY(parse_expression(p, 0, &e));
			ST(p, n)->kind = JS_S_THROW;
			ST(p, n)->prec = e.prec;
			return semicolon(p);
		case K_TRY:
			return parse_try(p);
		case K_DEBUGGER:
			p->i++;
			return semicolon(p);
		case K_IMPORT:
			if (punct_at(p, p->i + 1, "(") || punct_at(p, p->i + 1, "."))
				break;
			if (!p->module || p->sc != 0 || item != 1)
				return js_fail_at(p, p->i, JD_EINPUT, "import declaration outside a module's top level");
			return parse_import(p);
		case K_EXPORT:
			if (!p->module || p->sc != 0 || item != 1)
				return js_fail_at(p, p->i, JD_EINPUT, "export declaration outside a module's top level");
			return parse_export(p);
		case K_ENUM:
			return ident_name_error(p, p->i, "is a reserved word");
		default:
			break;
		}
		if (punct_at(p, p->i + 1, ":") && !is_reserved(k) && !(p->kw[p->i] & K_ESCAPED && is_reserved(p->kw[p->i] & ~K_ESCAPED)))
			return parse_labelled(p, pending, item == 3 ? 1 : item);
	}
	TRY(parse_expression(p, 0, &e));
	ST(p, n)->kind = JS_S_EXPR;
	ST(p, n)->prec = e.prec;
	if (p->tree && statement_is_dead(p, ST(p, n)->first, p->i, e.prec))
		hint(p, ST(p, n)->first, JS_H_DEAD);
	if (e.qtok && e.cond_hint) {
		hint(p, e.qtok, e.cond_hint);
		if (e.cond_hint == JS_H_COND_AND)
			hint(p, e.ctok, JS_H_COND_AND_END);
		ST(p, n)->prec = e.cond_hint == JS_H_COND_AND ? JS_P_AND : JS_P_OR;
	}
	return semicolon(p);
}

static int parse_statement(struct parser *p, int item)
{
	size_t pending = p->pending_labels;
	uint32_t n;
	int rc;

	p->pending_labels = 0;
	TRY(enter(p));
	n = stmt_open(p, JS_S_OTHER);
	rc = parse_statement_inner(p, item, pending, n);
	if (rc == 0 && n)
		stmt_close(p, n);
	p->last_stmt = n;
	p->nest--;
	return rc;
}

/* ---- program */

static int parse_program(struct parser *p)
{
	int strict_now;
	size_t k;

	js_scope_push(p, S_TOP);
	p->sc = 0;
	if (p->module)
		p->ctx = C_STRICT | C_ASYNC;
	TRY(parse_statements(p, !p->module, &strict_now, stmt_open(p, JS_S_LIST)));
	if (!at_eof(p))
		return unexpected(p);
	for (k = 0; k < p->nexport_locals; k++) {
		size_t t = p->export_locals[k];
		struct decl *e = js_decl_slot(p, 0, t, js_name_hash(p, t));

		if (!e->tok)
			return js_fail_at(p, t, JD_EINPUT, "export of an undeclared name");
		p->syms[e->sym].keep = 1;
	}
	return 0;
}

static void parser_free(struct parser *p)
{
	free(p->scopes);
	free(p->decls);
	free(p->labels);
	free(p->params);
	free(p->classes);
	free(p->privs);
	free(p->prefs);
	free(p->exports);
	free(p->export_locals);
	buf_release(&p->names);
	free(p->syms);
	free(p->tok_sym);
	free(p->tok_sh);
	free(p->tok_lit);
	free(p->refs);
}

/* HTML-like comments ("<!--", "-->") exist only in scripts. */
static int check_module_comments(const struct js_program *prog, const char *file, struct diag *d)
{
	size_t k;

	for (k = 0; k < prog->ntok; k++) {
		const struct js_token *t = &prog->tok[k];

		if (t->kind == JT_COMMENT && prog->lx.src[t->off] != '/')
			return js_error_at(prog->lx.src, prog->lx.len, t->off, d, file, JD_EINPUT,
					   "HTML-like comments are not allowed in modules");
	}
	return JD_OK;
}

/* Run the parser over the tokens for one goal. */
static int run_parser(struct js_program *prog, uint32_t *sig, uint32_t *match, unsigned char *kw, size_t nsig,
		      int module, unsigned flags, const char *file, struct diag *d)
{
	struct parser p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.src = prog->lx.src;
	p.len = prog->lx.len;
	p.file = file;
	p.d = d;
	p.tok = prog->tok;
	p.sig = sig;
	p.match = match;
	p.kw = kw;
	p.nsig = nsig;
	p.module = module;
	p.prog = prog;
	p.tree = (flags & JS_PARSE_TREE) != 0;
	prog->nstmt = 0;
	ARRAY_GROW(prog->stmt, 1, prog->stmt_cap);
	memset(&prog->stmt[0], 0, sizeof(prog->stmt[0]));
	prog->nstmt = 1; /* node 0: none */
	free(prog->hint);
	prog->hint = p.tree ? xcalloc(nsig, 1) : NULL;
	buf_init(&p.names, BUF_MAX_DEFAULT);
	p.tok_sym = xcalloc(nsig, sizeof(*p.tok_sym));
	p.tok_sh = xcalloc(nsig, 1);
	p.tok_lit = xcalloc(nsig, 1);
	js_new_symbol(&p, 0, 0); /* symbol 0: none */
	rc = parse_program(&p);
	if (rc < 0 && !p.failed)
		unexpected(&p);
	rc = rc < 0 ? (d && d->code ? (int)d->code : JD_EINPUT) : JD_OK;
	if (rc == JD_OK && p.tree)
		js_check_undefined_hints(&p);
	if (rc == JD_OK && (flags & JS_PARSE_RENAME))
		js_assign_names(&p, prog);
	parser_free(&p);
	return rc;
}

int js_parse(const char *src, size_t len, enum js_goal goal, unsigned flags, struct js_program *prog,
	     const char *file, struct diag *d)
{
	uint32_t *sig = NULL, *match = NULL, *stack = NULL;
	unsigned char *kw = NULL;
	size_t nsig = 0, sig_cap = 0, depth = 0, stack_cap = 0;
	struct buf name;
	struct diag local;
	int rc;

	if (!d)
		d = &local;
	diag_clear(d);
	memset(prog, 0, sizeof(*prog));
	if (len >= UINT32_MAX)
		return diag_set(d, JD_ELIMIT, file, "JavaScript over 4 GiB");
	buf_init(&prog->names, BUF_MAX_DEFAULT);
	js_lexer_init(&prog->lx, src, len);
	buf_init(&name, BUF_MAX_DEFAULT);
	/* room for about one token per 3 bytes up front: growing by copies was a tenth of the time */
	ARRAY_GROW(prog->tok, len / 3 + 64, prog->cap);
	ARRAY_GROW(sig, len / 3 + 64, sig_cap);
	match = xreallocarray(match, sig_cap, sizeof(*match));
	kw = xreallocarray(kw, sig_cap, 1);
	for (;;) {
		struct js_token *t;

		ARRAY_GROW(prog->tok, prog->ntok + 1, prog->cap);
		t = &prog->tok[prog->ntok];
		if ((rc = js_lex_next(&prog->lx, t, d, file)) != JD_OK)
			goto out;
		if (prog->ntok >= UINT32_MAX - 1) {
			rc = js_error_at(src, len, t->off, d, file, JD_ELIMIT, "too many tokens");
			goto out;
		}
		prog->ntok++;
		if (t->kind == JT_COMMENT || t->kind == JT_BLOCK_COMMENT || t->kind == JT_HASHBANG)
			continue;
		if (nsig + 1 > sig_cap) {
			ARRAY_GROW(sig, nsig + 1, sig_cap);
			match = xreallocarray(match, sig_cap, sizeof(*match));
			kw = xreallocarray(kw, sig_cap, 1);
		}
		sig[nsig] = (uint32_t)(prog->ntok - 1);
		match[nsig] = (uint32_t)nsig;
		kw[nsig] = K_NONE;
		if (t->kind == JT_IDENT && !(t->flags & JT_PROPNAME)) {
			const char *s = src + t->off;

			if (memchr(s, '\\', t->len)) {
				buf_truncate(&name, 0);
				kw[nsig] = K_ESCAPED;
				if (decode_ident(s, t->len, &name) == 0)
					kw[nsig] |= (unsigned char)js_kw_lookup(name.data, name.len);
			} else {
				kw[nsig] = (unsigned char)js_kw_lookup(s, t->len);
			}
		}
		if (t->kind == JT_PUNCT && t->len == 1) {
			char c = src[t->off];

			if (c == '(' || c == '[' || c == '{') {
				ARRAY_GROW(stack, depth + 1, stack_cap);
				stack[depth++] = (uint32_t)nsig;
			} else if ((c == ')' || c == ']' || c == '}') && depth) {
				match[stack[--depth]] = (uint32_t)nsig;
			}
		}
		nsig++;
		if (t->kind == JT_EOF)
			break;
	}
	if (goal != JS_GOAL_MODULE) {
		rc = run_parser(prog, sig, match, kw, nsig, 0, flags, file, d);
		if (rc == JD_OK || goal == JS_GOAL_SCRIPT || rc == JD_ELIMIT)
			goto out;
		{
			struct diag script_err = *d;

			rc = run_parser(prog, sig, match, kw, nsig, 1, flags, file, d);
			if (rc == JD_OK)
				prog->module = 1;
			else if (script_err.offset >= d->offset)
				*d = script_err, rc = script_err.code;
		}
	} else {
		rc = run_parser(prog, sig, match, kw, nsig, 1, flags, file, d);
		prog->module = 1;
	}
	if (rc == JD_OK && prog->module)
		rc = check_module_comments(prog, file, d);
out:
	if (rc == JD_OK && (flags & JS_PARSE_TREE)) {
		prog->sig = sig, prog->nsig = nsig;
		sig = NULL;
	}
	free(sig);
	free(match);
	free(kw);
	free(stack);
	buf_release(&name);
	return rc;
}

void js_program_free(struct js_program *prog)
{
	js_lexer_free(&prog->lx);
	free(prog->tok);
	free(prog->rename);
	free(prog->sig);
	free(prog->hint);
	free(prog->stmt);
	buf_release(&prog->names);
	memset(prog, 0, sizeof(*prog)); /* freeing twice is harmless */
}
