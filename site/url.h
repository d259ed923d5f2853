/*
 * url.h - resolve a reference found in a site's file to the key it names.
 *
 * A browser resolves `../img/a.png` against the URL of the page that holds
 * it (or its <base href>); we do the same against the referring file's key,
 * so `blog/post.html` + `../img/a.png` is the key `img/a.png`.  Only the
 * path takes part: the query and fragment are kept aside (url_resolve
 * reports where the path ends so a rewriter can insert before them), and
 * the path is percent-decoded only at the end, to find the key.
 *
 * The site's own origin comes from the config's `base_url`
 * ("https://www.example.com/docs/"): absolute URLs on it resolve to keys
 * (its path is the site's root), absolute URLs anywhere else, and every
 * other scheme (data:, mailto:, javascript:), are external and left alone.
 */
#ifndef JD_URL_H
#define JD_URL_H

#include <stddef.h>

/* The site's public origin, parsed from base_url; all fields heap, owned. */
struct url_site {
	char *scheme;  /* "https", lowercase; NULL when no base_url */
	char *host;    /* "www.example.com:8443", lowercase, default port dropped */
	char *prefix;  /* path the site lives under, "/" or "/docs/" (always ends in '/') */
};

/* Parse base_url (may be NULL: only relative and root-relative URLs are local). */
void url_site_init(struct url_site *u, const char *base_url);
void url_site_free(struct url_site *u);

enum url_kind {
	URL_LOCAL = 0,   /* names a key of the site: *key set */
	URL_EXTERNAL,    /* another origin or scheme: leave it alone */
	URL_SELF,        /* empty, "#frag" or "?q": the document itself */
	URL_INVALID,     /* cannot be resolved (escapes the root, NUL, too long) */
};

/*
 * The base a document resolves against: an absolute, still percent-encoded
 * path on the site ("/blog/post.html"), or NULL when a <base href> moved it
 * to another origin (then every relative reference is external).
 */

/*
 * Resolve `url` (len bytes, not NUL-terminated, already freed of HTML or
 * CSS escaping) against `base_path`.  On URL_LOCAL, *key is a heap copy of
 * the decoded key (no leading '/', "dir/" becomes "dir/index.html"), and
 * *path_end, when not NULL, is the offset in `url` where the path ends
 * (the '?', the '#', or the end of the URL without trailing spaces).
 */
enum url_kind url_resolve(const struct url_site *site, const char *base_path, const char *url,
			  size_t len, char **key, size_t *path_end);

/*
 * Resolve `url` as a new document base (for <base href>): returns a heap
 * absolute encoded path on the site, or NULL when it leaves the site.
 */
char *url_base(const struct url_site *site, const char *base_path, const char *url, size_t len);

/* The base path of a file: the site prefix ("/" or base_url's path) + key (heap). */
char *url_base_of_key(const struct url_site *site, const char *key);

#endif
