/*
 * config.h - jamdeploy.yml, parsed and checked.
 *
 * The file is read with libyaml's document API and walked against a schema
 * table (config.c), so every unknown key and every wrong type is an error
 * naming the file, line and column.  Strings are heap copies owned by the
 * config; config_free releases everything.
 *
 * Secrets never live here: CDN blocks name the environment variable that
 * holds a token (`token_env`), never the token.
 */
#ifndef JD_CONFIG_H
#define JD_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct rule {
	char *match;
	char *cache_control;   /* NULL: default */
	char *content_type;    /* NULL: from the built-in table */
	char *compress;        /* NULL, "gzip" or "br" */
	long line;
};

struct budget {
	char *match;           /* glob of files, or NULL */
	char *page;            /* glob of pages whose weight is summed, or NULL */
	uint64_t max, max_gzip, max_brotli;   /* 0: unset */
	uint64_t total, total_gzip, total_brotli;
	uint64_t max_count;
	long line;
};

struct cdn_config {
	char *cloudfront_distribution_id, *cloudfront_endpoint;
	char *cloudflare_zone_id, *cloudflare_token_env, *cloudflare_endpoint;
	int cloudflare_purge_everything;
	uint64_t cloudflare_batch;
	char *fastly_service_id, *fastly_token_env, *fastly_endpoint;
	int fastly_soft_purge;
	char *purge_url;
	char *origin_path;
	int clean_urls;
};

struct config {
	char *path;            /* file it came from, or NULL for the built-in default */
	char *site;
	char *target;
	char *endpoint;
	char *region;
	char *profile;         /* AWS profile (--profile beats it), or NULL */
	int path_style;
	char *ca_bundle;       /* PEM file of the CAs HTTPS trusts (upload/ca_bundle.h), or NULL */
	char *base_url;
	/*
	 * The shared build cache (site/remote_cache.h): s3://BUCKET/PREFIX or a
	 * directory, or NULL; its own endpoint and region (NULL: the target's
	 * `endpoint:`/`region:`, which --endpoint/--region set); read-only for
	 * builds that must not write it (pull requests from forks).
	 */
	char *cache, *cache_endpoint, *cache_region;
	int cache_readonly;
	/* build --shard K/N (not a file key): transform only shard K of N; 0/0: everything */
	uint64_t shard_index, shard_count;
	int minify_html, minify_css, minify_js, minify_svg, minify_json;
	int minify_keep_names;     /* JS: no renaming, no literal rewrites (minify: keep_names:) */
	char *images_png, *images_jpeg;   /* "lossless", "off" */
	int images_webp;                  /* ship NAME.webp beside PNG/JPEG, <img> in <picture> */
	uint64_t jpeg_quality;            /* 0: lossless only */
	uint64_t images_effort;           /* PNG (and WebP) effort 1..9, default 2 */
	struct rule *rules;
	size_t nrules, rules_cap;
	struct budget *budgets;
	size_t nbudgets, budgets_cap;
	struct cdn_config cdn;
	uint64_t max_deletes;
	uint64_t keep_old_assets;
	uint64_t history;      /* deploys kept on the target for rollback (0: none), default 10 */
};

/* Fill `c` with the built-in defaults (what a run without a config file uses). */
void config_defaults(struct config *c);

/*
 * The config file of the current folder: jamdeploy.yml, or jamdeploy.yaml
 * when only that one exists (*path stays "jamdeploy.yml" when neither does).
 * Both present is JD_ECONFIG: which one is meant cannot be guessed.
 */
enum jd_err config_find(const char **path, struct diag *d);

/*
 * Load `path` over the defaults.  When `required` is 0 a missing file is not
 * an error (./jamdeploy.yml is optional).  Errors are JD_ECONFIG with file,
 * line and column in `d`.
 */
enum jd_err config_load(struct config *c, const char *path, int required, struct diag *d);

void config_free(struct config *c);

/*
 * Parse a size: "123", "100B", "100KB"/"100kB" (x1000), "100KiB" (x1024),
 * "MB"/"MiB", "GB"/"GiB"; fractions allowed ("1.5MB").  Returns 0 on success.
 */
int parse_byte_size(const char *s, uint64_t *out);

#endif
