/*
 * minify.c - which minifier handles which format.
 *
 * The one table that maps a `--type` name and a Content-Type to a
 * minifier, shared by `jamdeploy minify` and the build's transform stage.
 */
#include "minify.h"

#include "lib/util.h"

static const struct minifier minifiers[] = {
	{ "html", "text/html", minify_html },
	{ "css", "text/css", minify_css },
	{ "js", "text/javascript", minify_js },
	{ "svg", "image/svg+xml", minify_svg },
	{ "json", "application/json", minify_json },
	{ "json", "application/manifest+json", minify_json },
	{ "json", "application/ld+json", minify_json },
};

const struct minifier *minifier_for_type(const char *content_type)
{
	for (size_t i = 0; i < sizeof(minifiers) / sizeof(minifiers[0]); i++)
		if (starts_with(content_type, minifiers[i].content_type))
			return &minifiers[i];
	return NULL;
}

const struct minifier *minifier_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(minifiers) / sizeof(minifiers[0]); i++)
		if (!strcmp(name, minifiers[i].name))
			return &minifiers[i];
	return NULL;
}
