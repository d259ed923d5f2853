/*
 * transform.c - the transform stage: minify and re-encode files by type.
 *
 * minify/minify.c says which minifier handles a content type, images/ the
 * encoder for PNG and JPEG; the config says whether each is enabled.
 * Files are processed by `jobs` threads (lib/parallel.h: each takes the
 * next index from a shared counter); each call writes only to its own
 * struct file and its own rc/work/diag slot, so the only shared mutable
 * state is parallel_for's counter (and, when the command listens, the
 * progress counts, under their own lock).  For each file:
 *
 *   1. the build cache (buildcache.h) answers when path, size, mtime,
 *      ctime, device and inode still match (and were not racy): nothing
 *      is read;
 *   1b. when only that stat data changed, the source is hashed as a stream and
 *      the cache still answers if the bytes are the ones it recorded;
 *   2. otherwise a file with no transform is hashed as a stream;
 *   2b. with a shared cache (remote_cache.h), the files still without a
 *      result are hashed and looked up there, all at once between two
 *      passes over the files (PHASE_LOCAL, then PHASE_COMPUTE for what the
 *      shared cache did not have); with --shard K/N only the files of
 *      shard K (and every stylesheet: the HTML round needs them all) go on;
 *   3. otherwise it is read, transformed, and the result kept only when it
 *      is smaller; a transform error keeps the original and leaves a
 *      warning on the file (a minifier never breaks a page).  Transformed
 *      bytes are stored in the cache by their sha256, and results computed
 *      here are written to the shared cache after the round.
 *
 * HTML goes last, in a second round: whether whitespace may be collapsed
 * depends on the site's stylesheets (a `.code` made `white-space: pre`),
 * so the HTML minifier is given what every .css file of
 * the site says (site/styles.h, styles_of_site), read once between the
 * rounds from the bytes that ship.  The build cache keeps the fingerprint of those
 * facts, and HTML results made with other facts are not used; when no
 * stylesheet changed (same paths, same source hashes) the fingerprint is
 * known without reading them.
 *
 * With images.webp, each PNG and JPEG then gets a WebP made of its shipped
 * bytes (images.h: lossless for PNG, the JPEG's own quality for JPEG),
 * kept when at least 10% smaller.  The outcome, WebP or "none paid", is
 * cached like the transform (a W or N line, buildcache.h), so an unchanged
 * image is never encoded twice.  When the threads are done, every WebP
 * becomes a derived file NAME.webp beside its image, unless the site
 * already has that key (the site's own file wins; two images with one
 * stem, a.png and a.jpg, give a.webp to the first by key).
 */
#include <pthread.h>
#include <unistd.h>

#include "buildcache.h"
#include "remote_cache.h"
#include "images/images.h"
#include "lib/parallel.h"
#include "lib/util.h"
#include "lib/version.h"
#include "minify/html_css.h"
#include "minify/minify.h"
#include "site.h"
#include "site/styles.h"
#include "lib/sha256.h"

typedef int (*image_fn)(const unsigned char *in, size_t len, struct buf *out,
			const struct image_opts *o, struct diag *d);

/* What the transform of one file is: a minifier, or an image encoder. */
struct transform {
	const struct minifier *minifier;
	image_fn encode;
	const char *warning_id;
};

static int minifier_enabled(const char *name, const struct config *cfg)
{
	if (!strcmp(name, "html"))
		return cfg->minify_html;
	if (!strcmp(name, "css"))
		return cfg->minify_css;
	if (!strcmp(name, "js"))
		return cfg->minify_js;
	if (!strcmp(name, "svg"))
		return cfg->minify_svg;
	return cfg->minify_json;
}

/* Fill `t` for a content type; returns 0 when the file has no (enabled) transform. */
static int transform_for(const char *content_type, const struct config *cfg, struct transform *t)
{
	memset(t, 0, sizeof(*t));
	if ((t->minifier = minifier_for_type(content_type))) {
		t->warning_id = "minify-failed";
		return minifier_enabled(t->minifier->name, cfg);
	}
	t->warning_id = "image-failed";
	if (starts_with(content_type, "image/png") && !strcmp(cfg->images_png, "lossless"))
		t->encode = image_optimize_png;
	else if (starts_with(content_type, "image/jpeg") &&
		 (!strcmp(cfg->images_jpeg, "lossless") || cfg->jpeg_quality > 0))
		t->encode = image_optimize_jpeg;
	return t->encode != NULL;
}

/* Settings that change transform output; a change invalidates the cache. */
static void settings_fingerprint(const struct config *cfg, char out[17])
{
	char sha[65];
	char *text = xasprintf("%s|%d%d%d%d%d%d|%s|%s|%llu|%llu", JAMDEPLOY_VERSION, cfg->minify_html,
			       cfg->minify_css, cfg->minify_js, cfg->minify_svg, cfg->minify_json,
			       cfg->minify_keep_names,
			       cfg->images_png, cfg->images_jpeg, (unsigned long long)cfg->jpeg_quality,
			       (unsigned long long)cfg->images_effort);

	sha256_hex(text, strlen(text), sha);
	memcpy(out, sha, 16);
	out[16] = '\0';
	free(text);
}

#define WORK_TRANSFORM 1   /* computed by this run */
#define WORK_WEBP 2
#define WORK_LOCAL 4       /* the transform result came from the local cache */
#define WORK_REMOTE 8      /* ... from the shared cache */
#define WORK_ASK 16        /* the transform result is to be asked of the shared cache */
#define WORK_ASK_WEBP 32   /* the WebP outcome too */
#define WORK_OTHER_SHARD 64 /* --shard: another shard's file */
#define WORK_REPORTED 128  /* counted in the progress line */

enum phase {
	PHASE_LOCAL,   /* the local cache, else compute (or, with a shared cache, ask it) */
	PHASE_COMPUTE, /* compute what the shared cache did not have */
};

struct job {
	struct site *site;
	const struct config *cfg;
	const struct build_cache *cache;
	int html_round;            /* this round transforms the HTML files, the first all others */
	const struct html_css *css; /* the site's stylesheets, for the HTML round */
	int html_cached;           /* the cache's HTML entries were made with these stylesheets */
	const char *styles;        /* the fingerprint of their facts (HTML round): part of HTML's shared key */
	const struct remote_cache *remote; /* target NULL: no shared cache */
	enum phase phase;
	enum jd_err *rc;           /* per file */
	unsigned char *work;       /* per file: WORK_* done now, not taken from the cache */
	struct diag *diags;        /* per file */
	/* progress (build_events): counted and reported under `lock` */
	const struct build_events *ev;
	pthread_mutex_t lock;
	size_t done, images;
};

static int use_cache_entry(struct file *f, const struct build_cache *c, const struct cache_entry *e)
{
	if (e->transformed) {
		char *obj = build_cache_object_path(c, e->sha);
		if (access(obj, R_OK) != 0) {
			free(obj);
			return 0;
		}
		f->cached_path = obj;
		f->transformed = 1;
	}
	memcpy(f->source_sha256, e->source_sha, sizeof(f->source_sha256));
	memcpy(f->transform_sha256, e->sha, sizeof(f->transform_sha256));
	f->transform_size = e->out_size;
	return 1;
}

/* This file is transformed here: no --shard, or its shard, or a stylesheet (every shard needs those). */
static int in_this_shard(const struct file *f, const struct job *job)
{
	const struct config *cfg = job->cfg;

	return !cfg->shard_count || starts_with(f->content_type, "text/css") ||
	       remote_cache_shard(job->remote, f->source_sha256, cfg->shard_count) == cfg->shard_index;
}

static void run_transform(struct file *f, const struct transform *t, const struct job *job)
{
	const struct config *cfg = job->cfg;
	struct buf out;
	struct diag d;
	int rc;

	diag_clear(&d);
	buf_init(&out, f->data.len + 1024);
	if (t->minifier) {
		struct minify_opts mo = { .file = f->path, .keep_names = cfg->minify_keep_names, .css = job->css };
		rc = t->minifier->fn(f->data.data, f->data.len, &out, &mo, &d);
	} else {
		struct image_opts io = { .effort = (int)cfg->images_effort, .jpeg_quality = (int)cfg->jpeg_quality,
					 .file = f->path };
		rc = t->encode((const unsigned char *)f->data.data, f->data.len, &out, &io, &d);
	}
	if (rc == JD_OK && out.len < f->data.len) {
		buf_release(&f->data);
		f->data = out;
		f->transformed = 1;
		return;
	}
	if (rc != JD_OK && rc != JD_ENOTSMALLER) {
		char where[1600];
		/*
		 * Always name the file: diag_format() does only with a line number,
		 * and an image's or a whole file's problem has none.
		 */
		if (!d.file[0])
			snprintf(d.file, sizeof(d.file), "%s", f->path);
		if (d.line > 0)
			diag_format(&d, where, sizeof(where));
		else
			snprintf(where, sizeof(where), "%s: %s", d.file, d.msg);
		f->warning = xasprintf("%s (kept the original bytes)", where);
		f->warning_id = t->warning_id;
	}
	buf_release(&out);
}

/* Keep bytes in the build cache as objects/AB/SHA; the object's path, or NULL when not kept. */
static char *cache_object(const struct build_cache *c, const char *sha, const struct buf *bytes)
{
	struct diag ignored;
	char *obj;

	if (!c->dir)
		return NULL;
	obj = build_cache_object_path(c, sha);
	if (access(obj, F_OK) == 0 || !write_file_atomic(obj, bytes->data, bytes->len, &ignored))
		return obj;
	free(obj);
	return NULL;
}

/*
 * The WebP of an image's shipped bytes, from the cache or encoded now.
 * Any failure only means no WebP: the image itself ships either way (an
 * image that cannot be decoded was already reported by its transform).
 */
static int make_webp(struct file *f, const struct config *cfg, const struct build_cache *c)
{
	const struct cache_entry *e = build_cache_find_webp(c, f);
	struct image_opts io = { .effort = (int)cfg->images_effort, .jpeg_quality = (int)cfg->jpeg_quality,
				 .file = f->path };
	struct buf read = BUF_INIT, out = BUF_INIT;
	const struct buf *in = &f->data;
	struct diag ignored;

	f->webp_tried = 1;
	if (e && !e->transformed)
		return 0; /* an N line: no WebP paid last time either */
	if (e) {
		char *obj = build_cache_object_path(c, e->sha);
		if (access(obj, R_OK) == 0) {
			f->webp_cached_path = obj;
			memcpy(f->webp_sha256, e->sha, sizeof(f->webp_sha256));
			f->webp_size = e->out_size;
			return 0;
		}
		free(obj);
	}
	if (!f->in_memory) {
		if (read_file(file_ship_path(f), &read, &ignored)) {
			f->webp_tried = 0; /* unreadable now: nothing to remember */
			buf_release(&read);
			return 0;
		}
		in = &read;
	}
	if (image_to_webp((const unsigned char *)in->data, in->len, &out, &io, &ignored) == JD_OK) {
		sha256_hex(out.data, out.len, f->webp_sha256);
		f->webp_size = out.len;
		f->webp_cached_path = cache_object(c, f->webp_sha256, &out);
		if (f->webp_cached_path)
			buf_release(&out); /* the derived file reads it from the cache */
		else
			f->webp_data = out, out = (struct buf)BUF_INIT;
	}
	buf_release(&out);
	buf_release(&read);
	return WORK_WEBP;
}

static int is_webp_source(const struct file *f)
{
	return starts_with(f->content_type, "image/png") || starts_with(f->content_type, "image/jpeg");
}

static enum jd_err transform_one(struct file *f, const struct job *job, unsigned char *work, struct diag *d)
{
	const struct config *cfg = job->cfg;
	const struct build_cache *c = job->cache;
	int clean;
	const struct cache_entry *e = build_cache_find(c, f, &clean);
	struct transform t;
	enum jd_err rc;

	if (job->phase == PHASE_COMPUTE) {
		transform_for(f->content_type, cfg, &t);
		goto compute; /* the shared cache did not have it */
	}
	if (e && job->html_round && !job->html_cached)
		e = NULL; /* made with other stylesheets */
	if (e && clean && use_cache_entry(f, c, e)) {
		*work |= transform_for(f->content_type, cfg, &t) ? WORK_LOCAL : 0; /* a result, not a copy */
		return JD_OK;
	}
	if (e && e->size == f->source_size) {
		/* touched, maybe not changed (a rebuild rewrote it): its bytes decide */
		if ((rc = sha256_file(f->path, f->source_sha256, d)))
			return rc;
		if (!strcmp(f->source_sha256, e->source_sha) && use_cache_entry(f, c, e)) {
			*work |= transform_for(f->content_type, cfg, &t) ? WORK_LOCAL : 0;
			return JD_OK;
		}
	}
	if (!transform_for(f->content_type, cfg, &t)) {
		f->transform_size = f->source_size;
		if (!f->source_sha256[0] && (rc = sha256_file(f->path, f->source_sha256, d)))
			return rc;
		memcpy(f->transform_sha256, f->source_sha256, sizeof(f->transform_sha256));
		return JD_OK;
	}
	if (job->remote->target) {
		/* the shared cache is keyed by content: hash now, ask for every file at once */
		if (!f->source_sha256[0] && (rc = sha256_file(f->path, f->source_sha256, d)))
			return rc;
		if (!in_this_shard(f, job)) {
			/* ships as it is from this run (kept out of the local index) */
			*work |= WORK_OTHER_SHARD;
			f->other_shard = 1;
			f->transform_size = f->source_size;
			memcpy(f->transform_sha256, f->source_sha256, sizeof(f->transform_sha256));
			return JD_OK;
		}
		*work |= WORK_ASK;
		return JD_OK;
	}
compute:
	if ((rc = read_file(f->path, &f->data, d)))
		return rc;
	f->in_memory = 1;
	*work |= WORK_TRANSFORM;
	/* hashed again from memory: the file may have changed since it was hashed above */
	sha256_hex(f->data.data, f->data.len, f->source_sha256);
	run_transform(f, &t, job);
	sha256_hex(f->data.data, f->data.len, f->transform_sha256);
	f->transform_size = f->data.len;
	if (f->transformed)
		f->cached_path = cache_object(c, f->transform_sha256, &f->data);
	return JD_OK;
}

static enum jd_err transform_file(struct file *f, const struct job *job, unsigned char *work, struct diag *d)
{
	enum jd_err rc = JD_OK;

	if (job->phase == PHASE_LOCAL || (*work & WORK_ASK))
		rc = transform_one(f, job, work, d);
	if (rc || !job->cfg->images_webp || !is_webp_source(f) || (*work & WORK_OTHER_SHARD))
		return rc;
	if (job->phase == PHASE_LOCAL && job->remote->target &&
	    ((*work & WORK_ASK) || !build_cache_find_webp(job->cache, f)))
		*work |= WORK_ASK_WEBP; /* asked of the shared cache with the transform */
	else if (job->phase == PHASE_LOCAL || (*work & WORK_ASK_WEBP))
		*work |= (unsigned char)make_webp(f, job->cfg, job->cache);
	return rc;
}

/* A derived file to add: its key and the index of its source image. */
struct derived {
	char *key;
	size_t src;
};

static int by_key_then_source(const void *a, const void *b)
{
	const struct derived *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : x->src < y->src ? -1 : x->src > y->src;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->key, ((const struct file *)b)->key);
}

/* The derived NAME.webp files of the images whose WebP paid (see the header). */
static void add_derived_webps(struct site *s)
{
	struct derived *add = NULL;
	size_t n = 0, cap = 0, nsources = s->nfiles;

	for (size_t i = 0; i < nsources; i++) {
		const struct file *src = &s->files[i];
		const char *slash = strrchr(src->key, '/'), *dot = strrchr(src->key, '.');
		char *key;

		if (!src->webp_size || !dot || (slash && dot < slash))
			continue;
		key = xasprintf("%.*s.webp", (int)(dot - src->key), src->key);
		if (site_find(s, key)) {
			free(key); /* the site ships its own NAME.webp */
			continue;
		}
		ARRAY_GROW(add, n + 1, cap);
		add[n++] = (struct derived){ key, i };
	}
	if (n > 1)
		qsort(add, n, sizeof(*add), by_key_then_source);
	for (size_t i = 0; i < n; i++) {
		struct file *w, *src;

		/* a.jpg and a.png: a.webp belongs to the first by key */
		if (i && !strcmp(add[i - 1].key, add[i].key))
			continue;
		w = site_add(s, add[i].key, s->files[add[i].src].path);
		src = &s->files[add[i].src]; /* after site_add: the array may have moved */
		w->derived_from = xstrdup(src->key);
		w->mtime_ns = src->mtime_ns;
		buf_release(&w->data);
		w->data = src->webp_data;
		w->in_memory = src->webp_cached_path == NULL;
		buf_init(&src->webp_data, BUF_MAX_DEFAULT);
		w->cached_path = src->webp_cached_path ? xstrdup(src->webp_cached_path) : NULL;
		memcpy(w->transform_sha256, src->webp_sha256, sizeof(w->sha256));
		memcpy(w->sha256, src->webp_sha256, sizeof(w->sha256));
		w->size = w->transform_size = src->webp_size;
	}
	s->webps = s->nfiles - nsources;
	if (s->webps)
		qsort(s->files, s->nfiles, sizeof(*s->files), by_key);
	for (size_t i = 0; i < n; i++)
		free(add[i].key);
	free(add);
}

/* One more file done: tell the command (one call at a time, so it needs no lock of its own). */
static void report_done(struct job *job, const struct file *f)
{
	pthread_mutex_lock(&job->lock);
	job->done++;
	job->images += starts_with(f->content_type, "image/");
	job->ev->progress(job->ev->arg, job->done, job->site->nfiles, job->images);
	pthread_mutex_unlock(&job->lock);
}

/* parallel_for's body: file `i`, when it belongs to this round. */
static void transform_index(void *arg, size_t i)
{
	struct job *job = arg;

	struct file *f = &job->site->files[i];

	if (content_type_is_html(f->content_type) != job->html_round)
		return;
	/* In the second pass only what the shared cache did not answer is left to compute. */
	if (job->phase == PHASE_LOCAL || (job->work[i] & (WORK_ASK | WORK_ASK_WEBP)))
		job->rc[i] = transform_file(f, job, &job->work[i], &job->diags[i]);
	/* A file is done once nothing is left to ask the shared cache; said once. */
	if (job->ev && job->ev->progress && !(job->work[i] & (WORK_ASK | WORK_ASK_WEBP | WORK_REPORTED))) {
		job->work[i] |= WORK_REPORTED;
		report_done(job, f);
	}
}

/* The error of the first file (in site order) that had one, or JD_OK. */
static enum jd_err first_error(const struct job *job, struct diag *d)
{
	for (size_t i = 0; i < job->site->nfiles; i++)
		if (job->rc[i]) {
			*d = job->diags[i];
			return job->rc[i];
		}
	return JD_OK;
}

/* The shared cache's key of file i's transform ('t', or 'h' with the stylesheets) or WebP ('w'). */
static char *shared_key(const struct job *job, const struct file *f, int webp)
{
	return remote_cache_key(job->remote, webp ? 'w' : job->html_round ? 'h' : 't', job->styles,
				f->source_sha256);
}

/* Take a result the shared cache had: into the local cache's objects/, or memory without one. */
static void use_shared(struct file *f, const struct job *job, struct remote_item *it)
{
	char *obj = NULL;

	if (it->kind == 'T' || it->kind == 'W')
		obj = cache_object(job->cache, it->sha, &it->bytes);
	if (it->kind == 'T') {
		f->transformed = 1;
		if (!(f->cached_path = obj))
			f->data = it->bytes, f->in_memory = 1, it->bytes = (struct buf)BUF_INIT;
	} else if (it->kind == 'W') {
		if (!(f->webp_cached_path = obj))
			f->webp_data = it->bytes, it->bytes = (struct buf)BUF_INIT;
	}
	if (it->kind == 'W' || it->kind == 'N') {
		f->webp_tried = 1;
		memcpy(f->webp_sha256, it->sha, sizeof(f->webp_sha256));
		f->webp_size = it->size;
		if (it->kind == 'N')
			f->webp_sha256[0] = '\0';
	} else {
		memcpy(f->transform_sha256, it->sha, sizeof(f->transform_sha256));
		f->transform_size = it->kind == 'T' ? it->size : f->source_size;
	}
}

/*
 * Between the two passes of a round: ask the shared cache, in one batch,
 * for every result the first pass marked WORK_ASK / WORK_ASK_WEBP, and
 * take what it had (clearing the mark: the second pass computes the rest).
 */
static void fetch_shared(struct job *job)
{
	struct site *s = job->site;
	struct remote_item *items = NULL;
	size_t *owner = NULL, n = 0, cap = 0, ocap = 0;

	for (size_t i = 0; i < s->nfiles; i++)
		for (int webp = 0; webp < 2 && content_type_is_html(s->files[i].content_type) == job->html_round; webp++)
			if (job->work[i] & (webp ? WORK_ASK_WEBP : WORK_ASK)) {
				ARRAY_GROW(items, n + 1, cap);
				ARRAY_GROW(owner, n + 1, ocap);
				memset(&items[n], 0, sizeof(items[n]));
				items[n].key = shared_key(job, &s->files[i], webp);
				buf_init(&items[n].bytes, BUF_MAX_DEFAULT);
				owner[n++] = i;
			}
	remote_cache_fetch(job->remote, items, n, s);
	for (size_t k = 0; k < n; k++) {
		struct remote_item *it = &items[k];
		int webp = it->kind == 'W' || it->kind == 'N';

		if (it->found) {
			use_shared(&s->files[owner[k]], job, it);
			job->work[owner[k]] &= (unsigned char)~(webp ? WORK_ASK_WEBP : WORK_ASK);
			if (!webp)
				job->work[owner[k]] |= WORK_REMOTE;
		}
		remote_item_release(it);
	}
	free(items);
	free(owner);
}

/*
 * After a round: write what this run computed to the shared cache (its
 * transforms that worked, and WebP outcomes), before the WebPs move to
 * their derived files.
 */
static void store_shared(struct job *job)
{
	struct site *s = job->site;
	struct remote_item *items = NULL;
	size_t n = 0, cap = 0;

	if (!job->remote->target || job->remote->readonly)
		return;
	for (size_t i = 0; i < s->nfiles; i++) {
		struct file *f = &s->files[i];
		struct diag ignored;

		if (content_type_is_html(f->content_type) != job->html_round)
			continue;
		if ((job->work[i] & WORK_TRANSFORM) && !f->warning) {
			ARRAY_GROW(items, n + 1, cap);
			memset(&items[n], 0, sizeof(items[n]));
			items[n].key = shared_key(job, f, 0);
			items[n].kind = f->transformed ? 'T' : 'S';
			memcpy(items[n].sha, f->transform_sha256, sizeof(items[n].sha));
			items[n].size = f->transformed ? f->transform_size : 0;
			buf_init(&items[n].bytes, BUF_MAX_DEFAULT);
			if (f->transformed)
				buf_add(&items[n].bytes, f->data.data, f->data.len);
			n++;
		}
		if ((job->work[i] & WORK_WEBP) && f->webp_tried) {
			struct remote_item *it;

			ARRAY_GROW(items, n + 1, cap);
			it = &items[n];
			memset(it, 0, sizeof(*it));
			it->key = shared_key(job, f, 1);
			it->kind = f->webp_size ? 'W' : 'N';
			buf_init(&it->bytes, BUF_MAX_DEFAULT);
			memcpy(it->sha, BUILD_CACHE_NO_WEBP_SHA, sizeof(it->sha));
			if (f->webp_size)
				memcpy(it->sha, f->webp_sha256, sizeof(it->sha));
			if (f->webp_size && f->webp_cached_path)
				read_file(f->webp_cached_path, &it->bytes, &ignored);
			else if (f->webp_size)
				buf_add(&it->bytes, f->webp_data.data, f->webp_data.len);
			it->size = it->bytes.len;
			if (f->webp_size && it->size != f->webp_size) {
				remote_item_release(it); /* its copy went missing: nothing to share */
				continue;
			}
			n++;
		}
	}
	remote_cache_store(job->remote, items, n, s);
	for (size_t k = 0; k < n; k++)
		remote_item_release(&items[k]);
	free(items);
}

/* One round (all files but HTML, or HTML): local cache, shared cache, compute. */
static void run_round(struct job *job, int jobs)
{
	job->phase = PHASE_LOCAL;
	parallel_for(job->site->nfiles, jobs, transform_index, job);
	if (!job->remote->target || first_error(job, &(struct diag){ 0 }))
		return;
	fetch_shared(job);
	job->phase = PHASE_COMPUTE;
	parallel_for(job->site->nfiles, jobs, transform_index, job);
	if (!first_error(job, &(struct diag){ 0 }))
		store_shared(job);
}

/*
 * The fingerprint of the site's stylesheets by path and source hash (known
 * after the first round without reading them), and whether HTML is minified
 * at all (without it nothing depends on the stylesheets).
 */
static void styles_in_fingerprint(const struct site *s, const struct config *cfg, char out[17])
{
	struct buf list = BUF_INIT;
	char sha[65];

	for (size_t i = 0; cfg->minify_html && i < s->nfiles; i++)
		if (starts_with(s->files[i].content_type, "text/css"))
			buf_printf(&list, "%s %s\n", s->files[i].path, s->files[i].source_sha256);
	sha256_hex(list.data, list.len, sha);
	memcpy(out, sha, 16);
	out[16] = '\0';
	buf_release(&list);
}

enum jd_err transform_site(struct site *s, const struct config *cfg, const char *cache_dir, int jobs,
			   const struct build_events *ev, struct diag *d)
{
	struct build_cache cache;
	struct remote_cache remote;
	struct job job = { .site = s, .cfg = cfg, .cache = &cache, .ev = ev };
	struct html_css *css = NULL;
	char fingerprint[17], styles_in[17], styles[17] = "";
	enum jd_err rc = JD_OK;

	pthread_mutex_init(&job.lock, NULL);
	settings_fingerprint(cfg, fingerprint);
	if ((rc = remote_cache_open(&remote, cfg, fingerprint, jobs, d)))
		return rc;
	if (cfg->shard_count && !remote.target) {
		remote_cache_close(&remote);
		return diag_set(d, JD_EUSAGE, NULL, "--shard needs a shared cache to fill: pass --cache "
				"s3://BUCKET/PREFIX (or a directory), or set 'cache:' in jamdeploy.yml");
	}
	job.remote = &remote;
	build_cache_open(&cache, cache_dir, fingerprint);
	job.rc = xcalloc(s->nfiles + 1, sizeof(*job.rc));
	job.diags = xcalloc(s->nfiles + 1, sizeof(*job.diags));
	job.work = xcalloc(s->nfiles + 1, 1);
	run_round(&job, jobs);
	rc = first_error(&job, d);
	styles_in_fingerprint(s, cfg, styles_in);
	if (!rc && !strcmp(styles_in, cache.styles_in))
		memcpy(styles, cache.styles, sizeof(styles));
	/* read the stylesheets when they changed, or when some page will be minified again */
	for (size_t i = 0; i < s->nfiles && !rc && !css && cfg->minify_html; i++) {
		int clean;
		const struct file *f = &s->files[i];
		if (content_type_is_html(f->content_type) && (!styles[0] || !build_cache_find(&cache, f, &clean) || !clean))
			rc = styles_of_site(s, &css, styles, d);
	}
	if (!rc) {
		job.html_round = 1;
		job.css = css;
		job.html_cached = styles[0] && !strcmp(styles, cache.styles);
		job.styles = styles;
		run_round(&job, jobs);
		rc = first_error(&job, d);
	}
	for (size_t i = 0; i < s->nfiles; i++) {
		struct file *f = &s->files[i];
		memcpy(f->sha256, f->transform_sha256, sizeof(f->sha256));
		f->size = f->transform_size;
		s->transforms_run += (job.work[i] & WORK_TRANSFORM) != 0;
		s->webps_encoded += (job.work[i] & WORK_WEBP) != 0;
		s->from_local += (job.work[i] & WORK_LOCAL) != 0;
		s->from_remote += (job.work[i] & WORK_REMOTE) != 0;
		s->other_shard += (job.work[i] & WORK_OTHER_SHARD) != 0;
	}
	if (!rc && cfg->images_webp)
		add_derived_webps(s);
	/* styles not known (no page needed them): the next build works them out */
	if (!rc)
		build_cache_store(&cache, s, styles[0] ? styles_in : "", styles);
	build_cache_close(&cache);
	remote_cache_close(&remote);
	html_css_free(css);
	free(job.rc);
	free(job.diags);
	free(job.work);
	pthread_mutex_destroy(&job.lock);
	return rc;
}

const char *file_ship_path(const struct file *f)
{
	return f->cached_path ? f->cached_path : f->path;
}

enum jd_err file_load(struct file *f, struct diag *d)
{
	enum jd_err rc;

	if (f->in_memory)
		return JD_OK;
	buf_reset(&f->data);
	if ((rc = read_file(file_ship_path(f), &f->data, d)))
		return rc;
	f->in_memory = 1;
	return JD_OK;
}
