/*
 * redact.c - mask URL credentials in text before it is shown (see redact.h).
 *
 * One left-to-right pass over the text.  At each position, in this order:
 * a "://" starts an authority, and everything up to its last '@' is
 * replaced; a credential query parameter name at a word boundary followed
 * by '=' has its value replaced; a word that looks like `user:pass@host`
 * has its userinfo replaced; anything else is copied.  The pass works on
 * whole messages, not on URLs alone, because a message may quote a URL
 * anywhere (`endpoint 'http://u:p@h' has no usable host`), and masking a
 * message twice is harmless, so callers never need to know whether some
 * earlier layer already did it.
 */
#include "redact.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MASK "REDACTED"

static int is_space_or_ctl(unsigned char c)
{
	return c <= ' ' || c == 0x7f;
}

/* Length of the authority (host part) starting at p: it ends where a URL's host does. */
static size_t authority_len(const char *p)
{
	size_t n = 0;

	while (p[n] && !strchr("/?#\\", p[n]) && !is_space_or_ctl((unsigned char)p[n]))
		n++;
	return n;
}

/* Query parameters whose values are credentials (presigned URLs), lower case. */
static size_t secret_param_len(const char *p)
{
	static const char *const secret[] = { "x-amz-signature", "x-amz-credential",
					      "x-amz-security-token", "signature", "awsaccesskeyid" };

	for (size_t i = 0; i < sizeof(secret) / sizeof(secret[0]); i++) {
		size_t n = strlen(secret[i]);
		if (strncasecmp(p, secret[i], n) == 0 && p[n] == '=')
			return n;
	}
	return 0;
}

/* Where a query value ends: the next parameter, the fragment, or the end of the URL in prose. */
static size_t value_len(const char *p)
{
	size_t n = 0;

	while (p[n] && !strchr("&#;'\"<>),", p[n]) && !is_space_or_ctl((unsigned char)p[n]))
		n++;
	return n;
}

/* Whitespace and the punctuation that quotes or lists a URL in a message. */
static int word_delim(char c)
{
	return is_space_or_ctl((unsigned char)c) || strchr("'\"(<[,=", c);
}

/* A word starts here: not a delimiter, at the start or after one. */
static int word_start(const char *text, const char *p)
{
	return !word_delim(*p) && (p == text || word_delim(p[-1]));
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

void redact_secrets(const char *text, struct buf *out)
{
	const char *p = text;

	while (*p) {
		size_t n;
		const char *at;

		if (p[0] == ':' && p[1] == '/' && p[2] == '/') {
			/* scheme://[userinfo@]host: any userinfo is a credential, a lone token too */
			buf_addstr(out, "://");
			p += 3;
			n = authority_len(p);
			at = memrchr(p, '@', n);
			if (at) {
				buf_addstr(out, MASK "@");
				p = at + 1;
			}
			continue;
		}
		if ((p == text || !name_char(p[-1])) && (n = secret_param_len(p))) {
			buf_add(out, p, n + 1);
			buf_addstr(out, MASK);
			p += n + 1;
			p += value_len(p);
			continue;
		}
		if (word_start(text, p)) {
			/* user:pass@host without a scheme; the ':' keeps e-mail addresses out */
			n = authority_len(p);
			at = memrchr(p, '@', n);
			if (at && memchr(p, ':', (size_t)(at - p))) {
				buf_addstr(out, MASK "@");
				p = at + 1;
				continue;
			}
		}
		buf_addch(out, *p++);
	}
}

void redact_in_place(char *s, size_t size)
{
	struct buf safe = BUF_INIT;

	/* every pattern needs an '@' or an '=': most messages have neither */
	if (!size || !strpbrk(s, "@="))
		return;
	redact_secrets(s, &safe);
	snprintf(s, size, "%s", safe.data);
	buf_release(&safe);
}
