/*
 * target.c - open a target by URL and dispatch to its implementation.
 *
 *   s3://BUCKET[/PREFIX]    upload/target_s3.c
 *   file://DIR, DIR         upload/target_dir.c
 *
 * Any other scheme ("gs://", "http://") is a usage error that says which
 * schemes exist, rather than being mistaken for a directory name.
 */
#include "target.h"

#include "lib/util.h"

struct target *target_open(const char *url, const struct target_config *cfg, struct diag *d)
{
	const char *sep = strstr(url, "://");

	if (!*url) {
		diag_set(d, JD_EUSAGE, NULL, "no target given (use --to DIR or --to s3://BUCKET/PREFIX, or "
			 "set 'target:' in jamdeploy.yml)");
		return NULL;
	}
	if (starts_with(url, "s3://"))
		return target_s3_open(url, cfg, d);
	if (starts_with(url, "file://"))
		return target_dir_open(url + 7, url, cfg ? cfg->events : NULL, d);
	if (sep && strspn(url, "abcdefghijklmnopqrstuvwxyz0123456789+-.") == (size_t)(sep - url)) {
		diag_set(d, JD_EUSAGE, NULL,
			 "unknown target scheme in '%s' (use a directory, file://DIR or s3://BUCKET/PREFIX)",
			 url);
		return NULL;
	}
	return target_dir_open(url, url, cfg ? cfg->events : NULL, d);
}

void target_close(struct target *t)
{
	if (t)
		t->ops->close(t);
}
