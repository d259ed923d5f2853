/*
 * format.c - numbers for people (see format.h).
 */
#include "lib/format.h"

#include <stdio.h>

void format_bytes(unsigned long long n, char *out, size_t size)
{
	if (n < 1000)
		snprintf(out, size, "%llu B", n);
	else if (n < 1000000)
		snprintf(out, size, "%.1f kB", (double)n / 1e3);
	else if (n < 1000000000)
		snprintf(out, size, "%.1f MB", (double)n / 1e6);
	else
		snprintf(out, size, "%.2f GB", (double)n / 1e9);
}
