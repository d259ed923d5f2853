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

const char *plural(unsigned long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void format_seconds(double seconds, char *out, size_t size)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds < 60)
		snprintf(out, size, "%.1f s", seconds);
	else
		snprintf(out, size, "%lld min %lld s", (long long)seconds / 60, (long long)seconds % 60);
}
