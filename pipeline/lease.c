/*
 * lease.c - the push lease on a target (see lease.h).
 *
 * Everything goes through the target's operations (get with an ETag,
 * put_many with if_match / if_none_match, delete_many), so S3 and
 * directory targets share it.  The order of a contended acquire: create
 * with If-None-Match: *; on JD_ECONFLICT read the lease and its ETag; take
 * it over with If-Match on that ETag when it may be taken (expired, a dead
 * process of this host, --break-lock), else wait a second and start over
 * until the wait is used up.  Two pushes racing for a stale lease both
 * send If-Match on the same ETag: one wins, the other's 412 sends it round
 * the loop again, where it finds the winner's fresh lease.
 */
#include "pipeline/lease.h"

#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/json_build.h"
#include "lib/paths.h"
#include "lib/util.h"
#include "lib/version.h"

/* Who holds a lease, as read back. */
struct holder {
	char owner[128], host[256];
	long long pid, started, expires;
	int readable;
};

static void utc(time_t t, char *out, size_t size)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, size, "%lld", (long long)t);
}

static void hostname(char *out, size_t size)
{
	if (gethostname(out, size) != 0)
		snprintf(out, size, "unknown");
	out[size - 1] = '\0';
}

/* The lease body for now: owner, host, pid, start and expiry. */
static char *lease_body(const struct lease *l, time_t now)
{
	struct jb b = JB_INIT;
	json_t *o = jb_value(&b, json_object());
	const char *user = getenv("USER");
	char host[256], when[32], until[32];
	char *text;

	hostname(host, sizeof(host));
	utc(l->started, when, sizeof(when));
	utc(now + LEASE_SECONDS, until, sizeof(until));
	jb_set(&b, o, "owner", jb_string(&b, user && *user ? user : "unknown"));
	jb_set(&b, o, "host", jb_string(&b, host));
	jb_set(&b, o, "pid", jb_value(&b, json_integer(getpid())));
	jb_set(&b, o, "tool", jb_string(&b, "jamdeploy " JAMDEPLOY_VERSION));
	jb_set(&b, o, "started", jb_value(&b, json_integer(l->started)));
	jb_set(&b, o, "started_at", jb_string(&b, when));
	jb_set(&b, o, "expires", jb_value(&b, json_integer(now + LEASE_SECONDS)));
	jb_set(&b, o, "expires_at", jb_string(&b, until));
	jb_release(&b); /* a name that is not UTF-8 became null: still a lease */
	text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(o);
	if (!text)
		die_oom("json_dumps");
	return text;
}

/* Store the lease: created (`etag` NULL: If-None-Match: *) or replaced (If-Match: etag). */
static enum jd_err put_lease(struct lease *l, const char *if_match, struct diag *d)
{
	time_t now = time(NULL);
	char *body = lease_body(l, now);
	char etag[TARGET_ETAG_MAX] = "";
	struct put_item it = {
		.key = JD_LOCK_KEY,
		.data = body,
		.len = strlen(body),
		.content_type = "application/json; charset=utf-8",
		.cache_control = "no-store",
		.etag_out = etag,
		.if_match = if_match,
		.if_none_match = if_match == NULL,
	};
	size_t done = 0;
	enum jd_err rc = l->t->ops->put_many(l->t, &it, 1, &done, d);

	if (!rc) {
		memcpy(l->etag, etag, sizeof(etag));
		l->renewed = now;
		l->held = 1;
	}
	free(body);
	return rc;
}

static void read_holder(const struct buf *text, struct holder *h)
{
	json_t *o = json_loadb(text->data, text->len, 0, NULL);

	memset(h, 0, sizeof(*h));
	snprintf(h->owner, sizeof(h->owner), "unknown");
	snprintf(h->host, sizeof(h->host), "unknown");
	if (!json_is_object(o)) {
		json_decref(o);
		return;
	}
	if (json_is_string(json_object_get(o, "owner")))
		snprintf(h->owner, sizeof(h->owner), "%s", json_string_value(json_object_get(o, "owner")));
	if (json_is_string(json_object_get(o, "host")))
		snprintf(h->host, sizeof(h->host), "%s", json_string_value(json_object_get(o, "host")));
	h->pid = json_integer_value(json_object_get(o, "pid"));
	h->started = json_integer_value(json_object_get(o, "started"));
	h->expires = json_integer_value(json_object_get(o, "expires"));
	h->readable = json_is_integer(json_object_get(o, "expires"));
	json_decref(o);
}

/*
 * Why the lease `h` may be taken, or NULL.  One that cannot be read was
 * not written by a push (ours are written whole), so it guards nothing.
 */
static const char *may_take(const struct holder *h, time_t now, int break_lock)
{
	char host[256];

	if (break_lock)
		return "--break-lock";
	if (!h->readable)
		return "it cannot be read";
	if (h->expires <= (long long)now)
		return "it has expired";
	hostname(host, sizeof(host));
	if (!strcmp(host, h->host) && h->pid > 0 && h->pid != getpid() &&
	    kill((pid_t)h->pid, 0) != 0 && errno == ESRCH)
		return "its process is gone";
	return NULL;
}

static void warn(const struct lease *l, const char *id, const char *msg)
{
	if (l->events && l->events->warn)
		l->events->warn(l->events->arg, id, msg);
}

static enum jd_err unsupported(struct lease *l)
{
	char *msg = xasprintf("'%s' does not support conditional writes (it answered 501 "
			      "NotImplemented): pushing without a lock, and the manifest is written "
			      "without checking that no other push changed it (run one push at a time)",
			      l->t->url);

	warn(l, "conditional-writes-unsupported", msg);
	free(msg);
	l->unlocked = 1;
	return JD_OK;
}

enum jd_err lease_acquire(struct lease *l, struct target *t, const struct lease_options *o,
			  int *contended, struct diag *d)
{
	time_t deadline = time(NULL) + (o->wait_seconds > 0 ? o->wait_seconds : 0);
	enum jd_err rc;

	memset(l, 0, sizeof(*l));
	l->t = t;
	l->events = o->events;
	l->started = time(NULL);
	*contended = 0;
	for (;;) {
		struct buf text;
		struct holder h;
		enum target_get_result got;
		char etag[TARGET_ETAG_MAX] = "", when[32], until[32];
		const char *why;

		rc = put_lease(l, NULL, d);
		if (rc == JD_EUNSUPPORTED)
			return unsupported(l);
		if (rc != JD_ECONFLICT)
			return rc;
		*contended = 1;
		buf_init(&text, 1 << 20);
		rc = t->ops->get(t, JD_LOCK_KEY, etag, &text, &got, d);
		read_holder(&text, &h);
		buf_release(&text);
		if (rc)
			return rc;
		if (got != TARGET_FOUND)
			continue; /* released meanwhile: create it again */
		if ((why = may_take(&h, time(NULL), o->break_lock))) {
			rc = put_lease(l, etag, d);
			if (rc == JD_ECONFLICT)
				continue; /* another push took it first */
			if (!rc) {
				char *msg = xasprintf("took over the lease on '%s' held by %s@%s (pid %lld): %s",
						      t->url, h.owner, h.host, h.pid, why);
				warn(l, "lease-taken-over", msg);
				free(msg);
			}
			return rc == JD_EUNSUPPORTED ? unsupported(l) : rc;
		}
		if (time(NULL) < deadline) {
			sleep(1);
			continue;
		}
		utc((time_t)h.started, when, sizeof(when));
		utc((time_t)h.expires, until, sizeof(until));
		return diag_set(d, JD_ECONFLICT, t->url,
				"'%s' is being pushed by %s@%s (pid %lld) since %s (its lease runs until %s): "
				"wait for it with --wait-lock SECONDS, or, if that push is dead, take the lease "
				"with --break-lock", t->url, h.owner, h.host, h.pid, when, until);
	}
}

enum jd_err lease_renew(struct lease *l, struct diag *d)
{
	char etag[TARGET_ETAG_MAX];
	enum jd_err rc;

	if (!l->held || time(NULL) - l->renewed < LEASE_RENEW_SECONDS)
		return JD_OK;
	memcpy(etag, l->etag, sizeof(etag));
	rc = put_lease(l, etag, d);
	if (rc == JD_ECONFLICT) {
		l->held = 0;
		return diag_set(d, JD_ECONFLICT, l->t->url,
				"lost the lease on '%s': another push took it over (this push ran past its "
				"lease; the next push repairs what it left)", l->t->url);
	}
	return rc;
}

void lease_release(struct lease *l, const char *also)
{
	struct buf text;
	enum target_get_result got;
	char etag[TARGET_ETAG_MAX];
	const char *keys[2];
	struct diag ignored;
	size_t n = 0, done;
	int ours;

	if (also)
		keys[n++] = also;
	if (!l->held) {
		if (n)
			l->t->ops->delete_many(l->t, keys, n, &done, &ignored);
		return;
	}
	l->held = 0;
	/*
	 * Before it expires nobody may take it (bar --break-lock), so it is
	 * ours to delete without asking; later, only if it is unchanged since
	 * our last write.
	 */
	ours = time(NULL) < l->renewed + LEASE_SECONDS - LEASE_RENEW_SECONDS;
	if (!ours && *l->etag) {
		memcpy(etag, l->etag, sizeof(etag));
		buf_init(&text, 1 << 20);
		ours = !l->t->ops->get(l->t, JD_LOCK_KEY, etag, &text, &got, &ignored) &&
		       got == TARGET_NOT_MODIFIED;
		buf_release(&text);
	}
	if (ours)
		keys[n++] = JD_LOCK_KEY;
	if (n)
		l->t->ops->delete_many(l->t, keys, n, &done, &ignored);
}
