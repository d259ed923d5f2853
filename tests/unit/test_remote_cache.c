/*
 * test_remote_cache.c - the shared cache's objects (site/remote_cache.h) in a
 * directory cache: what is stored reads back; a damaged, truncated,
 * misplaced or mislabelled object is refused with a warning naming its
 * key; a read-only cache writes nothing; shards are stable and cover 1..N.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "lib/sha256.h"
#include "site/remote_cache.h"
#include "test.h"

static void item(struct remote_item *it, const struct remote_cache *rc, char ns, const char *src,
		 char kind, const char *bytes)
{
	char sha[65];

	memset(it, 0, sizeof(*it));
	sha256_hex(src, strlen(src), sha);
	it->key = remote_cache_key(rc, ns, "00112233aabbccdd", sha);
	it->kind = kind;
	buf_init(&it->bytes, BUF_MAX_DEFAULT);
	if (kind == 'S') {
		memcpy(it->sha, sha, sizeof(it->sha));
		return;
	}
	buf_add(&it->bytes, bytes, strlen(bytes));
	sha256_hex(bytes, strlen(bytes), it->sha);
	it->size = strlen(bytes);
}

/* Fetch one key into a fresh item; returns found, and the warnings the site got. */
static int fetch(const struct remote_cache *rc, const char *key, struct remote_item *out, struct site *s)
{
	memset(out, 0, sizeof(*out));
	out->key = xstrdup(key);
	buf_init(&out->bytes, BUF_MAX_DEFAULT);
	remote_cache_fetch(rc, out, 1, s);
	return out->found;
}

static void write_at(const char *dir, const char *key, const char *text, size_t len)
{
	char *p = path_join(dir, key);
	struct diag d;

	write_file_atomic(p, text, len, &d);
	free(p);
}

int main(void)
{
	char tmpl[] = "/tmp/jd-rcache-XXXXXX", *dir = mkdtemp(tmpl);
	struct config cfg;
	struct remote_cache rc;
	struct remote_item items[3], got;
	struct site s;
	struct diag d;
	struct buf text = BUF_INIT;
	char *path;

	memset(&cfg, 0, sizeof(cfg));
	memset(&s, 0, sizeof(s));
	cfg.cache = dir;
	CHECK("open a directory cache", dir && remote_cache_open(&rc, &cfg, "0123456789abcdef", 2, &d) == JD_OK &&
					rc.target);
	item(&items[0], &rc, 't', "body{color:red}", 'T', "body{color:red}min");
	item(&items[1], &rc, 'h', "<p>page", 'S', NULL);
	item(&items[2], &rc, 'w', "png bytes", 'W', "RIFF webp");
	remote_cache_store(&rc, items, 3, &s);
	CHECK("storing warns nothing", s.nwarnings == 0);

	CHECK("a T object reads back", fetch(&rc, items[0].key, &got, &s) && got.kind == 'T' &&
						 got.bytes.len == 18 && !memcmp(got.bytes.data, "body{color:red}min", 18));
	remote_item_release(&got);
	CHECK("an S object reads back without bytes", fetch(&rc, items[1].key, &got, &s) && got.kind == 'S' &&
							     got.bytes.len == 0 && !strcmp(got.sha, items[1].sha));
	remote_item_release(&got);
	CHECK("a missing key is not found, silently", !fetch(&rc, "0123456789abcdef/t/00", &got, &s) &&
							    s.nwarnings == 0);
	remote_item_release(&got);

	/* a flipped byte in the body */
	path = path_join(dir, items[0].key);
	read_file(path, &text, &d);
	text.data[text.len - 1] ^= 1;
	write_at(dir, items[0].key, text.data, text.len);
	CHECK("a flipped byte is refused", !fetch(&rc, items[0].key, &got, &s));
	CHECK("with a cache-corrupt warning naming the key",
	      s.nwarnings == 1 && !strcmp(s.warnings[0].id, "cache-corrupt") &&
		      strstr(s.warnings[0].message, items[0].key) && strstr(s.warnings[0].message, "sha256"));
	remote_item_release(&got);
	/* truncated */
	write_at(dir, items[0].key, text.data, text.len - 4);
	CHECK("a truncated object is refused", !fetch(&rc, items[0].key, &got, &s) && s.nwarnings == 2 &&
						     strstr(s.warnings[1].message, "truncated"));
	remote_item_release(&got);
	/* the WebP object copied under the transform's key */
	buf_reset(&text);
	free(path);
	path = path_join(dir, items[2].key);
	read_file(path, &text, &d);
	write_at(dir, items[0].key, text.data, text.len);
	CHECK("an object under another key is refused", !fetch(&rc, items[0].key, &got, &s) && s.nwarnings == 3 &&
							      strstr(s.warnings[2].message, "another key"));
	remote_item_release(&got);
	/* an S object whose hash is not the source's */
	buf_reset(&text);
	buf_printf(&text, "jamdeploy cache 1 %s S %s 0\n", items[1].key, items[0].sha);
	write_at(dir, items[1].key, text.data, text.len);
	CHECK("an S object naming other bytes is refused", !fetch(&rc, items[1].key, &got, &s) && s.nwarnings == 4);
	remote_item_release(&got);
	CHECK("not an object at all is refused", (write_at(dir, items[2].key, "hello", 5),
						  !fetch(&rc, items[2].key, &got, &s) && s.nwarnings == 5));
	remote_item_release(&got);

	/* read-only: nothing is written */
	rc.readonly = 1;
	remote_cache_store(&rc, items, 1, &s);
	CHECK("a read-only cache keeps the damaged object", !fetch(&rc, items[0].key, &got, &s));
	remote_item_release(&got);

	{
		uint64_t a = remote_cache_shard(&rc, items[0].sha, 4), seen[5] = { 0 };
		char sha[65];
		CHECK("a shard is stable", a == remote_cache_shard(&rc, items[0].sha, 4) && a >= 1 && a <= 4);
		for (int i = 0; i < 400; i++) {
			char src[16];
			snprintf(src, sizeof(src), "%d", i);
			sha256_hex(src, strlen(src), sha);
			seen[remote_cache_shard(&rc, sha, 4)]++;
		}
		CHECK("shards split 400 sources roughly evenly", seen[0] == 0 && seen[1] > 60 && seen[2] > 60 &&
									   seen[3] > 60 && seen[4] > 60);
	}

	for (int i = 0; i < 3; i++)
		remote_item_release(&items[i]);
	remote_cache_close(&rc);
	site_free(&s);
	buf_release(&text);
	free(path);
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);
		CHECK("clean up", system(cmd) == 0);
		free(cmd);
	}
	TEST_DONE();
}
