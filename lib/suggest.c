/*
 * suggest.c - nearest known names for a mistyped one (see suggest.h).
 *
 * A name is close when its edit distance is at most a third of the typed
 * word's length (at least 1), or when one starts with the other (`--dry`
 * for `--dry-run`); only the names at the smallest distance are offered, so
 * a hint names one or two candidates rather than a list to read.  Names
 * are short (commands, options, config keys), so the O(len^2) table of the
 * distance is two small rows and a third for the swap.
 */
#include "lib/suggest.h"

#include <ctype.h>
#include <string.h>

#include "lib/util.h"

#define SUGGEST_MAX 3 /* names in one hint */

size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), result;
	size_t *prev2 = xcalloc(lb + 1, sizeof(size_t)), *prev = xcalloc(lb + 1, sizeof(size_t));
	size_t *row = xcalloc(lb + 1, sizeof(size_t));

	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *t;

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
			size_t best = prev[j - 1] + !same;

			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (i > 1 && j > 1 && tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			row[j] = best;
		}
		t = prev2;
		prev2 = prev;
		prev = row;
		row = t;
	}
	result = prev[lb];
	free(prev2);
	free(prev);
	free(row);
	return result;
}

static int is_prefix(const char *shorter, const char *longer)
{
	size_t n = strlen(shorter);

	return n >= 2 && n < strlen(longer) && !strncasecmp(shorter, longer, n);
}

int suggest_names(const char *word, const char *const *names, size_t n, struct buf *out)
{
	size_t limit = strlen(word) / 3, best = (size_t)-1, count = 0, said = 0;
	size_t *dist = xcalloc(n ? n : 1, sizeof(size_t));

	if (limit < 1)
		limit = 1;
	for (size_t i = 0; i < n; i++) {
		dist[i] = edit_distance(word, names[i]);
		if (dist[i] > limit && (is_prefix(word, names[i]) || is_prefix(names[i], word)))
			dist[i] = limit; /* a shortened or lengthened name is as good as the limit */
		if (dist[i] <= limit && dist[i] < best)
			best = dist[i];
	}
	for (size_t i = 0; i < n; i++)
		count += dist[i] == best;
	if (count)
		buf_addstr(out, count > 1 ? "did you mean one of " : "did you mean ");
	for (size_t i = 0; i < n && said < SUGGEST_MAX; i++)
		if (dist[i] == best)
			buf_printf(out, "%s'%s'", said++ ? ", " : "", names[i]);
	if (count)
		buf_addch(out, '?');
	free(dist);
	return count > 0;
}
