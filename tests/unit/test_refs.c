/*
 * test_refs.c - references found in HTML, CSS and web manifests, from the
 * cases in tests/rewrite/refs.test.
 *
 * A case is five or six lines and a blank one:
 *
 *     # what it shows
 *     > KEY [BASE_URL]       the referring file's key (its extension picks the language)
 *     INPUT                  the file, one line; \n and \r stand for LF and CR
 *     = ANNOTATED            INPUT with "{target}" inserted at each rewrite offset
 *     ! PINNED               pinned targets in document order, space-separated, or -
 *     ~ KINDS                optional: every reference in document order as
 *                            KIND:TARGET, with #GROUP when it has one (refs.h)
 *
 * so the expected rewrite reads like the page itself.  The kinds are what
 * `jamdeploy check` weighs a page by (check/budgets.c walks them), so the
 * cases that used to test check's own scanner (resolving against the page's
 * folder, <picture> and srcset groups, the first font of a src: list,
 * @import, comments and scripts that are not references) are kind cases
 * here.
 */
#include "lib/util.h"
#include "site/refs.h"
#include "test.h"

static void unescape(const char *s, struct buf *out)
{
	buf_reset(out);
	for (; *s; s++) {
		if (s[0] == '\\' && (s[1] == 'n' || s[1] == 'r')) {
			buf_addch(out, s[1] == 'n' ? '\n' : '\r');
			s++;
		} else {
			buf_addch(out, *s);
		}
	}
}

static void run_case(const char *name, const char *key, const char *base_url, const char *input,
		     const char *want_ann, const char *want_pin, const char *want_kinds)
{
	struct url_site site;
	struct ref_list refs = { 0 };
	struct buf in = BUF_INIT, ann = BUF_INIT, pin = BUF_INIT, js = BUF_INIT, kinds = BUF_INIT;
	char label[600];
	size_t at = 0;

	url_site_init(&site, base_url);
	unescape(input, &in);
	if (ends_with(key, ".css")) {
		char *base = url_base_of_key(&site, key);
		refs_css(in.data, in.len, 0, base, &site, 0, &refs);
		free(base);
	} else if (ends_with(key, ".webmanifest")) {
		refs_webmanifest(in.data, in.len, key, &site, &refs);
	} else {
		refs_html(in.data, in.len, key, &site, &refs, &js);
	}
	for (size_t i = 0; i < refs.n; i++) {
		buf_printf(&kinds, "%s%s:%s", kinds.len ? " " : "", ref_kind_name(refs.v[i].kind), refs.v[i].key);
		if (refs.v[i].group)
			buf_printf(&kinds, "#%u", refs.v[i].group);
	}
	for (size_t i = 0; i < refs.n; i++) {
		if (refs.v[i].pin) {
			buf_printf(&pin, "%s%s", pin.len ? " " : "", refs.v[i].key);
			continue;
		}
		if (refs.v[i].off < at || refs.v[i].off > in.len) {
			buf_addstr(&ann, "<offsets out of order>");
			continue;
		}
		buf_add(&ann, in.data + at, refs.v[i].off - at);
		buf_printf(&ann, "{%s}", refs.v[i].key);
		at = refs.v[i].off;
	}
	buf_add(&ann, in.data + at, in.len - at);
	if (!pin.len)
		buf_addch(&pin, '-');
	unescape(want_ann, &in);
	snprintf(label, sizeof(label), "%s: rewrite offsets", name);
	CHECK_STR(label, ann.data, in.data);
	snprintf(label, sizeof(label), "%s: pinned targets", name);
	CHECK_STR(label, pin.data, want_pin);
	if (want_kinds) {
		snprintf(label, sizeof(label), "%s: kinds", name);
		CHECK_STR(label, kinds.len ? kinds.data : "-", want_kinds);
	}
	ref_list_free(&refs);
	url_site_free(&site);
	buf_release(&in);
	buf_release(&ann);
	buf_release(&pin);
	buf_release(&js);
	buf_release(&kinds);
}

static void one_case(char **l, size_t n)
{
	char *key, *base;

	if ((n != 5 && n != 6) || l[0][0] != '#' || l[1][0] != '>' || l[3][0] != '=' || l[4][0] != '!' ||
	    (n == 6 && l[5][0] != '~')) {
		printf("not ok - malformed case: %s\n", l[0]);
		test_failures++;
		return;
	}
	key = l[1] + 2;
	base = strchr(key, ' ');
	if (base)
		*base++ = '\0';
	run_case(l[0] + 2, key, base, l[2], l[3] + 2, l[4] + 2, n == 6 ? l[5] + 2 : NULL);
}

/*
 * Invariant over generated documents: refs never point outside the input,
 * come in ascending order, and every rewritable one sits on the literal
 * extension of its key.  Inputs are built from fragments that exercise the
 * tokenizers' edges (quotes, entities, escapes, unclosed constructs), with
 * a fixed-seed generator so a failure is reproducible.
 */
static void generated_inputs(void)
{
	static const char *const frag[] = {
		"<img src=", "\"", "'", "a.png", "b.css", "?q=1", "#f", "&amp;", "&#46;", " ", ",", "1x",
		"<style>", "</style>", "url(", ")", "\\", "@import ", "<script>", "</script>", "<!--", "-->",
		"srcset=", "<link rel=stylesheet href=", ">", "<base href=", "/", "../", "style=", "%2e",
		"<svg><use href=", "image-set(", "\n", "\r", "<textarea>", "x.woff2", "<", "=",
	};
	struct url_site site;
	struct buf in = BUF_INIT;
	unsigned long seed = 12345;
	int bad = 0;

	url_site_init(&site, "https://www.example.com");
	for (int iter = 0; iter < 3000 && !bad; iter++) {
		struct ref_list refs = { 0 };
		size_t last = 0;
		int nfrag;

		buf_reset(&in);
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		nfrag = (int)((seed >> 33) % 40);
		for (int k = 0; k < nfrag; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			buf_addstr(&in, frag[(seed >> 33) % (sizeof(frag) / sizeof(frag[0]))]);
		}
		if (iter % 2)
			refs_html(in.data, in.len, "dir/page.html", &site, &refs, NULL);
		else
			refs_css(in.data, in.len, 0, "/dir/site.css", &site, 0, &refs);
		for (size_t i = 0; i < refs.n && !bad; i++) {
			const struct ref *r = &refs.v[i];
			const char *dot = strrchr(r->key, '.');
			if ((unsigned)r->kind >= REF_KIND_COUNT || r->group > refs.groups) {
				printf("# input: %s\n# ref %s kind %d group %u of %u\n", in.data, r->key, (int)r->kind,
				       r->group, refs.groups);
				bad = 1;
			}
			if (r->pin)
				continue;
			if (r->off < last || !dot || r->off + strlen(dot) > in.len ||
			    memcmp(in.data + r->off, dot, strlen(dot)) != 0) {
				printf("# input: %s\n# ref %s at %zu\n", in.data, r->key, r->off);
				bad = 1;
			}
			last = r->off;
		}
		ref_list_free(&refs);
	}
	CHECK("generated documents: rewritable refs sit on their extension, in order, with a kind and a "
	      "group handed out", !bad);
	buf_release(&in);
	url_site_free(&site);
}

/* ref_kind_name and ref_kind_from_name agree on every kind (the rewrite memo stores names). */
static void kind_names(void)
{
	int ok = 1;

	for (int k = 0; k < REF_KIND_COUNT; k++)
		if (ref_kind_from_name(ref_kind_name((enum ref_kind)k)) != k)
			ok = 0;
	CHECK("every kind has a name that reads back", ok && ref_kind_from_name("nonsense") == -1);
}

int main(int argc, char **argv)
{
	kind_names();
	CHECK("refs.test has cases", test_run_case_file(argc, argv, "tests/rewrite/refs.test", one_case) >= 20);
	generated_inputs();
	TEST_DONE();
}
