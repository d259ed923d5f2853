/*
 * journal.c - read and write the intent journal (see journal.h).
 *
 * The journal's "files" member is a manifest's, so manifest_parse and
 * manifest_serialize do that part (and their checks: keys never under
 * .jamdeploy/, well-formed sha256).  "deletes" is the one member of our
 * own: jansson reads and writes it.  A journal is read only after an
 * interrupted push, so reading it twice costs nothing that matters.
 */
#include "pipeline/journal.h"

#include <jansson.h>

#include "lib/json_build.h"
#include "lib/util.h"

void journal_free(struct journal *j)
{
	manifest_free(&j->puts);
	for (size_t i = 0; i < j->ndeletes; i++)
		free(j->deletes[i]);
	free(j->deletes);
	memset(j, 0, sizeof(*j));
}

void journal_add_delete(struct journal *j, const char *key)
{
	size_t lo = 0, hi = j->ndeletes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(j->deletes[mid], key);
		if (!c)
			return;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	ARRAY_GROW(j->deletes, j->ndeletes + 1, j->cap);
	memmove(j->deletes + lo + 1, j->deletes + lo, (j->ndeletes - lo) * sizeof(*j->deletes));
	j->deletes[lo] = xstrdup(key);
	j->ndeletes++;
}

static enum jd_err corrupt(struct diag *d, const char *where, const char *what)
{
	return diag_set(d, JD_EMANIFEST, where,
			"the journal '%s' is corrupt: %s (run 'jamdeploy push --force' to upload every "
			"file, list the target and delete what the site does not have)", where, what);
}

static enum jd_err parse_deletes(const char *text, size_t len, const char *where, struct journal *j,
				 struct diag *d)
{
	json_error_t err;
	json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err), *arr, *v;
	enum jd_err rc = JD_OK;
	size_t i;

	if (!doc)
		return corrupt(d, where, err.text);
	arr = json_object_get(doc, "deletes");
	if (arr && !json_is_array(arr))
		rc = corrupt(d, where, "\"deletes\" is not an array");
	json_array_foreach(arr, i, v) {
		if (rc)
			break;
		if (!json_is_string(v) || !*json_string_value(v) ||
		    manifest_key_is_reserved(json_string_value(v)))
			rc = corrupt(d, where, "\"deletes\" holds something that is not a site key");
		else
			journal_add_delete(j, json_string_value(v));
	}
	json_decref(doc);
	return rc;
}

enum jd_err journal_fetch(struct target *t, struct journal *j, int *found, struct diag *d)
{
	struct buf text;
	enum target_get_result got;
	char *where = xasprintf("%s%s%s", t->url, ends_with(t->url, "/") ? "" : "/", JD_JOURNAL_KEY);
	enum jd_err rc;

	memset(j, 0, sizeof(*j));
	*found = 0;
	buf_init(&text, MANIFEST_MAX_BYTES);
	rc = t->ops->get(t, JD_JOURNAL_KEY, NULL, &text, &got, d);
	if (!rc && got == TARGET_FOUND) {
		*found = 1;
		rc = manifest_parse(text.data, text.len, where, &j->puts, d);
		if (rc == JD_EMANIFEST)
			rc = corrupt(d, where, d->msg);
		if (!rc)
			rc = parse_deletes(text.data, text.len, where, j, d);
	}
	if (rc)
		journal_free(j);
	buf_release(&text);
	free(where);
	return rc;
}

enum jd_err journal_serialize(const struct journal *j, struct buf *out, struct diag *d)
{
	struct buf m = BUF_INIT;
	struct jb b = JB_INIT;
	json_error_t err;
	json_t *doc, *arr;
	char *text = NULL;
	enum jd_err rc;

	m.max = MANIFEST_MAX_BYTES;
	if ((rc = manifest_serialize(&j->puts, &m, d)))
		goto out;
	doc = json_loadb(m.data, m.len, 0, &err);
	if (!doc) {
		rc = diag_set(d, JD_EIO, JD_JOURNAL_KEY, "cannot write the journal: %s", err.text);
		goto out;
	}
	arr = jb_value(&b, json_array());
	for (size_t i = 0; i < j->ndeletes; i++)
		jb_append(&b, arr, jb_string(&b, j->deletes[i]));
	jb_set(&b, doc, "deletes", arr);
	rc = jb_finish(&b, "the journal", d);
	if (!rc && !(text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS)))
		rc = diag_set(d, JD_EIO, JD_JOURNAL_KEY, "cannot write the journal (out of memory?)");
	if (!rc && (buf_addstr(out, text) || buf_addch(out, '\n')))
		rc = diag_set(d, JD_ELIMIT, JD_JOURNAL_KEY, "the journal is over %zu bytes", out->max);
	free(text);
	json_decref(doc);
out:
	buf_release(&m);
	return rc;
}
