/*
 * redact.h - masking the credentials a URL can carry, in any text we print.
 *
 * An endpoint or purge URL may hold a password (`https://user:pass@host/`)
 * and a presigned URL holds a signature and a session token.  Every message
 * jamdeploy shows (errors, warnings, the -v request lines, the --json
 * error document) passes through redact_secrets(), so no error path can
 * forget it: lib/err.c applies it when a diag is set, cmd/main.c again when
 * the error is printed, upload/http.c to each -v line, cmd/report.c to
 * warnings.
 */
#ifndef JD_REDACT_H
#define JD_REDACT_H

#include <stddef.h>

#include "buf.h"

/*
 * Append `text` to `out` with these parts replaced by "REDACTED":
 *
 *   - the userinfo of a URL: what lies between "://" and the last '@'
 *     before the host ends (at '/', '?', '#', '\' or whitespace), so
 *     `http://user:pass@h/` becomes `http://REDACTED@h/`;
 *   - the same without a scheme: a word (starting after whitespace, a
 *     quote, '(', '<', '[', ',' or '=', and ending where a host does) whose
 *     last '@' has a ':' before it is masked up to that '@', so
 *     `'user:pass@host'` becomes `'REDACTED@host'` (an e-mail address,
 *     `a@b`, stays; `key=user:pass@host` loses its `key=` too: a password
 *     may hold '=');
 *   - the value of the query parameters X-Amz-Signature, X-Amz-Credential,
 *     X-Amz-Security-Token, Signature and AWSAccessKeyId (any case), up to
 *     '&', '#', whitespace, a quote, '<', '>', ')' or ','.
 *
 * Limits: a password holding a raw '/', '?', '#' or whitespace (URLs
 * require them percent-encoded) ends the host early and is not found.
 * Masking masked text changes nothing.
 */
void redact_secrets(const char *text, struct buf *out);

/*
 * Mask `s` in place (a NUL-terminated string in a buffer of `size` bytes),
 * truncating to fit: "REDACTED" may be longer than what it replaces.
 */
void redact_in_place(char *s, size_t size);

#endif
