/*
 * test_refs.c - references found in HTML, CSS and web manifests, from the
 * cases in tests/rewrite/refs.test.
 *
 * A case is four lines and a blank one:
 *
 *     # what it shows
 *     > KEY [BASE_URL]       the referring file's key (its extension picks the language)
 *     INPUT                  the file, one line; \n stands for a newline
 *     = ANNOTATED            INPUT with "{target}" inserted at each rewrite offset
 *     ! PINNED               pinned targets in document order, space-separated, or -
 *
 * so the expected rewrite reads like the page itself.
 */
#include "lib/util.h"
#include "manifests/refs.h"
#include "test.h"

static void unescape(const char *s, struct buf *out)
{
	buf_reset(out);
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			buf_addch(out, '\n');
			s++;
		} else {
			buf_addch(out, *s);
		}
	}
}

static void run_case(const char *name, const char *key, const char *base_url, const char *input,
		     const char *want_ann, const char *want_pin)
{
	struct url_site site;
	struct ref_list refs = { 0 };
	struct buf in = BUF_INIT, ann = BUF_INIT, pin = BUF_INIT, js = BUF_INIT;
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
	ref_list_free(&refs);
	url_site_free(&site);
	buf_release(&in);
	buf_release(&ann);
	buf_release(&pin);
	buf_release(&js);
}

/* Split text into groups of lines separated by blank lines; call fn per group. */
static size_t for_each_case(char *text, void (*fn)(char **lines, size_t n))
{
	char *lines[16];
	size_t nl = 0, groups = 0;

	for (char *p = text; p;) {
		char *e = strchr(p, '\n');
		if (e)
			*e = '\0';
		if (*p == '\0' || !e) {
			if (*p && nl < 16)
				lines[nl++] = p;
			if (nl) {
				fn(lines, nl);
				groups++;
			}
			nl = 0;
		} else if (nl < 16) {
			lines[nl++] = p;
		}
		p = e ? e + 1 : NULL;
	}
	return groups;
}

static void one_case(char **l, size_t n)
{
	char *key, *base;

	if (n != 5 || l[0][0] != '#' || l[1][0] != '>' || l[3][0] != '=' || l[4][0] != '!') {
		printf("not ok - malformed case: %s\n", l[0]);
		test_failures++;
		return;
	}
	key = l[1] + 2;
	base = strchr(key, ' ');
	if (base)
		*base++ = '\0';
	run_case(l[0] + 2, key, base, l[2], l[3] + 2, l[4] + 2);
}

int main(int argc, char **argv)
{
	const char *top = getenv("JD_TOP");
	char *path = argc > 1 ? xstrdup(argv[1]) : xasprintf("%s/tests/rewrite/refs.test", top ? top : ".");
	struct buf text = BUF_INIT;
	struct diag d;
	size_t ncases;

	if (read_file(path, &text, &d)) {
		printf("not ok - read %s: %s\n", path, d.msg);
		return 1;
	}
	ncases = for_each_case(text.data, one_case);
	CHECK("refs.test has cases", ncases >= 20);
	buf_release(&text);
	free(path);
	TEST_DONE();
}
