/*
 * picture.c - offer the WebP of an <img> through <picture> (images.webp).
 *
 * The transform stage may have made a derived NAME.webp beside an image
 * (site.h, derived_from).  This pass, run by rewrite_site() before it reads
 * references, rewrites each page's
 *
 *     <img src="a.jpg" srcset="a.jpg 1x, a@2x.jpg 2x" sizes="..." alt="">
 *
 * into
 *
 *     <picture><source type="image/webp" srcset="a.webp 1x, a@2x.webp 2x"
 *     sizes="..."><img src="a.jpg" srcset="a.jpg 1x, a@2x.jpg 2x" sizes="..."
 *     alt=""></picture>
 *
 * The <img> tag's bytes are copied unchanged, so every attribute (and the
 * fallback for browsers without WebP) stays as it was; the new markup only
 * adds a <source> the browser prefers when it decodes WebP.  The URLs of
 * the <source> are the <img>'s URLs as written with the extension replaced
 * (".jpg" -> ".webp"), so they resolve exactly like the originals; the
 * rewrite stage then finds them like any other srcset and gives the WebPs
 * their content-hashed names.
 *
 * Candidates are handled one by one.  The <source> lists the <img>'s
 * candidates as the browser would collect them (its srcset, plus src as
 * the 1x candidate when the srcset has neither a width descriptor nor a 1x
 * one, as HTML's "update the source set" does), each with its descriptors;
 * a candidate without a WebP is listed with its original URL, so the
 * browser picks the same resolution as before and loads the original for
 * that one.  When no candidate has a WebP the <img> is left alone.
 *
 * Left alone, because a <picture> could change what the page shows or
 * does: an <img> in a tree a framework hydrates (minify/hydration.h:
 * React, Vue, Svelte expect the <img> they rendered where they rendered
 * it, and a <picture> makes them render the page again and load both
 * images); an <img> already inside <picture>; one with data-src or
 * data-srcset (a lazy-loading script swaps the <img>'s URLs later, and a
 * <source> would keep winning); one whose URLs cannot be edited in their
 * raw bytes (a character reference or a percent-encoded extension, the
 * same rule as refs.h); a srcset the tokenizer decodes differently from
 * its raw bytes.  CSS backgrounds are never touched (CSS has no fallback
 * that costs nothing).  Only text/html pages are rewritten.
 */
#include "site.h"

#include <strings.h>

#include "lib/util.h"
#include "minify/html_tokenizer.h"
#include "minify/hydration.h"
#include "refs.h"
#include "url.h"
#include "lib/sha256.h"

#define PICTURE_MAX_CANDIDATES 64

/* One image candidate of an <img>: its URL as written, and the WebP edit when there is one. */
struct candidate {
	const char *raw;       /* the candidate as written: URL and descriptors */
	size_t raw_len;
	size_t ext_off;        /* offset in raw of the extension to replace; valid when webp */
	size_t ext_len;
	int webp;
};

struct page {
	const struct site *s;
	const struct url_site *site;
	const char *base;      /* document base (refs_html_base); NULL: another origin */
};

static int is_html_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static const struct html_attr *attr_of(const struct html_token *tok, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < tok->nattrs; i++)
		if (!tok->attrs[i].duplicate && tok->attrs[i].name.n == n && !memcmp(tok->attrs[i].name.p, name, n))
			return &tok->attrs[i];
	return NULL;
}

/*
 * Does the URL dec[0..dlen), written as raw[0..rlen), name an image with a
 * derived WebP?  Fills the raw offset of its extension.  The raw path must
 * spell the extension literally with no character reference before the
 * query, so replacing those bytes gives the WebP's URL.
 */
static int webp_edit(const struct page *p, const char *dec, size_t dlen, const char *raw, size_t rlen,
		     size_t *ext_off, size_t *ext_len)
{
	char *key = NULL, *webp_key;
	const char *base, *dot;
	const struct file *w;
	size_t pe = 0;
	int ok = 0;

	if (!p->base || url_resolve(p->site, p->base, dec, dlen, &key, NULL) != URL_LOCAL)
		return 0;
	base = strrchr(key, '/');
	base = base ? base + 1 : key;
	dot = strrchr(base, '.');
	if (dot && dot != base) {
		webp_key = xasprintf("%.*s.webp", (int)(dot - key), key);
		w = site_find(p->s, webp_key);
		free(webp_key);
		while (pe < rlen && raw[pe] != '?' && raw[pe] != '#' && raw[pe] != '&')
			pe++;
		*ext_len = strlen(dot);
		ok = w && w->derived_from && !strcmp(w->derived_from, key) && (pe == rlen || raw[pe] != '&') &&
		     pe >= *ext_len && !memcmp(raw + pe - *ext_len, dot, *ext_len);
		*ext_off = pe - *ext_len;
	}
	free(key);
	return ok;
}

/* The descriptors after a srcset candidate's URL: sets *has_w and *has_1x as HTML reads them. */
static void read_descriptors(const char *d, size_t n, int *has_w, int *has_1x)
{
	int any = 0;

	for (size_t i = 0; i < n;) {
		size_t e;
		while (i < n && (is_html_ws(d[i]) || d[i] == ','))
			i++;
		for (e = i; e < n && !is_html_ws(d[e]) && d[e] != ','; e++)
			;
		if (e > i) {
			any = 1;
			if (d[e - 1] == 'w')
				*has_w = 1;
			else if (d[e - 1] == 'x' && strtod(d + i, NULL) == 1.0)
				*has_1x = 1;
		}
		i = e;
	}
	if (!any)
		*has_1x = 1; /* no descriptor: 1x */
}

/*
 * The candidates of an <img>, in srcset order then src.  Returns the count,
 * or -1 when the <img> must be left alone.
 */
static int collect(const struct page *p, const char *in, const struct html_token *tok, struct candidate *c)
{
	const struct html_attr *src = attr_of(tok, "src"), *set = attr_of(tok, "srcset");
	int n = 0, has_w = 0, has_1x = 0;

	if (set && set->has_value) {
		size_t rs[PICTURE_MAX_CANDIDATES], rl[PICTURE_MAX_CANDIDATES];
		size_t ds[PICTURE_MAX_CANDIDATES], dl[PICTURE_MAX_CANDIDATES];
		const char *raw = in + set->vstart;
		size_t rlen = set->vend - set->vstart;
		size_t nr = srcset_parse(raw, rlen, rs, rl, PICTURE_MAX_CANDIDATES);
		size_t nd = srcset_parse(set->value.p, set->value.n, ds, dl, PICTURE_MAX_CANDIDATES);

		if (nr != nd || nr > PICTURE_MAX_CANDIDATES)
			return -1;
		for (size_t i = 0; i < nr; i++) {
			size_t raw_end = i + 1 < nr ? rs[i + 1] : rlen;
			size_t dec_end = i + 1 < nd ? ds[i + 1] : set->value.n;
			struct candidate *k = &c[n++];

			/* the candidate runs to the next one; its trailing ',' and spaces are dropped */
			while (raw_end > rs[i] + rl[i] && (is_html_ws(raw[raw_end - 1]) || raw[raw_end - 1] == ','))
				raw_end--;
			k->raw = raw + rs[i];
			k->raw_len = raw_end - rs[i];
			k->webp = webp_edit(p, set->value.p + ds[i], dl[i], raw + rs[i], rl[i], &k->ext_off,
					    &k->ext_len);
			read_descriptors(set->value.p + ds[i] + dl[i], dec_end - ds[i] - dl[i], &has_w, &has_1x);
		}
	}
	if (src && src->has_value && src->value.n && !has_w && !has_1x) {
		const char *raw = in + src->vstart;
		size_t s = 0, e = src->vend - src->vstart;
		struct candidate *k = &c[n];

		while (s < e && is_html_ws(raw[s]))
			s++;
		while (e > s && is_html_ws(raw[e - 1]))
			e--;
		for (size_t i = s; i < e; i++)
			if (is_html_ws(raw[i]))
				return -1; /* a URL with a space is not one srcset candidate */
		if (e == s || raw[s] == ',' || raw[e - 1] == ',')
			return -1;
		k->raw = raw + s;
		k->raw_len = e - s;
		k->webp = webp_edit(p, src->value.p, src->value.n, raw + s, e - s, &k->ext_off, &k->ext_len);
		n++;
	}
	return n;
}

/* Append the <picture><source> that goes before an <img>; 0 when it is left alone (nothing appended). */
static int open_picture(const struct page *p, const char *in, const struct html_token *tok, struct buf *out)
{
	struct candidate c[PICTURE_MAX_CANDIDATES + 1];
	const struct html_attr *sizes = attr_of(tok, "sizes");
	int n, any = 0, dq = 0, sq = 0;
	char q;

	if (attr_of(tok, "data-src") || attr_of(tok, "data-srcset"))
		return 0;
	n = collect(p, in, tok, c);
	for (int i = 0; i < n; i++) {
		any |= c[i].webp;
		dq |= memchr(c[i].raw, '"', c[i].raw_len) != NULL;
		sq |= memchr(c[i].raw, '\'', c[i].raw_len) != NULL;
	}
	if (n <= 0 || !any || (dq && sq))
		return 0;
	q = dq ? '\'' : '"';
	buf_printf(out, "<picture><source type=\"image/webp\" srcset=%c", q);
	for (int i = 0; i < n; i++) {
		if (i)
			buf_addstr(out, ", ");
		if (c[i].webp) {
			buf_add(out, c[i].raw, c[i].ext_off);
			buf_addstr(out, ".webp");
			buf_add(out, c[i].raw + c[i].ext_off + c[i].ext_len, c[i].raw_len - c[i].ext_off - c[i].ext_len);
		} else {
			buf_add(out, c[i].raw, c[i].raw_len);
		}
	}
	buf_addch(out, q);
	if (sizes && sizes->has_value) {
		buf_addch(out, ' ');
		buf_add(out, in + sizes->start, sizes->end - sizes->start);
		if (!sizes->quote)
			buf_addch(out, ' '); /* an unquoted value must not run into '>' as "x>" */
	}
	buf_addch(out, '>');
	return 1;
}

/*
 * Rewrite one page into `out`; returns how many <img> were wrapped (0:
 * `out` is unspecified and the page is unchanged).
 */
static size_t picture_page(const struct page *p, const char *in, size_t len, struct buf *out)
{
	struct html_tokenizer t;
	struct html_token tok;
	struct hydration_walk hydration;
	size_t at = 0, wrapped = 0;
	int depth = 0;

	if (hydration_scope(in, len) == HYDRATION_DOCUMENT)
		return 0;
	hydration_walk_init(&hydration, 0);
	html_tokenizer_init(&t, in, len);
	while (html_next(&t, &tok) != HTML_TOK_EOF) {
		char tag[32];
		enum html_content st;

		if (tok.type != HTML_TOK_START_TAG && tok.type != HTML_TOK_END_TAG)
			continue;
		hydration_walk(&hydration, &tok, in, 0); /* only islands now: scripts said nothing */
		int hydrated = hydration_walk_inside(&hydration);
		if (tok.type == HTML_TOK_END_TAG && tok.name.n == 7 && !memcmp(tok.name.p, "picture", 7)) {
			if (depth > 0)
				depth--;
			continue;
		}
		if (tok.type != HTML_TOK_START_TAG || tok.name.n >= sizeof(tag))
			continue;
		memcpy(tag, tok.name.p, tok.name.n);
		tag[tok.name.n] = '\0';
		if (!strcmp(tag, "picture")) {
			depth++; /* "<picture/>" opens one too: the slash means nothing on it */
		} else if (!strcmp(tag, "img") && depth == 0 && !hydrated) {
			struct buf open = BUF_INIT;
			if (open_picture(p, in, &tok, &open)) {
				buf_add(out, in + at, tok.start - at);
				buf_add(out, open.data, open.len);
				buf_add(out, in + tok.start, tok.end - tok.start);
				buf_addstr(out, "</picture>");
				at = tok.end;
				wrapped++;
			}
			buf_release(&open);
		} else if (html_raw_content_after(tag, &st)) {
			html_set_state(&t, st, tag, strlen(tag));
		}
	}
	html_tokenizer_release(&t);
	if (wrapped)
		buf_add(out, in + at, len - at);
	return wrapped;
}

static int any_derived(const struct site *s)
{
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].derived_from)
			return 1;
	return 0;
}

enum jd_err picture_site(struct site *s, const struct config *cfg, struct diag *d)
{
	struct url_site site;
	enum jd_err rc = JD_OK;

	if (!cfg || !cfg->images_webp || !any_derived(s))
		return JD_OK;
	url_site_init(&site, cfg->base_url);
	for (size_t i = 0; i < s->nfiles && !rc; i++) {
		struct file *f = &s->files[i];
		struct page p = { s, &site, NULL };
		struct buf out = BUF_INIT;
		char *base;

		if (!content_type_is_html(f->content_type) || f->content_encoding)
			continue;
		if ((rc = file_load(f, d)))
			break;
		base = refs_html_base(f->data.data, f->data.len, f->key, &site);
		p.base = base;
		if (picture_page(&p, f->data.data, f->data.len, &out)) {
			buf_release(&f->data);
			f->data = out;
			f->size = f->data.len;
			sha256_hex(f->data.data, f->data.len, f->sha256);
		} else {
			/* unchanged, but kept: the rewrite stage reads every page next, from memory */
			buf_release(&out);
		}
		free(base);
	}
	url_site_free(&site);
	return rc;
}
