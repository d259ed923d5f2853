/*
 * replay.c - run saved inputs through a fuzz harness without libFuzzer (make unit).
 *
 * Linked with one tests/fuzz/fuzz_NAME.c and the library by the normal CC, as
 * build/tests/replay_NAME.  Each FILE argument (a folder: every regular file in
 * it, sorted) is given to LLVMFuzzerTestOneInput in a child process of its own,
 * so an abort, a crash, a sanitizer report (make asan) or a hang stops only that
 * input; each input prints one line for tests/run:
 *
 *   ok - fuzz_minify: tests/fuzz/crashers/minify/css-stray-brace-hang
 *   not ok - fuzz_minify: tests/fuzz/crashers/minify/x: killed by signal 6 (Aborted)
 *
 * A hang is an input that runs longer than REPLAY_TIMEOUT seconds (default 20,
 * the -timeout make fuzz gives libFuzzer).  A file that cannot be read is a
 * failure too.  The exit status is 1 when any input failed.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef REPLAY_NAME
#define REPLAY_NAME "fuzz"
#endif

static const char *harness = REPLAY_NAME;
static int failures;

static void not_ok(const char *path, const char *why)
{
	printf("not ok - %s: %s: %s\n", harness, path, why);
	failures++;
}

static void replay_file(const char *path, unsigned timeout)
{
	struct buf data = BUF_INIT;
	struct diag d;
	pid_t pid;
	int status;
	char why[128];

	if (read_file(path, &data, &d)) {
		not_ok(path, d.msg);
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		not_ok(path, strerror(errno));
		buf_release(&data);
		return;
	}
	if (pid == 0) {
		alarm(timeout);
		/* A copy of exactly `len` bytes, as libFuzzer passes: an overread past it is caught under ASan. */
		uint8_t *copy = xmalloc(data.len ? data.len : 1);
		memcpy(copy, data.data, data.len);
		LLVMFuzzerTestOneInput(copy, data.len);
		free(copy);
		buf_release(&data);
		/* exit, not _exit: LeakSanitizer checks from an exit handler (make asan) */
		exit(0);
	}
	buf_release(&data);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			not_ok(path, strerror(errno));
			return;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("ok - %s: %s\n", harness, path);
		return;
	}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		snprintf(why, sizeof(why), "still running after %u s (a hang)", timeout);
	else if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(why, sizeof(why), "exited with status %d", WEXITSTATUS(status));
	not_ok(path, why);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void replay_dir(const char *dir, unsigned timeout)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (!dp) {
		not_ok(dir, strerror(errno));
		return;
	}
	while ((de = readdir(dp))) {
		struct stat st;
		char *path;

		/* README files and dotfiles describe the folder; they are not inputs. */
		if (de->d_name[0] == '.' || starts_with(de->d_name, "README"))
			continue;
		path = path_join(dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			ARRAY_GROW(names, n + 1, cap);
			names[n++] = path;
		} else {
			free(path);
		}
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof(*names), compare_names);
	for (size_t i = 0; i < n; i++) {
		replay_file(names[i], timeout);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	const char *t = getenv("REPLAY_TIMEOUT");
	size_t timeout = 20;

	if (t && (parse_size_t(t, &timeout) || timeout == 0 || timeout > 3600))
		timeout = 20;
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			replay_dir(argv[i], (unsigned)timeout);
		else
			replay_file(argv[i], (unsigned)timeout);
	}
	return failures ? 1 : 0;
}
