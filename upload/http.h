/*
 * http.h - parallel HTTP requests over the libcurl multi interface.
 *
 * A caller describes each request as a struct transfer and hands a batch
 * to http_run(), which keeps at most `jobs` of them in flight over a pool
 * of reused connections, retries the ones that failed in a retryable way
 * (connection errors, timeouts, 5xx, 429, or whatever the caller's
 * `classify` says, e.g. S3's SlowDown / RequestTimeout) with exponential
 * backoff and jitter, and calls the caller's `done` once per request with
 * its final outcome.  Throttling answers (503, 429, S3's SlowDown) also
 * slow the whole client down: a pacer spaces the starts of all its
 * requests and recovers as answers come back unthrottled (http.c says how).
 *
 * Because a request may be sent several times, the caller does not give a
 * URL and headers but a `prepare` callback that builds them for each
 * attempt: that is where SigV4 signing happens, so every attempt carries a
 * fresh date and signature.
 *
 * Nothing here knows about S3: the CDN purge clients use it as well.
 */
#ifndef JD_HTTP_H
#define JD_HTTP_H

#include <curl/curl.h>
#include <sys/types.h>

#include "lib/buf.h"
#include "lib/err.h"

#define HTTP_RESPONSE_MAX_DEFAULT ((size_t)1 << 20) /* 1 MiB: S3 XML answers are small */
#define HTTP_HEADERS_MAX ((size_t)64 << 10)

struct http_options {
	int jobs;               /* requests in flight; <= 0 means 16 */
	/*
	 * Attempts per request, first try included, when it fails in a way
	 * that is not throttling (transport errors, 500, RequestTimeout);
	 * <= 0 means 5.
	 */
	int max_attempts;
	long retry_base_ms;     /* first backoff; doubles each retry; <= 0 means 250 */
	long retry_max_ms;      /* backoff cap (a Retry-After may be longer); <= 0 means 2000 */
	/*
	 * A throttled request is tried again until this long after its first
	 * attempt: throttling answers do not count against max_attempts.
	 * <= 0 means 60000.
	 */
	long throttle_budget_ms;
	/*
	 * The pacer (http.c): after a throttling answer this client starts
	 * its requests at a limited rate, at most one every pace_max_ms and,
	 * while limited, at least one every pace_min_ms.  <= 0 means 2000
	 * and 10.
	 */
	long pace_min_ms;
	long pace_max_ms;
	long connect_timeout_s; /* <= 0 means 10 */
	long stall_timeout_s;   /* abort an attempt when no byte moved for this long; <= 0 means 30 */
	/*
	 * A request whose attempts timed out (connect_timeout_s or
	 * stall_timeout_s) this many times fails: a server that accepts
	 * connections and never answers is given up on after about
	 * max_stalls * stall_timeout_s.  <= 0 means 2.
	 */
	int max_stalls;
	const char *user_agent; /* NULL means "jamdeploy" */
	/*
	 * Trusted CAs for HTTPS (upload/ca_bundle.h decides them): a PEM
	 * file (CURLOPT_CAINFO) and a folder of hashed certificates
	 * (CURLOPT_CAPATH); NULL keeps libcurl's default.  Borrowed: they
	 * must outlive the client.  Peer and host verification are always on.
	 */
	const char *ca_file, *ca_dir;
	/*
	 * -v: called once per attempt, when it completed, with one line that
	 * describes it (see http_log_line); NULL: no log.  The line is built
	 * from the method, the URL (credentials in it masked), the status and
	 * counts, never from request headers, so no Authorization header,
	 * session token or signature can reach it.
	 */
	void (*log)(void *arg, const char *line);
	void *log_arg;
};

struct transfer;

/* What the caller's classify() decides about a completed response. */
enum http_verdict {
	HTTP_DONE = 0,      /* final: hand it to done() */
	HTTP_RETRY = 1,     /* send it again after a backoff */
	HTTP_RETRY_NOW = 2, /* send it again at once: the request, not the server, was wrong */
	HTTP_RETRY_THROTTLED = 3, /* the server asks us to slow down: the pacer slows, then retry */
};

struct transfer {
	/* Set by the caller. */
	const char *method;       /* "GET", "PUT", "POST", "DELETE", "HEAD" */
	const char *body;         /* request body in memory, or */
	const char *body_path;    /* streamed from this file, starting at body_offset */
	off_t body_offset;
	size_t body_len;          /* bytes of body (either kind) */
	size_t response_max;      /* 0 means HTTP_RESPONSE_MAX_DEFAULT */
	/*
	 * Build this attempt's URL and headers (appending to t->url and
	 * t->headers, which http_run empties before each call).  Returning an
	 * error stops the run with it.
	 */
	enum jd_err (*prepare)(struct transfer *t, struct diag *d);
	/*
	 * Optional: look at a completed response; the default retries 5xx, and
	 * counts 503 and 429 as throttling.
	 */
	enum http_verdict (*classify)(struct transfer *t);
	/*
	 * The final outcome (after retries), also for transport failures
	 * (t->curl_code != CURLE_OK).  Returning an error stops the run: no new
	 * request starts, the ones in flight are abandoned, http_run returns it.
	 */
	enum jd_err (*done)(struct transfer *t, struct diag *d);
	void *arg;                /* the caller's, untouched */

	/* Per attempt, filled by prepare(). */
	struct buf url;
	struct curl_slist *headers;

	/* Results of the last attempt. */
	long status;              /* HTTP status, 0 when none arrived */
	CURLcode curl_code;
	char error[CURL_ERROR_SIZE];
	struct buf response;      /* body, capped at response_max */
	struct buf response_headers; /* raw header lines of the final response */
	int response_too_large;
	int attempts;             /* attempts made, every kind */
	int throttled;            /* of which answered with throttling */
	int stalls;               /* of which timed out (connect or stall timeout) */
	/*
	 * Why the last attempt is retried, for the -v log: classify() may set
	 * it ("SlowDown"); when it does not, http.c says "HTTP 503" or the
	 * transport error.
	 */
	char retry_reason[96];

	/* Private to http.c. */
	CURL *easy;
	int fd;
	size_t sent;
	long long not_before_ms;
	long long start_ms;        /* when the last attempt started */
	long long first_start_ms;  /* when attempt 1 started: the throttle budget counts from here */
};

struct http_client;

/* A client with its own connection pool; free with http_client_free. */
struct http_client *http_client_new(const struct http_options *o);
void http_client_free(struct http_client *c);

/* Make a transfer ready for use (zeroed, buffers initialised). */
void transfer_init(struct transfer *t);
/* Free what the transfer owns (URL, headers, response); the struct stays usable. */
void transfer_release(struct transfer *t);

/*
 * Run `n` transfers to completion (or until done() returns an error).
 * Returns JD_OK or the first error from prepare()/done(), with `d` filled.
 * Transfers may be run again in a later call.
 */
enum jd_err http_run(struct http_client *c, struct transfer **ts, size_t n, struct diag *d);

/*
 * The value of response header `name` (case-insensitive) of t's last
 * response, copied into out (truncated to size).  Returns 1 when found.
 */
int http_header(const struct transfer *t, const char *name, char *out, size_t size);

/* Requests sent by this client (every attempt counts), by method. */
struct http_stats {
	unsigned long get, put, post, del, head, retries;
	unsigned long throttled; /* answers classified as throttling */
	long pace_max_ms;        /* longest time the pacer put between two starts; 0: none */
};
void http_stats(const struct http_client *c, struct http_stats *out);

/* Append "Name: value" to a curl header list (aborts on out-of-memory like xmalloc). */
void http_add_header(struct curl_slist **list, const char *name, const char *value);

#endif
