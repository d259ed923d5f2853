/*
 * budgets.c - measure a built site and evaluate size budgets over it.
 *
 * How it works.  budgets_evaluate() first measures every file once: `raw` is
 * the size that ships, `gzip` and `brotli` the sizes of the same bytes
 * compressed the way a server would (compress_gzip level 9, compress_brotli
 * quality 11; both deterministic, so the numbers are reproducible).  Only
 * types a server compresses are compressed (text, SVG, JSON, icons, TTF/OTF
 * fonts); for PNG, JPEG, WebP, WOFF2 and the like the download is the raw
 * bytes, so gzip == brotli == raw, and a file precompressed by a `compress:`
 * rule already ships encoded, so all three are its stored size.  Each budget
 * is then arithmetic over that table: a maximum per file, a sum, a count, or
 * a page weight.
 *
 * Page weight.  A page costs its own bytes plus every local file it loads,
 * each once however often it is referenced.  What it loads is not scanned
 * here: it is the reference graph the rewrite stage built with the real HTML
 * and CSS tokenizers (site/refs.c) and left on each file (struct file.refs,
 * kept in the rewrite memo too), so hashing and page weight see one list.
 * page_walk() follows the references whose kind a browser fetches to show
 * the page (loads(): stylesheets, scripts, preloads, icons, images, srcset
 * candidates, media, and in CSS @import, the first font of a `src:` list
 * and url()) from the page and from every stylesheet it reaches; of a
 * group of alternatives (one srcset with its <img src>, one <picture>, one
 * image-set(), one <video>'s sources) only the heaviest candidate counts,
 * the worst case a visitor can get.  Links, font fallbacks and REF_OTHER
 * (manifest, og:image, <object>, svg <use>...) cost nothing; so do
 * external and data: URLs, which are not references at all.
 *
 * Names.  Budgets match their globs against a file's source key, the key it
 * had before the rewrite stage renamed it name.HASH.ext (site->renames), and
 * every report names files that way: users write globs for their source
 * tree, and a hashed name changes with every content change, which would make
 * a baseline see a removed and an added file where one file grew.  The sizes
 * are still those of the shipped bytes, and page weight follows the shipped
 * (rewritten) references.
 *
 * Limits: file sizes come from the built site (already checked by scan);
 * page weight allocates one list of files (at most the site's) and one pick
 * per group of the file being walked (bounded by its references, which are
 * bounded by its size).
 */
#include "budgets.h"

#include <ctype.h>
#include <errno.h>

#include "lib/compress.h"
#include "lib/glob.h"
#include "lib/util.h"


/* ---- measuring ---------------------------------------------------------- */

static int compressible(const char *type)
{
	return content_type_is_text(type) || starts_with(type, "image/x-icon") ||
	       starts_with(type, "image/vnd.microsoft.icon") || starts_with(type, "font/ttf") ||
	       starts_with(type, "font/otf") || starts_with(type, "application/wasm");
}

/* The shipped bytes of `f`: its data when in memory, else read into `tmp`. */
static enum jd_err file_bytes(const struct file *f, struct buf *tmp, const struct buf **out, struct diag *d)
{
	enum jd_err rc;

	if (f->in_memory) {
		*out = &f->data;
		return JD_OK;
	}
	buf_reset(tmp);
	if ((rc = read_file(file_ship_path(f), tmp, d)))
		return rc;
	*out = tmp;
	return JD_OK;
}

/*
 * The sizes cache, `.jamdeploy/cache/sizes`: compressed sizes keyed by the
 * sha256 of the shipped bytes, so a warm run compresses nothing (brotli at
 * quality 11 costs milliseconds even on a small file, mostly setting up its
 * 4 MiB window).  Content-addressed entries cannot go stale; the file is
 * rewritten with this site's entries only when one was missing.  Layout:
 *
 *   # jamdeploy sizes cache 1 gzip-9 brotli-11-22
 *   <sha256 hex> <gzip bytes> <brotli bytes>
 *
 * A line that does not parse is ignored: the cache can only cost time.
 */
#define SIZES_HEADER "# jamdeploy sizes cache 1 gzip-9 brotli-11-22\n"
#define SIZES_CACHE_MAX (64u << 20)

struct size_entry {
	char sha[65];
	uint64_t gzip, brotli;
};

static int cmp_size_entry(const void *a, const void *b)
{
	return strcmp(((const struct size_entry *)a)->sha, ((const struct size_entry *)b)->sha);
}

static int parse_u64(const char **p, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(*p, &end, 10);
	if (errno || end == *p || **p == '-')
		return -1;
	*out = v;
	*p = end;
	return 0;
}

static void sizes_load(const char *path, struct size_entry **out, size_t *n)
{
	struct buf text;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	buf_init(&text, SIZES_CACHE_MAX);
	if (!path || read_file(path, &text, NULL) || !starts_with(text.data, SIZES_HEADER)) {
		buf_release(&text);
		return;
	}
	for (const char *p = text.data + strlen(SIZES_HEADER); *p;) {
		const char *eol = strchr(p, '\n');
		struct size_entry e;
		const char *q = p + 64;
		size_t k = 0;
		if (!eol)
			break;
		while (k < 64 && p + k < eol && isxdigit((unsigned char)p[k]))
			k++;
		if (k == 64 && *q == ' ' && (q++, !parse_u64(&q, &e.gzip)) && *q == ' ' &&
		    (q++, !parse_u64(&q, &e.brotli)) && q == eol) {
			memcpy(e.sha, p, 64);
			e.sha[64] = '\0';
			ARRAY_GROW(*out, *n + 1, cap);
			(*out)[(*n)++] = e;
		}
		p = eol + 1;
	}
	buf_release(&text);
	if (*n) /* qsort on NULL is undefined even for 0 elements */
		qsort(*out, *n, sizeof(**out), cmp_size_entry);
}

static const struct size_entry *sizes_find(const struct size_entry *e, size_t n, const char *sha)
{
	struct size_entry key;

	if (!n || strlen(sha) != 64)
		return NULL;
	memcpy(key.sha, sha, 65);
	return bsearch(&key, e, n, sizeof(*e), cmp_size_entry);
}

/* Rewrite the cache with the compressed files of this site (each sha once). */
static void sizes_store(const char *path, const struct site *site, const struct budget_report *r)
{
	struct size_entry *e = xcalloc(site->nfiles ? site->nfiles : 1, sizeof(*e));
	struct buf out = BUF_INIT;
	struct diag ignored;
	size_t n = 0;

	for (size_t i = 0; i < site->nfiles; i++) {
		const struct file *f = &site->files[i];
		if (strlen(f->sha256) != 64 || f->content_encoding || !f->size || !compressible(f->content_type))
			continue;
		memcpy(e[n].sha, f->sha256, 65);
		e[n].gzip = r->sizes[i].gzip;
		e[n++].brotli = r->sizes[i].brotli;
	}
	qsort(e, n, sizeof(*e), cmp_size_entry);
	buf_addstr(&out, SIZES_HEADER);
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(e[i].sha, e[i - 1].sha))
			buf_printf(&out, "%s %llu %llu\n", e[i].sha, (unsigned long long)e[i].gzip,
				   (unsigned long long)e[i].brotli);
	/* A cache that cannot be written only costs time next run. */
	if (!mkdir_parents(path, &ignored))
		write_file_atomic(path, out.data, out.len, &ignored);
	buf_release(&out);
	free(e);
}

static enum jd_err measure(const struct site *site, const char *cache_path, struct budget_report *r,
			   struct diag *d)
{
	struct buf tmp = BUF_INIT, z = BUF_INIT;
	struct size_entry *cache;
	size_t ncache, missed = 0;
	enum jd_err rc = JD_OK;

	sizes_load(cache_path, &cache, &ncache);
	r->nfiles = site->nfiles;
	r->sizes = xcalloc(site->nfiles ? site->nfiles : 1, sizeof(*r->sizes));
	for (size_t i = 0; i < site->nfiles && !rc; i++) {
		const struct file *f = &site->files[i];
		struct file_sizes *s = &r->sizes[i];
		const struct size_entry *hit;
		const struct buf *bytes;

		s->raw = s->gzip = s->brotli = f->size;
		if (f->content_encoding || !f->size || !compressible(f->content_type))
			goto add;
		if ((hit = sizes_find(cache, ncache, f->sha256))) {
			s->gzip = hit->gzip;
			s->brotli = hit->brotli;
			goto add;
		}
		missed++;
		if ((rc = file_bytes(f, &tmp, &bytes, d)))
			break;
		buf_reset(&z);
		if ((rc = compress_gzip(bytes->data, bytes->len, &z))) {
			diag_set(d, rc, f->path, "cannot gzip '%s' to measure it: %s", f->path, jd_strerror(rc));
			break;
		}
		s->gzip = z.len;
		buf_reset(&z);
		if ((rc = compress_brotli(bytes->data, bytes->len, &z))) {
			diag_set(d, rc, f->path, "cannot brotli-compress '%s' to measure it: %s", f->path,
				 jd_strerror(rc));
			break;
		}
		s->brotli = z.len;
add:
		r->total.raw += s->raw;
		r->total.gzip += s->gzip;
		r->total.brotli += s->brotli;
	}
	if (!rc && missed && cache_path)
		sizes_store(cache_path, site, r);
	free(cache);
	buf_release(&tmp);
	buf_release(&z);
	return rc;
}

uint64_t file_size_in(const struct file_sizes *s, enum budget_metric m)
{
	switch (m) {
	case METRIC_RAW:
		return s->raw;
	case METRIC_GZIP:
		return s->gzip;
	case METRIC_BROTLI:
		return s->brotli;
	case METRIC_COUNT:
		return 1;
	}
	return 0;
}

const char *metric_name(enum budget_metric m)
{
	switch (m) {
	case METRIC_RAW:
		return "raw";
	case METRIC_GZIP:
		return "gzip";
	case METRIC_BROTLI:
		return "brotli";
	case METRIC_COUNT:
		return "count";
	}
	return "?";
}

/* ---- page weight ------------------------------------------------------ */

/*
 * Does a reference of this kind cost the page bytes when it loads?  What a
 * browser fetches to show the page: its stylesheets (and what they import,
 * their fonts and images), scripts, preloads, icons, images and media.
 * Links someone follows, font fallbacks and what is fetched only sometimes
 * or by someone else (refs.h REF_OTHER) do not.
 */
static int loads(enum ref_kind k)
{
	switch (k) {
	case REF_STYLESHEET:
	case REF_SCRIPT:
	case REF_PRELOAD:
	case REF_ICON:
	case REF_IMAGE:
	case REF_SRCSET:
	case REF_MEDIA:
	case REF_IMPORT:
	case REF_FONT:
	case REF_CSS_URL:
		return 1;
	case REF_LINK:
	case REF_FONT_FALLBACK:
	case REF_OTHER:
		return 0;
	}
	return 0;
}

static int is_css(const struct file *f)
{
	return f->content_type && starts_with(f->content_type, "text/css");
}

/* The site index of a reference's target, or SIZE_MAX. */
static size_t target_of(const struct site *site, const struct ref *ref)
{
	const struct file *t = site_find(site, ref->key);

	return t ? (size_t)(t - site->files) : SIZE_MAX;
}

/* A group's candidate so far. */
struct pick {
	size_t ref;                 /* index into the file's refs, or SIZE_MAX */
	uint64_t bytes;
};

/* Scratch space for page_walk. */
struct walk {
	size_t *list, n, cap;       /* the files the page loads, page first */
	struct pick *pick;          /* per group of the file being read */
	size_t pick_cap;
};

/*
 * Walk what page `page` loads, in metric `m`, over the references the
 * rewrite stage found (struct file.refs): each file once (`mark` holds
 * `stamp` for files already counted), a group's heaviest candidate only,
 * stylesheets followed.  The files are left in w->list (page first).
 */
static void page_walk(const struct site *site, const struct budget_report *r, size_t page,
		      enum budget_metric m, unsigned *mark, unsigned stamp, struct walk *w)
{
	w->n = 0;
	ARRAY_GROW(w->list, 1, w->cap);
	w->list[w->n++] = page;
	mark[page] = stamp;
	for (size_t at = 0; at < w->n; at++) {
		const struct file *f = &site->files[w->list[at]];
		const struct ref_list *rl = &f->refs;

		if (at > 0 && !is_css(f))
			continue;
		ARRAY_GROW(w->pick, (size_t)rl->groups + 1, w->pick_cap);
		for (size_t g = 0; g <= rl->groups; g++)
			w->pick[g] = (struct pick){ SIZE_MAX, 0 };
		/* the heaviest candidate of each group (the first of equals) */
		for (size_t k = 0; k < rl->n; k++) {
			const struct ref *ref = &rl->v[k];
			size_t ti;
			uint64_t bytes;
			if (!ref->group || ref->group > rl->groups || !loads(ref->kind) ||
			    (ti = target_of(site, ref)) == SIZE_MAX)
				continue;
			bytes = file_size_in(&r->sizes[ti], m);
			if (w->pick[ref->group].ref == SIZE_MAX || bytes > w->pick[ref->group].bytes)
				w->pick[ref->group] = (struct pick){ k, bytes };
		}
		for (size_t k = 0; k < rl->n; k++) {
			const struct ref *ref = &rl->v[k];
			size_t ti;
			if (!loads(ref->kind) || (ref->group && (ref->group > rl->groups || w->pick[ref->group].ref != k)) ||
			    (ti = target_of(site, ref)) == SIZE_MAX)
				continue;
			if (mark[ti] == stamp)
				continue;
			mark[ti] = stamp;
			ARRAY_GROW(w->list, w->n + 1, w->cap);
			w->list[w->n++] = ti;
		}
	}
}

static void walk_free(struct walk *w)
{
	free(w->list);
	free(w->pick);
}

void page_assets(const struct site *site, size_t page, size_t **out, size_t *n)
{
	struct budget_report r = { 0 };
	struct walk w = { 0 };
	unsigned *mark = xcalloc(site->nfiles ? site->nfiles : 1, sizeof(*mark));

	/* Sizes are only needed to choose among candidates: raw sizes, no reading. */
	r.sizes = xcalloc(site->nfiles ? site->nfiles : 1, sizeof(*r.sizes));
	for (size_t i = 0; i < site->nfiles; i++)
		r.sizes[i].raw = site->files[i].size;
	page_walk(site, &r, page, METRIC_RAW, mark, 1, &w);
	/* Drop the page itself. */
	*n = w.n - 1;
	*out = xcalloc(*n ? *n : 1, sizeof(**out));
	memcpy(*out, w.list + 1, *n * sizeof(**out));
	free(r.sizes);
	free(mark);
	walk_free(&w);
}

/* ---- evaluating --------------------------------------------------------- */

static void top_add(struct budget_result *res, size_t file, uint64_t bytes)
{
	size_t i = res->ntop < BUDGET_TOP ? res->ntop++ : BUDGET_TOP;

	if (i == BUDGET_TOP) {
		if (bytes <= res->top[BUDGET_TOP - 1].bytes)
			return;
		i = BUDGET_TOP - 1;
	}
	while (i > 0 && res->top[i - 1].bytes < bytes) {
		res->top[i] = res->top[i - 1];
		i--;
	}
	res->top[i] = (struct budget_contrib){ file, bytes };
}

struct limit_field {
	const char *name;
	size_t offset;
	enum budget_kind kind;       /* for match budgets */
	enum budget_metric metric;
};

static const struct limit_field limit_fields[] = {
	{ "max", offsetof(struct budget, max), BUDGET_EACH, METRIC_RAW },
	{ "max_gzip", offsetof(struct budget, max_gzip), BUDGET_EACH, METRIC_GZIP },
	{ "max_brotli", offsetof(struct budget, max_brotli), BUDGET_EACH, METRIC_BROTLI },
	{ "total", offsetof(struct budget, total), BUDGET_TOTAL, METRIC_RAW },
	{ "total_gzip", offsetof(struct budget, total_gzip), BUDGET_TOTAL, METRIC_GZIP },
	{ "total_brotli", offsetof(struct budget, total_brotli), BUDGET_TOTAL, METRIC_BROTLI },
	{ "max_count", offsetof(struct budget, max_count), BUDGET_FILES, METRIC_COUNT },
};
#define NLIMITS (sizeof(limit_fields) / sizeof(limit_fields[0]))

static uint64_t limit_of(const struct budget *b, const struct limit_field *lf)
{
	return *(const uint64_t *)((const char *)b + lf->offset);
}

static int matches(const char *glob, const char *key)
{
	return !glob || glob_match(glob, key);
}

static struct budget_result *new_result(struct budget_report *r, const struct budget *b,
					const struct limit_field *lf, enum budget_kind kind)
{
	struct budget_result *res;

	ARRAY_GROW(r->results, r->nresults + 1, r->cap);
	res = &r->results[r->nresults++];
	memset(res, 0, sizeof(*res));
	res->budget = b;
	res->kind = kind;
	res->metric = lf->metric;
	res->limit = limit_of(b, lf);
	res->subject = SIZE_MAX;
	if (b->page)
		res->name = xasprintf("page %s %s", b->page, lf->name);
	else if (b->match)
		res->name = xasprintf("%s %s", b->match, lf->name);
	else
		res->name = xstrdup(lf->name);
	return res;
}

static void eval_pages(const struct site *site, struct budget_report *r, struct walk *w, unsigned *mark,
		       unsigned *stamp, struct budget_result *res)
{
	for (size_t i = 0; i < site->nfiles; i++) {
		uint64_t weight = 0;
		if (!glob_match(res->budget->page, r->source[i]))
			continue;
		page_walk(site, r, i, res->metric, mark, ++*stamp, w);
		for (size_t k = 0; k < w->n; k++)
			weight += file_size_in(&r->sizes[w->list[k]], res->metric);
		res->checked++;
		if (weight > res->limit)
			res->over++;
		if (res->subject == SIZE_MAX || weight > res->actual) {
			res->actual = weight;
			res->subject = i;
			res->ntop = 0;
			for (size_t k = 0; k < w->n; k++)
				top_add(res, w->list[k], file_size_in(&r->sizes[w->list[k]], res->metric));
		}
	}
}

static enum jd_err check_budget(const struct budget *b, const char *config_path, struct diag *d)
{
	int any = 0;

	for (size_t k = 0; k < NLIMITS; k++)
		if (limit_of(b, &limit_fields[k])) {
			any = 1;
			if (b->page && limit_fields[k].kind != BUDGET_EACH)
				return diag_at(d, JD_ECONFIG, config_path, b->line, 0,
					       "a page budget takes max, max_gzip or max_brotli (the page "
					       "weight), not '%s'", limit_fields[k].name);
		}
	if (b->match && b->page)
		return diag_at(d, JD_ECONFIG, config_path, b->line, 0,
			       "a budget has either 'match' (files) or 'page' (page weight), not both");
	if (!any)
		return diag_at(d, JD_ECONFIG, config_path, b->line, 0,
			       "a budget needs a limit: max, max_gzip, max_brotli, total, total_gzip, "
			       "total_brotli or max_count (e.g. max_gzip: 100KB)");
	return JD_OK;
}

/*
 * A glob that matches no file is a typo or a stale path, not a budget that
 * holds: a budget over nothing would pass forever (size-limit refuses the
 * same way).  Named by the config line, or as the --budget flag.
 */
static enum jd_err no_match(const struct budget *b, const char *config_path, struct diag *d)
{
	const char *glob = b->page ? b->page : b->match, *what = b->page ? "page" : "match";

	if (b->line > 0 && config_path)
		return diag_at(d, JD_ECONFIG, config_path, b->line, 0,
			       "the budget's %s: '%s' matches no file of the site (globs match source "
			       "paths relative to the site folder, e.g. '**/*.js')", what, glob);
	return diag_set(d, JD_EUSAGE, glob, "--budget '%s%s' matches no file of the site (globs "
			"match source paths relative to the site folder, e.g. '**/*.js')",
			b->page ? "page:" : "", glob);
}

static int cmp_by_source(const void *a, const void *b, void *source)
{
	const char **keys = source;
	return strcmp(keys[*(const size_t *)a], keys[*(const size_t *)b]);
}

/* r->source and r->by_source from the site's renames. */
static void source_keys(const struct site *site, struct budget_report *r)
{
	r->source = site_source_keys(site);
	r->by_source = xcalloc(site->nfiles ? site->nfiles : 1, sizeof(*r->by_source));
	for (size_t i = 0; i < site->nfiles; i++)
		r->by_source[i] = i;
	/* glibc's qsort_r (_GNU_SOURCE): the comparison needs the key array. */
	qsort_r(r->by_source, site->nfiles, sizeof(*r->by_source), cmp_by_source, r->source);
}

size_t report_find_source(const struct budget_report *r, const char *key)
{
	size_t lo = 0, hi = r->nfiles;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->source[r->by_source[mid]], key);
		if (!c)
			return r->by_source[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

enum jd_err budgets_evaluate(const struct site *site, const struct budget *budgets, size_t n,
			     const char *config_path, const char *cache_path, struct budget_report *r,
			     struct diag *d)
{
	struct walk w = { 0 };
	unsigned *mark = NULL, stamp = 0;
	enum jd_err rc;

	for (size_t i = 0; i < n; i++)
		if ((rc = check_budget(&budgets[i], config_path, d)))
			return rc;
	if ((rc = measure(site, cache_path, r, d)))
		return rc;
	source_keys(site, r);
	for (size_t i = 0; i < n && !rc; i++) {
		const struct budget *b = &budgets[i];
		for (size_t k = 0; k < NLIMITS && !rc; k++) {
			const struct limit_field *lf = &limit_fields[k];
			struct budget_result *res;
			if (!limit_of(b, lf))
				continue;
			res = new_result(r, b, lf, b->page ? BUDGET_PAGE : lf->kind);
			if (res->kind == BUDGET_PAGE) {
				if (!mark)
					mark = xcalloc(site->nfiles ? site->nfiles : 1, sizeof(*mark));
				eval_pages(site, r, &w, mark, &stamp, res);
			} else {
				for (size_t f = 0; f < site->nfiles; f++) {
					uint64_t sz;
					if (!matches(b->match, r->source[f]))
						continue;
					sz = file_size_in(&r->sizes[f], lf->metric);
					res->checked++;
					top_add(res, f, res->kind == BUDGET_FILES ? r->sizes[f].raw : sz);
					if (res->kind == BUDGET_EACH) {
						if (sz > res->limit)
							res->over++;
						if (res->subject == SIZE_MAX || sz > res->actual) {
							res->actual = sz;
							res->subject = f;
						}
					} else {
						res->actual += sz;
					}
				}
			}
			res->ok = res->actual <= res->limit;
			if (!res->ok)
				r->failed++;
			if (!res->checked && (b->match || b->page))
				rc = no_match(b, config_path, d);
		}
	}
	walk_free(&w);
	free(mark);
	return rc;
}

void budget_report_free(struct budget_report *r)
{
	for (size_t i = 0; i < r->nresults; i++)
		free(r->results[i].name);
	free(r->results);
	free(r->sizes);
	free(r->source);
	free(r->by_source);
	memset(r, 0, sizeof(*r));
}

/* ---- --budget GLOB=SIZE ------------------------------------------------- */

int budget_parse_flag(const char *text, struct budget *b, struct diag *d)
{
	const char *eq = strrchr(text, '=');
	const char *glob = text, *value, *colon;
	const struct limit_field *lf = &limit_fields[0];
	uint64_t v;

	memset(b, 0, sizeof(*b));
	if (!eq)
		goto bad;
	value = eq + 1;
	if ((colon = strchr(value, ':'))) {
		lf = NULL;
		for (size_t k = 0; k < NLIMITS; k++)
			if (strlen(limit_fields[k].name) == (size_t)(colon - value) &&
			    !strncmp(limit_fields[k].name, value, (size_t)(colon - value)))
				lf = &limit_fields[k];
		if (!lf)
			goto bad;
		value = colon + 1;
	}
	if (lf->metric == METRIC_COUNT) {
		size_t c;
		if (parse_size_t(value, &c) || !c)
			goto bad;
		v = c;
	} else if (parse_byte_size(value, &v) || !v) {
		goto bad;
	}
	*(uint64_t *)((char *)b + lf->offset) = v;
	if (starts_with(glob, "page:")) {
		glob += 5;
		if (glob == eq || lf->kind != BUDGET_EACH)
			goto bad;
		b->page = xstrndup(glob, (size_t)(eq - glob));
	} else if (eq > glob) {
		b->match = xstrndup(glob, (size_t)(eq - glob));
	}
	return 0;
bad:
	budget_free_fields(b);
	diag_set(d, JD_EUSAGE, NULL,
		 "--budget '%s' is not [page:]GLOB=[FIELD:]SIZE (e.g. '**/*.js=max_gzip:100KB', "
		 "'=total_gzip:1MB', 'page:**/*.html=max_gzip:300KB')", text);
	return -1;
}

void budget_free_fields(struct budget *b)
{
	free(b->match);
	free(b->page);
	b->match = b->page = NULL;
}
