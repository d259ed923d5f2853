/*
 * deploys.c - `jamdeploy deploys`: the deploys a target keeps for rollback.
 */
#include "cmd.h"
#include "lib/util.h"
#include "pipeline/history.h"
#include "pipeline/verify.h"
#include "report.h"

static const struct option deploys_options[] = {
	{ 0, "to", OPT_STRING, OPT(to), "TARGET", "the target (DIR, file://DIR, s3://BUCKET/PREFIX)" },
	ENDPOINT_OPTIONS,
	COMMON_OPTIONS,
	OPT_END,
};

static enum jd_err print_deploys(const struct opts *o, const struct history *h, int64_t live,
				 struct diag *d)
{
	if (o->json) {
		struct jb b = JB_INIT;
		json_t *doc = jb_value(&b, json_object()), *arr = jb_value(&b, json_array());
		enum jd_err rc;

		for (size_t i = h->n; i-- > 0;) {
			const struct deploy_record *r = &h->r[i];
			json_t *x = jb_value(&b, json_object());

			jb_set(&b, x, "deploy", jb_value(&b, json_integer(r->deploy)));
			jb_set(&b, x, "live", jb_value(&b, json_boolean(r->deploy == live)));
			jb_set(&b, x, "time", jb_string(&b, r->time));
			jb_set(&b, x, "commit", r->commit[0] ? jb_string(&b, r->commit) : json_null());
			jb_set(&b, x, "who", jb_string(&b, r->who));
			jb_set(&b, x, "files", jb_value(&b, json_integer((json_int_t)r->files)));
			jb_set(&b, x, "uploaded", jb_value(&b, json_integer((json_int_t)r->uploaded)));
			jb_set(&b, x, "deleted", jb_value(&b, json_integer((json_int_t)r->deleted)));
			jb_set(&b, x, "rollback_of", r->rollback_of ? jb_value(&b, json_integer(r->rollback_of))
								    : json_null());
			jb_append(&b, arr, x);
		}
		jb_set(&b, doc, "ok", json_true());
		jb_set(&b, doc, "live", jb_value(&b, json_integer(live)));
		jb_set(&b, doc, "deploys", arr);
		rc = print_json(doc, &b, d);
		json_decref(doc);
		return rc;
	}
	if (o->quiet)
		return JD_OK;
	if (!h->n)
		fprintf(stderr, "no deploy recorded yet (the history starts with the next push)\n");
	/* newest first, as `git log` */
	for (size_t i = h->n; i-- > 0;) {
		const struct deploy_record *r = &h->r[i];

		printf("%c %-6lld %s  %-12.12s  %llu files, %llu %s, %llu deleted  %s", r->deploy == live ? '*' : ' ',
		       (long long)r->deploy, r->time, r->commit[0] ? r->commit : "-",
		       (unsigned long long)r->files, (unsigned long long)r->uploaded,
		       r->rollback_of ? "copied" : "uploaded", (unsigned long long)r->deleted, r->who);
		if (r->rollback_of)
			printf("  (rollback to %lld)", (long long)r->rollback_of);
		putchar('\n');
	}
	return JD_OK;
}

static enum jd_err run_deploys(struct opts *o, struct diag *d)
{
	struct config cfg;
	struct target_config tc;
	struct ca_bundle ca = { 0 };
	struct history h = { 0 };
	struct manifest live = { 0 };
	struct run_events events;
	struct target *t = NULL;
	const char *url = NULL;
	int found = 0;
	enum jd_err rc;

	run_events_init(&events, o->quiet, o->verbose, o->json);
	if (!(rc = load_target(o, &cfg, &url, &tc, d))) {
		tc.events = &events.ev;
		if (!(t = open_target(url, &tc, &cfg, &ca, d)))
			rc = d->code;
	}
	if (!rc)
		rc = remote_manifest_get(t, JD_MANIFEST_KEY, NULL, &live, &found, d);
	if (!rc)
		rc = history_read(t, &h, d);
	run_events_done(&events);
	if (!rc)
		rc = print_deploys(o, &h, found ? live.deploy : 0, d);
	history_free(&h);
	manifest_free(&live);
	target_close(t);
	ca_bundle_free(&ca);
	run_events_free(&events);
	config_free(&cfg);
	return rc;
}

const struct command cmd_deploys = {
	.name = "deploys",
	.summary = "list the deploys the target keeps for rollback (number, time, commit, counts, who)",
	.usage = "--to TARGET [--json]",
	.options = deploys_options,
	.min_args = 0,
	.max_args = 0,
	.run = run_deploys,
};
