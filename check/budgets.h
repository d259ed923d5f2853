/*
 * budgets.h - size budgets evaluated over a built site (`jamdeploy check`).
 *
 * The input is a struct site after site_build(), so the bytes measured are
 * the bytes that ship: after minification and image optimization once those
 * stages run in the pipeline.  Every file is measured once (raw, gzip at the
 * level compress_gzip uses, brotli at quality 11); budgets are then plain
 * arithmetic over those numbers.  The output is data: printing the table,
 * --json, GitHub annotations and the HTML report is the command's job.
 *
 * One config budget may carry several limits (`max` and `max_gzip`, ...);
 * each limit becomes its own struct budget_result, in config order and, in
 * each budget, in the order max, max_gzip, max_brotli, total, total_gzip,
 * total_brotli, max_count.
 *
 * Budget kinds:
 *   match: GLOB (or no match/page: every file)
 *     max / max_gzip / max_brotli   each matching file; actual = the largest
 *     total / total_gzip / ...      the sum over matching files
 *     max_count                     the number of matching files
 *   page: GLOB
 *     max / max_gzip / max_brotli   each matching page's weight: the page and
 *                                   every local asset it loads, each once;
 *                                   actual = the heaviest page
 *
 * Page weight walks the one reference graph: the references the rewrite
 * stage found with the real HTML and CSS tokenizers and left on each file
 * (site.h struct file.refs, refs.h kinds), so what is hashed and what is
 * weighed cannot disagree.
 */
#ifndef JD_BUDGETS_H
#define JD_BUDGETS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/config.h"
#include "lib/err.h"
#include "lib/paths.h"
#include "site/site.h"

#define BUDGET_TOP 5   /* contributors kept per result */

enum budget_metric { METRIC_RAW = 0, METRIC_GZIP, METRIC_BROTLI, METRIC_COUNT };
enum budget_kind { BUDGET_EACH = 0, BUDGET_TOTAL, BUDGET_FILES, BUDGET_PAGE };

/* Bytes a file costs to download, as stored, gzip-encoded, brotli-encoded. */
struct file_sizes {
	uint64_t raw, gzip, brotli;
};

struct budget_contrib {
	size_t file;           /* index into site->files */
	uint64_t bytes;        /* in the result's metric (for BUDGET_PAGE: the page's weight) */
};

struct budget_result {
	const struct budget *budget;   /* the config row (not owned) */
	char *name;                    /* "GLOB max_gzip", "page GLOB max_gzip", "total_gzip" */
	enum budget_kind kind;
	enum budget_metric metric;
	uint64_t actual, limit;
	int ok;
	size_t subject;                /* EACH/PAGE: the file or page behind `actual`; else SIZE_MAX */
	size_t checked, over;          /* files or pages measured, and how many broke the limit */
	/* EACH: the heaviest matching files; TOTAL: the heaviest parts of the sum;
	 * PAGE: the heaviest files the heaviest page loads (the page itself included) */
	struct budget_contrib top[BUDGET_TOP];
	size_t ntop;
};

struct budget_report {
	struct file_sizes *sizes;      /* one per site file, same index */
	const char **source;           /* one per site file: its key before hashing (into site) */
	size_t *by_source;             /* site indexes sorted by source key */
	size_t nfiles;
	struct file_sizes total;       /* of the whole site */
	struct budget_result *results;
	size_t nresults, cap;
	size_t failed;                 /* results with ok == 0 */
};

/* The size of `s` in metric `m` (METRIC_COUNT: 1). */
uint64_t file_size_in(const struct file_sizes *s, enum budget_metric m);

/* "raw", "gzip", "brotli", "count". */
const char *metric_name(enum budget_metric m);

/*
 * Measure every file of `site` (reading files that are not in memory) and
 * evaluate `budgets[0..n)` into `r`, which the caller zero-initialises and
 * frees with budget_report_free() whatever the result.  `config_path` names
 * the file in configuration errors.  `cache_path` (NULL: none) remembers
 * compressed sizes by sha256, so unchanged files are not compressed again;
 * the site must have been built (site_build hashes every file) for it to help.
 *
 * Errors: JD_ECONFIG (with line) for a budget that sets no limit, sets both
 * match and page, or a limit a page budget does not take, and for a match
 * or page glob that matches no file (JD_EUSAGE for a --budget one, which
 * has no line); JD_EIO when a file cannot be read.  An exceeded budget is not an error: see r->failed.
 */
enum jd_err budgets_evaluate(const struct site *site, const struct budget *budgets, size_t n,
			     const char *config_path, const char *cache_path, struct budget_report *r,
			     struct diag *d);

void budget_report_free(struct budget_report *r);

/*
 * The site index of the file whose source key (its key before the rewrite
 * stage gave it a hashed name: "img/hero.png", not "img/hero.00a8e56e8a.png")
 * is `key`, or SIZE_MAX.  Budgets match globs against source keys and every
 * report names files by them, so that a name stays the same across builds.
 */
size_t report_find_source(const struct budget_report *r, const char *key);

/*
 * The local files page `page` loads, walked over the references the rewrite
 * stage left on each file (struct file.refs): indexes into site->files, each
 * once, the page itself excluded, a group's heaviest (raw) candidate only.
 * Exposed for tests and the HTML report.  Caller frees *out.
 */
void page_assets(const struct site *site, size_t page, size_t **out, size_t *n);

/*
 * Parse --budget's compact form, `[page:]GLOB=[FIELD:]SIZE` (FIELD one of
 * max, max_gzip, max_brotli, total, total_gzip, total_brotli, max_count;
 * default max; an empty GLOB means every file) into `b` (heap strings, free
 * with budget_free_fields).  Returns 0, or -1 with a message in `d`.
 */
int budget_parse_flag(const char *text, struct budget *b, struct diag *d);
void budget_free_fields(struct budget *b);

#endif
