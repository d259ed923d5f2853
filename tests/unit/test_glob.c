/* test_glob.c - glob matching as rules and budgets use it. */
#include "lib/glob.h"
#include "test.h"

static const struct {
	const char *pattern, *key;
	int match;
} cases[] = {
	{ "*.css", "css/app.css", 1 },          /* no slash: base name only */
	{ "*.css", "app.css", 1 },
	{ "*.css", "app.css.map", 0 },
	{ "**/*.html", "index.html", 1 },       /* leading double star matches no directory too */
	{ "**/*.html", "a/b/c.html", 1 },
	{ "assets/**", "assets/x/y.png", 1 },
	{ "assets/**", "other/assets/y.png", 0 },
	{ "assets/*", "assets/x/y.png", 0 },
	{ "assets/*", "assets/y.png", 1 },
	{ "/robots.txt", "robots.txt", 1 },
	{ "img/?.png", "img/a.png", 1 },
	{ "img/?.png", "img/ab.png", 0 },
	{ "img/[a-c].png", "img/b.png", 1 },
	{ "img/[!a-c].png", "img/b.png", 0 },
	{ "*.{js,mjs}", "x/app.mjs", 1 },
	{ "*.{js,mjs}", "x/app.cjs", 0 },
	{ "docs/**/index.html", "docs/index.html", 1 },
	{ "docs/**/index.html", "docs/a/b/index.html", 1 },
	{ "a[b", "a[b", 1 },                    /* unclosed bracket is literal */
};

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[160];
		snprintf(name, sizeof(name), "'%s' %s '%s'", cases[i].pattern,
			 cases[i].match ? "matches" : "does not match", cases[i].key);
		CHECK(name, glob_match(cases[i].pattern, cases[i].key) == cases[i].match);
	}
	TEST_DONE();
}
