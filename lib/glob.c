/*
 * glob.c - recursive glob matcher; see glob.h for the syntax.
 *
 * Matching is a straightforward backtracking walk.  Patterns come from the
 * user's own config and keys are short, so the worst case (many '*') is
 * bounded by the recursion on '*' and '**' only; braces expand by trying
 * each alternative with the rest of the pattern appended.
 */
#include "glob.h"

#include "util.h"

static int match_here(const char *p, const char *s);

static int match_class(const char **pp, char c)
{
	const char *p = *pp + 1;
	int negate = 0, ok = 0;

	if (*p == '!' || *p == '^') {
		negate = 1;
		p++;
	}
	for (int first = 1; *p && (*p != ']' || first); first = 0, p++) {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			if (c >= p[0] && c <= p[2])
				ok = 1;
			p += 2;
		} else if (*p == c) {
			ok = 1;
		}
	}
	if (*p != ']') /* no closing bracket: treat '[' literally */
		return -1;
	*pp = p + 1;
	return ok != negate;
}

static int match_braces(const char *p, const char *s)
{
	const char *close = strchr(p, '}');
	const char *alt = p + 1;

	if (!close)
		return -1;
	while (alt <= close) {
		const char *end = alt;
		while (end < close && *end != ',')
			end++;
		struct buf b = BUF_INIT;
		buf_add(&b, alt, (size_t)(end - alt));
		buf_addstr(&b, close + 1);
		int m = match_here(b.data, s);
		buf_release(&b);
		if (m)
			return 1;
		alt = end + 1;
	}
	return 0;
}

static int match_here(const char *p, const char *s)
{
	for (;;) {
		switch (*p) {
		case '\0':
			return *s == '\0';
		case '*':
			if (p[1] == '*') {
				const char *rest = p + 2;
				if (*rest == '/') {
					/* "**" + "/": zero or more whole directories */
					if (match_here(rest + 1, s))
						return 1;
					for (; *s; s++)
						if (*s == '/' && match_here(rest + 1, s + 1))
							return 1;
					return 0;
				}
				for (;; s++) {
					if (match_here(rest, s))
						return 1;
					if (!*s)
						return 0;
				}
			}
			for (;; s++) {
				if (match_here(p + 1, s))
					return 1;
				if (!*s || *s == '/')
					return 0;
			}
		case '?':
			if (!*s || *s == '/')
				return 0;
			p++;
			s++;
			break;
		case '[': {
			int m;
			if (!*s || *s == '/')
				return 0;
			m = match_class(&p, *s);
			if (m < 0) {
				if (*s != '[')
					return 0;
				p++;
			} else if (!m) {
				return 0;
			}
			s++;
			break;
		}
		case '{': {
			int m = match_braces(p, s);
			if (m >= 0)
				return m;
			if (*s != '{')
				return 0;
			p++;
			s++;
			break;
		}
		case '\\':
			if (p[1])
				p++;
			/* fall through */
		default:
			if (*p != *s)
				return 0;
			p++;
			s++;
		}
	}
}

int glob_match(const char *pattern, const char *key)
{
	if (!strchr(pattern, '/')) {
		const char *base = strrchr(key, '/');
		return match_here(pattern, base ? base + 1 : key);
	}
	if (pattern[0] == '/')
		pattern++;
	return match_here(pattern, key);
}
