/*
 * util.c - xasprintf, whole-file I/O with atomic writes, small string and
 * path helpers.
 *
 * Built on buf.c and alloc.c, never the other way round (see alloc.h for
 * the layering of lib/): the allocation wrappers live in alloc.c, so the
 * buffer does not call back into this file.
 *
 * Atomic writes follow the usual recipe: create a temporary beside the
 * destination with O_EXCL, write everything, rename over NAME.  On any
 * failure the temporary is unlinked, so a crash or a full disk never leaves
 * a half-written file under the real name.  Files are not fsync'd (see
 * upload/target_dir.c for why).
 *
 * The temporary is ".jd-tmp-" and 8 random characters (ATOMIC_TMP_PREFIX),
 * not "NAME.tmp.PID.N": a name of 245-255 bytes, which a site may have,
 * would push that past NAME_MAX and the write would fail.  One fixed prefix
 * also lets the directory target tell its own leftovers (a killed push)
 * from site files such as "notes.tmp.html", and remove only those.  A site
 * never ships a dotfile of its own outside .well-known/ (scan.c), so the
 * prefix cannot collide with a key.  This file is the one place that writes
 * files atomically: the directory target (upload/target_dir.c), `build -o`
 * (pipeline/build.c) and the caches all come through here.
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b, NULL);
}

enum jd_err read_fd(int fd, const char *shown, struct buf *out, struct diag *d)
{
	struct stat st;
	char chunk[65536];
	ssize_t n;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((unsigned long long)st.st_size > out->max - out->len)
			return diag_set(d, JD_ELIMIT, shown, "'%s' is too large (%lld bytes, limit %zu)",
					shown, (long long)st.st_size, out->max);
		buf_grow(out, (size_t)st.st_size);
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return diag_set(d, JD_EIO, shown, "cannot read '%s': %s", shown, strerror(errno));
		if (n == 0)
			return JD_OK;
		if (buf_add(out, chunk, (size_t)n))
			return diag_set(d, JD_ELIMIT, shown, "'%s' is larger than the limit of %zu bytes",
					shown, out->max);
	}
}

enum jd_err read_file(const char *path, struct buf *out, struct diag *d)
{
	enum jd_err rc;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return diag_set(d, JD_EIO, path, "cannot read '%s': %s", path, strerror(errno));
	rc = read_fd(fd, path, out, d);
	close(fd);
	return rc;
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

int is_atomic_temp(const char *name)
{
	return starts_with(name, ATOMIC_TMP_PREFIX);
}

/*
 * Put the name of a fresh temporary beside `name` (same folder, relative to
 * the same directory fd) into `tmp`.  Random like mkstemp's, so processes
 * and threads need no shared counter; O_EXCL settles the rare collision.
 */
static void temp_name(struct buf *tmp, const char *name)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	const char *slash = strrchr(name, '/');
	unsigned char r[8];

	if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		/* No entropy yet (early boot): the clock and pid still make names that rarely meet. */
		struct timespec now;
		uint64_t x;
		clock_gettime(CLOCK_MONOTONIC, &now);
		x = ((uint64_t)now.tv_nsec << 20) ^ (uint64_t)now.tv_sec ^ ((uint64_t)getpid() << 40) ^
		    (uint64_t)(uintptr_t)tmp;
		for (size_t i = 0; i < sizeof(r); i++, x = x * 6364136223846793005ULL + 1442695040888963407ULL)
			r[i] = (unsigned char)(x >> 56);
	}
	buf_reset(tmp);
	if (slash)
		buf_add(tmp, name, (size_t)(slash - name) + 1);
	buf_addstr(tmp, ATOMIC_TMP_PREFIX);
	for (size_t i = 0; i < sizeof(r); i++)
		buf_addch(tmp, alphabet[r[i] % (sizeof(alphabet) - 1)]);
}

/*
 * The one atomic write: bytes from `data`/`len`, or streamed from `src_fd`
 * (>= 0; `src` names it in messages), into a temporary beside `name`
 * relative to `dirfd`, then renamed over `name`.  O_NOFOLLOW and O_EXCL:
 * the temporary is always a new file, never something a link points at,
 * and renameat replaces `name` itself, a symlink included.
 */
static enum jd_err write_atomic(int dirfd, const char *name, const char *shown, const void *data, size_t len,
				int src_fd, const char *src, int exclusive, struct diag *d)
{
	struct buf tmp = BUF_INIT;
	enum jd_err rc = JD_OK;
	int fd = -1, failed = 0;

	for (int tries = 0; tries < 100 && fd < 0; tries++) {
		temp_name(&tmp, name);
		fd = openat(dirfd, tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		failed = errno;
		buf_release(&tmp);
		return diag_set(d, JD_EIO, shown, "cannot write '%s': %s", shown, strerror(failed));
	}
	if (src_fd < 0) {
		failed = write_all(fd, data, len) ? errno : 0;
	} else {
		char chunk[65536];
		for (;;) {
			ssize_t n = read(src_fd, chunk, sizeof(chunk));
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				rc = diag_set(d, JD_EIO, src, "cannot read '%s': %s", src, strerror(errno));
				break;
			}
			if (n == 0)
				break;
			if (write_all(fd, chunk, (size_t)n)) {
				failed = errno;
				break;
			}
		}
	}
	if (close(fd) != 0 && !failed)
		failed = errno;
	if (!rc && !failed && exclusive) {
		/* link(2) fails on an existing name, like O_EXCL, but shows the file whole */
		if (linkat(dirfd, tmp.data, dirfd, name, 0) != 0)
			failed = errno;
		unlinkat(dirfd, tmp.data, 0);
		if (failed == EEXIST)
			rc = diag_set(d, JD_ECONFLICT, shown, "'%s' exists already", shown);
	} else if (!rc && !failed && renameat(dirfd, tmp.data, dirfd, name) != 0) {
		failed = errno;
	}
	if (rc || failed)
		unlinkat(dirfd, tmp.data, 0);
	if (!rc && failed)
		rc = diag_set(d, JD_EIO, shown, "cannot write '%s': %s", shown, strerror(failed));
	buf_release(&tmp);
	return rc;
}

enum jd_err write_file_atomic_at(int dirfd, const char *name, const char *shown, const void *data, size_t len,
				 struct diag *d)
{
	return write_atomic(dirfd, name, shown, data, len, -1, NULL, 0, d);
}

enum jd_err write_file_exclusive_at(int dirfd, const char *name, const char *shown, const void *data,
				    size_t len, struct diag *d)
{
	return write_atomic(dirfd, name, shown, data, len, -1, NULL, 1, d);
}

enum jd_err copy_file_atomic_at(const char *src, int dirfd, const char *name, const char *shown, struct diag *d)
{
	enum jd_err rc;
	int in = open(src, O_RDONLY | O_CLOEXEC);

	if (in < 0)
		return diag_set(d, JD_EIO, src, "cannot read '%s': %s", src, strerror(errno));
	rc = write_atomic(dirfd, name, shown, NULL, 0, in, src, 0, d);
	close(in);
	return rc;
}

enum jd_err write_file_atomic(const char *path, const void *data, size_t len, struct diag *d)
{
	enum jd_err rc = mkdir_parents(path, d);

	return rc ? rc : write_file_atomic_at(AT_FDCWD, path, path, data, len, d);
}

enum jd_err copy_file_atomic(const char *src, const char *dst, struct diag *d)
{
	enum jd_err rc = mkdir_parents(dst, d);

	return rc ? rc : copy_file_atomic_at(src, AT_FDCWD, dst, dst, d);
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

const char *getenv_nonempty(const char *name)
{
	const char *v = name ? getenv(name) : NULL;

	return v && *v ? v : NULL;
}
