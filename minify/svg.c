/*
 * svg.c - minify_svg: SVG files (XML) without comments, editor data,
 * insignificant whitespace and default attributes, with shorter path data.
 *
 * How it works: the HTML tokenizer (html_tokenizer.c) with CDATA sections
 * always allowed reads the file; tags and attribute names are copied from
 * their raw bytes so case is kept (viewBox, clipPath), and attribute values
 * are copied raw too, because an SVG file may use entities declared in its
 * own DOCTYPE that an HTML decoder does not know.  Only the printer decides:
 *
 *   - comments go, except <!--! ... --> license comments; an <?xml ...?>
 *     declaration that says nothing but version 1.0 / UTF-8 goes, and so
 *     does a DOCTYPE without an internal subset;
 *   - <metadata>, <sodipodi:*> and <inkscape:*> elements go with their
 *     content; inkscape:/sodipodi: attributes and their xmlns declarations go;
 *   - whitespace-only text goes, except inside <text>, <tspan>, <textPath>,
 *     <title>, <desc> and <style>/<script>; other text has its whitespace runs
 *     collapsed (outside <style>/<script>, which are copied);
 *   - default values go: opacity="1" and version/baseProfile on the root,
 *     and inherited presentation attributes at their initial value (such as
 *     stroke-width="1") when no ancestor sets the same attribute and the
 *     file has no class/style that CSS could reach;
 *   - `d` path data is re-printed with the fewest separators and numbers
 *     without redundant zeros (no rounding: the numbers keep every digit
 *     that matters); data that does not parse is kept as it was;
 *   - an element with no content is written as <x .../>.
 *
 * Limits: SVG_MAX_DEPTH open elements (JD_ELIMIT beyond).
 */
#include "minify/html_tokenizer.h"
#include "minify/minify.h"
#include "lib/util.h"

#define SVG_MAX_DEPTH 4096

static const struct {
	const char *name, *value;
} inherited_defaults[] = {
	{"fill-opacity", "1"}, {"stroke-opacity", "1"}, {"stroke-width", "1"}, {"stroke", "none"},
	{"fill-rule", "nonzero"}, {"clip-rule", "nonzero"}, {"stroke-linecap", "butt"},
	{"stroke-linejoin", "miter"}, {"stroke-miterlimit", "4"}, {"stroke-dasharray", "none"},
	{"stroke-dashoffset", "0"}, {"visibility", "visible"},
};
#define N_INHERITED (sizeof(inherited_defaults) / sizeof(inherited_defaults[0]))

struct svg_elem {
	unsigned mask;      /* inherited presentation attributes set here or above */
	unsigned char keep_ws;
	unsigned char raw;  /* <style>, <script>: copy text */
};

struct sm {
	const char *in;
	size_t len;
	struct buf *out;
	struct html_tokenizer t;
	struct svg_elem *stack;
	size_t depth, cap;
	size_t skip;        /* >0: inside a removed element, this many levels deep */
	int open_gt;        /* a start tag's '>' is held back: "/>" if its end tag follows */
	int styled;         /* the file has class= or <style>: keep inherited defaults */
	int pending_space;
	int after_start;    /* the last thing printed was a start tag */
	int err;
};

#define PUT(s, p, n) do { if (buf_add((s)->out, (p), (n))) { (s)->err = JD_ELIMIT; return; } } while (0)
#define PUTC(s, c) do { if (buf_addch((s)->out, (c))) { (s)->err = JD_ELIMIT; return; } } while (0)

static int is_ws(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static int has_prefix(const char *p, size_t n, const char *pre)
{
	size_t l = strlen(pre);
	return n >= l && strncasecmp(p, pre, l) == 0;
}

static int is_str(const char *p, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(p, s, n) == 0;
}

static size_t name_len(const char *p, size_t n, int attr)
{
	size_t i = attr && n ? 1 : 0;
	while (i < n && !is_ws((unsigned char)p[i]) && p[i] != '/' && p[i] != '>' && !(attr && p[i] == '='))
		i++;
	return i;
}

/* ---- path data ---- */

/* Scan one number at s[i]; returns its end or 0 when there is none. */
static size_t scan_number(const char *s, size_t n, size_t i)
{
	size_t k = i, digits = 0;
	if (k < n && (s[k] == '+' || s[k] == '-'))
		k++;
	while (k < n && s[k] >= '0' && s[k] <= '9') {
		k++;
		digits++;
	}
	if (k < n && s[k] == '.') {
		k++;
		while (k < n && s[k] >= '0' && s[k] <= '9') {
			k++;
			digits++;
		}
	}
	if (!digits)
		return 0;
	if (k < n && (s[k] == 'e' || s[k] == 'E')) {
		size_t e = k + 1;
		if (e < n && (s[e] == '+' || s[e] == '-'))
			e++;
		if (e < n && s[e] >= '0' && s[e] <= '9') {
			while (e < n && s[e] >= '0' && s[e] <= '9')
				e++;
			k = e;
		}
	}
	return k;
}

/* The shortest spelling of a number, same value: "+0.50" -> ".5", "-0" -> "0". */
static size_t short_number(const char *s, size_t n, char *o)
{
	char tmp[128];
	size_t k = 0, i = 0;
	int neg = 0;
	if (n >= sizeof(tmp) - 2 || memchr(s, 'e', n) || memchr(s, 'E', n)) {
		size_t c = n < 127 ? n : 127;
		memcpy(o, s, c);
		return c;
	}
	if (s[i] == '+' || s[i] == '-')
		neg = s[i++] == '-';
	while (i < n - 1 && s[i] == '0' && s[i + 1] != '.')
		i++; /* leading zeros of the integer part */
	const char *dot = memchr(s + i, '.', n - i);
	size_t end = n;
	if (dot) {
		while (end > (size_t)(dot - s) + 1 && s[end - 1] == '0')
			end--;
		if (end == (size_t)(dot - s) + 1)
			end--; /* "1." -> "1" */
	}
	if (end - i >= 2 && s[i] == '0' && s[i + 1] == '.')
		i++; /* "0.5" -> ".5" */
	if (end == i || (end - i == 1 && s[i] == '0') || (end - i == 1 && s[i] == '.'))
		return (o[0] = '0', 1); /* zero, whatever its sign */
	if (neg)
		tmp[k++] = '-';
	memcpy(tmp + k, s + i, end - i);
	k += end - i;
	memcpy(o, tmp, k);
	return k;
}

/* Arguments per command (lowercase). */
static int path_args(int c)
{
	switch (c | 32) {
	case 'm': case 'l': case 't': return 2;
	case 'h': case 'v': return 1;
	case 'c': return 6;
	case 's': case 'q': return 4;
	case 'a': return 7;
	case 'z': return 0;
	default: return -1;
	}
}

/* Re-print path data into `o`; returns 0, or -1 when it does not parse. */
static int minify_path(const char *s, size_t n, struct buf *o)
{
	size_t i = 0;
	int cmd = 0, last_printed = 0, argi = 0, prev_has_dot = 0, need_sep = 0;
	char num[128];
	while (i < n) {
		while (i < n && (is_ws((unsigned char)s[i]) || s[i] == ','))
			i++;
		if (i >= n)
			break;
		int c = (unsigned char)s[i];
		if (path_args(c) >= 0 && ((c | 32) >= 'a' && (c | 32) <= 'z')) {
			if (path_args(cmd) > 0 && argi % path_args(cmd) != 0)
				return -1; /* a command cut short */
			cmd = c;
			i++;
			argi = 0;
			/* a repeated command letter may go, except M/m (a repeat starts a new subpath) */
			if (c != last_printed || (c | 32) == 'm' || (c | 32) == 'z') {
				if (buf_addch(o, c))
					return -1;
				last_printed = c;
				need_sep = 0;
			}
			if (path_args(c) == 0)
				last_printed = c;
			continue;
		}
		if (!cmd || path_args(cmd) == 0)
			return -1;
		size_t e;
		int k = argi % path_args(cmd);
		if ((cmd | 32) == 'a' && (k == 3 || k == 4)) {
			if (s[i] != '0' && s[i] != '1')
				return -1;
			e = i + 1; /* arc flags are single digits */
		} else
			e = scan_number(s, n, i);
		if (!e)
			return -1;
		size_t l = short_number(s + i, e - i, num);
		if (argi > 0 && k == 0 && (cmd | 32) == 'm')
			last_printed = 0; /* implicit lineto after moveto: fine without a letter */
		if (need_sep && !(num[0] == '-' || (num[0] == '.' && prev_has_dot)))
			if (buf_addch(o, ' '))
				return -1;
		if (buf_add(o, num, l))
			return -1;
		prev_has_dot = memchr(num, '.', l) != NULL || memchr(num, 'e', l) != NULL || memchr(num, 'E', l) != NULL;
		need_sep = 1;
		argi++;
		i = e;
	}
	if (cmd && path_args(cmd) > 0 && argi % path_args(cmd) != 0)
		return -1;
	return 0;
}

/* ---- printer ---- */

static void flush_gt(struct sm *s)
{
	if (s->open_gt) {
		s->open_gt = 0;
		PUTC(s, '>');
	}
}

static int skip_elem(const char *name, size_t n)
{
	return is_str(name, n, "metadata") || has_prefix(name, n, "sodipodi:") || has_prefix(name, n, "inkscape:");
}

static void put_value(struct sm *s, const struct html_attr *a)
{
	const char *v = s->in + a->vstart;
	size_t n = a->vend - a->vstart;
	char q = a->quote;
	if (!q)
		q = memchr(v, '"', n) ? '\'' : '"';
	PUTC(s, '=');
	PUTC(s, q);
	PUT(s, v, n);
	PUTC(s, q);
}

static void start_tag(struct sm *s, const struct html_token *tok)
{
	const char *raw = s->in + tok->start + 1;
	size_t nl = name_len(raw, tok->end - tok->start - 1, 0);
	struct svg_elem *parent = s->depth ? &s->stack[s->depth - 1] : NULL;

	if (s->skip || skip_elem(raw, nl)) {
		if (!tok->self_closing)
			s->skip++;
		return;
	}
	flush_gt(s);
	if (s->pending_space && parent && parent->keep_ws)
		PUTC(s, ' ');
	s->pending_space = 0;
	PUTC(s, '<');
	PUT(s, raw, nl);
	unsigned mask = parent ? parent->mask : 0;
	int root = s->depth == 0;
	for (size_t i = 0; i < tok->nattrs; i++) {
		const struct html_attr *a = &tok->attrs[i];
		const char *an = s->in + a->start;
		size_t anl = name_len(an, tok->end - a->start, 1);
		const char *v = s->in + a->vstart;
		size_t vn = a->vend - a->vstart;
		if (a->duplicate)
			continue;
		if (has_prefix(an, anl, "inkscape:") || has_prefix(an, anl, "sodipodi:") ||
		    is_str(an, anl, "xmlns:inkscape") || is_str(an, anl, "xmlns:sodipodi"))
			continue;
		if (is_str(an, anl, "opacity") && is_str(v, vn, "1"))
			continue;
		if (root && (is_str(an, anl, "version") || is_str(an, anl, "baseProfile")))
			continue;
		int dropped = 0;
		for (size_t k = 0; k < N_INHERITED; k++) {
			if (!is_str(an, anl, inherited_defaults[k].name))
				continue;
			if (!s->styled && !(mask & (1u << k)) && is_str(v, vn, inherited_defaults[k].value))
				dropped = 1;
			mask |= 1u << k;
		}
		if (dropped)
			continue;
		PUTC(s, ' ');
		PUT(s, an, anl);
		if (!a->has_value)
			continue;
		if (is_str(an, anl, "d") && !memchr(v, '&', vn)) {
			struct buf p = BUF_INIT;
			if (minify_path(v, vn, &p) == 0 && p.len <= vn) {
				char q = memchr(p.data, '"', p.len) ? '\'' : '"';
				if (buf_addch(s->out, '=') || buf_addch(s->out, q) || buf_add(s->out, p.data, p.len) ||
				    buf_addch(s->out, q))
					s->err = JD_ELIMIT;
				buf_release(&p);
				if (s->err)
					return;
				continue;
			}
			buf_release(&p);
		}
		put_value(s, a);
		if (s->err)
			return;
	}
	if (tok->self_closing) {
		PUT(s, "/>", 2);
		return;
	}
	if (s->depth >= SVG_MAX_DEPTH) {
		s->err = JD_ELIMIT;
		return;
	}
	int parent_keep_ws = parent && parent->keep_ws;
	ARRAY_GROW(s->stack, s->depth + 1, s->cap); /* `parent` is invalid from here */
	struct svg_elem *e = &s->stack[s->depth++];
	e->mask = mask;
	e->keep_ws = is_str(raw, nl, "text") || is_str(raw, nl, "tspan") || is_str(raw, nl, "textPath") ||
		     is_str(raw, nl, "title") || is_str(raw, nl, "desc") || parent_keep_ws;
	e->raw = is_str(raw, nl, "style") || is_str(raw, nl, "script");
	s->open_gt = 1;
	s->after_start = 1;
}

static void end_tag(struct sm *s, const struct html_token *tok)
{
	if (s->skip) {
		s->skip--;
		return;
	}
	s->pending_space = 0;
	s->after_start = 0;
	if (s->depth)
		s->depth--;
	if (s->open_gt) {
		s->open_gt = 0;
		PUT(s, "/>", 2);
		return;
	}
	const char *raw = s->in + tok->start + 2;
	PUT(s, "</", 2);
	PUT(s, raw, name_len(raw, tok->end - tok->start - 2, 0));
	PUTC(s, '>');
}

static void text(struct sm *s, const struct html_token *tok)
{
	const char *p = s->in + tok->start;
	size_t n = tok->end - tok->start, a = 0, b = n;
	struct svg_elem *cur = s->depth ? &s->stack[s->depth - 1] : NULL;
	if (s->skip)
		return;
	if (cur && cur->raw) {
		flush_gt(s);
		PUT(s, p, n);
		return;
	}
	while (a < n && is_ws((unsigned char)p[a]))
		a++;
	if (a == n) {
		if (cur && cur->keep_ws && !s->open_gt)
			s->pending_space = 1;
		return;
	}
	while (b > a && is_ws((unsigned char)p[b - 1]))
		b--;
	flush_gt(s);
	/* a leading space renders unless the text opens its element */
	if ((s->pending_space || a > 0) && cur && cur->keep_ws && !s->after_start)
		PUTC(s, ' ');
	s->pending_space = 0;
	s->after_start = 0;
	for (size_t i = a; i < b;) {
		if (is_ws((unsigned char)p[i])) {
			while (i < b && is_ws((unsigned char)p[i]))
				i++;
			PUTC(s, ' ');
			continue;
		}
		size_t j = i;
		while (j < b && !is_ws((unsigned char)p[j]))
			j++;
		PUT(s, p + i, j - i);
		i = j;
	}
	if (b < n && cur && cur->keep_ws)
		s->pending_space = 1;
}

int minify_svg(const char *in, size_t len, struct buf *out, const struct minify_opts *o, struct diag *d)
{
	struct sm s;
	struct html_token tok;
	size_t entry = out->len;

	memset(&s, 0, sizeof(s));
	s.in = in;
	s.len = len;
	s.out = out;
	/* CSS could set inherited properties: then defaults are not ours to drop */
	s.styled = memmem(in, len, "<style", 6) || memmem(in, len, "class=", 6) || memmem(in, len, "style=", 6);
	html_tokenizer_init(&s.t, in, len);
	s.t.cdata_allowed = 1;
	while (!s.err) {
		enum html_tok_type ty = html_next(&s.t, &tok);
		if (ty == HTML_TOK_EOF)
			break;
		switch (ty) {
		case HTML_TOK_TEXT:
			text(&s, &tok);
			break;
		case HTML_TOK_START_TAG:
			start_tag(&s, &tok);
			break;
		case HTML_TOK_END_TAG:
			end_tag(&s, &tok);
			break;
		case HTML_TOK_COMMENT: {
			const char *raw = in + tok.start;
			size_t n = tok.end - tok.start;
			int keep = (o && o->keep_comments) || (tok.data.n && tok.data.p[0] == '!');
			if (!s.skip && raw[1] == '?') {
				/* <?xml ...?>: drop it when it only restates the defaults */
				keep = !(has_prefix(raw, n, "<?xml ") && !memmem(raw, n, "standalone", 10) &&
					 (!memmem(raw, n, "encoding", 8) || memmem(raw, n, "UTF-8", 5) || memmem(raw, n, "utf-8", 5)));
				if (!has_prefix(raw, n, "<?xml "))
					keep = 1; /* processing instructions such as xml-stylesheet */
			}
			if (keep && !s.skip) {
				flush_gt(&s);
				if (!s.err && buf_add(out, raw, n))
					s.err = JD_ELIMIT;
			}
			break;
		}
		case HTML_TOK_DOCTYPE:
			if (memchr(in + tok.start, '[', tok.end - tok.start) && buf_add(out, in + tok.start, tok.end - tok.start))
				s.err = JD_ELIMIT;
			break;
		case HTML_TOK_CDATA:
			if (s.skip)
				break;
			flush_gt(&s);
			if (!s.err && buf_add(out, in + tok.start, tok.end - tok.start))
				s.err = JD_ELIMIT;
			break;
		case HTML_TOK_EOF:
			break;
		}
	}
	if (!s.err)
		flush_gt(&s);
	html_tokenizer_release(&s.t);
	free(s.stack);
	if (s.err) {
		buf_truncate(out, entry);
		return diag_set(d, JD_ELIMIT, o ? o->file : NULL, "SVG nested deeper than %d elements or output over the buffer limit",
				SVG_MAX_DEPTH);
	}
	return JD_OK;
}
