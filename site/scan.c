/*
 * scan.c - the first pipeline stage: walk the site directory into a site.
 *
 * A depth-first walk with opendir/readdir and lstat.  Keys are the paths
 * relative to the root with '/' separators; the bytes of file names are kept
 * as they are, and must be UTF-8: keys go into S3, URLs, the manifest and
 * --json, which hold nothing else, so a name that is not (a Latin-1 "café"
 * copied from an old system) stops the scan, named with its bad bytes as
 * \xNN, before anything is built or sent.  Such a file would otherwise be
 * uploaded without a manifest entry and stay on the target forever.  The walk
 * skips dotfiles and dot-directories (.git, .DS_Store, .jamdeploy) except
 * `.well-known/` at the root, which sites publish on purpose.  A symlink is
 * followed only when its resolved target stays inside the resolved root, so
 * a stray link cannot publish /etc or a home directory.  The result is
 * sorted by key so later stages can binary-search it and the output is
 * deterministic.
 */
#include "site.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <sys/stat.h>

#include "lib/utf8.h"
#include "lib/util.h"

#define SCAN_MAX_DEPTH 64
#define SCAN_MAX_FILES 2000000

struct walker {
	struct site *site;
	const char *real_root;
	struct diag *d;
};

static int is_skipped_name(const char *name, int depth)
{
	if (name[0] != '.')
		return 0;
	return !(depth == 0 && strcmp(name, ".well-known") == 0);
}

struct file *site_add(struct site *s, const char *key, const char *path)
{
	struct file *f;

	ARRAY_GROW(s->files, s->nfiles + 1, s->cap);
	f = &s->files[s->nfiles++];
	memset(f, 0, sizeof(*f));
	buf_init(&f->data, BUF_MAX_DEFAULT);
	buf_init(&f->webp_data, BUF_MAX_DEFAULT);
	f->key = xstrdup(key);
	f->path = xstrdup(path);
	f->content_type = content_type_for(key);
	return f;
}

static enum jd_err add_file(struct walker *w, const char *path, const char *key, const struct stat *st)
{
	struct site *s = w->site;
	struct file *f;

	if (s->nfiles >= SCAN_MAX_FILES)
		return diag_set(w->d, JD_ELIMIT, path, "the site has more than %d files", SCAN_MAX_FILES);
	f = site_add(s, key, path);
	f->size = f->source_size = (uint64_t)st->st_size;
	f->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	return JD_OK;
}

/* Resolve a symlink and check it stays inside the site; fills *st with the target's stat. */
static enum jd_err check_link(struct walker *w, const char *path, struct stat *st)
{
	char *real = realpath(path, NULL);
	size_t lr = strlen(w->real_root);
	enum jd_err rc = JD_OK;

	if (!real)
		return diag_set(w->d, JD_EINPUT, path,
				"symlink '%s' is broken: %s (remove it or fix its target)", path,
				strerror(errno));
	if (strncmp(real, w->real_root, lr) != 0 || (real[lr] != '/' && real[lr] != '\0'))
		rc = diag_set(w->d, JD_EINPUT, path,
			      "symlink '%s' points outside the site, to '%s' (copy the file into the site "
			      "instead of linking it)", path, real);
	else if (stat(real, st) != 0)
		rc = diag_set(w->d, JD_EIO, path, "cannot read '%s': %s", path, strerror(errno));
	free(real);
	return rc;
}

static enum jd_err bad_name(struct walker *w, const char *path)
{
	char *shown = utf8_escape(path);
	enum jd_err rc = diag_set(w->d, JD_EINPUT, shown,
				  "the name of '%s' is not UTF-8 (its bad bytes shown as \\xNN); S3 keys, "
				  "URLs and the manifest hold only UTF-8, so it cannot be deployed: rename "
				  "it (convmv -f latin1 -t utf8 --notest does that for Latin-1 names)", shown);

	free(shown);
	return rc;
}

static enum jd_err walk_dir(struct walker *w, const char *dir, const char *prefix, int depth)
{
	DIR *dh;
	struct dirent *de;
	enum jd_err rc = JD_OK;

	if (depth > SCAN_MAX_DEPTH)
		return diag_set(w->d, JD_ELIMIT, dir,
				"'%s' is nested more than %d directories deep (a symlink loop?)", dir,
				SCAN_MAX_DEPTH);
	dh = opendir(dir);
	if (!dh)
		return diag_set(w->d, JD_EIO, dir, "cannot read directory '%s': %s", dir, strerror(errno));
	while (!rc && (errno = 0, de = readdir(dh)) != NULL) {
		struct stat st;
		char *path, *key;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || is_skipped_name(de->d_name, depth))
			continue;
		path = path_join(dir, de->d_name);
		key = *prefix ? xasprintf("%s/%s", prefix, de->d_name) : xstrdup(de->d_name);
		if (lstat(path, &st) != 0)
			rc = diag_set(w->d, JD_EIO, path, "cannot read '%s': %s", path, strerror(errno));
		else if (S_ISLNK(st.st_mode))
			rc = check_link(w, path, &st);
		if (!rc && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) && !utf8_valid(de->d_name))
			rc = bad_name(w, path);
		if (!rc) {
			if (S_ISDIR(st.st_mode))
				rc = walk_dir(w, path, key, depth + 1);
			else if (S_ISREG(st.st_mode))
				rc = add_file(w, path, key, &st);
			/* sockets, fifos and devices are not site content: skipped */
		}
		free(path);
		free(key);
	}
	if (!rc && errno)
		rc = diag_set(w->d, JD_EIO, dir, "cannot read directory '%s': %s", dir, strerror(errno));
	closedir(dh);
	return rc;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->key, ((const struct file *)b)->key);
}

enum jd_err scan_site(const char *root, const struct config *cfg, struct site *s, struct diag *d)
{
	struct walker w = { s, NULL, d };
	struct stat st;
	char *real;
	enum jd_err rc;

	(void)cfg;
	memset(s, 0, sizeof(*s));
	s->root = xstrdup(root);
	if (stat(root, &st) != 0)
		return diag_set(d, JD_EIO, root,
				"cannot read site directory '%s': %s (check 'site:' in jamdeploy.yml or the "
				"SITE argument)", root, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return diag_set(d, JD_EINPUT, root, "site '%s' is not a directory", root);
	real = realpath(root, NULL);
	if (!real)
		return diag_set(d, JD_EIO, root, "cannot resolve '%s': %s", root, strerror(errno));
	w.real_root = real;
	rc = walk_dir(&w, root, "", 0);
	free(real);
	if (!rc && s->nfiles)
		qsort(s->files, s->nfiles, sizeof(*s->files), by_key);
	return rc;
}

struct file *site_find(const struct site *s, const char *key)
{
	size_t lo = 0, hi = s->nfiles;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, s->files[mid].key);
		if (c == 0)
			return &s->files[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void site_free(struct site *s)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		free(s->files[i].key);
		free(s->files[i].path);
		free(s->files[i].cache_control);
		free(s->files[i].cached_path);
		free(s->files[i].warning);
		free(s->files[i].webp_cached_path);
		free(s->files[i].derived_from);
		ref_list_free(&s->files[i].refs);
		buf_release(&s->files[i].data);
		buf_release(&s->files[i].webp_data);
	}
	free(s->files);
	free(s->root);
	for (size_t i = 0; i < s->nrenames; i++) {
		free(s->renames[i].from);
		free(s->renames[i].to);
	}
	free(s->renames);
	for (size_t i = 0; i < s->nwarnings; i++)
		free(s->warnings[i].message);
	free(s->warnings);
	memset(s, 0, sizeof(*s));
}

void site_warn(struct site *s, const char *id, const char *fmt, ...)
{
	struct buf message = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&message, fmt, ap);
	va_end(ap);
	ARRAY_GROW(s->warnings, s->nwarnings + 1, s->warnings_cap);
	s->warnings[s->nwarnings].message = buf_detach(&message, NULL);
	s->warnings[s->nwarnings++].id = id;
}
