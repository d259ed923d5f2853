/*
 * plan.c - diff a built site against the target's manifest.
 *
 * One merge walk over two key-sorted manifests.  A key only in the site is
 * new; in both, changed when bytes or headers differ (so a new
 * cache_control rule re-uploads the objects it touches); only in the
 * remote, either kept (an immutable asset within keep_old_assets deploys of
 * when it was last live, or live in one of the `history` deploys the target
 * keeps for rollback) or deleted.  Deploy numbers count up by one per
 * deploy, so "named by one of the last N deploys" is last_live > next - N:
 * an asset stays in the manifest as long as that holds, so its last_live
 * is always the last deploy that had it.  The deploy counter advances only when
 * something changes, so a no-change push writes nothing at all.
 */
#include "plan.h"

#include "lib/util.h"

static int is_immutable(const struct manifest_entry *e)
{
	return e->cache_control && strstr(e->cache_control, "immutable") != NULL;
}

int plan_phase_of(const struct manifest_entry *e)
{
	if (is_immutable(e))
		return 0;
	if (content_type_is_html(e->content_type))
		return 2;
	return 1;
}

static void add_key(char ***arr, size_t *n, size_t *cap, const char *key)
{
	ARRAY_GROW(*arr, *n + 1, *cap);
	(*arr)[(*n)++] = xstrdup(key);
}

static int by_phase_then_key(const void *a, const void *b)
{
	const struct plan_upload *x = a, *y = b;
	int px = plan_phase_of(x->entry), py = plan_phase_of(y->entry);

	return px != py ? px - py : strcmp(x->entry->key, y->entry->key);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An old asset (not in the site) that stays: browsers' old pages or a kept deploy need it. */
static int keeps(const struct manifest_entry *old, int64_t deploy, const struct plan_options *o)
{
	/* unsigned: defined for any last_live; one from the future never fits */
	uint64_t age = (uint64_t)deploy - (uint64_t)old->last_live;

	return is_immutable(old) && (age <= o->keep_old_assets || age < o->history);
}

static int is_drifted(const struct plan_options *o, const char *key)
{
	return o->ndrifted && bsearch(&key, o->drifted, o->ndrifted, sizeof(char *), cmp_str);
}

void plan_make(const struct manifest *local, const struct manifest *remote,
	       const struct plan_options *o, struct plan *p)
{
	static const struct manifest none;
	const struct manifest *r = remote ? remote : &none;
	/*
	 * manifest_parse keeps the counter at most MANIFEST_DEPLOY_MAX and
	 * push_prepare refuses one that reached it, so this is r->deploy + 1;
	 * the bound only keeps the addition defined for any other caller.
	 */
	int64_t deploy = r->deploy < MANIFEST_DEPLOY_MAX ? r->deploy + 1 : MANIFEST_DEPLOY_MAX;
	size_t i = 0, j = 0;

	memset(p, 0, sizeof(*p));
	p->repair = o->repair;
	p->next.deploy = deploy;
	/* First the next manifest: the site plus kept old assets, in key order. */
	while (i < local->n || j < r->n) {
		int c = i >= local->n ? 1 : j >= r->n ? -1 : strcmp(local->e[i].key, r->e[j].key);
		if (c <= 0) {
			struct manifest_entry e = local->e[i++];
			e.last_live = deploy;
			/* Same bytes: the MD5 the remote knows (the site's is computed only for uploads). */
			if (c == 0 && !e.md5[0] && !strcmp(e.sha256, r->e[j].sha256))
				memcpy(e.md5, r->e[j].md5, sizeof(e.md5));
			manifest_add(&p->next, &e);
			if (c == 0)
				j++;
		} else {
			const struct manifest_entry *old = &r->e[j++];
			if (keeps(old, deploy, o)) {
				manifest_add(&p->next, old);
				p->kept_old++;
			}
		}
	}
	/* Then what to send: every next entry that the remote lacks or has differently. */
	for (size_t k = 0; k < p->next.n; k++) {
		const struct manifest_entry *e = &p->next.e[k];
		const struct manifest_entry *old = manifest_find(r, e->key);
		struct plan_upload u = { e, old ? PLAN_CHANGED : PLAN_NEW };

		if (e->last_live != deploy)
			continue; /* a kept old asset: already there */
		if (old && !o->force && !manifest_entry_differs(e, old) && !is_drifted(o, e->key)) {
			p->unchanged++;
			continue;
		}
		ARRAY_GROW(p->upload, p->nupload + 1, p->upload_cap);
		p->upload[p->nupload++] = u;
		p->bytes += e->size;
		if (old && !is_immutable(old))
			add_key(&p->purge, &p->npurge, &p->purge_cap, e->key);
	}
	if (p->nupload)
		qsort(p->upload, p->nupload, sizeof(*p->upload), by_phase_then_key);
	/* Deletes: in the remote (or known to exist) and not in next. */
	for (size_t k = 0; k < r->n; k++) {
		if (manifest_find(&p->next, r->e[k].key))
			continue;
		add_key(&p->delete, &p->ndelete, &p->delete_cap, r->e[k].key);
		if (!is_immutable(&r->e[k]))
			add_key(&p->purge, &p->npurge, &p->purge_cap, r->e[k].key);
	}
	for (size_t k = 0; k < o->nexisting; k++) {
		const char *key = o->existing[k];
		if (manifest_key_is_reserved(key) || manifest_find(&p->next, key) || manifest_find(r, key))
			continue;
		add_key(&p->delete, &p->ndelete, &p->delete_cap, key);
	}
	if (p->ndelete)
		qsort(p->delete, p->ndelete, sizeof(char *), cmp_str);
	if (p->npurge)
		qsort(p->purge, p->npurge, sizeof(char *), cmp_str);
	if (plan_is_empty(p))
		p->next.deploy = r->deploy;
}

int plan_is_empty(const struct plan *p)
{
	return p->nupload == 0 && p->ndelete == 0 && !p->repair;
}

void plan_free(struct plan *p)
{
	manifest_free(&p->next);
	free(p->upload);
	for (size_t i = 0; i < p->ndelete; i++)
		free(p->delete[i]);
	free(p->delete);
	for (size_t i = 0; i < p->npurge; i++)
		free(p->purge[i]);
	free(p->purge);
	memset(p, 0, sizeof(*p));
}
