/*
 * css_lexer.c - CSS Syntax Level 3 tokenization ("4. Tokenization").
 *
 * The functions follow the specification's algorithms by name: consume a
 * token, consume a numeric token, consume an ident-like token, consume a
 * string token, consume a url token, consume the remnants of a bad url,
 * consume an escaped code point, and the three "check if" predicates
 * (valid escape, would start an ident sequence, starts a number).  The
 * lexer only moves `pos`; tokens are spans of the input.
 *
 * Newlines are LF, CR, FF and CRLF (two bytes, one newline), which is what
 * the spec's preprocessing would have produced.  Every read goes through
 * at(), which yields -1 past the end, so no path can read beyond in+len.
 */
#include <string.h>

#include "minify/css_lexer.h"
#include "lib/err.h"
#include "lib/hex.h"
#include "lib/utf8.h"
#include "lib/util.h"

void css_lexer_init(struct css_lexer *lx, const char *in, size_t len)
{
	lx->in = in;
	lx->len = len;
	lx->pos = 0;
}

static int at(const struct css_lexer *lx, size_t i)
{
	return i < lx->len ? (unsigned char)lx->in[i] : -1;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_nl(int c)
{
	return c == '\n' || c == '\r' || c == '\f';
}

/*
 * The spec's "non-ASCII ident code point" ranges.  Invalid UTF-8 and lone
 * continuation bytes count as U+FFFD, which is in range, so an identifier
 * that started on a valid lead byte runs through its continuation bytes.
 */
static int nonascii_ident(const struct css_lexer *lx, size_t i)
{
	const unsigned char *s = (const unsigned char *)lx->in + i;
	size_t left = lx->len - i;
	unsigned long cp;
	if (s[0] >= 0xC2 && s[0] < 0xE0 && left >= 2 && (s[1] & 0xC0) == 0x80)
		cp = ((unsigned long)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	else if (s[0] >= 0xE0 && s[0] < 0xF0 && left >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80)
		cp = ((unsigned long)(s[0] & 0x0F) << 12) | ((unsigned long)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	else
		return 1;
	return cp == 0xB7 || (cp >= 0xC0 && cp <= 0xD6) || (cp >= 0xD8 && cp <= 0xF6) ||
	       (cp >= 0xF8 && cp <= 0x37D) || (cp >= 0x37F && cp <= 0x1FFF) || cp == 0x200C ||
	       cp == 0x200D || cp == 0x203F || cp == 0x2040 || (cp >= 0x2070 && cp <= 0x218F) ||
	       (cp >= 0x2C00 && cp <= 0x2FEF) || (cp >= 0x3001 && cp <= 0xD7FF) ||
	       (cp >= 0xF900 && cp <= 0xFDCF) || (cp >= 0xFDF0 && cp <= 0xFFFD);
}

static int ident_start_at(const struct css_lexer *lx, size_t i)
{
	int c = at(lx, i);
	if (c < 0)
		return 0;
	if (c >= 0x80)
		return nonascii_ident(lx, i);
	return css_is_ident_start((unsigned char)c);
}

static int ident_char_at(const struct css_lexer *lx, size_t i)
{
	int c = at(lx, i);
	return ident_start_at(lx, i) || (c >= '0' && c <= '9') || c == '-';
}

/* Length of the newline at i (CRLF is 2), 0 if none. */
static size_t nl_len(const struct css_lexer *lx, size_t i)
{
	int c = at(lx, i);
	if (c == '\r' && at(lx, i + 1) == '\n')
		return 2;
	return is_nl(c) ? 1 : 0;
}

static int valid_escape(const struct css_lexer *lx, size_t i)
{
	return at(lx, i) == '\\' && !is_nl(at(lx, i + 1));
}

static int starts_ident(const struct css_lexer *lx, size_t i)
{
	int c = at(lx, i);
	if (c == '-')
		return ident_start_at(lx, i + 1) || at(lx, i + 1) == '-' || valid_escape(lx, i + 1);
	if (ident_start_at(lx, i))
		return 1;
	return c == '\\' && valid_escape(lx, i);
}

static int starts_number(const struct css_lexer *lx, size_t i)
{
	int c = at(lx, i);
	if (c == '+' || c == '-') {
		c = at(lx, i + 1);
		if (is_digit(c))
			return 1;
		return c == '.' && is_digit(at(lx, i + 2));
	}
	if (c == '.')
		return is_digit(at(lx, i + 1));
	return is_digit(c);
}

/* Bytes in the UTF-8 sequence led by c (1 for ASCII and stray bytes). */
static size_t utf8_len(int c)
{
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0)
		return c < 0xF0 ? 3 : 1;
	if (c >= 0xC0)
		return 2;
	return 1;
}

/* pos is just past a backslash: skip the escaped code point. */
static void consume_escape(struct css_lexer *lx)
{
	int c = at(lx, lx->pos);
	if (c < 0)
		return;
	if (hex_digit_value(c) >= 0) {
		int n = 0;
		while (n < 6 && hex_digit_value(at(lx, lx->pos)) >= 0) {
			lx->pos++;
			n++;
		}
		size_t nl = nl_len(lx, lx->pos);
		if (nl)
			lx->pos += nl;
		else if (at(lx, lx->pos) == ' ' || at(lx, lx->pos) == '\t')
			lx->pos++;
		return;
	}
	size_t n = utf8_len(c);
	lx->pos++;
	for (size_t k = 1; k < n && (at(lx, lx->pos) & 0xC0) == 0x80; k++)
		lx->pos++;
}

static void consume_ident_seq(struct css_lexer *lx)
{
	for (;;) {
		if (ident_char_at(lx, lx->pos)) {
			lx->pos++;
		} else if (valid_escape(lx, lx->pos)) {
			lx->pos++;
			consume_escape(lx);
		} else {
			return;
		}
	}
}

/* Returns CSS_F_INTEGER when the number has no fraction or exponent. */
static unsigned consume_number(struct css_lexer *lx)
{
	unsigned flags = CSS_F_INTEGER;
	int c = at(lx, lx->pos);
	if (c == '+' || c == '-')
		lx->pos++;
	while (is_digit(at(lx, lx->pos)))
		lx->pos++;
	if (at(lx, lx->pos) == '.' && is_digit(at(lx, lx->pos + 1))) {
		lx->pos++;
		while (is_digit(at(lx, lx->pos)))
			lx->pos++;
		flags = 0;
	}
	c = at(lx, lx->pos);
	if (c == 'e' || c == 'E') {
		int c1 = at(lx, lx->pos + 1);
		size_t skip = 0;
		if (is_digit(c1))
			skip = 1;
		else if ((c1 == '+' || c1 == '-') && is_digit(at(lx, lx->pos + 2)))
			skip = 2;
		if (skip) {
			lx->pos += skip;
			while (is_digit(at(lx, lx->pos)))
				lx->pos++;
			flags = 0;
		}
	}
	return flags;
}

static void consume_numeric(struct css_lexer *lx, struct css_token *t)
{
	t->flags = consume_number(lx);
	t->num_len = lx->pos - t->off;
	if (starts_ident(lx, lx->pos)) {
		consume_ident_seq(lx);
		t->type = CSS_DIMENSION;
	} else if (at(lx, lx->pos) == '%') {
		lx->pos++;
		t->type = CSS_PERCENTAGE;
	} else {
		t->type = CSS_NUMBER;
	}
}

static void consume_bad_url_remnants(struct css_lexer *lx)
{
	for (;;) {
		int c = at(lx, lx->pos);
		if (c < 0)
			return;
		if (c == ')') {
			lx->pos++;
			return;
		}
		if (valid_escape(lx, lx->pos)) {
			lx->pos++;
			consume_escape(lx);
		} else {
			lx->pos++;
		}
	}
}

static int non_printable(int c)
{
	return (c >= 0x01 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F;
}

/* pos is just past "url(" and its leading whitespace. */
static enum css_tok consume_url(struct css_lexer *lx, unsigned *flags)
{
	for (;;) {
		int c = at(lx, lx->pos);
		if (c < 0) {
			*flags |= CSS_F_OPEN;
			return CSS_URL;
		}
		if (c == ')') {
			lx->pos++;
			return CSS_URL;
		}
		if (css_is_ws((unsigned char)c)) {
			while (at(lx, lx->pos) >= 0 && css_is_ws((unsigned char)at(lx, lx->pos)))
				lx->pos++;
			c = at(lx, lx->pos);
			if (c < 0) {
				*flags |= CSS_F_OPEN;
				return CSS_URL;
			}
			if (c == ')') {
				lx->pos++;
				return CSS_URL;
			}
			consume_bad_url_remnants(lx);
			return CSS_BAD_URL;
		}
		if (c == '"' || c == '\'' || c == '(' || non_printable(c)) {
			consume_bad_url_remnants(lx);
			return CSS_BAD_URL;
		}
		if (c == '\\') {
			if (!valid_escape(lx, lx->pos)) {
				consume_bad_url_remnants(lx);
				return CSS_BAD_URL;
			}
			lx->pos++;
			consume_escape(lx);
			continue;
		}
		lx->pos++;
	}
}

/* Does the identifier in[off..off+len) mean "url", escapes included? */
static int name_is_url(const struct css_lexer *lx, size_t off, size_t len)
{
	char tmp[8];
	size_t n = 0;
	if (len == 3)
		return (lx->in[off] | 0x20) == 'u' && (lx->in[off + 1] | 0x20) == 'r' &&
		       (lx->in[off + 2] | 0x20) == 'l';
	if (len > 40 || !memchr(lx->in + off, '\\', len))
		return 0;
	struct buf b = BUF_INIT;
	buf_init(&b, 64);
	if (css_decode(lx->in + off, len, 0, &b) == 0 && b.len == 3)
		for (n = 0; n < 3; n++)
			tmp[n] = (char)(b.data[n] | 0x20);
	int r = b.len == 3 && n == 3 && memcmp(tmp, "url", 3) == 0;
	buf_release(&b);
	return r;
}

static void consume_ident_like(struct css_lexer *lx, struct css_token *t)
{
	consume_ident_seq(lx);
	size_t name_len = lx->pos - t->off;
	if (at(lx, lx->pos) != '(') {
		t->type = CSS_IDENT;
		return;
	}
	lx->pos++;
	t->type = CSS_FUNCTION;
	if (!name_is_url(lx, t->off, name_len))
		return;
	/*
	 * url("...") is a function with a string argument; its whitespace is
	 * left for whitespace tokens (as the conformance cases expect).
	 */
	size_t p = lx->pos;
	while (at(lx, p) >= 0 && css_is_ws((unsigned char)at(lx, p)))
		p++;
	if (at(lx, p) == '"' || at(lx, p) == '\'')
		return;
	while (at(lx, lx->pos) >= 0 && css_is_ws((unsigned char)at(lx, lx->pos)))
		lx->pos++;
	t->type = consume_url(lx, &t->flags);
}

static void consume_string(struct css_lexer *lx, struct css_token *t, int quote)
{
	lx->pos++;
	t->type = CSS_STRING;
	for (;;) {
		int c = at(lx, lx->pos);
		if (c < 0) {
			t->flags |= CSS_F_OPEN;
			return;
		}
		if (c == quote) {
			lx->pos++;
			return;
		}
		if (is_nl(c)) {
			t->type = CSS_BAD_STRING;
			return;
		}
		lx->pos++;
		if (c == '\\') {
			size_t nl = nl_len(lx, lx->pos);
			if (nl)
				lx->pos += nl;
			else
				consume_escape(lx);
		}
	}
}

enum css_tok css_next(struct css_lexer *lx, struct css_token *t)
{
	t->off = lx->pos;
	t->flags = 0;
	t->num_len = 0;
	int c = at(lx, lx->pos);
	switch (c) {
	case -1:
		t->type = CSS_EOF;
		break;
	case ' ': case '\t': case '\n': case '\r': case '\f':
		while (at(lx, lx->pos) >= 0 && css_is_ws((unsigned char)at(lx, lx->pos)))
			lx->pos++;
		t->type = CSS_WHITESPACE;
		break;
	case '"': case '\'':
		consume_string(lx, t, c);
		break;
	case '#':
		if (ident_char_at(lx, lx->pos + 1) || valid_escape(lx, lx->pos + 1)) {
			lx->pos++;
			if (starts_ident(lx, lx->pos))
				t->flags = CSS_F_ID;
			consume_ident_seq(lx);
			t->type = CSS_HASH;
		} else {
			lx->pos++;
			t->type = CSS_DELIM;
		}
		break;
	case '(': lx->pos++; t->type = CSS_LPAREN; break;
	case ')': lx->pos++; t->type = CSS_RPAREN; break;
	case '[': lx->pos++; t->type = CSS_LBRACKET; break;
	case ']': lx->pos++; t->type = CSS_RBRACKET; break;
	case '{': lx->pos++; t->type = CSS_LBRACE; break;
	case '}': lx->pos++; t->type = CSS_RBRACE; break;
	case ',': lx->pos++; t->type = CSS_COMMA; break;
	case ':': lx->pos++; t->type = CSS_COLON; break;
	case ';': lx->pos++; t->type = CSS_SEMICOLON; break;
	case '+': case '.':
		if (starts_number(lx, lx->pos)) {
			consume_numeric(lx, t);
		} else {
			lx->pos++;
			t->type = CSS_DELIM;
		}
		break;
	case '-':
		if (starts_number(lx, lx->pos)) {
			consume_numeric(lx, t);
		} else if (at(lx, lx->pos + 1) == '-' && at(lx, lx->pos + 2) == '>') {
			lx->pos += 3;
			t->type = CSS_CDC;
		} else if (starts_ident(lx, lx->pos)) {
			consume_ident_like(lx, t);
		} else {
			lx->pos++;
			t->type = CSS_DELIM;
		}
		break;
	case '<':
		if (lx->pos + 4 <= lx->len && memcmp(lx->in + lx->pos, "<!--", 4) == 0) {
			lx->pos += 4;
			t->type = CSS_CDO;
		} else {
			lx->pos++;
			t->type = CSS_DELIM;
		}
		break;
	case '@':
		if (starts_ident(lx, lx->pos + 1)) {
			lx->pos++;
			consume_ident_seq(lx);
			t->type = CSS_AT_KEYWORD;
		} else {
			lx->pos++;
			t->type = CSS_DELIM;
		}
		break;
	case '/':
		if (at(lx, lx->pos + 1) == '*') {
			const char *end = NULL;
			if (lx->pos + 2 < lx->len)
				end = memmem(lx->in + lx->pos + 2, lx->len - lx->pos - 2, "*/", 2);
			lx->pos = end ? (size_t)(end - lx->in) + 2 : lx->len;
			if (!end)
				t->flags |= CSS_F_OPEN;
			t->type = CSS_COMMENT;
		} else {
			lx->pos++;
			t->type = CSS_DELIM;
		}
		break;
	case '\\':
		if (valid_escape(lx, lx->pos)) {
			consume_ident_like(lx, t);
		} else {
			lx->pos++;
			t->type = CSS_DELIM;
		}
		break;
	default:
		if (is_digit(c)) {
			consume_numeric(lx, t);
		} else if (ident_start_at(lx, lx->pos)) {
			consume_ident_like(lx, t);
		} else {
			/* a delimiter is one code point, however many bytes */
			size_t n = utf8_len(c);
			lx->pos++;
			for (size_t k = 1; k < n && (at(lx, lx->pos) & 0xC0) == 0x80; k++)
				lx->pos++;
			t->type = CSS_DELIM;
		}
		break;
	}
	t->len = lx->pos - t->off;
	return t->type;
}

int css_decode(const char *in, size_t len, int in_string, struct buf *out)
{
	struct css_lexer lx;
	css_lexer_init(&lx, in, len);
	int rc = 0;
	while (rc == 0 && lx.pos < len) {
		int c = at(&lx, lx.pos);
		if (c == 0) {
			rc = buf_add_utf8(out, 0xFFFD);
			lx.pos++;
			continue;
		}
		if (c != '\\') {
			size_t start = lx.pos;
			while (lx.pos < len && in[lx.pos] != '\\' && in[lx.pos] != 0)
				lx.pos++;
			rc = buf_add(out, in + start, lx.pos - start);
			continue;
		}
		lx.pos++;
		c = at(&lx, lx.pos);
		if (c < 0) {
			if (!in_string)
				rc = buf_add_utf8(out, 0xFFFD);
			break;
		}
		size_t nl = nl_len(&lx, lx.pos);
		if (nl && in_string) {
			lx.pos += nl;
			continue;
		}
		if (hex_digit_value(c) >= 0) {
			unsigned long cp = 0;
			for (int n = 0; n < 6 && hex_digit_value(at(&lx, lx.pos)) >= 0; n++)
				cp = cp * 16 + (unsigned long)hex_digit_value(at(&lx, lx.pos++));
			nl = nl_len(&lx, lx.pos);
			if (nl)
				lx.pos += nl;
			else if (at(&lx, lx.pos) == ' ' || at(&lx, lx.pos) == '\t')
				lx.pos++;
			if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
				cp = 0xFFFD;
			rc = buf_add_utf8(out, cp);
			continue;
		}
		size_t start = lx.pos;
		consume_escape(&lx);
		if (c == 0)
			rc = buf_add_utf8(out, 0xFFFD);
		else
			rc = buf_add(out, in + start, lx.pos - start);
	}
	return rc ? JD_ELIMIT : 0;
}

int css_is_plain_ident(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	size_t i = 0;
	if (s[0] == '-') {
		if (len == 1)
			return 0;
		i = 1;
		if (s[1] == '-')
			i = 2;
		else if (!css_is_ident_start((unsigned char)s[1]))
			return 0;
	} else if (!css_is_ident_start((unsigned char)s[0])) {
		return 0;
	}
	for (; i < len; i++)
		if (!css_is_ident_char((unsigned char)s[i]) || s[i] == 0)
			return 0;
	return 1;
}
