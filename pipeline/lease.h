/*
 * lease.h - one push at a time: a lease on the target (.jamdeploy/lock.json).
 *
 * Before its first write a push creates the lease object with
 * If-None-Match: * (S3 conditional writes; a directory target links the
 * file into place, which fails when it exists, as O_EXCL does).  It holds
 *
 *   { "owner": "ana", "host": "build-3", "pid": 4242, "tool": "jamdeploy 0.1.0",
 *     "started": 1765000000, "started_at": "2025-12-06T05:46:40Z",
 *     "expires": 1765000300, "expires_at": "2025-12-06T05:51:40Z" }
 *
 * A push renews it (If-Match on the ETag it got) once more than
 * LEASE_RENEW_SECONDS have passed, at the points deploy_execute offers:
 * between upload chunks (at most DEPLOY_CHUNK_ITEMS objects or
 * DEPLOY_CHUNK_BYTES each, pipeline/deploy.c) and between phases, so the
 * lease cannot run out unless one chunk takes longer than
 * LEASE_SECONDS - LEASE_RENEW_SECONDS.  It is released (deleted, once it
 * is checked to still be ours) at the end, also after a failure.
 *
 * A lease is taken over, with If-Match on the ETag read, when it has
 * expired, when it names this host and a process that no longer runs (a
 * push killed here), or with --break-lock.  Otherwise the push waits up
 * to --wait-lock seconds and then fails (JD_ECONFLICT, exit 1) naming who
 * holds the target since when.  A store that answers the conditional
 * write 501 NotImplemented gets the warning "conditional-writes-unsupported"
 * and the push goes on unlocked.
 */
#ifndef JD_LEASE_H
#define JD_LEASE_H

#include <time.h>

#include "lib/err.h"
#include "upload/target.h"

#define LEASE_SECONDS 300
#define LEASE_RENEW_SECONDS 60

struct lease_options {
	int wait_seconds;         /* wait this long for another push's lease; 0: fail at once */
	int break_lock;           /* take the lease whoever holds it */
	const struct target_events *events; /* warnings: lease-taken-over, conditional-writes-unsupported */
};

struct lease {
	struct target *t;         /* borrowed */
	const struct target_events *events;
	char etag[TARGET_ETAG_MAX];
	int held;                 /* this push holds the lease */
	int unlocked;             /* the store has no conditional writes: no lease, no If-Match */
	time_t started, renewed;
};

/*
 * Take the lease on `t`.  *contended is set when it was not free at the
 * first try (another push held it, or took it over): the caller must read
 * the manifest again, since the other push may have changed the target.
 * JD_ECONFLICT when another push holds it past wait_seconds.
 */
enum jd_err lease_acquire(struct lease *l, struct target *t, const struct lease_options *o,
			  int *contended, struct diag *d);

/* Renew when due (a no-op otherwise).  JD_ECONFLICT when another push took the lease over. */
enum jd_err lease_renew(struct lease *l, struct diag *d);

/*
 * Give the lease back, and delete `also` (NULL: nothing; the journal of a
 * finished push) in the same request.  Best effort: an error only leaves
 * the lease to expire, and a journal no manifest marks is never read.
 */
void lease_release(struct lease *l, const char *also);

#endif
