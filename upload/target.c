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

/*
 * The URL meant by a target whose scheme is mistyped -- "s3:/b", "s3:b",
 * "s3//b", "S3://b", "file:/dir" -- or NULL.  Such a string would otherwise
 * be taken as the name of a local directory, and the push would "succeed"
 * into ./s3:/b.
 */
static char *mistyped_scheme(const char *url)
{
	static const struct {
		const char *name;
		int path_is_absolute; /* file:///abs is right; s3:///b is not */
	} schemes[] = { { "s3", 0 }, { "file", 1 } };

	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		size_t n = strlen(schemes[i].name);
		const char *rest = url + n;

		if (strncasecmp(url, schemes[i].name, n) != 0)
			continue;
		if (!strncmp(url, schemes[i].name, n) && !strncmp(rest, "://", 3) &&
		    (schemes[i].path_is_absolute || rest[3] != '/'))
			return NULL; /* right as it is */
		if (*rest != ':' && strncmp(rest, "//", 2) != 0)
			continue; /* a directory that merely starts with the letters: "s3-site" */
		rest += strspn(rest, ":");
		if (schemes[i].path_is_absolute) /* file:/abs -> file:///abs; file:rel -> rel */
			return *rest == '/' ? xasprintf("file:///%s", rest + strspn(rest, "/"))
					    : xstrdup(rest);
		return xasprintf("s3://%s", rest + strspn(rest, "/"));
	}
	return NULL;
}

struct target *target_open(const char *url, const struct target_config *cfg, struct diag *d)
{
	const char *sep = strstr(url, "://");
	char *suggestion;

	if (!*url) {
		diag_set(d, JD_EUSAGE, NULL, "no target given (use --to DIR or --to s3://BUCKET/PREFIX, or "
			 "set 'target:' in jamdeploy.yml)");
		return NULL;
	}
	if ((suggestion = mistyped_scheme(url))) {
		diag_set(d, JD_EUSAGE, NULL, "target '%s' is not a valid URL: did you mean '%s'?", url,
			 suggestion);
		free(suggestion);
		return NULL;
	}
	if (starts_with(url, "s3://"))
		return target_s3_open(url, cfg, d);
	if (starts_with(url, "file://"))
		return target_dir_open(url + 7, url, cfg ? cfg->events : NULL, d);
	if (sep && strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") == (size_t)(sep - url)) {
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

enum jd_err target_get_many(struct target *t, const char *const *keys, size_t n, struct buf *outs,
			    enum target_get_result *results, struct diag *d)
{
	enum jd_err rc = JD_OK;

	if (t->ops->get_many)
		return t->ops->get_many(t, keys, n, outs, results, d);
	for (size_t i = 0; i < n && !rc; i++) {
		results[i] = TARGET_MISSING;
		rc = t->ops->get(t, keys[i], NULL, &outs[i], &results[i], d);
	}
	return rc;
}
