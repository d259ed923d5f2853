/*
 * baseline.c - loading a `check --baseline` file (see baseline.h).
 *
 * The document is parsed with jansson and copied into two fresh objects
 * (files, budgets) holding only integers, so a baseline with odd members
 * cannot surprise the renderers; a member that cannot be copied fails the
 * load (jb_finish) rather than reporting that file as added.
 */
#include "check/baseline.h"

#include "lib/hex.h"
#include "lib/json_build.h"
#include "lib/util.h"

void baseline_free(struct baseline *b)
{
	free(b->path);
	json_decref(b->files);
	json_decref(b->budgets);
	memset(b, 0, sizeof(*b));
}

/*
 * `key` without a rewrite hash ("css/a.00a8e56e8a.css" -> "css/a.css"), or
 * NULL when it has none.  Manifest keys are shipped names; this puts them in
 * the source-key space that check reports in.
 */
static char *dehash(const char *key)
{
	const char *ext = strrchr(key, '.'), *slash = strrchr(key, '/');
	const char *h = ext && ext - key > 11 ? ext - 11 : NULL;

	if (!h || *h != '.' || (slash && h <= slash))
		return NULL;
	if (!hex_is_lower(h + 1, 10))
		return NULL;
	return xasprintf("%.*s%s", (int)(h - key), key, ext);
}

enum jd_err baseline_load(const char *path, struct baseline *b, struct diag *d)
{
	struct buf text = BUF_INIT;
	json_error_t err;
	json_t *doc, *files, *budgets, *newest;
	const char *key;
	json_t *v;
	struct jb jb = JB_INIT;
	enum jd_err rc;

	memset(b, 0, sizeof(*b));
	buf_init(&text, BASELINE_MAX_BYTES);
	if ((rc = read_file(path, &text, d))) {
		buf_release(&text);
		return rc;
	}
	doc = json_loadb(text.data, text.len, 0, &err);
	buf_release(&text);
	if (!doc)
		return diag_at(d, JD_EINPUT, path, err.line, err.column,
			       "baseline '%s' is not JSON: %s (save one with 'jamdeploy check --json > FILE')",
			       path, err.text);
	files = json_object_get(doc, "files");
	budgets = json_object_get(doc, "budgets");
	if (!json_is_object(files)) {
		json_decref(doc);
		return diag_set(d, JD_EINPUT, path, "baseline '%s' has no \"files\" object: give a "
				"'jamdeploy check --json' output or a manifest.json", path);
	}
	b->path = xstrdup(path);
	b->files = jb_value(&jb, json_object());
	b->budgets = jb_value(&jb, json_object());
	b->is_manifest = !json_is_array(budgets);
	newest = jb_value(&jb, json_object());
	json_object_foreach(files, key, v) {
		json_t *raw = json_object_get(v, b->is_manifest ? "size" : "raw");
		if (!json_is_integer(raw))
			continue;
		json_t *e = jb_value(&jb, json_pack("{s:O}", "raw", raw));
		if (!b->is_manifest) {
			json_t *g = json_object_get(v, "gzip"), *br = json_object_get(v, "brotli");
			if (json_is_integer(g))
				jb_set(&jb, e, "gzip", json_incref(g));
			if (json_is_integer(br))
				jb_set(&jb, e, "brotli", json_incref(br));
		}
		char *plain = b->is_manifest ? dehash(key) : NULL;
		const char *as = plain ? plain : key;
		/*
		 * With keep_old_assets a manifest holds yesterday's css/a.OLD.css
		 * beside the live css/a.NEW.css; the baseline is the one live last.
		 */
		json_int_t live = json_integer_value(json_object_get(v, "last_live"));
		json_t *seen = json_object_get(newest, as);
		if (!seen || live > json_integer_value(seen)) {
			jb_set(&jb, b->files, as, e);
			jb_set(&jb, newest, as, jb_value(&jb, json_integer(live)));
		} else {
			json_decref(e);
		}
		free(plain);
	}
	json_decref(newest);
	if (!b->is_manifest) {
		size_t i;
		json_array_foreach(budgets, i, v) {
			json_t *name = json_object_get(v, "name"), *actual = json_object_get(v, "actual");
			if (json_is_string(name) && json_is_integer(actual))
				jb_set(&jb, b->budgets, json_string_value(name), json_incref(actual));
		}
	}
	json_decref(doc);
	/* a baseline missing an entry would report that file as added */
	if ((rc = jb_finish(&jb, "the baseline", d)))
		baseline_free(b);
	return rc;
}

const char *baseline_key(const struct baseline *b, const char *source_key, const char *shipped_key)
{
	char *plain;
	void *it;

	if (json_object_get(b->files, source_key))
		return source_key;
	if (json_object_get(b->files, shipped_key))
		return shipped_key;
	if (!(plain = dehash(shipped_key)))
		return NULL;
	it = json_object_iter_at(b->files, plain); /* the object's own copy of the key */
	free(plain);
	return it ? json_object_iter_key(it) : NULL;
}
