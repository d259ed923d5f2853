/*
 * target_dir.c - a directory as a "bucket": the embedded default target.
 *
 * Key K is the file DIR/K; the manifest is DIR/.jamdeploy/manifest.json.
 * Every put is atomic (temporary file + rename, lib/util.h), so a reader of
 * the directory (a web server serving it) never sees a half-written object,
 * and a push that dies half-way leaves whole files only.  Nothing is
 * fsync'd: that protects against power loss, not against a killed push,
 * and costs minutes on a 20,000-file site (per-file fsync measured 107 s
 * here; one syncfs per batch stalls behind every other writer on the
 * disk).  rsync and hugo deploy make the same choice.  Headers have no
 * place in a plain directory; they live in the manifest, which is what the
 * next push compares against.
 *
 * ETags are the quoted sha256 of a file's bytes: a conditional get reads
 * and hashes the file and answers "not modified" when it is unchanged, and
 * a put with if_match compares the file there with the ETag first, one
 * with if_none_match is linked into place only when the name is free
 * (write_file_exclusive_at: O_EXCL's promise, the file shown whole).
 * That is how the lease (.jamdeploy/lock.json) is created and how the
 * manifest commit refuses a manifest that changed since the push read it.
 *
 * Nothing outside DIR is ever written, deleted, read or listed.  Keys are
 * checked ("..", absolute paths), and every folder inside DIR is opened
 * from the one above it with openat(O_NOFOLLOW | O_DIRECTORY), created with
 * mkdirat when missing: a symlink in the way (`ln -s /srv/shared DIR/docs`)
 * stops the push with an error naming it instead of being written or
 * deleted through, and the listing never descends into one.  A symlink
 * where an object goes is replaced by the object (rename replaces the link
 * itself), and one read as the manifest is an error.  Path strings
 * are not enough for this: checking with lstat and then writing by path
 * leaves a window, and realpath-style checks miss a link created later.
 * DIR itself may be a symlink (users point a stable name at a release
 * folder); it is opened once, following it, and every operation of the
 * push starts from that one descriptor.
 *
 * A killed push leaves temporaries (ATOMIC_TMP_PREFIX, lib/util.h) beside
 * the objects it was writing.  They are never listed as objects, and the
 * first write of a site object by the next push (which holds the lease by
 * then: pipeline/lease.h) removes every one in the tree, so a target
 * holds only objects after any push that changed it.  Only that prefix is
 * ours: a site file named "notes.tmp.html" is an object like any other.
 */
#include "target.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/sha256.h"
#include "manifests/manifest.h"
#include "lib/util.h"

#define DIR_READ_MAX (SIZE_MAX / 2) /* a file read whole to hash it: whatever the disk holds */

struct dir_target {
	char *dir;
	int root;   /* DIR, opened at first use (-1 before, or while it does not exist) */
	int swept;  /* a killed push's temporaries have been removed (before this push's first write) */
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

/*
 * Open DIR once (following a symlink: DIR may be one).  `create`: make it
 * first when missing.  Without `create` a missing DIR is JD_OK with
 * dt->root still -1: there is nothing to read, list or delete.
 */
static enum jd_err open_root(struct dir_target *dt, int create, struct diag *d)
{
	enum jd_err rc;

	if (dt->root >= 0)
		return JD_OK;
	if (create && (rc = mkdir_all(dt->dir, d)))
		return rc;
	dt->root = open(dt->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dt->root >= 0 || (!create && errno == ENOENT))
		return JD_OK;
	return diag_set(d, JD_ETARGET, dt->dir, "cannot open target directory '%s': %s", dt->dir,
			strerror(errno));
}

/*
 * The folders on the way to a key, each opened from the one before it
 * without following a symlink.  names[i] is the key's i-th component and
 * fds[i] the open folder that holds it: fds[0] is the root (dt->root, not
 * ours to close), and the object itself is names[n - 1] in fds[n - 1].
 */
struct walk {
	char *copy;    /* the key with each '/' made a NUL: the storage of names */
	char **names;
	int *fds;
	size_t n;      /* components */
	size_t open;   /* fds[0 .. open-1] are valid; open == n when the walk reached the object's folder */
};

static void walk_free(struct walk *w)
{
	for (size_t i = 1; i < w->open; i++)
		close(w->fds[i]);
	free(w->copy);
	free(w->names);
	free(w->fds);
	memset(w, 0, sizeof(*w));
}

/* DIR/first `upto` components of the walked key, for messages; caller frees. */
static char *walk_shown(const struct dir_target *dt, const struct walk *w, size_t upto)
{
	struct buf b = BUF_INIT;

	buf_addstr(&b, dt->dir);
	for (size_t i = 0; i < upto; i++) {
		if (b.len && b.data[b.len - 1] != '/')
			buf_addch(&b, '/');
		buf_addstr(&b, w->names[i]);
	}
	return buf_detach(&b, NULL);
}

/* Why names[i] could not be opened as a folder (errno `e`): a symlink, a file, or the system's word. */
static enum jd_err in_the_way(const struct dir_target *dt, const struct walk *w, size_t i, int e,
			      const char *doing, const char *key, struct diag *d)
{
	char *shown = walk_shown(dt, w, i + 1);
	struct stat st;
	int found = fstatat(w->fds[i], w->names[i], &st, AT_SYMLINK_NOFOLLOW) == 0;
	enum jd_err rc;

	if (found && S_ISLNK(st.st_mode))
		rc = diag_set(d, JD_ETARGET, shown,
			      "cannot %s '%s': '%s' is a symbolic link, and jamdeploy follows no link inside "
			      "the target directory, so that nothing outside it is read, written or deleted (replace "
			      "the link with a real directory, or deploy to the folder it points to as a "
			      "target of its own)", doing, key, shown);
	else if (found && !S_ISDIR(st.st_mode))
		rc = diag_set(d, JD_ETARGET, shown,
			      "cannot %s '%s': '%s' exists and is not a directory (remove it from the target)",
			      doing, key, shown);
	else
		rc = diag_set(d, JD_ETARGET, shown, "cannot %s '%s': cannot open directory '%s': %s", doing,
			      key, shown, strerror(e));
	free(shown);
	return rc;
}

/*
 * Walk to the folder of `key` (a safe key; the root is open).  `create`:
 * make missing folders (mkdirat).  Without it a missing folder ends the
 * walk early (w->open < w->n) with JD_OK: the key is not there.  A symlink
 * or file in the way is JD_ETARGET naming it; `doing` ("write", "delete",
 * "read") says what for.  The caller calls walk_free() in every case.
 */
static enum jd_err walk_to(const struct dir_target *dt, const char *key, int create, const char *doing,
			   struct walk *w, struct diag *d)
{
	char *p;

	memset(w, 0, sizeof(*w));
	w->copy = xstrdup(key);
	w->n = 1;
	for (p = w->copy; *p; p++)
		w->n += *p == '/';
	w->names = xcalloc(w->n, sizeof(*w->names));
	w->fds = xcalloc(w->n, sizeof(*w->fds));
	w->names[0] = w->copy;
	for (p = w->copy, w->n = 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		w->names[w->n++] = p + 1;
	}
	w->fds[0] = dt->root;
	w->open = 1;
	while (w->open < w->n) {
		size_t i = w->open - 1;
		int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
		int fd = openat(w->fds[i], w->names[i], flags);

		if (fd < 0 && errno == ENOENT) {
			if (!create)
				return JD_OK;
			/* EEXIST: another writer made it first; open it as if it had been there */
			if (mkdirat(w->fds[i], w->names[i], 0755) != 0 && errno != EEXIST)
				return in_the_way(dt, w, i, errno, doing, key, d);
			fd = openat(w->fds[i], w->names[i], flags);
		}
		if (fd < 0)
			return in_the_way(dt, w, i, errno, doing, key, d);
		w->fds[w->open++] = fd;
	}
	return JD_OK;
}

static enum jd_err dir_read(struct target *t, const char *key, struct buf *out,
			    enum target_get_result *result, struct diag *d);

/* A file's ETag here: its sha256, quoted as HTTP quotes ETags. */
static void etag_of(const void *data, size_t len, const char *sha256, char *etag)
{
	char hex[65];

	if (!sha256 || strlen(sha256) != 64) {
		sha256_hex(data, len, hex);
		sha256 = hex;
	}
	snprintf(etag, TARGET_ETAG_MAX, "\"%s\"", sha256);
}

/*
 * The ETag is the sha256 of the bytes read, so a conditional get still
 * reads the file (that costs about what comparing a stored tag would) and
 * answers TARGET_NOT_MODIFIED when it is unchanged.
 */
static enum jd_err dir_get(struct target *t, const char *key, char *etag, struct buf *out,
			   enum target_get_result *result, struct diag *d)
{
	struct buf body;
	enum jd_err rc;

	buf_init(&body, out->max);
	rc = dir_read(t, key, &body, result, d);
	if (!rc && *result == TARGET_FOUND) {
		char now[TARGET_ETAG_MAX];

		etag_of(body.data, body.len, NULL, now);
		if (etag && *etag && !strcmp(etag, now))
			*result = TARGET_NOT_MODIFIED;
		else if (buf_add(out, body.data, body.len))
			rc = diag_set(d, JD_ELIMIT, key, "object is larger than %zu bytes", out->max);
		if (etag && *result == TARGET_FOUND)
			memcpy(etag, now, sizeof(now));
	} else if (etag) {
		etag[0] = '\0';
	}
	buf_release(&body);
	return rc;
}

/* Read `key` into `out` (TARGET_FOUND), or TARGET_MISSING. */
static enum jd_err dir_read(struct target *t, const char *key, struct buf *out,
			    enum target_get_result *result, struct diag *d)
{
	struct dir_target *dt = t->impl;
	struct walk w;
	enum jd_err rc;

	if (!key_is_safe(key))
		return unsafe_key(d, key);
	*result = TARGET_MISSING;
	if ((rc = open_root(dt, 0, d)) || dt->root < 0)
		return rc;
	if (!(rc = walk_to(dt, key, 0, "read", &w, d)) && w.open == w.n) {
		char *shown = walk_shown(dt, &w, w.n);
		int fd = openat(w.fds[w.n - 1], w.names[w.n - 1], O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

		if (fd >= 0) {
			*result = TARGET_FOUND;
			rc = read_fd(fd, shown, out, d);
			close(fd);
		} else if (errno == ELOOP) {
			rc = diag_set(d, JD_ETARGET, shown,
				      "cannot read '%s': it is a symbolic link, and jamdeploy reads nothing "
				      "outside the target directory (replace the link with the file)", shown);
		} else if (errno != ENOENT) {
			rc = diag_set(d, JD_ETARGET, shown, "cannot read '%s': %s", shown, strerror(errno));
		}
		free(shown);
	}
	walk_free(&w);
	return rc;
}

struct key_list {
	char **keys;
	size_t n, cap;
};

/*
 * List the folder `fd` (taken over and closed) whose keys start with
 * `prefix` into `out` (NULL: list nothing), descending into folders but
 * never into a symlink, which is an entry like a file.  Temporaries of
 * atomic writes are never listed; with `sweep` they are removed, and a
 * folder that cannot be listed is passed over.  Sweeping assumes no other
 * push is writing to this target (two at once could not keep its manifest
 * right either), so each temporary is what a killed push left.
 */
static enum jd_err list_dir(int fd, const char *shown, const char *prefix, struct key_list *out, int sweep,
			    struct diag *d)
{
	DIR *dh = fdopendir(fd);
	struct dirent *de;
	enum jd_err rc = JD_OK;

	if (!dh) {
		int e = errno;
		close(fd);
		return diag_set(d, JD_ETARGET, shown, "cannot list '%s': %s", shown, strerror(e));
	}
	while (!rc && (errno = 0, de = readdir(dh)) != NULL) {
		int is_dir = de->d_type == DT_DIR;
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (de->d_type == DT_UNKNOWN) /* some filesystems do not say */
			is_dir = fstatat(dirfd(dh), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
		if (!is_dir && is_atomic_temp(de->d_name)) {
			if (sweep)
				unlinkat(dirfd(dh), de->d_name, 0); /* one left behind only costs its space */
			continue;
		}
		char *key = *prefix ? xasprintf("%s/%s", prefix, de->d_name) : xstrdup(de->d_name);
		if (is_dir) {
			char *sub = path_join(shown, de->d_name);
			int subfd = openat(dirfd(dh), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			rc = subfd >= 0 ? list_dir(subfd, sub, key, out, sweep, d)
					: diag_set(d, JD_ETARGET, sub, "cannot list '%s': %s", sub, strerror(errno));
			if (sweep)
				rc = JD_OK; /* best effort: the other folders still get swept */
			free(sub);
			free(key);
		} else if (out) {
			ARRAY_GROW(out->keys, out->n + 1, out->cap);
			out->keys[out->n++] = key;
		} else {
			free(key);
		}
	}
	if (!rc && errno)
		rc = diag_set(d, JD_ETARGET, shown, "cannot list '%s': %s", shown, strerror(errno));
	closedir(dh);
	return rc;
}

/*
 * Remove what a killed push left, once, before the first write of this
 * push (a killed push never wrote the manifest, so the next push has
 * objects to write).  Best effort: a folder that cannot be listed keeps its
 * leftovers (they only cost space) and must not stop a push that can write.
 */
static void sweep_temporaries(struct dir_target *dt)
{
	struct diag ignored;
	int fd;

	if (dt->swept)
		return;
	dt->swept = 1;
	fd = fcntl(dt->root, F_DUPFD_CLOEXEC, 0); /* list_dir closes what it is given */
	if (fd >= 0)
		list_dir(fd, dt->dir, "", NULL, 1, &ignored);
}

/*
 * If-Match for a file: the one there must still have the ETag given.  The
 * check and the rename that follows are two steps; what keeps another
 * writer out between them is the push's lease (pipeline/lease.c), the
 * check only turns a lost race into an error instead of a silent overwrite.
 */
static enum jd_err check_match(struct target *t, const struct put_item *it, const char *shown,
			       struct diag *d)
{
	struct buf now;
	enum target_get_result got;
	char etag[TARGET_ETAG_MAX] = "";
	enum jd_err rc;

	buf_init(&now, DIR_READ_MAX);
	rc = dir_read(t, it->key, &now, &got, d);
	if (!rc && got == TARGET_FOUND)
		etag_of(now.data, now.len, NULL, etag);
	buf_release(&now);
	if (!rc && strcmp(etag, it->if_match))
		rc = diag_set(d, JD_ECONFLICT, shown, "'%s' changed since it was read", shown);
	return rc;
}

static enum jd_err dir_probe_many(struct target *t, const char *const *keys, size_t n,
				  char (*sha)[65], struct diag *d)
{
	enum jd_err rc = JD_OK;

	for (size_t i = 0; i < n && !rc; i++) {
		struct buf body;
		enum target_get_result got;

		buf_init(&body, DIR_READ_MAX);
		sha[i][0] = '\0';
		rc = dir_read(t, keys[i], &body, &got, d);
		if (!rc && got == TARGET_FOUND)
			sha256_hex(body.data, body.len, sha[i]);
		buf_release(&body);
	}
	return rc;
}

static enum jd_err dir_put_many(struct target *t, const struct put_item *items, size_t n, size_t *done,
				struct diag *d)
{
	struct dir_target *dt = t->impl;
	enum jd_err rc = JD_OK;

	*done = 0;
	if (!n)
		return JD_OK;
	/*
	 * Not for jamdeploy's own objects: the lease is written before this
	 * push may assume no other one writes here (a push holding it may have
	 * temporaries in flight), and the objects of a push come after it.
	 */
	if (!(rc = open_root(dt, 1, d)) && !manifest_key_is_reserved(items[0].key))
		sweep_temporaries(dt);
	for (size_t i = 0; i < n && !rc; i++) {
		struct walk w;
		if (!key_is_safe(items[i].key))
			return unsafe_key(d, items[i].key);
		if (!(rc = walk_to(dt, items[i].key, 1, "write", &w, d))) {
			char *shown = walk_shown(dt, &w, w.n);
			int folder = w.fds[w.n - 1];
			const char *name = w.names[w.n - 1];
			if (items[i].if_match && *items[i].if_match)
				rc = check_match(t, &items[i], shown, d);
			if (rc)
				;
			else if (items[i].if_none_match)
				rc = write_file_exclusive_at(folder, name, shown, items[i].data, items[i].len, d);
			else if (items[i].path)
				rc = copy_file_atomic_at(items[i].path, folder, name, shown, d);
			else
				rc = write_file_atomic_at(folder, name, shown, items[i].data, items[i].len, d);
			free(shown);
		}
		walk_free(&w);
		if (items[i].etag_out)
			etag_of(items[i].data, items[i].len, items[i].sha256, items[i].etag_out);
		if (rc)
			break;
		(*done)++;
		if (dt->events && dt->events->stored)
			dt->events->stored(dt->events->arg, items[i].len);
	}
	if (rc && rc != JD_ECONFLICT)
		rc = d->code = JD_ETARGET;
	return rc;
}

static enum jd_err dir_delete_many(struct target *t, const char *const *keys, size_t n, size_t *done,
				   struct diag *d)
{
	struct dir_target *dt = t->impl;
	enum jd_err rc;

	*done = 0;
	if ((rc = open_root(dt, 0, d)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct walk w;
		if (!key_is_safe(keys[i]))
			return unsafe_key(d, keys[i]);
		if (dt->root < 0) { /* no target folder: every key is gone already */
			(*done)++;
			continue;
		}
		if (!(rc = walk_to(dt, keys[i], 0, "delete", &w, d)) && w.open == w.n) {
			if (unlinkat(w.fds[w.n - 1], w.names[w.n - 1], 0) != 0 && errno != ENOENT) {
				char *shown = walk_shown(dt, &w, w.n);
				rc = diag_set(d, JD_ETARGET, shown, "cannot delete '%s': %s", shown, strerror(errno));
				free(shown);
			}
			/* Remove the folders the delete left empty, up to (not including) the root. */
			for (size_t k = w.n - 1; !rc && k > 0; k--)
				if (unlinkat(w.fds[k - 1], w.names[k - 1], AT_REMOVEDIR) != 0)
					break;
		}
		walk_free(&w);
		if (rc)
			return rc;
		(*done)++;
	}
	return JD_OK;
}

static enum jd_err dir_list(struct target *t, char ***keys, size_t *n, struct diag *d)
{
	struct dir_target *dt = t->impl;
	struct key_list out = { NULL, 0, 0 };
	enum jd_err rc = open_root(dt, 0, d);
	int fd;

	/* A target that does not exist yet holds nothing (push --force to a new folder). */
	if (!rc && dt->root >= 0) {
		fd = fcntl(dt->root, F_DUPFD_CLOEXEC, 0);
		rc = fd >= 0 ? list_dir(fd, dt->dir, "", &out, 0, d)
			     : diag_set(d, JD_ETARGET, dt->dir, "cannot list '%s': %s", dt->dir, strerror(errno));
	}
	*keys = out.keys;
	*n = out.n;
	return rc;
}

static void dir_close(struct target *t)
{
	struct dir_target *dt = t->impl;

	if (dt->root >= 0)
		close(dt->root);
	free(dt->dir);
	free(dt);
	free(t->url);
	free(t);
}

static const char *dir_local_dir(const struct target *t)
{
	return ((const struct dir_target *)t->impl)->dir;
}

static const struct target_ops dir_ops = {
	.scheme = "file",
	.get = dir_get,
	.put_many = dir_put_many,
	.delete_many = dir_delete_many,
	.probe_many = dir_probe_many,
	.list = dir_list,
	.local_dir = dir_local_dir,
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
	dt->root = -1;
	dt->events = events;
	t = xcalloc(1, sizeof(*t));
	t->ops = &dir_ops;
	t->url = xstrdup(url);
	t->impl = dt;
	return t;
}
