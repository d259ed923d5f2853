/*
 * json_build.c - checked jansson building (see json_build.h).
 *
 * The first failure wins: it is the one a user can act on, and what follows
 * it (a member set on the null that replaced a refused object) is only its
 * echo.  A refused key or string is kept escaped, since the reason it was
 * refused is almost always that it is not UTF-8.
 */
#include "json_build.h"

#include "utf8.h"
#include "util.h"

static void record(struct jb *b, const char *s)
{
	if (b->failed)
		return;
	b->failed = 1;
	if (s)
		b->bad = utf8_escape(s);
}

json_t *jb_string(struct jb *b, const char *s)
{
	json_t *v = s ? json_string(s) : NULL;

	if (v)
		return v;
	record(b, s);
	return json_null();
}

json_t *jb_value(struct jb *b, json_t *v)
{
	if (v)
		return v;
	record(b, NULL);
	return json_null();
}

void jb_set(struct jb *b, json_t *obj, const char *key, json_t *value)
{
	if (json_object_set_new(obj, key, value) != 0)
		record(b, key && !utf8_valid(key) ? key : NULL);
}

void jb_append(struct jb *b, json_t *arr, json_t *value)
{
	if (json_array_append_new(arr, value) != 0)
		record(b, NULL);
}

void jb_merge(struct jb *into, const struct jb *from)
{
	if (!from->failed || into->failed)
		return;
	into->failed = 1;
	into->bad = from->bad ? xstrdup(from->bad) : NULL;
}

void jb_release(struct jb *b)
{
	free(b->bad);
	b->bad = NULL;
	b->failed = 0;
}

enum jd_err jb_finish(struct jb *b, const char *what, struct diag *d)
{
	enum jd_err rc = JD_OK;

	if (b->failed && b->bad)
		rc = diag_set(d, JD_EINPUT, b->bad,
			      "cannot write %s: '%s' is not valid UTF-8 (JSON holds only UTF-8 text; "
			      "rename what has that name)", what, b->bad);
	else if (b->failed)
		rc = diag_set(d, JD_EIO, NULL, "cannot write %s: a value could not be added to it "
			      "(out of memory?)", what);
	jb_release(b);
	return rc;
}
