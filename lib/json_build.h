/*
 * json_build.h - building JSON with jansson without losing a failure.
 *
 * jansson's setters return -1 and drop the member when they cannot add it:
 * a key or string that is not UTF-8, a NULL value (what json_string and
 * json_pack return for such text), no memory.  Ignored, that is a key
 * silently missing from the manifest (the target then holds an object no
 * manifest names, which no push ever deletes) or from a --json report.
 *
 * So every document is built through a struct jb.  Each helper records
 * the first failure and never returns NULL (a refused string becomes JSON
 * null), so a builder reads as plain jansson calls and checks once, at
 * the end: jb_finish() turns the failure into an error that names the
 * string (its bad bytes as \xNN), and the document must then not be used.
 *
 *   struct jb b = JB_INIT;
 *   json_t *doc = jb_value(&b, json_object());
 *   jb_set(&b, doc, "file", jb_string(&b, name));
 *   if ((rc = jb_finish(&b, "the --json document", d)) == JD_OK) ...print doc...
 *   json_decref(doc);
 */
#ifndef JD_JSON_BUILD_H
#define JD_JSON_BUILD_H

#include <jansson.h>

#include "err.h"

struct jb {
	int failed;     /* something was not added */
	char *bad;      /* the first string refused, escaped for messages (heap), or NULL */
};

#define JB_INIT { 0, NULL }

/* json_string(s); text that is not UTF-8 (or NULL) is recorded and becomes null. */
json_t *jb_string(struct jb *b, const char *s);

/* A value made elsewhere (json_object(), json_pack(...)): NULL is recorded and becomes null. */
json_t *jb_value(struct jb *b, json_t *v);

/* json_object_set_new / json_array_append_new, checked.  Both take over `value`. */
void jb_set(struct jb *b, json_t *obj, const char *key, json_t *value);
void jb_append(struct jb *b, json_t *arr, json_t *value);

/* Carry `from`'s failure (if any, and if `into` has none yet) over to `into`. */
void jb_merge(struct jb *into, const struct jb *from);

/*
 * JD_OK when everything was added; else JD_EINPUT "cannot write WHAT: 'x'
 * is not valid UTF-8 (...)" (or JD_EIO when no string is to blame) in `d`.
 * Either way `b` is released and may be used again.
 */
enum jd_err jb_finish(struct jb *b, const char *what, struct diag *d);

/* Release without reporting (a document abandoned for another error). */
void jb_release(struct jb *b);

#endif
