/*
 * test_budgets.c - the pure parts of size budgets: page weight walked over
 * the reference graph (struct file.refs as the rewrite stage leaves it: which
 * kinds count, a group's heaviest candidate, stylesheets followed, each file
 * once), the squarified treemap's tiling, the compact --budget form, and
 * source keys: budgets match and name a renamed file by the key it had
 * before hashing.  Which reference has which kind is tested on the real
 * tokenizers in test_refs.c (tests/rewrite/refs.test); budget arithmetic
 * over real files end to end by tests/integration/check_budgets.sh against
 * independently computed sizes.
 */
#include <math.h>
#include <stdlib.h>

#include "lib/util.h"
#include "check/budgets.h"
#include "site/site.h"
#include "check/treemap.h"
#include "test.h"

static void treemap_cases(void)
{
	const double w[] = { 6, 6, 4, 3, 2, 2, 1, 0 };
	const size_t n = sizeof(w) / sizeof(w[0]);
	struct tm_rect r[8], area = { 10, 20, 600, 400 };
	double total = 24, covered = 0, worst = 1;
	int inside = 1, proportional = 1, overlap = 0;

	treemap_squarify(w, n, area, r);
	for (size_t i = 0; i < n; i++) {
		double a = r[i].w * r[i].h;
		covered += a;
		if (w[i] > 0 && fabs(a - w[i] / total * 600 * 400) > 1e-6)
			proportional = 0;
		if (r[i].x < area.x - 1e-9 || r[i].y < area.y - 1e-9 || r[i].x + r[i].w > area.x + area.w + 1e-6 ||
		    r[i].y + r[i].h > area.y + area.h + 1e-6)
			inside = 0;
		if (w[i] > 0) {
			double ratio = r[i].w > r[i].h ? r[i].w / r[i].h : r[i].h / r[i].w;
			if (ratio > worst)
				worst = ratio;
		}
		for (size_t j = 0; j < i; j++) {
			double ox = fmin(r[i].x + r[i].w, r[j].x + r[j].w) - fmax(r[i].x, r[j].x);
			double oy = fmin(r[i].y + r[i].h, r[j].y + r[j].h) - fmax(r[i].y, r[j].y);
			if (ox > 1e-6 && oy > 1e-6)
				overlap = 1;
		}
	}
	CHECK("treemap areas are proportional to weights", proportional);
	CHECK("treemap rectangles tile the area", fabs(covered - 600 * 400) < 1e-6);
	CHECK("treemap rectangles stay inside the area", inside);
	CHECK("treemap rectangles do not overlap", !overlap);
	CHECK("a zero weight gets an empty rectangle", r[7].w * r[7].h == 0);
	/* The paper's example (6,6,4,3,2,2,1 in 6x4) stays under 3:1; so must this. */
	CHECK("squarified rectangles stay near square (worst ratio under 3)", worst < 3);
}

static void flag_cases(void)
{
	struct budget b;
	struct diag d;

	CHECK("GLOB=SIZE sets max", budget_parse_flag("**/*.js=100KB", &b, &d) == 0 && b.max == 100000 &&
	      b.match && !strcmp(b.match, "**/*.js") && !b.page);
	budget_free_fields(&b);
	CHECK("GLOB=FIELD:SIZE sets the field", budget_parse_flag("*.css=max_gzip:2KiB", &b, &d) == 0 &&
	      b.max_gzip == 2048 && !b.max);
	budget_free_fields(&b);
	CHECK("an empty GLOB means every file", budget_parse_flag("=total_gzip:1MB", &b, &d) == 0 &&
	      !b.match && b.total_gzip == 1000000);
	budget_free_fields(&b);
	CHECK("page: makes a page budget", budget_parse_flag("page:**/*.html=max_brotli:300kB", &b, &d) == 0 &&
	      b.page && !strcmp(b.page, "**/*.html") && !b.match && b.max_brotli == 300000);
	budget_free_fields(&b);
	CHECK("max_count takes a number", budget_parse_flag("img/*=max_count:12", &b, &d) == 0 && b.max_count == 12);
	budget_free_fields(&b);
	CHECK("no '=' is refused", budget_parse_flag("*.js", &b, &d) == -1 && d.code == JD_EUSAGE);
	CHECK("an unknown field is refused", budget_parse_flag("*.js=max_zip:1KB", &b, &d) == -1);
	CHECK("a bad size is refused", budget_parse_flag("*.js=lots", &b, &d) == -1);
	CHECK("a zero limit is refused", budget_parse_flag("*.js=0", &b, &d) == -1);
	CHECK("a page budget refuses totals", budget_parse_flag("page:*.html=total:1MB", &b, &d) == -1);
}

static struct file *add_file(struct site *s, const char *key, const char *text)
{
	struct file *f = &s->files[s->nfiles++];

	memset(f, 0, sizeof(*f));
	f->key = xstrdup(key);
	f->path = xstrdup(key);
	f->content_type = content_type_for(key);
	buf_init(&f->data, BUF_MAX_DEFAULT);
	buf_addstr(&f->data, text);
	f->in_memory = 1;
	f->size = f->source_size = f->data.len;
	return f;
}

/* A reference as the rewrite stage leaves it on a file (target key as shipped). */
static void add_ref(struct file *f, enum ref_kind kind, unsigned group, const char *key)
{
	struct ref *r;

	ARRAY_GROW(f->refs.v, f->refs.n + 1, f->refs.cap);
	r = &f->refs.v[f->refs.n++];
	memset(r, 0, sizeof(*r));
	r->key = xstrdup(key);
	r->kind = kind;
	r->group = group;
	if (group > f->refs.groups)
		f->refs.groups = group;
}

/*
 * Page weight over the graph: files of known sizes (their bytes are just
 * that many 'x'), references by hand.  a.html loads a.css (which imports
 * b.css and uses bg.png and a font), app.js, a srcset group (small 10, big
 * 40: the heaviest counts), a font fallback, a link, an og:image (none of
 * which count) and bg.png twice (once counted).
 */
static void page_weight_cases(void)
{
	static const struct { const char *key; size_t size; } files[] = {
		{ "a.css", 100 },  { "a.html", 1000 }, { "app.js", 300 }, { "b.css", 50 },
		{ "bg.png", 7 },   { "big.png", 40 },  { "f.woff", 900 }, { "f.woff2", 600 },
		{ "next.html", 5000 }, { "og.png", 2000 }, { "small.png", 10 },
	};
	const size_t nf = sizeof(files) / sizeof(files[0]);
	struct site s = { 0 };
	struct budget b[2] = { { 0 } };
	struct budget_report r = { 0 };
	struct file *page, *css;
	struct diag d;
	size_t *assets, nassets;
	char *text;

	s.files = xcalloc(nf, sizeof(*s.files));
	s.cap = nf;
	for (size_t i = 0; i < nf; i++) {
		text = xcalloc(files[i].size + 1, 1);
		memset(text, 'x', files[i].size);
		add_file(&s, files[i].key, text);
		free(text);
	}
	page = site_find(&s, "a.html");
	css = site_find(&s, "a.css");
	add_ref(page, REF_STYLESHEET, 0, "a.css");
	add_ref(page, REF_SCRIPT, 0, "app.js");
	add_ref(page, REF_IMAGE, 1, "small.png");
	add_ref(page, REF_SRCSET, 1, "small.png");
	add_ref(page, REF_SRCSET, 1, "big.png");
	add_ref(page, REF_LINK, 0, "next.html");
	add_ref(page, REF_OTHER, 0, "og.png");
	add_ref(page, REF_CSS_URL, 0, "bg.png");
	add_ref(css, REF_IMPORT, 0, "b.css");
	add_ref(css, REF_CSS_URL, 0, "bg.png");
	add_ref(css, REF_FONT, 0, "f.woff2");
	add_ref(css, REF_FONT_FALLBACK, 0, "f.woff");
	add_ref(site_find(&s, "b.css"), REF_CSS_URL, 0, "gone.png"); /* not a file: nothing */
	b[0].page = "a.html";
	b[0].max = 1;
	b[1].page = "*.html";
	b[1].max = 1;
	CHECK("page budgets evaluate over the graph", budgets_evaluate(&s, b, 2, NULL, NULL, &r, &d) == JD_OK &&
	      r.nresults == 2);
	CHECK("page weight: the page, its stylesheet, what that imports and loads, its script, the heaviest "
	      "srcset candidate, each once; not links, og:image or font fallbacks",
	      r.results[0].actual == 1000 + 100 + 50 + 7 + 600 + 300 + 40);
	CHECK("page weight: a page that loads nothing weighs itself, and is the heaviest", r.results[1].checked == 2 &&
	      r.results[1].subject == (size_t)(site_find(&s, "next.html") - s.files) && r.results[1].actual == 5000);
	page_assets(&s, (size_t)(page - s.files), &assets, &nassets);
	CHECK("page_assets lists what the page loads, each once", nassets == 6);
	free(assets);
	budget_report_free(&r);
	site_free(&s);
}

/* A site after the rewrite stage: css/site.css ships as css/site.0123456789.css. */
static void source_key_cases(void)
{
	struct site s = { 0 };
	struct budget b[3] = { { 0 } };
	struct budget_report r = { 0 };
	struct diag d;

	s.files = xcalloc(2, sizeof(*s.files));
	s.cap = 2;
	add_file(&s, "css/site.0123456789.css", "body{color:red}");
	add_ref(add_file(&s, "index.html", "<link rel=stylesheet href=css/site.0123456789.css><p>hi"),
		REF_STYLESHEET, 0, "css/site.0123456789.css");
	s.renames = xcalloc(1, sizeof(*s.renames));
	s.renames[0].from = xstrdup("css/site.css");
	s.renames[0].to = xstrdup("css/site.0123456789.css");
	s.nrenames = s.renames_cap = 1;
	b[0].match = "css/*.css";
	b[0].total = 1;
	b[1].page = "index.html";
	b[1].max = 1;
	b[2].match = "css/*.0123456789.css";
	b[2].total = 1;
	CHECK("budgets evaluate", budgets_evaluate(&s, b, 2, NULL, NULL, &r, &d) == JD_OK && r.nresults == 2);
	CHECK("a glob matches the source key of a renamed file", r.results[0].checked == 1 &&
	      r.results[0].actual == s.files[0].size);
	CHECK("page weight follows the shipped references",
	      r.results[1].actual == s.files[0].size + s.files[1].size);
	CHECK("the source key of a renamed file", !strcmp(r.source[0], "css/site.css"));
	CHECK("the source key of a file that kept its name", !strcmp(r.source[1], "index.html"));
	CHECK("report_find_source finds a renamed file by its source key",
	      report_find_source(&r, "css/site.css") == 0);
	CHECK("report_find_source: a shipped hashed name is not a source key",
	      report_find_source(&r, "css/site.0123456789.css") == SIZE_MAX);
	CHECK("report_find_source: an unrenamed file", report_find_source(&r, "index.html") == 1);
	budget_report_free(&r);
	memset(&r, 0, sizeof(r));
	/* a glob that matches nothing is refused, naming it: here it names the shipped hashed name */
	CHECK("a glob does not match the shipped hashed name (it matches nothing: an error)",
	      budgets_evaluate(&s, &b[2], 1, NULL, NULL, &r, &d) == JD_EUSAGE &&
	      strstr(d.msg, "'css/*.0123456789.css' matches no file"));
	budget_report_free(&r);
	site_free(&s);
}

int main(void)
{
	source_key_cases();
	page_weight_cases();
	treemap_cases();
	flag_cases();
	TEST_DONE();
}
