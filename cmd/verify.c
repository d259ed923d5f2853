/*
 * verify.c - `jamdeploy verify`: compare what is on a target with its manifest.
 */
#include "cmd.h"
#include "lib/util.h"
#include "pipeline/verify.h"
#include "report.h"

static const struct option verify_options[] = {
	{ 0, "to", OPT_STRING, OPT(to), "TARGET", "check TARGET (DIR, file://DIR, s3://BUCKET/PREFIX)" },
	ENDPOINT_OPTIONS,
	COMMON_OPTIONS,
	OPT_END,
};

static enum jd_err run_verify(struct opts *o, struct diag *d)
{
	struct config cfg;
	struct target_config tc;
	struct verify_result res;
	struct run_events events;
	const char *url = NULL;
	enum jd_err rc;

	memset(&res, 0, sizeof(res));
	run_events_init(&events, o->quiet, o->verbose, o->json);
	/* SITE is accepted like push's, and not needed: the manifest says what should be there. */
	if (!(rc = load_target(o, &cfg, &url, &tc, d))) {
		tc.events = &events.ev;
		rc = verify_run(url, &tc, &cfg, &res, d);
	}
	run_events_done(&events);
	if (!rc) {
		const struct drift_report *r = &res.drift;
		int bad = r->missing || r->different;

		if (o->json) {
			struct jb b = JB_INIT;
			json_t *doc = drift_json(r, &b);

			jb_set(&b, doc, "ok", jb_value(&b, json_boolean(!bad)));
			jb_set(&b, doc, "target", jb_string(&b, url));
			run_events_add_json(&events, doc, &b);
			rc = print_json(doc, &b, d);
			json_decref(doc);
			if (!rc && bad) {
				diag_clear(d); /* reported in the document: main prints nothing more */
				rc = JD_EDRIFT;
			}
		} else {
			if (!o->quiet)
				print_drift(stdout, r);
			if (!o->quiet && r->size_only)
				fprintf(stderr, "jamdeploy: note: %zu of %zu objects were compared by size only "
					"(the manifest has no MD5 for them: it was written before 'md5' existed, "
					"or they were uploaded in parts)\n", r->size_only, r->checked);
			if (bad)
				rc = diag_set(d, JD_EDRIFT, url, "'%s' differs from its manifest: %zu missing, "
					      "%zu different, %zu not in the manifest (run 'jamdeploy push "
					      "--verify' to upload them again)", url, r->missing, r->different,
					      r->extra);
			else if (!o->quiet)
				fprintf(stderr, "verified %s: %zu objects match the manifest, %zu not in it\n",
					url, r->checked, r->extra);
		}
	}
	run_events_free(&events);
	verify_result_free(&res);
	config_free(&cfg);
	return rc;
}

const struct command cmd_verify = {
	.name = "verify",
	.summary = "list the target and compare it with its manifest: missing, different, extra objects",
	.usage = "[SITE] --to TARGET [--json]",
	.options = verify_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_verify,
};
