/*
 * options.c - table-driven option parsing, usage text and config loading.
 *
 * Accepted forms: `--name`, `--name=VALUE`, `--name VALUE`, `-x`,
 * `-x VALUE`, `-xVALUE`; `--` ends options; a lone `-` is an argument
 * (stdin).  Options may follow arguments, as git allows.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <unistd.h>

#include "cmd.h"
#include "lib/suggest.h"
#include "lib/util.h"
#include "pipeline/build.h"
#include "pipeline/push.h"
#include "upload/s3.h"

#define OPTIONS_MAX 64 /* long options of one command, more than any has */

static const struct option *find_long(const struct option *opts, const char *name, size_t len)
{
	for (; opts->long_name; opts++)
		if (strlen(opts->long_name) == len && !strncmp(opts->long_name, name, len))
			return opts;
	return NULL;
}

/* "unknown option '--dry' for 'push' (did you mean '--dry-run'?)" */
static enum jd_err unknown_option(const struct command *c, const char *name, size_t len,
				  struct diag *d)
{
	char *names[OPTIONS_MAX], *word = xasprintf("--%.*s", (int)len, name);
	struct buf hint = BUF_INIT;
	size_t n = 0;

	for (const struct option *o = c->options; o->long_name && n < OPTIONS_MAX; o++)
		names[n++] = xasprintf("--%s", o->long_name);
	suggest_names(word, (const char *const *)names, n, &hint);
	diag_set(d, JD_EUSAGE, NULL, "unknown option '%s' for '%s'%s%s%s", word, c->name,
		 hint.len ? " (" : "", hint.data, hint.len ? ")" : "");
	while (n)
		free(names[--n]);
	buf_release(&hint);
	free(word);
	return JD_EUSAGE;
}

static const struct option *find_short(const struct option *opts, char c)
{
	for (; opts->long_name; opts++)
		if (opts->short_name == c)
			return opts;
	return NULL;
}

static enum jd_err set_option(const struct option *opt, const char *value, struct opts *o, struct diag *d)
{
	char *field = (char *)o + opt->offset;

	switch (opt->kind) {
	case OPT_FLAG:
		*(int *)field = 1;
		return JD_OK;
	case OPT_STRING:
		*(const char **)field = value;
		return JD_OK;
	case OPT_LIST: {
		struct opt_list *l = (struct opt_list *)field;
		if (l->n >= OPT_LIST_MAX)
			return diag_set(d, JD_EUSAGE, NULL, "--%s may be given at most %d times",
					opt->long_name, OPT_LIST_MAX);
		l->v[l->n++] = value;
		return JD_OK;
	}
	case OPT_INT: {
		char *end;
		long v;
		errno = 0;
		v = strtol(value, &end, 10);
		if (errno || *end || end == value || v < 1 || v > 1024)
			return diag_set(d, JD_EUSAGE, NULL, "--%s needs a number from 1 to 1024, not '%s'",
					opt->long_name, value);
		*(int *)field = (int)v;
		return JD_OK;
	}
	}
	return JD_EUSAGE;
}

enum jd_err parse_options(const struct command *c, int argc, char **argv, struct opts *o, struct diag *d)
{
	int only_args = 0;
	enum jd_err rc;

	o->args = xcalloc((size_t)argc + 1, sizeof(char *));
	for (int i = 0; i < argc; i++) {
		char *a = argv[i];
		const struct option *opt;
		const char *value = NULL;

		if (only_args || a[0] != '-' || !a[1]) {
			o->args[o->nargs++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			opt = find_long(c->options, a + 2, len);
			if (!opt)
				return unknown_option(c, a + 2, len, d);
			if (eq && opt->kind == OPT_FLAG)
				return diag_set(d, JD_EUSAGE, NULL, "option '--%s' takes no value",
						opt->long_name);
			value = eq ? eq + 1 : NULL;
		} else {
			opt = find_short(c->options, a[1]);
			if (!opt)
				return diag_set(d, JD_EUSAGE, NULL, "unknown option '-%c' for '%s'", a[1],
						c->name);
			if (a[2] && opt->kind == OPT_FLAG)
				return diag_set(d, JD_EUSAGE, NULL, "option '-%c' takes no value (write "
						"flags separately)", a[1]);
			value = a[2] ? a + 2 : NULL;
		}
		if (opt->kind != OPT_FLAG && !value) {
			if (i + 1 >= argc)
				return diag_set(d, JD_EUSAGE, NULL, "option '--%s' needs a value (%s)",
						opt->long_name, opt->arg_name);
			value = argv[++i];
		}
		if ((rc = set_option(opt, value, o, d)))
			return rc;
	}
	if (o->help)
		return JD_OK;
	if (o->nargs < c->min_args)
		return diag_set(d, JD_EUSAGE, NULL, "'%s' needs %s", c->name,
				c->min_args == 1 ? "an argument" : "more arguments");
	if (c->max_args >= 0 && o->nargs > c->max_args)
		return diag_set(d, JD_EUSAGE, NULL, "too many arguments for '%s' (starting at '%s')",
				c->name, o->args[c->max_args]);
	return JD_OK;
}

void print_usage(const struct command *c, FILE *fp)
{
	fprintf(fp, "usage: jamdeploy %s %s\n\n%s\n\noptions:\n", c->name, c->usage, c->summary);
	for (const struct option *opt = c->options; opt->long_name; opt++) {
		char left[64];
		snprintf(left, sizeof(left), "%c%c%c --%s%s%s", opt->short_name ? '-' : ' ',
			 opt->short_name ? opt->short_name : ' ', opt->short_name ? ',' : ' ',
			 opt->long_name, opt->arg_name ? " " : "", opt->arg_name ? opt->arg_name : "");
		fprintf(fp, "  %-26s %s\n", left, opt->help);
	}
}

/* --shard K/N: 1 <= K <= N <= 1024, as a CI matrix numbers its jobs. */
static enum jd_err parse_shard(const char *text, struct config *cfg, struct diag *d)
{
	char *end;
	unsigned long k, n;

	errno = 0;
	k = strtoul(text, &end, 10);
	if (errno || end == text || *end != '/' || !isdigit((unsigned char)end[1]))
		goto bad;
	n = strtoul(end + 1, &end, 10);
	if (errno || *end || !isdigit((unsigned char)text[0]) || k < 1 || n < 1 || k > n || n > 1024)
		goto bad;
	cfg->shard_index = k;
	cfg->shard_count = n;
	return JD_OK;
bad:
	return diag_set(d, JD_EUSAGE, NULL, "--shard needs K/N with 1 <= K <= N <= 1024 (shard K of N, "
			"e.g. --shard 2/4), not '%s'", text);
}

enum jd_err load_config(const struct opts *o, struct config *cfg, struct diag *d)
{
	const char *path = o->config_path;
	const char *env;
	enum jd_err rc;

	config_defaults(cfg);
	if (!path && (rc = config_find(&path, d)))
		return rc;
	if ((rc = config_load(cfg, path, o->config_path != NULL, d)))
		return rc;
	if (o->endpoint) {
		free(cfg->endpoint);
		cfg->endpoint = xstrdup(o->endpoint);
	}
	if (o->profile) {
		free(cfg->profile);
		cfg->profile = xstrdup(o->profile);
	}
	if (o->region) {
		free(cfg->region);
		cfg->region = xstrdup(o->region);
	}
	/* Flags above the file, the environment below both: see s3_env_endpoint() in upload/s3.h. */
	if ((env = s3_env_endpoint(cfg->endpoint)) != cfg->endpoint) {
		free(cfg->endpoint);
		cfg->endpoint = xstrdup(env);
	}
	if ((env = s3_env_region(cfg->region)) != cfg->region) {
		free(cfg->region);
		cfg->region = xstrdup(env);
	}
	if (o->path_style)
		cfg->path_style = 1;
	if (o->cache) {
		free(cfg->cache);
		cfg->cache = xstrdup(o->cache);
	}
	if (o->cache_readonly)
		cfg->cache_readonly = 1;
	if (o->shard && (rc = parse_shard(o->shard, cfg, d)))
		return rc;
	if (o->webp)
		cfg->images_webp = 1;
	if (o->keep_names)
		cfg->minify_keep_names = 1;
	if (o->effort > 9)
		return diag_set(d, JD_EUSAGE, NULL, "--effort goes from 1 to 9, not %d", o->effort);
	if (o->effort)
		cfg->images_effort = (uint64_t)o->effort;
	if (cfg->images_effort < 1 || cfg->images_effort > 9)
		return diag_set(d, JD_ECONFIG, cfg->path, "'images: effort:' goes from 1 to 9, not %llu (in "
				"'%s')", (unsigned long long)cfg->images_effort, cfg->path ? cfg->path : "");
	return JD_OK;
}

const char *site_dir(const struct opts *o, const struct config *cfg)
{
	if (o->nargs > 0)
		return o->args[0];
	return cfg->site ? cfg->site : ".";
}

int cpu_jobs(const struct opts *o)
{
	return o->jobs > 0 ? o->jobs : cpu_count();
}

int upload_jobs(const struct opts *o)
{
	return o->jobs > 0 ? o->jobs : 16;
}

enum jd_err target_url(const struct opts *o, const struct config *cfg, const char **url, struct diag *d)
{
	*url = o->to ? o->to : cfg->target;
	if (!*url || !**url)
		return diag_set(d, JD_EUSAGE, NULL, "no target: pass --to DIR or --to s3://BUCKET/PREFIX, "
				"or set 'target:' in jamdeploy.yml");
	return JD_OK;
}

enum jd_err load_push_request(const struct opts *o, struct config *cfg, struct push_request *req,
			      struct diag *d)
{
	enum jd_err rc;

	if ((rc = load_target(o, cfg, &req->target_url, &req->target, d)))
		return rc;
	req->site_root = site_dir(o, cfg);
	req->cache_dir = JD_CACHE_DIR;
	req->jobs = cpu_jobs(o);
	req->force = o->force;
	req->yes = o->yes;
	req->verify = o->verify;
	return JD_OK;
}

enum jd_err load_target(const struct opts *o, struct config *cfg, const char **url,
			struct target_config *tc, struct diag *d)
{
	enum jd_err rc;

	if ((rc = load_config(o, cfg, d)) || (rc = target_url(o, cfg, url, d)))
		return rc;
	*tc = (struct target_config){ cfg->endpoint, cfg->region, cfg->path_style, upload_jobs(o),
				      NULL, NULL, cfg->profile };
	return JD_OK;
}
