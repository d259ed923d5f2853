/*
 * config.c - load jamdeploy.yml with libyaml and check it against a schema.
 *
 * libyaml builds a document (nodes with start marks); we walk it with one
 * small table per mapping: key name, kind (string, bool, size, count, nested
 * mapping, list of mappings) and the field's offset in the struct being
 * filled.  The same walker handles the top level, `minify:`, `images:`,
 * `cdn:` and its blocks, `deletes:`, and the items of `rules:` and
 * `budgets:`.  An unknown key, a key given twice in one mapping or a value
 * of the wrong kind stops the load with "FILE:LINE:COL: ..." and says what
 * is allowed.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <unistd.h>
#include <yaml.h>

#include "suggest.h"
#include "util.h"

enum field_kind {
	F_STRING,
	F_BOOL,
	F_SIZE,     /* bytes with units */
	F_COUNT,    /* plain non-negative integer */
	F_MAP,      /* nested mapping into the same struct */
	F_RULES,    /* list of struct rule */
	F_BUDGETS,  /* list of struct budget */
};

struct field {
	const char *name;
	enum field_kind kind;
	size_t offset;
	const struct field *sub;  /* F_MAP, F_RULES, F_BUDGETS */
	const char *const *choices; /* F_STRING: allowed values, or NULL */
};

#define CFG(f) offsetof(struct config, f)
#define RULE(f) offsetof(struct rule, f)
#define BUDGET(f) offsetof(struct budget, f)

static const char *const image_modes[] = { "lossless", "off", NULL };
static const char *const compress_modes[] = { "gzip", "br", NULL };

static const struct field minify_fields[] = {
	{ "html", F_BOOL, CFG(minify_html), NULL, NULL },
	{ "css", F_BOOL, CFG(minify_css), NULL, NULL },
	{ "js", F_BOOL, CFG(minify_js), NULL, NULL },
	{ "svg", F_BOOL, CFG(minify_svg), NULL, NULL },
	{ "json", F_BOOL, CFG(minify_json), NULL, NULL },
	{ "keep_names", F_BOOL, CFG(minify_keep_names), NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field images_fields[] = {
	{ "png", F_STRING, CFG(images_png), NULL, image_modes },
	{ "jpeg", F_STRING, CFG(images_jpeg), NULL, image_modes },
	{ "webp", F_BOOL, CFG(images_webp), NULL, NULL },
	{ "jpeg_quality", F_COUNT, CFG(jpeg_quality), NULL, NULL },
	{ "effort", F_COUNT, CFG(images_effort), NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field cloudfront_fields[] = {
	{ "distribution_id", F_STRING, CFG(cdn.cloudfront_distribution_id), NULL, NULL },
	{ "endpoint", F_STRING, CFG(cdn.cloudfront_endpoint), NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field cloudflare_fields[] = {
	{ "zone_id", F_STRING, CFG(cdn.cloudflare_zone_id), NULL, NULL },
	{ "token_env", F_STRING, CFG(cdn.cloudflare_token_env), NULL, NULL },
	{ "endpoint", F_STRING, CFG(cdn.cloudflare_endpoint), NULL, NULL },
	{ "purge_everything", F_BOOL, CFG(cdn.cloudflare_purge_everything), NULL, NULL },
	{ "batch", F_COUNT, CFG(cdn.cloudflare_batch), NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field fastly_fields[] = {
	{ "service_id", F_STRING, CFG(cdn.fastly_service_id), NULL, NULL },
	{ "token_env", F_STRING, CFG(cdn.fastly_token_env), NULL, NULL },
	{ "endpoint", F_STRING, CFG(cdn.fastly_endpoint), NULL, NULL },
	{ "soft_purge", F_BOOL, CFG(cdn.fastly_soft_purge), NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field cdn_fields[] = {
	{ "cloudfront", F_MAP, 0, cloudfront_fields, NULL },
	{ "cloudflare", F_MAP, 0, cloudflare_fields, NULL },
	{ "fastly", F_MAP, 0, fastly_fields, NULL },
	{ "purge_url", F_STRING, CFG(cdn.purge_url), NULL, NULL },
	{ "origin_path", F_STRING, CFG(cdn.origin_path), NULL, NULL },
	{ "clean_urls", F_BOOL, CFG(cdn.clean_urls), NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field deletes_fields[] = {
	{ "max", F_COUNT, CFG(max_deletes), NULL, NULL },
	{ "keep_old_assets", F_COUNT, CFG(keep_old_assets), NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field rule_fields[] = {
	{ "match", F_STRING, RULE(match), NULL, NULL },
	{ "cache_control", F_STRING, RULE(cache_control), NULL, NULL },
	{ "content_type", F_STRING, RULE(content_type), NULL, NULL },
	{ "compress", F_STRING, RULE(compress), NULL, compress_modes },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field budget_fields[] = {
	{ "match", F_STRING, BUDGET(match), NULL, NULL },
	{ "page", F_STRING, BUDGET(page), NULL, NULL },
	{ "max", F_SIZE, BUDGET(max), NULL, NULL },
	{ "max_gzip", F_SIZE, BUDGET(max_gzip), NULL, NULL },
	{ "max_brotli", F_SIZE, BUDGET(max_brotli), NULL, NULL },
	{ "total", F_SIZE, BUDGET(total), NULL, NULL },
	{ "total_gzip", F_SIZE, BUDGET(total_gzip), NULL, NULL },
	{ "total_brotli", F_SIZE, BUDGET(total_brotli), NULL, NULL },
	{ "max_count", F_COUNT, BUDGET(max_count), NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field top_fields[] = {
	{ "site", F_STRING, CFG(site), NULL, NULL },
	{ "target", F_STRING, CFG(target), NULL, NULL },
	{ "endpoint", F_STRING, CFG(endpoint), NULL, NULL },
	{ "region", F_STRING, CFG(region), NULL, NULL },
	{ "profile", F_STRING, CFG(profile), NULL, NULL },
	{ "path_style", F_BOOL, CFG(path_style), NULL, NULL },
	{ "ca_bundle", F_STRING, CFG(ca_bundle), NULL, NULL },
	{ "base_url", F_STRING, CFG(base_url), NULL, NULL },
	{ "cache", F_STRING, CFG(cache), NULL, NULL },
	{ "cache_endpoint", F_STRING, CFG(cache_endpoint), NULL, NULL },
	{ "cache_region", F_STRING, CFG(cache_region), NULL, NULL },
	{ "cache_readonly", F_BOOL, CFG(cache_readonly), NULL, NULL },
	{ "minify", F_MAP, 0, minify_fields, NULL },
	{ "images", F_MAP, 0, images_fields, NULL },
	{ "rules", F_RULES, 0, rule_fields, NULL },
	{ "cdn", F_MAP, 0, cdn_fields, NULL },
	{ "budgets", F_BUDGETS, 0, budget_fields, NULL },
	{ "deletes", F_MAP, 0, deletes_fields, NULL },
	{ "history", F_COUNT, CFG(history), NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

struct walk {
	yaml_document_t *doc;
	struct config *cfg;
	const char *file;
	struct diag *d;
};

static enum jd_err node_error(struct walk *w, const yaml_node_t *n, const char *fmt, const char *arg,
			      const char *hint)
{
	struct buf msg = BUF_INIT;

	buf_printf(&msg, fmt, arg);
	if (hint)
		buf_printf(&msg, " (%s)", hint);
	diag_at(w->d, JD_ECONFIG, w->file, (long)n->start_mark.line + 1,
		(long)n->start_mark.column + 1, "%s", msg.data);
	buf_release(&msg);
	return JD_ECONFIG;
}

#define FIELDS_MAX 64 /* keys of one mapping, more than any has */

static void list_keys(const struct field *fields, struct buf *out)
{
	for (const struct field *f = fields; f->name; f++)
		buf_printf(out, "%s%s", f == fields ? "" : ", ", f->name);
}

int parse_byte_size(const char *s, uint64_t *out)
{
	static const struct { const char *unit; double mult; } units[] = {
		{ "", 1 }, { "B", 1 }, { "KB", 1e3 }, { "kB", 1e3 }, { "KiB", 1024.0 },
		{ "MB", 1e6 }, { "MiB", 1048576.0 }, { "GB", 1e9 }, { "GiB", 1073741824.0 },
	};
	char *end;
	double v;

	while (*s == ' ')
		s++;
	if (!(*s >= '0' && *s <= '9') && *s != '.')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || !isfinite(v) || v < 0)
		return -1;
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit) == 0) {
			double bytes = v * units[i].mult;
			if (bytes > 1.8e19)
				return -1;
			*out = (uint64_t)llround(bytes);
			return 0;
		}
	}
	return -1;
}

static enum jd_err walk_map(struct walk *w, yaml_node_t *map, const struct field *fields, char *base);

static enum jd_err set_scalar(struct walk *w, const struct field *f, yaml_node_t *val, char *base)
{
	const char *text;

	if (val->type != YAML_SCALAR_NODE)
		return node_error(w, val, "'%s' must be a single value, not a list or mapping", f->name, NULL);
	text = (const char *)val->data.scalar.value;
	switch (f->kind) {
	case F_STRING: {
		char **slot = (char **)(base + f->offset);
		if (f->choices) {
			int ok = 0;
			for (const char *const *c = f->choices; *c; c++)
				ok |= strcmp(*c, text) == 0;
			if (!ok) {
				struct buf hint = BUF_INIT;
				buf_addstr(&hint, "use one of:");
				for (const char *const *c = f->choices; *c; c++)
					buf_printf(&hint, " %s", *c);
				node_error(w, val, "'%s' has an unknown value", f->name, hint.data);
				buf_release(&hint);
				return JD_ECONFIG;
			}
		}
		free(*slot);
		*slot = xstrdup(text);
		return JD_OK;
	}
	case F_BOOL: {
		int *slot = (int *)(base + f->offset);
		if (!strcmp(text, "true") || !strcmp(text, "yes") || !strcmp(text, "on"))
			*slot = 1;
		else if (!strcmp(text, "false") || !strcmp(text, "no") || !strcmp(text, "off"))
			*slot = 0;
		else
			return node_error(w, val, "'%s' must be true or false", f->name, NULL);
		return JD_OK;
	}
	case F_SIZE: {
		uint64_t *slot = (uint64_t *)(base + f->offset);
		if (parse_byte_size(text, slot))
			return node_error(w, val, "'%s' is not a size", f->name,
					  "write e.g. 100KB (1000 bytes), 100KiB (1024 bytes), 2MB or 1500");
		return JD_OK;
	}
	case F_COUNT: {
		uint64_t *slot = (uint64_t *)(base + f->offset);
		size_t v;
		if (parse_size_t(text, &v))
			return node_error(w, val, "'%s' must be a whole number", f->name, NULL);
		*slot = v;
		return JD_OK;
	}
	case F_MAP:
	case F_RULES:
	case F_BUDGETS:
		break;
	}
	return JD_ECONFIG;
}

static enum jd_err walk_list(struct walk *w, const struct field *f, yaml_node_t *seq)
{
	struct config *c = w->cfg;
	enum jd_err rc;

	if (seq->type != YAML_SEQUENCE_NODE)
		return node_error(w, seq, "'%s' must be a list", f->name, NULL);
	for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
		yaml_node_t *item = yaml_document_get_node(w->doc, *it);
		char *base;
		long line = (long)item->start_mark.line + 1;

		if (f->kind == F_RULES) {
			ARRAY_GROW(c->rules, c->nrules + 1, c->rules_cap);
			memset(&c->rules[c->nrules], 0, sizeof(struct rule));
			c->rules[c->nrules].line = line;
			base = (char *)&c->rules[c->nrules++];
		} else {
			ARRAY_GROW(c->budgets, c->nbudgets + 1, c->budgets_cap);
			memset(&c->budgets[c->nbudgets], 0, sizeof(struct budget));
			c->budgets[c->nbudgets].line = line;
			base = (char *)&c->budgets[c->nbudgets++];
		}
		if ((rc = walk_map(w, item, f->sub, base)))
			return rc;
		if (f->kind == F_RULES && !c->rules[c->nrules - 1].match)
			return node_error(w, item, "a rule needs '%s'", "match", "e.g. match: \"**/*.html\"");
	}
	return JD_OK;
}

/*
 * libyaml keeps every pair of a mapping, and the walk would let the last
 * one win without a word: `target:` written twice deploys to whichever
 * came last.  YAML 1.2 says keys are unique, so the second one is an
 * error.  The earlier keys of this mapping were all known field names (an
 * unknown one stopped the walk), so the scan is short.
 */
static enum jd_err check_duplicate(struct walk *w, yaml_node_t *map, yaml_node_pair_t *at,
				   yaml_node_t *k)
{
	for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < at; q++) {
		yaml_node_t *prev = yaml_document_get_node(w->doc, q->key);
		char hint[96];

		if (prev->type != YAML_SCALAR_NODE || prev->data.scalar.length != k->data.scalar.length ||
		    memcmp(prev->data.scalar.value, k->data.scalar.value, k->data.scalar.length))
			continue;
		snprintf(hint, sizeof(hint), "first at line %ld: keep one of them",
			 (long)prev->start_mark.line + 1);
		return node_error(w, k, "duplicate key '%s'", (const char *)k->data.scalar.value, hint);
	}
	return JD_OK;
}

static enum jd_err walk_map(struct walk *w, yaml_node_t *map, const struct field *fields, char *base)
{
	enum jd_err rc;

	if (map->type != YAML_MAPPING_NODE)
		return node_error(w, map, "expected a mapping of %s", "keys", NULL);
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(w->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(w->doc, p->value);
		const struct field *f;
		const char *name;

		if (k->type != YAML_SCALAR_NODE)
			return node_error(w, k, "a key must be a plain %s", "name", NULL);
		name = (const char *)k->data.scalar.value;
		if ((rc = check_duplicate(w, map, p, k)))
			return rc;
		for (f = fields; f->name && strcmp(f->name, name); f++)
			;
		if (!f->name) {
			struct buf hint = BUF_INIT;
			const char *names[FIELDS_MAX];
			size_t n = 0;

			for (const struct field *g = fields; g->name && n < FIELDS_MAX; g++)
				names[n++] = g->name;
			if (!suggest_names(name, names, n, &hint)) {
				buf_addstr(&hint, "known keys here: ");
				list_keys(fields, &hint);
			}
			node_error(w, k, "unknown key '%s'", name, hint.data);
			buf_release(&hint);
			return JD_ECONFIG;
		}
		if (f->kind == F_MAP)
			rc = walk_map(w, v, f->sub, base);
		else if (f->kind == F_RULES || f->kind == F_BUDGETS)
			rc = walk_list(w, f, v);
		else if (v->type == YAML_SCALAR_NODE && v->data.scalar.length == 0 &&
			 v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
			rc = node_error(w, v, "'%s' has no value", f->name, NULL);
		else
			rc = set_scalar(w, f, v, base);
		if (rc)
			return rc;
	}
	return JD_OK;
}

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->minify_html = c->minify_css = c->minify_js = c->minify_svg = c->minify_json = 1;
	c->images_png = xstrdup("lossless");
	c->images_jpeg = xstrdup("lossless");
	c->images_effort = 2;
	c->max_deletes = 256;
	c->keep_old_assets = 3;
	c->history = 10;
	c->cdn.cloudflare_batch = 100;
}

enum jd_err config_find(const char **path, struct diag *d)
{
	int yml = access("jamdeploy.yml", F_OK) == 0, yaml = access("jamdeploy.yaml", F_OK) == 0;

	*path = yaml && !yml ? "jamdeploy.yaml" : "jamdeploy.yml";
	if (yml && yaml)
		return diag_set(d, JD_ECONFIG, "jamdeploy.yaml", "both jamdeploy.yml and jamdeploy.yaml "
				"exist: keep one of them (or name it with --config)");
	return JD_OK;
}

enum jd_err config_load(struct config *c, const char *path, int required, struct diag *d)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct buf text = BUF_INIT;
	enum jd_err rc;
	yaml_node_t *root;

	buf_init(&text, 4u << 20); /* a config over 4 MiB is a mistake */
	if ((rc = read_file(path, &text, d))) {
		buf_release(&text);
		if (!required && access(path, F_OK) != 0)
			return JD_OK;
		d->code = rc == JD_ELIMIT ? JD_ELIMIT : JD_ECONFIG;
		return JD_ECONFIG;
	}
	free(c->path);
	c->path = xstrdup(path);
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text.data, text.len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = diag_at(d, JD_ECONFIG, path, (long)parser.problem_mark.line + 1,
			     (long)parser.problem_mark.column + 1, "invalid YAML: %s%s%s",
			     parser.problem ? parser.problem : "syntax error",
			     parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		buf_release(&text);
		return rc;
	}
	root = yaml_document_get_root_node(&doc);
	if (root && !(root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)) {
		struct walk w = { &doc, c, path, d };
		rc = walk_map(&w, root, top_fields, (char *)c);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	buf_release(&text);
	return rc;
}

void config_free(struct config *c)
{
	free(c->path);
	free(c->site);
	free(c->target);
	free(c->endpoint);
	free(c->region);
	free(c->profile);
	free(c->ca_bundle);
	free(c->base_url);
	free(c->cache);
	free(c->cache_endpoint);
	free(c->cache_region);
	free(c->images_png);
	free(c->images_jpeg);
	for (size_t i = 0; i < c->nrules; i++) {
		free(c->rules[i].match);
		free(c->rules[i].cache_control);
		free(c->rules[i].content_type);
		free(c->rules[i].compress);
	}
	free(c->rules);
	for (size_t i = 0; i < c->nbudgets; i++) {
		free(c->budgets[i].match);
		free(c->budgets[i].page);
	}
	free(c->budgets);
	free(c->cdn.cloudfront_distribution_id);
	free(c->cdn.cloudfront_endpoint);
	free(c->cdn.cloudflare_zone_id);
	free(c->cdn.cloudflare_token_env);
	free(c->cdn.cloudflare_endpoint);
	free(c->cdn.fastly_service_id);
	free(c->cdn.fastly_token_env);
	free(c->cdn.fastly_endpoint);
	free(c->cdn.purge_url);
	free(c->cdn.origin_path);
	memset(c, 0, sizeof(*c));
}
