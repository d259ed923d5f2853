/*
 * build.c - `jamdeploy build`: optimize SITE into OUT without deploying.
 */
#include "cmd.h"
#include "lib/util.h"
#include "manifests/pipeline.h"
#include "report.h"

#define DEFAULT_OUT ".jamdeploy/out"

static const struct option build_options[] = {
	{ 'o', "out", OPT_STRING, OPT(out), "DIR", "write the optimized site to DIR (default " DEFAULT_OUT ")" },
	COMMON_OPTIONS,
	OPT_END,
};

static enum jd_err run_build(struct opts *o, struct diag *d)
{
	const char *out = o->out ? o->out : DEFAULT_OUT;
	struct config cfg;
	struct site site;
	unsigned long long in = 0, shipped = 0;
	enum jd_err rc;

	memset(&site, 0, sizeof(site));
	if ((rc = load_config(o, &cfg, d)))
		goto done;
	if ((rc = site_build(site_dir(o, &cfg), &cfg, JD_CACHE_DIR, cpu_jobs(o), &site, d)))
		goto done;
	if ((rc = site_write(&site, out, d)))
		goto done;
	for (size_t i = 0; i < site.nfiles; i++) {
		in += site.files[i].source_size;
		shipped += site.files[i].size;
	}
	if (o->json) {
		json_t *doc = json_pack("{s:s, s:I, s:I, s:I}", "out", out, "files", (json_int_t)site.nfiles,
					"bytes_in", (json_int_t)in, "bytes_out", (json_int_t)shipped);
		print_json(doc);
		json_decref(doc);
	} else if (!o->quiet) {
		char a[32], b[32];
		format_bytes(in, a, sizeof(a));
		format_bytes(shipped, b, sizeof(b));
		fprintf(stderr, "built %zu files into %s: %s -> %s\n", site.nfiles, out, a, b);
	}
done:
	site_free(&site);
	config_free(&cfg);
	return rc;
}

const struct command cmd_build = {
	.name = "build",
	.summary = "optimize SITE into OUT (default " DEFAULT_OUT ")",
	.usage = "[SITE] [-o OUT]",
	.options = build_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_build,
};
