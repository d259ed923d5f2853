/*
 * url.c - resolve references like a browser, against keys instead of URLs.
 *
 * The work follows the WHATWG URL parser for the parts a static site uses:
 *
 *   1. Leading and trailing spaces and C0 controls are dropped (browsers do);
 *      a tab or newline inside the URL, which browsers silently delete, makes
 *      the reference URL_INVALID instead, so that we never rewrite bytes
 *      whose meaning we did not reproduce.
 *   2. A scheme makes the URL absolute: http(s) on the site's host (any
 *      port-normalised match, either scheme) becomes a root-relative path,
 *      everything else is external.  "//host/..." likewise.
 *   3. "", "#x" and "?q" name the document itself.
 *   4. Otherwise the path is merged with the base's directory, '\' counts as
 *      '/', and dot segments (including "%2e" spellings) are removed; ".."
 *      at the root stays at the root, as in browsers.
 *   5. The site prefix (base_url's path) is stripped, the rest is
 *      percent-decoded into a key, and a key ending in '/' (or empty) gets
 *      "index.html".
 *
 * Limits: URLs over URL_MAX bytes are URL_INVALID, so a hostile page cannot
 * make us allocate in proportion to itself per reference more than once.
 */
#include "url.h"

#include <ctype.h>
#include <strings.h>

#include "lib/buf.h"
#include "lib/util.h"

#define URL_MAX 8192

static char *lower_dup(const char *s, size_t n)
{
	char *r = xstrndup(s, n);

	for (char *p = r; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

/* "host:port" lowercased with the scheme's default port dropped (heap). */
static char *norm_host(const char *scheme, const char *h, size_t n)
{
	char *r = lower_dup(h, n);
	size_t len = strlen(r);

	if (len > 1 && r[len - 1] == '.')
		r[--len] = '\0'; /* "example.com." is the same host */
	if ((!strcmp(scheme, "http") && ends_with(r, ":80")) || (!strcmp(scheme, "https") && ends_with(r, ":443")))
		*strrchr(r, ':') = '\0';
	return r;
}

static size_t scheme_len(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || !isalpha((unsigned char)s[0]))
		return 0;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
		i++;
	return i < n && s[i] == ':' ? i : 0;
}

void url_site_init(struct url_site *u, const char *base_url)
{
	size_t n, sl, a, e;

	memset(u, 0, sizeof(*u));
	u->prefix = xstrdup("/");
	if (!base_url || !*base_url)
		return;
	n = strlen(base_url);
	sl = scheme_len(base_url, n);
	if (!sl || n < sl + 3 || base_url[sl + 1] != '/' || base_url[sl + 2] != '/')
		return;
	a = sl + 3;
	for (e = a; e < n && base_url[e] != '/' && base_url[e] != '?' && base_url[e] != '#'; e++)
		;
	u->scheme = lower_dup(base_url, sl);
	u->host = norm_host(u->scheme, base_url + a, e - a);
	if (e < n && base_url[e] == '/') {
		size_t pe = e;
		while (pe < n && base_url[pe] != '?' && base_url[pe] != '#')
			pe++;
		free(u->prefix);
		u->prefix = base_url[pe - 1] == '/' ? xstrndup(base_url + e, pe - e)
						    : xasprintf("%.*s/", (int)(pe - e), base_url + e);
	}
}

void url_site_free(struct url_site *u)
{
	free(u->scheme);
	free(u->host);
	free(u->prefix);
	memset(u, 0, sizeof(*u));
}

char *url_base_of_key(const struct url_site *site, const char *key)
{
	return xasprintf("%s%s", site->prefix, key);
}

/* Is the authority s[0..n) the site's host? */
static int is_site_host(const struct url_site *site, const char *scheme, const char *s, size_t n)
{
	char *h;
	int same;

	if (!site->host || memchr(s, '@', n))
		return 0;
	h = norm_host(scheme, s, n);
	same = !strcmp(h, site->host);
	free(h);
	return same;
}

static int seg_is(const char *s, size_t n, int dots)
{
	size_t k = 0;

	if (n > 6)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.')
			k++;
		else if (s[i] == '%' && i + 2 < n && s[i + 1] == '2' && (s[i + 2] == 'e' || s[i + 2] == 'E')) {
			k++;
			i += 2;
		} else
			return 0;
	}
	return (int)k == dots;
}

/*
 * Remove dot segments from an absolute path held in `in` (which starts with
 * '/'), writing the result to `out`.
 */
static void remove_dots(const char *in, size_t n, struct buf *out)
{
	size_t i = 0;

	buf_reset(out);
	while (i < n) {
		size_t s = i + 1, e = s; /* in[i] == '/' */
		while (e < n && in[e] != '/')
			e++;
		if (seg_is(in + s, e - s, 1)) {
			if (e >= n)
				buf_addch(out, '/');
		} else if (seg_is(in + s, e - s, 2)) {
			while (out->len > 0 && out->data[out->len - 1] != '/')
				out->len--;
			if (out->len > 0)
				out->len--; /* the '/' before the dropped segment */
			out->data[out->len] = '\0';
			if (e >= n)
				buf_addch(out, '/');
		} else {
			buf_addch(out, '/');
			buf_add(out, in + s, e - s);
		}
		i = e;
	}
	if (out->len == 0)
		buf_addch(out, '/');
}

/*
 * The shared core: resolve to an absolute encoded path in `abs`.  Returns
 * URL_LOCAL with *pend_out set to where the path ends in url, or another kind.
 */
static enum url_kind resolve_path(const struct url_site *site, const char *base_path, const char *url,
				  size_t len, struct buf *abs, size_t *pend_out)
{
	size_t s = 0, e = len, ps, pe, sl;
	struct buf merged = BUF_INIT;

	while (s < e && (unsigned char)url[s] <= 0x20)
		s++;
	while (e > s && (unsigned char)url[e - 1] <= 0x20)
		e--;
	if (e - s > URL_MAX)
		return URL_INVALID;
	for (size_t i = s; i < e; i++)
		if (url[i] == '\t' || url[i] == '\n' || url[i] == '\r' || url[i] == '\0')
			return URL_INVALID;
	if (s == e || url[s] == '#' || url[s] == '?')
		return URL_SELF;

	sl = scheme_len(url + s, e - s);
	ps = s;
	if (sl) {
		char *scheme = lower_dup(url + s, sl);
		int web = !strcmp(scheme, "http") || !strcmp(scheme, "https");
		size_t a = s + sl + 1, ae;

		if (!web || e - a < 2 || (url[a] != '/' && url[a] != '\\') || (url[a + 1] != '/' && url[a + 1] != '\\')) {
			free(scheme);
			return URL_EXTERNAL;
		}
		a += 2;
		for (ae = a; ae < e && !strchr("/\\?#", url[ae]); ae++)
			;
		if (!is_site_host(site, scheme, url + a, ae - a)) {
			free(scheme);
			return URL_EXTERNAL;
		}
		free(scheme);
		ps = ae;
	} else if (e - s >= 2 && (url[s] == '/' || url[s] == '\\') && (url[s + 1] == '/' || url[s + 1] == '\\')) {
		size_t a = s + 2, ae;
		for (ae = a; ae < e && !strchr("/\\?#", url[ae]); ae++)
			;
		if (!site->scheme || !is_site_host(site, site->scheme, url + a, ae - a))
			return URL_EXTERNAL;
		ps = ae;
	}
	for (pe = ps; pe < e && url[pe] != '?' && url[pe] != '#'; pe++)
		;

	if (ps < pe && (url[ps] == '/' || url[ps] == '\\')) {
		buf_add(&merged, url + ps, pe - ps);
	} else if (sl || ps != s) {
		buf_addch(&merged, '/'); /* "https://host" or "https://host?q" */
		buf_add(&merged, url + ps, pe - ps);
	} else {
		const char *slash;
		if (!base_path)
			return URL_EXTERNAL;
		slash = strrchr(base_path, '/');
		buf_add(&merged, base_path, slash ? (size_t)(slash - base_path) + 1 : 0);
		if (merged.len == 0)
			buf_addch(&merged, '/');
		buf_add(&merged, url + ps, pe - ps);
	}
	for (size_t i = 0; i < merged.len; i++)
		if (merged.data[i] == '\\')
			merged.data[i] = '/';
	remove_dots(merged.data, merged.len, abs);
	buf_release(&merged);
	if (pend_out)
		*pend_out = pe;
	return URL_LOCAL;
}

enum url_kind url_resolve(const struct url_site *site, const char *base_path, const char *url,
			  size_t len, char **key, size_t *path_end)
{
	struct buf abs = BUF_INIT, k = BUF_INIT;
	size_t plen = strlen(site->prefix);
	enum url_kind kind = resolve_path(site, base_path, url, len, &abs, path_end);
	const char *rel;

	*key = NULL;
	if (kind != URL_LOCAL) {
		buf_release(&abs);
		return kind;
	}
	if (abs.len + 1 == plen && !strncmp(abs.data, site->prefix, abs.len)) {
		rel = ""; /* "/docs" for a site under "/docs/" */
	} else if (!strncmp(abs.data, site->prefix, plen)) {
		rel = abs.data + plen;
	} else {
		buf_release(&abs);
		return URL_EXTERNAL; /* on our host but outside the site's folder */
	}
	for (const char *p = rel; *p; p++) {
		int hi, lo;
		if (*p == '%' && (hi = hex_digit_value((unsigned char)p[1])) >= 0 && (lo = hex_digit_value((unsigned char)p[2])) >= 0) {
			if (hi == 0 && lo == 0)
				goto invalid;
			buf_addch(&k, hi * 16 + lo);
			p += 2;
		} else {
			buf_addch(&k, *p);
		}
	}
	if (k.len == 0 || k.data[k.len - 1] == '/')
		buf_addstr(&k, "index.html");
	if (strstr(k.data, "//") || k.data[0] == '/')
		goto invalid; /* "a//b" or a decoded "%2F": not a key we could hold */
	buf_release(&abs);
	*key = buf_detach(&k, NULL);
	return URL_LOCAL;
invalid:
	buf_release(&abs);
	buf_release(&k);
	return URL_INVALID;
}

char *url_base(const struct url_site *site, const char *base_path, const char *url, size_t len)
{
	struct buf abs = BUF_INIT;
	enum url_kind kind = resolve_path(site, base_path, url, len, &abs, NULL);

	if (kind == URL_SELF) {
		buf_release(&abs);
		return base_path ? xstrdup(base_path) : NULL;
	}
	if (kind != URL_LOCAL) {
		buf_release(&abs);
		return NULL;
	}
	return buf_detach(&abs, NULL);
}
