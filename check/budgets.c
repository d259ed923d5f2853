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
 * each once however often it is referenced: <link href> with rel stylesheet,
 * icon, preload or modulepreload, <script src>, <img src/srcset>, <source
 * src/srcset>, <video poster>, url() and @import in inline <style> and in the
 * stylesheets it loads (followed recursively).  A browser downloads one
 * candidate of a srcset, of a <picture>, and of an @font-face `src:` list, so
 * those count once: the heaviest candidate of a srcset or <picture> (the
 * worst case a visitor can get), the first url() of a `src:` list (the format
 * every current browser takes).  URLs resolve against the key of the file
 * they appear in; absolute (scheme:), protocol-relative and data: URLs are not
 * local and cost nothing here; <base href> and JavaScript imports are not
 * followed.  The reference lists of each file are computed once and reused
 * across pages, so a thousand pages sharing one stylesheet scan it once.
 *
 * Names.  Budgets match their globs against a file's source key, the key it
 * had before the rewrite stage renamed it name.HASH.ext (site->renames), and
 * every report names files that way: users write globs for their source
 * tree, and a hashed name changes with every content change, which would make
 * a baseline see a removed and an added file where one file grew.  The sizes
 * are still those of the shipped bytes, and page weight follows the shipped
 * (rewritten) references.
 *
 * This scan is deliberately small: issue 4 builds the full reference graph
 * (site/rewrite.c) for hashing and rewriting, and when it lands page
 * weight should walk that graph instead of rescanning here.
 *
 * Limits: file sizes come from the built site (already checked by scan);
 * URLs longer than JD_URL_MAX are ignored; nothing here allocates in
 * proportion to untrusted input except the reference lists, which are
 * bounded by the size of the files they come from.
 */
#include "budgets.h"

#include <ctype.h>
#include <errno.h>

#include "lib/compress.h"
#include "lib/glob.h"
#include "lib/util.h"

#define JD_URL_MAX 2048

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

/* ---- URLs --------------------------------------------------------------- */

int resolve_url(const char *base, const char *url, size_t len, char *out, size_t size)
{
	char path[JD_URL_MAX * 2 + 2];
	size_t n = 0, o = 0, i = 0;

	while (len && isspace((unsigned char)*url))
		url++, len--;
	while (len && isspace((unsigned char)url[len - 1]))
		len--;
	if (!len || len > JD_URL_MAX || (len >= 2 && url[0] == '/' && url[1] == '/'))
		return -1;
	/* A scheme ("https:", "data:", "mailto:") means not a local path. */
	if (isalpha((unsigned char)url[0])) {
		size_t k = 1;
		while (k < len && (isalnum((unsigned char)url[k]) || strchr("+.-", url[k])))
			k++;
		if (k < len && url[k] == ':')
			return -1;
	}
	/* The directory of the base key, unless the URL is root-relative. */
	if (url[0] != '/') {
		const char *slash = strrchr(base, '/');
		size_t dl = slash ? (size_t)(slash - base) + 1 : 0;
		if (dl > JD_URL_MAX)
			return -1;
		memcpy(path, base, dl);
		n = dl;
	}
	for (; i < len && url[i] != '?' && url[i] != '#'; i++) {
		int c = url[i];
		if (c == '%' && i + 2 < len && hex_digit_value(url[i + 1]) >= 0 && hex_digit_value(url[i + 2]) >= 0) {
			c = hex_digit_value(url[i + 1]) * 16 + hex_digit_value(url[i + 2]);
			i += 2;
		}
		if (c == 0)
			return -1;
		path[n++] = (char)c;
	}
	if (!n || (n == 1 && path[0] == '/'))
		return snprintf(out, size, "index.html") < (int)size ? 0 : -1;
	/* Fold "." and ".." segment by segment; ".." above the root stays at the root. */
	path[n] = '\0';
	for (size_t s = 0; s <= n;) {
		size_t e = s;
		while (e < n && path[e] != '/')
			e++;
		size_t sl = e - s;
		if (sl == 0 || (sl == 1 && path[s] == '.')) {
			/* empty or "." segment: nothing */
		} else if (sl == 2 && path[s] == '.' && path[s + 1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			while (o > 0 && out[o - 1] != '/')
				o--;
		} else {
			if (o + sl + 2 > size)
				return -1;
			memcpy(out + o, path + s, sl);
			o += sl;
			out[o++] = '/';
		}
		s = e + 1;
	}
	/* A URL naming a directory ("/", "docs/", ".", "..") serves its index.html. */
	const char *last = strrchr(path, '/');
	last = last ? last + 1 : path;
	int dir = !*last || !strcmp(last, ".") || !strcmp(last, "..");
	if (o > 0)
		o--; /* drop the separator after the last segment */
	if (dir) {
		const char *idx = o ? "/index.html" : "index.html";
		if (o + strlen(idx) + 1 > size)
			return -1;
		memcpy(out + o, idx, strlen(idx));
		o += strlen(idx);
	}
	if (!o)
		return -1;
	out[o] = '\0';
	return 0;
}

/* ---- reference scanning ------------------------------------------------- */

/*
 * The references of one file: site indexes, each with a group number.  Group
 * 0 is a plain reference; entries sharing a non-zero group are alternatives of
 * which a browser loads one (a srcset, a <picture>).
 */
struct refs {
	size_t *file;
	unsigned *group;
	size_t n, cap;
	int done;
};

struct scan {
	const struct site *site;
	const char *base;      /* key of the file being scanned */
	struct refs *out;
	unsigned next_group;
};

static void add_ref(struct scan *sc, const char *url, size_t len, unsigned group)
{
	char key[JD_URL_MAX + 1];
	const struct file *f;

	if (resolve_url(sc->base, url, len, key, sizeof(key)) || !(f = site_find(sc->site, key)))
		return;
	size_t old_cap = sc->out->cap;
	ARRAY_GROW(sc->out->file, sc->out->n + 1, sc->out->cap);
	if (sc->out->cap != old_cap)
		sc->out->group = xreallocarray(sc->out->group, sc->out->cap, sizeof(unsigned));
	sc->out->file[sc->out->n] = (size_t)(f - sc->site->files);
	sc->out->group[sc->out->n++] = group;
}

static int ci_prefix(const char *s, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - s) >= n && !strncasecmp(s, word, n);
}

/*
 * url() and @import in CSS.  Tracks the property of the current declaration
 * so that only the first url() of an @font-face `src:` counts.
 */
static void scan_css(struct scan *sc, const char *s, const char *end)
{
	const char *decl = s;
	int src_seen = 0;

	for (const char *p = s; p < end;) {
		if (p + 1 < end && p[0] == '/' && p[1] == '*') {
			const char *c = memmem(p + 2, (size_t)(end - p - 2), "*/", 2);
			p = c ? c + 2 : end;
			continue;
		}
		if (*p == '{' || *p == '}' || *p == ';') {
			decl = ++p;
			src_seen = 0;
			continue;
		}
		if (*p == '"' || *p == '\'') {
			char q = *p++;
			while (p < end && *p != q && *p != '\n')
				p += (*p == '\\' && p + 1 < end) ? 2 : 1;
			p++;
			continue;
		}
		if (*p == '@' && ci_prefix(p + 1, end, "import")) {
			const char *v = p + 7;
			while (v < end && isspace((unsigned char)*v))
				v++;
			if (v < end && (*v == '"' || *v == '\'')) {
				const char *q = memchr(v + 1, *v, (size_t)(end - v - 1));
				if (q) {
					add_ref(sc, v + 1, (size_t)(q - v - 1), 0);
					p = q + 1;
					continue;
				}
			}
			p = v;
			continue;
		}
		if ((*p == 'u' || *p == 'U') && ci_prefix(p, end, "url(") &&
		    (p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '-' || p[-1] == '_'))) {
			const char *v = p + 4, *e;
			while (v < end && isspace((unsigned char)*v))
				v++;
			if (v < end && (*v == '"' || *v == '\'')) {
				e = memchr(v + 1, *v, (size_t)(end - v - 1));
				v++;
			} else {
				e = memchr(v, ')', (size_t)(end - v));
			}
			if (!e)
				return;
			/* The property: the identifier that starts the declaration. */
			const char *k = decl;
			while (k < p && isspace((unsigned char)*k))
				k++;
			int is_src = ci_prefix(k, p, "src") && k + 3 < p &&
				     (k[3] == ':' || isspace((unsigned char)k[3]));
			if (!is_src || !src_seen)
				add_ref(sc, v, (size_t)(e - v), 0);
			if (is_src)
				src_seen = 1;
			p = e + 1;
			continue;
		}
		p++;
	}
}

/* Each URL of a srcset ("a.png 1x, b.png 2x") as a reference in `group`. */
static void add_srcset(struct scan *sc, const char *s, size_t len, unsigned group)
{
	const char *p = s, *end = s + len;

	while (p < end) {
		while (p < end && (isspace((unsigned char)*p) || *p == ','))
			p++;
		const char *u = p;
		while (p < end && !isspace((unsigned char)*p))
			p++;
		const char *ue = p;
		while (ue > u && ue[-1] == ',')
			ue--;
		if (ue > u)
			add_ref(sc, u, (size_t)(ue - u), group);
		if (ue < p) /* the URL ended with ',': no descriptors */
			continue;
		while (p < end && *p != ',')
			p++;
	}
}

struct attr {
	const char *v;
	size_t len;
	int set;
};

/* Does the space-separated `rel` list name something the browser fetches for the page? */
static int rel_loads(const struct attr *rel)
{
	static const char *const loads[] = { "stylesheet", "icon", "preload", "modulepreload",
					     "apple-touch-icon" };
	const char *p = rel->v, *end = rel->v + rel->len;

	while (p < end) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		const char *w = p;
		while (p < end && !isspace((unsigned char)*p))
			p++;
		for (size_t i = 0; i < sizeof(loads) / sizeof(loads[0]); i++)
			if ((size_t)(p - w) == strlen(loads[i]) && !strncasecmp(w, loads[i], (size_t)(p - w)))
				return 1;
	}
	return 0;
}

/* Skip raw text up to "</NAME" (script, style); returns the position of '<' or end. */
static const char *raw_text_end(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	for (; p + 1 + n < end; p++)
		if (p[0] == '<' && p[1] == '/' && !strncasecmp(p + 2, name, n))
			return p;
	return end;
}

static void scan_html(struct scan *sc, const char *s, const char *end)
{
	unsigned picture = 0;

	for (const char *p = s; p < end;) {
		char name[16];
		size_t nl = 0;
		struct attr href = { 0 }, src = { 0 }, srcset = { 0 }, rel = { 0 }, poster = { 0 };
		int closing;

		if (*p != '<') {
			p++;
			continue;
		}
		if (ci_prefix(p, end, "<!--")) {
			const char *c = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
			p = c ? c + 3 : end;
			continue;
		}
		closing = p + 1 < end && p[1] == '/';
		const char *t = p + 1 + closing;
		if (t >= end || !isalpha((unsigned char)*t)) {
			p++;
			continue;
		}
		while (t < end && (isalnum((unsigned char)*t) || *t == '-')) {
			if (nl + 1 < sizeof(name))
				name[nl++] = (char)tolower((unsigned char)*t);
			t++;
		}
		name[nl] = '\0';
		/* Attributes: NAME, NAME=VALUE, NAME="VALUE", NAME='VALUE'. */
		while (t < end && *t != '>') {
			const char *an, *v = NULL;
			size_t anl, vl = 0;
			if (isspace((unsigned char)*t) || *t == '/') {
				t++;
				continue;
			}
			an = t;
			while (t < end && !isspace((unsigned char)*t) && !strchr("=>/", *t))
				t++;
			if (t == an) {
				t++; /* a stray '=' */
				continue;
			}
			anl = (size_t)(t - an);
			while (t < end && isspace((unsigned char)*t))
				t++;
			if (t < end && *t == '=') {
				t++;
				while (t < end && isspace((unsigned char)*t))
					t++;
				if (t < end && (*t == '"' || *t == '\'')) {
					const char *q = memchr(t + 1, *t, (size_t)(end - t - 1));
					v = t + 1;
					vl = q ? (size_t)(q - v) : (size_t)(end - v);
					t = q ? q + 1 : end;
				} else {
					v = t;
					while (t < end && !isspace((unsigned char)*t) && *t != '>')
						t++;
					vl = (size_t)(t - v);
				}
			}
			struct attr *a = NULL;
			if (anl == 4 && !strncasecmp(an, "href", 4))
				a = &href;
			else if (anl == 3 && !strncasecmp(an, "src", 3))
				a = &src;
			else if (anl == 6 && !strncasecmp(an, "srcset", 6))
				a = &srcset;
			else if (anl == 3 && !strncasecmp(an, "rel", 3))
				a = &rel;
			else if (anl == 6 && !strncasecmp(an, "poster", 6))
				a = &poster;
			if (a && v && !a->set)
				*a = (struct attr){ v, vl, 1 };
		}
		p = t < end ? t + 1 : end;
		if (closing) {
			if (!strcmp(name, "picture"))
				picture = 0;
			continue;
		}
		if (!strcmp(name, "link") && href.set && rel.set && rel_loads(&rel)) {
			add_ref(sc, href.v, href.len, 0);
		} else if (!strcmp(name, "script")) {
			if (src.set)
				add_ref(sc, src.v, src.len, 0);
			p = raw_text_end(p, end, "script");
		} else if (!strcmp(name, "style")) {
			const char *e = raw_text_end(p, end, "style");
			scan_css(sc, p, e);
			p = e;
		} else if (!strcmp(name, "picture")) {
			picture = ++sc->next_group;
		} else if (!strcmp(name, "img") || !strcmp(name, "source")) {
			/* One download per element (per <picture>): the candidates form a group. */
			unsigned g = picture ? picture : (srcset.set ? ++sc->next_group : 0);
			if (src.set)
				add_ref(sc, src.v, src.len, g);
			if (srcset.set)
				add_srcset(sc, srcset.v, srcset.len, g);
		} else if (!strcmp(name, "video") && poster.set) {
			add_ref(sc, poster.v, poster.len, 0);
		}
	}
}

static int is_type(const struct file *f, const char *type)
{
	return f->content_type && starts_with(f->content_type, type);
}

/* The references of file `i`, scanned on first use (HTML and CSS only). */
static enum jd_err refs_of(const struct site *site, struct refs *all, size_t i, struct diag *d)
{
	const struct file *f = &site->files[i];
	struct scan sc = { site, f->key, &all[i], 0 };
	struct buf tmp = BUF_INIT;
	const struct buf *bytes;
	enum jd_err rc;

	if (all[i].done)
		return JD_OK;
	all[i].done = 1;
	if (f->content_encoding || !(is_type(f, "text/html") || is_type(f, "text/css")))
		return JD_OK;
	if ((rc = file_bytes(f, &tmp, &bytes, d))) {
		buf_release(&tmp);
		return rc;
	}
	if (is_type(f, "text/html"))
		scan_html(&sc, bytes->data, bytes->data + bytes->len);
	else
		scan_css(&sc, bytes->data, bytes->data + bytes->len);
	buf_release(&tmp);
	return JD_OK;
}

/*
 * Walk what page `page` loads, in metric `m`: each file once (`mark` holds
 * `stamp` for files already counted), a group's heaviest candidate only,
 * stylesheets followed.  The files are appended to `list` (page first).
 */
static enum jd_err page_walk(const struct site *site, const struct budget_report *r, struct refs *all,
			     size_t page, enum budget_metric m, unsigned *mark, unsigned stamp,
			     size_t **list, size_t *n, size_t *cap, struct diag *d)
{
	enum jd_err rc;

	*n = 0;
	ARRAY_GROW(*list, 1, *cap);
	(*list)[(*n)++] = page;
	mark[page] = stamp;
	for (size_t w = 0; w < *n; w++) {
		size_t f = (*list)[w];
		if (w > 0 && !is_type(&site->files[f], "text/css"))
			continue;
		if ((rc = refs_of(site, all, f, d)))
			return rc;
		const struct refs *rf = &all[f];
		for (size_t k = 0; k < rf->n;) {
			size_t pick = rf->file[k], e = k + 1;
			if (rf->group[k]) {
				for (; e < rf->n && rf->group[e] == rf->group[k]; e++)
					if (file_size_in(&r->sizes[rf->file[e]], m) >
					    file_size_in(&r->sizes[pick], m))
						pick = rf->file[e];
			}
			k = e;
			if (mark[pick] == stamp)
				continue;
			mark[pick] = stamp;
			ARRAY_GROW(*list, *n + 1, *cap);
			(*list)[(*n)++] = pick;
		}
	}
	return JD_OK;
}

static void refs_free(struct refs *all, size_t n)
{
	for (size_t i = 0; all && i < n; i++) {
		free(all[i].file);
		free(all[i].group);
	}
	free(all);
}

void page_assets(const struct site *site, size_t page, size_t **out, size_t *n)
{
	struct budget_report r = { 0 };
	struct refs *all = xcalloc(site->nfiles, sizeof(*all));
	unsigned *mark = xcalloc(site->nfiles, sizeof(*mark));
	size_t cap = 0;

	/* Sizes are only needed to choose among candidates: raw sizes, no reading. */
	r.sizes = xcalloc(site->nfiles, sizeof(*r.sizes));
	for (size_t i = 0; i < site->nfiles; i++)
		r.sizes[i].raw = site->files[i].size;
	*out = NULL;
	if (page_walk(site, &r, all, page, METRIC_RAW, mark, 1, out, n, &cap, NULL))
		*n = 1;
	/* Drop the page itself. */
	memmove(*out, *out + 1, (*n - 1) * sizeof(**out));
	(*n)--;
	free(r.sizes);
	free(mark);
	refs_free(all, site->nfiles);
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

static enum jd_err eval_pages(const struct site *site, struct budget_report *r, struct refs *all,
			      unsigned *mark, unsigned *stamp, struct budget_result *res, struct diag *d)
{
	size_t *list = NULL, n = 0, cap = 0;
	enum jd_err rc = JD_OK;

	for (size_t i = 0; i < site->nfiles; i++) {
		uint64_t weight = 0;
		if (!glob_match(res->budget->page, r->source[i]))
			continue;
		if ((rc = page_walk(site, r, all, i, res->metric, mark, ++*stamp, &list, &n, &cap, d)))
			break;
		for (size_t k = 0; k < n; k++)
			weight += file_size_in(&r->sizes[list[k]], res->metric);
		res->checked++;
		if (weight > res->limit)
			res->over++;
		if (res->subject == SIZE_MAX || weight > res->actual) {
			res->actual = weight;
			res->subject = i;
			res->ntop = 0;
			for (size_t k = 0; k < n; k++)
				top_add(res, list[k], file_size_in(&r->sizes[list[k]], res->metric));
		}
	}
	free(list);
	return rc;
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
	struct refs *all = NULL;
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
				if (!all) {
					all = xcalloc(site->nfiles ? site->nfiles : 1, sizeof(*all));
					mark = xcalloc(site->nfiles ? site->nfiles : 1, sizeof(*mark));
				}
				rc = eval_pages(site, r, all, mark, &stamp, res, d);
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
		}
	}
	refs_free(all, site->nfiles);
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
