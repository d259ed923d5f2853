/*
 * test_js.c - the JavaScript minifier against tests/js/js.test, and a driver.
 *
 *   test_js                         run every case of tests/js/js.test (found
 *                                   under $JD_TOP, else the current directory):
 *                                   one "ok" line for the expected output and
 *                                   one for idempotence (minifying the output
 *                                   again changes nothing)
 *   test_js [--inline] [--keep-names] [--max-line N] FILE
 *                                   print FILE minified on stdout ('-' reads
 *                                   stdin); on a syntax error print
 *                                   "FILE:LINE:COL: message" on stderr and
 *                                   exit 1.  tests/integration/js_roundtrip.sh
 *                                   and bench/js.sh use this.
 *   test_js [--goal-by-name] --out-dir DIR FILE...
 *                                   minify each FILE into DIR/BASENAME (one
 *                                   process for many files); a file that fails
 *                                   gets DIR/BASENAME.err with the message
 *                                   instead, and the exit status is 1.  With
 *                                   --goal-by-name a *.module.js file is
 *                                   parsed as a module and others as scripts
 *                                   (test262-parser-tests' convention).
 *
 * The case format is described at the top of tests/js/js.test.
 */
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/util.h"
#include "minify/minify.h"
#include "test.h"

#include <unistd.h>

/* Undo the case file's escapes: \n \r \t \\ and \uXXXX (written as UTF-8). */
static void unescape(const char *s, struct buf *out)
{
	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			buf_addch(out, *s);
			continue;
		}
		s++;
		if (*s == 'n') {
			buf_addch(out, '\n');
		} else if (*s == 'r') {
			buf_addch(out, '\r');
		} else if (*s == 't') {
			buf_addch(out, '\t');
		} else if (*s == 'u' && strlen(s) >= 5) {
			unsigned long cp = strtoul((char[5]){ s[1], s[2], s[3], s[4], 0 }, NULL, 16);

			if (cp < 0x80) {
				buf_addch(out, (int)cp);
			} else if (cp < 0x800) {
				buf_addch(out, (int)(0xC0 | (cp >> 6)));
				buf_addch(out, (int)(0x80 | (cp & 0x3F)));
			} else {
				buf_addch(out, (int)(0xE0 | (cp >> 12)));
				buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3F)));
				buf_addch(out, (int)(0x80 | (cp & 0x3F)));
			}
			s += 4;
		} else {
			buf_addch(out, *s);
		}
	}
}

/* Show a result on one line, escaped like the case file. */
static void escape(const char *s, size_t n, struct buf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			buf_addstr(out, "\\n");
		else if (s[i] == '\\')
			buf_addstr(out, "\\\\");
		else
			buf_addch(out, s[i]);
	}
}

/* "[inline] [max-line=N] name": options at the start of a case name. */
static void parse_opts(const char *name, struct minify_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->file = "case";
	o->js_check_compress = 1;
	if (strstr(name, "[no-compress]"))
		o->js_no_compress = 1;
	if (strstr(name, "[inline]"))
		o->inline_script = 1;
	if (strstr(name, "[keep-names]"))
		o->keep_names = 1;
	if (strstr(name, "[keep-comments]"))
		o->keep_comments = 1;
	if (strstr(name, "[max-line="))
		o->max_line = strtoul(strstr(name, "[max-line=") + 10, NULL, 10);
}

/*
 * Every prefix of an input, and the input with each byte replaced by one
 * that often changes the tokens, must either minify (idempotently) or fail
 * with the output restored.  Returns the number of violations.
 */
static size_t robustness_variants;

static size_t robustness(const struct buf *in, const struct minify_opts *o)
{
	static const char swaps[] = "\"'`/{}()[]\\\n*";
	struct buf mut = BUF_INIT, got = BUF_INIT, again = BUF_INIT;
	struct diag d;
	size_t bad = 0, cut, k;

	for (cut = 0; cut <= in->len * (1 + sizeof(swaps) - 1); cut++) {
		size_t at = cut % (in->len + 1), which = cut / (in->len + 1);

		buf_reset(&mut);
		if (which == 0) {
			buf_add(&mut, in->data, at);
		} else {
			if (at >= in->len)
				continue;
			buf_add(&mut, in->data, in->len);
			mut.data[at] = swaps[which - 1];
		}
		robustness_variants++;
		buf_reset(&got);
		buf_addstr(&got, "x");
		if (minify_js(mut.data, mut.len, &got, o, &d) != JD_OK) {
			bad += !(got.len == 1 && got.data[0] == 'x');
			continue;
		}
		buf_reset(&again);
		k = minify_js(got.data + 1, got.len - 1, &again, o, &d);
		if (!(k == JD_OK && again.len == got.len - 1 && memcmp(again.data, got.data + 1, again.len) == 0)) {
			bad++;
			printf("# not idempotent: %.*s -> %.*s\n", (int)mut.len, mut.data, (int)(got.len - 1),
			       got.data + 1);
		}
	}
	buf_release(&mut);
	buf_release(&got);
	buf_release(&again);
	return bad;
}

static size_t robustness_failures;

static void run_case(const char *name, const char *in_line, const char *want_line)
{
	struct buf in = BUF_INIT, want = BUF_INIT, got = BUF_INIT, again = BUF_INIT, shown = BUF_INIT;
	struct minify_opts o;
	struct diag d;
	char idem[600];
	int rc;

	parse_opts(name, &o);
	unescape(in_line, &in);
	unescape(want_line, &want);
	diag_clear(&d);
	buf_addstr(&got, "prefix:");
	rc = minify_js(in.data, in.len, &got, &o, &d);
	if (rc != JD_OK) {
		buf_reset(&shown);
		buf_printf(&shown, "ERROR %ld:%ld", d.line, d.column);
		if (strcmp(got.data, "prefix:") != 0)
			buf_addstr(&shown, " (output not restored)");
		CHECK_STR(name, shown.data, want.data);
	} else {
		if (got.len - 7 == want.len && memcmp(got.data + 7, want.data, want.len) == 0) {
			CHECK_STR(name, want_line, want_line);
		} else {
			escape(got.data + 7, got.len - 7, &shown);
			CHECK_STR(name, shown.data, want_line);
		}
		diag_clear(&d);
		rc = minify_js(got.data + 7, got.len - 7, &again, &o, &d);
		snprintf(idem, sizeof(idem), "%s: minifying again changes nothing", name);
		CHECK(idem, rc == JD_OK && again.len == got.len - 7 && memcmp(again.data, got.data + 7, again.len) == 0);
	}
	robustness_failures += robustness(&in, &o);
	buf_release(&in);
	buf_release(&want);
	buf_release(&got);
	buf_release(&again);
	buf_release(&shown);
}

/* Brackets nested past JS_MAX_DEPTH are refused as over our limit, output restored. */
static void check_depth_limit(void)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct minify_opts o;
	struct diag d;
	int i, rc;

	memset(&o, 0, sizeof(o));
	for (i = 0; i < 100000; i++)
		buf_addch(&in, '[');
	buf_addstr(&out, "keep");
	rc = minify_js(in.data, in.len, &out, &o, &d);
	CHECK("brackets nested 100000 deep are over the limit", rc == JD_ELIMIT && d.line == 1 && d.column > 1);
	CHECK("output restored after the depth limit", strcmp(out.data, "keep") == 0);
	buf_reset(&in);
	for (i = 0; i < 400; i++)
		buf_addstr(&in, "f([{a:`${");
	buf_addch(&in, 'x');
	for (i = 0; i < 400; i++)
		buf_addstr(&in, "}`}])");
	buf_reset(&out);
	rc = minify_js(in.data, in.len, &out, &o, &d);
	CHECK("brackets and templates nested 1600 deep are fine", rc == JD_OK && out.len == in.len);
	buf_release(&in);
	buf_release(&out);
}

static int run_file(const char *path)
{
	struct buf text = BUF_INIT;
	struct diag d;
	char *lines[3];
	size_t nlines = 0, cases = 0;
	char *p, *line;
	int comment_block = 0;

	diag_clear(&d);
	if (read_file(path, &text, &d) != JD_OK) {
		printf("not ok - read %s: %s\n", path, d.msg);
		return 1;
	}
	for (p = text.data; p && *p; p = line) {
		char *nl = strchr(p, '\n');

		line = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		if (*p == '\0') {
			if (nlines == 3) {
				run_case(lines[0], lines[1], lines[2]);
				cases++;
			} else if (nlines && !comment_block) {
				printf("not ok - malformed case near \"%s\" (%zu lines, want 3)\n", lines[0], nlines);
				test_failures++;
			}
			nlines = 0;
			comment_block = 0;
			continue;
		}
		if (nlines == 0 && *p == '#')
			comment_block = 1;
		if (comment_block)
			continue;
		if (nlines < 3)
			lines[nlines] = p;
		nlines++;
	}
	if (nlines == 3) {
		run_case(lines[0], lines[1], lines[2]);
		cases++;
	}
	CHECK("js.test has cases", cases > 20);
	check_depth_limit();
	printf("# %zu truncated or mutated variants of the cases tried\n", robustness_variants);
	if (robustness_failures)
		printf("# %zu truncated or mutated inputs broke the contract\n", robustness_failures);
	CHECK("every prefix and one-byte mutation of every case minifies idempotently or fails with the output restored",
	      robustness_failures == 0);
	buf_release(&text);
	return test_failures ? 1 : 0;
}

/* Test output needs no fsync (write_file_atomic's would cost a second per hundred files). */
static int write_plain(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	int rc;

	if (!f)
		return -1;
	rc = fwrite(data, 1, n, f) == n ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static int print_minified(const char *path, const struct minify_opts *o, const char *out_dir)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct diag d;
	char msg[1200];
	int rc;

	diag_clear(&d);
	if (strcmp(path, "-") == 0) {
		char chunk[65536];
		ssize_t n;

		while ((n = read(0, chunk, sizeof(chunk))) > 0)
			buf_add(&in, chunk, (size_t)n);
	} else if (read_file(path, &in, &d) != JD_OK) {
		diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
		return 1;
	}
	rc = minify_js(in.data, in.len, &out, o, &d);
	if (out_dir) {
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		char *dst = path_join(out_dir, base), *errpath = xasprintf("%s.err", dst);

		if (rc != JD_OK) {
			diag_format(&d, msg, sizeof(msg));
			write_plain(errpath, msg, strlen(msg));
		} else if (write_plain(dst, out.data, out.len) != 0) {
			rc = JD_EIO;
		}
		free(dst);
		free(errpath);
	} else if (rc != JD_OK) {
		diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
	} else if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		rc = JD_EIO;
	}
	buf_release(&in);
	buf_release(&out);
	return rc == JD_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct minify_opts o;
	const char *top = getenv("JD_TOP"), *out_dir = NULL;
	char *path;
	int i, rc, goal_by_name = 0;

	memset(&o, 0, sizeof(o));
	o.js_check_compress = 1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--inline") == 0) {
			o.inline_script = 1;
		} else if (strcmp(argv[i], "--no-compress") == 0) {
			o.js_no_compress = 1;
		} else if (0) {
			o.inline_script = 1;
		} else if (strcmp(argv[i], "--max-line") == 0 && i + 1 < argc) {
			parse_size_t(argv[++i], &o.max_line);
		} else if (strcmp(argv[i], "--keep-names") == 0) {
			o.keep_names = 1;
		} else if (strcmp(argv[i], "--goal-by-name") == 0) {
			goal_by_name = 1;
		} else if (strcmp(argv[i], "--out-dir") == 0 && i + 1 < argc) {
			out_dir = argv[++i];
		} else if (!out_dir) {
			o.file = argv[i];
			return print_minified(argv[i], &o, NULL);
		} else {
			for (rc = 0; i < argc; i++) {
				o.file = argv[i];
				if (goal_by_name)
					o.js_goal = ends_with(argv[i], ".module.js") ? 2 : 1;
				rc |= print_minified(argv[i], &o, out_dir);
			}
			return rc;
		}
	}
	path = path_join(top ? top : ".", "tests/js/js.test");
	rc = run_file(path);
	free(path);
	return rc;
}
