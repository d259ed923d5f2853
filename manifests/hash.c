/*
 * hash.c - SHA-256 helpers and the build cache (see buildcache.h).
 */
#include "buildcache.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"

#define CACHE_HEADER "# jamdeploy build cache 3 "
#define RACY_NS 2000000000LL /* coarse filesystems (FAT, HFS+) tick in seconds */
#define CACHE_INDEX_MAX (512u << 20)
#define NO_WEBP_SHA "0000000000000000000000000000000000000000000000000000000000000000" /* an N line: no WebP paid */

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

static int is_hex64(const char *s)
{
	for (int i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static int parse_line(char *line, struct cache_entry *e)
{
	char *p;

	errno = 0;
	e->mtime_ns = strtoll(line, &p, 10);
	if (errno || *p++ != ' ')
		return -1;
	e->size = strtoull(p, &p, 10);
	if (errno || *p++ != ' ' || strlen(p) < 66 || !is_hex64(p) || p[64] != ' ')
		return -1;
	memcpy(e->source_sha, p, 64);
	e->source_sha[64] = '\0';
	p += 65;
	if (strlen(p) < 66 || !is_hex64(p) || p[64] != ' ')
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
	char *index, *line, *nl;
	int64_t written;
	size_t hl = strlen(CACHE_HEADER);

	memset(c, 0, sizeof(*c));
	buf_init(&c->text, CACHE_INDEX_MAX);
	snprintf(c->fingerprint, sizeof(c->fingerprint), "%s", fingerprint);
	if (!dir)
		return;
	c->dir = xstrdup(dir);
	index = path_join(dir, "index");
	if (read_file(index, &c->text, &ignored) || !starts_with(c->text.data, CACHE_HEADER) ||
	    strncmp(c->text.data + hl, fingerprint, 16) != 0) {
		buf_reset(&c->text);
		free(index);
		return;
	}
	free(index);
	char *after;
	written = strtoll(c->text.data + hl + 16, &after, 10);
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
		e.racy = e.mtime_ns > written - RACY_NS;
		add_entry(kind ? &c->webps : &c->transforms, &e);
	}
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
			*clean = !e->racy && e->mtime_ns == f->mtime_ns && e->size == f->source_size;
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

char *build_cache_object_path(const struct build_cache *c, const char *sha)
{
	return xasprintf("%s/objects/%.2s/%s", c->dir, sha, sha);
}

static int by_path(const void *a, const void *b)
{
	return strcmp((*(const struct file *const *)a)->path, (*(const struct file *const *)b)->path);
}

/* One index line: "<mtime_ns> <size> <source sha256> <sha256> <out size> <kind> <path>". */
static void index_line(struct buf *out, int64_t mtime_ns, uint64_t size, const char *source_sha,
		       const char *sha, uint64_t out_size, char kind, const char *path)
{
	buf_printf(out, "%" PRId64 " %" PRIu64 " %s %s %" PRIu64 " %c %s\n", mtime_ns, size, source_sha, sha,
		   out_size, kind, path);
}

void build_cache_store(const struct build_cache *c, const struct site *s, const char *styles_in,
		       const char *styles)
{
	const struct file **order;
	struct buf out = BUF_INIT;
	struct diag ignored;
	struct timespec now;
	char *index;
	size_t n = 0;

	if (!c->dir)
		return;
	order = xcalloc(s->nfiles ? s->nfiles : 1, sizeof(*order));
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct file *f = &s->files[i];
		/* Only what a later build can find again: transformed bytes must be in the cache.
		 * A file whose transform failed is left out, so every build tries it again and
		 * repeats its warning instead of shipping it silently the second time. */
		if (!f->derived_from && !strchr(f->path, '\n') && !f->warning &&
		    (!f->transformed || f->cached_path) && f->source_sha256[0])
			order[n++] = f;
	}
	if (n)
		qsort(order, n, sizeof(*order), by_path);
	clock_gettime(CLOCK_REALTIME, &now);
	buf_printf(&out, CACHE_HEADER "%s %lld %s %s\n", c->fingerprint,
		   (long long)now.tv_sec * 1000000000LL + now.tv_nsec, styles_in, styles);
	for (size_t i = 0; i < n; i++) {
		const struct file *f = order[i];
		const struct cache_entry *old = f->webp_tried ? NULL : build_cache_find_webp(c, f);

		index_line(&out, f->mtime_ns, f->source_size, f->source_sha256, f->transform_sha256,
			   f->transform_size, f->transformed ? 'T' : 'S', f->path);
		if (f->webp_tried && (!f->webp_size || f->webp_cached_path))
			index_line(&out, f->mtime_ns, f->source_size, f->source_sha256,
				   f->webp_size ? f->webp_sha256 : NO_WEBP_SHA, f->webp_size, f->webp_size ? 'W' : 'N',
				   f->path);
		else if (old) /* a build without WebP keeps what the last one with it learned */
			index_line(&out, old->mtime_ns, old->size, old->source_sha, old->sha, old->out_size,
				   old->transformed ? 'W' : 'N', f->path);
	}
	index = path_join(c->dir, "index");
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
