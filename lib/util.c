/*
 * util.c - allocation wrappers and whole-file I/O with atomic writes.
 *
 * Atomic writes follow the usual recipe: create "NAME.tmp.PID.N" beside the
 * destination with O_EXCL, write everything, rename over NAME.  On any
 * failure the temporary is unlinked, so a crash or a full disk never leaves
 * a half-written file under the real name.  Files are not fsync'd (see
 * upload/target_dir.c for why).
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void out_of_memory(size_t n)
{
	fprintf(stderr, "jamdeploy: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (!p)
		out_of_memory(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		out_of_memory(n);
	return q;
}

void *xreallocarray(void *p, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	return xrealloc(p, count * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b, NULL);
}

enum jd_err read_file(const char *path, struct buf *out, struct diag *d)
{
	struct stat st;
	char chunk[65536];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return diag_set(d, JD_EIO, path, "cannot read '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((unsigned long long)st.st_size > out->max - out->len) {
			close(fd);
			return diag_set(d, JD_ELIMIT, path, "'%s' is too large (%lld bytes, limit %zu)",
					path, (long long)st.st_size, out->max);
		}
		buf_grow(out, (size_t)st.st_size);
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			return diag_set(d, JD_EIO, path, "cannot read '%s': %s", path, strerror(e));
		}
		if (n == 0)
			break;
		if (buf_add(out, chunk, (size_t)n)) {
			close(fd);
			return diag_set(d, JD_ELIMIT, path, "'%s' is larger than the limit of %zu bytes",
					path, out->max);
		}
	}
	close(fd);
	return JD_OK;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Open a fresh temporary beside `path`; returns fd and fills tmp. */
static int open_temp_beside(const char *path, struct buf *tmp)
{
	/* Threads may write files at once; __atomic_fetch_add is a GCC/Clang builtin. */
	static unsigned counter;
	int fd;

	for (int tries = 0; tries < 100; tries++) {
		buf_reset(tmp);
		buf_printf(tmp, "%s.tmp.%ld.%u", path, (long)getpid(),
			   __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED));
		fd = open(tmp->data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

static enum jd_err finish_temp(int fd, struct buf *tmp, const char *path, int failed_errno,
			       struct diag *d)
{
	if (close(fd) != 0 && !failed_errno)
		failed_errno = errno;
	if (!failed_errno && rename(tmp->data, path) != 0)
		failed_errno = errno;
	if (failed_errno) {
		unlink(tmp->data);
		buf_release(tmp);
		return diag_set(d, JD_EIO, path, "cannot write '%s': %s", path, strerror(failed_errno));
	}
	buf_release(tmp);
	return JD_OK;
}

enum jd_err write_file_atomic(const char *path, const void *data, size_t len, struct diag *d)
{
	struct buf tmp = BUF_INIT;
	enum jd_err rc;
	int fd;

	if ((rc = mkdir_parents(path, d)))
		return rc;
	fd = open_temp_beside(path, &tmp);
	if (fd < 0) {
		int e = errno;
		buf_release(&tmp);
		return diag_set(d, JD_EIO, path, "cannot write '%s': %s", path, strerror(e));
	}
	return finish_temp(fd, &tmp, path, write_all(fd, data, len) ? errno : 0, d);
}

enum jd_err copy_file_atomic(const char *src, const char *dst, struct diag *d)
{
	struct buf tmp = BUF_INIT;
	char chunk[65536];
	enum jd_err rc;
	int in, out, failed = 0;
	ssize_t n;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return diag_set(d, JD_EIO, src, "cannot read '%s': %s", src, strerror(errno));
	if ((rc = mkdir_parents(dst, d))) {
		close(in);
		return rc;
	}
	out = open_temp_beside(dst, &tmp);
	if (out < 0) {
		int e = errno;
		close(in);
		buf_release(&tmp);
		return diag_set(d, JD_EIO, dst, "cannot write '%s': %s", dst, strerror(e));
	}
	for (;;) {
		n = read(in, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(in);
			close(out);
			unlink(tmp.data);
			buf_release(&tmp);
			return diag_set(d, JD_EIO, src, "cannot read '%s': %s", src, strerror(e));
		}
		if (n == 0)
			break;
		if (write_all(out, chunk, (size_t)n)) {
			failed = errno;
			break;
		}
	}
	close(in);
	return finish_temp(out, &tmp, dst, failed, d);
}

enum jd_err mkdir_all(const char *dir, struct diag *d)
{
	char *p = xstrdup(dir);
	struct stat st;

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char saved = *s;
			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST) {
				int e = errno;
				enum jd_err rc = diag_set(d, JD_EIO, p, "cannot create directory '%s': %s",
							  p, strerror(e));
				free(p);
				return rc;
			}
			*s = saved;
			if (!saved)
				break;
		}
	}
	if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
		enum jd_err rc = diag_set(d, JD_EIO, p, "'%s' exists and is not a directory", p);
		free(p);
		return rc;
	}
	free(p);
	return JD_OK;
}

enum jd_err mkdir_parents(const char *path, struct diag *d)
{
	const char *slash = strrchr(path, '/');
	enum jd_err rc;
	char *dir;

	if (!slash || slash == path)
		return JD_OK;
	dir = xstrndup(path, (size_t)(slash - path));
	rc = mkdir_all(dir, d);
	free(dir);
	return rc;
}

char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a);

	if (!la)
		return xstrdup(b);
	if (a[la - 1] == '/')
		return xasprintf("%s%s", a, b);
	return xasprintf("%s/%s", a, b);
}

int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

int hex_digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int parse_size_t(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > SIZE_MAX)
		return -1;
	*out = (size_t)v;
	return 0;
}

int cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}
