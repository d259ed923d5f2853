/*
 * js_scope.c - scopes, declarations and reference resolution for the
 * JavaScript parser (the parser calls in as it reads; see js_internal.h).
 *
 * Scopes: a function has one for its parameters and one for its body
 * (where var goes, so default values do not see the body's vars); then one
 * per block, catch clause (its body block shares it), switch, for head,
 * class, and function expression name.  A table of (scope, name) -> how it
 * was declared and which symbol it is tells redeclarations apart; a var
 * leaves an entry in every scope it is hoisted through.  Identifier
 * references are recorded with their scope and resolved once the whole
 * program is read (declarations may come later); what does not resolve is
 * a global.
 *
 * The table is open-addressed, keyed by the name's hash and the scope, and
 * kept at most half full (its size a power of two); names compare decoded,
 * so a\u0062 and ab are one name.  A symbol is marked `keep` here where the
 * language makes a second binding of the same name (a sloppy function in a
 * block, Annex B; a var redeclaring a catch parameter): renaming one of the
 * two would split them.
 */
#include <stdint.h>
#include <string.h>

#include "lib/util.h"
#include "minify/js_internal.h"

void js_scope_push(struct parser *p, int kind)
{
	ARRAY_GROW(p->scopes, p->nscopes + 1, p->scopes_cap);
	p->scopes[p->nscopes].parent = p->sc;
	p->scopes[p->nscopes].kind = (unsigned char)kind;
	p->scopes[p->nscopes].eval = 0;
	p->sc = (uint32_t)p->nscopes++;
}

void js_scope_pop(struct parser *p)
{
	p->sc = p->scopes[p->sc].parent;
}

static void decls_rehash(struct parser *p)
{
	struct decl *old = p->decls;
	size_t oldcap = p->decls_cap, k;

	p->decls_cap = oldcap ? oldcap * 2 : 1024;
	p->decls = xcalloc(p->decls_cap, sizeof(*p->decls));
	for (k = 0; k < oldcap; k++) {
		size_t h;

		if (!old[k].tok)
			continue;
		for (h = (old[k].hash ^ old[k].scope * 2654435761u) & (p->decls_cap - 1); p->decls[h].tok;
		     h = (h + 1) & (p->decls_cap - 1))
			;
		p->decls[h] = old[k];
	}
	free(old);
}

/* The declaration of the name of token `t` in scope `sc`, or the empty slot where it would go. */
struct decl *js_decl_slot(struct parser *p, uint32_t sc, size_t t, uint32_t hash)
{
	size_t h;

	if (p->ndecls * 2 >= p->decls_cap)
		decls_rehash(p);
	for (h = (hash ^ sc * 2654435761u) & (p->decls_cap - 1); p->decls[h].tok; h = (h + 1) & (p->decls_cap - 1))
		if (p->decls[h].scope == sc && p->decls[h].hash == hash && js_same_name(p, p->decls[h].tok, t))
			return &p->decls[h];
	return &p->decls[h];
}

static void decl_set(struct parser *p, struct decl *slot, uint32_t sc, size_t t, uint32_t hash, int kind)
{
	if (!slot->tok)
		p->ndecls++;
	slot->scope = sc;
	slot->tok = (uint32_t)t;
	slot->hash = hash;
	slot->kind = (unsigned char)kind;
}

static int redeclared(struct parser *p, size_t t)
{
	const char *s;
	size_t n;

	js_name_of(p, t, &s, &n);
	return js_fail_at(p, t, JD_EINPUT, "'%.*s' has already been declared", (int)(n > 60 ? 60 : n), s);
}

uint32_t js_new_symbol(struct parser *p, uint32_t sc, size_t t)
{
	struct symbol *y;

	ARRAY_GROW(p->syms, p->nsyms + 1, p->syms_cap);
	y = &p->syms[p->nsyms];
	memset(y, 0, sizeof(*y));
	y->scope = sc;
	y->name_tok = (uint32_t)t;
	return (uint32_t)p->nsyms++;
}

void js_bind(struct parser *p, size_t t, uint32_t sym)
{
	p->tok_sym[t] = sym;
	p->syms[sym].uses++;
}

static int is_lexical(int kind)
{
	return kind == D_LEX || kind == D_FUNC_LEX || kind == D_FUNC_LEX_X || kind == D_CATCH_PAT;
}

static int var_target(const struct parser *p, uint32_t sc)
{
	return p->scopes[sc].kind == S_BODY || p->scopes[sc].kind == S_TOP || p->scopes[sc].kind == S_PARAMS;
}

/* var: hoisted to the function body; every scope on the way must not hold the name lexically. */
static int declare_var(struct parser *p, size_t t, uint32_t hash)
{
	uint32_t sc, target, sym = 0;
	struct decl *e;

	for (sc = p->sc; !var_target(p, sc); sc = p->scopes[sc].parent) {
		e = js_decl_slot(p, sc, t, hash);
		if (e->tok && is_lexical(e->kind))
			return redeclared(p, t);
	}
	target = sc;
	e = js_decl_slot(p, target, t, hash);
	if (e->tok && is_lexical(e->kind))
		return redeclared(p, t);
	if (e->tok) {
		sym = e->sym;
	} else {
		if (p->scopes[target].kind == S_BODY) {
			/* "function f(a) { var a }": one binding */
			struct decl *pe = js_decl_slot(p, p->scopes[target].parent, t, hash);

			if (pe->tok && pe->kind == D_PARAM)
				sym = pe->sym;
		}
		if (!sym)
			sym = js_new_symbol(p, target, t);
		e = js_decl_slot(p, target, t, hash);
		decl_set(p, e, target, t, hash, D_VAR);
		e->sym = sym;
	}
	for (sc = p->sc; sc != target; sc = p->scopes[sc].parent) {
		e = js_decl_slot(p, sc, t, hash);
		if (!e->tok) {
			decl_set(p, e, sc, t, hash, D_VAR);
			e->sym = sym;
		} else if (e->kind == D_CATCH) {
			/* "catch (e) { var e = 1 }" assigns the catch parameter: keep both names */
			p->syms[e->sym].keep = 1;
			p->syms[sym].keep = 1;
		}
	}
	js_bind(p, t, sym);
	return 0;
}

/* Declare the name of token t in the current scope with kind D_*. */
int js_declare(struct parser *p, size_t t, int kind)
{
	uint32_t hash = js_name_hash(p, t), sc = p->sc, sym;
	struct decl *e;

	if (kind == D_VAR)
		return declare_var(p, t, hash);
	if (is_lexical(kind) && p->scopes[sc].kind == S_BODY) {
		e = js_decl_slot(p, p->scopes[sc].parent, t, hash);
		if (e->tok && e->kind == D_PARAM)
			return redeclared(p, t);
	}
	e = js_decl_slot(p, sc, t, hash);
	if (!e->tok) {
		sym = 0;
		if (kind == D_FUNC_VAR && p->scopes[sc].kind == S_BODY) {
			/* "function f(a) { function a() {} }": the function replaces the parameter */
			e = js_decl_slot(p, p->scopes[sc].parent, t, hash);
			if (e->tok && e->kind == D_PARAM)
				sym = e->sym;
		}
		if (!sym)
			sym = js_new_symbol(p, sc, t);
		e = js_decl_slot(p, sc, t, hash);
		decl_set(p, e, sc, t, hash, kind);
		e->sym = sym;
		/* Annex B: a sloppy function in a block is also a var of the function: keep its name */
		if ((kind == D_FUNC_LEX || kind == D_FUNC_LEX_X) && !(p->ctx & C_STRICT))
			p->syms[sym].keep = 1;
		js_bind(p, t, sym);
		return 0;
	}
	sym = e->sym;
	switch (kind) {
	case D_FUNC_VAR:
		if (e->kind == D_VAR || e->kind == D_FUNC_VAR || e->kind == D_PARAM) {
			e->kind = D_FUNC_VAR;
			break;
		}
		return redeclared(p, t);
	case D_FUNC_LEX:
		if (e->kind == D_FUNC_LEX && !(p->ctx & C_STRICT))
			break;
		return redeclared(p, t);
	case D_PARAM:
		break; /* duplicates are checked with the parameter list */
	default:
		return redeclared(p, t);
	}
	js_bind(p, t, sym);
	return 0;
}

void js_add_ref(struct parser *p, size_t i)
{
	ARRAY_GROW(p->refs, p->nrefs + 1, p->refs_cap);
	p->refs[p->nrefs].tok = (uint32_t)i;
	p->refs[p->nrefs].scope = p->sc;
	p->nrefs++;
}

struct decl *js_resolve(struct parser *p, uint32_t sc, size_t t)
{
	uint32_t hash = js_name_hash(p, t);

	for (;;) {
		struct decl *e = js_decl_slot(p, sc, t, hash);

		if (e->tok)
			return e;
		if (sc == 0)
			return NULL;
		sc = p->scopes[sc].parent;
	}
}

/* A direct eval or with in a scope concerns its enclosing scopes too. */
void js_propagate_eval(struct parser *p)
{
	size_t k;

	for (k = p->nscopes; k-- > 1;)
		if (p->scopes[k].eval)
			p->scopes[p->scopes[k].parent].eval = 1;
}

/*
 * "return undefined" may only lose its value where undefined is the global
 * one, by the rule js_assign_names applies to "void 0": not a local of that
 * name, nor in a scope where a direct eval or with could bring one in.
 */
void js_check_undefined_hints(struct parser *p)
{
	size_t k;

	js_propagate_eval(p);
	for (k = 0; k < p->nrefs; k++) {
		uint32_t sc = p->refs[k].scope, t = p->refs[k].tok;

		if (p->prog->hint[t] != JS_H_VOID_VALUE)
			continue;
		if (p->scopes[sc].eval || js_resolve(p, sc, t))
			p->prog->hint[t] = 0;
	}
}

