/*
 * test_url.c - url_resolve and url_base, from the cases in
 * tests/rewrite/url.test (format described at its top), plus a few checks
 * of path_end and <base href> resolution.
 */
#include "lib/util.h"
#include "site/url.h"
#include "test.h"

static const char *kind_name(enum url_kind k)
{
	switch (k) {
	case URL_LOCAL:
		return "LOCAL";
	case URL_EXTERNAL:
		return "EXTERNAL";
	case URL_SELF:
		return "SELF";
	case URL_INVALID:
		return "INVALID";
	}
	return "?";
}

static void run_file(const char *path)
{
	struct buf text = BUF_INIT;
	struct url_site site;
	struct diag d;
	char *lines[3];
	size_t nl = 0, ncases = 0;

	url_site_init(&site, NULL);
	if (read_file(path, &text, &d)) {
		printf("not ok - read %s: %s\n", path, d.msg);
		test_failures++;
		return;
	}
	for (char *p = text.data; p;) {
		char *e = strchr(p, '\n');
		if (e)
			*e = '\0';
		if (*p == '\0' && nl == 0) {
			/* blank between cases */
		} else if (nl == 0 && starts_with(p, "base_url: ")) {
			url_site_free(&site);
			url_site_init(&site, strcmp(p + 10, "-") ? p + 10 : NULL);
		} else if (nl == 0 && p[0] == '#' && p[1] == ' ' && e && e[1] != '#' && e[1] != '\n' && e[1] != '\0') {
			lines[nl++] = p + 2;
		} else if (nl == 0) {
			/* a comment of the file header */
		} else {
			lines[nl++] = p;
			if (nl == 3) {
				char *tab = strchr(lines[1], '\t'), *key = NULL, *base = NULL;
				enum url_kind k;
				if (!tab) {
					printf("not ok - %s: case has no TAB\n", lines[0]);
					test_failures++;
				} else {
					*tab = '\0';
					k = url_resolve(&site, base = url_base_of_key(&site, lines[1]), tab + 1, strlen(tab + 1), &key, NULL);
					CHECK_STR(lines[0], k == URL_LOCAL ? key : kind_name(k), lines[2]);
					ncases++;
				}
				free(key);
				free(base);
				nl = 0;
			}
		}
		p = e ? e + 1 : NULL;
	}
	CHECK("url.test has cases", ncases >= 40);
	url_site_free(&site);
	buf_release(&text);
}

int main(int argc, char **argv)
{
	const char *top = getenv("JD_TOP");
	char *path = argc > 1 ? xstrdup(argv[1]) : xasprintf("%s/tests/rewrite/url.test", top ? top : ".");
	struct url_site site;
	char *key = NULL, *b;
	size_t pe = 0;

	run_file(path);
	free(path);

	url_site_init(&site, "https://www.example.com");
	CHECK("path ends at the query", url_resolve(&site, "/index.html", "a.png?x#y", 9, &key, &pe) == URL_LOCAL && pe == 5);
	free(key);
	CHECK("path ends at the fragment", url_resolve(&site, "/index.html", " a.png#y", 8, &key, &pe) == URL_LOCAL && pe == 6);
	free(key);
	CHECK("path ends before trailing spaces", url_resolve(&site, "/index.html", "a.png  ", 7, &key, &pe) == URL_LOCAL && pe == 5);
	free(key);
	b = url_base(&site, "/blog/post.html", "../static/", 10);
	CHECK_STR("base href resolves against the page", b, "/static/");
	free(b);
	b = url_base(&site, "/blog/post.html", "https://cdn.example.net/", 24);
	CHECK("base href on another origin leaves the site", b == NULL);
	b = url_base(&site, "/blog/post.html", "https://www.example.com/x/", 26);
	CHECK_STR("base href on our origin is a path", b, "/x/");
	free(b);
	url_site_free(&site);
	TEST_DONE();
}
