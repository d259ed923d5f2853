/*
 * pipeline.c - run the build stages in order over one struct site.
 *
 * Each stage is a function of the site (site.h); this file only sequences
 * them, so a reader sees the whole pipeline in one place.  The transform
 * stage hashes what it produced (from the build cache when nothing
 * changed); rewrite_site names assets after those hashes and re-hashes the
 * files whose references it rewrote; precompression happens after headers
 * are known (a rule decides the encoding) and hashes again, because the
 * manifest records the bytes that are stored.
 */
#include "pipeline.h"

#include "lib/compress.h"
#include "lib/util.h"

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
		       struct site *s, struct diag *d)
{
	enum jd_err rc;

	if ((rc = scan_site(root, cfg, s, d)))
		return rc;
	if ((rc = transform_site(s, cfg, cache_dir, jobs, d)))
		return rc;
	if ((rc = rewrite_site_cached(s, cfg, cache_dir, d)))
		return rc;
	apply_headers(s, cfg);
	return precompress(s, d);
}

enum jd_err site_write(const struct site *s, const char *out_dir, struct diag *d)
{
	enum jd_err rc = mkdir_all(out_dir, d);

	for (size_t i = 0; i < s->nfiles && !rc; i++) {
		const struct file *f = &s->files[i];
		char *dst = path_join(out_dir, f->key);
		rc = f->in_memory ? write_file_atomic(dst, f->data.data, f->data.len, d)
				  : copy_file_atomic(file_ship_path(f), dst, d);
		free(dst);
	}
	return rc;
}
