/*
 * test_manifest.c - manifest JSON: round trip, and each kind of corruption
 * refused with JD_EMANIFEST (cases in tests/manifests/corrupt-*.json).
 *
 * manifest_parse is a hand-written reader (manifests/manifest_read.c), so
 * it is also checked against jansson, a reference JSON parser, on
 * thousands of mutated manifests: both must accept the same documents and
 * read the same entries from them.
 */
#include <dirent.h>
#include <jansson.h>

#include "lib/config.h"
#include "lib/util.h"
#include "manifests/manifest.h"
#include "test.h"

static void roundtrip(void)
{
	struct manifest m = { 0 }, back;
	struct manifest_entry e = { 0 };
	struct buf json = BUF_INIT;
	struct diag d;

	m.deploy = 4;
	e.key = "dir/ü name+1.css";
	memset(e.sha256, 'f', 64);
	e.size = 123;
	e.content_type = "text/css; charset=utf-8";
	e.cache_control = "public, max-age=31536000, immutable";
	e.content_encoding = "br";
	e.last_live = 3;
	memcpy(e.md5, "d41d8cd98f00b204e9800998ecf8427e", 33);
	manifest_add(&m, &e);
	CHECK("manifest serializes", manifest_serialize(&m, &json, &d) == JD_OK);
	CHECK("serialized manifest parses", manifest_parse(json.data, json.len, "t", &back, &d) == JD_OK);
	CHECK("round trip keeps deploy", back.deploy == 4);
	CHECK("round trip keeps the entry", back.n == 1 && !manifest_entry_differs(&m.e[0], &back.e[0]));
	CHECK("round trip keeps last_live", back.n == 1 && back.e[0].last_live == 3);
	CHECK_STR("round trip keeps the md5 (issue 18)", back.n ? back.e[0].md5 : NULL,
		  "d41d8cd98f00b204e9800998ecf8427e");
	manifest_free(&back);
	m.e[0].md5[0] = '\0';
	buf_reset(&json);
	CHECK("an entry without md5 is written without it", manifest_serialize(&m, &json, &d) == JD_OK &&
								     !strstr(json.data, "md5"));
	CHECK("... and read back with md5 unknown", manifest_parse(json.data, json.len, "t", &back, &d) == JD_OK &&
							     back.n == 1 && back.e[0].md5[0] == '\0');
	CHECK_STR("round trip keeps a UTF-8 key", back.n ? back.e[0].key : NULL, "dir/ü name+1.css");
	manifest_free(&back);
	manifest_free(&m);
	buf_release(&json);
}

/* The "journal" mark of an unfinished push: written only when set, read back, and any value but
   null still marks the manifest unfinished (a push must not take it for a finished one). */
static void journal_mark(void)
{
	struct manifest m = { 0 }, back;
	struct buf json = BUF_INIT;
	struct diag d;
	static const char *const marked[] = { "{\"version\":1,\"journal\":\"x\",\"files\":{}}",
					      "{\"version\":1,\"journal\":0,\"files\":{}}" };

	m.deploy = 7;
	CHECK("an unmarked manifest serializes", manifest_serialize(&m, &json, &d) == JD_OK);
	CHECK("... without a journal member", !strstr(json.data, "journal"));
	CHECK("... and reads back unmarked", manifest_parse(json.data, json.len, "t", &back, &d) == JD_OK &&
	      back.journal == 0);
	manifest_free(&back);
	buf_reset(&json);
	m.journal = 8;
	CHECK("a marked manifest serializes", manifest_serialize(&m, &json, &d) == JD_OK);
	CHECK("... and reads back marked", manifest_parse(json.data, json.len, "t", &back, &d) == JD_OK &&
	      back.journal == 8 && back.deploy == 7);
	manifest_free(&back);
	for (size_t i = 0; i < sizeof(marked) / sizeof(marked[0]); i++) {
		CHECK("an odd journal value still marks it", manifest_parse(marked[i], strlen(marked[i]), "t",
									    &back, &d) == JD_OK && back.journal != 0);
		manifest_free(&back);
	}
	{
		static const char unmarked[] = "{\"version\":1,\"journal\":null,\"files\":{}}";
		CHECK("a null journal does not", manifest_parse(unmarked, sizeof(unmarked) - 1, "t", &back,
								&d) == JD_OK && back.journal == 0);
	}
	manifest_free(&back);
	buf_release(&json);
}

static void corrupt_cases(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *de;

	CHECK("corrupt manifest fixtures exist", dh != NULL);
	while (dh && (de = readdir(dh))) {
		struct buf text = BUF_INIT;
		struct manifest m;
		struct diag d;
		char *path, name[300];

		if (!starts_with(de->d_name, "corrupt-"))
			continue;
		path = path_join(dir, de->d_name);
		read_file(path, &text, &d);
		snprintf(name, sizeof(name), "%s is refused as corrupt", de->d_name);
		CHECK(name, manifest_parse(text.data, text.len, path, &m, &d) == JD_EMANIFEST &&
				    strstr(d.msg, "--force"));
		free(path);
		buf_release(&text);
	}
	if (dh)
		closedir(dh);
}

/* The parse of one manifest held in a string, its message in `msg` (JD_OK: empty). */
static enum jd_err parse_text(const char *text, struct manifest *m, char *msg, size_t size)
{
	struct diag d;
	enum jd_err rc;

	diag_clear(&d);
	rc = manifest_parse(text, strlen(text), "t/.jamdeploy/manifest.json", m, &d);
	snprintf(msg, size, "%s", rc ? d.msg : "");
	return rc;
}

#define ENTRY "{\"sha256\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", " \
	      "\"size\": 1, \"content_type\": \"text/css\", \"cache_control\": \"x\"}"

/* Issue 15: keys under .jamdeploy/ are the target's own files, never entries. */
static void reserved_keys(void)
{
	static const char *const keys[] = { ".jamdeploy/manifest.json", ".jamdeploy/x", ".jamdeploy" };
	static const char *const fine[] = { ".jamdeployed.css", "a/.jamdeploy/x", "jamdeploy/manifest.json" };
	struct manifest m;
	char text[512], msg[1024], name[160];

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(text, sizeof(text), "{\"version\": 1, \"files\": {\"a.css\": " ENTRY ", \"%s\": " ENTRY "}}",
			 keys[i]);
		snprintf(name, sizeof(name), "a manifest entry '%s' is refused as corrupt", keys[i]);
		CHECK(name, parse_text(text, &m, msg, sizeof(msg)) == JD_EMANIFEST);
		snprintf(name, sizeof(name), "the message names '%s' and says why", keys[i]);
		CHECK(name, strstr(msg, keys[i]) && strstr(msg, "under '.jamdeploy/'") && strstr(msg, "--force"));
		manifest_free(&m);
	}
	for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
		snprintf(text, sizeof(text), "{\"version\": 1, \"files\": {\"%s\": " ENTRY "}}", fine[i]);
		snprintf(name, sizeof(name), "'%s' is an ordinary key", fine[i]);
		CHECK(name, parse_text(text, &m, msg, sizeof(msg)) == JD_OK && m.n == 1);
		manifest_free(&m);
	}
	CHECK("manifest_key_is_reserved: the manifest", manifest_key_is_reserved(JD_MANIFEST_KEY));
	CHECK("manifest_key_is_reserved: the folder itself", manifest_key_is_reserved(".jamdeploy"));
	CHECK("manifest_key_is_reserved: not a longer name", !manifest_key_is_reserved(".jamdeploys/x"));
	CHECK("manifest_key_is_reserved: not deeper down", !manifest_key_is_reserved("a/.jamdeploy/x"));
}

/* Issue 15: "deploy" is a whole number 0..INT64_MAX-1, so adding one is defined. */
static void deploy_counter(void)
{
	static const char *const bad[] = { "\"7\"", "-1", "9223372036854775807", "7.0", "1e3", "null",
					    "true", "[7]" };
	struct manifest m;
	char text[256], msg[1024], name[160];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "{\"version\": 1, \"deploy\": %s, \"files\": {}}", bad[i]);
		snprintf(name, sizeof(name), "deploy %s is refused as corrupt", bad[i]);
		CHECK(name, parse_text(text, &m, msg, sizeof(msg)) == JD_EMANIFEST &&
				    strstr(msg, "\"deploy\" is not a whole number from 0 to 9223372036854775806") &&
				    strstr(msg, "--force"));
		manifest_free(&m);
	}
	CHECK("the largest deploy counter is read",
	      parse_text("{\"version\": 1, \"deploy\": 9223372036854775806, \"files\": {}}", &m, msg,
			 sizeof(msg)) == JD_OK && m.deploy == MANIFEST_DEPLOY_MAX);
	manifest_free(&m);
	CHECK("deploy 0 is read",
	      parse_text("{\"version\": 1, \"deploy\": 0, \"files\": {}}", &m, msg, sizeof(msg)) == JD_OK &&
		      m.deploy == 0);
	manifest_free(&m);
	CHECK("a manifest without deploy counts 0",
	      parse_text("{\"version\": 1, \"files\": {}}", &m, msg, sizeof(msg)) == JD_OK && m.deploy == 0);
	manifest_free(&m);
	CHECK("a bad version is reported before a bad deploy",
	      parse_text("{\"version\": 2, \"deploy\": \"x\", \"files\": {}}", &m, msg, sizeof(msg)) ==
			      JD_EMANIFEST && strstr(msg, "version 2"));
	manifest_free(&m);
}

/* Issue 15: a key jansson refuses is an error, never an entry silently left out. */
static void serialize_refuses_bad_utf8(void)
{
	struct manifest m = { 0 };
	struct manifest_entry e = { 0 };
	struct buf json = BUF_INIT;
	struct diag d;

	m.deploy = 1;
	memset(e.sha256, 'a', 64);
	e.content_type = "text/plain";
	e.cache_control = "x";
	e.key = "ok.txt";
	manifest_add(&m, &e);
	e.key = "caf\xe9.txt";
	manifest_add(&m, &e);
	manifest_sort(&m);
	diag_clear(&d);
	CHECK("a manifest with a Latin-1 key is not serialized",
	      manifest_serialize(&m, &json, &d) == JD_EINPUT && json.len == 0);
	CHECK("the error names the key with its bad byte escaped",
	      strstr(d.msg, "caf\\xE9.txt") && strstr(d.msg, "not valid UTF-8") && strstr(d.msg, "manifest"));
	manifest_free(&m);
	buf_release(&json);
}

static void sizes(void)
{
	uint64_t v = 0;

	CHECK("100KB is 100000 bytes", parse_byte_size("100KB", &v) == 0 && v == 100000);
	CHECK("100kB is 100000 bytes", parse_byte_size("100kB", &v) == 0 && v == 100000);
	CHECK("1KiB is 1024 bytes", parse_byte_size("1KiB", &v) == 0 && v == 1024);
	CHECK("1.5MB is 1500000 bytes", parse_byte_size("1.5MB", &v) == 0 && v == 1500000);
	CHECK("2MiB is 2097152 bytes", parse_byte_size("2MiB", &v) == 0 && v == 2097152);
	CHECK("plain number is bytes", parse_byte_size("1500", &v) == 0 && v == 1500);
	CHECK("unknown unit refused", parse_byte_size("10 parsecs", &v) != 0);
	CHECK("negative refused", parse_byte_size("-1KB", &v) != 0);
}

/*
 * The reference: the same rules over jansson's tree.  Returns 1 and fills
 * `m` (sorted) when the manifest is acceptable, 0 otherwise.
 */
static int reference_parse(const char *text, size_t len, struct manifest *m)
{
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL), *files, *v;
	const char *key;
	int ok = 1;

	memset(m, 0, sizeof(*m));
	if (!root)
		return 0;
	v = json_object_get(root, "version");
	files = json_object_get(root, "files");
	if (!json_is_object(root) || !json_is_integer(v) || json_integer_value(v) != MANIFEST_VERSION ||
	    !json_is_object(files)) {
		json_decref(root);
		return 0;
	}
	v = json_object_get(root, "deploy");
	if (v && (!json_is_integer(v) || json_integer_value(v) < 0 ||
		  json_integer_value(v) > MANIFEST_DEPLOY_MAX)) {
		json_decref(root);
		return 0;
	}
	m->deploy = v ? json_integer_value(v) : 0;
	json_object_foreach(files, key, v) {
		json_t *sha = json_object_get(v, "sha256"), *size = json_object_get(v, "size");
		json_t *ct = json_object_get(v, "content_type"), *cc = json_object_get(v, "cache_control");
		json_t *ce = json_object_get(v, "content_encoding"), *live = json_object_get(v, "last_live");
		struct manifest_entry e = { 0 };
		const char *hex = json_string_value(sha);

		if (!json_is_object(v) || !hex || strlen(hex) != 64 ||
		    strspn(hex, "0123456789abcdef") != 64 || !json_is_integer(size) ||
		    json_integer_value(size) < 0 || !json_is_string(ct) || !json_is_string(cc) ||
		    !(json_is_null(ce) || json_is_string(ce) || !ce) || !*key || key[0] == '/' ||
		    !strcmp(key, ".jamdeploy") || !strncmp(key, ".jamdeploy/", 11)) {
			ok = 0;
			break;
		}
		e.key = (char *)key;
		memcpy(e.sha256, hex, 65);
		e.size = (uint64_t)json_integer_value(size);
		e.content_type = (char *)json_string_value(ct);
		e.cache_control = (char *)json_string_value(cc);
		e.content_encoding = json_is_string(ce) ? (char *)json_string_value(ce) : NULL;
		e.last_live = json_is_integer(live) && json_integer_value(live) != INT64_MIN
				      ? json_integer_value(live) : m->deploy;
		manifest_add(m, &e);
	}
	json_decref(root);
	manifest_sort(m);
	return ok;
}

static int same_manifest(const struct manifest *a, const struct manifest *b)
{
	if (a->deploy != b->deploy || a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->e[i].key, b->e[i].key) || manifest_entry_differs(&a->e[i], &b->e[i]) ||
		    a->e[i].last_live != b->e[i].last_live)
			return 0;
	return 1;
}

/* Mutate `in` into `out` with the xorshift state `rng`: replace, insert, delete or cut. */
static void mutate(const char *in, size_t len, struct buf *out, uint64_t *rng)
{
	static const char alphabet[] = "{}[]\":,\\ 0123456789-+.eEtrufalsn\x01\x7f\xc3\xa9\xed\xa0";
	int edits = 1 + (int)(*rng % 3);

	buf_reset(out);
	buf_add(out, in, len);
	for (int k = 0; k < edits && out->len; k++) {
		size_t at;
		char c;

		*rng ^= *rng << 13;
		*rng ^= *rng >> 7;
		*rng ^= *rng << 17;
		at = (size_t)(*rng >> 8) % out->len;
		c = alphabet[(*rng >> 40) % (sizeof(alphabet) - 1)];
		switch (*rng % 4) {
		case 0:
			out->data[at] = c;
			break;
		case 1:
			buf_add(out, "", 1); /* grow by one, then shift */
			memmove(out->data + at + 1, out->data + at, out->len - at - 1);
			out->data[at] = c;
			break;
		case 2:
			memmove(out->data + at, out->data + at + 1, out->len - at - 1);
			out->len--;
			break;
		default:
			out->len = at;
			break;
		}
		out->data[out->len] = '\0';
	}
}

static void against_reference(void)
{
	static const char seed[] =
		"{\"version\": 1, \"generator\": \"jamdeploy 0.1.0\", \"deploy\": 7, \"extra\": [1, -2.5e3, true, "
		"false, null, {\"x\": [\"y\"]}], \"files\": {\"a b/\\u00e9\\ud83d\\ude00.css\": {\"sha256\": "
		"\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\", \"size\": 1200, "
		"\"content_type\": \"text/css; charset=utf-8\", \"cache_control\": \"public, max-age=31536000, "
		"immutable\", \"content_encoding\": \"br\", \"last_live\": 5, \"future\": {\"k\": 1}}, "
		"\"index.html\": {\"cache_control\": \"public, max-age=0\", \"content_encoding\": null, "
		"\"content_type\": \"text/html\\tx\", \"sha256\": "
		"\"fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210\", \"size\": 0}, "
		"\"z\\\"q\\\\\": {\"sha256\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", "
		"\"size\": 9007199254740993, \"content_type\": \"\", \"cache_control\": \"\\/\"}}}\n";
	struct buf text = BUF_INIT;
	uint64_t rng = 0x9e3779b97f4a7c15ULL;
	int disagreements = 0, accepted = 0, rounds = 20000;
	struct manifest a, b;
	struct diag d;
	int ok_ref, ok_ours;

	ok_ref = reference_parse(seed, sizeof(seed) - 1, &a);
	ok_ours = manifest_parse(seed, sizeof(seed) - 1, "seed", &b, &d) == JD_OK;
	CHECK("the seed manifest is read the same by both parsers",
	      ok_ref && ok_ours && b.n == 3 && same_manifest(&a, &b));
	manifest_free(&a);
	manifest_free(&b);
	for (int i = 0; i < rounds; i++) {
		enum jd_err rc;

		mutate(seed, sizeof(seed) - 1, &text, &rng);
		ok_ref = reference_parse(text.data, text.len, &a);
		rc = manifest_parse(text.data, text.len, "mutant", &b, &d);
		ok_ours = rc == JD_OK;
		if (!ok_ours && rc != JD_EMANIFEST)
			ok_ours = -1;
		if (ok_ref != ok_ours || (ok_ref && !same_manifest(&a, &b))) {
			if (disagreements++ < 5)
				printf("# parsers disagree (reference %d, ours %d: %s) on: %s\n", ok_ref,
				       ok_ours, ok_ours ? "" : d.msg, text.data);
		}
		accepted += ok_ours == 1;
		manifest_free(&a);
		manifest_free(&b);
	}
	printf("# %d of %d mutants accepted\n", accepted, rounds);
	CHECK("manifest_parse agrees with jansson on 20,000 mutated manifests", disagreements == 0);
	CHECK("some mutants are still valid manifests", accepted > 100);
	buf_release(&text);
}

int main(int argc, char **argv)
{
	const char *top = getenv("JD_TOP");
	char *dir = path_join(top ? top : ".", "tests/manifests");

	roundtrip();
	journal_mark();
	corrupt_cases(dir);
	reserved_keys();
	deploy_counter();
	serialize_refuses_bad_utf8();
	against_reference();
	sizes();
	free(dir);
	TEST_DONE();
}
