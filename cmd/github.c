/*
 * github.c - diff and push under GitHub Actions (see github_report in
 * report.h).
 *
 * What check does for budgets (check/check.c check_github), diff and push do
 * for a deploy: the step summary is a markdown table of the plan (diff,
 * --dry-run) or of the result (push), the site's savings, the time and the
 * deployed URL; the step outputs let later steps use the numbers
 * (`steps.deploy.outputs.uploaded`); annotations put the warnings and the
 * failure on the run's page.  The syntax and the files are lib/github.h's;
 * this file only decides what to say.  Keys are put in <code> with HTML
 * escaping (and '|' as a character reference), so no key can break the
 * table.
 */
#include "report.h"

#include <stdlib.h>

#include "lib/github.h"
#include "lib/redact.h"
#include "lib/util.h"

/* The plan's rows shown in a diff's summary; the rest are counted. */
#define GH_MAX_ROWS 100

/* `s` as inline code in a markdown table cell. */
static void md_code(struct buf *out, const char *s)
{
	char one[2] = { 0, 0 };

	buf_addstr(out, "<code>");
	for (; *s; s++) {
		if (*s == '|') {
			buf_addstr(out, "&#124;");
		} else if (*s == '\n') {
			buf_addch(out, ' ');
		} else {
			one[0] = *s;
			buf_add_markup_escaped(out, one);
		}
	}
	buf_addstr(out, "</code>");
}

static void md_plan(struct buf *md, const struct plan *p)
{
	char size[32];
	size_t rows = 0;

	if (!p->nupload && !p->ndelete)
		return;
	buf_addstr(md, "| Change | File | Size |\n|---|---|---:|\n");
	for (size_t i = 0; i < p->nupload && rows < GH_MAX_ROWS; i++, rows++) {
		const struct plan_upload *u = &p->upload[i];
		format_bytes(u->entry->size, size, sizeof(size));
		buf_printf(md, "| %s | ", u->reason == PLAN_NEW ? "new" : "changed");
		md_code(md, u->entry->key);
		buf_printf(md, " | %s |\n", size);
	}
	for (size_t i = 0; i < p->ndelete && rows < GH_MAX_ROWS; i++, rows++) {
		buf_addstr(md, "| delete | ");
		md_code(md, p->delete[i]);
		buf_addstr(md, " | |\n");
	}
	if (p->nupload + p->ndelete > rows)
		buf_printf(md, "\n%zu more %s not shown (`jamdeploy diff` lists them all).\n",
			   p->nupload + p->ndelete - rows,
			   plural(p->nupload + p->ndelete - rows, "change", "changes"));
	buf_addch(md, '\n');
}

static void md_result(struct buf *md, const struct github_report *g)
{
	const struct plan *p = &g->ctx->plan;
	const struct deploy_report *r = g->result;
	char size[32];

	format_bytes(r->bytes, size, sizeof(size));
	buf_addstr(md, "| | Files | Bytes |\n|---|---:|---:|\n");
	buf_printf(md, "| Uploaded | %zu | %s |\n", r->uploaded, size);
	buf_printf(md, "| Deleted | %zu | |\n", r->deleted);
	buf_printf(md, "| Unchanged | %zu | |\n\n", p->unchanged);
}

static void step_summary(const struct github_report *g, struct buf *md)
{
	const struct plan *p = g->ctx ? &g->ctx->plan : NULL;
	struct site_totals t;
	char size[32], secs[32];

	buf_printf(md, "### jamdeploy %s %s ", g->command, strcmp(g->command, "diff") ? "to" : "against");
	md_code(md, g->target);
	buf_addstr(md, g->failure ? ": failed\n\n" : "\n\n");
	if (g->failure && g->failure->msg[0]) {
		char text[2048];
		diag_format(g->failure, text, sizeof(text));
		redact_in_place(text, sizeof(text));
		buf_addstr(md, "> ");
		md_code(md, text);
		buf_addstr(md, "\n\n");
	}
	if (!p) {
		format_seconds(run_events_elapsed(g->events), secs, sizeof(secs));
		buf_printf(md, "Took %s.\n\n", secs);
		return;
	}
	if (g->result) {
		md_result(md, g);
	} else {
		md_plan(md, p);
		format_bytes(p->bytes, size, sizeof(size));
		buf_printf(md, "%zu to upload (%s), %zu to delete, %zu unchanged.\n\n", p->nupload, size,
			   p->ndelete, p->unchanged);
	}
	site_totals(&g->ctx->site, &t);
	format_site_totals(&t, md);
	if (g->purge_ran)
		buf_printf(md, "; %zu %s %s", g->ctx->purge_urls.n, plural(g->ctx->purge_urls.n, "URL", "URLs"),
			   g->purge_failed ? "not purged (kept for the next push)" : "purged");
	else if (!g->result && g->ctx->purge_urls.n)
		buf_printf(md, "; %zu %s to purge", g->ctx->purge_urls.n,
			   plural(g->ctx->purge_urls.n, "URL", "URLs"));
	format_seconds(run_events_elapsed(g->events), secs, sizeof(secs));
	buf_printf(md, "; took %s.\n\n", secs);
	if (g->base_url && *g->base_url && g->result && !g->failure)
		buf_printf(md, "Deployed: %s\n\n", g->base_url);
	else if (g->base_url && *g->base_url && !g->result)
		buf_printf(md, "Deploys to: %s\n\n", g->base_url);
}

static void outputs(const struct github_report *g, struct buf *out)
{
	const struct plan *p = &g->ctx->plan;
	const struct deploy_report *r = g->result;
	char n[32];

	snprintf(n, sizeof(n), "%zu", r ? r->uploaded : p->nupload);
	github_output(out, "uploaded", n);
	snprintf(n, sizeof(n), "%zu", r ? r->deleted : p->ndelete);
	github_output(out, "deleted", n);
	snprintf(n, sizeof(n), "%zu", p->unchanged);
	github_output(out, "unchanged", n);
	snprintf(n, sizeof(n), "%llu", (unsigned long long)(r ? r->bytes : p->bytes));
	github_output(out, "bytes", n);
	/* a push that did not get to write its manifest leaves the old deploy in place */
	snprintf(n, sizeof(n), "%lld", (long long)(!r || r->manifest_written || plan_is_empty(p) ?
						   p->next.deploy : g->ctx->remote.deploy));
	github_output(out, "deploy", n);
	github_output(out, "url", g->base_url ? g->base_url : "");
}

/* One ::warning per warning the run kept, on the file it names. */
static void warning_annotations(FILE *fp, const struct github_report *g)
{
	size_t i;
	json_t *w;

	json_array_foreach(g->events->warnings, i, w) {
		const char *id = json_string_value(json_object_get(w, "id"));
		const char *file = json_string_value(json_object_get(w, "file"));
		const char *msg = json_string_value(json_object_get(w, "message"));
		char *path = file ? path_join(g->site_root, file) : NULL;
		char *title = xasprintf("jamdeploy %s: %s", g->command, id ? id : "warning");

		github_annotation(fp, "warning", path, 0, title, msg ? msg : "");
		free(title);
		free(path);
	}
}

enum jd_err github_report(FILE *annotations, const struct github_report *g, struct diag *d)
{
	struct buf md = BUF_INIT, out = BUF_INIT;
	enum jd_err rc;

	warning_annotations(annotations, g);
	if (g->failure && g->failure->msg[0]) {
		char text[2048], *title = xasprintf("jamdeploy %s failed", g->command);
		diag_format(g->failure, text, sizeof(text));
		redact_in_place(text, sizeof(text));
		github_annotation(annotations, "error", NULL, 0, title, text);
		free(title);
	}
	step_summary(g, &md);
	rc = github_append_file("GITHUB_STEP_SUMMARY", md.data, d);
	if (!rc && g->ctx) {
		outputs(g, &out);
		rc = github_append_file("GITHUB_OUTPUT", out.data, d);
	}
	buf_release(&md);
	buf_release(&out);
	return rc;
}

enum jd_err github_finish(int json, struct github_report *g, enum jd_err rc, struct diag *d)
{
	struct diag gd;
	enum jd_err grc;

	g->failure = rc ? d : NULL;
	diag_clear(&gd);
	if ((grc = github_report(json ? stderr : stdout, g, &gd)) && !rc) {
		*d = gd;
		rc = grc;
	}
	return rc;
}
