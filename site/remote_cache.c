/*
 * remote_cache.c - the shared build cache (see remote_cache.h).
 *
 * Opening: the cache URL goes through target_open like a deploy target,
 * so an S3 cache speaks through the same client (upload/s3.c, http.c:
 * signing, retries, connection pool) and a directory cache through the
 * directory target's safe writes.  Fetching hands slices of
 * REMOTE_CACHE_BATCH keys to target_get_many, then checks each object
 * (header, key, letter, size, sha256) before anything of it is used:
 * the cache is shared, written by other machines, and its bytes ship.
 * Storing builds each object in memory and hands slices to put_many.
 * Every failure becomes a warning on the site: a cache only saves time.
 */
#include "site/remote_cache.h"

#include <inttypes.h>

#include "lib/sha256.h"
#include "site/buildcache.h"
#include "lib/util.h"

#define OBJECT_MAGIC "jamdeploy cache 1 "

enum jd_err remote_cache_open(struct remote_cache *rc, const struct config *cfg, const char *fingerprint,
			      int jobs, struct diag *d)
{
	const char *url = cfg->cache;
	struct target_config tc = { 0 };
	enum jd_err rc_err;

	memset(rc, 0, sizeof(*rc));
	snprintf(rc->fingerprint, sizeof(rc->fingerprint), "%s", fingerprint);
	rc->readonly = cfg->cache_readonly;
	if (!url || !*url)
		return JD_OK;
	/* the cache's own endpoint when it has one, else the target's (--endpoint, 'endpoint:') */
	tc.endpoint = cfg->cache_endpoint && *cfg->cache_endpoint ? cfg->cache_endpoint : cfg->endpoint;
	tc.region = cfg->cache_region && *cfg->cache_region ? cfg->cache_region : cfg->region;
	tc.path_style = cfg->path_style;
	tc.profile = cfg->profile;
	tc.jobs = jobs > 16 ? jobs : 16; /* requests wait on the network, not the CPU */
	if (starts_with(url, "s3://") && (!tc.endpoint || !*tc.endpoint || starts_with(tc.endpoint, "https://"))) {
		if ((rc_err = ca_bundle_find(&rc->ca, cfg->ca_bundle, cfg->path, cfg->profile, d)))
			return rc_err;
		tc.ca = &rc->ca;
	}
	rc->target = target_open(url, &tc, d);
	if (!rc->target) {
		char why[sizeof(d->msg)];

		ca_bundle_free(&rc->ca);
		/* name the setting: the message speaks of a "target" */
		snprintf(why, sizeof(why), "%s", d->msg);
		return diag_set(d, d->code, NULL, "shared cache: %s (check 'cache:' in jamdeploy.yml or "
				"--cache)", why);
	}
	return JD_OK;
}

void remote_cache_close(struct remote_cache *rc)
{
	target_close(rc->target);
	ca_bundle_free(&rc->ca);
	memset(rc, 0, sizeof(*rc));
}

char *remote_cache_key(const struct remote_cache *rc, char ns, const char *styles, const char *source_sha)
{
	if (ns == 'h')
		return xasprintf("%s/h/%s/%s", rc->fingerprint, styles, source_sha);
	return xasprintf("%s/%c/%s", rc->fingerprint, ns, source_sha);
}

uint64_t remote_cache_shard(const struct remote_cache *rc, const char *source_sha, uint64_t count)
{
	char *text = xasprintf("%s/%s", rc->fingerprint, source_sha);
	char sha[65];
	uint64_t v = 0;

	sha256_hex(text, strlen(text), sha);
	free(text);
	for (int i = 0; i < 15; i++) /* 60 bits: mod count stays even */
		v = v << 4 | (uint64_t)(sha[i] <= '9' ? sha[i] - '0' : sha[i] - 'a' + 10);
	return v % count + 1;
}

/* The letters a key's namespace may hold. */
static int kind_fits(const char *key, const char *fingerprint, char kind)
{
	char ns = key[strlen(fingerprint) + 1];

	return ns == 'w' ? kind == 'W' || kind == 'N' : kind == 'T' || kind == 'S';
}

/*
 * Check one fetched object and fill `it` from it; NULL when it is good,
 * else what is wrong (static text).
 */
static const char *parse_object(struct remote_item *it, const char *fingerprint, struct buf *obj)
{
	const char *p = obj->data, *end = obj->data + obj->len, *nl = memchr(p, '\n', obj->len);
	size_t klen = strlen(it->key);
	char sha[65], *after;
	uint64_t size;

	if (!nl || !starts_with(p, OBJECT_MAGIC))
		return "not a jamdeploy cache object";
	p += strlen(OBJECT_MAGIC);
	if ((size_t)(nl - p) < klen + 1 || memcmp(p, it->key, klen) != 0 || p[klen] != ' ')
		return "it is stored under another key than the one it names";
	p += klen + 1;
	if (nl - p < 68 || !strchr("TSWN", *p) || p[1] != ' ' || !hex_is_lower(p + 2, 64) || p[66] != ' ')
		return "its header is damaged";
	if (!kind_fits(it->key, fingerprint, *p))
		return "its kind does not fit its key";
	it->kind = *p;
	memcpy(it->sha, p + 2, 64);
	it->sha[64] = '\0';
	size = strtoull(p + 67, &after, 10);
	if (after != nl)
		return "its header is damaged";
	nl++;
	if ((uint64_t)(end - nl) != ((it->kind == 'T' || it->kind == 'W') ? size : 0))
		return "it is truncated or has extra bytes";
	if (it->kind == 'N' && (size || strcmp(it->sha, BUILD_CACHE_NO_WEBP_SHA)))
		return "its header is damaged";
	/* "ships as it is": the output is the source, whose hash ends the key */
	if (it->kind == 'S' && (size || !ends_with(it->key, it->sha)))
		return "its header is damaged";
	if (it->kind == 'T' || it->kind == 'W') {
		sha256_hex(nl, (size_t)(end - nl), sha);
		if (strcmp(sha, it->sha))
			return "its bytes do not have the sha256 it records";
	}
	it->size = size;
	buf_reset(&it->bytes);
	buf_add(&it->bytes, nl, (size_t)(end - nl));
	return NULL;
}

void remote_cache_fetch(const struct remote_cache *rc, struct remote_item *items, size_t n, struct site *s)
{
	for (size_t at = 0; rc->target && at < n; at += REMOTE_CACHE_BATCH) {
		size_t m = n - at < REMOTE_CACHE_BATCH ? n - at : REMOTE_CACHE_BATCH;
		const char *keys[REMOTE_CACHE_BATCH];
		struct buf objs[REMOTE_CACHE_BATCH];
		enum target_get_result got[REMOTE_CACHE_BATCH];
		struct diag d;
		enum jd_err err;

		diag_clear(&d);
		for (size_t i = 0; i < m; i++) {
			keys[i] = items[at + i].key;
			buf_init(&objs[i], BUF_MAX_DEFAULT);
			got[i] = TARGET_MISSING;
		}
		err = target_get_many(rc->target, keys, m, objs, got, &d);
		for (size_t i = 0; i < m; i++) {
			struct remote_item *it = &items[at + i];
			const char *why;

			if (!err && got[i] == TARGET_FOUND) {
				if ((why = parse_object(it, rc->fingerprint, &objs[i])))
					site_warn(s, "cache-corrupt", "shared cache object '%s' in '%s' is not "
						  "used: %s (the file is transformed again and the object "
						  "replaced)", it->key, rc->target->url, why);
				it->found = why == NULL;
			}
			buf_release(&objs[i]);
		}
		if (err) {
			site_warn(s, "cache-unavailable", "cannot read the shared cache '%s': %s (files are "
				  "transformed here instead)", rc->target->url, d.msg);
			return;
		}
	}
}

void remote_cache_store(const struct remote_cache *rc, const struct remote_item *items, size_t n,
			struct site *s)
{
	if (!rc->target || rc->readonly)
		return;
	for (size_t at = 0; at < n; at += REMOTE_CACHE_BATCH) {
		size_t m = n - at < REMOTE_CACHE_BATCH ? n - at : REMOTE_CACHE_BATCH, done = 0;
		struct put_item puts[REMOTE_CACHE_BATCH];
		struct buf objs[REMOTE_CACHE_BATCH];
		struct diag d;
		enum jd_err err;

		diag_clear(&d);
		for (size_t i = 0; i < m; i++) {
			const struct remote_item *it = &items[at + i];

			buf_init(&objs[i], BUF_MAX_DEFAULT);
			buf_printf(&objs[i], OBJECT_MAGIC "%s %c %s %" PRIu64 "\n", it->key, it->kind, it->sha,
				   it->size);
			buf_add(&objs[i], it->bytes.data, it->bytes.len);
			memset(&puts[i], 0, sizeof(puts[i]));
			puts[i].key = it->key;
			puts[i].data = objs[i].data;
			puts[i].len = objs[i].len;
			puts[i].content_type = "application/octet-stream";
		}
		err = rc->target->ops->put_many(rc->target, puts, m, &done, &d);
		for (size_t i = 0; i < m; i++)
			buf_release(&objs[i]);
		if (err) {
			site_warn(s, "cache-write-failed", "cannot write to the shared cache '%s': %s (the "
				  "next build computes these results again)", rc->target->url, d.msg);
			return;
		}
	}
}

void remote_item_release(struct remote_item *it)
{
	free(it->key);
	buf_release(&it->bytes);
	memset(it, 0, sizeof(*it));
}
