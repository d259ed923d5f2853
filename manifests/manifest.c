/*
 * manifest.c - build, compare, read and write manifests (see manifest.h).
 *
 * JSON goes through jansson.  Parsing is strict: a manifest is the record
 * of what is live, so one we do not fully understand is refused rather
 * than guessed at: a wrong guess would re-upload nothing or delete
 * live objects.
 */
#include "manifest.h"

#include <jansson.h>

#include "lib/util.h"
#include "lib/version.h"

#define MANIFEST_VERSION 1
#define GENERATOR "jamdeploy " JAMDEPLOY_VERSION

static void entry_free(struct manifest_entry *e)
{
	free(e->key);
	free(e->content_type);
	free(e->cache_control);
	free(e->content_encoding);
}

void manifest_free(struct manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		entry_free(&m->e[i]);
	free(m->e);
	memset(m, 0, sizeof(*m));
}

void manifest_add(struct manifest *m, const struct manifest_entry *src)
{
	struct manifest_entry *e;

	ARRAY_GROW(m->e, m->n + 1, m->cap);
	e = &m->e[m->n++];
	*e = *src;
	e->key = xstrdup(src->key);
	e->content_type = xstrdup(src->content_type ? src->content_type : "");
	e->cache_control = xstrdup(src->cache_control ? src->cache_control : "");
	e->content_encoding = src->content_encoding && *src->content_encoding
				      ? xstrdup(src->content_encoding) : NULL;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct manifest_entry *)a)->key, ((const struct manifest_entry *)b)->key);
}

void manifest_sort(struct manifest *m)
{
	if (m->n)
		qsort(m->e, m->n, sizeof(*m->e), by_key);
}

const struct manifest_entry *manifest_find(const struct manifest *m, const char *key)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, m->e[mid].key);
		if (!c)
			return &m->e[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void manifest_of(const struct site *s, long deploy, struct manifest *m)
{
	memset(m, 0, sizeof(*m));
	m->deploy = deploy;
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct file *f = &s->files[i];
		struct manifest_entry e = {
			.key = f->key,
			.size = f->size,
			.content_type = (char *)f->content_type,
			.cache_control = f->cache_control,
			.content_encoding = (char *)f->content_encoding,
			.last_live = deploy,
		};
		memcpy(e.sha256, f->sha256, sizeof(e.sha256));
		manifest_add(m, &e);
	}
	manifest_sort(m); /* scan sorted the files already; this keeps the contract local */
}

static int str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int manifest_entry_differs(const struct manifest_entry *a, const struct manifest_entry *b)
{
	return strcmp(a->sha256, b->sha256) != 0 || a->size != b->size ||
	       !str_eq(a->content_type, b->content_type) || !str_eq(a->cache_control, b->cache_control) ||
	       !str_eq(a->content_encoding, b->content_encoding);
}

static int is_sha256_hex(const char *s)
{
	if (strlen(s) != 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

static enum jd_err corrupt(struct diag *d, const char *where, const char *what, const char *key)
{
	return diag_set(d, JD_EMANIFEST, where,
			"the manifest '%s' is corrupt: %s%s%s%s (run 'jamdeploy push --force' to upload "
			"every file and write a new manifest)", where, what, key ? " (key '" : "",
			key ? key : "", key ? "')" : "");
}

enum jd_err manifest_parse(const char *text, size_t len, const char *where, struct manifest *m,
			   struct diag *d)
{
	json_error_t jerr;
	json_t *root, *files, *v;
	const char *key;
	enum jd_err rc = JD_OK;

	memset(m, 0, sizeof(*m));
	if (len > MANIFEST_MAX_BYTES)
		return diag_set(d, JD_ELIMIT, where, "the manifest '%s' is over %u bytes", where,
				MANIFEST_MAX_BYTES);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		char what[300];
		snprintf(what, sizeof(what), "invalid JSON at line %d column %d: %s", jerr.line,
			 jerr.column, jerr.text);
		return corrupt(d, where, what, NULL);
	}
	v = json_object_get(root, "version");
	files = json_object_get(root, "files");
	if (!json_is_object(root) || !json_is_integer(v) || !json_is_object(files)) {
		json_decref(root);
		return corrupt(d, where, "expected an object with \"version\" and \"files\"", NULL);
	}
	if (json_integer_value(v) != MANIFEST_VERSION) {
		json_decref(root);
		return diag_set(d, JD_EMANIFEST, where,
				"the manifest '%s' has version %lld, this jamdeploy reads version %d "
				"(upgrade jamdeploy, or run 'jamdeploy push --force' to replace it)",
				where, (long long)json_integer_value(v), MANIFEST_VERSION);
	}
	v = json_object_get(root, "deploy");
	m->deploy = json_is_integer(v) ? (long)json_integer_value(v) : 0;
	json_object_foreach(files, key, v) {
		json_t *sha = json_object_get(v, "sha256"), *size = json_object_get(v, "size");
		json_t *ct = json_object_get(v, "content_type"), *cc = json_object_get(v, "cache_control");
		json_t *ce = json_object_get(v, "content_encoding"), *live = json_object_get(v, "last_live");
		struct manifest_entry e = { 0 };

		if (!json_is_object(v) || !json_is_string(sha) || !is_sha256_hex(json_string_value(sha)) ||
		    !json_is_integer(size) || json_integer_value(size) < 0 || !json_is_string(ct) ||
		    !json_is_string(cc) || !(json_is_null(ce) || json_is_string(ce) || !ce) ||
		    !*key || key[0] == '/') {
			rc = corrupt(d, where, "an entry is malformed", key);
			break;
		}
		e.key = (char *)key;
		memcpy(e.sha256, json_string_value(sha), 65);
		e.size = (uint64_t)json_integer_value(size);
		e.content_type = (char *)json_string_value(ct);
		e.cache_control = (char *)json_string_value(cc);
		e.content_encoding = json_is_string(ce) ? (char *)json_string_value(ce) : NULL;
		e.last_live = json_is_integer(live) ? (long)json_integer_value(live) : m->deploy;
		manifest_add(m, &e);
	}
	json_decref(root);
	if (rc) {
		manifest_free(m);
		return rc;
	}
	manifest_sort(m);
	return JD_OK;
}

void manifest_serialize(const struct manifest *m, struct buf *out)
{
	json_t *root = json_object(), *files = json_object();
	char *text;

	json_object_set_new(root, "version", json_integer(MANIFEST_VERSION));
	json_object_set_new(root, "generator", json_string(GENERATOR));
	json_object_set_new(root, "deploy", json_integer(m->deploy));
	for (size_t i = 0; i < m->n; i++) {
		const struct manifest_entry *e = &m->e[i];
		json_t *o = json_object();
		json_object_set_new(o, "sha256", json_string(e->sha256));
		json_object_set_new(o, "size", json_integer((json_int_t)e->size));
		json_object_set_new(o, "content_type", json_string(e->content_type));
		json_object_set_new(o, "cache_control", json_string(e->cache_control));
		json_object_set_new(o, "content_encoding",
				    e->content_encoding ? json_string(e->content_encoding) : json_null());
		json_object_set_new(o, "last_live", json_integer(e->last_live));
		json_object_set_new(files, e->key, o);
	}
	json_object_set_new(root, "files", files);
	text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
	buf_addstr(out, text);
	buf_addch(out, '\n');
	free(text);
	json_decref(root);
}
