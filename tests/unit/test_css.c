/*
 * test_css.c - the CSS minifier's tests and its small command-line driver.
 *
 *   test_css                  run every case in tests/css/css.test: one "ok"
 *                             line for the expected output and one for
 *                             idempotence (minifying the output changes nothing)
 *   test_css FILE             print FILE minified (the framework corpus check
 *                             and bench/css.sh use this)
 *   test_css --time N FILE    minify FILE N times in-process, print ms per run and MB/s
 *   test_css --tokens FILE    print FILE's tokens, one JSON object a line, for
 *                             tests/css/tokenizer.mjs (the conformance cases)
 */
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/util.h"
#include "minify/css_lexer.h"
#include "minify/minify.h"
#include "test.h"

#include <stdlib.h>
#include <time.h>

static const char *const tok_names[] = {
	[CSS_EOF] = "EOF", [CSS_IDENT] = "ident-token", [CSS_FUNCTION] = "function-token",
	[CSS_AT_KEYWORD] = "at-keyword-token", [CSS_HASH] = "hash-token",
	[CSS_STRING] = "string-token", [CSS_BAD_STRING] = "bad-string-token",
	[CSS_URL] = "url-token", [CSS_BAD_URL] = "bad-url-token", [CSS_DELIM] = "delim-token",
	[CSS_NUMBER] = "number-token", [CSS_PERCENTAGE] = "percentage-token",
	[CSS_DIMENSION] = "dimension-token", [CSS_WHITESPACE] = "whitespace-token",
	[CSS_CDO] = "CDO-token", [CSS_CDC] = "CDC-token", [CSS_COLON] = "colon-token",
	[CSS_SEMICOLON] = "semicolon-token", [CSS_COMMA] = "comma-token",
	[CSS_LBRACKET] = "[-token", [CSS_RBRACKET] = "]-token", [CSS_LPAREN] = "(-token",
	[CSS_RPAREN] = ")-token", [CSS_LBRACE] = "{-token", [CSS_RBRACE] = "}-token",
	[CSS_COMMENT] = "comment",
};

static void json_str(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Print the decoded value of in[off..off+len) as a JSON string. */
static void json_decoded(const char *in, size_t off, size_t len, int in_string)
{
	struct buf b = BUF_INIT;
	css_decode(in + off, len, in_string, &b);
	json_str(b.data, b.len);
	buf_release(&b);
}

static void json_number(const char *in, size_t off, size_t len, unsigned flags)
{
	char tmp[400];
	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	memcpy(tmp, in + off, len);
	tmp[len] = 0;
	printf("\"value\":%.17g,\"type\":\"%s\"", strtod(tmp, NULL),
	       (flags & CSS_F_INTEGER) ? "integer" : "number");
	if (tmp[0] == '+' || tmp[0] == '-')
		printf(",\"signCharacter\":\"%c\"", tmp[0]);
}

static int dump_tokens(const char *path)
{
	struct buf in = BUF_INIT;
	struct diag d;
	if (read_file(path, &in, &d) != JD_OK) {
		fprintf(stderr, "cannot read '%s'\n", path);
		return 2;
	}
	struct css_lexer lx;
	struct css_token t;
	css_lexer_init(&lx, in.data, in.len);
	while (css_next(&lx, &t) != CSS_EOF) {
		const char *s = in.data;
		printf("{\"type\":\"%s\",\"start\":%zu,\"end\":%zu,\"structured\":", tok_names[t.type],
		       t.off, t.off + t.len);
		switch (t.type) {
		case CSS_IDENT: case CSS_AT_KEYWORD: case CSS_FUNCTION: case CSS_HASH:
			printf("{\"value\":");
			if (t.type == CSS_IDENT)
				json_decoded(s, t.off, t.len, 0);
			else if (t.type == CSS_FUNCTION)
				json_decoded(s, t.off, t.len - 1, 0);
			else
				json_decoded(s, t.off + 1, t.len - 1, 0);
			if (t.type == CSS_HASH)
				printf(",\"type\":\"%s\"", (t.flags & CSS_F_ID) ? "id" : "unrestricted");
			printf("}");
			break;
		case CSS_STRING: {
			size_t n = t.len - ((t.flags & CSS_F_OPEN) ? 1 : 2);
			printf("{\"value\":");
			json_decoded(s, t.off + 1, n, 1);
			printf("}");
			break;
		}
		case CSS_URL: {
			size_t a = t.off, e = t.off + t.len;
			while (s[a] != '(')
				a += s[a] == '\\' ? 2 : 1;
			a++;
			while (a < e && css_is_ws((unsigned char)s[a]))
				a++;
			if (!(t.flags & CSS_F_OPEN))
				e--;
			while (e > a && css_is_ws((unsigned char)s[e - 1]))
				e--;
			printf("{\"value\":");
			json_decoded(s, a, e - a, 0);
			printf("}");
			break;
		}
		case CSS_DELIM:
			printf("{\"value\":");
			json_str(s + t.off, t.len);
			printf("}");
			break;
		case CSS_NUMBER:
			printf("{");
			json_number(s, t.off, t.len, t.flags);
			printf("}");
			break;
		case CSS_PERCENTAGE:
			printf("{");
			json_number(s, t.off, t.len - 1, t.flags);
			printf("}");
			break;
		case CSS_DIMENSION:
			printf("{");
			json_number(s, t.off, t.num_len, t.flags);
			printf(",\"unit\":");
			json_decoded(s, t.off + t.num_len, t.len - t.num_len, 0);
			printf("}");
			break;
		case CSS_EOF: case CSS_BAD_STRING: case CSS_BAD_URL: case CSS_WHITESPACE: case CSS_CDO:
		case CSS_CDC: case CSS_COLON: case CSS_SEMICOLON: case CSS_COMMA: case CSS_LBRACKET:
		case CSS_RBRACKET: case CSS_LPAREN: case CSS_RPAREN: case CSS_LBRACE: case CSS_RBRACE:
		case CSS_COMMENT:
			printf("null");
			break;
		}
		printf("}\n");
	}
	buf_release(&in);
	return 0;
}

/* Minify in[0..len) as a stylesheet, or as a style="" body for a "style:" case. */
static int run_minify(const char *in, size_t len, int decls, struct buf *out)
{
	struct diag d;
	diag_clear(&d);
	return decls ? minify_css_declarations(in, len, out, NULL, &d) : minify_css(in, len, out, NULL, &d);
}

static int minify_file(const char *path)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct diag d;
	char msg[1600];
	if (read_file(path, &in, &d) != JD_OK) {
		fprintf(stderr, "cannot read '%s'\n", path);
		return 2;
	}
	diag_clear(&d);
	int rc = minify_css(in.data, in.len, &out, &(struct minify_opts){ .file = path }, &d);
	if (rc) {
		diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
	} else {
		fwrite(out.data, 1, out.len, stdout);
	}
	buf_release(&in);
	buf_release(&out);
	return rc ? 1 : 0;
}

/* Minify FILE `runs` times in this process: the minifier's own speed, without process start. */
static int time_file(const char *path, int runs)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct diag d;
	struct timespec a, b;
	if (runs < 1 || read_file(path, &in, &d) != JD_OK) {
		fprintf(stderr, "cannot read '%s'\n", path);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < runs; i++) {
		buf_reset(&out);
		if (minify_css(in.data, in.len, &out, NULL, &d) != 0)
			return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double ms = ((double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6) / runs;
	printf("%zu bytes in %.2f ms per run, %.1f MB/s\n", in.len, ms, (double)in.len / 1e3 / ms);
	buf_release(&in);
	buf_release(&out);
	return 0;
}

/* One line of the case file without its newline; NULL at the end. */
static const char *next_line(const char **p, const char *end, size_t *n)
{
	if (*p >= end)
		return NULL;
	const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
	*n = nl ? (size_t)(nl - s) : (size_t)(end - s);
	*p = nl ? nl + 1 : end;
	return s;
}

/*
 * tests/css/css.test: comment lines start with '#' between cases; a case is
 * a name line, an input line, an expected-output line and a blank line.  A
 * name starting with "style:" minifies a style="" body; an expected output
 * of "ERROR" means the minifier must refuse the input and leave out as it was.
 */
static void run_cases(void)
{
	const char *top = getenv("JD_TOP");
	char path[4096];
	struct buf file = BUF_INIT;
	struct diag d;
	snprintf(path, sizeof(path), "%s/tests/css/css.test", top ? top : ".");
	if (read_file(path, &file, &d) != JD_OK) {
		CHECK("css.test is readable", 0);
		return;
	}
	const char *p = file.data, *end = file.data + file.len;
	const char *line;
	size_t n, cases = 0;
	while ((line = next_line(&p, end, &n)) != NULL) {
		if (n == 0 || line[0] == '#')
			continue;
		char name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(n < 200 ? n : 200), line);
		size_t in_n, want_n;
		const char *in = next_line(&p, end, &in_n);
		const char *want = next_line(&p, end, &want_n);
		if (!in || !want) {
			CHECK(name, !"case has an input and an expected line");
			break;
		}
		int decls = strncmp(name, "style:", 6) == 0;
		struct buf out = BUF_INIT, again = BUF_INIT;
		buf_addstr(&out, "KEEP");
		int rc = run_minify(in, in_n, decls, &out);
		char label[300];
		if (want_n == 5 && memcmp(want, "ERROR", 5) == 0) {
			CHECK(name, rc != 0 && strcmp(out.data, "KEEP") == 0);
		} else {
			char *w = xstrndup(want, want_n);
			CHECK_STR(name, rc == 0 ? out.data + 4 : "(error)", w);
			free(w);
			rc = run_minify(out.data + 4, out.len - 4, decls, &again);
			snprintf(label, sizeof(label), "%s (idempotent)", name);
			CHECK_STR(label, rc == 0 ? again.data : "(error)", out.data + 4);
		}
		buf_release(&out);
		buf_release(&again);
		cases++;
	}
	CHECK("css.test has cases", cases > 0);
	buf_release(&file);
}

/* Options and diagnostics: what the data-driven cases cannot express. */
static void check_options(void)
{
	struct buf out = BUF_INIT;
	struct diag d;
	const char *in = "a{content:\"</style>\"}/* note */";
	struct minify_opts o = { .inline_script = 1 };
	CHECK("inline_script escapes </style", minify_css(in, strlen(in), &out, &o, &d) == 0 &&
	      strcmp(out.data, "a{content:\"<\\/style>\"}") == 0);
	buf_reset(&out);
	/* appended after what `out` held, every occurrence, any case; what was there stays */
	buf_addstr(&out, "</style>");
	in = "a{content:\"</STYLE></style</b\"}";
	CHECK("inline_script escapes every </style after the entry point",
	      minify_css(in, strlen(in), &out, &o, &d) == 0 &&
	      strcmp(out.data, "</style>a{content:\"<\\/STYLE><\\/style</b\"}") == 0);
	buf_reset(&out);
	in = "a{content:\"</style>\"}/* note */";
	o = (struct minify_opts){ .keep_comments = 1 };
	CHECK("keep_comments keeps block-level comments", minify_css(in, strlen(in), &out, &o, &d) == 0 &&
	      strstr(out.data, "/* note */") != NULL);
	buf_reset(&out);
	in = "a{color:red}b{color:blue}c{top:0}";
	o = (struct minify_opts){ .max_line = 10 };
	CHECK("max_line breaks lines after a rule", minify_css(in, strlen(in), &out, &o, &d) == 0 &&
	      strcmp(out.data, "a{color:red}\nb{color:blue}\nc{top:0}") == 0);
	buf_reset(&out);
	buf_addstr(&out, "before");
	in = "a{color:red}\nb{content:\"open";
	o = (struct minify_opts){ .file = "x.css" };
	int rc = minify_css(in, strlen(in), &out, &o, &d);
	CHECK("unterminated string is JD_EINPUT", rc == JD_EINPUT);
	CHECK("error leaves the output as it was", strcmp(out.data, "before") == 0);
	CHECK("error position is line 2 column 11", d.line == 2 && d.column == 11 && d.offset == 23);
	CHECK("error names the file", strcmp(d.file, "x.css") == 0);
	buf_release(&out);

	struct buf deep = BUF_INIT;
	for (int i = 0; i < 400; i++)
		buf_addstr(&deep, "@media print{");
	rc = minify_css(deep.data, deep.len, &out, NULL, &d);
	CHECK("nesting deeper than the limit is JD_ELIMIT", rc == JD_ELIMIT && out.len == 0);
	buf_reset(&deep);
	for (int i = 0; i < 400; i++)
		buf_addstr(&deep, "a{b:calc(");
	rc = minify_css(deep.data, deep.len, &out, NULL, &d);
	CHECK("parentheses nested deeper than the limit are JD_ELIMIT", rc == JD_ELIMIT && out.len == 0);
	buf_release(&deep);
	buf_release(&out);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--tokens") == 0)
		return dump_tokens(argv[2]);
	if (argc == 4 && strcmp(argv[1], "--time") == 0)
		return time_file(argv[3], (int)strtol(argv[2], NULL, 10));
	if (argc == 2)
		return minify_file(argv[1]);
	run_cases();
	check_options();
	TEST_DONE();
}
