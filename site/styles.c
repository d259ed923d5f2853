/*
 * styles.c - the stylesheets an HTML page may be styled with (see styles.h).
 *
 * Both gatherings end in add_sheet (a file's bytes into the facts); they
 * differ only in which stylesheets count, because the build knows the
 * whole site and `jamdeploy minify` knows only its arguments.  A linked
 * stylesheet is found with refs_html (site/refs.h), the same reader the
 * rewrite stage uses for references, so `minify` sees the links the build
 * would.
 */
#include "site/styles.h"

#include <stdlib.h>
#include <unistd.h>

#include "lib/sha256.h"
#include "lib/util.h"
#include "site/refs.h"

/* Add the stylesheet at `path` to `css`; `tmp` is scratch. */
static enum jd_err add_sheet(struct html_css *css, const char *path, struct buf *tmp, struct diag *d)
{
	enum jd_err rc;

	buf_reset(tmp);
	if (!(rc = read_file(path, tmp, d)))
		html_css_add(css, tmp->data, tmp->len);
	return rc;
}

enum jd_err styles_of_site(const struct site *s, struct html_css **css, char fingerprint[17],
			   struct diag *d)
{
	struct buf text = BUF_INIT;
	char sha[65];
	enum jd_err rc = JD_OK;

	*css = html_css_new();
	for (size_t i = 0; i < s->nfiles && !rc; i++) {
		const struct file *f = &s->files[i];
		if (!starts_with(f->content_type, "text/css"))
			continue;
		if (f->in_memory)
			html_css_add(*css, f->data.data, f->data.len);
		else
			rc = add_sheet(*css, file_ship_path(f), &text, d);
	}
	buf_reset(&text);
	html_css_describe(*css, &text);
	sha256_hex(text.data, text.len, sha);
	memcpy(fingerprint, sha, 16);
	fingerprint[16] = '\0';
	buf_release(&text);
	return rc;
}

/*
 * Where the stylesheet `key` is on disk.  Keys are resolved against the
 * page's absolute path taken as a key from the filesystem's root, so a
 * relative href ("../css/a.css") lands exactly; a root-relative one
 * ("/css/a.css") does not know the site's root, so it is looked for below
 * each folder from the page's up.  NULL when none exists.
 */
static char *find_sheet(const char *key, const char *page_dir)
{
	char *dir = xstrdup(page_dir), *path = xasprintf("/%s", key);

	while (access(path, R_OK) != 0) {
		free(path);
		path = NULL;
		if (!*dir)
			break;
		path = xasprintf("%s/%s", dir, key);
		*strrchr(dir, '/') = '\0'; /* dir is absolute: there is a '/' */
	}
	free(dir);
	return path;
}

/*
 * Add to css the stylesheets an HTML file links to.  One that cannot be
 * found makes every element count as preformatted: its rules are unknown,
 * and keeping whitespace is the answer that cannot change the page.
 */
static void add_linked_styles(struct html_css *css, const char *name, const struct buf *html)
{
	const char *slash = strrchr(name, '/');
	char *dir_rel = slash ? xstrndup(name, (size_t)(slash - name)) : xstrdup(".");
	char *dir = realpath(*dir_rel ? dir_rel : "/", NULL);
	char *page_key;
	struct ref_list refs = {0};
	struct url_site site;
	struct buf sheet = BUF_INIT;
	struct diag ignored;

	free(dir_rel);
	if (!dir) {
		html_css_assume_everything(css);
		return;
	}
	page_key = xasprintf("%s/%s", dir + 1, slash ? slash + 1 : name);
	url_site_init(&site, NULL);
	refs_html(html->data, html->len, page_key[0] == '/' ? page_key + 1 : page_key, &site, &refs,
		  NULL);
	for (size_t i = 0; i < refs.n; i++) {
		char *path;

		if (refs.v[i].kind != REF_STYLESHEET && !ends_with(refs.v[i].key, ".css"))
			continue;
		path = find_sheet(refs.v[i].key, dir);
		if (!path || add_sheet(css, path, &sheet, &ignored) != JD_OK)
			html_css_assume_everything(css);
		free(path);
	}
	buf_release(&sheet);
	ref_list_free(&refs);
	url_site_free(&site);
	free(page_key);
	free(dir);
}

struct html_css *styles_of_inputs(char *const *paths, const char *const *types, size_t n)
{
	struct html_css *css = NULL;
	struct buf in = BUF_INIT;
	struct diag ignored;

	for (size_t i = 0; i < n && !css; i++)
		if (types[i] && !strcmp(types[i], "html"))
			css = html_css_new();
	for (size_t i = 0; css && i < n; i++) {
		if (!types[i] || !strcmp(paths[i], "-"))
			continue;
		if (!strcmp(types[i], "css")) {
			add_sheet(css, paths[i], &in, &ignored);
		} else if (!strcmp(types[i], "html")) {
			buf_reset(&in);
			if (read_file(paths[i], &in, &ignored) == JD_OK)
				add_linked_styles(css, paths[i], &in);
		}
	}
	buf_release(&in);
	return css;
}
