/*
 * rewrite_memo.c - remember the rewrite stage's result for an unchanged site.
 *
 * rewrite_site() must read every HTML, CSS, JS and data file to find
 * references, which dominates a no-change push of a large site.  Its result
 * depends only on each file's key and bytes after the transform stage, on
 * base_url and on images.webp (the <picture> pass, picture.c), so it is remembered in `.jamdeploy/cache/rewrite`:
 *
 *   # jamdeploy rewrite cache 2 <fingerprint of all inputs>
 *   <old key>\t<new key>\t<class>\t<sha256>\t<size>\t<R|S>
 *   \t<kind>\t<group>\t<pin>\t<target key>
 *
 * one line per file, followed by one line per reference it makes to a file
 * of the site (struct file.refs, in document order: kind by name as
 * ref_kind_name gives it, group, 0/1, the target's key as shipped), e.g.
 *
 *   index.html\tindex.html\t0\t9f2c...\t1234\tR
 *   \tstylesheet\t0\t0\tcss/site.3f9a0c1d2e.css
 *   \tsrcset\t1\t0\timg/a.1b2c3d4e5f.png
 *
 * R means rewrite changed the bytes, which are then
 * kept as objects/AB/SHA beside the transform stage's; S means they are the
 * transform stage's output.  Keys never hold a tab or a newline (a site with
 * such a key gets no memo), so a line that starts with a tab is a reference.
 * Keeping the references here, rather than reading every HTML and CSS file
 * again, keeps a no-change build reading no file, and `jamdeploy check`
 * walking exactly the list the stage found.  When the fingerprint matches and every line
 * and object checks out, the lines are applied instead of running the
 * stage; anything else runs it and rewrites the memo.  Validation happens
 * before anything is applied, so a bad memo costs time, never correctness.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <unistd.h>

#include "lib/paths.h"
#include "lib/util.h"
#include "buildcache.h"
#include "lib/version.h"
#include "site.h"
#include "lib/sha256.h"

#define MEMO_HEADER "# jamdeploy rewrite cache 2 "

struct memo_ref {
	size_t line;             /* the file line it follows */
	int kind, pin;
	unsigned group;
	char *key;               /* the target's shipped key (into the memo text) */
};

struct memo_line {
	char *old_key, *new_key, *sha;
	int class;
	uint64_t size;
	int rewritten;
	struct file *file;
};

static void fingerprint(const struct site *s, const struct config *cfg, char out[65])
{
	struct buf in = BUF_INIT;

	buf_printf(&in, "%s\n%s\n%d\n", JAMDEPLOY_VERSION, cfg && cfg->base_url ? cfg->base_url : "",
		   cfg ? cfg->images_webp : 0);
	for (size_t i = 0; i < s->nfiles; i++) {
		buf_addstr(&in, s->files[i].key);
		buf_addch(&in, '\0');
		buf_printf(&in, "%s\n", s->files[i].transform_sha256);
	}
	sha256_hex(in.data, in.len, out);
	buf_release(&in);
}

/* Split "a\tb\t..." in place into exactly n fields. */
static int split_tabs(char *line, char **field, int n)
{
	for (int i = 0; i < n; i++) {
		field[i] = line;
		line = strchr(line, i + 1 < n ? '\t' : '\0');
		if (!line)
			return -1;
		if (i + 1 < n)
			*line++ = '\0';
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Parse "\tkind\tgroup\tpin\tkey" (p after the leading tab); 0 when it is one. */
static int parse_ref(char *p, struct memo_ref *r)
{
	char *field[4], *end;
	unsigned long g;

	if (split_tabs(p, field, 4) || (r->kind = ref_kind_from_name(field[0])) < 0)
		return -1;
	errno = 0;
	g = strtoul(field[1], &end, 10);
	if (errno || *end || end == field[1] || g > UINT_MAX || (strcmp(field[2], "0") && strcmp(field[2], "1")) ||
	    !*field[3])
		return -1;
	r->group = (unsigned)g;
	r->pin = field[2][0] == '1';
	r->key = field[3];
	return 0;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->key, ((const struct file *)b)->key);
}

static int by_from(const void *a, const void *b)
{
	return strcmp(((const struct rename *)a)->from, ((const struct rename *)b)->from);
}

/* Apply a valid memo; returns 1 when it was used. */
static int memo_apply(struct site *s, const char *cache_dir, const char *fp, struct buf *text)
{
	struct memo_line *lines;
	struct memo_ref *refs = NULL;
	char *p = text->data, *nl, **new_keys;
	size_t n = 0, nrefs = 0, refs_cap = 0;
	int ok = 1;

	if (!starts_with(p, MEMO_HEADER) || strncmp(p + strlen(MEMO_HEADER), fp, 64) != 0)
		return 0;
	p = strchr(p, '\n');
	lines = xcalloc(s->nfiles + 1, sizeof(*lines));
	for (p = p ? p + 1 : NULL; ok && p && *p; p = nl + 1) {
		char *field[6], *end;
		struct memo_line *l = &lines[n];
		if (!(nl = strchr(p, '\n')) || (n >= s->nfiles && *p != '\t')) {
			ok = 0;
			break;
		}
		*nl = '\0';
		if (*p == '\t') {
			ARRAY_GROW(refs, nrefs + 1, refs_cap);
			refs[nrefs].line = n - 1;
			if (!n || parse_ref(p + 1, &refs[nrefs])) {
				ok = 0;
				break;
			}
			nrefs++;
			continue;
		}
		if (split_tabs(p, field, 6) || strlen(field[3]) != 64 || (field[5][0] != 'R' && field[5][0] != 'S')) {
			ok = 0;
			break;
		}
		l->old_key = field[0];
		l->new_key = field[1];
		l->class = (int)strtol(field[2], &end, 10);
		l->sha = field[3];
		l->size = strtoull(field[4], &end, 10);
		l->rewritten = field[5][0] == 'R';
		l->file = site_find(s, l->old_key);
		if (!l->file || l->class < FILE_REVALIDATED || l->class > FILE_FINGERPRINTED) {
			ok = 0;
			break;
		}
		if (l->rewritten) {
			char *obj = cache_object_path(cache_dir, l->sha);
			ok = access(obj, R_OK) == 0;
			free(obj);
		}
		n++;
	}
	/* every reference names a file of the site as it will be */
	new_keys = xcalloc(n + 1, sizeof(*new_keys));
	for (size_t i = 0; i < n; i++)
		new_keys[i] = lines[i].new_key;
	if (ok && n)
		qsort(new_keys, n, sizeof(*new_keys), cmp_str);
	for (size_t i = 0; ok && i < nrefs; i++)
		ok = bsearch(&refs[i].key, new_keys, n, sizeof(*new_keys), cmp_str) != NULL;
	free(new_keys);
	if (!ok || n != s->nfiles) {
		free(lines);
		free(refs);
		return 0;
	}
	for (size_t i = 0; i < nrefs; i++) {
		struct ref_list *l = &lines[refs[i].line].file->refs;
		struct ref *r;
		ARRAY_GROW(l->v, l->n + 1, l->cap);
		r = &l->v[l->n++];
		memset(r, 0, sizeof(*r));
		r->key = xstrdup(refs[i].key);
		r->kind = (enum ref_kind)refs[i].kind;
		r->group = refs[i].group;
		r->pin = refs[i].pin;
		if (r->group > l->groups)
			l->groups = r->group;
	}
	free(refs);
	for (size_t i = 0; i < n; i++) {
		struct memo_line *l = &lines[i];
		struct file *f = l->file;
		if (strcmp(l->old_key, l->new_key) != 0) {
			ARRAY_GROW(s->renames, s->nrenames + 1, s->renames_cap);
			s->renames[s->nrenames].from = f->key;
			s->renames[s->nrenames].to = xstrdup(l->new_key);
			s->nrenames++;
			f->key = xstrdup(l->new_key);
		}
		f->class = (enum file_class)l->class;
		memcpy(f->sha256, l->sha, 64);
		f->sha256[64] = '\0';
		f->size = l->size;
		if (l->rewritten) {
			buf_release(&f->data);
			f->in_memory = 0;
			free(f->cached_path);
			f->cached_path = cache_object_path(cache_dir, l->sha);
		}
	}
	free(lines);
	if (s->nfiles)
		qsort(s->files, s->nfiles, sizeof(*s->files), by_key);
	if (s->nrenames)
		qsort(s->renames, s->nrenames, sizeof(*s->renames), by_from);
	return 1;
}

static const char *old_key_of(const struct site *s, const char *key)
{
	for (size_t i = 0; i < s->nrenames; i++)
		if (!strcmp(s->renames[i].to, key))
			return s->renames[i].from;
	return key;
}

static void memo_store(const struct site *s, const char *cache_dir, const char *fp)
{
	struct buf out = BUF_INIT;
	struct diag ignored;
	char *path = path_join(cache_dir, JD_CACHE_REWRITE);

	buf_printf(&out, MEMO_HEADER "%s\n", fp);
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct file *f = &s->files[i];
		int rewritten = strcmp(f->sha256, f->transform_sha256) != 0;
		if (strchr(f->key, '\t') || strchr(f->key, '\n'))
			goto skip; /* keys we cannot write down: no memo at all */
		if (rewritten) {
			char *obj = cache_object_path(cache_dir, f->sha256);
			int have = access(obj, F_OK) == 0 ||
				   (f->in_memory && !write_file_atomic(obj, f->data.data, f->data.len, &ignored));
			free(obj);
			if (!have)
				goto skip;
		}
		buf_printf(&out, "%s\t%s\t%d\t%s\t%" PRIu64 "\t%c\n", old_key_of(s, f->key), f->key,
			   (int)f->class, f->sha256, f->size, rewritten ? 'R' : 'S');
		for (size_t r = 0; r < f->refs.n; r++) {
			const struct ref *ref = &f->refs.v[r];
			buf_printf(&out, "\t%s\t%u\t%d\t%s\n", ref_kind_name(ref->kind), ref->group, ref->pin ? 1 : 0,
				   ref->key);
		}
	}
	write_file_atomic(path, out.data, out.len, &ignored);
skip:
	buf_release(&out);
	free(path);
}

enum jd_err rewrite_site_cached(struct site *s, const struct config *cfg, const char *cache_dir,
				struct diag *d)
{
	struct buf text;
	struct diag ignored;
	char fp[65], *path;
	enum jd_err rc;
	int used = 0;

	if (!cache_dir)
		return rewrite_site(s, cfg, d);
	fingerprint(s, cfg, fp);
	path = path_join(cache_dir, JD_CACHE_REWRITE);
	buf_init(&text, 256u << 20);
	if (!read_file(path, &text, &ignored))
		used = memo_apply(s, cache_dir, fp, &text);
	buf_release(&text);
	free(path);
	if (used)
		return JD_OK;
	if ((rc = rewrite_site(s, cfg, d)))
		return rc;
	memo_store(s, cache_dir, fp);
	return JD_OK;
}
