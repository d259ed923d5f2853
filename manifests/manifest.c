/*
 * manifest.c - build, compare and write manifests (see manifest.h).
 *
 * Writing goes through jansson (sorted keys, indented).  Reading is
 * manifest_read.c's, strict: a manifest is the record of what is live, so
 * one we do not fully understand is refused rather than guessed at: a
 * wrong guess would re-upload nothing or delete live objects.
 */
#include "manifest.h"

#include <jansson.h>

#include "lib/util.h"
#include "lib/version.h"

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
