/*
 * test_html_tokenizer.c - the html5lib-tests tokenizer suite against
 * minify/html_tokenizer.c.
 *
 * Reads every tests/data/html5lib-tests/tokenizer/NAME.test (JSON, read with
 * jansson), runs each case once per entry of "initialStates" (default: the
 * data state) with its "lastStartTag", and compares the token list with
 * "output" after merging adjacent character tokens, as the suite's README
 * says.  "doubleEscaped" cases have \uXXXX escapes inside their strings,
 * undone here (lone surrogates become their 3-byte encodings, which is
 * also what the tokenizer passes through).  Parse errors ("errors") are
 * not compared: the tokenizer does not report them.  xmlViolation.test is
 * skipped: it tests coercion to an XML infoset, not HTML tokenization.
 *
 * One "ok"/"not ok" line per file; each failing case is printed with its
 * description, input and the two token lists.
 */
#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hex.h"
#include "lib/utf8.h"
#include "minify/html_tokenizer.h"
#include "tests/unit/test.h"

static int read_u(const char *s, size_t n, size_t i, unsigned long *cp)
{
	if (i + 6 > n || s[i] != '\\' || s[i + 1] != 'u')
		return 0;
	unsigned long v = 0;
	for (int k = 0; k < 4; k++) {
		int h = hex_digit_value((unsigned char)s[i + 2 + k]);
		if (h < 0)
			return 0;
		v = v * 16 + (unsigned long)h;
	}
	*cp = v;
	return 1;
}

/* Undo the \uXXXX escapes of a doubleEscaped string. */
static json_t *unescape(const char *s, size_t n)
{
	char *o = malloc(n * 2 + 1);
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		unsigned long cp, lo;
		if (read_u(s, n, i, &cp)) {
			i += 6;
			if (cp >= 0xD800 && cp <= 0xDBFF && read_u(s, n, i, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 6;
			}
			k += utf8_encode(cp, o + k);
		} else
			o[k++] = s[i++];
	}
	json_t *j = json_stringn_nocheck(o, k);
	free(o);
	return j;
}

static json_t *deep_unescape(json_t *v)
{
	size_t i;
	const char *key;
	json_t *x;
	if (json_is_string(v))
		return unescape(json_string_value(v), json_string_length(v));
	if (json_is_array(v)) {
		json_t *a = json_array();
		json_array_foreach(v, i, x)
			json_array_append_new(a, deep_unescape(x));
		return a;
	}
	if (json_is_object(v)) {
		json_t *o = json_object();
		json_object_foreach(v, key, x) {
			json_t *k = unescape(key, strlen(key));
			json_object_set_new_nocheck(o, json_string_value(k), deep_unescape(x));
			json_decref(k);
		}
		return o;
	}
	return json_incref(v);
}

static json_t *jstr(struct html_str s) { return json_stringn_nocheck(s.p ? s.p : "", s.n); }

static int state_of(const char *name, enum html_content *st)
{
	static const struct { const char *name; enum html_content st; } map[] = {
		{"Data state", HTML_DATA}, {"PLAINTEXT state", HTML_PLAINTEXT},
		{"RCDATA state", HTML_RCDATA}, {"RAWTEXT state", HTML_RAWTEXT},
		{"Script data state", HTML_SCRIPT_DATA}, {"CDATA section state", HTML_CDATA_SECTION},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].name, name) == 0) {
			*st = map[i].st;
			return 1;
		}
	return 0;
}

static void add_chars(json_t *out, const char *p, size_t n)
{
	if (n == 0)
		return; /* an empty CDATA section produces no character token */
	size_t len = json_array_size(out);
	json_t *last = len ? json_array_get(out, len - 1) : NULL;
	if (last && strcmp(json_string_value(json_array_get(last, 0)), "Character") == 0) {
		json_t *prev = json_array_get(last, 1);
		size_t pn = json_string_length(prev);
		char *m = malloc(pn + n + 1);
		memcpy(m, json_string_value(prev), pn);
		memcpy(m + pn, p, n);
		json_array_set_new(last, 1, json_stringn_nocheck(m, pn + n));
		free(m);
		return;
	}
	json_array_append_new(out, json_pack("[s o]", "Character", json_stringn_nocheck(p, n)));
}

static json_t *tokenize(const char *in, size_t len, enum html_content st, const char *last)
{
	struct html_tokenizer t;
	struct html_token tok;
	json_t *out = json_array();
	html_tokenizer_init(&t, in, len);
	if (st != HTML_DATA || last)
		html_set_state(&t, st, last, last ? strlen(last) : 0);
	for (;;) {
		enum html_tok_type ty = html_next(&t, &tok);
		if (ty == HTML_TOK_EOF)
			break;
		switch (ty) {
		case HTML_TOK_TEXT:
		case HTML_TOK_CDATA:
			add_chars(out, tok.data.p, tok.data.n);
			break;
		case HTML_TOK_START_TAG: {
			json_t *attrs = json_object();
			for (size_t i = 0; i < tok.nattrs; i++) {
				if (tok.attrs[i].duplicate)
					continue;
				char *k = strndup(tok.attrs[i].name.p, tok.attrs[i].name.n);
				json_object_set_new_nocheck(attrs, k, jstr(tok.attrs[i].value));
				free(k);
			}
			json_t *a = json_pack("[s o o]", "StartTag", jstr(tok.name), attrs);
			if (tok.self_closing)
				json_array_append_new(a, json_true());
			json_array_append_new(out, a);
			break;
		}
		case HTML_TOK_END_TAG:
			json_array_append_new(out, json_pack("[s o]", "EndTag", jstr(tok.name)));
			break;
		case HTML_TOK_COMMENT:
			json_array_append_new(out, json_pack("[s o]", "Comment", jstr(tok.data)));
			break;
		case HTML_TOK_DOCTYPE:
			json_array_append_new(out, json_pack("[s o o o b]", "DOCTYPE",
				tok.has_name ? jstr(tok.name) : json_null(),
				tok.has_public ? jstr(tok.public_id) : json_null(),
				tok.has_system ? jstr(tok.system_id) : json_null(),
				!tok.force_quirks));
			break;
		case HTML_TOK_EOF:
			break;
		}
	}
	html_tokenizer_release(&t);
	return out;
}

static void run_file(const char *dir, const char *name, int *total_pass, int *total_fail)
{
	char path[2400];
	json_error_t err;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	json_t *root = json_load_file(path, JSON_ALLOW_NUL, &err);
	char label[1100];
	snprintf(label, sizeof(label), "tokenizer %s", name);
	if (!root) {
		printf("# %s: %s line %d\n", path, err.text, err.line);
		CHECK(label, 0);
		(*total_fail)++;
		return;
	}
	json_t *tests = json_object_get(root, "tests");
	if (!tests)
		tests = json_object_get(root, "xmlViolationTests");
	size_t i;
	json_t *tc;
	int pass = 0, fail = 0;
	json_array_foreach(tests, i, tc) {
		int dbl = json_is_true(json_object_get(tc, "doubleEscaped"));
		json_t *input = json_object_get(tc, "input");
		json_t *expected = json_object_get(tc, "output");
		json_t *states = json_object_get(tc, "initialStates");
		json_t *lst = json_object_get(tc, "lastStartTag");
		if (dbl) {
			input = unescape(json_string_value(input), json_string_length(input));
			expected = deep_unescape(expected);
		} else {
			json_incref(input);
			json_incref(expected);
		}
		size_t nstates = states ? json_array_size(states) : 1;
		for (size_t s = 0; s < nstates; s++) {
			enum html_content st = HTML_DATA;
			const char *sname = states ? json_string_value(json_array_get(states, s)) : "Data state";
			if (!state_of(sname, &st)) {
				printf("# unknown state %s\n", sname);
				fail++;
				continue;
			}
			json_t *got = tokenize(json_string_value(input), json_string_length(input), st,
					       lst ? json_string_value(lst) : NULL);
			if (json_equal(got, expected))
				pass++;
			else {
				fail++;
				if (fail <= 10) {
					char *g = json_dumps(got, JSON_ENSURE_ASCII);
					char *e = json_dumps(expected, JSON_ENSURE_ASCII);
					char *in = json_dumps(input, JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
					printf("# FAIL %s [%s] %s\n#   input %s\n#   got      %s\n#   expected %s\n", name, sname,
					       json_string_value(json_object_get(tc, "description")), in, g, e);
					free(g);
					free(e);
					free(in);
				}
			}
			json_decref(got);
		}
		json_decref(input);
		json_decref(expected);
	}
	printf("# %s: %d passed, %d failed\n", name, pass, fail);
	*total_pass += pass;
	*total_fail += fail;
	CHECK(label, fail == 0);
	json_decref(root);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	const char *top = getenv("JD_TOP");
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/tests/data/html5lib-tests/tokenizer", top ? top : ".");
	DIR *d = opendir(dir);
	CHECK("html5lib tokenizer tests present", d != NULL);
	if (!d)
		TEST_DONE();
	char *names[64];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64) {
		size_t l = strlen(e->d_name);
		/* xmlViolation.test checks coercion to an XML infoset, which the
		 * standard's tokenizer does not do (see the suite's README) */
		if (l > 5 && strcmp(e->d_name + l - 5, ".test") == 0 && strcmp(e->d_name, "xmlViolation.test") != 0)
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	int pass = 0, fail = 0;
	for (size_t i = 0; i < n; i++) {
		run_file(dir, names[i], &pass, &fail);
		free(names[i]);
	}
	printf("# html5lib tokenizer: %d cases passed, %d failed (cases x initial states)\n", pass, fail);
	CHECK("html5lib tokenizer files found", n >= 10);
	TEST_DONE();
}
