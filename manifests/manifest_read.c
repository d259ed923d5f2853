/*
 * manifest_read.c - manifest_parse(): manifest JSON read straight into entries.
 *
 * Every diff and push reads the whole remote manifest, one entry per file
 * of the site, and a no-change push does little else, so this is on the
 * critical path.  A generic JSON library builds a tree of hash tables for
 * thousands of small objects only for us to copy them out again (jansson
 * took 80 ms for 5,000 entries); this reader walks the text once and fills
 * struct manifest directly (a few ms).
 *
 * It is a strict RFC 8259 reader, as strict as the jansson call it
 * replaces (JSON_REJECT_DUPLICATES): UTF-8 is validated, control
 * characters in strings, lone surrogates and \u0000 are refused, integers
 * must fit in 64 bits, nothing may follow the document.  Values it does
 * not use (the "generator", keys a newer writer may add) are checked and
 * skipped, nested at most SKIP_DEPTH_MAX deep.  A duplicate file key or a
 * duplicate known field is refused; duplicates among unknown fields are
 * not looked for.
 *
 * Errors are reported in the order a reader needs them: malformed JSON
 * first, then a document of the wrong shape, then an unknown version
 * (before any entry is judged: a newer version may have other entries),
 * then a malformed "deploy", then the first malformed entry.
 */
#include <limits.h>

#include "lib/utf8.h"
#include "lib/util.h"
#include "manifest.h"

#define SKIP_DEPTH_MAX 256
#define LAST_LIVE_UNSET INT64_MIN

struct reader {
	const char *start, *p, *end;
	const char *error;      /* first syntax error, static text */
	const char *error_at;
	struct buf key, str;    /* scratch for decoded strings */
};

/* What an entry field held. */
enum value_kind { V_STRING, V_INT, V_NULL, V_OTHER };

static int fail(struct reader *r, const char *msg)
{
	if (!r->error) {
		r->error = msg;
		r->error_at = r->p;
	}
	return -1;
}

static void skip_ws(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
		r->p++;
}

static int expect(struct reader *r, char c)
{
	skip_ws(r);
	if (r->p >= r->end || *r->p != c)
		return fail(r, c == ':' ? "':' expected" : c == '{' ? "'{' expected" : "unexpected character");
	r->p++;
	return 0;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		int d = hex_digit_value((unsigned char)p[i]);
		if (d < 0)
			return -1;
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	return 0;
}

/* A string at r->p (after whitespace), decoded into out (reset first). */
static int read_string(struct reader *r, struct buf *out)
{
	buf_reset(out);
	skip_ws(r);
	if (r->p >= r->end || *r->p != '"')
		return fail(r, "string expected");
	r->p++;
	for (;;) {
		const char *run = r->p;

		/* the common case: a run of plain ASCII copied at once */
		while (r->p < r->end && *r->p != '"' && *r->p != '\\' &&
		       (unsigned char)*r->p >= 0x20 && (unsigned char)*r->p < 0x80)
			r->p++;
		buf_add(out, run, (size_t)(r->p - run));
		if (r->p >= r->end)
			return fail(r, "unterminated string");
		if (*r->p == '"') {
			r->p++;
			return 0;
		}
		if ((unsigned char)*r->p < 0x20)
			return fail(r, "control character in a string");
		if ((unsigned char)*r->p >= 0x80) {
			size_t n = utf8_seq_len((const unsigned char *)r->p, (const unsigned char *)r->end);
			if (!n)
				return fail(r, "invalid UTF-8 in a string");
			buf_add(out, r->p, n);
			r->p += n;
			continue;
		}
		/* a backslash escape */
		if (r->end - r->p < 2)
			return fail(r, "unterminated string");
		r->p++;
		switch (*r->p) {
		case '"': buf_addch(out, '"'); break;
		case '\\': buf_addch(out, '\\'); break;
		case '/': buf_addch(out, '/'); break;
		case 'b': buf_addch(out, '\b'); break;
		case 'f': buf_addch(out, '\f'); break;
		case 'n': buf_addch(out, '\n'); break;
		case 'r': buf_addch(out, '\r'); break;
		case 't': buf_addch(out, '\t'); break;
		case 'u': {
			unsigned cp, lo;

			if (r->end - r->p < 5 || hex4(r->p + 1, &cp))
				return fail(r, "invalid \\u escape");
			r->p += 4;
			if (cp >= 0xDC00 && cp <= 0xDFFF)
				return fail(r, "lone low surrogate");
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (r->end - r->p < 7 || r->p[1] != '\\' || r->p[2] != 'u' ||
				    hex4(r->p + 3, &lo) || lo < 0xDC00 || lo > 0xDFFF)
					return fail(r, "lone high surrogate");
				r->p += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			if (cp == 0)
				return fail(r, "\\u0000 is not allowed in strings");
			buf_add_utf8(out, cp);
			break;
		}
		default:
			return fail(r, "invalid escape");
		}
		r->p++;
	}
}

/* A number; *is_int and *v when it is an integer that fits in 64 bits. */
static int read_number(struct reader *r, int *is_int, long long *v)
{
	int neg = 0;
	unsigned long long acc = 0, limit;

	*is_int = 1;
	if (r->p < r->end && *r->p == '-') {
		neg = 1;
		r->p++;
	}
	limit = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
	if (r->p >= r->end || *r->p < '0' || *r->p > '9')
		return fail(r, "invalid number");
	if (*r->p == '0' && r->p + 1 < r->end && r->p[1] >= '0' && r->p[1] <= '9')
		return fail(r, "invalid number (leading zero)");
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
		unsigned d = (unsigned)(*r->p - '0');
		if (acc > (limit - d) / 10)
			return fail(r, "too big integer");
		acc = acc * 10 + d;
		r->p++;
	}
	if (r->p < r->end && *r->p == '.') {
		*is_int = 0;
		r->p++;
		if (r->p >= r->end || *r->p < '0' || *r->p > '9')
			return fail(r, "invalid number");
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		*is_int = 0;
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (r->p >= r->end || *r->p < '0' || *r->p > '9')
			return fail(r, "invalid number");
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	if (*is_int)
		*v = neg ? (long long)(0 - acc) : (long long)acc;
	return 0;
}

static int read_literal(struct reader *r, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
		return fail(r, "invalid token");
	r->p += n;
	return 0;
}

static int skip_value(struct reader *r, int depth);

/*
 * `{ "key": value, ... }` with a callback per member, called with the
 * reader at the value.  The callback must consume the value.
 */
typedef int (*member_fn)(struct reader *r, void *arg);

static int read_object(struct reader *r, member_fn member, void *arg)
{
	if (expect(r, '{'))
		return -1;
	skip_ws(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		return 0;
	}
	for (;;) {
		if (read_string(r, &r->key) || expect(r, ':'))
			return -1;
		skip_ws(r);
		if (member(r, arg))
			return -1;
		skip_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '}') {
			r->p++;
			return 0;
		}
		return fail(r, "',' or '}' expected");
	}
}

static int skip_member(struct reader *r, void *arg)
{
	return skip_value(r, *(int *)arg);
}

static int skip_value(struct reader *r, int depth)
{
	int is_int;
	long long v;

	skip_ws(r);
	if (r->p >= r->end)
		return fail(r, "unexpected end of input");
	if (depth > SKIP_DEPTH_MAX)
		return fail(r, "maximum nesting depth exceeded");
	switch (*r->p) {
	case '"':
		return read_string(r, &r->str);
	case '{': {
		int inner = depth + 1;
		return read_object(r, skip_member, &inner);
	}
	case '[':
		r->p++;
		skip_ws(r);
		if (r->p < r->end && *r->p == ']') {
			r->p++;
			return 0;
		}
		for (;;) {
			if (skip_value(r, depth + 1))
				return -1;
			skip_ws(r);
			if (r->p < r->end && *r->p == ',') {
				r->p++;
				continue;
			}
			if (r->p < r->end && *r->p == ']') {
				r->p++;
				return 0;
			}
			return fail(r, "',' or ']' expected");
		}
	case 't':
		return read_literal(r, "true");
	case 'f':
		return read_literal(r, "false");
	case 'n':
		return read_literal(r, "null");
	default:
		return read_number(r, &is_int, &v);
	}
}

/* A value of one of the kinds an entry uses; strings go to `out`. */
static int read_value(struct reader *r, struct buf *out, enum value_kind *kind, long long *v)
{
	int is_int;

	skip_ws(r);
	*kind = V_OTHER;
	if (r->p >= r->end)
		return fail(r, "unexpected end of input");
	if (*r->p == '"') {
		*kind = V_STRING;
		return read_string(r, out);
	}
	if (*r->p == 'n') {
		*kind = V_NULL;
		return read_literal(r, "null");
	}
	if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9')) {
		if (read_number(r, &is_int, v))
			return -1;
		*kind = is_int ? V_INT : V_OTHER;
		return 0;
	}
	return skip_value(r, 1);
}

/* What the whole document holds besides the entries. */
struct doc {
	struct reader *r;
	struct manifest *m;
	int seen_version, seen_deploy, seen_files, seen_journal;
	int version_is_int, files_is_object;
	int bad_deploy;          /* "deploy" is not a whole number 0..MANIFEST_DEPLOY_MAX */
	long long version;
	char *bad_key;           /* first malformed entry, heap */
	const char *bad_why;     /* what is wrong with it (static text) */
	struct buf ct, cc, ce;   /* scratch for an entry's strings */
};

enum entry_field { F_SHA, F_SIZE, F_CT, F_CC, F_CE, F_LIVE, F_MD5, F_COUNT };

struct entry_state {
	struct doc *doc;
	unsigned seen;
	int bad;
	struct manifest_entry e;
	int has_ce;
};

static int entry_member(struct reader *r, void *arg)
{
	static const char *const names[F_COUNT] = { "sha256",        "size",           "content_type",
						    "cache_control", "content_encoding", "last_live",
						    "md5" };
	struct entry_state *st = arg;
	struct doc *doc = st->doc;
	struct buf *dest = &r->str;
	enum value_kind kind;
	long long v = 0;
	int f;

	for (f = 0; f < F_COUNT; f++)
		if (!strcmp(r->key.data, names[f]))
			break;
	if (f == F_COUNT)
		return skip_value(r, 1);
	if (st->seen & (1u << f))
		return fail(r, "duplicate object key");
	st->seen |= 1u << f;
	if (f == F_CT)
		dest = &doc->ct;
	else if (f == F_CC)
		dest = &doc->cc;
	else if (f == F_CE)
		dest = &doc->ce;
	if (read_value(r, dest, &kind, &v))
		return -1;
	switch ((enum entry_field)f) {
	case F_SHA:
		if (kind != V_STRING || r->str.len != 64)
			st->bad = 1;
		else
			memcpy(st->e.sha256, r->str.data, 65);
		break;
	case F_SIZE:
		if (kind != V_INT || v < 0)
			st->bad = 1;
		else
			st->e.size = (uint64_t)v;
		break;
	case F_CT:
	case F_CC:
		if (kind != V_STRING)
			st->bad = 1;
		break;
	case F_CE:
		if (kind != V_STRING && kind != V_NULL)
			st->bad = 1;
		st->has_ce = kind == V_STRING;
		break;
	case F_LIVE:
		if (kind == V_INT && v != LAST_LIVE_UNSET)
			st->e.last_live = v;
		break;
	case F_MD5: /* optional; when there, exactly what md5_hex writes */
		if (kind != V_STRING || r->str.len != 32 || !hex_is_lower(r->str.data, 32))
			st->bad = 1;
		else
			memcpy(st->e.md5, r->str.data, 33);
		break;
	case F_COUNT:
		break;
	}
	return 0;
}

static int file_member(struct reader *r, void *arg)
{
	struct doc *doc = arg;
	struct entry_state st = { .doc = doc };
	char *key;

	skip_ws(r);
	if (r->p >= r->end || *r->p != '{') {
		if (!doc->bad_key) {
			doc->bad_key = xstrdup(r->key.data);
			doc->bad_why = "an entry is malformed";
		}
		return skip_value(r, 1);
	}
	/* the member callbacks reuse r->key: keep this one */
	key = xstrdup(r->key.data);
	st.e.last_live = LAST_LIVE_UNSET;
	buf_reset(&doc->ce);
	if (read_object(r, entry_member, &st)) {
		free(key);
		return -1;
	}
	if (st.bad || !(st.seen & 1u << F_SHA) || !(st.seen & 1u << F_SIZE) ||
	    !(st.seen & 1u << F_CT) || !(st.seen & 1u << F_CC) || !hex_is_lower(st.e.sha256, 64) ||
	    st.e.sha256[64] != '\0' ||
	    !*key || key[0] == '/' || manifest_key_is_reserved(key)) {
		if (!doc->bad_key) {
			doc->bad_key = key;
			/*
			 * A push deletes what the site lacks and overwrites what it has: an
			 * entry for the manifest itself would make it delete its own record.
			 */
			doc->bad_why = *key && key[0] != '/' && manifest_key_is_reserved(key)
					       ? "an entry names a key under '" JD_STATE_DIR "/', where "
						 "the target keeps jamdeploy's own files, never site files"
					       : "an entry is malformed";
		} else {
			free(key);
		}
		return 0;
	}
	st.e.key = key;
	st.e.content_type = doc->ct.data;
	st.e.cache_control = doc->cc.data;
	st.e.content_encoding = st.has_ce ? doc->ce.data : NULL;
	manifest_add(doc->m, &st.e);
	free(key);
	return 0;
}

static int top_member(struct reader *r, void *arg)
{
	struct doc *doc = arg;
	enum value_kind kind;
	long long v = 0;

	if (!strcmp(r->key.data, "version")) {
		if (doc->seen_version++)
			return fail(r, "duplicate object key");
		if (read_value(r, &r->str, &kind, &v))
			return -1;
		doc->version_is_int = kind == V_INT;
		doc->version = v;
		return 0;
	}
	if (!strcmp(r->key.data, "deploy")) {
		if (doc->seen_deploy++)
			return fail(r, "duplicate object key");
		if (read_value(r, &r->str, &kind, &v))
			return -1;
		/* at most MANIFEST_DEPLOY_MAX: the next push adds one to it */
		if (kind == V_INT && v >= 0 && v <= MANIFEST_DEPLOY_MAX)
			doc->m->deploy = v;
		else
			doc->bad_deploy = 1;
		return 0;
	}
	if (!strcmp(r->key.data, "journal")) {
		if (doc->seen_journal++)
			return fail(r, "duplicate object key");
		if (read_value(r, &r->str, &kind, &v))
			return -1;
		/* anything but null or a number is still the mark of an unfinished push */
		doc->m->journal = kind == V_NULL ? 0 : kind == V_INT && v > 0 ? v : 1;
		return 0;
	}
	if (!strcmp(r->key.data, "files")) {
		if (doc->seen_files++)
			return fail(r, "duplicate object key");
		if (r->p < r->end && *r->p == '{') {
			doc->files_is_object = 1;
			return read_object(r, file_member, doc);
		}
		return skip_value(r, 1);
	}
	return skip_value(r, 1);
}

static enum jd_err corrupt(struct diag *d, const char *where, const char *what, const char *key)
{
	return diag_set(d, JD_EMANIFEST, where,
			"the manifest '%s' is corrupt: %s%s%s%s (run 'jamdeploy push --force' to upload "
			"every file and write a new manifest)", where, what, key ? " (key '" : "",
			key ? key : "", key ? "')" : "");
}

static enum jd_err syntax_error(const struct reader *r, const char *where, struct diag *d)
{
	long line = 1, column = 1;
	char what[300];

	for (const char *q = r->start; q < r->error_at; q++) {
		if (*q == '\n') {
			line++;
			column = 1;
		} else {
			column++;
		}
	}
	snprintf(what, sizeof(what), "invalid JSON at line %ld column %ld: %s", line, column,
		 r->error);
	return corrupt(d, where, what, NULL);
}

enum jd_err manifest_parse(const char *text, size_t len, const char *where, struct manifest *m,
			   struct diag *d)
{
	struct reader r = { text, text, text + len, NULL, NULL, BUF_INIT, BUF_INIT };
	struct doc doc = { .r = &r, .m = m, .ct = BUF_INIT, .cc = BUF_INIT, .ce = BUF_INIT };
	enum jd_err rc = JD_OK;
	int is_object;
	char deploy_range[80];

	snprintf(deploy_range, sizeof(deploy_range), "\"deploy\" is not a whole number from 0 to %lld",
		 (long long)MANIFEST_DEPLOY_MAX);
	memset(m, 0, sizeof(*m));
	if (len > MANIFEST_MAX_BYTES)
		return diag_set(d, JD_ELIMIT, where, "the manifest '%s' is over %u bytes", where,
				MANIFEST_MAX_BYTES);
	r.key.max = r.str.max = doc.ct.max = doc.cc.max = doc.ce.max = MANIFEST_MAX_BYTES;
	skip_ws(&r);
	is_object = r.p < r.end && *r.p == '{';
	if (is_object ? read_object(&r, top_member, &doc) == 0 : skip_value(&r, 0) == 0) {
		skip_ws(&r);
		if (r.p < r.end)
			fail(&r, "end of file expected");
	}
	if (!r.error) {
		/* entries are sorted now, so a key given twice sits next to itself */
		manifest_sort(m);
		for (size_t i = 1; i < m->n && !r.error; i++)
			if (!strcmp(m->e[i - 1].key, m->e[i].key)) {
				r.error_at = r.end;
				r.error = "duplicate object key";
			}
	}
	if (r.error)
		rc = syntax_error(&r, where, d);
	else if (!is_object || !doc.version_is_int || !doc.files_is_object)
		rc = corrupt(d, where, "expected an object with \"version\" and \"files\"", NULL);
	else if (doc.version != MANIFEST_VERSION)
		rc = diag_set(d, JD_EMANIFEST, where,
			      "the manifest '%s' has version %lld, this jamdeploy reads version %d "
			      "(upgrade jamdeploy, or run 'jamdeploy push --force' to replace it)",
			      where, doc.version, MANIFEST_VERSION);
	else if (doc.bad_deploy)
		rc = corrupt(d, where, deploy_range, NULL);
	else if (doc.bad_key)
		rc = corrupt(d, where, doc.bad_why, doc.bad_key);
	if (!rc) {
		for (size_t i = 0; i < m->n; i++)
			if (m->e[i].last_live == LAST_LIVE_UNSET)
				m->e[i].last_live = m->deploy;
	} else {
		manifest_free(m);
	}
	free(doc.bad_key);
	buf_release(&r.key);
	buf_release(&r.str);
	buf_release(&doc.ct);
	buf_release(&doc.cc);
	buf_release(&doc.ce);
	return rc;
}
