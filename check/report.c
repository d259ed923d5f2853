/*
 * report.c - the outputs of `jamdeploy check` (see report.h).
 *
 * Every renderer reads the same struct check_view, so the table, the JSON,
 * the markdown and the HTML can never disagree about a number.  Deltas come
 * from the baseline's JSON objects at render time: a size the baseline does
 * not have (a new file, gzip in a manifest baseline) has no delta, which is
 * printed as "new" / null rather than as a made-up number.
 *
 * The HTML report is one file with an inline stylesheet and no scripts: the
 * treemap's rectangles are laid out in C (check/treemap.c) and written as
 * absolutely positioned <div>s, one per file (class "tm-file"), grouped by
 * type.  Every key is HTML-escaped.
 *
 * Files are named by their source key (v->r->source: "img/hero.png", not the
 * shipped "img/hero.00a8e56e8a.png"; see check/budgets.c), so the output
 * reads in terms of the user's tree and a baseline compares the same file
 * across builds; check/baseline.h says how a file is found in a baseline.
 */
#include "check/report.h"

#include "check/treemap.h"
#include "lib/format.h"
#include "lib/github.h"
#include "lib/json_build.h"
#include "lib/util.h"

/* The source key of site file `i`. */
static const char *key_of(const struct check_view *v, size_t i)
{
	return v->r->source[i];
}

/* The baseline's key for site file `i` (baseline_key), or NULL. */
static const char *base_key(const struct check_view *v, size_t i)
{
	return baseline_key(v->base, key_of(v, i), v->site->files[i].key);
}

static json_t *base_entry(const struct check_view *v, size_t i)
{
	const char *k = base_key(v, i);

	return k ? json_object_get(v->base->files, k) : NULL;
}

/* The baseline's number for a file or budget; returns 0 when it has none. */
static int base_file(const struct check_view *v, size_t i, enum budget_metric m, uint64_t *out)
{
	json_t *n;

	if (!v->base || !(n = json_object_get(base_entry(v, i), metric_name(m))))
		return 0;
	*out = (uint64_t)json_integer_value(n);
	return 1;
}

static int base_budget(const struct check_view *v, const struct budget_result *res, uint64_t *out)
{
	json_t *n;

	if (!v->base || !(n = json_object_get(v->base->budgets, res->name)))
		return 0;
	*out = (uint64_t)json_integer_value(n);
	return 1;
}

/* ---- formatting helpers ------------------------------------------------- */

static void fmt_amount(uint64_t n, enum budget_metric m, char *out, size_t size)
{
	if (m == METRIC_COUNT)
		snprintf(out, size, "%llu file%s", (unsigned long long)n, n == 1 ? "" : "s");
	else
		format_bytes(n, out, size);
}

static void fmt_delta(uint64_t now, uint64_t before, enum budget_metric m, char *out, size_t size)
{
	char amount[32];
	uint64_t diff = now >= before ? now - before : before - now;

	if (!diff) {
		snprintf(out, size, "±0");
		return;
	}
	fmt_amount(diff, m, amount, sizeof(amount));
	if (snprintf(out, size, "%c%s", now > before ? '+' : '-', amount) >= (int)size)
		out[size - 1] = '\0'; /* cannot happen with the sizes callers pass; keeps gcc sure */
}

static const char *kind_name(enum budget_kind k)
{
	switch (k) {
	case BUDGET_EACH:
		return "each";
	case BUDGET_TOTAL:
		return "total";
	case BUDGET_FILES:
		return "count";
	case BUDGET_PAGE:
		return "page";
	}
	return "?";
}

/* "js/app.js" or "docs/index.html, 3 of 12 pages over" - what a failure is about. */
static void describe(const struct check_view *v, const struct budget_result *res, char *out, size_t size)
{
	const char *what = res->kind == BUDGET_PAGE ? "pages" : "files";

	if (res->subject == SIZE_MAX)
		snprintf(out, size, "%zu %s", res->checked, what);
	else if (res->over > 1)
		snprintf(out, size, "%s, %zu of %zu %s over", key_of(v, res->subject), res->over,
			 res->checked, what);
	else
		snprintf(out, size, "%s", key_of(v, res->subject));
}

/* ---- JSON --------------------------------------------------------------- */

json_t *check_json(const struct check_view *v, struct jb *jb)
{
	const struct budget_report *r = v->r;
	json_t *doc = jb_value(jb, json_object()), *budgets = jb_value(jb, json_array());
	json_t *files = jb_value(jb, json_object());

	jb_set(jb, doc, "ok", jb_value(jb, json_boolean(r->failed == 0)));
	jb_set(jb, doc, "site", jb_string(jb, v->site_dir));
	jb_set(jb, doc, "totals", jb_value(jb, json_pack("{s:I, s:I, s:I, s:I}", "files",
							 (json_int_t)r->nfiles, "raw",
							 (json_int_t)r->total.raw, "gzip",
							 (json_int_t)r->total.gzip, "brotli",
							 (json_int_t)r->total.brotli)));
	for (size_t i = 0; i < r->nresults; i++) {
		const struct budget_result *res = &r->results[i];
		json_t *top = jb_value(jb, json_array()), *b;
		uint64_t before;

		for (size_t k = 0; k < res->ntop; k++)
			jb_append(jb, top, jb_value(jb, json_pack("{s:o, s:I}", "key",
								  jb_string(jb, key_of(v, res->top[k].file)),
								  "bytes", (json_int_t)res->top[k].bytes)));
		b = jb_value(jb, json_pack("{s:o, s:s, s:s, s:I, s:I, s:b, s:I, s:I, s:o}", "name",
					   jb_string(jb, res->name), "kind", kind_name(res->kind), "metric",
					   metric_name(res->metric), "actual", (json_int_t)res->actual,
					   "limit", (json_int_t)res->limit, "ok", res->ok, "checked",
					   (json_int_t)res->checked, "over", (json_int_t)res->over, "top",
					   top));
		jb_set(jb, b, "match", res->budget->match ? jb_string(jb, res->budget->match) : json_null());
		jb_set(jb, b, "page", res->budget->page ? jb_string(jb, res->budget->page) : json_null());
		jb_set(jb, b, "line", res->budget->line ? jb_value(jb, json_integer(res->budget->line))
						       : json_null());
		jb_set(jb, b, "subject", res->subject == SIZE_MAX ? json_null()
				       : jb_string(jb, key_of(v, res->subject)));
		if (v->base)
			jb_set(jb, b, "delta", base_budget(v, res, &before)
				       ? jb_value(jb, json_integer((json_int_t)res->actual - (json_int_t)before))
				       : json_null());
		jb_append(jb, budgets, b);
	}
	for (size_t i = 0; i < v->site->nfiles; i++) {
		const struct file *f = &v->site->files[i];
		const struct file_sizes *s = &r->sizes[i];
		json_t *e = jb_value(jb, json_pack("{s:I, s:I, s:I, s:o, s:I}", "raw", (json_int_t)s->raw,
						   "gzip", (json_int_t)s->gzip, "brotli",
						   (json_int_t)s->brotli, "type",
						   jb_string(jb, f->content_type ? f->content_type : ""),
						   "source", (json_int_t)f->source_size));
		if (v->base) {
			json_t *delta = jb_value(jb, json_object());
			for (int m = METRIC_RAW; m <= METRIC_BROTLI; m++) {
				uint64_t before;
				jb_set(jb, delta, metric_name(m),
				       base_file(v, i, m, &before)
				       ? jb_value(jb, json_integer((json_int_t)file_size_in(s, m) - (json_int_t)before))
				       : json_null());
			}
			jb_set(jb, e, "delta", delta);
		}
		jb_set(jb, files, key_of(v, i), e);
	}
	jb_set(jb, doc, "budgets", budgets);
	jb_set(jb, doc, "files", files);
	if (v->base) {
		json_t *added = jb_value(jb, json_array()), *removed = jb_value(jb, json_array()), *val;
		const char *key;
		json_t *seen = jb_value(jb, json_object());
		for (size_t i = 0; i < v->site->nfiles; i++) {
			if ((key = base_key(v, i)))
				jb_set(jb, seen, key, json_true());
			else
				jb_append(jb, added, jb_string(jb, key_of(v, i)));
		}
		json_object_foreach(v->base->files, key, val)
			if (!json_object_get(seen, key))
				jb_append(jb, removed, jb_string(jb, key));
		json_decref(seen);
		jb_set(jb, doc, "baseline",
		       jb_value(jb, json_pack("{s:o, s:s, s:o, s:o}", "path", jb_string(jb, v->base->path),
					      "kind", v->base->is_manifest ? "manifest" : "check", "added",
					      added, "removed", removed)));
	}
	return doc;
}

/* ---- table -------------------------------------------------------------- */

void check_print_table(FILE *fp, const struct check_view *v)
{
	const struct budget_report *r = v->r;
	size_t width = 6;
	char a[32], l[32], dl[40], about[600];

	for (size_t i = 0; i < r->nresults; i++)
		if (strlen(r->results[i].name) > width)
			width = strlen(r->results[i].name);
	fprintf(fp, "%-*s  %10s  %10s  %-6s%s\n", (int)width, "budget", "actual", "limit", "status",
		v->base ? "  change" : "");
	for (size_t i = 0; i < r->nresults; i++) {
		const struct budget_result *res = &r->results[i];
		uint64_t before;

		fmt_amount(res->actual, res->metric, a, sizeof(a));
		fmt_amount(res->limit, res->metric, l, sizeof(l));
		dl[0] = '\0';
		if (v->base) {
			char t[32];
			if (base_budget(v, res, &before))
				fmt_delta(res->actual, before, res->metric, t, sizeof(t));
			else
				snprintf(t, sizeof(t), "new");
			snprintf(dl, sizeof(dl), "  %s", t);
		}
		describe(v, res, about, sizeof(about));
		fprintf(fp, "%-*s  %10s  %10s  %-6s%s  (%s)\n", (int)width, res->name, a, l,
			res->ok ? "ok" : "OVER", dl, about);
		if (res->ok)
			continue;
		for (size_t k = 0; k < res->ntop; k++) {
			enum budget_metric m = res->metric == METRIC_COUNT ? METRIC_RAW : res->metric;
			fmt_amount(res->top[k].bytes, m, a, sizeof(a));
			fprintf(fp, "    %10s  %s\n", a, key_of(v, res->top[k].file));
		}
	}
	format_bytes(r->total.raw, a, sizeof(a));
	format_bytes(r->total.gzip, l, sizeof(l));
	format_bytes(r->total.brotli, about, sizeof(about));
	fprintf(fp, "site: %zu files, %s raw, %s gzip, %s brotli; %zu of %zu budgets exceeded\n", r->nfiles, a,
		l, about, r->failed, r->nresults);
}

/* ---- markdown (GitHub step summary) ------------------------------------- */

void check_markdown(const struct check_view *v, struct buf *out)
{
	const struct budget_report *r = v->r;
	char a[32], l[32], dl[32], g[32], about[600];

	buf_addstr(out, "### jamdeploy size budgets\n\n");
	buf_printf(out, "| Budget | Actual | Limit | Status |%s\n|---|---:|---:|---|%s\n",
		   v->base ? " Change |" : "", v->base ? "---:|" : "");
	for (size_t i = 0; i < r->nresults; i++) {
		const struct budget_result *res = &r->results[i];
		uint64_t before;

		fmt_amount(res->actual, res->metric, a, sizeof(a));
		fmt_amount(res->limit, res->metric, l, sizeof(l));
		describe(v, res, about, sizeof(about));
		buf_printf(out, "| `%s` | %s | %s | %s %s (`%s`) |", res->name, a, l, res->ok ? "✅" : "❌",
			   res->ok ? "ok" : "over", about);
		if (v->base) {
			if (base_budget(v, res, &before))
				fmt_delta(res->actual, before, res->metric, dl, sizeof(dl));
			else
				snprintf(dl, sizeof(dl), "new");
			buf_printf(out, " %s |", dl);
		}
		buf_addch(out, '\n');
	}
	for (size_t i = 0; i < r->nresults; i++) {
		const struct budget_result *res = &r->results[i];
		if (res->ok)
			continue;
		buf_printf(out, "\n**`%s`**, heaviest:\n", res->name);
		for (size_t k = 0; k < res->ntop; k++) {
			fmt_amount(res->top[k].bytes, res->metric == METRIC_COUNT ? METRIC_RAW : res->metric, a,
				   sizeof(a));
			buf_printf(out, "- `%s` %s\n", key_of(v, res->top[k].file), a);
		}
	}
	format_bytes(r->total.raw, a, sizeof(a));
	format_bytes(r->total.gzip, g, sizeof(g));
	format_bytes(r->total.brotli, l, sizeof(l));
	buf_printf(out, "\nSite: %zu files, %s raw, %s gzip, %s brotli. %zu of %zu budgets exceeded.\n\n",
		   r->nfiles, a, g, l, r->failed, r->nresults);
}

/* ---- GitHub annotations ------------------------------------------------- */

void check_annotations(FILE *fp, const struct check_view *v, size_t max)
{
	const struct budget_report *r = v->r;
	size_t shown = 0;

	for (size_t i = 0; i < r->nresults; i++) {
		const struct budget_result *res = &r->results[i];
		char a[32], l[32], about[600], *file = NULL, *title, *msg;
		long line = 0;

		if (res->ok)
			continue;
		if (shown == max) {
			msg = xasprintf("%zu more size budgets exceeded (%zu in all); see the step summary",
					r->failed - shown, r->failed);
			github_annotation(fp, "error", NULL, 0, "size budgets", msg);
			free(msg);
			return;
		}
		shown++;
		/* On the file that broke a per-file limit, else on the budget's line in the config. */
		if (res->kind == BUDGET_EACH || res->kind == BUDGET_PAGE) {
			file = path_join(v->site_dir, key_of(v, res->subject));
		} else if (v->config_path && res->budget->line) {
			file = xstrdup(v->config_path);
			line = res->budget->line;
		} else { /* a --budget flag: no line to point at */
			file = xstrdup(v->site_dir);
		}
		fmt_amount(res->actual, res->metric, a, sizeof(a));
		fmt_amount(res->limit, res->metric, l, sizeof(l));
		describe(v, res, about, sizeof(about));
		title = xasprintf("size budget exceeded: %s", res->name);
		msg = xasprintf("%s is %s, over the limit of %s (%s)", res->name, a, l, about);
		github_annotation(fp, "error", file, line, title, msg);
		free(title);
		free(msg);
		free(file);
	}
}

/* ---- HTML report -------------------------------------------------------- */


enum type_group { TG_HTML, TG_CSS, TG_JS, TG_IMAGE, TG_FONT, TG_OTHER, TG_N };
static const char *const tg_names[TG_N] = { "html", "css", "js", "image", "font", "other" };
static const char *const tg_colors[TG_N] = { "#e4572e", "#2e86ab", "#f2c14e", "#3bb273", "#7768ae",
					     "#8d99ae" };

static enum type_group type_group(const char *type)
{
	if (!type)
		return TG_OTHER;
	if (content_type_is_html(type))
		return TG_HTML;
	if (starts_with(type, "text/css"))
		return TG_CSS;
	if (strstr(type, "javascript"))
		return TG_JS;
	if (starts_with(type, "image/"))
		return TG_IMAGE;
	if (starts_with(type, "font/") || strstr(type, "font"))
		return TG_FONT;
	return TG_OTHER;
}

#define TM_W 960.0
#define TM_H 540.0

static void html_treemap(const struct check_view *v, struct buf *out)
{
	size_t n = v->site->nfiles;
	double gw[TG_N] = { 0 }, *fw = xcalloc(n ? n : 1, sizeof(double));
	struct tm_rect groups[TG_N], *rects = xcalloc(n ? n : 1, sizeof(struct tm_rect));
	size_t *members = xcalloc(n ? n : 1, sizeof(size_t));
	double *mw = xcalloc(n ? n : 1, sizeof(double));
	char a[32], g[32];

	/* Weight = the gzip download; at least 1 so that empty files still get a box. */
	for (size_t i = 0; i < n; i++) {
		fw[i] = v->r->sizes[i].gzip ? (double)v->r->sizes[i].gzip : 1;
		gw[type_group(v->site->files[i].content_type)] += fw[i];
	}
	treemap_squarify(gw, TG_N, (struct tm_rect){ 0, 0, TM_W, TM_H }, groups);
	buf_printf(out, "<div class=\"treemap\" style=\"width:%.0fpx;height:%.0fpx\">\n", TM_W, TM_H);
	for (int t = 0; t < TG_N; t++) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (type_group(v->site->files[i].content_type) == (enum type_group)t) {
				members[m] = i;
				mw[m++] = fw[i];
			}
		if (!m)
			continue;
		treemap_squarify(mw, m, groups[t], rects);
		for (size_t k = 0; k < m; k++) {
			const struct tm_rect *rc = &rects[k];
			format_bytes(v->r->sizes[members[k]].gzip, g, sizeof(g));
			format_bytes(v->r->sizes[members[k]].raw, a, sizeof(a));
			buf_printf(out, "<div class=\"tm-file t-%s\" style=\"left:%.2fpx;top:%.2fpx;width:%.2fpx;"
				   "height:%.2fpx\" data-key=\"", tg_names[t], rc->x, rc->y, rc->w, rc->h);
			buf_add_markup_escaped(out, key_of(v, members[k]));
			buf_addstr(out, "\" title=\"");
			buf_add_markup_escaped(out, key_of(v, members[k]));
			buf_printf(out, ": %s gzip, %s raw\"><span>", g, a);
			buf_add_markup_escaped(out, key_of(v, members[k]));
			buf_printf(out, "<br>%s</span></div>\n", g);
		}
		buf_printf(out, "<div class=\"tm-group\" style=\"left:%.2fpx;top:%.2fpx;width:%.2fpx;"
			   "height:%.2fpx\"></div>\n", groups[t].x, groups[t].y, groups[t].w, groups[t].h);
	}
	buf_addstr(out, "</div>\n<p class=\"legend\">");
	for (int t = 0; t < TG_N; t++)
		if (gw[t] > 0) {
			format_bytes((unsigned long long)gw[t], g, sizeof(g));
			buf_printf(out, "<span class=\"key t-%s\"></span>%s %s ", tg_names[t], tg_names[t], g);
		}
	buf_addstr(out, "</p>\n");
	free(fw);
	free(rects);
	free(members);
	free(mw);
}

static void html_budgets(const struct check_view *v, struct buf *out)
{
	char a[32], l[32];

	if (!v->r->nresults) {
		buf_addstr(out, "<p>No budgets are configured.</p>\n");
		return;
	}
	buf_addstr(out, "<div class=\"budgets\">\n");
	for (size_t i = 0; i < v->r->nresults; i++) {
		const struct budget_result *res = &v->r->results[i];
		double scale = (double)(res->actual > res->limit ? res->actual : res->limit);
		double fill = scale > 0 ? 100.0 * (double)res->actual / scale : 0;
		double mark = scale > 0 ? 100.0 * (double)res->limit / scale : 0;
		fmt_amount(res->actual, res->metric, a, sizeof(a));
		fmt_amount(res->limit, res->metric, l, sizeof(l));
		buf_printf(out, "<div class=\"budget %s\"><div class=\"label\"><code>", res->ok ? "ok" : "over");
		buf_add_markup_escaped(out, res->name);
		buf_printf(out, "</code> %s / %s %s</div><div class=\"bar\"><div class=\"fill\" "
			   "style=\"width:%.1f%%\"></div><div class=\"limit\" style=\"left:%.1f%%\"></div>"
			   "</div></div>\n", a, l, res->ok ? "ok" : "over", fill, mark);
	}
	buf_addstr(out, "</div>\n");
}

static void html_files(const struct check_view *v, struct buf *out)
{
	char s[4][32];

	buf_addstr(out, "<table><thead><tr><th>File</th><th>Type</th><th>Source</th><th>Shipped</th>"
			"<th>Saved</th><th>gzip</th><th>brotli</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < v->site->nfiles; i++) {
		const struct file *f = &v->site->files[i];
		const struct file_sizes *z = &v->r->sizes[i];
		uint64_t saved = f->source_size > z->raw ? f->source_size - z->raw : 0;
		format_bytes(f->source_size, s[0], sizeof(s[0]));
		format_bytes(z->raw, s[1], sizeof(s[1]));
		format_bytes(saved, s[2], sizeof(s[2]));
		format_bytes(z->gzip, s[3], sizeof(s[3]));
		buf_addstr(out, "<tr><td>");
		buf_add_markup_escaped(out, key_of(v, i));
		buf_printf(out, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>",
			   tg_names[type_group(f->content_type)], s[0], s[1], s[2], s[3]);
		format_bytes(z->brotli, s[0], sizeof(s[0]));
		buf_printf(out, "<td>%s</td></tr>\n", s[0]);
	}
	buf_addstr(out, "</tbody></table>\n");
}

void check_html(const struct check_view *v, struct buf *out)
{
	char a[32], g[32], b[32];

	format_bytes(v->r->total.raw, a, sizeof(a));
	format_bytes(v->r->total.gzip, g, sizeof(g));
	format_bytes(v->r->total.brotli, b, sizeof(b));
	buf_addstr(out, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
			"<title>jamdeploy check: ");
	buf_add_markup_escaped(out, v->site_dir);
	buf_addstr(out, "</title>\n<style>\n"
		   "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}\n"
		   "h1{font-size:20px}h2{font-size:16px;margin-top:28px}\n"
		   ".treemap{position:relative;border:1px solid #444;overflow:hidden}\n"
		   ".tm-file{position:absolute;box-sizing:border-box;border:1px solid #fff;overflow:hidden;"
		   "font-size:11px;color:#111}\n.tm-file span{display:block;padding:2px}\n"
		   ".tm-group{position:absolute;box-sizing:border-box;border:2px solid #222;pointer-events:none}\n"
		   ".budget{margin:8px 0;max-width:720px}.bar{position:relative;height:14px;background:#eee}\n"
		   ".fill{height:100%;background:#3bb273}.over .fill{background:#e4572e}\n"
		   ".limit{position:absolute;top:-3px;bottom:-3px;width:2px;background:#222}\n"
		   ".legend .key{display:inline-block;width:12px;height:12px;margin:0 4px 0 10px}\n"
		   "table{border-collapse:collapse}td,th{padding:2px 10px;text-align:right}"
		   "td:first-child,th:first-child{text-align:left}\n");
	for (int t = 0; t < TG_N; t++)
		buf_printf(out, ".t-%s{background:%s}\n", tg_names[t], tg_colors[t]);
	buf_addstr(out, "</style></head><body>\n<h1>Site weight: ");
	buf_add_markup_escaped(out, v->site_dir);
	buf_printf(out, "</h1>\n<p>%zu files: %s raw, %s gzip, %s brotli. %zu of %zu budgets exceeded.</p>\n",
		   v->r->nfiles, a, g, b, v->r->failed, v->r->nresults);
	buf_addstr(out, "<h2>Budgets</h2>\n");
	html_budgets(v, out);
	buf_addstr(out, "<h2>Weight by file and type (gzip)</h2>\n");
	html_treemap(v, out);
	buf_addstr(out, "<h2>Files</h2>\n");
	html_files(v, out);
	buf_addstr(out, "</body></html>\n");
}
