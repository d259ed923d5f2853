/*
 * test_plan.c - the plan: new / changed / unchanged / deleted, header-only
 * changes, upload order, and old hashed assets kept for keep_old_assets deploys.
 */
#include "lib/util.h"
#include "manifests/plan.h"
#include "test.h"

#define IMMUTABLE "public, max-age=31536000, immutable"
#define REVALIDATE "public, max-age=0"

static void add(struct manifest *m, const char *key, char sha, const char *cc, int64_t live)
{
	struct manifest_entry e = { 0 };

	e.key = (char *)key;
	memset(e.sha256, sha, 64);
	e.size = 10;
	e.content_type = (char *)(ends_with(key, ".html") ? "text/html; charset=utf-8" : "text/css");
	e.cache_control = (char *)cc;
	e.last_live = live;
	manifest_add(m, &e);
}

static int has(char **keys, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(keys[i], key))
			return 1;
	return 0;
}

/*
 * Issue 15: the deploy counter at the top of its range, and a last_live far
 * below it: no signed overflow (UBSan, `make asan`, aborts on one), and the
 * counter never passes what manifest_parse reads back.
 */
static void counter_limits(void)
{
	struct manifest local = { 0 }, remote = { 0 };
	struct plan_options o = { .keep_old_assets = 3 };
	struct plan p;

	add(&local, "a.html", 'a', REVALIDATE, 0);
	manifest_sort(&local);
	remote.deploy = MANIFEST_DEPLOY_MAX - 1;
	add(&remote, "a.html", 'b', REVALIDATE, MANIFEST_DEPLOY_MAX - 1);
	add(&remote, "ancient.1234567890.css", 'o', IMMUTABLE, INT64_MIN + 1);
	manifest_sort(&remote);
	plan_make(&local, &remote, &o, &p);
	CHECK("the counter advances to MANIFEST_DEPLOY_MAX", p.next.deploy == MANIFEST_DEPLOY_MAX);
	CHECK("an asset last live at INT64_MIN + 1 is deleted, not kept",
	      has(p.delete, p.ndelete, "ancient.1234567890.css") &&
		      !manifest_find(&p.next, "ancient.1234567890.css"));
	plan_free(&p);

	remote.deploy = INT64_MAX; /* manifest_parse refuses this; plan_make must still not overflow */
	plan_make(&local, &remote, &o, &p);
	CHECK("a counter at INT64_MAX does not overflow", p.next.deploy <= MANIFEST_DEPLOY_MAX);
	plan_free(&p);

	manifest_free(&remote);
	remote.deploy = 5;
	add(&remote, "a.html", 'b', REVALIDATE, 5);
	add(&remote, "future.1234567890.css", 'f', IMMUTABLE, INT64_MAX);
	manifest_sort(&remote);
	plan_make(&local, &remote, &o, &p);
	CHECK("an asset 'last live' in a later deploy than this one is not kept",
	      has(p.delete, p.ndelete, "future.1234567890.css"));
	plan_free(&p);
	manifest_free(&local);
	manifest_free(&remote);
}

/*
 * Issue 18: an old asset live in one of the `history` deploys the target
 * keeps is kept whatever keep_old_assets says (a rollback needs it); keys
 * push --verify found drifted are uploaded though the manifest matches; an
 * unchanged entry keeps the md5 the remote knows.
 */
static void history_and_drift(void)
{
	struct manifest local = { 0 }, remote = { 0 };
	struct plan_options o = { .keep_old_assets = 0, .history = 3 };
	char *drifted[] = { "a.html" };
	struct plan p;

	add(&local, "a.html", 'a', REVALIDATE, 0);
	add(&local, "b.html", 'b', REVALIDATE, 0);
	manifest_sort(&local);
	remote.deploy = 9;
	add(&remote, "a.html", 'a', REVALIDATE, 9);
	add(&remote, "b.html", 'b', REVALIDATE, 9);
	memcpy(remote.e[1].md5, "0123456789abcdef0123456789abcdef", 33);
	add(&remote, "in.1234567890.css", 'i', IMMUTABLE, 8);  /* live in deploy 8: kept by history 3 */
	add(&remote, "out.1234567890.css", 'o', IMMUTABLE, 7); /* deploy 7 falls out when 10 is made */
	manifest_sort(&remote);
	plan_make(&local, &remote, &o, &p);
	CHECK("history: an asset a kept deploy names stays", manifest_find(&p.next, "in.1234567890.css") &&
								   !has(p.delete, p.ndelete, "in.1234567890.css"));
	CHECK("history: one only older deploys named goes", has(p.delete, p.ndelete, "out.1234567890.css"));
	CHECK_STR("an unchanged entry keeps the remote's md5", manifest_find(&p.next, "b.html")->md5,
		  "0123456789abcdef0123456789abcdef");
	plan_free(&p);

	o.drifted = drifted;
	o.ndrifted = 1;
	plan_make(&local, &remote, &o, &p);
	CHECK("a drifted key is uploaded as changed", p.nupload == 1 && !strcmp(p.upload[0].entry->key, "a.html") &&
						      p.upload[0].reason == PLAN_CHANGED);
	CHECK("... and purged", has(p.purge, p.npurge, "a.html"));
	plan_free(&p);
	manifest_free(&local);
	manifest_free(&remote);
}

int main(void)
{
	struct manifest local = { 0 }, remote = { 0 };
	struct plan_options o = { .keep_old_assets = 3 };
	struct plan p;

	add(&local, "a.html", 'a', REVALIDATE, 0);
	add(&local, "b.css", 'b', IMMUTABLE, 0);
	add(&local, "c.css", 'c', REVALIDATE, 0);
	manifest_sort(&local);

	plan_make(&local, NULL, &o, &p);
	CHECK("no remote manifest: everything is new", p.nupload == 3 && p.upload[0].reason == PLAN_NEW);
	CHECK("immutable assets upload first", !strcmp(p.upload[0].entry->key, "b.css"));
	CHECK("html uploads last", !strcmp(p.upload[2].entry->key, "a.html"));
	CHECK("first deploy is number 1", p.next.deploy == 1);
	plan_free(&p);

	remote.deploy = 5;
	add(&remote, "a.html", 'a', REVALIDATE, 5);
	add(&remote, "b.css", 'b', IMMUTABLE, 5);
	add(&remote, "c.css", 'c', "public, max-age=60", 5);   /* header differs */
	add(&remote, "old.1234567890.css", 'o', IMMUTABLE, 3);  /* gone 2 deploys ago: kept */
	add(&remote, "older.1234567890.css", 'p', IMMUTABLE, 2); /* last live 4 deploys before: deleted */
	add(&remote, "gone.html", 'g', REVALIDATE, 5);
	manifest_sort(&remote);

	plan_make(&local, &remote, &o, &p);
	CHECK("header-only change counts as changed", p.nupload == 1 && !strcmp(p.upload[0].entry->key, "c.css") &&
						 p.upload[0].reason == PLAN_CHANGED);
	CHECK("unchanged counted", p.unchanged == 2);
	CHECK("old hashed asset within keep_old_assets is kept", manifest_find(&p.next, "old.1234567890.css") &&
								 !has(p.delete, p.ndelete, "old.1234567890.css"));
	CHECK("kept asset keeps its last_live", manifest_find(&p.next, "old.1234567890.css")->last_live == 3);
	CHECK("old hashed asset past keep_old_assets is deleted", has(p.delete, p.ndelete, "older.1234567890.css"));
	CHECK("removed page is deleted", has(p.delete, p.ndelete, "gone.html"));
	CHECK("removed page is purged", has(p.purge, p.npurge, "gone.html"));
	CHECK("changed revalidated file is purged", has(p.purge, p.npurge, "c.css"));
	CHECK("deleted immutable asset is not purged", !has(p.purge, p.npurge, "older.1234567890.css"));
	CHECK("deploy counter advances", p.next.deploy == 6);
	CHECK("live entries carry the new deploy", manifest_find(&p.next, "a.html")->last_live == 6);
	plan_free(&p);

	o.force = 1;
	plan_make(&local, &remote, &o, &p);
	CHECK("--force uploads everything", p.nupload == 3);
	plan_free(&p);

	manifest_free(&remote);
	remote.deploy = 6;
	add(&remote, "a.html", 'a', REVALIDATE, 6);
	add(&remote, "b.css", 'b', IMMUTABLE, 6);
	add(&remote, "c.css", 'c', REVALIDATE, 6);
	manifest_sort(&remote);
	o.force = 0;
	plan_make(&local, &remote, &o, &p);
	CHECK("no change: empty plan", plan_is_empty(&p) && p.unchanged == 3);
	CHECK("no change: deploy counter stays", p.next.deploy == 6);
	plan_free(&p);

	manifest_free(&local);
	manifest_free(&remote);
	counter_limits();
	history_and_drift();
	TEST_DONE();
}
