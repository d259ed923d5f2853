/*
 * test_html_css.c - what minify/html_css.c learns from stylesheets, case by
 * case from tests/html/css_facts.test (its header has the format), plus the
 * limits that a case file cannot spell: nesting past the parser's depth,
 * facts from several stylesheets, and a description that does not depend
 * on the order the stylesheets came in.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "minify/html_css.h"
#include "minify/html_tokenizer.h"
#include "tests/unit/test.h"

/*
 * What html_css_match() says of the last start tag of `html`: "pre" or "none";
 * the start tags before it are its ancestors, except those closed by an end
 * tag or written <x/>: they are the previous siblings of what follows
 * (`<ul><li></li><li>`).
 */
static void facts_of(const struct html_css *c, const char *html, char *out, size_t n)
{
	struct html_tokenizer t;
	struct html_token tok;
	unsigned what = 0;
	uint64_t ancestors[64] = {0}, siblings[64] = {0}, own = 0;
	size_t depth = 0;

	html_tokenizer_init(&t, html, strlen(html));
	while (html_next(&t, &tok) != HTML_TOK_EOF) {
		if (tok.type == HTML_TOK_START_TAG && depth + 1 < 64) {
			what = html_css_match(c, &tok, ancestors[depth], siblings[depth], &own);
			siblings[depth] |= own;
			if (tok.self_closing)
				continue; /* <input/>: closed at once */
			depth++;
			ancestors[depth] = ancestors[depth - 1] | own;
			siblings[depth] = 0;
		} else if (tok.type == HTML_TOK_END_TAG && depth > 0) {
			depth--;
		}
	}
	html_tokenizer_release(&t);
	snprintf(out, n, "%s", what & HTML_CSS_PRE ? "pre" : "none");
}

/* One case of css_facts.test: '#' lines (the last names it), stylesheet, start tags, facts. */
static void run_case(char **lines, size_t n)
{
	size_t k = 0;
	while (k < n && lines[k][0] == '#')
		k++;
	if (k == n)
		return; /* comments only: the file's header, a heading */
	char got[64], label[700];
	snprintf(label, sizeof(label), "css facts: %s", k ? lines[k - 1] + 1 + (lines[k - 1][1] == ' ') : lines[k]);
	if (n - k != 3) {
		CHECK(label, !"a case has a stylesheet, start tags and facts");
		return;
	}
	struct html_css *c = html_css_new();
	html_css_add(c, lines[k], strlen(lines[k]));
	facts_of(c, lines[k + 1], got, sizeof(got));
	CHECK_STR(label, got, lines[k + 2]);
	html_css_free(c);
}

static void check_limits(void)
{
	struct buf css = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
	struct html_css *c = html_css_new(), *x = html_css_new(), *y = html_css_new();
	char got[64];

	for (int i = 0; i < 300; i++)
		buf_addstr(&css, "@media all{");
	buf_addstr(&css, ".x{color:red}");
	html_css_add(c, css.data, css.len);
	facts_of(c, "<p>", got, sizeof(got));
	CHECK_STR("blocks nested past the limit make every element possibly preserving", got, "pre");

	static const char *const s1 = ".a{white-space:pre-line} .b{color:red}", *const s2 = "pre.c{white-space:pre}";
	html_css_add(x, s1, strlen(s1));
	html_css_add(x, s2, strlen(s2));
	html_css_add(y, s2, strlen(s2));
	html_css_add(y, s1, strlen(s1));
	html_css_add(y, s1, strlen(s1)); /* the same rules twice say nothing new */
	html_css_describe(x, &a);
	html_css_describe(y, &b);
	CHECK_STR("the description does not depend on the stylesheets' order or repeats", a.data, b.data);
	facts_of(x, "<p class='c a'>", got, sizeof(got));
	CHECK_STR("facts from several stylesheets add up", got, "pre");
	uint64_t own;
	CHECK("html_css_match(NULL) knows nothing", html_css_match(NULL, NULL, 0, 0, &own) == 0 && own == 0);

	html_css_free(c);
	html_css_free(x);
	html_css_free(y);
	buf_release(&css);
	buf_release(&a);
	buf_release(&b);
}

int main(int argc, char **argv)
{
	CHECK("css_facts.test has cases", test_run_case_file(argc, argv, "tests/html/css_facts.test", run_case) >= 40);
	check_limits();
	CHECK("style=\"display:inline-block\" says nothing", html_css_declarations("display:inline-block", 21) == 0);
	CHECK("style=\"white-space:pre-line\" preserves", html_css_declarations("white-space: pre-line", 21) == HTML_CSS_PRE);
	CHECK("style=\"color:red\" says nothing", html_css_declarations("color:red", 9) == 0);
	TEST_DONE();
}
