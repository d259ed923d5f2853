/*
 * test_picture.c - the <picture> pass (site/picture.c), from the cases
 * in tests/rewrite/picture.test.
 *
 * A case is five lines and a blank one:
 *
 *     # what it shows
 *     > KEY [BASE_URL]     the page's key
 *     w SOURCES            images that have a derived NAME.webp (space-separated, or -)
 *     INPUT                the page, one line
 *     = OUTPUT             the page after the pass ("= same": unchanged)
 *
 * The site of a case is the page, each image in SOURCES with its derived
 * WebP, and the files a "+ KEYS" line may add before INPUT (for instance a
 * NAME.webp of the site's own, which is not ours to offer).
 */
#include <stdlib.h>

#include "lib/util.h"
#include "site/site.h"
#include "test.h"

static struct file *add(struct site *s, const char *key, const char *derived_from)
{
	struct file *f = site_add(s, key, key);

	f->derived_from = derived_from ? xstrdup(derived_from) : NULL;
	return f;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->key, ((const struct file *)b)->key);
}

/* Add one file per space-separated key of `list` ("-": none); derived: each with its NAME.webp. */
static void add_list(struct site *s, const char *list, int derived)
{
	char *copy = xstrdup(list), *save = NULL;

	for (char *k = strtok_r(copy, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
		if (!strcmp(k, "-"))
			continue;
		add(s, k, NULL);
		if (derived) {
			char *w = xasprintf("%.*s.webp", (int)(strrchr(k, '.') - k), k);
			add(s, w, k);
			free(w);
		}
	}
	free(copy);
}

static void run_case(char **l, size_t n)
{
	struct site s = { 0 };
	struct config cfg;
	struct diag d;
	struct file *page;
	char *key, *base;
	const char *input, *want;
	size_t at = 3;

	if (n < 5 || l[0][0] != '#' || l[1][0] != '>' || l[2][0] != 'w' || l[n - 1][0] != '=') {
		printf("not ok - malformed case: %s\n", l[0]);
		test_failures++;
		return;
	}
	key = l[1] + 2;
	base = strchr(key, ' ');
	if (base)
		*base++ = '\0';
	add_list(&s, l[2] + 2, 1);
	for (; at < n - 2 && l[at][0] == '+'; at++)
		add_list(&s, l[at] + 2, 0);
	input = l[at];
	want = !strcmp(l[n - 1] + 2, "same") ? input : l[n - 1] + 2;
	page = add(&s, key, NULL);
	buf_addstr(&page->data, input);
	page->in_memory = 1;
	qsort(s.files, s.nfiles, sizeof(*s.files), by_key);
	config_defaults(&cfg);
	cfg.images_webp = 1;
	free(cfg.base_url);
	cfg.base_url = base ? xstrdup(base) : NULL;
	diag_clear(&d);
	if (picture_site(&s, &cfg, &d) != JD_OK) {
		printf("not ok - %s: picture_site failed: %s\n", l[0] + 2, d.msg);
		test_failures++;
	} else {
		page = site_find(&s, key);
		CHECK_STR(l[0] + 2, page->data.data, want);
	}
	config_free(&cfg);
	site_free(&s);
}

int main(int argc, char **argv)
{
	CHECK("picture.test has cases", test_run_case_file(argc, argv, "tests/rewrite/picture.test", run_case) >= 15);
	TEST_DONE();
}
