/*
 * js_parser.h - ECMAScript 2024 parser, scope analysis and renamer for the
 * JavaScript minifier (js_parser.c, js_scope.c, js_renamer.c; what they
 * share is in js_internal.h).
 *
 * js_parse() tokenizes the whole input with js_lexer (keeping every token,
 * comments included, for the printer) and runs a recursive descent parser
 * over the significant tokens.  It builds no expression tree (with
 * JS_PARSE_TREE, a tree of statements; see below).  Its first job is
 * to say whether the input is a valid script or module, and where it is not,
 * the line and column of the first error, so the minifier leaves an invalid
 * file as it is instead of printing something that means another thing.
 * Its second is to annotate the tokens: which identifiers are bindings and
 * references of which variable, so that local variables can get short
 * names (and true/false/undefined shorter spellings) in prog->rename.
 *
 * Besides the grammar it checks the early errors that are cheap to see on
 * the way (reserved words, strict mode rules, redeclarations in one scope,
 * break/continue targets, duplicate parameters, class constructor and
 * private name rules, invalid assignment targets, literal spellings); see
 * the top of js_parser.c for what is left out.
 *
 * Limits: statements and expressions nest at most JS_MAX_NEST deep
 * (JD_ELIMIT), so hostile input cannot exhaust the stack.
 */
#ifndef JD_JS_PARSER_H
#define JD_JS_PARSER_H

#include <stddef.h>

#include <stdint.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "minify/js_lexer.h"

enum js_goal {
	JS_GOAL_AUTO,   /* a script, else a module (the one that parses; the script's error if none) */
	JS_GOAL_SCRIPT,
	JS_GOAL_MODULE,
};

#define JS_MAX_NEST 2048

/*
 * Precedence of an expression's outermost operator, lowest first: what
 * moving an expression into another context (a && b, a ? b : c, a, b)
 * needs to know to decide on parentheses.
 */
enum js_prec {
	JS_P_COMMA = 1, JS_P_ASSIGN /* also ?:, arrows, yield */, JS_P_COALESCE, JS_P_OR, JS_P_AND, JS_P_BOR,
	JS_P_BXOR, JS_P_BAND, JS_P_EQ, JS_P_REL, JS_P_SHIFT, JS_P_ADD, JS_P_MUL, JS_P_EXP, JS_P_UNARY,
	JS_P_POSTFIX, JS_P_LHS /* calls, members, new, literals, parenthesized */
};

/*
 * The statement tree (js_parse with JS_PARSE_TREE): one node per statement,
 * expressions left as token ranges.  It is what js_compress.c rewrites.
 * Node 0 is "none"; a node's children come after it in the array.
 */
enum js_stmt_kind {
	JS_S_EXPR = 1, JS_S_VAR, JS_S_LET, JS_S_CONST, JS_S_RETURN, JS_S_THROW, JS_S_JUMP, JS_S_EMPTY,
	JS_S_BLOCK,  /* { ... } as a statement: body is its first statement */
	JS_S_IF,     /* body, alt: the statements after ")" and after else */
	JS_S_LOOP,   /* for and while: body */
	JS_S_DECL,   /* function and class declarations */
	JS_S_OTHER,  /* everything else (switch, try, do, labelled, with, import, export, debugger, directives) */
	JS_S_LIST,   /* a statement list that is not a block statement: program, function and arrow
			bodies, static blocks, try/catch/finally blocks, case clauses; body: first statement */
};
enum { JS_SF_ARROW = 1 /* JS_S_LIST: the body of an arrow function */ };

struct js_stmt {
	uint32_t first, last; /* significant-token indices (prog->sig); last includes the ";" */
	uint32_t term;        /* the ";" that ends it, 0 when none (a line break or "}" ended it) */
	uint32_t head_end;    /* if, loops: the ")" that closes the head */
	uint32_t body, alt;
	uint32_t next;        /* the next statement of the same list, 0 at the end */
	unsigned char kind;
	unsigned char prec;   /* JS_P_*: expression statements, return/throw values (0: none), if conditions */
	unsigned char flags;
};

/*
 * With JS_PARSE_TREE, per significant token (prog->hint): a rewrite the
 * parser saw is safe there, for js_compress.c to make.
 */
enum js_hint {
	JS_H_MEMBER_STRING = 1, /* the "[" of x["name"] or x?.["name"]: x.name, x?.name */
	JS_H_KEY_STRING,        /* a property key "name": name */
	JS_H_NEW_NO_ARGS,       /* the "(" of new X() (nothing after it): new X */
	JS_H_TYPEOF_EQ,         /* === or !== between typeof x and a string: == or != */
	JS_H_TYPEOF_UNDEFINED,  /* typeof x === / !== "undefined": typeof x > / < "u" */
	JS_H_VOID_VALUE,        /* the first token of "return undefined" or "return void 0"'s value: return */
	JS_H_OPTIONAL_CHAIN,    /* the x of x==null?void 0:x.y (or x[y], x(y)): x?.y */
	JS_H_COND_OR,           /* the "?" of a statement a?void 0:b: a||b */
	JS_H_COND_AND,          /* the "?" of a statement a?b:void 0: a&&b ... */
	JS_H_COND_AND_END,      /* ... and its ":" */
	JS_H_ARROW_PARAM,       /* the "(" of (x)=>: x=> */
	JS_H_DEAD,              /* the first token of a statement that does nothing: 0&&x; */
	JS_H_IF_TRUE,           /* the "if" of an if whose condition is a literal that is true ... */
	JS_H_IF_FALSE,          /* ... or false */
	JS_H_CONCAT,            /* the "+" of "a"+"b" (string literals all along): "ab" */
	JS_H_WHILE_TRUE,        /* the "while" of while(true), while(1), while(!0): for(;;) */
};

/* A statement of this kind ends with ";" (or with what automatic semicolon insertion puts there). */
int js_stmt_ends_with_semicolon(int kind);

/* js_parse flags */
enum { JS_PARSE_RENAME = 1, JS_PARSE_TREE = 2 };

/* The tokens of a parsed program, owned by the struct (js_program_free). */
struct js_program {
	struct js_lexer lx;      /* its src/len; the token helpers (js_tok_is) take it */
	struct js_token *tok;    /* every token, comments included, the last one JT_EOF */
	size_t ntok, cap;
	int module;              /* it parsed as a module */
	/* With renaming: per token, 0 or the offset in `names` of the identifier's new text
	 * (NUL-terminated; "a:b" for a shorthand property, "a as b" for an import). */
	uint32_t *rename;
	struct buf names;
	/* With JS_PARSE_TREE: the significant tokens (indices into tok) and the statement tree. */
	uint32_t *sig;
	size_t nsig;
	unsigned char *hint; /* per significant token: JS_H_* or 0 */
	struct js_stmt *stmt;
	size_t nstmt, stmt_cap;
};

/*
 * Tokenize and parse `len` bytes at `src` (not copied: they must outlive
 * `prog`).  With JS_PARSE_TREE in `flags`, also build the statement tree.
 * With JS_PARSE_RENAME, also give local bindings short names
 * (prog->rename): not the top-level names of a script (globals other
 * scripts see), nor a module's exports, nor any name in a scope chain
 * with a direct eval or a with statement, nor sloppy-mode functions
 * declared in blocks; a new name never equals a global used anywhere, a
 * kept name, a keyword, or a name visible from an enclosing scope.  Returns JD_OK with `prog` filled, or JD_EINPUT (syntax error)
 * or JD_ELIMIT (nesting too deep) with `d` set to the first error's line
 * and column; `prog` must be freed in every case.
 */
int js_parse(const char *src, size_t len, enum js_goal goal, unsigned flags, struct js_program *prog,
	     const char *file, struct diag *d);
void js_program_free(struct js_program *prog);

#endif
