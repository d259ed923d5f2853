/*
 * test_purge.c - keys to purge paths, driven by tests/cdn/paths.test.
 *
 * Each case sets clean_urls / origin_path, feeds its "> KEY" lines to
 * purge_paths and compares the result with its "< PATH" lines, in order.
 */
#include <stdlib.h>
#include <unistd.h>

#include "lib/util.h"
#include "test.h"
#include "pipeline/purge_step.h"
#include "upload/purge.h"

#ifndef JD_TOP_DIR
#define JD_TOP_DIR "."
#endif

struct tcase {
	char name[200];
	struct cdn_config cdn;
	char *origin;
	char **keys;
	size_t nkeys, keys_cap;
	struct buf want;
};

static void run_case(struct tcase *c)
{
	struct purge_list l = { 0 };
	struct buf got = BUF_INIT;
	struct diag d;

	c->cdn.origin_path = c->origin;
	diag_clear(&d);
	CHECK(c->name, purge_paths(&c->cdn, c->keys, c->nkeys, &l, &d) == JD_OK);
	for (size_t i = 0; i < l.n; i++)
		buf_printf(&got, "%s\n", l.paths[i]);
	CHECK_STR(c->name, got.data, c->want.data);
	buf_release(&got);
	purge_list_free(&l);
}

static void reset_case(struct tcase *c)
{
	for (size_t i = 0; i < c->nkeys; i++)
		free(c->keys[i]);
	free(c->keys);
	free(c->origin);
	buf_release(&c->want);
	memset(c, 0, sizeof(*c));
	buf_init(&c->want, BUF_MAX_DEFAULT);
}

int main(void)
{
	const char *top = getenv("JD_TOP");
	char *path = xasprintf("%s/tests/cdn/paths.test", top ? top : JD_TOP_DIR);
	struct buf text = BUF_INIT;
	struct tcase c;
	struct diag d;
	int ncases = 0;
	char *line, *next;

	memset(&c, 0, sizeof(c));
	buf_init(&c.want, BUF_MAX_DEFAULT);
	if (read_file(path, &text, &d) != JD_OK) {
		printf("not ok - read %s: %s\n", path, d.msg);
		free(path);
		return 1;
	}
	buf_addch(&text, '\n');
	for (line = text.data; *line; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		if (line[0] == '#')
			continue;
		if (!line[0]) {
			if (c.name[0]) {
				run_case(&c);
				ncases++;
			}
			reset_case(&c);
		} else if (starts_with(line, "name: ")) {
			snprintf(c.name, sizeof(c.name), "%s", line + 6);
		} else if (!strcmp(line, "clean_urls")) {
			c.cdn.clean_urls = 1;
		} else if (starts_with(line, "origin_path: ")) {
			c.origin = xstrdup(line + 13);
		} else if (starts_with(line, "> ")) {
			ARRAY_GROW(c.keys, c.nkeys + 1, c.keys_cap);
			c.keys[c.nkeys++] = xstrdup(line + 2);
		} else if (starts_with(line, "< ")) {
			buf_printf(&c.want, "%s\n", line + 2);
		}
	}
	if (c.name[0]) {
		run_case(&c);
		ncases++;
	}
	reset_case(&c);
	buf_release(&c.want);
	CHECK("paths.test has cases", ncases >= 10);

	/* The pending file round-trips and a missing one is empty. */
	{
		struct purge_list a = { 0 }, b = { 0 };
		char tmpl[] = "/tmp/jd-purge-XXXXXX";
		char *dir = mkdtemp(tmpl), *pending = xasprintf("%s/pending", dir);

		purge_list_add(&a, "/b/");
		purge_list_add(&a, "/a");
		purge_list_add(&a, "/a");
		CHECK("purge list stays unique", a.n == 2);
		CHECK("missing pending file loads empty", purge_pending_load(pending, &b, &d) == JD_OK && b.n == 0);
		CHECK("pending file saves", purge_pending_save(pending, &a, &d) == JD_OK);
		CHECK("pending file loads", purge_pending_load(pending, &b, &d) == JD_OK && b.n == 2);
		CHECK_STR("pending file keeps order", b.n == 2 ? b.paths[0] : NULL, "/a");
		purge_pending_clear(pending);
		CHECK("pending file is cleared", access(pending, F_OK) != 0);
		rmdir(dir);
		free(pending);
		purge_list_free(&a);
		purge_list_free(&b);
	}
	buf_release(&text);
	free(path);
	TEST_DONE();
}
