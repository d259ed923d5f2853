/*
 * format.h - numbers for people.
 *
 * Shared by the commands' reports (cmd/report.c) and check's renderers
 * (check/report.c), which must agree on how a size reads.
 */
#ifndef JD_FORMAT_H
#define JD_FORMAT_H

#include <stddef.h>

/*
 * `n` bytes as "999 B", "1.2 kB", "3.4 MB" or "5.67 GB" (powers of 1000,
 * like the sizes users write in budgets) into `out` of `size` bytes
 * (truncated, always NUL-terminated).  32 bytes always suffice.
 */
void format_bytes(unsigned long long n, char *out, size_t size);

/* `one` when n is 1, else `many`: "1 file", "0 files", "2 files". */
const char *plural(unsigned long long n, const char *one, const char *many);

/* `seconds` as "0.4 s", "12.3 s" or "2 min 5 s" into `out` (32 bytes suffice). */
void format_seconds(double seconds, char *out, size_t size);

#endif
