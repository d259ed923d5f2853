/*
 * js_internal.h - what the JavaScript parser's passes share: the parser
 * state and the scope and symbol tables (not for use outside minify/js_*.c).
 *
 * js_parse() (js_parser.c) reads the grammar and, on the way, declares
 * names in scopes and records references (js_scope.c); once the program
 * is read, js_scope.c resolves the references and js_renamer.c turns the
 * symbols into prog->rename.  The passes work on one struct parser, which
 * lives only for the js_parse() call: what outlives it is in struct
 * js_program (js_parser.h).
 */
#ifndef JD_JS_INTERNAL_H
#define JD_JS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "minify/js_lexer.h"
#include "minify/js_parser.h"

/* Keyword codes of identifier tokens.  Order matters: js_parser.c tests ranges and names them in this order. */
enum {
	K_NONE,
	/* reserved words */
	K_BREAK, K_CASE, K_CATCH, K_CLASS, K_CONST, K_CONTINUE, K_DEBUGGER, K_DEFAULT, K_DELETE, K_DO,
	K_ELSE, K_ENUM, K_EXPORT, K_EXTENDS, K_FALSE, K_FINALLY, K_FOR, K_FUNCTION, K_IF, K_IMPORT, K_IN,
	K_INSTANCEOF, K_NEW, K_NULL, K_RETURN, K_SUPER, K_SWITCH, K_THIS, K_THROW, K_TRUE, K_TRY,
	K_TYPEOF, K_VAR, K_VOID, K_WHILE, K_WITH,
	/* reserved in strict mode code */
	K_IMPLEMENTS, K_INTERFACE, K_LET, K_PACKAGE, K_PRIVATE, K_PROTECTED, K_PUBLIC, K_STATIC, K_YIELD,
	/* contextual */
	K_AWAIT, K_ASYNC, K_OF, K_GET, K_SET, K_TARGET, K_META, K_AS, K_FROM, K_EVAL, K_ARGUMENTS,
	K_CONSTRUCTOR, K_PROTOTYPE, K_PROTO,
};
#define K_ESCAPED 0x80 /* the identifier was written with \u escapes */

/* Context flags: what the code being parsed may contain. */
enum {
	C_ASYNC = 1 << 0,        /* await is an operator */
	C_GEN = 1 << 1,          /* yield is an operator */
	C_RETURN = 1 << 2,       /* return allowed */
	C_NEW_TARGET = 1 << 3,
	C_SUPER_PROP = 1 << 4,
	C_SUPER_CALL = 1 << 5,
	C_PARAMS = 1 << 6,       /* in formal parameters: no yield/await expressions */
	C_NO_ARGS = 1 << 7,      /* class field initializer or static block: no `arguments` */
	C_STATIC_BLOCK = 1 << 8, /* await is neither an operator nor an identifier */
	C_STRICT = 1 << 9,
};

/* How a name was declared in a scope. */
enum {
	D_VAR = 1,     /* var (declared here or hoisted through) */
	D_FUNC_VAR,    /* function declaration at function or script top level */
	D_LEX,         /* let, const, class, import, function in a module's top level */
	D_FUNC_LEX,    /* plain function declaration in a block (sloppy: may repeat) */
	D_FUNC_LEX_X,  /* async/generator function declaration in a block */
	D_PARAM,
	D_CATCH,       /* catch (e): a var e in the body is allowed */
	D_CATCH_PAT,   /* catch ([e]): it is not */
};

/* S_PARAMS holds a function's parameters, S_BODY its body (where var goes). */
enum { S_PARAMS, S_BLOCK, S_TOP, S_CATCH, S_CLASS, S_BODY };

struct scope {
	uint32_t parent;
	unsigned char kind;
	unsigned char eval; /* a direct eval or a with statement inside: names here and above stay */
};

struct decl {
	uint32_t scope, tok, hash; /* tok: significant-token index; 0 = empty slot (token 0 never is a name) */
	uint32_t sym;
	unsigned char kind;
};

/* One binding: every declaration of a name in one scope (var hoisted to its function). */
struct symbol {
	uint32_t scope, name_tok, uses;
	unsigned char keep; /* never renamed */
};

/* An identifier reference, resolved once the whole program is read. */
struct ref {
	uint32_t tok, scope;
};

/* Per significant token: how the printer writes a renamed identifier. */
enum { SH_PROP = 1, SH_IMPORT = 2, SH_PROTO = 3 /* {__proto__}: {__proto__:x} would set the prototype */ };

/* Per significant token: a literal with a shorter spelling ("!0", "!1", "void 0"). */
enum { LIT_TRUE = 1, LIT_FALSE, LIT_UNDEFINED };

struct label;
struct private_name;
struct class_ctx;

struct parser {
	const char *src;
	size_t len;
	const char *file;
	struct diag *d;
	struct js_token *tok; /* all tokens */
	uint32_t *sig;        /* significant tokens: indices into tok */
	uint32_t *match;      /* per significant token: its closing bracket, if it opens one */
	unsigned char *kw;    /* per significant token: K_* (| K_ESCAPED) */
	size_t nsig;
	size_t i;             /* current significant token */
	int module;
	unsigned ctx;
	int nest;
	int failed;
	/* scopes and declarations */
	struct scope *scopes;
	size_t nscopes, scopes_cap;
	uint32_t sc;
	struct decl *decls;
	size_t ndecls, decls_cap; /* decls_cap: power of two */
	/* labels and jump targets */
	struct label *labels;
	size_t nlabels, labels_cap, label_base;
	size_t pending_labels;
	int loops, breakables;
	/* parameter names of the functions being parsed */
	uint32_t *params;
	size_t nparams, params_cap;
	/* classes and private names */
	struct class_ctx *classes;
	size_t nclasses, classes_cap;
	struct private_name *privs;
	size_t nprivs, privs_cap;
	uint32_t *prefs;
	size_t nprefs, prefs_cap;
	/* module exports */
	uint32_t *exports;       /* exported names (token indices) */
	size_t nexports, exports_cap;
	uint32_t *export_locals; /* local names of export {a} (no from) */
	size_t nexport_locals, export_locals_cap;
	int exporting;           /* bindings at the top scope are exports (export var/let/const) */
	/* decoded names of escaped identifiers */
	struct buf names;
	/* symbols: index 0 is "none" */
	struct symbol *syms;
	size_t nsyms, syms_cap;
	uint32_t *tok_sym;         /* per significant token */
	unsigned char *tok_sh;     /* per significant token: SH_* */
	unsigned char *tok_lit;    /* per significant token: LIT_* */
	int in_with;               /* inside the body of a with statement */
	struct ref *refs;
	size_t nrefs, refs_cap;
	/* the statement tree: built when `tree`, in prog->stmt; node 0 takes the writes otherwise */
	struct js_program *prog;
	int tree;
	uint32_t last_stmt; /* the node of the statement parse_statement just read */
};

/* Significant token i; past the end, the last one (JT_EOF). */
static inline const struct js_token *tk_at(const struct parser *p, size_t i)
{
	if (i >= p->nsig)
		i = p->nsig - 1;
	return &p->tok[p->sig[i]];
}

/* ---- js_parser.c */

/*
 * Report a syntax error (JD_EINPUT) or limit (JD_ELIMIT) at significant
 * token i into p->d; only the first error counts.  Returns -1, which every
 * parse function passes up.
 */
int js_fail_at(struct parser *p, size_t i, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The K_* of a keyword's text, K_NONE for other text. */
int js_kw_lookup(const char *s, size_t n);
/*
 * The name of identifier token i, \u escapes decoded: *s points into the
 * source or into p->names, which the next call may overwrite.
 */
void js_name_of(struct parser *p, size_t i, const char **s, size_t *n);
int js_same_name(struct parser *p, size_t a, size_t b);
uint32_t js_name_hash(struct parser *p, size_t i);

/* ---- js_scope.c */

void js_scope_push(struct parser *p, int kind);
void js_scope_pop(struct parser *p);
/*
 * The declaration of the name of token t in scope sc, or the empty slot
 * (tok 0) where it would go.  The table may grow on the call: a pointer
 * from an earlier call is no longer valid.
 */
struct decl *js_decl_slot(struct parser *p, uint32_t sc, size_t t, uint32_t hash);
uint32_t js_new_symbol(struct parser *p, uint32_t sc, size_t t);
/* Token t is a binding or reference of symbol sym. */
void js_bind(struct parser *p, size_t t, uint32_t sym);
/*
 * Declare the name of token t in the current scope as D_*; a redeclaration
 * the language forbids is a syntax error (-1).
 */
int js_declare(struct parser *p, size_t t, int kind);
/* An identifier reference at token i, in the current scope, for js_resolve. */
void js_add_ref(struct parser *p, size_t i);
/*
 * The declaration that token t, a reference in scope sc, resolves to, or
 * NULL for a global (pointer valid as for js_decl_slot).
 */
struct decl *js_resolve(struct parser *p, uint32_t sc, size_t t);
void js_propagate_eval(struct parser *p);
void js_check_undefined_hints(struct parser *p);

/* ---- js_renamer.c */

/* Give the program's symbols their new names in prog->rename and prog->names. */
void js_assign_names(struct parser *p, struct js_program *prog);

#endif
