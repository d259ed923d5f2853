/*
 * build.c - `jamdeploy build`: optimize SITE into OUT without deploying.
 *
 * --json prints one document:
 *   {"out":"DIR","files":9,"bytes_in":3713,"bytes_out":3779,
 *    "transformed":4,"webp":1,"webp_encoded":1,
 *    "renames":{"css/site.css":"css/site.057c46643b.css", ...}}
 * where "renames" maps each asset's source key to its content-hashed key,
 * "transformed" and "webp_encoded" count the minify/encode and WebP runs
 * this build did (0 when the build cache had every result), and "webp"
 * the NAME.webp files shipped (--webp).  "bytes_out" counts those WebP
 * alternates too; "site_bytes_in"/"site_bytes_out" are the site's own files
 * before and after the build, "webp_alternates"/"webp_bytes" the WebPs
 * apart (a browser fetches an image or its WebP, so they are not growth).
 */
#include "cmd.h"
#include "lib/util.h"
#include "pipeline/build.h"
#include "report.h"

static const struct option build_options[] = {
	{ 'o', "out", OPT_STRING, OPT(out), "DIR", "write the optimized site to DIR (default " JD_OUT_DIR ")" },
	TRANSFORM_OPTIONS,
	COMMON_OPTIONS,
	OPT_END,
};

static enum jd_err run_build(struct opts *o, struct diag *d)
{
	const char *out = o->out ? o->out : JD_OUT_DIR;
	struct config cfg;
	struct site site;
	unsigned long long in = 0, shipped = 0;
	struct site_totals t;
	struct run_events events;
	enum jd_err rc;

	memset(&site, 0, sizeof(site));
	run_events_init(&events, o->quiet, o->verbose, o->json);
	if ((rc = load_config(o, &cfg, d)))
		goto done;
	if ((rc = site_build_into(site_dir(o, &cfg), &cfg, JD_CACHE_DIR, cpu_jobs(o), &events.build, out,
				  &site, d)))
		goto done;
	run_events_site(&events, &site);
	site_totals(&site, &t);
	for (size_t i = 0; i < site.nfiles; i++) {
		in += site.files[i].source_size;
		shipped += site.files[i].size;
	}
	if (o->json) {
		struct jb b = JB_INIT;
		json_t *doc = jb_value(&b, json_pack("{s:o, s:I, s:I, s:I, s:I, s:I, s:I}", "out",
						     jb_string(&b, out), "files", (json_int_t)site.nfiles,
						     "bytes_in", (json_int_t)in, "bytes_out",
						     (json_int_t)shipped, "transformed",
						     (json_int_t)site.transforms_run, "webp",
						     (json_int_t)site.webps, "webp_encoded",
						     (json_int_t)site.webps_encoded));
		json_t *renames = jb_value(&b, json_object());
		for (size_t i = 0; i < site.nrenames; i++)
			jb_set(&b, renames, site.renames[i].from, jb_string(&b, site.renames[i].to));
		jb_set(&b, doc, "renames", renames);
		site_totals_json(&t, doc, &b);
		run_events_add_json(&events, doc, &b);
		rc = print_json(doc, &b, d);
		json_decref(doc);
	} else if (!o->quiet) {
		struct buf line = BUF_INIT;

		buf_printf(&line, "built %zu %s into %s: ", site.nfiles, plural(site.nfiles, "file", "files"),
			   out);
		format_site_totals(&t, &line);
		buf_printf(&line, "; %zu %s renamed (%zu %s transformed", site.nrenames,
			   plural(site.nrenames, "asset", "assets"), site.transforms_run,
			   plural(site.transforms_run, "file", "files"));
		if (cfg.images_webp)
			buf_printf(&line, ", %zu WebP encoded", site.webps_encoded);
		buf_addstr(&line, ", the rest from the cache)\n");
		fputs(line.data, stderr);
		buf_release(&line);
		if (o->verbose)
			for (size_t i = 0; i < site.nrenames; i++)
				fprintf(stderr, "  %s -> %s\n", site.renames[i].from, site.renames[i].to);
	}
done:
	run_events_free(&events);
	site_free(&site);
	config_free(&cfg);
	return rc;
}

const struct command cmd_build = {
	.name = "build",
	.summary = "optimize SITE into OUT (default " JD_OUT_DIR ")",
	.usage = "[SITE] [-o OUT] [--webp] [--effort N]",
	.options = build_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_build,
};
