/*
 * utf8.c - UTF-8 validation and escaping for messages (see utf8.h).
 *
 * One decoder, utf8_seq_len, looks at a lead byte, the continuation bytes
 * it promises and the code point they make; everything else is a loop
 * over it.  Escaping writes each byte that no well-formed sequence covers
 * as "\xNN" and copies the rest, so the output is always valid UTF-8 and
 * still says which bytes were wrong.
 */
#include "utf8.h"

#include "buf.h"
#include "util.h"

size_t utf8_seq_len(const unsigned char *p, const unsigned char *end)
{
	size_t n;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2, cp = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3, cp = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0; /* a continuation byte, C0/C1 (always overlong), F5..FF */
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

int utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);

	while (p < end) {
		size_t n = utf8_seq_len(p, end);
		if (!n)
			return 0;
		p += n;
	}
	return 1;
}

/* Append s[0..len) to out, bytes outside well-formed sequences as "\xNN". */
static void escape_into(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		size_t n = utf8_seq_len(p, end);
		if (n) {
			buf_add(out, p, n);
			p += n;
		} else {
			buf_printf(out, "\\x%02X", *p++);
		}
	}
}

char *utf8_escape(const char *s)
{
	struct buf out = BUF_INIT;

	escape_into(&out, s, strlen(s));
	return buf_detach(&out, NULL);
}

/* Move `at` back (or, with step 1, forward) off continuation bytes, so a cut keeps characters whole. */
static size_t char_boundary(const char *s, size_t len, size_t at, int step)
{
	for (int i = 0; i < 3 && at > 0 && at < len && ((unsigned char)s[at] & 0xC0) == 0x80; i++)
		at = step < 0 ? at - 1 : at + 1;
	return at;
}

char *utf8_abbrev(const char *s, size_t max)
{
	struct buf out = BUF_INIT;
	size_t len = strlen(s), head, tail;

	if (len <= max || max < 8)
		return utf8_escape(s);
	head = char_boundary(s, len, (max - 3) / 2, -1);
	tail = char_boundary(s, len, len - (max - 3 - (max - 3) / 2), 1);
	escape_into(&out, s, head);
	buf_addstr(&out, "...");
	escape_into(&out, s + tail, len - tail);
	return buf_detach(&out, NULL);
}

size_t utf8_encode(unsigned long cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int buf_add_utf8(struct buf *b, unsigned long cp)
{
	char s[4];

	return buf_add(b, s, utf8_encode(cp, s));
}
