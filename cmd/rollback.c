/*
 * rollback.c - `jamdeploy rollback`: make a kept deploy live again, by copies on the target.
 */
#include <errno.h>

#include "cmd.h"
#include "lib/util.h"
#include "pipeline/rollback.h"
#include "report.h"

static const struct option rollback_options[] = {
	{ 0, "to", OPT_STRING, OPT(to), "TARGET", "the target (DIR, file://DIR, s3://BUCKET/PREFIX)" },
	{ 'n', "dry-run", OPT_FLAG, OPT(dry_run), NULL, "print the plan, change nothing" },
	{ 0, "force-deletes", OPT_FLAG, OPT(force_deletes), NULL, "delete more than 'deletes: max:' keys" },
	ENDPOINT_OPTIONS,
	COMMON_OPTIONS,
	OPT_END,
};

static enum jd_err parse_deploy(const char *s, int64_t *out, struct diag *d)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v < 1)
		return diag_set(d, JD_EUSAGE, NULL, "'%s' is not a deploy number (see 'jamdeploy "
				"deploys --to TARGET')", s);
	*out = v;
	return JD_OK;
}

static enum jd_err report(const struct opts *o, const struct rollback_result *r, const char *url,
			  const struct run_events *events, enum jd_err rc, struct diag *d)
{
	if (o->json) {
		struct jb b = JB_INIT;
		json_t *doc = plan_json(&r->plan, url, &b);

		jb_set(&b, doc, "ok", jb_value(&b, json_boolean(rc == JD_OK)));
		jb_set(&b, doc, "dry_run", jb_value(&b, json_boolean(o->dry_run)));
		jb_set(&b, doc, "from", jb_value(&b, json_integer(r->from)));
		jb_set(&b, doc, "rollback_to", jb_value(&b, json_integer(r->to)));
		jb_set(&b, doc, "deploy", jb_value(&b, json_integer(r->plan.next.deploy)));
		jb_set(&b, doc, "copied", jb_value(&b, json_integer((json_int_t)r->report.uploaded)));
		jb_set(&b, doc, "deleted", jb_value(&b, json_integer((json_int_t)r->report.deleted)));
		jb_set(&b, doc, "manifest_written", jb_value(&b, json_boolean(r->report.manifest_written)));
		jb_set(&b, doc, "purge_urls", purge_json(&r->purge_urls, &b));
		run_events_add_json(events, doc, &b);
		if (!rc)
			rc = print_json(doc, &b, d);
		else
			jb_release(&b);
		json_decref(doc);
		return rc;
	}
	if (o->quiet)
		return rc;
	if (o->dry_run || o->verbose) {
		print_plan(o->dry_run ? stdout : stderr, &r->plan, url);
		print_purge(o->dry_run ? stdout : stderr, &r->purge_urls);
	}
	if (o->dry_run || !r->to)
		return rc;
	fputs(r->purge_notes.data, stderr);
	if (!rc && plan_is_empty(&r->plan)) {
		fprintf(stderr, "%s already serves deploy %lld's files: nothing to do\n", url, (long long)r->to);
		return rc;
	}
	fprintf(stderr, "%s %s to deploy %lld (live as deploy %lld): %zu copied on the target, %zu "
		"deleted, %zu unchanged", rc ? "rollback of" : "rolled back", url, (long long)r->to,
		(long long)r->plan.next.deploy, r->report.uploaded, r->report.deleted, r->plan.unchanged);
	if (r->purge_ran)
		fprintf(stderr, ", %zu URLs %s", r->purge_urls.n, r->report.purge_failed ? "not purged" : "purged");
	fputc('\n', stderr);
	return rc;
}

static enum jd_err run_rollback(struct opts *o, struct diag *d)
{
	struct config cfg;
	struct rollback_request req = { .dry_run = o->dry_run, .force_deletes = o->force_deletes,
					.upload_jobs = upload_jobs(o) };
	struct rollback_result res;
	struct run_events events;
	enum jd_err rc;

	memset(&res, 0, sizeof(res));
	res.purge_notes = (struct buf)BUF_INIT;
	run_events_init(&events, o->quiet, o->verbose, o->json);
	rc = load_target(o, &cfg, &req.target_url, &req.target, d);
	if (!rc && o->nargs > 0)
		rc = parse_deploy(o->args[0], &req.deploy, d);
	if (!rc) {
		req.target.events = &events.ev;
		rc = rollback_run(&req, &cfg, &res, d);
	}
	run_events_done(&events);
	if (res.target)
		rc = report(o, &res, req.target_url, &events, rc, d);
	run_events_free(&events);
	rollback_result_free(&res);
	config_free(&cfg);
	return rc;
}

const struct command cmd_rollback = {
	.name = "rollback",
	.summary = "make a kept deploy live again by copies on the target (default: the one before the live one)",
	.usage = "--to TARGET [DEPLOY] [--dry-run] [--force-deletes]",
	.options = rollback_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_rollback,
};
