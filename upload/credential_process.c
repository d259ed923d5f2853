/*
 * credential_process.c - a profile's credential_process: run it, read its JSON.
 *
 * The command line is split into words the way a POSIX shell (and
 * botocore, with shlex) would: blanks separate words, '...' keeps
 * everything, "..." keeps everything but \" \\ \$ \` escapes, a backslash
 * outside quotes escapes the next character.  No shell runs it: no
 * globbing, no variables, no pipes.  The program is found on PATH
 * (posix_spawnp), its stdin is /dev/null, its stderr is ours (so aws-vault
 * or 1Password can prompt), its stdout is read up to 64 KiB and must be
 *
 *   {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
 *    "SessionToken": "...", "Expiration": "2024-05-01T12:00:00Z"}
 *
 * (SessionToken and Expiration optional).  Errors name the profile and
 * the field, never a value: the output holds the secret.
 */
#include "upload/cred_sources.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"

#define PROCESS_OUTPUT_MAX ((size_t)64 << 10)
#define PROCESS_ARGS_MAX 256

extern char **environ;

/* Split `s` into words (heap copies in argv, NULL-ended).  -1 on an open quote or too many words. */
static int split_words(const char *s, char **argv, int max)
{
	int n = 0;

	for (;;) {
		struct buf w = BUF_INIT;
		int in_word = 0;

		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		while (*s && !(*s == ' ' || *s == '\t' || *s == '\n')) {
			in_word = 1;
			if (*s == '\'') {
				const char *q = strchr(s + 1, '\'');

				if (!q)
					goto bad;
				buf_add(&w, s + 1, (size_t)(q - s - 1));
				s = q + 1;
			} else if (*s == '"') {
				for (s++; *s && *s != '"'; s++) {
					if (*s == '\\' && s[1] && strchr("\\\"$`\n", s[1]))
						s++;
					buf_addch(&w, *s);
				}
				if (*s != '"')
					goto bad;
				s++;
			} else if (*s == '\\' && s[1]) {
				buf_addch(&w, s[1]);
				s += 2;
			} else {
				buf_addch(&w, *s++);
			}
		}
		if (in_word) {
			if (n == max - 1)
				goto bad;
			argv[n++] = buf_detach(&w, NULL);
		}
		continue;
bad:
		buf_release(&w);
		argv[n] = NULL;
		for (int i = 0; i < n; i++)
			free(argv[i]);
		return -1;
	}
	argv[n] = NULL;
	return n;
}

/* Run argv, its stdout into out.  *status is the wait status. */
static enum jd_err run(char **argv, const char *profile, struct buf *out, int *status,
		       struct diag *d)
{
	posix_spawn_file_actions_t fa;
	int fds[2], err;
	pid_t pid;
	char chunk[4096];
	ssize_t got;
	int too_big = 0;

	if (pipe2(fds, O_CLOEXEC))
		return diag_set(d, JD_EIO, NULL, "cannot run credential_process: %s", strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (err) {
		close(fds[0]);
		return diag_set(d, JD_EAUTH, NULL, "credential_process of profile '%s': cannot run "
				"'%s': %s", profile, argv[0], strerror(err));
	}
	while ((got = read(fds[0], chunk, sizeof(chunk))) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (!too_big && buf_add(out, chunk, (size_t)got))
			too_big = 1;
	}
	OPENSSL_cleanse(chunk, sizeof(chunk));
	close(fds[0]);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	if (too_big)
		return diag_set(d, JD_ELIMIT, NULL, "credential_process of profile '%s' printed more "
				"than %zu bytes", profile, PROCESS_OUTPUT_MAX);
	return JD_OK;
}

static const char *field(json_t *doc, const char *name, int required)
{
	json_t *v = json_object_get(doc, name);

	if (!v || json_is_null(v))
		return required ? NULL : "";
	return json_is_string(v) ? json_string_value(v) : NULL;
}

enum jd_err credential_process_run(const char *command, const char *profile,
				   struct credentials *out, struct diag *d)
{
	char *argv[PROCESS_ARGS_MAX];
	struct buf text;
	json_t *doc = NULL, *ver;
	const char *id, *secret, *token, *exp;
	time_t expires = 0;
	int status = 0;
	enum jd_err rc;

	if (split_words(command, argv, PROCESS_ARGS_MAX) <= 0)
		return diag_set(d, JD_ECONFIG, NULL, "credential_process of profile '%s' is empty, "
				"has an unclosed quote or too many words", profile);
	buf_init(&text, PROCESS_OUTPUT_MAX);
	rc = run(argv, profile, &text, &status, d);
	if (rc == JD_OK && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		rc = diag_set(d, JD_EAUTH, NULL, "credential_process of profile '%s' ('%s') %s %d",
			      profile, argv[0], WIFEXITED(status) ? "exited with status" : "died of signal",
			      WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	if (rc == JD_OK && !(doc = json_loadb(text.data, text.len, 0, NULL)))
		rc = diag_set(d, JD_EAUTH, NULL, "credential_process of profile '%s' did not print a "
			      "JSON object", profile);
	if (rc == JD_OK) {
		ver = json_object_get(doc, "Version");
		id = field(doc, "AccessKeyId", 1);
		secret = field(doc, "SecretAccessKey", 1);
		token = field(doc, "SessionToken", 0);
		exp = field(doc, "Expiration", 0);
		if (!json_is_integer(ver) || json_integer_value(ver) != 1)
			rc = diag_set(d, JD_EAUTH, NULL, "credential_process of profile '%s': \"Version\" "
				      "must be 1", profile);
		else if (!id || !*id || !secret || !*secret || !token || !exp)
			rc = diag_set(d, JD_EAUTH, NULL, "credential_process of profile '%s': \"%s\" is "
				      "missing or not a string", profile,
				      !id || !*id ? "AccessKeyId" : !secret || !*secret ? "SecretAccessKey"
				      : !token ? "SessionToken" : "Expiration");
		else if (*exp && cred_parse_time(exp, &expires))
			rc = diag_set(d, JD_EAUTH, NULL, "credential_process of profile '%s': "
				      "\"Expiration\" '%s' is not an ISO 8601 time", profile, exp);
		else if (expires && expires <= time(NULL))
			rc = diag_set(d, JD_EAUTH, NULL, "credential_process of profile '%s' gave "
				      "credentials that expired at %s", profile, exp);
		else
			cred_set(out, "custom-process", id, secret, token, expires);
	}
	json_decref(doc);
	OPENSSL_cleanse(text.data, text.len);
	buf_release(&text);
	for (int i = 0; argv[i]; i++)
		free(argv[i]);
	return rc;
}
