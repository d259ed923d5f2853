/*
 * rewrite.c - the hash + rewrite stage: content-hashed asset names.
 *
 * After it, every asset that HTML or CSS refers to is stored under
 * `name.HASH.ext` (HASH: the first 10 hex digits of the SHA-256 of its
 * final bytes) and every reference to it says so, so the asset can be
 * cached forever and a changed asset is a new URL.  It works in passes:
 *
 *   0. With images.webp, <img> of images that have a WebP are wrapped in
 *      <picture> (picture.c), so the WebPs are referenced like any asset.
 *   1. Load and read: HTML, CSS and web manifests are read for references
 *      (refs.h); JavaScript, inline scripts, event handlers and other text
 *      files (JSON, XML, SVG, txt) are read for the names they mention.
 *   2. Decide: a file is a candidate for a hashed name when it is an asset
 *      (CSS, JS, image, font, media), some HTML or CSS refers to it, and no
 *      rule says it keeps its name: HTML; root files (robots.txt,
 *      favicon.ico, sitemap*.xml, *.webmanifest, service workers,
 *      .well-known/); already fingerprinted (_next/static/, _astro/,
 *      _app/immutable/, a name with an 8+ character hash segment: those are
 *      FILE_FINGERPRINTED); a name that appears in any script or data file;
 *      a JS file that imports (it may load siblings by relative name), and
 *      every JS file when any script loads code dynamically (import(),
 *      workers, importScripts, webpack's runtime); a reference that cannot
 *      be rewritten safely or is a link someone may bookmark (refs.h); a
 *      reference from a fingerprinted file (its name would go stale).
 *   3. Rename leaves first: a candidate is finalised once every candidate
 *      it refers to is, so a CSS file's hash covers the hashed names of its
 *      images.  When no candidate can proceed, the ones on a cycle (CSS
 *      files importing each other) keep their names and the rest go on.
 *   4. Rewrite the remaining referrers (HTML, CSS that kept its name, web
 *      manifests), keep each referrer's references to files of the site on
 *      its struct file (site.h `refs`: kinds and groups as refs.h found
 *      them, targets under their shipped keys) for `jamdeploy check`'s page
 *      weight, and re-sort the files by key.
 *
 * Referrers are HTML, CSS and web manifests (their icons); JavaScript is
 * never rewritten, which is why anything it names keeps its name.
 *
 * Rewriting a reference inserts ".HASH" before the extension in the bytes
 * as written (refs.h), offsets applied from the highest down, so the
 * output is the input plus insertions: deterministic, and idempotent on
 * already-hashed output (those names count as fingerprinted).
 */
#include "site.h"

#include <strings.h>

#include "lib/util.h"
#include "refs.h"
#include "url.h"
#include "lib/sha256.h"

#define HASH_LEN 10

enum kind { K_OTHER, K_HTML, K_CSS, K_JS, K_MANIFEST, K_TEXT };

struct node {
	enum kind kind;
	struct buf bytes;      /* loaded bytes (HTML, CSS, JS, text) */
	int loaded;
	struct ref_list refs;  /* in document order (check's page weight needs it) */
	size_t *order;         /* refs indexes by offset, for rewriting */
	int referenced;        /* some HTML/CSS refers to it with a rewritable reference */
	int keep;              /* must keep its name */
	int candidate, done;
	char *new_key;         /* when renamed */
	int visit;             /* cycle search mark */
	int cyclic;            /* found on a cycle */
};

/* Names, sorted and unique, each marked when a script or data file mentions it. */
struct names {
	char **v;
	unsigned char *mentioned;
	size_t n;
};

struct state {
	struct site *s;
	struct node *n;
	struct url_site site;
	struct buf js;         /* all script text, inline and files */
	struct names basenames; /* of every file in the site */
	struct names dirnames; /* every folder name of the site's keys */
	int dynamic_js;        /* some script loads code by computed names */
};

static const char *basename_of(const char *key)
{
	const char *b = strrchr(key, '/');

	return b ? b + 1 : key;
}

static const char *ext_of(const char *key)
{
	const char *b = basename_of(key), *dot = strrchr(b, '.');

	return dot && dot != b ? dot + 1 : NULL;
}

static int ext_in(const char *key, const char *const *list)
{
	const char *e = ext_of(key);

	for (; e && *list; list++)
		if (!strcasecmp(e, *list))
			return 1;
	return 0;
}

static enum kind kind_of(const char *key)
{
	static const char *const html[] = { "html", "htm", "xhtml", NULL };
	static const char *const js[] = { "js", "mjs", "cjs", NULL };
	static const char *const text[] = { "json", "xml", "svg", "txt", "rss", "atom", NULL };

	if (ext_in(key, html))
		return K_HTML;
	if (ext_in(key, (const char *const[]){ "css", NULL }))
		return K_CSS;
	if (ext_in(key, js))
		return K_JS;
	if (ext_in(key, (const char *const[]){ "webmanifest", NULL }) || !strcmp(key, "manifest.json"))
		return K_MANIFEST;
	if (ext_in(key, text))
		return K_TEXT;
	return K_OTHER;
}

static int is_asset(const char *key)
{
	static const char *const assets[] = { "css", "js", "mjs", "png", "jpg", "jpeg", "gif", "webp",
					      "avif", "svg", "ico", "bmp", "woff", "woff2", "ttf", "otf",
					      "eot", "mp4", "webm", "ogg", "mp3", "wav", "vtt", NULL };
	return ext_in(key, assets);
}

/* Files that browsers, crawlers or the platform request by a fixed name. */
static int is_root_file(const char *key)
{
	const char *b = basename_of(key);
	int top = b == key;

	if (starts_with(key, ".well-known/") || ends_with(key, ".webmanifest"))
		return 1;
	if (!strcmp(b, "sw.js") || !strcmp(b, "service-worker.js") || !strcmp(b, "serviceworker.js"))
		return 1;
	return top && (!strcmp(b, "robots.txt") || !strcmp(b, "favicon.ico") || !strcmp(b, "manifest.json") ||
		       (starts_with(b, "sitemap") && ends_with(b, ".xml")) || starts_with(b, "apple-touch-icon") ||
		       !strcmp(b, "browserconfig.xml") || !strcmp(b, "ads.txt") || !strcmp(b, "humans.txt"));
}

/* A segment of 8+ letters and digits with at least one of each: a build hash. */
static int has_hash_segment(const char *b)
{
	const char *dot = strrchr(b, '.');
	size_t end = dot && dot != b ? (size_t)(dot - b) : strlen(b);

	for (size_t i = 0; i < end;) {
		size_t j = i;
		int digit = 0, alpha = 0;
		while (j < end && b[j] != '.' && b[j] != '-' && b[j] != '_' && b[j] != '~') {
			if (b[j] >= '0' && b[j] <= '9')
				digit = 1;
			else if ((b[j] >= 'a' && b[j] <= 'z') || (b[j] >= 'A' && b[j] <= 'Z'))
				alpha = 1;
			else
				digit = alpha = -100; /* not a hash alphabet */
			j++;
		}
		if (j - i >= 8 && digit > 0 && alpha > 0)
			return 1;
		i = j + 1;
	}
	return 0;
}

static int is_fingerprinted(const char *key)
{
	return starts_with(key, "_next/static/") || strstr(key, "_astro/") == key ||
	       starts_with(key, "_app/immutable/") || has_hash_segment(basename_of(key));
}

static int name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 ||
	       c == '.' || c == '_' || c == '-' || c == '~' || c == '@' || c == '+' || c == '%';
}

static int ident_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

/* Is `word` in text as a whole identifier (not part of a longer one)? */
static int has_ident(const char *t, size_t n, const char *word)
{
	size_t wl = strlen(word);
	const char *p = t;

	while ((p = memmem(p, n - (size_t)(p - t), word, wl))) {
		int before = p > t && ident_char((unsigned char)p[-1]);
		int after = (size_t)(p - t) + wl < n && ident_char((unsigned char)p[wl]);
		if (!before && !after)
			return 1;
		p += wl;
		if ((size_t)(p - t) >= n)
			break;
	}
	return 0;
}

/* Loading code by a name computed at run time: every script keeps its name. */
static int loads_dynamically(const char *t, size_t n)
{
	static const char *const marks[] = { "import(", "import (", "importScripts", "Worker(",
					     "import.meta", "__webpack_require__", "serviceWorker",
					     "System.import", "require(", NULL };
	for (size_t i = 0; marks[i]; i++)
		if (memmem(t, n, marks[i], strlen(marks[i])))
			return 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first index whose name is >= t[0..n) (compared on n bytes, a longer name after). */
static size_t names_lower_bound(const struct names *ns, const char *t, size_t n)
{
	size_t lo = 0, hi = ns->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *b = ns->v[mid];
		int c = strncmp(t, b, n);
		if (c == 0 && b[n] != '\0')
			c = -1; /* t is a proper prefix of b */
		if (c <= 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Mark the name equal to t[0..n) and, with `prefix`, every name t[0..n) properly begins. */
static void names_mark(struct names *ns, const char *t, size_t n, int prefix)
{
	for (size_t k = names_lower_bound(ns, t, n); k < ns->n && !strncmp(ns->v[k], t, n); k++) {
		if (ns->v[k][n] == '\0' || prefix)
			ns->mentioned[k] = 1;
		if (!prefix)
			break;
	}
}

static int names_mentioned(const struct names *ns, const char *t, size_t n)
{
	size_t k = names_lower_bound(ns, t, n);

	return k < ns->n && !strncmp(ns->v[k], t, n) && ns->v[k][n] == '\0' && ns->mentioned[k];
}

/* Sort v[0..n) (owned by ns from here) and drop repeats, which are freed. */
static void names_init(struct names *ns, char **v, size_t n)
{
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	ns->v = v;
	ns->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (!ns->n || strcmp(ns->v[ns->n - 1], v[i]))
			ns->v[ns->n++] = v[i];
		else
			free(v[i]);
	}
	ns->mentioned = xcalloc(ns->n + 1, 1);
}

static void names_free(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
	free(ns->mentioned);
}

/*
 * Mark the site's names that scripts and data files mention, as
 * name-like tokens: a token equal to a file's basename; a token that ends
 * in '-', '_' or '.' after something marks every basename it begins
 * ('/img/logo-' + theme
 * + '.png' names logo-light.png and logo-dark.png); a token right before
 * a '/' that ends the string ('/img/' + name) marks that folder name.
 * Nothing is copied: a megabyte of JavaScript costs a binary search or
 * two per token.
 */
static void add_names(struct state *st, const char *t, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && name_char((unsigned char)t[j]))
			j++;
		if (j == i) {
			i++;
			continue;
		}
		names_mark(&st->basenames, t + i, j - i, j - i >= 2 && strchr("-_.", t[j - 1]));
		if (j + 1 < n && t[j] == '/' && !name_char((unsigned char)t[j + 1]) && t[j + 1] != '/')
			names_mark(&st->dirnames, t + i, j - i, 0);
		i = j;
	}
}

static void collect_names(struct state *st)
{
	const struct site *s = st->s;
	char **base = xcalloc(s->nfiles + 1, sizeof(*base));
	size_t ndirs = 0, capdirs = 0;
	char **dirs = NULL;

	for (size_t i = 0; i < s->nfiles; i++) {
		const char *k = s->files[i].key, *slash;
		base[i] = xstrdup(basename_of(k));
		for (; (slash = strchr(k, '/')); k = slash + 1) {
			ARRAY_GROW(dirs, ndirs + 1, capdirs);
			dirs[ndirs++] = xstrndup(k, (size_t)(slash - k));
		}
	}
	names_init(&st->basenames, base, s->nfiles);
	names_init(&st->dirnames, dirs ? dirs : xcalloc(1, sizeof(*dirs)), ndirs);
}

/* Does a script or data file name this file, its name's beginning or one of its folders? */
static int named_in_scripts(const struct state *st, const char *key)
{
	const char *b = basename_of(key), *slash;

	if (names_mentioned(&st->basenames, b, strlen(b)))
		return 1;
	for (; (slash = strchr(key, '/')); key = slash + 1)
		if (names_mentioned(&st->dirnames, key, (size_t)(slash - key)))
			return 1;
	return 0;
}

/* qsort_r comparison of two indexes into a ref array: by offset, then key. */
static int by_off(const void *a, const void *b, void *refs)
{
	const struct ref *x = (const struct ref *)refs + *(const size_t *)a;
	const struct ref *y = (const struct ref *)refs + *(const size_t *)b;

	return x->off < y->off ? -1 : x->off > y->off ? 1 : strcmp(x->key, y->key);
}

static enum jd_err load(struct file *f, struct node *n, struct diag *d)
{
	enum jd_err rc;

	if (n->loaded)
		return JD_OK;
	if (f->in_memory) {
		buf_add(&n->bytes, f->data.data, f->data.len);
	} else if ((rc = read_file(file_ship_path(f), &n->bytes, d))) {
		return rc;
	}
	n->loaded = 1;
	return JD_OK;
}

/* Pass 1: references and names. */
static enum jd_err read_all(struct state *st, struct diag *d)
{
	struct site *s = st->s;
	enum jd_err rc;

	collect_names(st);
	for (size_t i = 0; i < s->nfiles; i++) {
		struct file *f = &s->files[i];
		struct node *n = &st->n[i];

		n->kind = kind_of(f->key);
		if (n->kind == K_OTHER)
			continue;
		if ((rc = load(f, n, d)))
			return rc;
		switch (n->kind) {
		case K_HTML:
			refs_html(n->bytes.data, n->bytes.len, f->key, &st->site, &n->refs, &st->js);
			break;
		case K_CSS: {
			char *base = url_base_of_key(&st->site, f->key);
			refs_css(n->bytes.data, n->bytes.len, 0, base, &st->site, 0, &n->refs);
			free(base);
			break;
		}
		case K_MANIFEST:
			refs_webmanifest(n->bytes.data, n->bytes.len, f->key, &st->site, &n->refs);
			break;
		case K_JS:
			buf_add(&st->js, n->bytes.data, n->bytes.len);
			buf_addch(&st->js, '\n');
			if (has_ident(n->bytes.data, n->bytes.len, "import") ||
			    has_ident(n->bytes.data, n->bytes.len, "importScripts"))
				n->keep = 1; /* a module that loads siblings by relative name */
			break;
		case K_TEXT:
			if (!ends_with(f->key, ".map"))
				add_names(st, n->bytes.data, n->bytes.len);
			break;
		case K_OTHER:
			break;
		}
	}
	add_names(st, st->js.data, st->js.len);
	for (size_t i = 0; i < s->nfiles; i++) {
		struct node *n = &st->n[i];
		if (!n->refs.n)
			continue;
		n->order = xcalloc(n->refs.n, sizeof(*n->order));
		for (size_t r = 0; r < n->refs.n; r++)
			n->order[r] = r;
		/* glibc's qsort_r (_GNU_SOURCE): the comparison needs the ref array */
		qsort_r(n->order, n->refs.n, sizeof(*n->order), by_off, n->refs.v);
	}
	st->dynamic_js = loads_dynamically(st->js.data, st->js.len);
	return JD_OK;
}

/* Pass 2: who may get a hashed name. */
static void decide(struct state *st)
{
	struct site *s = st->s;

	for (size_t i = 0; i < s->nfiles; i++) {
		struct file *f = &s->files[i];
		struct node *n = &st->n[i];
		int fingerprinted = n->kind != K_HTML && is_fingerprinted(f->key);

		if (fingerprinted)
			f->class = FILE_FINGERPRINTED;
		if (n->kind == K_HTML || fingerprinted || is_root_file(f->key) || !is_asset(f->key) ||
		    named_in_scripts(st, f->key) || (n->kind == K_JS && st->dynamic_js))
			n->keep = 1;
	}
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct node *from = &st->n[i];
		int rewritable = (from->kind == K_HTML || from->kind == K_CSS || from->kind == K_MANIFEST) &&
				 s->files[i].class != FILE_FINGERPRINTED;

		for (size_t r = 0; r < from->refs.n; r++) {
			const struct ref *ref = &from->refs.v[r];
			struct file *t = site_find(s, ref->key);
			struct node *tn;

			if (!t)
				continue;
			tn = &st->n[t - s->files];
			if (ref->pin || !rewritable || tn == from)
				tn->keep = 1; /* a file naming itself is a cycle of one */
			else
				tn->referenced = 1;
		}
	}
	for (size_t i = 0; i < s->nfiles; i++)
		st->n[i].candidate = st->n[i].referenced && !st->n[i].keep;
}

/* The node a reference points at, or NULL. */
static struct node *target(const struct state *st, const struct ref *r)
{
	struct file *t = site_find(st->s, r->key);

	return t ? &st->n[t - st->s->files] : NULL;
}

/* The bytes of node `i` with every rewritable reference to a renamed file updated. */
static void rewritten(const struct state *st, size_t i, struct buf *out)
{
	const struct node *n = &st->n[i];
	size_t at = 0, last = (size_t)-1;

	buf_reset(out);
	/* refs in offset order (read_all); two at one offset are one URL */
	for (size_t r = 0; r < n->refs.n; r++) {
		const struct ref *ref = &n->refs.v[n->order[r]];
		const struct node *t = target(st, ref);
		const char *h;

		if (ref->pin || !t || !t->new_key || ref->off < at || ref->off == last)
			continue;
		last = ref->off;
		h = t->new_key + strlen(t->new_key) - strlen(ext_of(t->new_key)) - 1 - HASH_LEN - 1;
		buf_add(out, n->bytes.data + at, ref->off - at);
		buf_add(out, h, HASH_LEN + 1); /* ".HASH" */
		at = ref->off;
	}
	buf_add(out, n->bytes.data + at, n->bytes.len - at);
}

static int deps_done(const struct state *st, const struct node *n)
{
	for (size_t r = 0; r < n->refs.n; r++) {
		const struct node *t = target(st, &n->refs.v[r]);
		if (t && t != n && t->candidate && !t->done)
			return 0;
	}
	return 1;
}

/* Give candidate i its hashed name. */
static enum jd_err finalise(struct state *st, size_t i, struct diag *d)
{
	struct file *f = &st->s->files[i];
	struct node *n = &st->n[i];
	const char *ext = ext_of(f->key);
	char sha[65];
	char *key;
	enum jd_err rc;

	n->done = 1;
	if (n->loaded) {
		struct buf out = BUF_INIT;
		rewritten(st, i, &out);
		buf_release(&n->bytes);
		n->bytes = out;
		sha256_hex(n->bytes.data, n->bytes.len, sha);
	} else if (f->in_memory) {
		sha256_hex(f->data.data, f->data.len, sha);
	} else if (f->sha256[0]) {
		memcpy(sha, f->sha256, sizeof(sha)); /* the transform stage hashed the shipped bytes */
	} else if ((rc = sha256_file(file_ship_path(f), sha, d))) {
		return rc;
	}
	key = xasprintf("%.*s.%.*s.%s", (int)(ext - 1 - f->key), f->key, HASH_LEN, sha, ext);
	if (site_find(st->s, key)) {
		free(key); /* the hashed name is taken: keep ours */
		n->candidate = 0;
		return JD_OK;
	}
	n->new_key = key;
	return JD_OK;
}

/* Can candidate `start` reach itself through candidates not yet done? */
static int on_cycle(struct state *st, size_t start)
{
	size_t nf = st->s->nfiles, *stack = xcalloc(nf + 1, sizeof(*stack)), sp = 0;
	int found = 0;

	for (size_t i = 0; i < nf; i++)
		st->n[i].visit = 0;
	stack[sp++] = start;
	while (sp && !found) {
		const struct node *n = &st->n[stack[--sp]];
		for (size_t r = 0; r < n->refs.n && !found; r++) {
			struct node *t = target(st, &n->refs.v[r]);
			if (!t || !t->candidate || t->done)
				continue;
			if ((size_t)(t - st->n) == start)
				found = 1;
			else if (!t->visit && sp < nf) {
				t->visit = 1;
				stack[sp++] = (size_t)(t - st->n);
			}
		}
	}
	free(stack);
	return found;
}

/* Pass 3: leaves first. */
static enum jd_err rename_all(struct state *st, struct diag *d)
{
	size_t nf = st->s->nfiles;
	enum jd_err rc;

	for (;;) {
		int progress = 0, left = 0;

		for (size_t i = 0; i < nf; i++) {
			struct node *n = &st->n[i];
			if (!n->candidate || n->done)
				continue;
			if (deps_done(st, n)) {
				if ((rc = finalise(st, i, d)))
					return rc;
				progress = 1;
			} else {
				left = 1;
			}
		}
		if (!left)
			return JD_OK;
		if (progress)
			continue;
		/* stuck: candidates on a cycle keep their names; the rest can then go on */
		int pinned = 0;
		for (size_t i = 0; i < nf; i++)
			if (st->n[i].candidate && !st->n[i].done && on_cycle(st, i))
				st->n[i].cyclic = 1, pinned = 1;
		for (size_t i = 0; i < nf; i++) {
			struct node *n = &st->n[i];
			if (n->candidate && !n->done && (n->cyclic || !pinned))
				n->candidate = 0;
		}
	}
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->key, ((const struct file *)b)->key);
}

static int by_from(const void *a, const void *b)
{
	return strcmp(((const struct rename *)a)->from, ((const struct rename *)b)->from);
}

/*
 * The references of node `i` that name files of the site, kept on its file
 * in document order with each target's key as shipped (its hashed key when
 * renamed); `off` is dropped, as it pointed into the bytes before rewriting.
 */
static void keep_refs(const struct state *st, size_t i, struct ref_list *out)
{
	const struct node *n = &st->n[i];

	out->groups = n->refs.groups;
	for (size_t r = 0; r < n->refs.n; r++) {
		const struct ref *ref = &n->refs.v[r];
		const struct node *t = target(st, ref);
		struct ref *k;

		if (!t)
			continue;
		ARRAY_GROW(out->v, out->n + 1, out->cap);
		k = &out->v[out->n++];
		*k = *ref;
		k->key = xstrdup(t->new_key ? t->new_key : st->s->files[t - st->n].key);
		k->off = 0;
	}
}

/* Pass 4: write results into the files. */
static void apply(struct state *st)
{
	struct site *s = st->s;

	for (size_t i = 0; i < s->nfiles; i++) {
		struct file *f = &s->files[i];
		struct node *n = &st->n[i];

		ref_list_free(&f->refs);
		keep_refs(st, i, &f->refs);

		if (n->new_key) {
			ARRAY_GROW(s->renames, s->nrenames + 1, s->renames_cap);
			s->renames[s->nrenames].from = f->key;
			s->renames[s->nrenames].to = xstrdup(n->new_key);
			s->nrenames++;
		}
		if (n->loaded && (n->kind == K_HTML || n->kind == K_CSS || n->kind == K_MANIFEST)) {
			struct buf out = BUF_INIT;
			if (n->new_key)
				out = n->bytes, n->bytes = (struct buf)BUF_INIT; /* already rewritten */
			else
				rewritten(st, i, &out);
			if (out.len != n->bytes.len || n->new_key) {
				buf_release(&f->data);
				f->data = out;
				f->in_memory = 1;
				f->size = f->data.len;
				sha256_hex(f->data.data, f->data.len, f->sha256);
			} else {
				buf_release(&out);
			}
		}
	}
	/* keys change last: rewritten() above looks targets up by their old keys */
	for (size_t i = 0; i < s->nfiles; i++) {
		struct file *f = &s->files[i];
		struct node *n = &st->n[i];

		if (n->new_key) {
			f->key = n->new_key;
			n->new_key = NULL;
			f->class = FILE_HASHED;
		}
	}
	if (s->nfiles)
		qsort(s->files, s->nfiles, sizeof(*s->files), by_key);
	if (s->nrenames)
		qsort(s->renames, s->nrenames, sizeof(*s->renames), by_from);
}

enum jd_err rewrite_site(struct site *s, const struct config *cfg, struct diag *d)
{
	struct state st = { 0 };
	enum jd_err rc;

	st.s = s;
	st.n = xcalloc(s->nfiles ? s->nfiles : 1, sizeof(*st.n));
	st.js = (struct buf)BUF_INIT;
	for (size_t i = 0; i < s->nfiles; i++)
		st.n[i].bytes = (struct buf)BUF_INIT;
	url_site_init(&st.site, cfg ? cfg->base_url : NULL);
	if (!(rc = picture_site(s, cfg, d)) && !(rc = read_all(&st, d))) {
		decide(&st);
		if (!(rc = rename_all(&st, d)))
			apply(&st);
	}
	for (size_t i = 0; i < s->nfiles; i++) {
		buf_release(&st.n[i].bytes);
		ref_list_free(&st.n[i].refs);
		free(st.n[i].order);
		free(st.n[i].new_key);
	}
	names_free(&st.basenames);
	names_free(&st.dirnames);
	free(st.n);
	buf_release(&st.js);
	url_site_free(&st.site);
	return rc;
}

const char **site_source_keys(const struct site *s)
{
	const char **source = xcalloc(s->nfiles ? s->nfiles : 1, sizeof(*source));

	for (size_t i = 0; i < s->nfiles; i++)
		source[i] = s->files[i].key;
	for (size_t k = 0; k < s->nrenames; k++) {
		const struct file *f = site_find(s, s->renames[k].to);
		if (f)
			source[f - s->files] = s->renames[k].from;
	}
	return source;
}
