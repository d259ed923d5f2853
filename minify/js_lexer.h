/*
 * js_lexer.h - an ECMAScript 2024 tokenizer for the JavaScript minifier.
 *
 * The lexer turns bytes into tokens that point back into the input (offset +
 * length, never copies).  It runs without a parser, so the two places where
 * JavaScript's lexical grammar depends on the syntactic one are decided from
 * context it tracks itself:
 *
 *   - "/" is a regular expression or a division depending on the previous
 *     significant token and, for ")" and "}", on what the matching opener
 *     was (the head of if/while/for/with, a block or an object literal, a
 *     function declaration or expression body...);
 *   - "}" closes a block or resumes a template literal ("${" nesting).
 *
 * For this it keeps a stack with one entry per open bracket.  The same facts
 * are handed to the printer as token flags, because they also decide where a
 * line break may be dropped without changing automatic semicolon insertion.
 *
 * Comments are returned as tokens (the printer keeps license comments and
 * pure annotations); line terminators (LF, CR, U+2028, U+2029, also inside
 * multi-line comments) set JT_NL_BEFORE on the next token.  HTML-like
 * comments ("<!--" anywhere, "-->" at the start of a line) are script-goal
 * comments, as in browsers.
 */
#ifndef JD_JS_LEXER_H
#define JD_JS_LEXER_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

enum js_tok {
	JT_EOF,
	JT_IDENT,       /* identifiers and keywords (escapes allowed) */
	JT_PRIVATE,     /* #name */
	JT_NUMBER,      /* every numeric form, BigInt included */
	JT_STRING,
	JT_TEMPLATE,    /* `...` whole, or `...${ / }...${ / }...` parts: see JT_TPL_* */
	JT_REGEX,
	JT_PUNCT,
	JT_COMMENT,     /* // or <!-- or --> comment, text without the line terminator */
	JT_BLOCK_COMMENT,
	JT_HASHBANG,
};

/* What an open bracket is; for ")" and "}" tokens, what they closed. */
enum {
	JB_TOP,        /* the program: statements */
	JB_PAREN,      /* ( of an expression, call or parameter list */
	JB_CTRL,       /* ( of an if/for/with head: a statement follows the ")" */
	JB_WHILE,      /* ( of a while head (may end a do-while) */
	JB_BRACKET,    /* [ */
	JB_BLOCK,      /* { of statements: block, control body, method body */
	JB_OBJECT,     /* { of an object literal or a destructuring pattern */
	JB_FUNC_DECL,  /* { of a function declaration body */
	JB_FUNC_EXPR,  /* { of a function expression body */
	JB_CLASS_DECL, /* { of a class declaration body */
	JB_CLASS_EXPR, /* { of a class expression body */
	JB_ARROW,      /* { of an arrow function body */
	JB_TEMPLATE,   /* ${ of a template substitution */
};

/* Token flags. */
enum {
	JT_NL_BEFORE = 1 << 0,    /* a line terminator between this and the previous token */
	JT_PROPNAME = 1 << 1,     /* identifier right after "." or "?.": never a keyword */
	JT_NOEND = 1 << 2,        /* no statement can end right after this token (")" of if/for/with, "}" of a block) */
	JT_IN_CLASS = 1 << 3,     /* the token sits directly in a class body */
	JT_TPL_OPEN = 1 << 4,     /* template part ends with "${" */
	JT_TPL_CLOSE = 1 << 5,    /* template part starts with "}" */
	JT_STMT_COLON = 1 << 6,   /* ":" of a label or a case clause (a statement follows) */
};

/* 12 bytes: a big file has millions of these (inputs are under 4 GiB: js_parse checks). */
struct js_token {
	uint32_t off, len;
	unsigned char kind;   /* enum js_tok */
	unsigned char flags;
	unsigned char bkind;  /* "(" "[" "{": JB_* opened; ")" "]" "}": JB_* closed */
};

/* One open bracket: what it is and what the lexer knows about its contents. */
struct js_bracket {
	unsigned char ch;      /* '(' '[' '{' or '$' for "${" */
	unsigned char kind;    /* JB_* */
	unsigned char pending; /* JB_* a "function"/"class" seen at this level waits for its body */
	unsigned ternary;      /* open "?" at this level, to tell "a?b:c" from labels */
};

struct js_lexer {
	const char *src;
	size_t len, pos;
	struct js_bracket *stack;
	size_t depth, cap;
	/* The last two significant tokens (comments excluded). */
	struct js_token prev, prev2;
	int nl;                /* a line terminator seen since the last token */
	int line_start;        /* only whitespace/comments since the last line terminator */
	size_t line;           /* for diagnostics: computed lazily */
};

/* Open the lexer over `len` bytes (not NUL-terminated, never read past). */
void js_lexer_init(struct js_lexer *lx, const char *src, size_t len);
void js_lexer_free(struct js_lexer *lx);

/*
 * Read the next token into `t`.  Returns JD_OK (JT_EOF at the end, with
 * every bracket closed), JD_EINPUT on a syntax error the lexer can see
 * (unterminated literal, stray character, unbalanced bracket), or
 * JD_ELIMIT when brackets nest deeper than JS_MAX_DEPTH; in both cases `d`
 * gets the 1-based line and column.
 */
int js_lex_next(struct js_lexer *lx, struct js_token *t, struct diag *d, const char *file);

#define JS_MAX_DEPTH 2048

/*
 * Fill `d` with `msg` at byte offset `off` of src (1-based line and column,
 * counting LF, CR, CRLF, U+2028 and U+2029 as line ends and UTF-8
 * sequences as one column) and return `code`.  `d` may be NULL.
 */
int js_error_at(const char *src, size_t len, size_t off, struct diag *d, const char *file, int code,
		const char *msg);

/* True when the identifier token spells `kw` (no escapes). */
int js_tok_is(const struct js_lexer *lx, const struct js_token *t, const char *kw);

/* Token t is the punctuator p ("=>", "?."). */
int js_tok_punct(const struct js_lexer *lx, const struct js_token *t, const char *p);

/*
 * A comment minified output keeps: license comments ("/ *!", "//!",
 * @license, @preserve) and the /(*)#__PURE__(*)/ and @__PURE__ annotations
 * bundlers read; with keep_all every comment but HTML-like ones.
 */
int js_comment_kept(const struct js_lexer *lx, const struct js_token *t, int keep_all);

/* Classification of a character for identifiers (ASCII; bytes >= 0x80 are identifier parts). */
int js_is_ident_byte(unsigned char c);

#endif
