/*
 * js_lexer.c - ECMAScript 2024 tokenizer (see js_lexer.h for the contract).
 *
 * How the two context questions are answered without a parser:
 *
 * A "/" starts a regular expression when the previous significant token
 * cannot end an expression: any punctuator except ")" "]" "}" "++" "--",
 * an operator keyword (return typeof instanceof in new delete void throw
 * case do else yield await extends, and "of" inside a for head), or
 * nothing.  After ")" it is a regex only when the parenthesis held the
 * head of if/for/while/with (a statement follows); after "}" only when
 * the brace opened a block, a function or class declaration body or an
 * arrow body (an object literal or a function expression ends an
 * expression, so "/" divides).
 *
 * Every "(" "[" "{" "${" pushes a struct js_bracket saying what it is.  A
 * "{" is classified from the token before it: after "=>" an arrow body,
 * after ")" ";" "{" "}" or a statement keyword a block, after a ":" that is
 * a label or case (no "?" open at this level and not inside an object) a
 * block, otherwise an object literal.  "function" and "class" leave a
 * pending mark on their level that the next "{" there consumes, declaration
 * or expression depending on whether the keyword stood where a statement
 * starts (after ";" "{" "}" of a block, the ")" of a control head, else,
 * do, a label, or a line break that ends an expression).
 *
 * The heuristics are those of tokenizers that run ahead of a parser (and
 * of the "read" algorithm of sweet.js); the minifier's round-trip test
 * checks them against acorn on real libraries and test262's parser tests.
 *
 * Limits: bracket nesting is capped at JS_MAX_DEPTH (JD_ELIMIT); the stack
 * grows only as brackets open, so memory is bounded by the input.
 */
#include "minify/js_lexer.h"

#include "lib/util.h"

int js_is_ident_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '$' || c >= 0x80 || c == '\\';
}

/*
 * Length of a non-ASCII white space or line terminator at s (0 if none).
 * *lt is set for U+2028/U+2029.
 */
static size_t uspace(const unsigned char *s, size_t n, int *lt)
{
	*lt = 0;
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2; /* U+00A0 */
	if (n < 3)
		return 0;
	if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 3; /* U+FEFF */
	if (s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80)
		return 3; /* U+1680 */
	if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3; /* U+3000 */
	if (s[0] == 0xE2 && s[1] == 0x80) {
		if (s[2] >= 0x80 && s[2] <= 0x8A)
			return 3; /* U+2000..U+200A */
		if (s[2] == 0xA8 || s[2] == 0xA9) {
			*lt = 1;  /* U+2028, U+2029 */
			return 3;
		}
		if (s[2] == 0xAF)
			return 3; /* U+202F */
	}
	if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
		return 3; /* U+205F */
	return 0;
}

static int is_lt_at(const unsigned char *s, size_t n)
{
	int lt;

	if (n && (s[0] == '\n' || s[0] == '\r'))
		return 1;
	return n && s[0] >= 0x80 && uspace(s, n, &lt) && lt;
}

void js_lexer_init(struct js_lexer *lx, const char *src, size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->src = src;
	lx->len = len;
	lx->line_start = 1;
	ARRAY_GROW(lx->stack, 1, lx->cap);
	memset(&lx->stack[0], 0, sizeof(lx->stack[0]));
	lx->stack[0].kind = JB_TOP;
	lx->depth = 1;
	lx->prev.kind = JT_EOF;
	lx->prev2.kind = JT_EOF;
}

void js_lexer_free(struct js_lexer *lx)
{
	free(lx->stack);
	lx->stack = NULL;
	lx->depth = lx->cap = 0;
}

int js_error_at(const char *src, size_t len, size_t off, struct diag *d, const char *file, int code,
		const char *msg)
{
	const unsigned char *s = (const unsigned char *)src;
	long line = 1, col = 1;
	size_t i;

	for (i = 0; i < off && i < len; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < len && s[i + 1] == '\n')) ||
		    (s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))) {
			if (s[i] == 0xE2)
				i += 2;
			line++;
			col = 1;
		} else if ((s[i] & 0xC0) != 0x80 && s[i] != '\r') {
			col++;
		}
	}
	if (d) {
		diag_at(d, code, file, line, col, "%s", msg);
		d->offset = (long long)off;
	}
	return code;
}

static int err_at(struct js_lexer *lx, struct diag *d, const char *file, size_t off, int code,
		  const char *msg)
{
	return js_error_at(lx->src, lx->len, off, d, file, code, msg);
}

int js_tok_is(const struct js_lexer *lx, const struct js_token *t, const char *kw)
{
	size_t n = strlen(kw);

	return t->kind == JT_IDENT && !(t->flags & JT_PROPNAME) && t->len == n &&
	       memcmp(lx->src + t->off, kw, n) == 0;
}

/* Asked more than anything else by the parser: no strlen, no memcmp call. */
int js_tok_punct(const struct js_lexer *lx, const struct js_token *t, const char *p)
{
	const char *q = lx->src + t->off;
	size_t k;

	if (t->kind != JT_PUNCT || q[0] != p[0])
		return 0;
	for (k = 1; k < t->len; k++)
		if (q[k] != p[k])
			return 0;
	return p[k] == 0;
}

/* Keywords after which an expression (so a regex or an object literal) follows. */
static int is_operand_keyword(const struct js_lexer *lx, const struct js_token *t)
{
	static const char *const kw[] = { "return", "typeof", "instanceof", "in",    "new",
					  "delete", "void",   "throw",      "case",  "do",
					  "else",   "yield",  "await",      "extends", "default" };
	size_t i;

	if (t->kind != JT_IDENT || (t->flags & JT_PROPNAME))
		return 0;
	/* "of" is a keyword only in a for head: "for (x of /re/.exec(s))" */
	if (js_tok_is(lx, t, "of") && lx->stack[lx->depth - 1].kind == JB_CTRL)
		return 1;
	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (js_tok_is(lx, t, kw[i]))
			return 1;
	return 0;
}

/* The token ends an expression (so a line break after it may end a statement). */
static int ends_expression(const struct js_lexer *lx, const struct js_token *t)
{
	switch (t->kind) {
	case JT_IDENT:
		return !is_operand_keyword(lx, t);
	case JT_NUMBER:
	case JT_STRING:
	case JT_REGEX:
	case JT_PRIVATE:
		return 1;
	case JT_TEMPLATE:
		return !(t->flags & JT_TPL_OPEN);
	case JT_PUNCT:
		return js_tok_punct(lx, t, ")") || js_tok_punct(lx, t, "]") || js_tok_punct(lx, t, "}") ||
		       js_tok_punct(lx, t, "++") || js_tok_punct(lx, t, "--");
	case JT_EOF:
	case JT_COMMENT:
	case JT_BLOCK_COMMENT:
	case JT_HASHBANG:
		return 0;
	}
	return 0;
}

static int closes_statement_brace(unsigned bkind)
{
	return bkind == JB_BLOCK || bkind == JB_FUNC_DECL || bkind == JB_CLASS_DECL || bkind == JB_ARROW;
}

static int regex_allowed(const struct js_lexer *lx)
{
	const struct js_token *p = &lx->prev;

	switch (p->kind) {
	case JT_EOF:
		return 1;
	case JT_IDENT:
		return is_operand_keyword(lx, p);
	case JT_TEMPLATE:
		return (p->flags & JT_TPL_OPEN) != 0;
	case JT_PUNCT:
		if (js_tok_punct(lx, p, ")"))
			return p->bkind == JB_CTRL || p->bkind == JB_WHILE;
		if (js_tok_punct(lx, p, "}"))
			return closes_statement_brace(p->bkind);
		return !(js_tok_punct(lx, p, "]") || js_tok_punct(lx, p, "++") || js_tok_punct(lx, p, "--"));
	case JT_NUMBER:
	case JT_STRING:
	case JT_REGEX:
	case JT_PRIVATE:
	case JT_COMMENT:
	case JT_BLOCK_COMMENT:
	case JT_HASHBANG:
		return 0;
	}
	return 0;
}

/* Does a statement start at the token after `p` (p followed by a line break if nl)? */
static int statement_starts_after(const struct js_lexer *lx, const struct js_token *p)
{
	int nl = (lx->nl != 0);

	if (p->kind == JT_EOF)
		return 1;
	if (p->kind == JT_PUNCT) {
		if (js_tok_punct(lx, p, ";"))
			return 1;
		if (js_tok_punct(lx, p, "{"))
			return p->bkind == JB_BLOCK || p->bkind == JB_FUNC_DECL || p->bkind == JB_FUNC_EXPR ||
			       p->bkind == JB_ARROW;
		if (js_tok_punct(lx, p, "}") && closes_statement_brace(p->bkind) && p->bkind != JB_ARROW)
			return 1;
		if (js_tok_punct(lx, p, ")") && (p->bkind == JB_CTRL || p->bkind == JB_WHILE))
			return 1;
		if (js_tok_punct(lx, p, ":"))
			return (p->flags & JT_STMT_COLON) != 0;
		return nl && ends_expression(lx, p);
	}
	if (js_tok_is(lx, p, "else") || js_tok_is(lx, p, "do") || js_tok_is(lx, p, "default") ||
	    js_tok_is(lx, p, "export"))
		return 1;
	return nl && ends_expression(lx, p);
}

static unsigned brace_kind(struct js_lexer *lx)
{
	struct js_bracket *top = &lx->stack[lx->depth - 1];
	const struct js_token *p = &lx->prev;

	if (top->pending && !js_tok_is(lx, p, "extends")) {
		unsigned k = top->pending;

		top->pending = 0;
		return k;
	}
	switch (p->kind) {
	case JT_EOF:
		return JB_BLOCK;
	case JT_PUNCT:
		if (js_tok_punct(lx, p, "=>"))
			return JB_ARROW;
		/* after a postfix "++": "a++\n{}" is a block ("++{" never parses) */
		if (js_tok_punct(lx, p, ")") || js_tok_punct(lx, p, ";") || js_tok_punct(lx, p, "{") ||
		    js_tok_punct(lx, p, "}") || js_tok_punct(lx, p, "]") || js_tok_punct(lx, p, "++") || js_tok_punct(lx, p, "--"))
			return JB_BLOCK;
		if (js_tok_punct(lx, p, ":"))
			return (p->flags & JT_STMT_COLON) ? JB_BLOCK : JB_OBJECT;
		return JB_OBJECT;
	case JT_IDENT:
		if (lx->nl)
			return JB_BLOCK;
		if (is_operand_keyword(lx, p) && !js_tok_is(lx, p, "else") && !js_tok_is(lx, p, "do"))
			return JB_OBJECT;
		if (js_tok_is(lx, p, "of"))
			return JB_OBJECT;
		return JB_BLOCK;
	case JT_TEMPLATE:
		return (p->flags & JT_TPL_OPEN) ? JB_OBJECT : JB_BLOCK;
	case JT_NUMBER:
	case JT_STRING:
	case JT_REGEX:
	case JT_PRIVATE:
	case JT_COMMENT:
	case JT_BLOCK_COMMENT:
	case JT_HASHBANG:
		return JB_BLOCK;
	}
	return JB_BLOCK;
}

static size_t punct_len(const char *s, size_t n)
{
#define P(lit) \
	if (n >= sizeof(lit) - 1 && memcmp(s, lit, sizeof(lit) - 1) == 0) \
		return sizeof(lit) - 1
	switch (s[0]) {
	case '>':
		P(">>>="); P(">>>"); P(">>="); P(">>"); P(">=");
		return 1;
	case '<':
		P("<<="); P("<<"); P("<=");
		return 1;
	case '=':
		P("==="); P("=="); P("=>");
		return 1;
	case '!':
		P("!=="); P("!=");
		return 1;
	case '*':
		P("**="); P("**"); P("*=");
		return 1;
	case '&':
		P("&&="); P("&&"); P("&=");
		return 1;
	case '|':
		P("||="); P("||"); P("|=");
		return 1;
	case '?':
		P("?\?="); P("??");
		if (n >= 2 && s[1] == '.' && !(n >= 3 && s[2] >= '0' && s[2] <= '9'))
			return 2;
		return 1;
	case '.':
		P("...");
		return 1;
	case '+':
		P("++"); P("+=");
		return 1;
	case '-':
		P("--"); P("-=");
		return 1;
	case '%':
		P("%=");
		return 1;
	case '^':
		P("^=");
		return 1;
	case '/':
		P("/=");
		return 1;
	case '{': case '}': case '(': case ')': case '[': case ']': case ';': case ',': case '~':
	case ':':
		return 1;
	default:
		return 0;
	}
#undef P
}

/* Scan an identifier (or private name body) from i; returns the end, or 0 on a bad escape. */
static size_t scan_ident(const struct js_lexer *lx, size_t i)
{
	const unsigned char *s = (const unsigned char *)lx->src;
	size_t n = lx->len;
	int lt;

	while (i < n) {
		unsigned char c = s[i];

		if (c == '\\') {
			if (i + 1 >= n || s[i + 1] != 'u')
				return 0;
			i += 2;
			if (i < n && s[i] == '{') {
				while (i < n && s[i] != '}')
					i++;
				if (i >= n)
					return 0;
				i++;
			} else {
				if (i + 4 > n)
					return 0;
				i += 4;
			}
			continue;
		}
		if (c >= 0x80) {
			if (uspace(s + i, n - i, &lt))
				break;
			i++;
			continue;
		}
		if (!js_is_ident_byte(c))
			break;
		i++;
	}
	return i;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_hex_or_sep(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '_';
}

static size_t scan_number(const struct js_lexer *lx, size_t i)
{
	const unsigned char *s = (const unsigned char *)lx->src;
	size_t n = lx->len;

	if (s[i] == '0' && i + 1 < n && strchr("xXoObB", s[i + 1]) && s[i + 1]) {
		i += 2;
		while (i < n && is_hex_or_sep(s[i]))
			i++;
	} else {
		size_t first = i;
		int legacy_octal = s[i] == '0';

		while (i < n && (is_digit(s[i]) || s[i] == '_')) {
			if (s[i] > '7' || s[i] == '_')
				legacy_octal = 0;
			i++;
		}
		if (legacy_octal && i - first > 1)
			return i; /* 017: no fraction, no exponent, no BigInt */
		if (i < n && s[i] == '.') {
			i++;
			while (i < n && (is_digit(s[i]) || s[i] == '_'))
				i++;
		}
		if (i < n && (s[i] == 'e' || s[i] == 'E')) {
			size_t j = i + 1;

			if (j < n && (s[j] == '+' || s[j] == '-'))
				j++;
			if (j < n && is_digit(s[j])) {
				i = j;
				while (i < n && (is_digit(s[i]) || s[i] == '_'))
					i++;
			}
		}
	}
	if (i < n && s[i] == 'n')
		i++;
	return i;
}

/* Scan template characters from i (after "`" or "}"); sets *open when it ends with "${". */
static size_t scan_template(const struct js_lexer *lx, size_t i, int *open)
{
	const char *s = lx->src;
	size_t n = lx->len;

	*open = 0;
	while (i < n) {
		if (s[i] == '\\') {
			i += 2;
			continue;
		}
		if (s[i] == '`')
			return i + 1;
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
			*open = 1;
			return i + 2;
		}
		i++;
	}
	return 0;
}

static int push(struct js_lexer *lx, unsigned char ch, unsigned kind, struct diag *d, const char *file,
		size_t off)
{
	struct js_bracket *b;

	if (lx->depth >= JS_MAX_DEPTH)
		return err_at(lx, d, file, off, JD_ELIMIT, "brackets nest too deeply");
	ARRAY_GROW(lx->stack, lx->depth + 1, lx->cap);
	b = &lx->stack[lx->depth++];
	b->ch = ch;
	b->kind = (unsigned char)kind;
	b->pending = 0;
	b->ternary = 0;
	return JD_OK;
}

/* Skip white space and line terminators, noting line breaks. */
static void skip_space(struct js_lexer *lx)
{
	const unsigned char *s = (const unsigned char *)lx->src;
	size_t n = lx->len;
	int lt;

	while (lx->pos < n) {
		unsigned char c = s[lx->pos];
		size_t k;

		if (c == ' ' || c == '\t' || c == '\v' || c == '\f') {
			lx->pos++;
		} else if (c == '\n' || c == '\r') {
			lx->nl = 1;
			lx->line_start = 1;
			lx->pos++;
		} else if (c >= 0x80 && (k = uspace(s + lx->pos, n - lx->pos, &lt)) != 0) {
			if (lt) {
				lx->nl = 1;
				lx->line_start = 1;
			}
			lx->pos += k;
		} else {
			break;
		}
	}
}

static size_t line_end(const struct js_lexer *lx, size_t i)
{
	const unsigned char *s = (const unsigned char *)lx->src;

	while (i < lx->len && !is_lt_at(s + i, lx->len - i))
		i++;
	return i;
}

int js_lex_next(struct js_lexer *lx, struct js_token *t, struct diag *d, const char *file)
{
	const unsigned char *s = (const unsigned char *)lx->src;
	size_t n = lx->len, i, start;
	struct js_bracket *top;
	unsigned char c;
	int rc;

	skip_space(lx);
	memset(t, 0, sizeof(*t));
	start = i = lx->pos;
	t->off = start;
	if (lx->nl)
		t->flags |= JT_NL_BEFORE;
	top = &lx->stack[lx->depth - 1];
	if (top->kind == JB_CLASS_DECL || top->kind == JB_CLASS_EXPR)
		t->flags |= JT_IN_CLASS;
	if (i >= n) {
		if (lx->depth > 1)
			return err_at(lx, d, file, n, JD_EINPUT, "unexpected end of input: a bracket is not closed");
		t->kind = JT_EOF;
		return JD_OK;
	}
	c = s[i];

	/* Comments (returned, but they do not change the context). */
	if (i == 0 && n >= 2 && c == '#' && s[1] == '!') {
		t->kind = JT_HASHBANG;
		t->len = line_end(lx, i) - i;
		lx->pos = i + t->len;
		return JD_OK;
	}
	if ((c == '/' && i + 1 < n && s[i + 1] == '/') ||
	    (c == '<' && i + 3 < n && memcmp(s + i, "<!--", 4) == 0) ||
	    (c == '-' && lx->line_start && i + 2 < n && memcmp(s + i, "-->", 3) == 0)) {
		t->kind = JT_COMMENT;
		t->len = line_end(lx, i) - i;
		lx->pos = i + t->len;
		return JD_OK;
	}
	if (c == '/' && i + 1 < n && s[i + 1] == '*') {
		for (i += 2; i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'); i++) {
			if (is_lt_at(s + i, n - i)) {
				lx->nl = 1;
				lx->line_start = 1;
			}
		}
		if (i + 1 >= n)
			return err_at(lx, d, file, start, JD_EINPUT, "unterminated comment");
		t->kind = JT_BLOCK_COMMENT;
		t->len = i + 2 - start;
		lx->pos = start + t->len;
		return JD_OK;
	}

	if (c == '"' || c == '\'') {
		for (i++; i < n && s[i] != c; i++) {
			if (s[i] == '\\')
				i += (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') ? 2 : 1;
			else if (s[i] == '\n' || s[i] == '\r')
				break;
		}
		if (i >= n || s[i] != c)
			return err_at(lx, d, file, start, JD_EINPUT, "unterminated string literal");
		t->kind = JT_STRING;
		t->len = i + 1 - start;
	} else if (c == '`' || (c == '}' && top->ch == '$')) {
		int open;
		size_t end = scan_template(lx, i + 1, &open);

		if (end == 0)
			return err_at(lx, d, file, start, JD_EINPUT, "unterminated template literal");
		t->kind = JT_TEMPLATE;
		t->len = end - start;
		if (c == '}') {
			t->flags |= JT_TPL_CLOSE;
			lx->depth--;
		}
		if (open) {
			t->flags |= JT_TPL_OPEN;
			if ((rc = push(lx, '$', JB_TEMPLATE, d, file, start)) != JD_OK)
				return rc;
		}
	} else if (is_digit(c) || (c == '.' && i + 1 < n && is_digit(s[i + 1]))) {
		size_t end = scan_number(lx, i);
		int lt;

		if (end < n && js_is_ident_byte(s[end]) && !(s[end] >= 0x80 && uspace(s + end, n - end, &lt)))
			return err_at(lx, d, file, end, JD_EINPUT, "an identifier starts right after a number");
		t->kind = JT_NUMBER;
		t->len = end - start;
	} else if (c == '#') {
		size_t end = scan_ident(lx, i + 1);

		if (end <= i + 1)
			return err_at(lx, d, file, start, JD_EINPUT, "unexpected character '#'");
		t->kind = JT_PRIVATE;
		t->len = end - start;
	} else if (js_is_ident_byte(c) && !is_digit(c)) {
		size_t end = scan_ident(lx, i);

		if (end <= i)
			return err_at(lx, d, file, start, JD_EINPUT, "invalid escape in identifier");
		t->kind = JT_IDENT;
		t->len = end - start;
		if (js_tok_punct(lx, &lx->prev, ".") || js_tok_punct(lx, &lx->prev, "?."))
			t->flags |= JT_PROPNAME;
	} else if (c == '/' && regex_allowed(lx)) {
		int in_class = 0;

		for (i++;; i++) {
			if (i >= n || is_lt_at(s + i, n - i))
				return err_at(lx, d, file, start, JD_EINPUT, "unterminated regular expression");
			if (s[i] == '\\') {
				i++;
				if (i >= n || is_lt_at(s + i, n - i))
					return err_at(lx, d, file, start, JD_EINPUT,
						      "unterminated regular expression");
			} else if (s[i] == '[') {
				in_class = 1;
			} else if (s[i] == ']') {
				in_class = 0;
			} else if (s[i] == '/' && !in_class) {
				break;
			}
		}
		i++;
		while (i < n && js_is_ident_byte(s[i]) && s[i] != '\\' && s[i] < 0x80)
			i++;
		t->kind = JT_REGEX;
		t->len = i - start;
	} else {
		size_t k = punct_len(lx->src + i, n - i);

		if (k == 0)
			return err_at(lx, d, file, start, JD_EINPUT, "unexpected character");
		t->kind = JT_PUNCT;
		t->len = k;
		if (k == 1) {
			switch (c) {
			case '(': {
				unsigned kind = JB_PAREN;

				if (js_tok_is(lx, &lx->prev, "if") || js_tok_is(lx, &lx->prev, "for") ||
				    js_tok_is(lx, &lx->prev, "with") ||
				    (js_tok_is(lx, &lx->prev, "await") && js_tok_is(lx, &lx->prev2, "for")))
					kind = JB_CTRL;
				else if (js_tok_is(lx, &lx->prev, "while"))
					kind = JB_WHILE;
				t->bkind = kind;
				if ((rc = push(lx, '(', kind, d, file, start)) != JD_OK)
					return rc;
				break;
			}
			case '[':
				t->bkind = JB_BRACKET;
				if ((rc = push(lx, '[', JB_BRACKET, d, file, start)) != JD_OK)
					return rc;
				break;
			case '{':
				t->bkind = brace_kind(lx);
				if ((rc = push(lx, '{', t->bkind, d, file, start)) != JD_OK)
					return rc;
				break;
			case ')':
			case ']':
			case '}': {
				unsigned char want = c == ')' ? '(' : c == ']' ? '[' : '{';

				if (lx->depth <= 1 || top->ch != want)
					return err_at(lx, d, file, start, JD_EINPUT, "unbalanced bracket");
				t->bkind = top->kind;
				lx->depth--;
				if ((c == ')' && (top->kind == JB_CTRL)) ||
				    (c == '}' && closes_statement_brace(top->kind) && top->kind != JB_ARROW))
					t->flags |= JT_NOEND;
				break;
			}
			case ',':
			case ';':
				top->pending = 0;
				break;
			case ':':
				top->pending = 0;
				if (top->kind == JB_OBJECT || top->kind == JB_CLASS_DECL || top->kind == JB_CLASS_EXPR) {
					/* property value */
				} else if (top->ternary > 0) {
					top->ternary--;
				} else {
					t->flags |= JT_STMT_COLON;
				}
				break;
			default:
				break;
			}
		}
		if (k == 1 && c == '?')
			top->ternary++;
	}

	/* Note what a "function" or "class" keyword's body brace will be. */
	if (t->kind == JT_IDENT && !(t->flags & JT_PROPNAME)) {
		int is_fn = t->len == 8 && memcmp(s + start, "function", 8) == 0;
		int is_cls = t->len == 5 && memcmp(s + start, "class", 5) == 0;

		if (is_fn || is_cls) {
			const struct js_token *p = &lx->prev;
			int stmt;

			top = &lx->stack[lx->depth - 1];
			if (is_fn && js_tok_is(lx, p, "async") && !(t->flags & JT_NL_BEFORE)) {
				int saved = lx->nl;

				lx->nl = (p->flags & JT_NL_BEFORE) != 0;
				stmt = statement_starts_after(lx, &lx->prev2);
				lx->nl = saved;
			} else {
				stmt = statement_starts_after(lx, p);
			}
			if (is_fn)
				top->pending = stmt ? JB_FUNC_DECL : JB_FUNC_EXPR;
			else
				top->pending = stmt ? JB_CLASS_DECL : JB_CLASS_EXPR;
		}
	}

	lx->pos = start + t->len;
	lx->prev2 = lx->prev;
	lx->prev = *t;
	lx->nl = 0;
	lx->line_start = 0;
	return JD_OK;
}

static int contains(const char *s, size_t n, const char *lit)
{
	return memmem(s, n, lit, strlen(lit)) != NULL;
}

int js_comment_kept(const struct js_lexer *lx, const struct js_token *t, int keep_all)
{
	const char *s = lx->src + t->off;
	size_t n = t->len;

	if (n >= 2 && s[0] != '/')
		return 0; /* HTML-like comments never */
	if (keep_all)
		return 1;
	if (n >= 3 && s[2] == '!')
		return 1;
	return contains(s, n, "@license") || contains(s, n, "@preserve") ||
	       (t->kind == JT_BLOCK_COMMENT && (contains(s, n, "#__PURE__") || contains(s, n, "@__PURE__")));
}
