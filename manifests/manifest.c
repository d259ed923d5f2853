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

#include "lib/json_build.h"
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

void manifest_of(const struct site *s, int64_t deploy, struct manifest *m)
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

int manifest_key_is_reserved(const char *key)
{
	size_t n = strlen(JD_STATE_DIR);

	return !strncmp(key, JD_STATE_DIR, n) && (key[n] == '\0' || key[n] == '/');
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

enum jd_err manifest_serialize(const struct manifest *m, struct buf *out, struct diag *d)
{
	struct jb b = JB_INIT;
	json_t *root = jb_value(&b, json_object()), *files = jb_value(&b, json_object());
	enum jd_err rc;
	char *text;

	jb_set(&b, root, "version", jb_value(&b, json_integer(MANIFEST_VERSION)));
	jb_set(&b, root, "generator", jb_string(&b, GENERATOR));
	jb_set(&b, root, "deploy", jb_value(&b, json_integer(m->deploy)));
	if (m->journal)
		jb_set(&b, root, "journal", jb_value(&b, json_integer(m->journal)));
	for (size_t i = 0; i < m->n; i++) {
		const struct manifest_entry *e = &m->e[i];
		json_t *o = jb_value(&b, json_object());
		jb_set(&b, o, "sha256", jb_string(&b, e->sha256));
		if (e->md5[0])
			jb_set(&b, o, "md5", jb_string(&b, e->md5));
		jb_set(&b, o, "size", jb_value(&b, json_integer((json_int_t)e->size)));
		jb_set(&b, o, "content_type", jb_string(&b, e->content_type));
		jb_set(&b, o, "cache_control", jb_string(&b, e->cache_control));
		jb_set(&b, o, "content_encoding",
		       e->content_encoding ? jb_string(&b, e->content_encoding) : json_null());
		jb_set(&b, o, "last_live", jb_value(&b, json_integer(e->last_live)));
		jb_set(&b, files, e->key, o);
	}
	jb_set(&b, root, "files", files);
	/* A manifest that lost an entry would leave that object on the target forever. */
	rc = jb_finish(&b, "the manifest", d);
	text = rc ? NULL : json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (!rc && !text)
		rc = diag_set(d, JD_EIO, NULL, "cannot write the manifest: jansson could not "
			      "serialize it (out of memory?)");
	if (!rc && (buf_addstr(out, text) || buf_addch(out, '\n')))
		rc = diag_set(d, JD_ELIMIT, NULL, "the manifest is over %zu bytes", out->max);
	free(text);
	json_decref(root);
	return rc;
}
