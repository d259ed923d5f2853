/*
 * pipeline.c - run the build stages in order over one struct site.
 *
 * Each stage is a function of the site (site.h); this file only sequences
 * them, so a reader sees the whole pipeline in one place.  Files are hashed
 * once before rewrite_site (which names assets after their bytes; the hash
 * cache makes this cheap) and again at the end, over the bytes that ship.  Precompression
 * happens after headers are known (a rule decides the encoding) and before
 * hashing, because the manifest records the bytes that are stored.
 */
#include "pipeline.h"

#include "lib/compress.h"
#include "lib/util.h"

static enum jd_err precompress(struct site *s, struct diag *d)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		struct file *f = &s->files[i];
		struct buf raw = BUF_INIT, packed = BUF_INIT;
		enum jd_err rc;

		if (!f->content_encoding)
			continue;
		if (!f->in_memory && (rc = read_file(f->path, &raw, d))) {
			buf_release(&raw);
			return rc;
		}
		const struct buf *src = f->in_memory ? &f->data : &raw;
		rc = compress_named(f->content_encoding, src->data, src->len, &packed);
		buf_release(&raw);
		if (rc) {
			buf_release(&packed);
			return diag_set(d, rc, f->path, "cannot %s-compress '%s': %s", f->content_encoding,
					f->path, jd_strerror(rc));
		}
		buf_release(&f->data);
		f->data = packed;
		f->in_memory = 1;
	}
	return JD_OK;
}

enum jd_err site_build(const char *root, const struct config *cfg, const char *cache_path,
		       struct site *s, struct diag *d)
{
	enum jd_err rc;

	if ((rc = scan_site(root, cfg, s, d)))
		return rc;
	/* hashes of the files on disk (cached), which rewrite_site uses for names */
	if ((rc = hash_site(s, cache_path, d)))
		return rc;
	if ((rc = rewrite_site(s, cfg, d)))
		return rc;
	apply_headers(s, cfg);
	if ((rc = precompress(s, d)))
		return rc;
	return hash_site(s, cache_path, d);
}

enum jd_err site_write(const struct site *s, const char *out_dir, struct diag *d)
{
	enum jd_err rc = mkdir_all(out_dir, d);

	for (size_t i = 0; i < s->nfiles && !rc; i++) {
		const struct file *f = &s->files[i];
		char *dst = path_join(out_dir, f->key);
		rc = f->in_memory ? write_file_atomic(dst, f->data.data, f->data.len, d)
				  : copy_file_atomic(f->path, dst, d);
		free(dst);
	}
	return rc;
}
