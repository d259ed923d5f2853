/*
 * test_s3_client.c - the s3:// target against a real S3 server.
 *
 * tests/integration/s3_client.sh starts s3rver behind the signature-checking
 * proxy (tests/s3/lib.sh) and runs this with JD_S3_ENDPOINT set; without it
 * the program prints one "ok - s3 client # skip ..." line (SKIP).  Each check drives the target
 * the way a push does (put_many, get, list, delete_many) and reads the result
 * back through the same server, so nothing here is mocked: encoding mistakes,
 * bad signatures and lost bytes all show up as failures.
 */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/utf8.h"
#include "lib/util.h"
#include "tests/unit/test.h"
#include "upload/s3.h"
#include "upload/target.h"

static const char *endpoint;

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* Ask the test proxy to answer the next `n` `method` requests with an error. */
static void proxy_fail(int n, int status, const char *code, const char *method)
{
	char url[512];
	CURL *e = curl_easy_init();

	snprintf(url, sizeof(url), "%s/__proxy/fail?n=%d&status=%d&code=%s&method=%s", endpoint, n,
		 status, code, method);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, "");
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_perform(e);
	curl_easy_cleanup(e);
}

static struct target *open_target(const char *url, const char *region, struct diag *d)
{
	struct target_config cfg = { .endpoint = endpoint, .region = region, .jobs = 8 };

	return target_s3_open(url, &cfg, d);
}

static int has_key(char **keys, size_t n, const char *k)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i], k) == 0)
			return 1;
	return 0;
}

static void free_keys(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

/* Fetch `key` and compare it with `want`/`len`. */
static int object_is(struct target *t, const char *key, const char *want, size_t len)
{
	struct buf got;
	struct diag d;
	enum target_get_result found = TARGET_MISSING;
	int ok;

	buf_init(&got, (size_t)64 << 20);
	ok = t->ops->get(t, key, NULL, &got, &found, &d) == JD_OK && found == TARGET_FOUND &&
	     got.len == len && memcmp(got.data, want, len) == 0;
	if (!ok)
		printf("# get '%s': found=%d len=%zu want %zu (%s)\n", key, (int)found, got.len, len,
		       d.msg);
	buf_release(&got);
	return ok;
}

static const char *weird_keys[] = {
	"index.html",
	"a b.html",
	"x+y.css",
	"\xe1\x88\xb4/\xc3\xbc.txt",
	"dir/../up.txt",
	"./dot.txt",
	"q?x#y&z=1;.txt",
	"percent%20sign.txt",
	"tilde~star*(paren)'quote'.txt",
	"deep/er/still/file.js",
};

static void weird_keys_round_trip(struct target *t)
{
	size_t n = sizeof(weird_keys) / sizeof(weird_keys[0]), done = 0, nkeys = 0;
	struct put_item items[16];
	char bodies[16][64], **keys = NULL;
	struct diag d;
	int all = 1;

	for (size_t i = 0; i < n; i++) {
		snprintf(bodies[i], sizeof(bodies[i]), "body of %s\n", weird_keys[i]);
		items[i] = (struct put_item){ .key = weird_keys[i], .data = bodies[i],
					      .len = strlen(bodies[i]),
					      .content_type = "text/plain; charset=utf-8",
					      .cache_control = "public, max-age=0, s-maxage=300" };
	}
	CHECK("put_many of keys with spaces, +, UTF-8, '..', '?#&;%'",
	      t->ops->put_many(t, items, n, &done, &d) == JD_OK && done == n);
	if (done != n)
		printf("# %s\n", d.msg);
	for (size_t i = 0; i < n; i++)
		all &= object_is(t, weird_keys[i], bodies[i], strlen(bodies[i]));
	CHECK("every weird key reads back byte for byte", all);
	CHECK("list returns every key, decoded",
	      t->ops->list(t, &keys, &nkeys, &d) == JD_OK && nkeys >= n);
	all = 1;
	for (size_t i = 0; i < n; i++) {
		/*
		 * s3rver keeps objects as files, so its listing shows "dir/../up.txt"
		 * as "up.txt"; the bytes still round-trip above under the literal key
		 * and the proxy checked that the literal path was signed.
		 */
		if (strstr(weird_keys[i], "./"))
			continue;
		if (!has_key(keys, nkeys, weird_keys[i])) {
			printf("# list lacks '%s'\n", weird_keys[i]);
			all = 0;
		}
	}
	CHECK("list names every weird key exactly", all);
	free_keys(keys, nkeys);
}

static void get_missing_and_conditional(struct target *t, struct s3 *s)
{
	struct buf b = BUF_INIT;
	struct diag d;
	enum target_get_result found = TARGET_FOUND;
	long status = 0;
	char etag[128] = "", tetag[TARGET_ETAG_MAX] = "";

	CHECK("get of a missing key: TARGET_MISSING, no error",
	      t->ops->get(t, ".jamdeploy/manifest.json", NULL, &b, &found, &d) == JD_OK &&
		      found == TARGET_MISSING);
	CHECK("target get returns the ETag",
	      t->ops->get(t, "index.html", tetag, &b, &found, &d) == JD_OK && found == TARGET_FOUND &&
		      tetag[0] == '"');
	buf_reset(&b);
	CHECK("target get with the current ETag: TARGET_NOT_MODIFIED, no body",
	      t->ops->get(t, "index.html", tetag, &b, &found, &d) == JD_OK &&
		      found == TARGET_NOT_MODIFIED && b.len == 0);
	CHECK("GetObject returns an ETag",
	      s3_get(s, "index.html", NULL, &b, &status, etag, &d) == JD_OK && status == 200 &&
		      etag[0] == '"');
	buf_reset(&b);
	CHECK("If-None-Match with the current ETag answers 304",
	      s3_get(s, "index.html", etag, &b, &status, NULL, &d) == JD_OK && status == 304 &&
		      b.len == 0);
	CHECK("If-None-Match with another ETag answers 200",
	      s3_get(s, "index.html", "\"0000\"", &b, &status, NULL, &d) == JD_OK && status == 200 &&
		      b.len > 0);
	CHECK("HeadObject of a missing key: 404, no error",
	      s3_head(s, "nope.txt", &status, NULL, &d) == JD_OK && status == 404);
	buf_release(&b);
}

static void file_and_multipart(const char *url)
{
	char path[] = "/tmp/jd-s3-test-XXXXXX";
	int fd = mkstemp(path);
	size_t len = (size_t)13 << 20, done = 0;
	char *data = xmalloc(len);
	struct s3_options o = { .endpoint = endpoint, .multipart_threshold = (size_t)6 << 20,
				.part_size = (size_t)5 << 20, .jobs = 4 };
	struct s3 *s = NULL;
	struct diag d;
	struct http_stats st;
	struct buf got;
	long status = 0;

	for (size_t i = 0; i < len; i++)
		data[i] = (char)((i * 2654435761u) >> 13);
	CHECK("write the multipart test file", fd >= 0 && write(fd, data, len) == (ssize_t)len);
	close(fd);
	{
		struct put_item items[] = {
			{ .key = "big/file.bin", .path = path, .len = len,
			  .content_type = "application/octet-stream" },
			{ .key = "small-from-file.bin", .path = path, .len = 1000 },
		};

		CHECK("s3_open with a small multipart threshold", s3_open(&s, url, &o, &d) == JD_OK);
		CHECK("put a 13 MiB file as 3 parts and a small file from disk",
		      s && s3_put_many(s, items, 2, &done, &d) == JD_OK && done == 2);
		if (done != 2)
			printf("# %s\n", d.msg);
	}
	if (s) {
		s3_stats(s, &st);
		CHECK("multipart: create + 3 parts + complete + 1 small PUT", st.put == 4 && st.post == 2);
		buf_init(&got, (size_t)64 << 20);
		CHECK("multipart object reads back byte for byte",
		      s3_get(s, "big/file.bin", NULL, &got, &status, NULL, &d) == JD_OK &&
			      status == 200 && got.len == len && memcmp(got.data, data, len) == 0);
		buf_reset(&got);
		CHECK("a file body reads back byte for byte",
		      s3_get(s, "small-from-file.bin", NULL, &got, &status, NULL, &d) == JD_OK &&
			      got.len == 1000 && memcmp(got.data, data, 1000) == 0);
		buf_release(&got);

		/* a part that fails every attempt aborts the upload and reports the error */
		proxy_fail(100, 500, "InternalError", "PUT");
		{
			struct put_item it = { .key = "big/failed.bin", .path = path, .len = len };
			enum jd_err rc = s3_put_many(s, &it, 1, &done, &d);

			CHECK("a multipart upload whose parts keep failing returns an error",
			      rc != JD_OK && done == 0 && strstr(d.msg, "InternalError"));
		}
		proxy_fail(0, 503, "SlowDown", "");
		s3_close(s);
	}
	unlink(path);
	free(data);
}

static void pagination_and_delete(struct target *t)
{
	size_t n = 1050, done = 0, nkeys = 0, found_many = 0;
	struct put_item *items = xcalloc(n, sizeof(*items));
	char **names = xcalloc(n, sizeof(*names)), **keys = NULL;
	struct diag d;

	for (size_t i = 0; i < n; i++) {
		names[i] = xasprintf("many/%04zu.txt", i);
		items[i] = (struct put_item){ .key = names[i], .data = names[i], .len = strlen(names[i]),
					      .content_type = "text/plain" };
	}
	CHECK("put 1,050 small objects in parallel",
	      t->ops->put_many(t, items, n, &done, &d) == JD_OK && done == n);
	CHECK("list pages through more than 1,000 keys", t->ops->list(t, &keys, &nkeys, &d) == JD_OK);
	for (size_t i = 0; i < nkeys; i++)
		found_many += strncmp(keys[i], "many/", 5) == 0;
	CHECK("list found all 1,050", found_many == n);
	free_keys(keys, nkeys);
	CHECK("delete_many of 1,050 keys (two DeleteObjects batches)",
	      t->ops->delete_many(t, (const char *const *)names, n, &done, &d) == JD_OK && done == n);
	keys = NULL;
	nkeys = found_many = 0;
	t->ops->list(t, &keys, &nkeys, &d);
	for (size_t i = 0; i < nkeys; i++)
		found_many += strncmp(keys[i], "many/", 5) == 0;
	CHECK("after delete_many none of them is listed", found_many == 0);
	free_keys(keys, nkeys);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(items);
}

static void retries(const char *url)
{
	/* a throttled request is retried for 1.5 s here, not a minute */
	struct s3_options o = { .endpoint = endpoint, .retry_base_ms = 20, .throttle_budget_ms = 1500 };
	struct s3 *s = NULL;
	struct http_stats st;
	struct diag d;
	size_t done = 0;
	struct put_item it = { .key = "retried.txt", .data = "retried", .len = 7 };
	long status;
	struct buf b = BUF_INIT;

	CHECK("s3_open for the retry test", s3_open(&s, url, &o, &d) == JD_OK);
	if (!s)
		return;
	proxy_fail(2, 503, "SlowDown", "PUT");
	CHECK("two 503 SlowDown answers are retried and the PUT lands",
	      s3_put_many(s, &it, 1, &done, &d) == JD_OK && done == 1);
	s3_stats(s, &st);
	CHECK("the PUT was sent three times", st.put == 3 && st.retries == 2);
	proxy_fail(1, 400, "RequestTimeout", "GET");
	CHECK("a 400 RequestTimeout is retried",
	      s3_get(s, "retried.txt", NULL, &b, &status, NULL, &d) == JD_OK && status == 200 &&
		      strcmp(b.data, "retried") == 0);
	proxy_fail(100000, 503, "SlowDown", "GET");
	CHECK("503 on every attempt until the throttle budget is spent: the S3 code and a hint",
	      s3_get(s, "retried.txt", NULL, &b, &status, NULL, &d) == JD_ENET &&
		      strstr(d.msg, "SlowDown") && strstr(d.msg, "--jobs"));
	s3_stats(s, &st);
	CHECK("throttling answers are counted and slowed the client down",
	      st.throttled >= 3 && st.pace_max_ms >= 20);
	proxy_fail(0, 503, "SlowDown", "");
	buf_release(&b);
	s3_close(s);
}

/* What a target reported through its struct target_events. */
struct heard {
	int warnings, requests;
	char last_id[64];
	struct buf lines;
};

static void heard_warning(void *arg, const char *id, const char *message)
{
	struct heard *h = arg;

	(void)message;
	h->warnings++;
	snprintf(h->last_id, sizeof(h->last_id), "%s", id);
}

static void heard_request(void *arg, const char *line)
{
	struct heard *h = arg;

	h->requests++;
	buf_printf(&h->lines, "%s\n", line);
}

static void errors(const char *url, const char *bucket)
{
	struct diag d;
	struct target *t;
	size_t done;
	struct put_item it = { .key = "x.txt", .data = "x", .len = 1 };
	const char *secret = getenv("AWS_SECRET_ACCESS_KEY");
	char *saved = xstrdup(secret ? secret : "");
	char *missing;

	/* wrong region: the proxy answers AuthorizationHeaderMalformed naming us-east-1 */
	struct heard heard = { .lines = BUF_INIT };
	struct target_events ev = { .warn = heard_warning, .request = heard_request, .arg = &heard };
	struct target_config wrong_region = { .endpoint = endpoint, .region = "eu-west-1",
					      .jobs = 8, .events = &ev };
	struct put_item three[] = { it, it, it };

	three[1].key = "y.txt";
	three[2].key = "z.txt";
	t = target_s3_open(url, &wrong_region, &d);
	CHECK("open with a wrong region", t != NULL);
	if (t) {
		CHECK("wrong region: switched to the bucket's region and retried once",
		      t->ops->put_many(t, &it, 1, &done, &d) == JD_OK && done == 1);
		CHECK("wrong region: one warning, id region-switch",
		      heard.warnings == 1 && strcmp(heard.last_id, "region-switch") == 0);
		CHECK("-v: one line per attempt (refused, then stored)",
		      heard.requests == 2 && strstr(heard.lines.data, "-> 400, ") &&
			      strstr(heard.lines.data, "the bucket is in region us-east-1") &&
			      strstr(heard.lines.data, "-> 200, "));
		CHECK("later requests sign for the new region: no second warning",
		      t->ops->put_many(t, three, 3, &done, &d) == JD_OK && done == 3 &&
			      heard.warnings == 1 && heard.requests == 5);
		CHECK_STR("wrong region: hint names the right region",
			  s3_region_hint(t->impl),
			  "bucket 'jd-test' is in region 'us-east-1', not 'eu-west-1': set --region us-east-1 "
			  "(or 'region: us-east-1' in jamdeploy.yml)");
		t->ops->close(t);
	}
	buf_release(&heard.lines);

	setenv("AWS_SECRET_ACCESS_KEY", "wrongSecretThatMustNotBePrinted", 1);
	t = open_target(url, NULL, &d);
	if (t) {
		enum jd_err rc = t->ops->put_many(t, &it, 1, &done, &d);

		CHECK("wrong secret: JD_EAUTH", rc == JD_EAUTH);
		CHECK("wrong secret: message has the S3 code and a hint",
		      strstr(d.msg, "SignatureDoesNotMatch") && strstr(d.msg, "AWS_SECRET_ACCESS_KEY"));
		CHECK("wrong secret: the secret is not in the message",
		      !strstr(d.msg, "wrongSecret") && !strstr(d.file, "wrongSecret"));
		t->ops->close(t);
	}
	setenv("AWS_SECRET_ACCESS_KEY", saved, 1);
	free(saved);

	missing = xasprintf("s3://%s-missing/site", bucket);
	t = open_target(missing, NULL, &d);
	if (t) {
		CHECK("missing bucket: NoSuchBucket with a hint",
		      t->ops->put_many(t, &it, 1, &done, &d) == JD_ETARGET &&
			      strstr(d.msg, "NoSuchBucket") && strstr(d.msg, "bucket name"));
		t->ops->close(t);
	}
	free(missing);

	t = open_target("s3://ab", NULL, &d);
	CHECK("a bucket name under 3 characters is a usage error", !t && d.code == JD_EUSAGE);
	{
		struct target_config cfg = { .endpoint = "ftp://x" };

		t = target_s3_open(url, &cfg, &d);
		CHECK("an endpoint that is not http(s) is a usage error", !t && d.code == JD_EUSAGE);
	}
}

/*
 * Issue 15: S3's 1,024-byte limit is on the UTF-8 bytes of "PREFIX/KEY",
 * checked without a request (so it needs no server): deploy_execute asks
 * the target about every key before its first write.
 */
static void key_limits(void)
{
	struct target_config cfg = { .endpoint = "http://127.0.0.1:9" };
	struct buf key = BUF_INIT;
	struct target *t, *bare;
	struct diag d;

	/* s3_open needs credentials, never uses these */
	setenv("AWS_ACCESS_KEY_ID", "AKIDKEYLIMITS", 0);
	setenv("AWS_SECRET_ACCESS_KEY", "keyLimitsSecret", 0);
	t = target_s3_open("s3://jd-test/site", &cfg, &d);
	bare = target_s3_open("s3://jd-test", &cfg, &d);
	CHECK("targets open without a request", t && bare && t->ops->check_key);
	if (!t || !bare)
		return;
	for (int i = 0; i < 100; i++)
		buf_addstr(&key, "d\xc3\xa9j\xc3\xa0/"); /* 7 bytes, 5 characters */
	while (key.len < 1024 - strlen("site/") - strlen(".html"))
		buf_addch(&key, 'x');
	buf_addstr(&key, ".html"); /* "site/" + key: exactly 1,024 bytes */
	CHECK("a key of 1,024 bytes with the prefix is accepted", t->ops->check_key(t, key.data, &d) == JD_OK);
	CHECK("without a prefix, 1,019 bytes are far from the limit",
	      bare->ops->check_key(bare, key.data, &d) == JD_OK);
	buf_addstr(&key, "l");
	diag_clear(&d);
	CHECK("one byte more is refused", t->ops->check_key(t, key.data, &d) == JD_ELIMIT);
	CHECK("the message names the key's end and its length in bytes",
	      strstr(d.msg, "xxx.htmll'") && strstr(d.msg, "is 1025 bytes with the prefix 'site/'") &&
		      strstr(d.msg, "1024"));
	CHECK("the message is valid UTF-8 (cut between characters)", utf8_valid(d.msg));
	buf_reset(&key);
	while (key.len < 1024)
		buf_addch(&key, 'y');
	CHECK("without a prefix, 1,024 bytes fit", bare->ops->check_key(bare, key.data, &d) == JD_OK);
	buf_addch(&key, 'y');
	CHECK("without a prefix, 1,025 do not", bare->ops->check_key(bare, key.data, &d) == JD_ELIMIT);
	CHECK("an empty key is refused", t->ops->check_key(t, "", &d) == JD_ELIMIT);
	buf_release(&key);
	t->ops->close(t);
	bare->ops->close(bare);
}

/*
 * Issue 15 item 7: a server that takes connections and never answers (a
 * socket that listens and never accepts: the kernel completes the
 * handshake) is given up on after max_stalls (2) attempts of
 * stall_timeout_s each, with a message naming the endpoint and what to do.
 * Needs no S3 server.
 */
static void stalled_server(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char ep[64], origin[128];
	struct s3_options o = { .endpoint = ep, .retry_base_ms = 20, .stall_timeout_s = 1 };
	struct put_item it = { .key = "stalled.txt", .data = "stalled", .len = 7 };
	struct s3 *s = NULL;
	struct diag d;
	size_t done = 0;

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 64) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len)) {
		CHECK("a listening socket for the stalled-server test", 0);
		return;
	}
	snprintf(ep, sizeof(ep), "http://127.0.0.1:%d", ntohs(sa.sin_port));
	snprintf(origin, sizeof(origin), "no answer from '%s' in 2 attempts", ep);
	setenv("AWS_ACCESS_KEY_ID", "AKIDKEYLIMITS", 0);
	setenv("AWS_SECRET_ACCESS_KEY", "keyLimitsSecret", 0);
	CHECK("s3_open against a server that never answers",
	      s3_open(&s, "s3://jd-test/site", &o, &d) == JD_OK);
	if (s) {
		CHECK("a server that never answers: JD_ENET",
		      s3_put_many(s, &it, 1, &done, &d) == JD_ENET && done == 0);
		CHECK("a server that never answers: given up after 2 stalled attempts, the endpoint named",
		      strstr(d.msg, origin) != NULL);
		CHECK("a server that never answers: the message says what to do",
		      strstr(d.msg, "does not answer") && strstr(d.msg, "check --endpoint") &&
			      strstr(d.msg, "try again later"));
		if (!strstr(d.msg, origin))
			printf("# %s\n", d.msg);
		s3_close(s);
	}
	close(fd);
}

int main(void)
{
	const char *bucket = getenv("JD_S3_BUCKET");
	struct target *t;
	struct diag d;
	char *url;

	key_limits();
	stalled_server();
	endpoint = getenv("JD_S3_ENDPOINT");
	if (!endpoint || !*endpoint) {
		SKIP("s3 client", "no S3 server (tests/integration/s3_client.sh sets JD_S3_ENDPOINT)");
		TEST_DONE();
	}
	if (!bucket)
		bucket = "jd-test";
	url = xasprintf("s3://%s/site", bucket);
	t = open_target(url, NULL, &d);
	CHECK("target_s3_open", t != NULL);
	if (!t) {
		printf("# %s\n", d.msg);
		TEST_DONE();
	}
	weird_keys_round_trip(t);
	get_missing_and_conditional(t, t->impl);
	pagination_and_delete(t);
	t->ops->close(t);
	file_and_multipart(url);
	retries(url);
	errors(url, bucket);
	free(url);
	TEST_DONE();
}
