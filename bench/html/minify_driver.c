/*
 * minify_driver.c - bench/html.sh's driver: minify each FILE into OUTDIR
 * with minify_html and print the time spent minifying (not reading or
 * writing), so throughput compares the minifier itself: wall time and the
 * process's CPU time (steadier when other work shares the machine).
 *
 *   minify_driver OUTDIR FILE...   ->  "total_ns N cpu_ns M" on stdout
 */
#include <time.h>

#include "lib/util.h"
#include "minify/minify.h"

int main(int argc, char **argv)
{
	long long total = 0, cpu = 0;
	if (argc < 3) {
		fprintf(stderr, "usage: minify_driver OUTDIR FILE...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		struct buf in = BUF_INIT, out = BUF_INIT;
		struct diag d;
		struct timespec a, b, ca, cb;
		diag_clear(&d);
		if (read_file(argv[i], &in, &d) != JD_OK) {
			fprintf(stderr, "%s: %s\n", argv[i], d.msg);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &a);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
		int r = minify_html(in.data, in.len, &out, NULL, &d);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
		clock_gettime(CLOCK_MONOTONIC, &b);
		total += (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
		cpu += (cb.tv_sec - ca.tv_sec) * 1000000000LL + (cb.tv_nsec - ca.tv_nsec);
		const char *base = strrchr(argv[i], '/');
		char *path = path_join(argv[1], base ? base + 1 : argv[i]);
		if (r != JD_OK) {
			fprintf(stderr, "%s: %s (kept as is)\n", argv[i], d.msg);
			write_file_atomic(path, in.data, in.len, &d);
		} else
			write_file_atomic(path, out.data, out.len, &d);
		free(path);
		buf_release(&in);
		buf_release(&out);
	}
	printf("total_ns %lld cpu_ns %lld\n", total, cpu);
	return 0;
}
