/*
 * contenttype.c - the built-in Content-Type table, by file extension.
 *
 * Covers the formats static sites ship.  Text types carry
 * "charset=utf-8": static site generators write UTF-8, and a missing
 * charset makes browsers guess.  Unknown extensions get
 * application/octet-stream, which S3 would pick too.
 */
#include "site.h"

#include <strings.h>

#include "lib/util.h"

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "htm", "text/html; charset=utf-8" },
	{ "css", "text/css; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "mjs", "text/javascript; charset=utf-8" },
	{ "cjs", "text/javascript; charset=utf-8" },
	{ "json", "application/json; charset=utf-8" },
	{ "map", "application/json; charset=utf-8" },
	{ "webmanifest", "application/manifest+json; charset=utf-8" },
	{ "xml", "application/xml; charset=utf-8" },
	{ "rss", "application/rss+xml; charset=utf-8" },
	{ "atom", "application/atom+xml; charset=utf-8" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "md", "text/markdown; charset=utf-8" },
	{ "csv", "text/csv; charset=utf-8" },
	{ "svg", "image/svg+xml; charset=utf-8" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "webp", "image/webp" },
	{ "avif", "image/avif" },
	{ "ico", "image/x-icon" },
	{ "bmp", "image/bmp" },
	{ "woff", "font/woff" },
	{ "woff2", "font/woff2" },
	{ "ttf", "font/ttf" },
	{ "otf", "font/otf" },
	{ "eot", "application/vnd.ms-fontobject" },
	{ "wasm", "application/wasm" },
	{ "pdf", "application/pdf" },
	{ "zip", "application/zip" },
	{ "mp4", "video/mp4" },
	{ "webm", "video/webm" },
	{ "ogg", "audio/ogg" },
	{ "mp3", "audio/mpeg" },
	{ "wav", "audio/wav" },
	{ "vtt", "text/vtt; charset=utf-8" },
};

const char *content_type_for(const char *key)
{
	const char *base = strrchr(key, '/');
	const char *dot;

	base = base ? base + 1 : key;
	dot = strrchr(base, '.');
	if (dot && dot != base) {
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	}
	return "application/octet-stream";
}

int content_type_is_text(const char *t)
{
	return starts_with(t, "text/") || strstr(t, "charset=utf-8") != NULL ||
	       starts_with(t, "application/json") || starts_with(t, "application/xml") ||
	       starts_with(t, "image/svg+xml");
}

int content_type_is_html(const char *content_type)
{
	return content_type && starts_with(content_type, "text/html");
}
