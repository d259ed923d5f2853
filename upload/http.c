/*
 * http.c - the request loop: libcurl multi, bounded parallelism, retries,
 * and a client-wide pacer for throttling.
 *
 * http_run() is the loop from curl's own parallel transfers
 * (src/tool_operate.c), in our words:
 *
 *   while work remains:
 *     start transfers while fewer than `jobs` are in flight and the pacer
 *       allows a start, taking first the retry that has waited longest past
 *       its not-before time, then fresh ones; each start calls prepare()
 *       (fresh URL, headers, signature)
 *     curl_multi_perform()
 *     drain curl_multi_info_read(): each finished transfer is classified:
 *       retryable (transport error, 5xx, 429, or classify() says so) with
 *       budget left -> queued again with not_before = now + backoff
 *       (now, for HTTP_RETRY_NOW: a request re-signed for another region);
 *       otherwise done() is called, which may stop the whole run
 *     curl_multi_poll() until a socket is ready, curl's timer fires, the
 *       earliest retry is due or the pacer allows the next start
 *
 * Backoff for retry k (k = 1, 2, ...) is a random time in [b/2, b] with
 * b = min(retry_base_ms * 2^(k-1), retry_max_ms) ("equal jitter", so
 * parallel clients that failed together do not retry together); a
 * Retry-After header in seconds raises it, up to 60 s.
 *
 * The pacer.  Backoff alone is per request: when a server throttles
 * (503 and 429, S3's SlowDown; classify() says HTTP_RETRY_THROTTLED), 16
 * transfers that each back off still send ~180 requests a second between
 * them, and S3 keeps answering SlowDown.  So the client has one request
 * rate for all its starts, fresh or retried, steered like TCP's congestion
 * window (additive increase, multiplicative decrease; the AWS SDKs'
 * adaptive retry mode does the same with a token bucket):
 *
 *   no limit until the first throttling answer, which sets the rate to
 *     half of 1000 / pace_min_ms (50 requests/s);
 *   each throttling answer to a request started after the last cut
 *     halves it, down to 1000 / pace_max_ms (one request every 2 s); the
 *     answers to requests sent before that cut are about the old rate
 *     (as TCP cuts once per round trip, not once per lost packet);
 *   each other answer adds PACE_STEP (20 requests/s), and at 1000 /
 *     pace_min_ms the limit is lifted.
 *
 * So a server that throttles everything gets one request every 2 s
 * within a second or two, a handful of good answers restore full speed,
 * and a server that throttles a share p of the requests settles the rate
 * near 2 * PACE_STEP * (1 - p) / p (40 requests/s when half are
 * throttled; no limit while under a quarter are): the rate returns to
 * that point from either side instead of wandering, as a pace that
 * doubles and divides would (we tried: it starved objects for seconds).
 *
 * Budgets.  A request is retried after a throttling answer until
 * throttle_budget_ms (a minute) has passed since its first attempt, so a
 * throttled push keeps trying for tens of seconds instead of failing after
 * five quick attempts; other failures get max_attempts attempts in all.
 * An attempt that moves no byte for stall_timeout_s (or does not connect
 * in connect_timeout_s) counts as a stall, and max_stalls of them end the
 * request: a server that accepts connections and never answers is given
 * up on after max_stalls * stall_timeout_s (2 * 30 s), not 5 * 60 s.
 *
 * One easy handle per in-flight transfer, reached from curl's completion
 * message through CURLOPT_PRIVATE.  Connections live in the multi handle's
 * pool and are reused across transfers and attempts.  Bodies stream from
 * memory or from a file with pread(), so a 100 MiB object is never held in
 * memory and a retry simply starts reading again at body_offset.
 *
 * With a log callback (-v), every completed attempt becomes one line:
 *
 *   PUT http://127.0.0.1:9000/b/site/a.css -> 503, 1210 B up, 154 B down, 4 ms,
 *     attempt 1; retry in 180 ms: HTTP 503 SlowDown
 *
 * built only from the method, the URL and curl's counters, and masked as a
 * whole by redact_secrets() (lib/redact.h: user:password@ and presigned
 * query credentials become REDACTED): the request headers (Authorization,
 * X-Amz-Security-Token) never reach it.
 */
#include "upload/http.h"

#include <errno.h>
#include <fcntl.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "lib/redact.h"
#include "lib/util.h"

#define RETRY_AFTER_MAX_MS 60000L
#define PACE_STEP 20.0 /* requests/s the pacer's rate grows by per answer not throttled */
#define RETRY_NONE (-1L)      /* log_attempt: the answer is final */
#define RETRY_EXHAUSTED (-2L) /* log_attempt: retryable, but no attempt left */

struct http_client {
	CURLM *multi;
	struct http_options o;
	uint64_t rng; /* xorshift state for jitter; per client, not global */
	struct http_stats stats;
	double rate;             /* the pacer: request starts per second; 0: no limit */
	long long last_start_ms; /* when the last attempt started */
	long long cut_ms;        /* when the pacer last cut the rate */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t next_random(struct http_client *c)
{
	c->rng ^= c->rng << 13;
	c->rng ^= c->rng >> 7;
	c->rng ^= c->rng << 17;
	return c->rng;
}

struct http_client *http_client_new(const struct http_options *o)
{
	struct http_client *c = xcalloc(1, sizeof(*c));
	struct timespec ts;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	c->o = *o;
	if (c->o.jobs <= 0)
		c->o.jobs = 16;
	if (c->o.max_attempts <= 0)
		c->o.max_attempts = 5;
	if (c->o.retry_base_ms <= 0)
		c->o.retry_base_ms = 250;
	if (c->o.retry_max_ms <= 0)
		c->o.retry_max_ms = 2000;
	if (c->o.throttle_budget_ms <= 0)
		c->o.throttle_budget_ms = 60000;
	if (c->o.pace_max_ms <= 0)
		c->o.pace_max_ms = 2000;
	if (c->o.pace_min_ms <= 0)
		c->o.pace_min_ms = 10;
	if (c->o.pace_min_ms > c->o.pace_max_ms)
		c->o.pace_min_ms = c->o.pace_max_ms;
	if (c->o.connect_timeout_s <= 0)
		c->o.connect_timeout_s = 10;
	if (c->o.stall_timeout_s <= 0)
		c->o.stall_timeout_s = 30;
	if (c->o.max_stalls <= 0)
		c->o.max_stalls = 2;
	if (!c->o.user_agent)
		c->o.user_agent = "jamdeploy";
	clock_gettime(CLOCK_REALTIME, &ts);
	c->rng = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40) ^
		 (uint64_t)(uintptr_t)c;
	if (!c->rng)
		c->rng = 0x9e3779b97f4a7c15ULL;
	c->multi = curl_multi_init();
	if (!c->multi)
		die_oom("curl_multi_init");
	curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)c->o.jobs);
	curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, (long)c->o.jobs);
	return c;
}

void http_client_free(struct http_client *c)
{
	if (!c)
		return;
	curl_multi_cleanup(c->multi);
	curl_global_cleanup();
	free(c);
}

void http_stats(const struct http_client *c, struct http_stats *out)
{
	*out = c->stats;
}

void http_add_header(struct curl_slist **list, const char *name, const char *value)
{
	char *line = xasprintf("%s: %s", name, value);
	struct curl_slist *n = curl_slist_append(*list, line);

	free(line);
	if (!n)
		die_oom("curl_slist_append");
	*list = n;
}

void transfer_init(struct transfer *t)
{
	memset(t, 0, sizeof(*t));
	buf_init(&t->url, 64 << 10);
	buf_init(&t->response, HTTP_RESPONSE_MAX_DEFAULT);
	buf_init(&t->response_headers, HTTP_HEADERS_MAX);
	t->fd = -1;
}

void transfer_release(struct transfer *t)
{
	buf_release(&t->url);
	buf_release(&t->response);
	buf_release(&t->response_headers);
	curl_slist_free_all(t->headers);
	t->headers = NULL;
	if (t->easy)
		curl_easy_cleanup(t->easy);
	t->easy = NULL;
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct transfer *t = arg;
	size_t len = size * nmemb;

	if (buf_add(&t->response, data, len)) {
		t->response_too_large = 1;
		return 0; /* makes curl fail the transfer with CURLE_WRITE_ERROR */
	}
	return len;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct transfer *t = arg;
	size_t len = size * nmemb;

	/* a new status line (after 100 Continue, or a retry by curl) starts over */
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0)
		buf_reset(&t->response_headers);
	if (buf_add(&t->response_headers, data, len))
		return 0;
	return len;
}

static size_t on_read(char *out, size_t size, size_t nmemb, void *arg)
{
	struct transfer *t = arg;
	size_t want = size * nmemb, left = t->body_len - t->sent;
	ssize_t got;

	if (want > left)
		want = left;
	if (want == 0)
		return 0;
	if (t->body) {
		memcpy(out, t->body + t->sent, want);
		t->sent += want;
		return want;
	}
	do
		got = pread(t->fd, out, want, t->body_offset + (off_t)t->sent);
	while (got < 0 && errno == EINTR);
	if (got <= 0) {
		/* the file shrank or failed under us: abort rather than send short */
		snprintf(t->error, sizeof(t->error), "cannot read '%s': %s", t->body_path,
			 got < 0 ? strerror(errno) : "file changed during upload");
		return CURL_READFUNC_ABORT;
	}
	t->sent += (size_t)got;
	return (size_t)got;
}

static int on_seek(void *arg, curl_off_t offset, int origin)
{
	struct transfer *t = arg;

	if (origin != SEEK_SET || offset < 0 || (size_t)offset > t->body_len)
		return CURL_SEEKFUNC_CANTSEEK;
	t->sent = (size_t)offset;
	return CURL_SEEKFUNC_OK;
}

/* Set up t's easy handle for one attempt and add it to the multi. */
static enum jd_err start(struct http_client *c, struct transfer *t, struct diag *d)
{
	enum jd_err rc;
	CURL *e;

	buf_reset(&t->url);
	curl_slist_free_all(t->headers);
	t->headers = NULL;
	buf_reset(&t->response);
	t->response.max = t->response_max ? t->response_max : HTTP_RESPONSE_MAX_DEFAULT;
	buf_reset(&t->response_headers);
	t->response_too_large = 0;
	t->status = 0;
	t->curl_code = CURLE_OK;
	t->error[0] = '\0';
	t->sent = 0;
	t->start_ms = now_ms();
	if (++t->attempts == 1)
		t->first_start_ms = t->start_ms;
	rc = t->prepare(t, d);
	if (rc)
		return rc;
	if (t->body_path && t->fd < 0) {
		t->fd = open(t->body_path, O_RDONLY | O_CLOEXEC);
		if (t->fd < 0)
			return diag_set(d, JD_EIO, t->body_path, "cannot read file: %s",
					strerror(errno));
	}
	/* no Expect: 100-continue round trip; S3 answers errors quickly anyway */
	t->headers = curl_slist_append(t->headers, "Expect:");

	if (!t->easy) {
		t->easy = curl_easy_init();
		if (!t->easy)
			die_oom("curl_easy_init");
	} else {
		curl_easy_reset(t->easy);
	}
	e = t->easy;
	curl_easy_setopt(e, CURLOPT_PRIVATE, t);
	curl_easy_setopt(e, CURLOPT_URL, t->url.data);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(e, CURLOPT_USERAGENT, c->o.user_agent);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, c->o.connect_timeout_s);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, c->o.stall_timeout_s);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	/* S3 keys may contain "/../" and "/./": send them as they are, never resolved */
	curl_easy_setopt(e, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->o.ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, c->o.ca_file);
	if (c->o.ca_dir)
		curl_easy_setopt(e, CURLOPT_CAPATH, c->o.ca_dir);
	if (strcmp(t->method, "HEAD") == 0) {
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
		c->stats.head++;
	} else if (strcmp(t->method, "GET") == 0) {
		c->stats.get++;
	} else {
		if (strcmp(t->method, "PUT") == 0) {
			curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
			curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)t->body_len);
			c->stats.put++;
		} else if (strcmp(t->method, "POST") == 0) {
			curl_easy_setopt(e, CURLOPT_POST, 1L);
			curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)t->body_len);
			c->stats.post++;
		} else {
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, t->method);
			if (strcmp(t->method, "DELETE") == 0)
				c->stats.del++;
		}
		if (t->body || t->body_path) {
			curl_easy_setopt(e, CURLOPT_READFUNCTION, on_read);
			curl_easy_setopt(e, CURLOPT_READDATA, t);
			curl_easy_setopt(e, CURLOPT_SEEKFUNCTION, on_seek);
			curl_easy_setopt(e, CURLOPT_SEEKDATA, t);
		}
	}
	if (t->attempts > 1)
		c->stats.retries++;
	if (curl_multi_add_handle(c->multi, e) != CURLM_OK)
		return diag_set(d, JD_ENET, NULL, "cannot start request to '%s'", t->url.data);
	return JD_OK;
}

/* Transport failures worth another attempt: the network, not the request, failed. */
static int transport_retryable(CURLcode cc)
{
	static const CURLcode retryable[] = {
		CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT,
		CURLE_SEND_ERROR,           CURLE_RECV_ERROR,      CURLE_GOT_NOTHING,
		CURLE_PARTIAL_FILE,         CURLE_HTTP2,           CURLE_HTTP2_STREAM,
		CURLE_SSL_CONNECT_ERROR,
	};

	for (size_t i = 0; i < sizeof(retryable) / sizeof(retryable[0]); i++)
		if (cc == retryable[i])
			return 1;
	return 0;
}

/* Backoff before attempt `attempts + 1`, raised by a Retry-After in seconds. */
static long backoff_ms(struct http_client *c, const struct transfer *t)
{
	long b = c->o.retry_base_ms, wait;
	char ra[32];

	for (int i = 1; i < t->attempts && b < c->o.retry_max_ms; i++)
		b *= 2;
	if (b > c->o.retry_max_ms)
		b = c->o.retry_max_ms;
	wait = b / 2 + (long)(next_random(c) % (uint64_t)(b / 2 + 1));
	if (http_header(t, "retry-after", ra, sizeof(ra))) {
		char *end;
		long s = strtol(ra, &end, 10);

		if (end != ra && s >= 0 && s <= RETRY_AFTER_MAX_MS / 1000 && s * 1000 > wait)
			wait = s * 1000;
	}
	return wait;
}

int http_header(const struct transfer *t, const char *name, char *out, size_t size)
{
	const char *p = t->response_headers.data, *end = p + t->response_headers.len;
	size_t nlen = strlen(name);

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;

		if ((size_t)(le - p) > nlen && strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
			const char *v = p + nlen + 1;
			size_t vlen;

			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
			while (le > v && (le[-1] == '\r' || le[-1] == ' '))
				le--;
			vlen = (size_t)(le - v);
			if (size) {
				if (vlen >= size)
					vlen = size - 1;
				memcpy(out, v, vlen);
				out[vlen] = '\0';
			}
			return 1;
		}
		p = eol ? eol + 1 : end;
	}
	return 0;
}

static enum http_verdict default_classify(struct transfer *t)
{
	if (t->status == 503 || t->status == 429)
		return HTTP_RETRY_THROTTLED;
	return t->status >= 500 ? HTTP_RETRY : HTTP_DONE;
}

/* The pacer (see the top of the file): a throttling answer halves the rate... */
static void pace_throttled(struct http_client *c, const struct transfer *t)
{
	double slowest = 1000.0 / (double)c->o.pace_max_ms;
	long pace;

	if (c->rate > 0 && t->start_ms < c->cut_ms)
		return; /* sent before the last cut: says nothing about the new rate */
	c->cut_ms = now_ms();
	c->rate = c->rate > 0 ? c->rate / 2 : 500.0 / (double)c->o.pace_min_ms;
	if (c->rate < slowest)
		c->rate = slowest;
	pace = (long)(1000.0 / c->rate);
	if (pace > c->stats.pace_max_ms)
		c->stats.pace_max_ms = pace;
}

/* ...any other answer raises it, and lifts the limit once it is fast enough. */
static void pace_answered(struct http_client *c)
{
	if (c->rate > 0 && (c->rate += PACE_STEP) >= 1000.0 / (double)c->o.pace_min_ms)
		c->rate = 0;
}

/* When the pacer lets the next request start (0: now). */
static long long pace_next_ms(const struct http_client *c)
{
	return c->rate > 0 ? c->last_start_ms + (long long)(1000.0 / c->rate) : 0;
}

/* May t, whose last attempt failed in a retryable way (`v`), be sent again? */
static int may_retry(const struct http_client *c, const struct transfer *t, enum http_verdict v)
{
	if (v == HTTP_RETRY_THROTTLED)
		return now_ms() - t->first_start_ms < c->o.throttle_budget_ms;
	if (t->stalls >= c->o.max_stalls)
		return 0;
	return t->attempts - t->throttled < c->o.max_attempts;
}

/*
 * The -v line for t's completed attempt; `retry_ms` >= 0 when it will be
 * sent again after that long, RETRY_NONE when its answer is final,
 * RETRY_EXHAUSTED when it failed in a retryable way with no attempt left.
 */
static void log_attempt(const struct http_client *c, struct transfer *t, long retry_ms)
{
	struct buf line = BUF_INIT, safe = BUF_INIT;
	curl_off_t up = 0, down = 0, us = 0;

	curl_easy_getinfo(t->easy, CURLINFO_SIZE_UPLOAD_T, &up);
	curl_easy_getinfo(t->easy, CURLINFO_SIZE_DOWNLOAD_T, &down);
	curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME_T, &us);
	buf_printf(&line, "%s %s", t->method, t->url.data);
	if (t->curl_code != CURLE_OK)
		buf_printf(&line, " -> failed (%s)",
			   *t->error ? t->error : curl_easy_strerror(t->curl_code));
	else
		buf_printf(&line, " -> %ld", t->status);
	buf_printf(&line, ", %lld B up, %lld B down, %ld ms, attempt %d", (long long)up,
		   (long long)down, (long)(us / 1000), t->attempts);
	if (retry_ms >= 0)
		buf_printf(&line, "; retry in %ld ms: %s", retry_ms, t->retry_reason);
	else if (retry_ms == RETRY_EXHAUSTED)
		buf_printf(&line, "; no attempt left (%s)", t->retry_reason);
	/* the whole line, not only the URL: curl's error text may quote the URL too */
	redact_secrets(line.data, &safe);
	c->o.log(c->o.log_arg, safe.data);
	buf_release(&line);
	buf_release(&safe);
}

/* Why t is retried, when classify() did not say. */
static void default_retry_reason(struct transfer *t)
{
	if (*t->retry_reason)
		return;
	if (t->curl_code != CURLE_OK)
		snprintf(t->retry_reason, sizeof(t->retry_reason), "%s",
			 curl_easy_strerror(t->curl_code));
	else
		snprintf(t->retry_reason, sizeof(t->retry_reason), "HTTP %ld", t->status);
}

enum jd_err http_run(struct http_client *c, struct transfer **ts, size_t n, struct diag *d)
{
	struct transfer **retry = NULL;
	size_t nretry = 0, cap = 0, next = 0, inflight = 0;
	enum jd_err rc = JD_OK;

	for (size_t i = 0; i < n; i++)
		ts[i]->attempts = ts[i]->throttled = ts[i]->stalls = 0;
	while (rc == JD_OK && (next < n || nretry || inflight)) {
		long long wake = -1;
		int still, msgs, timeout;
		CURLMsg *m;

		/*
		 * Start what we may: the retry longest due first, then fresh
		 * transfers; every start waits for the pacer.
		 */
		while (rc == JD_OK && inflight < (size_t)c->o.jobs) {
			long long now = now_ms();
			size_t due = nretry;
			struct transfer *t;

			for (size_t i = 0; i < nretry; i++)
				if (retry[i]->not_before_ms <= now &&
				    (due == nretry || retry[i]->not_before_ms < retry[due]->not_before_ms))
					due = i;
			if (due == nretry && next >= n)
				break;
			if (now < pace_next_ms(c)) {
				wake = pace_next_ms(c);
				break;
			}
			if (due < nretry) {
				t = retry[due];
				retry[due] = retry[--nretry];
			} else {
				t = ts[next++];
			}
			c->last_start_ms = now;
			rc = start(c, t, d);
			if (rc == JD_OK)
				inflight++;
		}
		if (rc)
			break;

		curl_multi_perform(c->multi, &still);
		while ((m = curl_multi_info_read(c->multi, &msgs))) {
			struct transfer *t;
			enum http_verdict v;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&t);
			t->curl_code = m->data.result;
			curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->status);
			curl_multi_remove_handle(c->multi, t->easy);
			inflight--;
			t->retry_reason[0] = '\0';
			if (t->curl_code != CURLE_OK)
				v = transport_retryable(t->curl_code) ? HTTP_RETRY : HTTP_DONE;
			else
				v = (t->classify ? t->classify : default_classify)(t);
			if (v == HTTP_RETRY_THROTTLED) {
				t->throttled++;
				c->stats.throttled++;
				pace_throttled(c, t);
			} else if (t->curl_code == CURLE_OK) {
				pace_answered(c);
			}
			if (t->curl_code == CURLE_OPERATION_TIMEDOUT)
				t->stalls++;
			if (v != HTTP_DONE && may_retry(c, t, v)) {
				long wait = v == HTTP_RETRY_NOW ? 0 : backoff_ms(c, t);

				default_retry_reason(t);
				if (c->o.log)
					log_attempt(c, t, wait);
				t->not_before_ms = now_ms() + wait;
				ARRAY_GROW(retry, nretry + 1, cap);
				retry[nretry++] = t;
				continue;
			}
			if (v != HTTP_DONE)
				default_retry_reason(t);
			if (c->o.log)
				log_attempt(c, t, v != HTTP_DONE ? RETRY_EXHAUSTED : RETRY_NONE);
			if (t->fd >= 0) {
				close(t->fd);
				t->fd = -1;
			}
			if (rc == JD_OK)
				rc = t->done(t, d);
			/* the connection stays in the multi's pool; the handle is not needed */
			curl_easy_cleanup(t->easy);
			t->easy = NULL;
		}
		if (rc)
			break;

		/* wake for the earliest retry, but not before the pacer lets it start */
		for (size_t i = 0; i < nretry; i++)
			if (wake < 0 || retry[i]->not_before_ms < wake)
				wake = retry[i]->not_before_ms;
		if (wake >= 0 && wake < pace_next_ms(c))
			wake = pace_next_ms(c);
		timeout = 1000;
		if (wake >= 0) {
			long long w = wake - now_ms();

			timeout = w < 0 ? 0 : (w < 1000 ? (int)w : 1000);
		}
		if (inflight || wake >= 0)
			curl_multi_poll(c->multi, NULL, 0, timeout, NULL);
	}
	/* stopped early: abandon what is still in flight */
	if (rc) {
		for (size_t i = 0; i < n; i++) {
			if (ts[i]->easy)
				curl_multi_remove_handle(c->multi, ts[i]->easy);
			if (ts[i]->fd >= 0) {
				close(ts[i]->fd);
				ts[i]->fd = -1;
			}
		}
	}
	free(retry);
	return rc;
}
