/*
 * target_dir.c - a directory as a "bucket": the embedded default target.
 *
 * Key K is the file DIR/K; the manifest is DIR/.jamdeploy/manifest.json.
 * Every put is atomic (temporary file + rename), so a reader of the
 * directory (a web server serving it) never sees a half-written object,
 * and a push that dies half-way leaves whole files only.  Nothing is
 * fsync'd: that protects against power loss, not against a killed push,
 * and costs minutes on a 20,000-file site (per-file fsync measured 107 s
 * here; one syncfs per batch stalls behind every other writer on the
 * disk).  rsync and hugo deploy make the same choice.  Headers have no
 * place in a plain directory; they live in the manifest, which is what the
 * next push compares against.  Keys are checked so that none can escape
 * DIR ("..", absolute paths).
 */
#include "target.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"

struct dir_target {
	char *dir;
	const struct target_events *events;
};

static int key_is_safe(const char *key)
{
	const char *p = key;

	if (!*key || *key == '/')
		return 0;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n + (end ? 1 : 0);
	}
	return 1;
}

static enum jd_err unsafe_key(struct diag *d, const char *key)
{
	return diag_set(d, JD_ETARGET, key, "refusing key '%s': it would leave the target directory", key);
}

/* No ETags here: reading a local file costs about what comparing one would. */
static enum jd_err dir_get(struct target *t, const char *key, char *etag, struct buf *out,
			   enum target_get_result *result, struct diag *d)
{
	struct dir_target *dt = t->impl;
	char *path;
	enum jd_err rc;

	if (!key_is_safe(key))
		return unsafe_key(d, key);
	if (etag)
		etag[0] = '\0';
	path = path_join(dt->dir, key);
	*result = access(path, F_OK) == 0 ? TARGET_FOUND : TARGET_MISSING;
	rc = *result == TARGET_FOUND ? read_file(path, out, d) : JD_OK;
	free(path);
	return rc;
}

static enum jd_err dir_put_many(struct target *t, const struct put_item *items, size_t n, size_t *done,
				struct diag *d)
{
	struct dir_target *dt = t->impl;
	enum jd_err rc = JD_OK;

	*done = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		char *path;
		if (!key_is_safe(items[i].key))
			return unsafe_key(d, items[i].key);
		path = path_join(dt->dir, items[i].key);
		rc = items[i].path ? copy_file_atomic(items[i].path, path, d)
				   : write_file_atomic(path, items[i].data, items[i].len, d);
		if (items[i].etag_out)
			items[i].etag_out[0] = '\0';
		free(path);
		if (rc)
			break;
		(*done)++;
		if (dt->events && dt->events->stored)
			dt->events->stored(dt->events->arg, items[i].len);
	}
	if (rc)
		d->code = JD_ETARGET;
	return rc ? JD_ETARGET : JD_OK;
}

/* Remove now-empty parent directories of a deleted key, up to the target root. */
static void prune_dirs(const char *root, const char *key)
{
	char *k = xstrdup(key);
	char *slash;

	while ((slash = strrchr(k, '/')) != NULL) {
		*slash = '\0';
		char *dir = path_join(root, k);
		int gone = rmdir(dir) == 0;
		free(dir);
		if (!gone)
			break;
	}
	free(k);
}

static enum jd_err dir_delete_many(struct target *t, const char *const *keys, size_t n, size_t *done,
				   struct diag *d)
{
	struct dir_target *dt = t->impl;

	*done = 0;
	for (size_t i = 0; i < n; i++) {
		char *path;
		if (!key_is_safe(keys[i]))
			return unsafe_key(d, keys[i]);
		path = path_join(dt->dir, keys[i]);
		if (unlink(path) != 0 && errno != ENOENT) {
			enum jd_err rc = diag_set(d, JD_ETARGET, path, "cannot delete '%s': %s", path,
						  strerror(errno));
			free(path);
			return rc;
		}
		free(path);
		prune_dirs(dt->dir, keys[i]);
		(*done)++;
	}
	return JD_OK;
}

struct key_list {
	char **keys;
	size_t n, cap;
};

static enum jd_err list_dir(const char *dir, const char *prefix, struct key_list *out, struct diag *d)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	enum jd_err rc = JD_OK;

	if (!dh)
		return diag_set(d, JD_ETARGET, dir, "cannot list '%s': %s", dir, strerror(errno));
	while (!rc && (de = readdir(dh)) != NULL) {
		struct stat st;
		char *path, *key;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		path = path_join(dir, de->d_name);
		key = *prefix ? xasprintf("%s/%s", prefix, de->d_name) : xstrdup(de->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = list_dir(path, key, out, d);
			free(key);
		} else if (strstr(de->d_name, ".tmp.")) {
			free(key); /* a temporary of an interrupted write, not an object */
		} else {
			ARRAY_GROW(out->keys, out->n + 1, out->cap);
			out->keys[out->n++] = key;
		}
		free(path);
	}
	closedir(dh);
	return rc;
}

static enum jd_err dir_list(struct target *t, char ***keys, size_t *n, struct diag *d)
{
	struct dir_target *dt = t->impl;
	struct key_list out = { NULL, 0, 0 };
	enum jd_err rc = list_dir(dt->dir, "", &out, d);

	*keys = out.keys;
	*n = out.n;
	return rc;
}

static void dir_close(struct target *t)
{
	struct dir_target *dt = t->impl;

	free(dt->dir);
	free(dt);
	free(t->url);
	free(t);
}

static const struct target_ops dir_ops = {
	.scheme = "file",
	.get = dir_get,
	.put_many = dir_put_many,
	.delete_many = dir_delete_many,
	.list = dir_list,
	.close = dir_close,
};

struct target *target_dir_open(const char *dir, const char *url, const struct target_events *events,
				struct diag *d)
{
	struct target *t;
	struct dir_target *dt;
	struct stat st;

	if (!*dir) {
		diag_set(d, JD_EUSAGE, NULL, "target '%s' names no directory", url);
		return NULL;
	}
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		diag_set(d, JD_ETARGET, dir, "target '%s' exists and is not a directory", dir);
		return NULL;
	}
	dt = xcalloc(1, sizeof(*dt));
	dt->dir = xstrdup(dir);
	dt->events = events;
	t = xcalloc(1, sizeof(*t));
	t->ops = &dir_ops;
	t->url = xstrdup(url);
	t->impl = dt;
	return t;
}
