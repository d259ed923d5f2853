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
 * "from_local_cache" and "from_shared_cache" count the transform results
 * the local build cache and the shared cache (--cache) gave.  With --shard
 * K/N and no -o, "out" is null (nothing is written, "renames" is empty: no
 * hashing is done) and "other_shards" counts the files left to the other
 * shards.
 */
#include "cmd.h"
#include "lib/util.h"
#include "pipeline/build.h"
#include "report.h"

static const struct option build_options[] = {
	{ 'o', "out", OPT_STRING, OPT(out), "DIR", "write the optimized site to DIR (default " JD_OUT_DIR ")" },
	{ 0, "shard", OPT_STRING, OPT(shard), "K/N",
	  "transform only shard K of N into the shared cache (no output without -o)" },
	CACHE_OPTIONS,
	ENDPOINT_OPTIONS,
	TRANSFORM_OPTIONS,
	COMMON_OPTIONS,
	OPT_END,
};

static enum jd_err run_build(struct opts *o, struct diag *d)
{
	/* a shard fills the caches; its output would hold other shards' files untransformed */
	const char *out = o->out ? o->out : o->shard ? NULL : JD_OUT_DIR;
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
						     out ? jb_string(&b, out) : json_null(), "files", (json_int_t)site.nfiles,
						     "bytes_in", (json_int_t)in, "bytes_out",
						     (json_int_t)shipped, "transformed",
						     (json_int_t)site.transforms_run, "webp",
						     (json_int_t)site.webps, "webp_encoded",
						     (json_int_t)site.webps_encoded));
		site_counts_json(&site, doc, &b);
		if (o->shard)
			jb_set(&b, doc, "other_shards", jb_value(&b, json_integer((json_int_t)site.other_shard)));
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

		if (out) {
			buf_printf(&line, "built %zu %s into %s: ", site.nfiles,
				   plural(site.nfiles, "file", "files"), out);
			format_site_totals(&t, &line);
			buf_printf(&line, "; %zu %s renamed", site.nrenames,
				   plural(site.nrenames, "asset", "assets"));
		} else {
			buf_printf(&line, "built shard %s of %zu %s: %zu left to the other shards", o->shard,
				   site.nfiles, plural(site.nfiles, "file", "files"), site.other_shard);
		}
		buf_addstr(&line, " (");
		format_site_counts(&site, &line);
		if (cfg.images_webp)
			buf_printf(&line, ", %zu WebP encoded", site.webps_encoded);
		buf_addstr(&line, ")\n");
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
	.usage = "[SITE] [-o OUT] [--webp] [--effort N] [--cache URL] [--shard K/N]",
	.options = build_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_build,
};
