/*
 * headers.c - Cache-Control, Content-Type overrides and precompression.
 *
 * Defaults are docs/DESIGN.md's: hashed and fingerprinted assets are cached for a
 * year and marked immutable; everything else (HTML, root files) is
 * revalidated by browsers and kept five minutes at the CDN.  Then each
 * matching `rules:` entry is applied in order, so a later rule wins, like
 * CSS.  A rule matches a file by its name in the site folder or by the
 * name it ships under: users write "assets/app.js", the rewrite stage may
 * have made it "assets/app.3f2a9c01de.js".
 */
#include "site.h"

#include "lib/glob.h"
#include "lib/util.h"

#define CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define CACHE_REVALIDATE "public, max-age=0, s-maxage=300, stale-while-revalidate=60"

void apply_headers(struct site *s, const struct config *cfg)
{
	const char **source = site_source_keys(s);

	for (size_t i = 0; i < s->nfiles; i++) {
		struct file *f = &s->files[i];
		const char *cc = f->class == FILE_REVALIDATED ? CACHE_REVALIDATE : CACHE_IMMUTABLE;

		f->content_encoding = NULL;
		for (size_t r = 0; r < cfg->nrules; r++) {
			const struct rule *rule = &cfg->rules[r];
			if (!glob_match(rule->match, source[i]) && !glob_match(rule->match, f->key))
				continue;
			if (rule->cache_control)
				cc = rule->cache_control;
			if (rule->content_type)
				f->content_type = rule->content_type;
			if (rule->compress)
				f->content_encoding = rule->compress;
		}
		free(f->cache_control);
		f->cache_control = xstrdup(cc);
	}
	free(source);
}
