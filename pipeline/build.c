/*
 * build.c - run the build stages in order over one struct site.
 *
 * Each stage is a function of the site (site.h); this file only sequences
 * them, so a reader sees the whole pipeline in one place.  The transform
 * stage hashes what it produced (from the build cache when nothing
 * changed); rewrite_site names assets after those hashes and re-hashes the
 * files whose references it rewrote; precompression happens after headers
 * are known (a rule decides the encoding) and hashes again, because the
 * manifest records the bytes that are stored.
 *
 * site_write keeps a record of what it wrote (the OUT directory's absolute
 * path, then one key per line) so the next write into the same OUT can
 * remove what is gone without ever deleting a file someone else put there.
 */
#include "pipeline/build.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/compress.h"
#include "lib/paths.h"
#include "lib/util.h"
#include "lib/sha256.h"

static enum jd_err precompress(struct site *s, struct diag *d)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		struct file *f = &s->files[i];
		struct buf packed = BUF_INIT;
		enum jd_err rc;

		if (!f->content_encoding)
			continue;
		if ((rc = file_load(f, d)))
			return rc;
		rc = compress_named(f->content_encoding, f->data.data, f->data.len, &packed);
		if (rc) {
			buf_release(&packed);
			return diag_set(d, rc, f->path, "cannot %s-compress '%s': %s", f->content_encoding,
					f->path, jd_strerror(rc));
		}
		buf_release(&f->data);
		f->data = packed;
		sha256_hex(f->data.data, f->data.len, f->sha256);
		f->size = f->data.len;
	}
	return JD_OK;
}

enum jd_err site_build(const char *root, const struct config *cfg, const char *cache_dir, int jobs,
		       const struct build_events *ev, struct site *s, struct diag *d)
{
	enum jd_err rc;

	if ((rc = scan_site(root, cfg, s, d)))
		return rc;
	if ((rc = transform_site(s, cfg, cache_dir, jobs, ev, d)))
		return rc;
	if ((rc = rewrite_site_cached(s, cfg, cache_dir, d)))
		return rc;
	apply_headers(s, cfg);
	return precompress(s, d);
}

#define RECORD_HEADER "# jamdeploy build output "

static int by_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A key read back from the record is only trusted if it stays inside OUT. */
static int safe_key(const char *k)
{
	return *k && *k != '/' && strcmp(k, "..") && strncmp(k, "../", 3) && !strstr(k, "/../") &&
	       !(strlen(k) >= 3 && !strcmp(k + strlen(k) - 3, "/.."));
}

/* Remove OUT/KEY, then its parent directories up to OUT while they are empty. */
static void remove_stale(const char *out_dir, const char *key)
{
	char *path = path_join(out_dir, key), *slash;

	if (unlink(path) == 0)
		while ((slash = strrchr(path, '/')) && slash > path + strlen(out_dir)) {
			*slash = '\0';
			if (rmdir(path) != 0)
				break;
		}
	free(path);
}

/* Delete what the recorded previous write into `abs_out` made and `keys` lacks. */
static void prune_previous(const char *record, const char *abs_out, const char *out_dir, char **keys,
			   size_t n)
{
	struct buf text = BUF_INIT;
	struct diag ignored;
	char *header = xasprintf(RECORD_HEADER "%s\n", abs_out);
	char *line, *next;

	if (read_file(record, &text, &ignored) == JD_OK) {
		buf_add(&text, "", 1);
		/* Only a record of this same OUT names files that are ours to remove. */
		if (starts_with(text.data, header))
			for (line = text.data + strlen(header); (next = strchr(line, '\n')); line = next + 1) {
				*next = '\0';
				if (safe_key(line) && !bsearch(&line, keys, n, sizeof(*keys), by_key))
					remove_stale(out_dir, line);
			}
	}
	free(header);
	buf_release(&text);
}

static void save_record(const char *record, const char *abs_out, char **keys, size_t n)
{
	struct buf text = BUF_INIT;
	struct diag ignored;

	buf_printf(&text, RECORD_HEADER "%s\n", abs_out);
	for (size_t i = 0; i < n; i++)
		if (!strchr(keys[i], '\n'))
			buf_printf(&text, "%s\n", keys[i]);
	/* Without a record the next build only leaves stale files behind, as before. */
	write_file_atomic(record, text.data, text.len, &ignored);
	buf_release(&text);
}

enum jd_err site_write(const struct site *s, const char *out_dir, const char *record, struct diag *d)
{
	enum jd_err rc = mkdir_all(out_dir, d);
	char abs_out[PATH_MAX];
	char **keys;

	for (size_t i = 0; i < s->nfiles && !rc; i++) {
		const struct file *f = &s->files[i];
		char *dst = path_join(out_dir, f->key);
		rc = f->in_memory ? write_file_atomic(dst, f->data.data, f->data.len, d)
				  : copy_file_atomic(file_ship_path(f), dst, d);
		free(dst);
	}
	if (rc || !record || !realpath(out_dir, abs_out))
		return rc;
	keys = xcalloc(s->nfiles ? s->nfiles : 1, sizeof(*keys));
	for (size_t i = 0; i < s->nfiles; i++)
		keys[i] = s->files[i].key;
	qsort(keys, s->nfiles, sizeof(*keys), by_key);
	prune_previous(record, abs_out, out_dir, keys, s->nfiles);
	save_record(record, abs_out, keys, s->nfiles);
	free(keys);
	return JD_OK;
}

enum jd_err site_build_into(const char *root, const struct config *cfg, const char *cache_dir, int jobs,
			    const struct build_events *ev, const char *out_dir, struct site *s,
			    struct diag *d)
{
	char *record = cache_dir ? path_join(cache_dir, JD_CACHE_BUILD_OUT) : NULL;
	enum jd_err rc;

	if (!out_dir) {
		/* a shard's job is to fill the caches: later stages need the whole site */
		free(record);
		if ((rc = scan_site(root, cfg, s, d)))
			return rc;
		return transform_site(s, cfg, cache_dir, jobs, ev, d);
	}
	if (!(rc = site_build(root, cfg, cache_dir, jobs, ev, s, d)))
		rc = site_write(s, out_dir, record, d);
	free(record);
	return rc;
}
