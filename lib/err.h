/*
 * err.h - jamdeploy's error codes and the diagnostics that carry them.
 *
 * Library code (minify/, images/, manifests/, upload/) never prints or
 * exits: it returns one of these codes and fills the caller's struct diag
 * with the file, the position when one applies, and a message that says
 * what to do.  Only cmd/main.c turns a code into an exit status.
 *
 * The numbers are part of the --json output and are never reused: add new
 * codes at the end.  jd_strerror() has a case for every value, so -Wswitch
 * keeps the table complete.
 */
#ifndef JD_ERR_H
#define JD_ERR_H

#include <stddef.h>

enum jd_err {
	JD_OK = 0,
	JD_EUSAGE = 1,      /* bad command line */
	JD_ECONFIG = 2,     /* jamdeploy.yml invalid */
	JD_EIO = 3,         /* a local file could not be read or written */
	JD_EINPUT = 4,      /* input is malformed (a file we were asked to process) */
	JD_ELIMIT = 5,      /* input is valid but over one of our limits */
	JD_EMANIFEST = 6,   /* the target's manifest is corrupt */
	JD_ETARGET = 7,     /* the target refused an operation */
	JD_ENET = 8,        /* network failure talking to a server */
	JD_EAUTH = 9,       /* credentials missing or refused */
	JD_EBUDGET = 10,    /* a size budget is exceeded */
	JD_EUNSUPPORTED = 11, /* feature not built or not available */
	JD_ESAFETY = 12,    /* refused to do something destructive (too many deletes) */
	JD_ENOTSMALLER = 13, /* a transform did not pay; keep the original */
	JD_EDRIFT = 14,     /* the target lacks or changed objects its manifest names (verify) */
	JD_ECONFLICT = 15,  /* the target changed under us: a precondition failed, or another push holds it */
};

/* A short, stable description of the code, e.g. "configuration error". */
const char *jd_strerror(enum jd_err err);

/* The process exit status for a code: 0 success, 2 usage/config, 1 else. */
int jd_exit_status(enum jd_err err);

/*
 * Where and why something failed.  `file` and `msg` are owned by the diag
 * (fixed-size, truncated if need be).  line/column are 1-based, 0 when
 * they do not apply; offset is a byte offset into the input, or -1.
 */
struct diag {
	enum jd_err code;
	char file[512];
	long line, column;
	long long offset;
	char msg[1024];
};

void diag_clear(struct diag *d);

/*
 * Record an error and return `code` so callers can write
 * `return diag_set(d, JD_EIO, path, "cannot read ...")`.  `file` may be
 * NULL.  A NULL `d` is allowed and only returns the code.
 */
enum jd_err diag_set(struct diag *d, enum jd_err code, const char *file,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Like diag_set, with a position. */
enum jd_err diag_at(struct diag *d, enum jd_err code, const char *file,
		    long line, long column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Add to the message of the error `d` already holds (what was done about it). */
void diag_append(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Format "FILE:LINE:COL: MSG" (parts that are unset left out) into out. */
void diag_format(const struct diag *d, char *out, size_t size);

#endif
