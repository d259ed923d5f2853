/*
 * test_html.c - the HTML, SVG and JSON minifiers against their case files,
 * and the optional-tag rule against html5lib's serializer cases.
 *
 * Case files (tests/html/html.test, svg.test, json.test) hold, per case:
 * '#' lines naming the behaviour, one input line, one expected-output line,
 * a blank line.  In input and expected lines "\n", "\t", "\r" and "\\" stand
 * for a newline, tab, carriage return and backslash.  An expected line
 * "ERROR" means the minifier must fail (and leave the output untouched).
 * Every case is also minified a second time: the result must not change
 * (idempotence).
 *
 * optionaltags.test: each case's token list is serialised with the tags
 * html_can_omit_tag() allows to be left out, and must equal one of the
 * expected strings.  The parent element is not known (the cases do not
 * say): it is passed as empty, which the rule takes as "any parent".  The one datagrid case is skipped: see run_optionaltags().
 *
 * `test_html --minify-batch` reads a JSON array of HTML strings on stdin
 * and writes the array of minified strings (null on error): the tree
 * construction check (tests/integration/html_tree.sh) uses it.
 * `test_html --minify-inline-batch` reads a JSON array of ["css"|"js"|"json"|
 * "style-attr", text] pairs and writes the array of texts minified as <style>/<script>
 * content (inline_script set; null on error): the same check uses it to
 * tell minified script/style text from a changed one.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "minify/html.h"
#include "minify/minify.h"
#include "tests/unit/test.h"

typedef int (*minifier)(const char *, size_t, struct buf *, const struct minify_opts *, struct diag *);

static size_t unescape_line(char *s)
{
	size_t k = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1]) {
			char c = s[++i];
			s[k++] = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
		} else
			s[k++] = s[i];
	}
	s[k] = 0;
	return k;
}

static void run_cases(const char *file, const char *prefix, minifier fn)
{
	const char *top = getenv("JD_TOP");
	char path[1024];
	struct buf text = BUF_INIT;
	struct diag d;
	snprintf(path, sizeof(path), "%s/%s", top ? top : ".", file);
	diag_clear(&d);
	if (read_file(path, &text, &d) != JD_OK) {
		CHECK(path, 0);
		return;
	}
	char *save = NULL, *p = text.data;
	char name[512] = "";
	int ncases = 0;
	/* split into lines by hand: strtok is banned and lines may be empty */
	char *lines[3];
	int have = 0;
	while (p && *p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		char *line = p;
		p = nl ? nl + 1 : NULL;
		if (have == 0 && line[0] == '#') {
			snprintf(name, sizeof(name), "%s", line + 1 + (line[1] == ' '));
			continue;
		}
		if (have == 0 && line[0] == 0)
			continue;
		lines[have++] = line;
		if (have < 2)
			continue;
		have = 0;
		ncases++;
		size_t inlen = unescape_line(lines[0]);
		int want_error = strcmp(lines[1], "ERROR") == 0;
		unescape_line(lines[1]);
		struct buf out = BUF_INIT, again = BUF_INIT;
		struct minify_opts o = {0};
		char label[700];
		buf_addstr(&out, "@");
		int r = fn(lines[0], inlen, &out, &o, &d);
		snprintf(label, sizeof(label), "%s: %s", prefix, name[0] ? name : lines[0]);
		if (want_error) {
			CHECK(label, r != JD_OK && out.len == 1);
		} else {
			CHECK_STR(label, r == JD_OK ? out.data + 1 : "(error)", lines[1]);
			r = fn(out.data + 1, out.len - 1, &again, &o, &d);
			snprintf(label, sizeof(label), "%s: %s (idempotent)", prefix, name[0] ? name : lines[0]);
			CHECK_STR(label, r == JD_OK ? again.data : "(error)", out.data + 1);
		}
		buf_release(&out);
		buf_release(&again);
		name[0] = 0;
	}
	(void)save;
	printf("# %s: %d cases\n", file, ncases);
	CHECK(file, ncases > 0);
	buf_release(&text);
}

/* ---- optionaltags.test ---- */

static enum html_next_kind kind_of(json_t *tok, const char **nm, size_t *nn)
{
	*nm = "";
	*nn = 0;
	if (!tok)
		return HTML_NEXT_EOF;
	const char *t = json_string_value(json_array_get(tok, 0));
	if (strcmp(t, "StartTag") == 0 || strcmp(t, "EmptyTag") == 0) {
		json_t *n = json_array_get(tok, strcmp(t, "StartTag") == 0 ? 2 : 1);
		*nm = json_string_value(n);
		*nn = strlen(*nm);
		return HTML_NEXT_START;
	}
	if (strcmp(t, "EndTag") == 0) {
		*nm = json_string_value(json_array_get(tok, 2));
		*nn = strlen(*nm);
		return HTML_NEXT_END;
	}
	if (strcmp(t, "Comment") == 0)
		return HTML_NEXT_COMMENT;
	if (strcmp(t, "Characters") == 0) {
		const char *s = json_string_value(json_array_get(tok, 1));
		return strchr(" \t\n\f\r", s[0]) && s[0] ? HTML_NEXT_SPACE_TEXT : HTML_NEXT_TEXT;
	}
	return HTML_NEXT_COMMENT; /* Doctype and others: something that is not whitespace or an element */
}

static void serialize_attrs(struct buf *b, json_t *attrs)
{
	size_t i;
	json_t *a;
	const char *k;
	if (json_is_object(attrs)) {
		json_object_foreach(attrs, k, a) {
			buf_printf(b, " %s=%s", k, json_string_value(a));
		}
		return;
	}
	json_array_foreach(attrs, i, a) {
		const char *v = json_string_value(json_object_get(a, "value"));
		int q = !v[0] || strpbrk(v, " \t\n\f\r\"'=<>`");
		buf_printf(b, q ? " %s=\"%s\"" : " %s=%s", json_string_value(json_object_get(a, "name")), v);
	}
}

static void run_optionaltags(void)
{
	const char *top = getenv("JD_TOP");
	char path[1024];
	json_error_t err;
	snprintf(path, sizeof(path), "%s/tests/data/html5lib-tests/serializer/optionaltags.test", top ? top : ".");
	json_t *root = json_load_file(path, 0, &err);
	CHECK("optionaltags.test loads", root != NULL);
	if (!root)
		return;
	json_t *tests = json_object_get(root, "tests"), *tc;
	size_t i;
	int pass = 0, fail = 0, skipped = 0;
	json_array_foreach(tests, i, tc) {
		json_t *in = json_object_get(tc, "input");
		/* <datagrid> was dropped from the standard and no longer closes a <p> in
		 * the parser, so leaving </p> out before it would change the tree */
		if (strstr(json_string_value(json_object_get(tc, "description")), "datagrid")) {
			skipped++;
			continue;
		}
		struct buf b = BUF_INIT;
		int omitted_section = 0;
		for (size_t k = 0; k < json_array_size(in); k++) {
			json_t *tok = json_array_get(in, k);
			const char *t = json_string_value(json_array_get(tok, 0));
			const char *nm;
			size_t nn;
			enum html_next_kind next = kind_of(json_array_get(in, k + 1), &nm, &nn);
			if (strcmp(t, "StartTag") == 0 || strcmp(t, "EndTag") == 0) {
				int is_end = t[0] == 'E';
				const char *name = json_string_value(json_array_get(tok, 2));
				json_t *attrs = is_end ? NULL : json_array_get(tok, 3);
				int has_attrs = attrs && (json_is_object(attrs) ? json_object_size(attrs) : json_array_size(attrs));
				int omit = !has_attrs && html_can_omit_tag(is_end, name, strlen(name), next, nm, nn, "", 0,
									   omitted_section);
				omitted_section = omit && is_end && (!strcmp(name, "tbody") || !strcmp(name, "thead") ||
								     !strcmp(name, "tfoot"));
				if (!omit) {
					buf_printf(&b, is_end ? "</%s" : "<%s", name);
					if (attrs)
						serialize_attrs(&b, attrs);
					buf_addch(&b, '>');
				}
				continue;
			}
			omitted_section = 0;
			if (strcmp(t, "EmptyTag") == 0) {
				buf_printf(&b, "<%s", json_string_value(json_array_get(tok, 1)));
				serialize_attrs(&b, json_array_get(tok, 2));
				buf_addch(&b, '>');
			} else if (strcmp(t, "Characters") == 0)
				buf_addstr(&b, json_string_value(json_array_get(tok, 1)));
			else if (strcmp(t, "Comment") == 0)
				buf_printf(&b, "<!--%s-->", json_string_value(json_array_get(tok, 1)));
			else if (strcmp(t, "Doctype") == 0)
				buf_printf(&b, "<!DOCTYPE %s>", json_string_value(json_array_get(tok, 1)));
		}
		json_t *exp = json_object_get(tc, "expected"), *e;
		size_t j;
		int ok = 0;
		json_array_foreach(exp, j, e)
			ok |= strcmp(json_string_value(e), b.data) == 0;
		if (ok)
			pass++;
		else {
			fail++;
			printf("# optionaltags FAIL %s: got %s want %s\n", json_string_value(json_object_get(tc, "description")),
			       b.data, json_string_value(json_array_get(exp, 0)));
		}
		buf_release(&b);
	}
	printf("# optionaltags.test: %d passed, %d failed, %d skipped (datagrid)\n", pass, fail, skipped);
	CHECK("optional tags agree with html5lib serializer/optionaltags.test", fail == 0);
	json_decref(root);
}

static int minify_batch(void)
{
	json_error_t err;
	json_t *in = json_loadf(stdin, JSON_ALLOW_NUL, &err), *v;
	if (!in)
		return 2;
	json_t *outv = json_array();
	size_t i;
	json_array_foreach(in, i, v) {
		struct buf out = BUF_INIT;
		struct diag d;
		diag_clear(&d);
		if (minify_html(json_string_value(v), json_string_length(v), &out, NULL, &d) == JD_OK)
			json_array_append_new(outv, json_stringn_nocheck(out.data, out.len));
		else
			json_array_append_new(outv, json_null());
		buf_release(&out);
	}
	json_dumpf(outv, stdout, JSON_ENSURE_ASCII);
	json_decref(in);
	json_decref(outv);
	return 0;
}

static int minify_inline_batch(void)
{
	json_error_t err;
	json_t *in = json_loadf(stdin, JSON_ALLOW_NUL, &err), *v;
	if (!in)
		return 2;
	json_t *outv = json_array();
	size_t i;
	json_array_foreach(in, i, v) {
		const char *kind = json_string_value(json_array_get(v, 0));
		json_t *text = json_array_get(v, 1);
		struct buf out = BUF_INIT;
		struct diag d;
		struct minify_opts o = {0};
		minifier fn = !kind ? NULL : strcmp(kind, "css") == 0 ? minify_css :
			      strcmp(kind, "js") == 0 ? minify_js : strcmp(kind, "json") == 0 ? minify_json :
			      strcmp(kind, "style-attr") == 0 ? minify_css_declarations : NULL;
		o.inline_script = 1;
		diag_clear(&d);
		if (fn && json_is_string(text) &&
		    fn(json_string_value(text), json_string_length(text), &out, &o, &d) == JD_OK)
			json_array_append_new(outv, json_stringn_nocheck(out.data, out.len));
		else
			json_array_append_new(outv, json_null());
		buf_release(&out);
	}
	json_dumpf(outv, stdout, JSON_ENSURE_ASCII);
	json_decref(in);
	json_decref(outv);
	return 0;
}

static void json_error_position(void)
{
	struct buf out = BUF_INIT;
	struct diag d;
	diag_clear(&d);
	buf_addstr(&out, "keep");
	int r = minify_json("{\"a\": 1,\n  \"b\": tru}", 21, &out, NULL, &d);
	CHECK("json: malformed literal is an input error", r == JD_EINPUT);
	CHECK("json: error position is line 2 column 8", d.line == 2 && d.column == 8 && d.offset == 16);
	CHECK_STR("json: output left as it was on error", out.data, "keep");
	buf_release(&out);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--minify-batch") == 0)
		return minify_batch();
	if (argc > 1 && strcmp(argv[1], "--minify-inline-batch") == 0)
		return minify_inline_batch();
	run_cases("tests/html/html.test", "html", minify_html);
	run_cases("tests/html/svg.test", "svg", minify_svg);
	run_cases("tests/html/json.test", "json", minify_json);
	json_error_position();
	run_optionaltags();
	TEST_DONE();
}
