/*
 * cmd.h - the command table and option parsing.
 *
 * Each command is one file in cmd/ exporting a `const struct command`
 * (tmux's cmd_entry, git's builtin table): name, one-line summary, usage,
 * an option table and `run`.  The option table drives parsing, `help CMD`
 * and usage errors alike.  Options write into one struct opts, the only
 * mutable state a command has; commands parse, load the config, call the
 * pipeline and print the report, nothing more.
 */
#ifndef JD_CMD_H
#define JD_CMD_H

#include <stddef.h>
#include <stdio.h>

#include "lib/config.h"
#include "lib/err.h"
#include "upload/target.h"

/* A repeatable option's values (OPT_LIST), e.g. --budget A --budget B. */
#define OPT_LIST_MAX 32
struct opt_list {
	const char *v[OPT_LIST_MAX];
	int n;
};

struct opts {
	/* shared by every command */
	const char *config_path;
	int json, quiet, verbose, jobs, help;
	/* command specific */
	const char *out, *to, *endpoint, *region, *type;
	const char *profile;                    /* AWS profile */
	int path_style, dry_run, force, force_deletes, webp, yes;
	int break_lock, wait_lock;              /* push: the lease */
	int effort, jpeg_quality, keep_interlace; /* images */
	int keep_names;                         /* minify: JS names stay */
	int verify;                             /* push --verify */
	const char *baseline, *report;          /* check */
	const char *cache, *shard;              /* --cache URL, build --shard K/N */
	int cache_readonly;
	struct opt_list budgets;                /* check --budget */
	int man;                                /* help --man */
	/* positional arguments */
	char **args;
	int nargs;
};

enum opt_kind { OPT_FLAG, OPT_STRING, OPT_INT, OPT_LIST };

struct option {
	char short_name;          /* 0: none */
	const char *long_name;
	enum opt_kind kind;
	size_t offset;            /* into struct opts */
	const char *arg_name;     /* for usage: "FILE" */
	const char *help;
};

#define OPT(field) offsetof(struct opts, field)
#define OPT_END { 0, NULL, OPT_FLAG, 0, NULL, NULL }
#define COMMON_OPTIONS                                                                         \
	{ 0, "config", OPT_STRING, OPT(config_path), "FILE", "read FILE instead of ./jamdeploy.yml" }, \
	{ 0, "json", OPT_FLAG, OPT(json), NULL, "print one JSON document on stdout" },          \
	{ 'q', "quiet", OPT_FLAG, OPT(quiet), NULL, "print only errors" },                      \
	{ 'v', "verbose", OPT_FLAG, OPT(verbose), NULL, "say more about each step" },           \
	{ 0, "jobs", OPT_INT, OPT(jobs), "N", "N files at once (default: CPUs; 16 uploads)" },  \
	{ 'h', "help", OPT_FLAG, OPT(help), NULL, "show this help" }

/* The image settings of the commands that build a site (build, diff, push, check). */
#define TRANSFORM_OPTIONS                                                                     \
	{ 0, "webp", OPT_FLAG, OPT(webp), NULL,                                                  \
	  "also ship NAME.webp when 10% smaller, <img> wrapped in <picture>" },                  \
	{ 0, "effort", OPT_INT, OPT(effort), "N", "PNG effort: 1 (fast) .. 9 (smallest), default 2" },    \
	{ 0, "keep-names", OPT_FLAG, OPT(keep_names), NULL,                                         \
	  "do not rename JavaScript's local variables (code that reads function .name)" }

/* Where an S3 target or cache is (diff, push; build and check for an S3 cache). */
#define ENDPOINT_OPTIONS                                                                      \
	{ 0, "endpoint", OPT_STRING, OPT(endpoint), "URL", "S3 endpoint for non-AWS stores" },   \
	{ 0, "region", OPT_STRING, OPT(region), "REGION", "S3 region" },                         \
	{ 0, "profile", OPT_STRING, OPT(profile), "NAME", "AWS profile (beats AWS_PROFILE)" },   \
	{ 0, "path-style", OPT_FLAG, OPT(path_style), NULL, "address the bucket in the path" }

/* The shared build cache (build, diff, push, check). */
#define CACHE_OPTIONS                                                                         \
	{ 0, "cache", OPT_STRING, OPT(cache), "URL",                                             \
	  "share transform results in s3://BUCKET/PREFIX or DIR (config 'cache:')" },           \
	{ 0, "cache-readonly", OPT_FLAG, OPT(cache_readonly), NULL,                              \
	  "read the shared cache, never write it (pull requests from forks)" }

struct command {
	const char *name;
	const char *summary;
	const char *usage;        /* after "jamdeploy NAME " */
	const struct option *options;
	int min_args, max_args;   /* positional; max -1: any number */
	enum jd_err (*run)(struct opts *o, struct diag *d);
};

/* Parse argv (after the command name) into `o`.  JD_EUSAGE with a message on error. */
enum jd_err parse_options(const struct command *c, int argc, char **argv, struct opts *o,
			  struct diag *d);

/* Print "usage: ..." and the option table to `fp`. */
void print_usage(const struct command *c, FILE *fp);

const struct command *find_command(const char *name);
extern const struct command *const commands[];

/*
 * The configuration a command runs with: defaults, then jamdeploy.yml (or
 * --config), then command-line flags, which win.
 */
enum jd_err load_config(const struct opts *o, struct config *cfg, struct diag *d);

/* SITE from the first argument, else `site:` from the config, else ".". */
const char *site_dir(const struct opts *o, const struct config *cfg);

/* --jobs for CPU work (transforms), else the number of CPUs. */
int cpu_jobs(const struct opts *o);

/* --jobs for network work (uploads), else 16: requests wait on the network, not the CPU. */
int upload_jobs(const struct opts *o);

/* --to, else `target:`; JD_EUSAGE when neither is set. */
enum jd_err target_url(const struct opts *o, const struct config *cfg, const char **url,
		       struct diag *d);

struct push_request;

/*
 * What diff and push share: the config (load_config) and the request for
 * push_prepare (site, target, caches, job counts, --force) from it.  On
 * error the caller still frees `cfg`.
 */
enum jd_err load_push_request(const struct opts *o, struct config *cfg, struct push_request *req,
			      struct diag *d);

/*
 * What verify, deploys and rollback need, which work on a target without a
 * site: the config (load_config), the target URL and its connection settings.
 * On error the caller still frees `cfg`.
 */
enum jd_err load_target(const struct opts *o, struct config *cfg, const char **url,
			struct target_config *tc, struct diag *d);

extern const struct command cmd_build, cmd_diff, cmd_push, cmd_check, cmd_minify, cmd_images,
	cmd_help, cmd_version, cmd_verify, cmd_deploys, cmd_rollback;
extern const struct command cmd_completion;

/* The jamdeploy(1) man page, from the command table (cmd/manpage.c); `help --man`. */
void print_man_page(FILE *fp);

#endif
