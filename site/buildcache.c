/*
 * buildcache.c - the build cache (see buildcache.h).
 *
 * The cache's stat data is taken here, not from the scan: find() stats the
 * file when it is asked, and store() stats it again when the index is
 * written, after every read of the build.  What store() records is then
 * trusted only when the file's mtime and ctime are older than the moment
 * the cache was opened (before the build read any source) by RACY_NS: a
 * file changed while the build ran, even in the same clock tick as it was
 * read, is hashed again by the next build instead of being believed.
 */
#include "buildcache.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/paths.h"
#include "lib/util.h"
#include "lib/sha256.h"

#define CACHE_HEADER "# jamdeploy build cache 4 "
#define RACY_NS 2000000000LL /* coarse filesystems (FAT, HFS+) tick in seconds */
#define CACHE_INDEX_MAX (512u << 20)

/* The stat data an index line keeps (git's struct stat_data, less uid/gid/mode). */
struct cache_stat {
	int64_t mtime_ns, ctime_ns;
	uint64_t dev, ino, size;
};

static int parse_line(char *line, struct cache_entry *e)
{
	char *p;

	errno = 0;
	e->mtime_ns = strtoll(line, &p, 10);
	if (errno || *p++ != ':')
		return -1;
	e->ctime_ns = strtoll(p, &p, 10);
	if (errno || *p++ != ':')
		return -1;
	e->dev = strtoull(p, &p, 10);
	if (errno || *p++ != ':')
		return -1;
	e->ino = strtoull(p, &p, 10);
	if (errno || *p++ != ' ')
		return -1;
	e->size = strtoull(p, &p, 10);
	if (errno || *p++ != ' ' || strlen(p) < 66 || !hex_is_lower(p, 64) || p[64] != ' ')
		return -1;
	memcpy(e->source_sha, p, 64);
	e->source_sha[64] = '\0';
	p += 65;
	if (strlen(p) < 66 || !hex_is_lower(p, 64) || p[64] != ' ')
		return -1;
	memcpy(e->sha, p, 64);
	e->sha[64] = '\0';
	p += 65;
	e->out_size = strtoull(p, &p, 10);
	if (errno || p[0] != ' ' || !p[1] || !strchr("TSWN", p[1]) || p[2] != ' ' || !p[3])
		return -1;
	e->transformed = p[1] == 'T' || p[1] == 'W';
	e->path = p + 3;
	return p[1] == 'W' || p[1] == 'N' ? 1 : 0;
}

/* Append an entry; entries of one kind must come in strictly increasing path order. */
static void add_entry(struct cache_entries *l, const struct cache_entry *e)
{
	if (l->n && strcmp(l->e[l->n - 1].path, e->path) >= 0)
		return; /* out of order: not ours */
	ARRAY_GROW(l->e, l->n + 1, l->cap);
	l->e[l->n++] = *e;
}

void build_cache_open(struct build_cache *c, const char *dir, const char *fingerprint)
{
	struct diag ignored;
	struct timespec now;
	char *index, *line, *nl;
	int64_t opened; /* when the build that wrote the index opened it */
	size_t hl = strlen(CACHE_HEADER);

	memset(c, 0, sizeof(*c));
	clock_gettime(CLOCK_REALTIME, &now);
	c->opened_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
	buf_init(&c->text, CACHE_INDEX_MAX);
	snprintf(c->fingerprint, sizeof(c->fingerprint), "%s", fingerprint);
	if (!dir)
		return;
	c->dir = xstrdup(dir);
	index = path_join(dir, JD_CACHE_INDEX);
	if (read_file(index, &c->text, &ignored) || !starts_with(c->text.data, CACHE_HEADER) ||
	    strncmp(c->text.data + hl, fingerprint, 16) != 0) {
		buf_reset(&c->text);
		free(index);
		return;
	}
	free(index);
	char *after;
	opened = strtoll(c->text.data + hl + 16, &after, 10);
	sscanf(after, " %16[0-9a-f] %16[0-9a-f]", c->styles_in, c->styles);
	for (line = c->text.data; line < c->text.data + c->text.len; line = nl + 1) {
		struct cache_entry e;
		int kind;
		nl = memchr(line, '\n', (size_t)(c->text.data + c->text.len - line));
		if (!nl)
			break;
		*nl = '\0';
		if (line[0] == '#' || (kind = parse_line(line, &e)) < 0)
			continue;
		e.racy = e.mtime_ns > opened - RACY_NS || e.ctime_ns > opened - RACY_NS;
		add_entry(kind ? &c->webps : &c->transforms, &e);
	}
}

/* Fill `st` with the file's stat data as the index keeps it; -1 when it cannot be had. */
static int stat_of(const struct file *f, struct cache_stat *st)
{
	struct stat sb;

	/* stat, not lstat: a link inside the site is read as the file it names (scan.c) */
	if (stat(f->path, &sb) != 0)
		return -1;
	st->mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
	st->ctime_ns = (int64_t)sb.st_ctim.tv_sec * 1000000000 + sb.st_ctim.tv_nsec;
	st->dev = (uint64_t)sb.st_dev;
	st->ino = (uint64_t)sb.st_ino;
	st->size = (uint64_t)sb.st_size;
	return 0;
}

/*
 * git's ie_match_stat: the entry holds without reading the file when every
 * field of the stat data is the recorded one.  mtime and size alone are not
 * enough: `cp -p`, `rsync -a`, tar and reproducible builds rewrite a file
 * and put its old mtime back, and a same-size edit then looks untouched.
 * Such a rewrite always sets a new ctime (nobody can set that) and often a
 * new inode.  The scan's mtime and size must agree too: they are what the
 * rest of the build believes about the file.
 */
static int entry_is_clean(const struct cache_entry *e, const struct file *f)
{
	struct cache_stat now;

	if (e->racy || e->mtime_ns != f->mtime_ns || e->size != f->source_size || stat_of(f, &now) != 0)
		return 0;
	return now.mtime_ns == e->mtime_ns && now.ctime_ns == e->ctime_ns && now.size == e->size &&
	       now.ino == e->ino && now.dev == e->dev;
}

static const struct cache_entry *find_in(const struct cache_entries *l, const struct file *f, int *clean)
{
	size_t lo = 0, hi = l->n;

	*clean = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(f->path, l->e[mid].path);
		if (!r) {
			const struct cache_entry *e = &l->e[mid];
			*clean = entry_is_clean(e, f);
			return e;
		}
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct cache_entry *build_cache_find(const struct build_cache *c, const struct file *f, int *clean)
{
	return find_in(&c->transforms, f, clean);
}

const struct cache_entry *build_cache_find_webp(const struct build_cache *c, const struct file *f)
{
	int clean;
	const struct cache_entry *e = find_in(&c->webps, f, &clean);

	return e && (clean || (f->source_sha256[0] && !strcmp(e->source_sha, f->source_sha256))) ? e : NULL;
}

char *cache_object_path(const char *cache_dir, const char *sha)
{
	return xasprintf("%s/" JD_CACHE_OBJECTS "/%.2s/%s", cache_dir, sha, sha);
}

char *build_cache_object_path(const struct build_cache *c, const char *sha)
{
	return cache_object_path(c->dir, sha);
}

static int by_path(const void *a, const void *b)
{
	return strcmp((*(const struct file *const *)a)->path, (*(const struct file *const *)b)->path);
}

/*
 * One index line: "<mtime_ns>:<ctime_ns>:<dev>:<ino> <size> <source sha256> <sha256> <out size>
 * <kind> <path>".
 */
static void index_line(struct buf *out, const struct cache_stat *st, const char *source_sha, const char *sha,
		       uint64_t out_size, char kind, const char *path)
{
	buf_printf(out, "%" PRId64 ":%" PRId64 ":%" PRIu64 ":%" PRIu64 " %" PRIu64 " %s %s %" PRIu64 " %c %s\n",
		   st->mtime_ns, st->ctime_ns, st->dev, st->ino, st->size, source_sha, sha, out_size, kind, path);
}

void build_cache_store(const struct build_cache *c, const struct site *s, const char *styles_in,
		       const char *styles)
{
	const struct file **order;
	struct buf out = BUF_INIT;
	struct diag ignored;
	char *index;
	size_t n = 0;

	if (!c->dir)
		return;
	order = xcalloc(s->nfiles ? s->nfiles : 1, sizeof(*order));
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct file *f = &s->files[i];
		/* Only what a later build can find again: transformed bytes must be in the cache.
		 * A file whose transform failed is left out, so every build tries it again and
		 * repeats its warning instead of shipping it silently the second time.  A file
		 * another shard transforms (build --shard) has no result here. */
		if (!f->derived_from && !strchr(f->path, '\n') && !f->warning && !f->other_shard &&
		    (!f->transformed || f->cached_path) && f->source_sha256[0])
			order[n++] = f;
	}
	if (n)
		qsort(order, n, sizeof(*order), by_path);
	/* The time the cache was opened, not now: see the top of this file. */
	buf_printf(&out, CACHE_HEADER "%s %" PRId64 " %s %s\n", c->fingerprint, c->opened_ns, styles_in, styles);
	for (size_t i = 0; i < n; i++) {
		const struct file *f = order[i];
		const struct cache_entry *old = f->webp_tried ? NULL : build_cache_find_webp(c, f);
		struct cache_stat st;

		/* Stat data from now, after every read: the opening time makes a change since racy. */
		if (stat_of(f, &st) != 0)
			continue; /* gone: nothing to remember */
		index_line(&out, &st, f->source_sha256, f->transform_sha256, f->transform_size,
			   f->transformed ? 'T' : 'S', f->path);
		if (f->webp_tried && (!f->webp_size || f->webp_cached_path))
			index_line(&out, &st, f->source_sha256, f->webp_size ? f->webp_sha256 : BUILD_CACHE_NO_WEBP_SHA,
				   f->webp_size, f->webp_size ? 'W' : 'N', f->path);
		else if (old && !strcmp(old->source_sha, f->source_sha256))
			/* a build without WebP keeps what the last one with it learned of these bytes */
			index_line(&out, &st, old->source_sha, old->sha, old->out_size, old->transformed ? 'W' : 'N',
				   f->path);
	}
	index = path_join(c->dir, JD_CACHE_INDEX);
	/* A cache that cannot be written only costs time next run. */
	write_file_atomic(index, out.data, out.len, &ignored);
	free(index);
	buf_release(&out);
	free(order);
}

void build_cache_close(struct build_cache *c)
{
	free(c->dir);
	buf_release(&c->text);
	free(c->transforms.e);
	free(c->webps.e);
	memset(c, 0, sizeof(*c));
}
