/*
 * json.c - minify_json: JSON (RFC 8259) without insignificant whitespace.
 *
 * One pass over the bytes with a small state machine and an explicit stack
 * of open containers (no recursion, depth limited by JSON_MAX_DEPTH):
 * every token is validated (string escapes and control characters, number
 * grammar, the three literals, commas and colons in the right places) and
 * copied; whitespace between tokens is dropped.  Strings and numbers are
 * copied byte for byte, so the value read back is the same.
 *
 * With o->inline_script (JSON inside an HTML <script>), "</" inside strings
 * becomes "<\/" and "<!--" becomes "\u003c!--", so the text cannot end the
 * script element or enter the script data escaped state.
 *
 * Errors: JD_EINPUT with the line, column and byte offset of the first bad
 * byte; JD_ELIMIT when nesting is deeper than JSON_MAX_DEPTH.  `out` is
 * truncated back to its entry length on any error.
 */
#include "minify/minify.h"
#include "lib/hex.h"
#include "lib/util.h"

#define JSON_MAX_DEPTH 1000

struct jp {
	const char *s;
	size_t n, i;
	struct buf *out;
	const struct minify_opts *o;
};

static void skip_ws(struct jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}


/* A string starting at p->i (the quote); 0 on success, -1 at p->i on error. */
static int string(struct jp *p)
{
	size_t i = p->i + 1, from = p->i;
	int script = p->o && p->o->inline_script;
	while (i < p->n) {
		unsigned char c = (unsigned char)p->s[i];
		if (c == '"') {
			if (buf_add(p->out, p->s + from, i + 1 - from))
				return -2;
			p->i = i + 1;
			return 0;
		}
		if (c < 0x20) {
			p->i = i;
			return -1;
		}
		if (c == '\\') {
			if (i + 1 >= p->n)
				break;
			char e = p->s[i + 1];
			if (e == 'u') {
				for (int k = 2; k < 6; k++)
					if (i + k >= p->n || hex_digit_value((unsigned char)p->s[i + k]) < 0) {
						p->i = i;
						return -1;
					}
				i += 6;
				continue;
			}
			if (!strchr("\"\\/bfnrt", e) || e == 0) {
				p->i = i;
				return -1;
			}
			i += 2;
			continue;
		}
		if (script && c == '<' && i + 1 < p->n && (p->s[i + 1] == '/' || p->s[i + 1] == '!')) {
			if (buf_add(p->out, p->s + from, i - from))
				return -2;
			if (p->s[i + 1] == '/') {
				if (buf_add(p->out, "<\\/", 3))
					return -2;
				i += 2;
			} else {
				if (buf_add(p->out, "\\u003c", 6))
					return -2;
				i += 1;
			}
			from = i;
			continue;
		}
		i++;
	}
	p->i = p->n;
	return -1;
}

static int number(struct jp *p)
{
	size_t i = p->i, start = p->i;
	const char *s = p->s;
	if (i < p->n && s[i] == '-')
		i++;
	if (i < p->n && s[i] == '0')
		i++;
	else if (i < p->n && s[i] >= '1' && s[i] <= '9') {
		while (i < p->n && s[i] >= '0' && s[i] <= '9')
			i++;
	} else {
		p->i = i;
		return -1;
	}
	if (i < p->n && s[i] == '.') {
		i++;
		if (!(i < p->n && s[i] >= '0' && s[i] <= '9')) {
			p->i = i;
			return -1;
		}
		while (i < p->n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < p->n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < p->n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (!(i < p->n && s[i] >= '0' && s[i] <= '9')) {
			p->i = i;
			return -1;
		}
		while (i < p->n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (buf_add(p->out, s + start, i - start))
		return -2;
	p->i = i;
	return 0;
}

static int error_at(struct jp *p, size_t entry, struct diag *d, enum jd_err code, const char *what)
{
	long line = 1, col = 1;
	for (size_t k = 0; k < p->i && k < p->n; k++) {
		if (p->s[k] == '\n') {
			line++;
			col = 1;
		} else
			col++;
	}
	buf_truncate(p->out, entry);
	diag_at(d, code, p->o ? p->o->file : NULL, line, col, "%s", what);
	if (d)
		d->offset = (long long)p->i;
	return code;
}

int minify_json(const char *in, size_t len, struct buf *out, const struct minify_opts *o, struct diag *d)
{
	struct jp p = { in, len, 0, out, o };
	size_t entry = out->len;
	char stack[JSON_MAX_DEPTH]; /* '{' or '[' */
	size_t depth = 0;
	int r;

	/* a UTF-8 byte order mark is not JSON but is common in files; drop it */
	if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0)
		p.i = 3;
	for (;;) {
		/* expecting a value */
		skip_ws(&p);
		if (p.i >= len)
			return error_at(&p, entry, d, JD_EINPUT, "unexpected end of JSON: a value is missing");
		char c = in[p.i];
		if (c == '{' || c == '[') {
			if (depth >= JSON_MAX_DEPTH)
				return error_at(&p, entry, d, JD_ELIMIT, "JSON nested deeper than 1000 levels");
			stack[depth++] = c;
			if (buf_addch(out, c))
				goto limit;
			p.i++;
			skip_ws(&p);
			if (p.i < len && in[p.i] == (c == '{' ? '}' : ']')) {
				depth--;
				if (buf_addch(out, in[p.i]))
					goto limit;
				p.i++;
				goto after_value;
			}
			if (c == '{')
				goto object_key;
			continue;
		}
		if (c == '"')
			r = string(&p);
		else if (c == '-' || (c >= '0' && c <= '9'))
			r = number(&p);
		else {
			const char *lit = c == 't' ? "true" : c == 'f' ? "false" : c == 'n' ? "null" : NULL;
			size_t l = lit ? strlen(lit) : 0;
			if (!lit || len - p.i < l || memcmp(in + p.i, lit, l) != 0)
				return error_at(&p, entry, d, JD_EINPUT, "invalid JSON value");
			r = buf_add(out, lit, l) ? -2 : 0;
			p.i += l;
		}
		if (r == -2)
			goto limit;
		if (r)
			return error_at(&p, entry, d, JD_EINPUT, "invalid JSON string or number");
after_value:
		skip_ws(&p);
		if (depth == 0) {
			if (p.i != len)
				return error_at(&p, entry, d, JD_EINPUT, "unexpected text after the JSON value");
			return JD_OK;
		}
		if (p.i >= len)
			return error_at(&p, entry, d, JD_EINPUT, "unexpected end of JSON: a container is not closed");
		c = in[p.i];
		if (c == ',') {
			if (buf_addch(out, ','))
				goto limit;
			p.i++;
			if (stack[depth - 1] == '{')
				goto object_key;
			continue;
		}
		if (c == (stack[depth - 1] == '{' ? '}' : ']')) {
			depth--;
			if (buf_addch(out, c))
				goto limit;
			p.i++;
			goto after_value;
		}
		return error_at(&p, entry, d, JD_EINPUT, "expected ',' or the end of the container");
object_key:
		skip_ws(&p);
		if (p.i >= len || in[p.i] != '"')
			return error_at(&p, entry, d, JD_EINPUT, "expected a string as object key");
		r = string(&p);
		if (r == -2)
			goto limit;
		if (r)
			return error_at(&p, entry, d, JD_EINPUT, "invalid JSON string");
		skip_ws(&p);
		if (p.i >= len || in[p.i] != ':')
			return error_at(&p, entry, d, JD_EINPUT, "expected ':' after an object key");
		if (buf_addch(out, ':'))
			goto limit;
		p.i++;
	}
limit:
	return error_at(&p, entry, d, JD_ELIMIT, "output over the buffer limit");
}
