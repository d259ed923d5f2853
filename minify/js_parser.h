/*
 * js_parser.h - ECMAScript 2024 parser, scope analysis and renamer for the
 * JavaScript minifier.
 *
 * js_parse() tokenizes the whole input with js_lexer (keeping every token,
 * comments included, for the printer) and runs a recursive descent parser
 * over the significant tokens.  The parser builds no tree.  Its first job is
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
};

/*
 * Tokenize and parse `len` bytes at `src` (not copied: they must outlive
 * `prog`).  With `rename`, also give local bindings short names
 * (prog->rename): not the top-level names of a script (globals other
 * scripts see), nor a module's exports, nor any name in a scope chain
 * with a direct eval or a with statement, nor sloppy-mode functions
 * declared in blocks; a new name never equals a global used anywhere, a
 * kept name, a keyword, or a name visible from an enclosing scope.  Returns JD_OK with `prog` filled, or JD_EINPUT (syntax error)
 * or JD_ELIMIT (nesting too deep) with `d` set to the first error's line
 * and column; `prog` must be freed in every case.
 */
int js_parse(const char *src, size_t len, enum js_goal goal, int rename, struct js_program *prog,
	     const char *file, struct diag *d);
void js_program_free(struct js_program *prog);

#endif
