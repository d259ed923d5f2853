/*
 * test_manifest.c - manifest JSON: round trip, and each kind of corruption
 * refused with JD_EMANIFEST (cases in tests/manifests/corrupt-*.json).
 */
#include <dirent.h>

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

int main(int argc, char **argv)
{
	const char *top = getenv("JD_TOP");
	char *dir = path_join(top ? top : ".", "tests/manifests");

	roundtrip();
	corrupt_cases(dir);
	sizes();
	free(dir);
	TEST_DONE();
}
