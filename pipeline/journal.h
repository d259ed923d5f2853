/*
 * journal.h - a push's intent journal on the target (.jamdeploy/journal.json).
 *
 * Before its first write a push stores what it is about to change: every
 * key it will upload with the entry it will give it, and the keys it will
 * delete.  Then it marks the manifest ("journal": N, manifests/manifest.h),
 * and only then writes objects.  The mark stays until the push has deleted
 * what it had to, so a push killed at any point leaves a manifest that
 * says "unfinished" and a journal that says what may have changed.
 *
 * Layout (the manifest's own format for the uploads, plus the deletes):
 *
 *   {
 *     "version": 1,
 *     "generator": "jamdeploy 0.1.0",
 *     "deploy": 8,                       <- the push that wrote it
 *     "files": { "index.html": { "sha256": ..., "size": ..., ... } },
 *     "deletes": [ "old.html", "css/a.1f2e3d4c.css" ]
 *   }
 *
 * The next push (whatever site it pushes) reads it and, for each key in
 * "files", asks the target what the key holds (probe_many): a key holding
 * the journal's bytes or the manifest's is known again; any other is
 * unknown, so it is sent again if the site has it and deleted if not.
 * "deletes" are deleted unless the site being pushed, or a kept old asset,
 * still needs them.  Then it writes a journal of its own that carries the
 * old one's keys forward, so a chain of interrupted pushes loses nothing.
 */
#ifndef JD_JOURNAL_H
#define JD_JOURNAL_H

#include "lib/buf.h"
#include "lib/err.h"
#include "manifests/manifest.h"
#include "upload/target.h"

struct journal {
	struct manifest puts;      /* keys that may hold these entries now; puts.deploy: the writer */
	char **deletes;            /* heap strings, sorted, unique */
	size_t ndeletes, cap;
};

void journal_free(struct journal *j);

/* Add a key to the deletes (copied; kept sorted and unique). */
void journal_add_delete(struct journal *j, const char *key);

/*
 * Read the journal from `t`.  *found = 0 when there is none.  A corrupt
 * one is JD_EMANIFEST naming it, with the hint to push with --force (which
 * sends every file and lists the target).
 */
enum jd_err journal_fetch(struct target *t, struct journal *j, int *found, struct diag *d);

/* The JSON above, appended to `out`. */
enum jd_err journal_serialize(const struct journal *j, struct buf *out, struct diag *d);

#endif
