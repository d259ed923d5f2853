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
	manifest_add(&m, &e);
	manifest_serialize(&m, &json);
	CHECK("serialized manifest parses", manifest_parse(json.data, json.len, "t", &back, &d) == JD_OK);
	CHECK("round trip keeps deploy", back.deploy == 4);
	CHECK("round trip keeps the entry", back.n == 1 && !manifest_entry_differs(&m.e[0], &back.e[0]));
	CHECK("round trip keeps last_live", back.n == 1 && back.e[0].last_live == 3);
	CHECK_STR("round trip keeps a UTF-8 key", back.n ? back.e[0].key : NULL, "dir/ü name+1.css");
	manifest_free(&back);
	manifest_free(&m);
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
	m->deploy = json_is_integer(v) ? (long)json_integer_value(v) : 0;
	json_object_foreach(files, key, v) {
		json_t *sha = json_object_get(v, "sha256"), *size = json_object_get(v, "size");
		json_t *ct = json_object_get(v, "content_type"), *cc = json_object_get(v, "cache_control");
		json_t *ce = json_object_get(v, "content_encoding"), *live = json_object_get(v, "last_live");
		struct manifest_entry e = { 0 };
		const char *hex = json_string_value(sha);

		if (!json_is_object(v) || !hex || strlen(hex) != 64 ||
		    strspn(hex, "0123456789abcdef") != 64 || !json_is_integer(size) ||
		    json_integer_value(size) < 0 || !json_is_string(ct) || !json_is_string(cc) ||
		    !(json_is_null(ce) || json_is_string(ce) || !ce) || !*key || key[0] == '/') {
			ok = 0;
			break;
		}
		e.key = (char *)key;
		memcpy(e.sha256, hex, 65);
		e.size = (uint64_t)json_integer_value(size);
		e.content_type = (char *)json_string_value(ct);
		e.cache_control = (char *)json_string_value(cc);
		e.content_encoding = json_is_string(ce) ? (char *)json_string_value(ce) : NULL;
		e.last_live = json_is_integer(live) ? (long)json_integer_value(live) : m->deploy;
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
	corrupt_cases(dir);
	against_reference();
	sizes();
	free(dir);
	TEST_DONE();
}
