/*
 * js_renamer.c - short names for a parsed program's local bindings: which
 * symbols keep their names, and the symbol -> name table (prog->rename)
 * the printer writes from.
 *
 * Symbols of a script's top level, exports, scope chains holding a direct
 * eval or with, sloppy block functions (Annex B) and catch parameters
 * redeclared by var keep their names.  The others are named scope by scope
 * from the outside in (name_symbols), in declaration order, from a list
 * ordered by the file's character frequency that skips keywords, globals
 * and kept names: the first names the scope's other symbols, the enclosing
 * symbols it uses (outer_uses) and, in a function body, the parameters do
 * not have.  So a name is reused wherever the binding it shadows is not
 * used, and every function starts from the same names.  The printer
 * writes {a} as {a:b} and import {a} as import {a as b}.
 *
 * It runs once the parser has read the whole program (references resolve
 * only then, js_scope.c) and the parser's state is still there; it only
 * fills prog->rename and prog->names, so the printer needs nothing else.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "minify/js_internal.h"

/*
 * Names that must not be given: those of globals and of every binding that
 * keeps its name.  Generated names are short, so only names of up to 4
 * bytes are stored, packed in a 64-bit key, in an open-addressed set.
 */
struct name_set {
	uint64_t *keys;
	size_t n, cap;
};

static uint64_t pack_name(const char *s, size_t n)
{
	uint64_t k = n;
	size_t i;

	for (i = 0; i < n; i++)
		k |= (uint64_t)(unsigned char)s[i] << (8 * (i + 1));
	return k;
}

static int name_set_has(const struct name_set *set, uint64_t k)
{
	size_t h;

	if (!set->cap)
		return 0;
	for (h = (size_t)(k * 0x9E3779B97F4A7C15ull >> 20) & (set->cap - 1); set->keys[h];
	     h = (h + 1) & (set->cap - 1))
		if (set->keys[h] == k)
			return 1;
	return 0;
}

static void name_set_add(struct name_set *set, const char *s, size_t n)
{
	uint64_t k;
	size_t h;

	if (n == 0 || n > 4)
		return;
	k = pack_name(s, n);
	if (name_set_has(set, k))
		return;
	if ((set->n + 1) * 2 > set->cap) {
		struct name_set bigger = { NULL, 0, set->cap ? set->cap * 2 : 256 };
		size_t i;

		bigger.keys = xcalloc(bigger.cap, sizeof(*bigger.keys));
		for (i = 0; i < set->cap; i++) {
			if (!set->keys[i])
				continue;
			for (h = (size_t)(set->keys[i] * 0x9E3779B97F4A7C15ull >> 20) & (bigger.cap - 1); bigger.keys[h];
			     h = (h + 1) & (bigger.cap - 1))
				;
			bigger.keys[h] = set->keys[i];
		}
		bigger.n = set->n;
		free(set->keys);
		*set = bigger;
	}
	for (h = (size_t)(k * 0x9E3779B97F4A7C15ull >> 20) & (set->cap - 1); set->keys[h]; h = (h + 1) & (set->cap - 1))
		;
	set->keys[h] = k;
	set->n++;
}

/*
 * The alphabets names are made of, most frequent characters first (gzip
 * then finds the new names among the text's other words).  The counts
 * come only from text minifying leaves as it is -- property names, kept
 * identifiers, string and template contents -- so the second pass over
 * the output counts the same and picks the same names (idempotence).
 */
struct alphabet {
	char first[55]; /* may start a name */
	char rest[65];
};

static void count_chars(size_t *freq, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		freq[(unsigned char)s[i]]++;
}

static void sort_by_freq(char *set, size_t n, const size_t *freq)
{
	size_t i, j;

	/* insertion sort, stable: ties keep the default order */
	for (i = 1; i < n; i++) {
		char c = set[i];

		for (j = i; j > 0 && freq[(unsigned char)set[j - 1]] < freq[(unsigned char)c]; j--)
			set[j] = set[j - 1];
		set[j] = c;
	}
}

static void make_alphabet(struct parser *p, struct alphabet *a)
{
	size_t freq[256] = { 0 }, k;

	for (k = 0; k < p->nsig; k++) {
		const struct js_token *t = tk_at(p, k);
		uint32_t sym = p->tok_sym[k];

		if (t->kind == JT_STRING || t->kind == JT_TEMPLATE) {
			count_chars(freq, p->src + t->off, t->len);
		} else if (t->kind == JT_IDENT && !p->tok_lit[k]) {
			int k2 = p->kw[k] & ~K_ESCAPED;

			/* not true/false/void: "!0" and "void 0" replace some of them */
			if (p->tok_sh[k] ||
			    (!(sym && !p->syms[sym].keep) && k2 != K_TRUE && k2 != K_FALSE && k2 != K_VOID))
				count_chars(freq, p->src + t->off, t->len);
		}
	}
	memcpy(a->first, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_", 55);
	memcpy(a->rest, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_0123456789", 65);
	freq['\\'] = 0;
	sort_by_freq(a->first, 54, freq);
	sort_by_freq(a->rest, 64, freq);
}

/* The n-th short name: one character of a->first, then more of a->rest. */
static size_t nth_name(const struct alphabet *a, size_t n, char *out)
{
	size_t len = 0;

	out[len++] = a->first[n % 54];
	n /= 54;
	while (n > 0 && len < 15) {
		n--;
		out[len++] = a->rest[n % 64];
		n /= 64;
	}
	return len;
}

/* Pairs (scope, symbol), bucketed by one of the two. */
struct pairs {
	uint32_t *a, *b;
	size_t n, cap;
};

static void pairs_add(struct pairs *ps, uint32_t a, uint32_t b)
{
	if (ps->n + 1 > ps->cap) {
		ARRAY_GROW(ps->a, ps->n + 1, ps->cap);
		ps->b = xreallocarray(ps->b, ps->cap, sizeof(*ps->b));
	}
	ps->a[ps->n] = a;
	ps->b[ps->n++] = b;
}

/* Group the b of every pair by its a (0..na-1): the b of key k are out[at[k]..at[k+1]), in pair order. */
static void bucket(const struct pairs *ps, size_t na, uint32_t **at_out, uint32_t **out)
{
	uint32_t *at = xcalloc(na + 2, sizeof(*at)), *o = xcalloc(ps->n + 1, sizeof(*o));
	size_t k;

	for (k = 0; k < ps->n; k++)
		at[ps->a[k] + 2]++;
	for (k = 2; k < na + 2; k++)
		at[k] += at[k - 1];
	for (k = 0; k < ps->n; k++)
		o[at[ps->a[k] + 1]++] = ps->b[k];
	*at_out = at;
	*out = o;
}

/*
 * The symbols each scope must not shadow: those of enclosing scopes it
 * (or a scope inside it) refers to, and the vars that pass through it on
 * their way to their function.  A use in scope S of a symbol of scope D
 * marks S and every scope between it and D.  Returns the lists bucketed
 * by scope (bucket()).
 */
static void outer_uses(struct parser *p, uint32_t **at, uint32_t **syms)
{
	struct pairs uses = { 0 }, marks = { 0 };
	uint32_t *by_sym_at, *by_sym, *mark = xcalloc(p->nscopes + 1, sizeof(*mark));
	size_t k, j;

	for (k = 0; k < p->nrefs; k++) {
		uint32_t sym = p->tok_sym[p->refs[k].tok];

		if (sym && !p->syms[sym].keep && p->syms[sym].scope != p->refs[k].scope)
			pairs_add(&uses, sym, p->refs[k].scope);
	}
	for (k = 0; k < p->decls_cap; k++) {
		const struct decl *e = &p->decls[k];

		if (e->tok && e->sym && !p->syms[e->sym].keep && p->syms[e->sym].scope != e->scope)
			pairs_add(&uses, e->sym, e->scope);
	}
	bucket(&uses, p->nsyms, &by_sym_at, &by_sym);
	for (k = 1; k < p->nsyms; k++) {
		for (j = by_sym_at[k]; j < by_sym_at[k + 1]; j++) {
			uint32_t sc = by_sym[j];

			while (sc != p->syms[k].scope && mark[sc] != k) {
				mark[sc] = (uint32_t)k;
				pairs_add(&marks, sc, (uint32_t)k);
				if (sc == 0)
					break;
				sc = p->scopes[sc].parent;
			}
		}
	}
	bucket(&marks, p->nscopes, at, syms);
	free(uses.a);
	free(uses.b);
	free(marks.a);
	free(marks.b);
	free(by_sym_at);
	free(by_sym);
	free(mark);
}

/* The short names, made as they are first needed: the n-th is names->data + off[n]. */
struct name_list {
	struct alphabet alpha;
	const struct name_set *reserved;
	uint32_t *off;
	size_t n, cap, gen;
};

static uint32_t name_at(struct name_list *nl, struct buf *names, size_t i)
{
	while (nl->n <= i) {
		char name[16];
		size_t len;

		do
			len = nth_name(&nl->alpha, nl->gen++, name);
		while (name_set_has(nl->reserved, pack_name(name, len)) || js_kw_lookup(name, len) != K_NONE);
		ARRAY_GROW(nl->off, nl->n + 1, nl->cap);
		nl->off[nl->n++] = (uint32_t)names->len;
		buf_add(names, name, len);
		buf_addch(names, 0);
	}
	return nl->off[i];
}

/* Name n is taken in the scope whose mark is `mark` (stamp: per name, the last scope that took it). */
static void forbid(uint32_t **stamp, size_t *cap, size_t n, uint32_t mark)
{
	size_t old = *cap;

	ARRAY_GROW(*stamp, n + 1, *cap);
	memset(*stamp + old, 0, (*cap - old) * sizeof(**stamp));
	(*stamp)[n] = mark;
}

/*
 * Give every symbol that is not kept a short name, scope by scope from the
 * outside in: in declaration order, the first names of the list that are
 * not taken by the scope's other symbols, nor by a symbol of an enclosing
 * scope the scope uses (outer_uses), nor -- in a function body -- by a
 * parameter.  So every function's parameters read e, t, n... and siblings
 * and scopes that do not look outside reuse the same names: text that
 * compresses well.  Returns per symbol the name's offset in prog->names.
 */
static uint32_t *name_symbols(struct parser *p, struct js_program *prog, const struct name_set *reserved)
{
	struct name_list nl = { .reserved = reserved };
	struct pairs own = { 0 };
	uint32_t *outer_at, *outer, *own_at, *own_syms, *stamp = NULL, *name_of_sym;
	size_t k, j, stamp_cap = 0, sc;

	make_alphabet(p, &nl.alpha);
	outer_uses(p, &outer_at, &outer);
	for (k = 1; k < p->nsyms; k++)
		if (!p->syms[k].keep)
			pairs_add(&own, p->syms[k].scope, (uint32_t)k);
	bucket(&own, p->nscopes, &own_at, &own_syms);
	name_of_sym = xcalloc(p->nsyms + 1, sizeof(*name_of_sym));
	for (sc = 0; sc < p->nscopes; sc++) {
		uint32_t mark = (uint32_t)sc + 1, parent = p->scopes[sc].parent;
		size_t next = 0;

		for (j = outer_at[sc]; j < outer_at[sc + 1]; j++)
			forbid(&stamp, &stamp_cap, name_of_sym[outer[j]], mark);
		if (sc && p->scopes[sc].kind == S_BODY && p->scopes[parent].kind == S_PARAMS)
			for (j = own_at[parent]; j < own_at[parent + 1]; j++)
				forbid(&stamp, &stamp_cap, name_of_sym[own_syms[j]], mark);
		for (j = own_at[sc]; j < own_at[sc + 1]; j++) {
			while (next < stamp_cap && stamp[next] == mark)
				next++;
			name_of_sym[own_syms[j]] = (uint32_t)next;
			forbid(&stamp, &stamp_cap, next, mark);
			next++;
		}
	}
	for (k = 1; k < p->nsyms; k++)
		name_of_sym[k] = p->syms[k].keep ? 0 : name_at(&nl, &prog->names, name_of_sym[k]);
	free(outer_at);
	free(outer);
	free(own.a);
	free(own.b);
	free(own_at);
	free(own_syms);
	free(stamp);
	free(nl.off);
	return name_of_sym;
}

void js_assign_names(struct parser *p, struct js_program *prog)
{
	struct name_set reserved = { NULL, 0, 0 };
	uint32_t *sym_name;
	size_t k;
	const char *s;
	size_t n;

	for (k = 0; k < p->nrefs; k++) {
		uint32_t t = p->refs[k].tok;
		struct decl *e = js_resolve(p, p->refs[k].scope, t);

		if (e) {
			js_bind(p, t, e->sym);
			p->tok_lit[t] = 0; /* a local called undefined */
		} else {
			js_name_of(p, t, &s, &n);
			name_set_add(&reserved, s, n);
		}
	}
	for (k = 0; k < p->nsig; k++)
		if (p->tok_sh[k] == SH_PROTO && p->tok_sym[k])
			p->syms[p->tok_sym[k]].keep = 1;
	js_propagate_eval(p);
	for (k = 1; k < p->nsyms; k++) {
		struct symbol *y = &p->syms[k];

		if (p->scopes[y->scope].eval || (y->scope == 0 && !p->module))
			y->keep = 1;
		if (y->keep) {
			js_name_of(p, y->name_tok, &s, &n);
			name_set_add(&reserved, s, n);
		}
	}
	buf_addch(&prog->names, 0); /* offset 0 means "not renamed" */
	sym_name = name_symbols(p, prog, &reserved);
	prog->rename = xcalloc(prog->ntok, sizeof(*prog->rename));
	{
		static const char *const lit[] = { "", "!0", "!1", "void 0" };
		size_t at[4];

		for (k = 1; k < 4; k++) {
			at[k] = prog->names.len;
			buf_add(&prog->names, lit[k], strlen(lit[k]) + 1);
		}
		for (k = 0; k < p->nrefs; k++)
			if (p->scopes[p->refs[k].scope].eval)
				p->tok_lit[p->refs[k].tok] = 0; /* an eval may declare undefined */
		for (k = 0; k < p->nsig; k++)
			if (p->tok_lit[k])
				prog->rename[p->sig[k]] = (uint32_t)at[p->tok_lit[k]];
	}
	for (k = 0; k < p->nsig; k++) {
		uint32_t sym = p->tok_sym[k];
		const struct js_token *t = tk_at(p, k);

		if (!sym || p->syms[sym].keep)
			continue;
		if (strlen(prog->names.data + sym_name[sym]) == t->len &&
		    memcmp(prog->names.data + sym_name[sym], p->src + t->off, t->len) == 0)
			continue; /* its own name already */
		if (p->tok_sh[k]) {
			/* {a} -> {a:b}, import {a} -> import {a as b} */
			size_t at = prog->names.len;
			char name[16]; /* copied: adding to prog->names may move it */

			snprintf(name, sizeof(name), "%s", prog->names.data + sym_name[sym]);
			buf_add(&prog->names, p->src + t->off, t->len);
			buf_addstr(&prog->names, p->tok_sh[k] == SH_PROP ? ":" : " as ");
			buf_addstr(&prog->names, name);
			buf_addch(&prog->names, 0);
			prog->rename[p->sig[k]] = (uint32_t)at;
		} else {
			prog->rename[p->sig[k]] = sym_name[sym];
		}
	}
	free(sym_name);
	free(reserved.keys);
}

