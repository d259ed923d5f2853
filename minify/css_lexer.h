/*
 * css_lexer.h - a CSS Syntax Level 3 tokenizer over a byte buffer.
 *
 * css_next() returns one token at a time.  A token is a type plus the
 * offset and length of its bytes in the input: nothing is copied or
 * decoded, so printing a token unchanged is a memcpy of in[off..off+len).
 * When a caller needs the meaning of an escaped name or string it asks
 * css_decode(), which appends the unescaped UTF-8 to a struct buf.
 *
 * Differences from the specification, each harmless for a minifier:
 *   - The input is not preprocessed: CR, CRLF and FF count as newlines
 *     where they appear, and NUL counts as an ident code point (the spec
 *     turns it into U+FFFD, which is one).  Offsets therefore stay byte
 *     offsets into the caller's input.
 *   - Comments are returned as CSS_COMMENT tokens (the spec drops them)
 *     so that the printer can keep license comments.
 *   - Invalid UTF-8 is carried through, never rejected: a byte that does
 *     not decode counts as U+FFFD (an ident code point).
 *   - css_is_ident_start/css_is_ident_char below are byte-level and
 *     treat every byte >= 0x80 as ident: the printer uses them to decide
 *     where a space must stay, and erring towards "ident" keeps a space
 *     for browsers that still follow the older, wider definition.
 */
#ifndef JD_CSS_LEXER_H
#define JD_CSS_LEXER_H

#include <stddef.h>

#include "lib/buf.h"

enum css_tok {
	CSS_EOF = 0,
	CSS_IDENT,
	CSS_FUNCTION,   /* name( ; the name is off..off+len-1 */
	CSS_AT_KEYWORD, /* @name */
	CSS_HASH,       /* #name; CSS_F_ID when the name is a valid identifier */
	CSS_STRING,     /* with its quotes (the closing one may be missing at EOF) */
	CSS_BAD_STRING, /* a string cut by a newline (the newline is not part of it) */
	CSS_URL,        /* url(...) without quotes, whole */
	CSS_BAD_URL,
	CSS_DELIM,      /* one byte */
	CSS_NUMBER,
	CSS_PERCENTAGE,
	CSS_DIMENSION,  /* the unit starts at off + num_len */
	CSS_WHITESPACE,
	CSS_CDO,        /* <!-- */
	CSS_CDC,        /* --> */
	CSS_COLON,
	CSS_SEMICOLON,
	CSS_COMMA,
	CSS_LBRACKET,
	CSS_RBRACKET,
	CSS_LPAREN,
	CSS_RPAREN,
	CSS_LBRACE,
	CSS_RBRACE,
	CSS_COMMENT,    /* the whole comment; may be unterminated at EOF */
};

#define CSS_F_ID 1      /* hash: "id" type */
#define CSS_F_INTEGER 2 /* number/percentage/dimension: integer type */
#define CSS_F_OPEN 4    /* string, url or comment cut by the end of input (no closing byte) */

struct css_token {
	enum css_tok type;
	unsigned flags;
	size_t off, len;
	size_t num_len; /* numeric tokens: bytes of the number part */
};

struct css_lexer {
	const char *in;
	size_t len, pos;
};

void css_lexer_init(struct css_lexer *lx, const char *in, size_t len);

/* Read the next token into *t; at the end of input it returns CSS_EOF forever. */
enum css_tok css_next(struct css_lexer *lx, struct css_token *t);

/*
 * Append the unescaped value of in[off..off+len) to out, reading it as
 * the inside of an identifier (quote = 0) or of a string (quote = 1: an
 * escaped newline is a line continuation and vanishes).  Returns 0 or
 * JD_ELIMIT from the buffer.
 */
int css_decode(const char *in, size_t len, int in_string, struct buf *out);

/* Is in[0..len) an identifier with no escapes that needs none (e.g. "foo", "-x", "--y")? */
int css_is_plain_ident(const char *s, size_t len);

/* Byte classes shared with the printer. */
static inline int css_is_ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80 || c == 0;
}

static inline int css_is_ident_char(unsigned char c)
{
	return css_is_ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static inline int css_is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

#endif
