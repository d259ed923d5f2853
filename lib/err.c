/*
 * err.c - error strings, exit statuses and struct diag helpers.
 *
 * A diag's message and file are masked (lib/redact.h) as they are set:
 * an endpoint or purge URL may carry a password, and a diag is printed,
 * put in --json documents and copied into warnings, so the one place every
 * message passes through is the place to remove it.
 */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "redact.h"

const char *jd_strerror(enum jd_err err)
{
	switch (err) {
	case JD_OK: return "success";
	case JD_EUSAGE: return "usage error";
	case JD_ECONFIG: return "configuration error";
	case JD_EIO: return "file error";
	case JD_EINPUT: return "malformed input";
	case JD_ELIMIT: return "input over limit";
	case JD_EMANIFEST: return "corrupt manifest";
	case JD_ETARGET: return "target error";
	case JD_ENET: return "network error";
	case JD_EAUTH: return "authentication error";
	case JD_EBUDGET: return "budget exceeded";
	case JD_EUNSUPPORTED: return "not available";
	case JD_ESAFETY: return "refused for safety";
	case JD_ENOTSMALLER: return "result not smaller";
	case JD_EDRIFT: return "target differs from its manifest";
	case JD_ECONFLICT: return "conflict on the target";
	}
	return "unknown error";
}

int jd_exit_status(enum jd_err err)
{
	switch (err) {
	case JD_OK:
	case JD_ENOTSMALLER:
		return 0;
	case JD_EUSAGE:
	case JD_ECONFIG:
	case JD_EUNSUPPORTED:
		return 2;
	case JD_EIO:
	case JD_EINPUT:
	case JD_ELIMIT:
	case JD_EMANIFEST:
	case JD_ETARGET:
	case JD_ENET:
	case JD_EAUTH:
	case JD_EBUDGET:
	case JD_ESAFETY:
	case JD_EDRIFT:
	case JD_ECONFLICT:
		return 1;
	}
	return 1;
}

void diag_clear(struct diag *d)
{
	memset(d, 0, sizeof(*d));
	d->offset = -1;
}

static enum jd_err diag_vset(struct diag *d, enum jd_err code, const char *file,
			     long line, long column, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT, safe = BUF_INIT;

	if (!d)
		return code;
	/*
	 * Format in full, then mask, then truncate: cut first, a password could
	 * lose the '@' that marks it.  Formatting into a buffer of our own also
	 * lets the arguments point into *d (file == d->file, "%s" of d->msg).
	 */
	buf_vprintf(&msg, fmt, ap);
	redact_secrets(msg.data, &safe);
	snprintf(d->msg, sizeof(d->msg), "%s", safe.data);
	buf_reset(&safe);
	redact_secrets(file ? file : "", &safe);
	snprintf(d->file, sizeof(d->file), "%s", safe.data);
	d->code = code;
	d->line = line;
	d->column = column;
	buf_release(&msg);
	buf_release(&safe);
	return code;
}

enum jd_err diag_set(struct diag *d, enum jd_err code, const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vset(d, code, file, 0, 0, fmt, ap);
	va_end(ap);
	return code;
}

enum jd_err diag_at(struct diag *d, enum jd_err code, const char *file, long line,
		    long column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vset(d, code, file, line, column, fmt, ap);
	va_end(ap);
	return code;
}

void diag_append(struct diag *d, const char *fmt, ...)
{
	struct buf msg = BUF_INIT, safe = BUF_INIT;
	size_t len;
	va_list ap;

	if (!d)
		return;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	redact_secrets(msg.data, &safe);
	len = strlen(d->msg);
	snprintf(d->msg + len, sizeof(d->msg) - len, "%s", safe.data);
	buf_release(&msg);
	buf_release(&safe);
}

void diag_format(const struct diag *d, char *out, size_t size)
{
	if (d->file[0] && d->line > 0 && d->column > 0)
		snprintf(out, size, "%s:%ld:%ld: %s", d->file, d->line, d->column, d->msg);
	else if (d->file[0] && d->line > 0)
		snprintf(out, size, "%s:%ld: %s", d->file, d->line, d->msg);
	else
		snprintf(out, size, "%s", d->msg);
}
