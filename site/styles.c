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

/* Add to css the stylesheets an HTML file links to that are on disk beside it. */
static void add_linked_styles(struct html_css *css, const char *name, const struct buf *html)
{
	const char *slash = strrchr(name, '/');
	char *dir = slash ? xstrndup(name, (size_t)(slash - name)) : xstrdup(".");
	struct ref_list refs = {0};
	struct url_site site;
	struct buf sheet = BUF_INIT;
	struct diag ignored;

	url_site_init(&site, NULL);
	refs_html(html->data, html->len, slash ? slash + 1 : name, &site, &refs, NULL);
	for (size_t i = 0; i < refs.n; i++) {
		if (!ends_with(refs.v[i].key, ".css"))
			continue;
		char *path = path_join(dir, refs.v[i].key);
		add_sheet(css, path, &sheet, &ignored); /* not there: nothing to learn */
		free(path);
	}
	buf_release(&sheet);
	ref_list_free(&refs);
	url_site_free(&site);
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
