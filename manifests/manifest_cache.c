/*
 * manifest_cache.c - the last remote manifest and its ETag (see manifest_cache.h).
 *
 * The copy is checked before it is trusted: the header must parse, the
 * ETag must be a plain token, and the body must hash to the sha256 in the
 * header.  That catches a truncated or hand-edited file; it cannot catch a
 * copy that is whole but stale, and needs not: the target compares the
 * ETag, and a stale one simply gets a 200 with the current body.
 */
#include "manifest_cache.h"

#include <unistd.h>

#include "lib/paths.h"
#include "lib/util.h"
#include "manifests/manifest.h"
#include "site/site.h"
#include "lib/sha256.h"

#define HEADER "# jamdeploy remote manifest 1 "

/* An ETag we can write on the header line and send back: printable, no blanks. */
static int etag_usable(const char *etag)
{
	size_t n = strlen(etag);

	if (n == 0 || n >= TARGET_ETAG_MAX)
		return 0;
	for (; *etag; etag++)
		if (*etag <= ' ' || *etag > '~')
			return 0;
	return 1;
}

void manifest_cache_load(struct manifest_cache *c, const char *cache_dir, const char *endpoint,
			 const char *url)
{
	char id[65], sha[65], *key, *name, *nl, *sp;
	const char *etag;
	struct diag ignored;

	memset(c, 0, sizeof(*c));
	buf_init(&c->text, MANIFEST_MAX_BYTES + 1024);
	if (!cache_dir)
		return;
	key = xasprintf("%s\n%s", endpoint ? endpoint : "", url);
	sha256_hex(key, strlen(key), id);
	free(key);
	id[16] = '\0';
	name = xasprintf(JD_CACHE_MANIFEST_PREFIX "%s", id);
	c->path = path_join(cache_dir, name);
	free(name);

	if (read_file(c->path, &c->text, &ignored) || !starts_with(c->text.data, HEADER))
		goto invalid;
	nl = memchr(c->text.data, '\n', c->text.len);
	if (!nl)
		goto invalid;
	*nl = '\0'; /* the header line alone; the body starts after it */
	etag = c->text.data + strlen(HEADER);
	sp = strchr(etag, ' ');
	if (!sp || strlen(sp + 1) != 64 || (size_t)(sp - etag) >= sizeof(c->etag))
		goto invalid;
	memcpy(c->etag, etag, (size_t)(sp - etag));
	c->etag[sp - etag] = '\0';
	c->body_offset = (size_t)(nl + 1 - c->text.data);
	sha256_hex(c->text.data + c->body_offset, c->text.len - c->body_offset, sha);
	if (!etag_usable(c->etag) || strcmp(sha, sp + 1) != 0)
		goto invalid;
	return;
invalid:
	c->etag[0] = '\0';
	buf_reset(&c->text);
	c->body_offset = 0;
}

const char *manifest_cache_body(const struct manifest_cache *c, size_t *len)
{
	*len = c->text.len - c->body_offset;
	return c->text.data + c->body_offset;
}

void manifest_cache_save(const struct manifest_cache *c, const char *etag, const char *body,
			 size_t len)
{
	struct buf out;
	struct diag ignored;
	char sha[65];

	if (!c->path)
		return;
	if (!etag || !etag_usable(etag)) {
		manifest_cache_forget(c);
		return;
	}
	buf_init(&out, MANIFEST_MAX_BYTES + 1024);
	sha256_hex(body, len, sha);
	buf_printf(&out, HEADER "%s %s\n", etag, sha);
	if (buf_add(&out, body, len) == 0)
		write_file_atomic(c->path, out.data, out.len, &ignored);
	buf_release(&out);
}

void manifest_cache_forget(const struct manifest_cache *c)
{
	if (c->path)
		unlink(c->path);
}

void manifest_cache_free(struct manifest_cache *c)
{
	free(c->path);
	buf_release(&c->text);
	memset(c, 0, sizeof(*c));
}
