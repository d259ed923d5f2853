/*
 * suggest.h - "did you mean ...?" for a mistyped name: the known names
 * nearest to it by edit distance, as git does for a mistyped command.
 */
#ifndef JD_SUGGEST_H
#define JD_SUGGEST_H

#include <stddef.h>

#include "lib/buf.h"

/*
 * Append to `out` a hint naming the names of `names[0..n)` closest to
 * `word` -- "did you mean 'push'?" or "did you mean one of 'a', 'b'?" --
 * and return 1; return 0 and append nothing when none is close enough.
 */
int suggest_names(const char *word, const char *const *names, size_t n, struct buf *out);

/*
 * The optimal-string-alignment edit distance of a and b, ignoring ASCII
 * case: insertions, deletions, substitutions and swaps of two neighbours
 * each cost 1 ("pshu" is 2 from "push", "psuh" 1).
 */
size_t edit_distance(const char *a, const char *b);

#endif
