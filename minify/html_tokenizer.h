/*
 * html_tokenizer.h - an HTML Living Standard tokenizer over a byte buffer.
 *
 * The tokenizer reads UTF-8 (or any ASCII-compatible) bytes and returns
 * one token per call to html_next(): a run of text, a start tag, an end
 * tag, a comment, a DOCTYPE, a CDATA section or the end of input.  Every
 * token carries its raw byte span [start, end) in the input, so a printer
 * can copy bytes instead of re-serialising them, and its decoded values
 * (tag and attribute names lowercased, character references resolved,
 * CR LF normalised to LF, NUL replaced as the standard says).
 *
 * The decoded strings live in the tokenizer's scratch buffer and stay valid
 * until the next call to html_next().
 *
 * The tree builder is the one that tells a tokenizer to switch to RCDATA,
 * RAWTEXT, script data or PLAINTEXT after a start tag, and whether CDATA
 * sections are allowed (foreign content); a caller does the same with
 * html_set_state() and the `cdata_allowed` field.
 */
#ifndef JD_HTML_TOKENIZER_H
#define JD_HTML_TOKENIZER_H

#include <stddef.h>

#include "lib/buf.h"

enum html_tok_type {
	HTML_TOK_TEXT,
	HTML_TOK_START_TAG,
	HTML_TOK_END_TAG,
	HTML_TOK_COMMENT,
	HTML_TOK_DOCTYPE,
	HTML_TOK_CDATA, /* <![CDATA[...]]> in foreign content; data = its text */
	HTML_TOK_EOF,
};

/* The states a caller may put the tokenizer in. */
enum html_content {
	HTML_DATA,
	HTML_RCDATA,
	HTML_RAWTEXT,
	HTML_SCRIPT_DATA,
	HTML_PLAINTEXT,
	HTML_CDATA_SECTION,
};

struct html_str {
	const char *p;
	size_t n;
};

struct html_attr {
	struct html_str name;  /* lowercased, decoded */
	struct html_str value; /* decoded (references resolved); empty when no value */
	size_t start, end;     /* raw span: name start .. end of value (closing quote included) */
	size_t vstart, vend;   /* raw value span without quotes (vstart == vend == end when no value) */
	char quote;            /* '"', '\'' or 0 (unquoted or no value) */
	int has_value;
	int duplicate;         /* a repeat of an earlier name: the standard drops it */
	size_t name_off, value_off; /* internal: offsets into the scratch buffer */
};

struct html_token {
	enum html_tok_type type;
	size_t start, end;     /* raw bytes in the input */
	struct html_str data;  /* text, comment, CDATA contents */
	struct html_str name;  /* tag name or DOCTYPE name */
	struct html_attr *attrs;
	size_t nattrs;
	int self_closing;
	/* DOCTYPE only */
	int has_name, has_public, has_system, force_quirks;
	struct html_str public_id, system_id;
};

struct html_tokenizer {
	const char *in;
	size_t len, pos, cstart;
	int state, return_state;
	int cdata_allowed;     /* set by the caller while in foreign content */
	int raw_text;          /* set by a caller that reads text from its raw span: text
				  tokens then carry no decoded data (data.n == 0), which
				  saves copying every text byte */
	char last_start[32];
	size_t last_start_len;
	struct buf s;          /* decoded strings of the current token(s) */

	/* internal: token under construction and the pending text run */
	struct html_token tok;
	int have_tok, eof_done;
	size_t text_start, text_end, text_off, text_slen;
	size_t name_off, data_off, pub_off, sys_off;
	struct html_attr *attrs;
	size_t nattrs, attrs_cap;
	size_t cur_attr;
};

/* Start tokenizing `len` bytes at `in` (not copied: they must outlive t). */
void html_tokenizer_init(struct html_tokenizer *t, const char *in, size_t len);
void html_tokenizer_release(struct html_tokenizer *t);

/*
 * Switch the content state (after a <textarea>, <script>, ... start tag).
 * `last_tag` is the "last start tag" name used to recognise the
 * appropriate end tag; it may be NULL to keep the current one.
 */
void html_set_state(struct html_tokenizer *t, enum html_content state, const char *last_tag, size_t n);

/*
 * The content state the tree builder puts the tokenizer in after the start
 * tag `tag` (lowercased): script data after <script>, RAWTEXT after
 * <style>, <iframe>..., RCDATA after <textarea> and <title>, PLAINTEXT.
 * Returns 0 (and leaves *st alone) when the tokenizer stays in data.
 */
int html_raw_content_after(const char *tag, enum html_content *st);

/* Fill `tok` with the next token; returns its type (HTML_TOK_EOF at the end, forever). */
enum html_tok_type html_next(struct html_tokenizer *t, struct html_token *tok);

/*
 * Match a character reference at `s` (the bytes after '&').  Returns the
 * number of bytes that belong to it (0 when the '&' is a literal), and puts
 * its UTF-8 value in out (up to 8 bytes) and *outlen.  `in_attr` applies the
 * attribute-value rule for references without ';' followed by '=' or an
 * alphanumeric.
 */
size_t html_charref(const char *s, size_t n, int in_attr, char out[8], size_t *outlen);

#endif
