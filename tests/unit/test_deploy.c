/*
 * test_deploy.c - deploy_execute checks every key of a plan before its first
 * write (issue 15): a key under .jamdeploy/ or one the target cannot store
 * stops the push while the target is untouched.
 *
 * The target is a fake that counts what it was asked to write and refuses,
 * through its check_key, any key starting with "long/" (S3's real check is
 * in test_s3_client.c).
 */
#include "lib/util.h"
#include "manifests/plan.h"
#include "test.h"
#include "pipeline/deploy.h"

struct fake {
	size_t puts, deletes, checks;
	int has_check;
};

static enum jd_err fake_get(struct target *t, const char *key, char *etag, struct buf *out,
			    enum target_get_result *result, struct diag *d)
{
	*result = TARGET_MISSING;
	return JD_OK;
}

static enum jd_err fake_put_many(struct target *t, const struct put_item *items, size_t n,
				 size_t *done, struct diag *d)
{
	struct fake *f = t->impl;

	f->puts += n;
	*done = n;
	for (size_t i = 0; i < n; i++)
		if (items[i].etag_out)
			items[i].etag_out[0] = '\0';
	return JD_OK;
}

static enum jd_err fake_delete_many(struct target *t, const char *const *keys, size_t n, size_t *done,
				    struct diag *d)
{
	struct fake *f = t->impl;

	f->deletes += n;
	*done = n;
	return JD_OK;
}

static enum jd_err fake_list(struct target *t, char ***keys, size_t *n, struct diag *d)
{
	*keys = NULL;
	*n = 0;
	return JD_OK;
}

static enum jd_err fake_check_key(struct target *t, const char *key, struct diag *d)
{
	struct fake *f = t->impl;

	f->checks++;
	if (starts_with(key, "long/"))
		return diag_set(d, JD_ELIMIT, key, "key '%s' is too long for the fake", key);
	return JD_OK;
}

static void fake_close(struct target *t)
{
	(void)t;
}

static const struct target_ops fake_ops = {
	.scheme = "fake",
	.get = fake_get,
	.put_many = fake_put_many,
	.delete_many = fake_delete_many,
	.list = fake_list,
	.check_key = fake_check_key,
	.close = fake_close,
};

static const struct target_ops fake_ops_no_check = {
	.scheme = "fake",
	.get = fake_get,
	.put_many = fake_put_many,
	.delete_many = fake_delete_many,
	.list = fake_list,
	.close = fake_close,
};

static void add_entry(struct manifest *m, const char *key, const char *cc)
{
	struct manifest_entry e = { 0 };

	e.key = (char *)key;
	memset(e.sha256, 'a', 64);
	e.size = 2;
	e.content_type = (char *)(ends_with(key, ".html") ? "text/html; charset=utf-8" : "text/css");
	e.cache_control = (char *)cc;
	manifest_add(m, &e);
}

/* A site holding `keys` (sorted; bytes in memory) and the plan against `remote`. */
static void make(const char *const *keys, size_t n, const struct manifest *remote, struct site *s,
		 struct plan *p)
{
	struct manifest local = { 0 };
	struct plan_options o = { 0 };

	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < n; i++) {
		struct file *f = site_add(s, keys[i], keys[i]);
		buf_addstr(&f->data, "x\n");
		f->in_memory = 1;
		f->size = 2;
		add_entry(&local, keys[i], ends_with(keys[i], ".css") ? "public, immutable" : "public");
	}
	plan_make(&local, remote, &o, p);
	manifest_free(&local);
}

static enum jd_err run(const char *const *keys, size_t n, const struct manifest *remote,
		       const struct target_ops *ops, struct fake *f, struct diag *d)
{
	struct target t = { ops, "fake://t", f };
	struct deploy_options o = { .max_deletes = 100 };
	struct deploy_report r;
	struct site s;
	struct plan p;
	enum jd_err rc;

	memset(f, 0, sizeof(*f));
	diag_clear(d);
	make(keys, n, remote, &s, &p);
	rc = deploy_execute(&p, &s, &t, &o, &r, d);
	plan_free(&p);
	site_free(&s);
	return rc;
}

int main(void)
{
	static const char *const fine[] = { "a.css", "index.html" };
	static const char *const too_long[] = { "a.css", "long/index.html" };
	static const char *const reserved[] = { ".jamdeploy/evil.html", "a.css" };
	struct manifest remote = { 0 };
	struct fake f;
	struct diag d;
	enum jd_err rc;

	rc = run(fine, 2, NULL, &fake_ops, &f, &d);
	CHECK("a plan of storable keys is carried out", rc == JD_OK && f.puts == 3);
	CHECK("every key and the manifest's were checked first", f.checks == 3);

	rc = run(too_long, 2, NULL, &fake_ops, &f, &d);
	CHECK("a key the target refuses stops the push", rc == JD_ELIMIT && strstr(d.msg, "long/index.html"));
	CHECK("... before anything is written (not even a.css of the first phase)", f.puts == 0 && f.deletes == 0);

	rc = run(reserved, 2, NULL, &fake_ops_no_check, &f, &d);
	CHECK("a site key under .jamdeploy/ is refused", rc == JD_EINPUT &&
							    strstr(d.msg, ".jamdeploy/evil.html") &&
							    strstr(d.msg, "jamdeploy's own files"));
	CHECK("... before anything is written", f.puts == 0 && f.deletes == 0);

	/* A manifest entry under .jamdeploy/ (manifest_parse refuses one; this is the last guard). */
	remote.deploy = 1;
	add_entry(&remote, ".jamdeploy/manifest.json", "public");
	add_entry(&remote, "index.html", "public");
	manifest_sort(&remote);
	rc = run(fine, 2, &remote, &fake_ops_no_check, &f, &d);
	CHECK("a delete of a key under .jamdeploy/ is refused", rc == JD_EINPUT &&
								  strstr(d.msg, "delete '.jamdeploy/manifest.json'"));
	CHECK("... before anything is written", f.puts == 0 && f.deletes == 0);
	manifest_free(&remote);
	TEST_DONE();
}
