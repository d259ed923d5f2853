/*
 * hash.c - SHA-256 of every file that will ship, with a stat-keyed cache.
 *
 * A no-change push of a large site must not read every file again, so the
 * sha256 of each untransformed source file is remembered in
 * `.jamdeploy/cache/hashes`, one line per file, sorted by path:
 *
 *     <mtime_ns> <size> <sha256 hex> <path>\n
 *
 * e.g. "1732500000123456789 5120 9f86d0...0a08 public/index.html", after a
 * first line "# jamdeploy hash cache 1 <time written, ns>".  An entry is used
 * only when both mtime and size still match (the rule git's index and rsync
 * use), and only when the file's mtime is more than RACY_NS older than the
 * time the cache was written: a file changed in the same clock tick as it
 * was hashed could otherwise keep its old size and mtime (git's "racy
 * clean" problem), so such entries are hashed again.  Paths containing a newline are never cached.  The file is
 * rewritten atomically after hashing, with only the files of this site, so
 * it never grows stale entries.  A corrupt cache line is ignored (the file
 * is hashed again): the cache can only cost time, never correctness.
 */
#include "site.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"

struct cache_entry {
	const char *path;  /* points into the loaded text */
	int64_t mtime_ns;
	uint64_t size;
	const char *sha;   /* 64 hex digits, not terminated */
};

#define CACHE_HEADER "# jamdeploy hash cache 1 "
#define RACY_NS 2000000000LL /* coarse filesystems (FAT, HFS+) tick in seconds */

struct hash_cache {
	struct buf text;
	int64_t written_ns;
	struct cache_entry *e;
	size_t n, cap;
};

static void to_hex(const unsigned char *md, char out[65])
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

void sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;

	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	to_hex(md, out);
}

enum jd_err sha256_file(const char *path, char out[65], struct diag *d)
{
	unsigned char chunk[1 << 16], md[32];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return diag_set(d, JD_EIO, path, "cannot read '%s': %s", path, strerror(errno));
	ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			EVP_MD_CTX_free(ctx);
			close(fd);
			return diag_set(d, JD_EIO, path, "cannot read '%s': %s", path, strerror(e));
		}
		EVP_DigestUpdate(ctx, chunk, (size_t)n);
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	close(fd);
	to_hex(md, out);
	return JD_OK;
}

static int parse_cache_line(char *line, struct cache_entry *e)
{
	char *end;

	errno = 0;
	e->mtime_ns = strtoll(line, &end, 10);
	if (errno || *end != ' ')
		return -1;
	e->size = strtoull(end + 1, &end, 10);
	if (errno || *end != ' ' || strlen(end + 1) < 66 || end[65] != ' ')
		return -1;
	e->sha = end + 1;
	for (int i = 0; i < 64; i++)
		if (!strchr("0123456789abcdef", e->sha[i]))
			return -1;
	e->path = end + 66;
	return 0;
}

static void cache_load(struct hash_cache *c, const char *path)
{
	struct diag ignored;
	char *line, *nl;

	buf_init(&c->text, 512u << 20);
	if (read_file(path, &c->text, &ignored)) {
		buf_reset(&c->text);
		return;
	}
	if (!starts_with(c->text.data, CACHE_HEADER)) {
		buf_reset(&c->text);
		return;
	}
	c->written_ns = strtoll(c->text.data + strlen(CACHE_HEADER), NULL, 10);
	for (line = c->text.data; line < c->text.data + c->text.len; line = nl + 1) {
		struct cache_entry e;
		nl = memchr(line, '\n', (size_t)(c->text.data + c->text.len - line));
		if (!nl)
			break;
		*nl = '\0';
		if (parse_cache_line(line, &e) || e.mtime_ns > c->written_ns - RACY_NS)
			continue;
		if (c->n && strcmp(c->e[c->n - 1].path, e.path) >= 0)
			continue; /* out of order: not written by us, ignore */
		ARRAY_GROW(c->e, c->n + 1, c->cap);
		c->e[c->n++] = e;
	}
}

static const struct cache_entry *cache_find(const struct hash_cache *c, const char *path)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(path, c->e[mid].path);
		if (!r)
			return &c->e[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int by_path(const void *a, const void *b)
{
	return strcmp((*(const struct file *const *)a)->path, (*(const struct file *const *)b)->path);
}

/* Rewrite the cache with the untransformed files of this site, sorted by path. */
static void cache_store(const struct site *s, const char *cache_path)
{
	const struct file **order = xcalloc(s->nfiles ? s->nfiles : 1, sizeof(*order));
	struct buf out = BUF_INIT;
	struct diag ignored;
	struct timespec now;
	size_t n = 0;

	for (size_t i = 0; i < s->nfiles; i++)
		if (!s->files[i].in_memory && !strchr(s->files[i].path, '\n'))
			order[n++] = &s->files[i];
	if (n)
		qsort(order, n, sizeof(*order), by_path);
	clock_gettime(CLOCK_REALTIME, &now);
	buf_printf(&out, CACHE_HEADER "%lld\n", (long long)now.tv_sec * 1000000000LL + now.tv_nsec);
	for (size_t i = 0; i < n; i++)
		buf_printf(&out, "%" PRId64 " %" PRIu64 " %s %s\n", order[i]->mtime_ns,
			   order[i]->source_size, order[i]->sha256, order[i]->path);
	/* A cache that cannot be written only costs time next run. */
	write_file_atomic(cache_path, out.data, out.len, &ignored);
	buf_release(&out);
	free(order);
}

enum jd_err hash_site(struct site *s, const char *cache_path, struct diag *d)
{
	struct hash_cache cache = { BUF_INIT, 0, NULL, 0, 0 };
	size_t misses = 0;
	enum jd_err rc = JD_OK;

	if (cache_path)
		cache_load(&cache, cache_path);
	for (size_t i = 0; i < s->nfiles && !rc; i++) {
		struct file *f = &s->files[i];
		const struct cache_entry *e;

		if (f->in_memory) {
			sha256_hex(f->data.data, f->data.len, f->sha256);
			f->size = f->data.len;
			continue;
		}
		e = cache_find(&cache, f->path);
		if (e && e->mtime_ns == f->mtime_ns && e->size == f->source_size) {
			memcpy(f->sha256, e->sha, 64);
			f->sha256[64] = '\0';
			continue;
		}
		misses++;
		rc = sha256_file(f->path, f->sha256, d);
	}
	if (!rc && cache_path && (misses || cache.n != s->nfiles))
		cache_store(s, cache_path);
	buf_release(&cache.text);
	free(cache.e);
	return rc;
}
