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

#endif
