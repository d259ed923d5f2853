/*
 * js_compress.c - the syntax rewrites esbuild and terser both make that the
 * token printer in js_printer.c cannot, because they move or remove statements.
 *
 *   if(a)b();             ->  a&&b();        if(!a)b();  ->  a||b();
 *   if(a)b();else c();    ->  a?b():c();
 *   if(a){b();c()}        ->  if(a)b(),c();  (a block of expressions is one)
 *   if(a)return b;else return c;  and  if(a)return b;return c;  ->  return a?b:c;
 *   if(a)return b;else{c()}       ->  if(a)return b;c()   (else after an exit)
 *   a();b();return c      ->  return a(),b(),c
 *   for(;;){x()}          ->  for(;;)x();    (braces around one statement)
 *   { a() }               ->  a()            (a block that declares nothing)
 *   var a=1;var b=2;      ->  var a=1,b=2;   (also let, const)
 *   while(true)x()        ->  for(;;)x()
 *   x=>{return y}         ->  x=>y
 *   0&&(exports={...});   ->                 (does nothing)
 *   if("a"!=="b")x();else y();  ->  x();
 *
 * and, on single places the parser saw to be safe (js_hint): x["a"] -> x.a,
 * {"a":1} -> {a:1}, new X() -> new X, typeof x==="s" -> typeof x=="s",
 * typeof x!=="undefined" -> typeof x<"u", return void 0 -> return,
 * x==null?void 0:x.y -> x?.y, a?void 0:b; -> a||b;, (x)=>y -> x=>y.
 *
 * How it works.  js_parse (JS_PARSE_TREE) gives a tree of statements whose
 * expressions are token ranges carrying the precedence of their outermost
 * operator -- enough to know where moving one needs parentheses.  A node's
 * children come after it in prog->stmt, so walking the array backwards
 * visits every statement after the ones inside it: each node is rewritten
 * knowing what its children became (struct shape), which is how
 * `if(a){if(b)c()}` becomes `a&&b&&c()` in one pass.
 *
 * Rewrites are edits on significant tokens (drop it, replace its text, add
 * text before or after it), and the result is the source text with the
 * edits applied, written compactly (one space or line break between
 * tokens, only the comments the printer keeps).  minify_js parses that
 * text again, with renaming, and prints it: an edit that made invalid
 * syntax shows as a syntax error there and the file is printed without
 * rewrites, never wrongly.
 *
 * What is never done: moving a let/const/class/function declaration out of
 * its block (that changes its scope), dropping braces where a following
 * "else" would attach to an inner if, joining a directive ("use strict")
 * with anything, starting an expression statement with "{", "function",
 * "class", "let" or "async" (it would parse as something else), or
 * dropping code that declares a var or function the rest may see.
 */
#include "minify/js_compress.h"

#include <string.h>

#include "lib/util.h"

struct edit {
	uint32_t kw;              /* a keyword moved here ("return" before a(),b): before pre */
	uint32_t pre, post, repl; /* offsets of NUL-terminated text in `text`, 0: none */
	unsigned char drop;
	unsigned char glue; /* no line break (nor comment) between this token and the next one printed */
};

/* What a statement became, as its parent sees it. */
struct shape {
	unsigned char expr;     /* it is one expression and its terminator now */
	unsigned char ret;      /* it is "return EXPR" (kw: the token that prints "return") */
	unsigned char kw_moved; /* that "return" is the kw text of token kw, not the token */
	unsigned char prec;     /* of that expression */
	unsigned char exits;    /* control never falls out of its end */
	unsigned char open_if;  /* it ends with an if without else: an "else" after it would attach there */
	unsigned char needs_semi; /* it must be given a ";" if something follows (a line break or "}" ended it) */
	uint32_t ex_first, ex_last; /* the expression's tokens (with its parentheses, if any) */
	uint32_t term;          /* the token that prints its ";" (a "}" may do that), 0: none */
	uint32_t last;          /* its last token */
	uint32_t kw;
};

struct compressor {
	struct js_program *prog;
	struct edit *ed;    /* per significant token */
	struct shape *sh;      /* per statement node */
	struct shape *then_sh; /* per if statement kept as one: what its body became */
	struct buf text;
	int keep_comments;
	int changed;
	int err;               /* first buffer error */
	/* the last join_strings: its chain goes on at sig token join_next (0: none) */
	uint32_t join_next, join_first, join_text;
	size_t join_len;       /* strlen of the chain's text, at join_text */
};

/* ---- tokens */

static const struct js_token *sig_tok(const struct compressor *c, uint32_t i)
{
	return &c->prog->tok[c->prog->sig[i]];
}

static int punct_is(const struct compressor *c, uint32_t i, const char *s)
{
	return js_tok_punct(&c->prog->lx, sig_tok(c, i), s);
}

static int word_is(const struct compressor *c, uint32_t i, const char *s)
{
	const struct js_token *t = sig_tok(c, i);

	return t->kind == JT_IDENT && js_tok_is(&c->prog->lx, t, s);
}

/* An expression statement cannot start with this token: it would read as a declaration or block. */
static int bad_statement_start(const struct compressor *c, uint32_t i)
{
	return punct_is(c, i, "{") || word_is(c, i, "function") || word_is(c, i, "class") || word_is(c, i, "let") ||
	       word_is(c, i, "async");
}

/* A statement starting with this token could continue the previous one when a line break ended it. */
static int continues_previous(const struct compressor *c, uint32_t i)
{
	const struct js_token *t = sig_tok(c, i);

	return t->kind == JT_REGEX || t->kind == JT_TEMPLATE || punct_is(c, i, "(") || punct_is(c, i, "[") ||
	       punct_is(c, i, "+") || punct_is(c, i, "-") || punct_is(c, i, "/") || punct_is(c, i, "/=");
}

/* After token i a new statement starts for sure (no line break needed to end the previous one). */
static int statement_boundary_after(const struct compressor *c, uint32_t i)
{
	const struct js_token *t = sig_tok(c, i);

	if (punct_is(c, i, ";") || punct_is(c, i, "{"))
		return 1;
	if (punct_is(c, i, ")") || punct_is(c, i, "}"))
		return (t->flags & JT_NOEND) != 0;
	if (punct_is(c, i, ":"))
		return (t->flags & JT_STMT_COLON) != 0;
	return word_is(c, i, "else") || word_is(c, i, "do");
}

/* The comments between significant tokens a and b go from the output anyway (js_comment_kept). */
static int comments_droppable(const struct compressor *c, uint32_t a, uint32_t b)
{
	const struct js_program *prog = c->prog;
	uint32_t k;

	for (k = prog->sig[a] + 1; k < prog->sig[b]; k++) {
		const struct js_token *t = &prog->tok[k];

		if ((t->kind == JT_COMMENT || t->kind == JT_BLOCK_COMMENT) &&
		    js_comment_kept(&prog->lx, t, c->keep_comments))
			return 0;
	}
	return 1;
}

/* ---- edits */

/*
 * Store `a` then bn bytes of `b` as one NUL-terminated text; returns its
 * offset.  a and b may be texts stored before (prepend, append), so when
 * the buffer has to grow -- and move -- they are copied out first.
 */
static uint32_t add_text_n(struct compressor *c, const char *a, const char *b, size_t bn)
{
	size_t an = strlen(a);
	uint32_t at = (uint32_t)c->text.len;
	struct buf copy = BUF_INIT;
	int rc = 0;

	if (c->text.len + an + bn + 1 >= c->text.cap) {
		rc = buf_add(&copy, a, an);
		if (rc == 0)
			rc = buf_add(&copy, b, bn);
		a = copy.data ? copy.data : "";
		b = a + an;
	}
	if (rc == 0)
		rc = buf_add(&c->text, a, an);
	if (rc == 0)
		rc = buf_add(&c->text, b, bn);
	if (rc == 0)
		rc = buf_addch(&c->text, 0);
	buf_release(&copy);
	if (rc && !c->err)
		c->err = rc;
	return rc ? 0 : at;
}

static uint32_t add_text(struct compressor *c, const char *a, const char *b)
{
	return add_text_n(c, a, b, strlen(b));
}

static const char *text_at(const struct compressor *c, uint32_t off)
{
	return off ? c->text.data + off : "";
}

static void drop(struct compressor *c, uint32_t i)
{
	c->ed[i].drop = 1;
	c->ed[i].repl = 0;
	c->changed = 1;
}

static void replace(struct compressor *c, uint32_t i, const char *s)
{
	c->ed[i].drop = 0;
	c->ed[i].repl = add_text(c, s, "");
	c->changed = 1;
}

/* Tokens from..to (significant) print as nothing, whatever was to be added around them. */
static void drop_range(struct compressor *c, uint32_t from, uint32_t to)
{
	uint32_t k;

	for (k = from; k <= to; k++) {
		memset(&c->ed[k], 0, sizeof(c->ed[k]));
		c->ed[k].drop = 1;
	}
	c->changed = 1;
}

/* Can tokens from..to go without taking a declaration the rest of the function sees (var, function)? */
static int droppable_code(const struct compressor *c, uint32_t from, uint32_t to)
{
	uint32_t k;

	for (k = from; k <= to; k++)
		if (word_is(c, k, "var") || word_is(c, k, "function"))
			return 0;
	return 1;
}

/* A string literal token becomes the identifier name it holds ("name" -> name). */
static void unquote(struct compressor *c, uint32_t i)
{
	const struct js_token *t = sig_tok(c, i);

	c->ed[i].drop = 0;
	c->ed[i].repl = add_text_n(c, "", c->prog->lx.src + t->off + 1, t->len - 2);
	c->changed = 1;
}

static void prepend(struct compressor *c, uint32_t i, const char *s)
{
	c->ed[i].pre = add_text(c, s, text_at(c, c->ed[i].pre));
	c->changed = 1;
}

static void append(struct compressor *c, uint32_t i, const char *s)
{
	c->ed[i].post = add_text(c, text_at(c, c->ed[i].post), s);
	c->changed = 1;
}

/* The "return" of ret shape `s` becomes `text`, or goes when text is NULL. */
static void set_keyword(struct compressor *c, const struct shape *s, const char *text)
{
	if (s->kw_moved) {
		c->ed[s->kw].kw = text ? add_text(c, text, "") : 0;
		c->changed = 1;
	} else if (text) {
		replace(c, s->kw, text);
	} else {
		drop(c, s->kw);
	}
}

/* Parenthesize the expression of `s` unless it binds at least as tightly as `prec`. */
static int parens_needed(const struct shape *s, int prec)
{
	return s->prec < prec;
}

static void wrap(struct compressor *c, struct shape *s, int prec)
{
	if (!parens_needed(s, prec))
		return;
	prepend(c, s->ex_first, "(");
	append(c, s->ex_last, ")");
	s->prec = JS_P_LHS;
}

/* End statement `s` with `text` (";" or ","), or with nothing when text is NULL. */
static void set_term(struct compressor *c, struct shape *s, const char *text)
{
	if (s->term) {
		if (text)
			replace(c, s->term, text);
		else
			drop(c, s->term);
	} else if (text) {
		append(c, s->last, text);
	}
}

/* Does a new statement start for sure after what is printed before token i (edits included)? */
static int boundary_before(const struct compressor *c, uint32_t i)
{
	while (i > 0) {
		const struct edit *e = &c->ed[--i];
		const char *t;

		if (e->post) {
			t = text_at(c, e->post);
			return t[strlen(t) - 1] == ';';
		}
		if (e->repl)
			return strcmp(text_at(c, e->repl), ";") == 0;
		if (!e->drop)
			return statement_boundary_after(c, i);
		if (e->pre)
			return 0;
	}
	return 1;
}

/*
 * A statement now starts with token `printed_first` at token `first`: keep
 * it apart from the previous one with a ";" (in first's kw text, where
 * unguard finds it when a "," comes to do the same).
 */
static void guard_start(struct compressor *c, uint32_t first, uint32_t printed_first)
{
	if (continues_previous(c, printed_first) && !boundary_before(c, first)) {
		c->ed[first].kw = add_text(c, ";", "");
		c->changed = 1;
	}
}

static void unguard(struct compressor *c, uint32_t first)
{
	if (c->ed[first].kw && strcmp(text_at(c, c->ed[first].kw), ";") == 0)
		c->ed[first].kw = 0;
}

/* ---- statements */

/* May this statement stand without braces as the body of an if, else or loop? */
static int body_kind(int kind)
{
	switch (kind) {
	case JS_S_EXPR: case JS_S_VAR: case JS_S_RETURN: case JS_S_THROW: case JS_S_JUMP: case JS_S_EMPTY:
	case JS_S_IF: case JS_S_LOOP:
		return 1;
	default:
		return 0; /* declarations, and what may end in a way we do not track (labels, with, do) */
	}
}

/*
 * Drop the braces of block `blk`, whose last statement is `tail`: its "}"
 * becomes the ";" that statement needs when a line break or the "}" ended
 * it.
 */
static void drop_braces(struct compressor *c, uint32_t blk, uint32_t tail)
{
	const struct js_stmt *b = &c->prog->stmt[blk];
	struct shape *t = &c->sh[tail];

	drop(c, b->first);
	if (tail && t->needs_semi) {
		replace(c, b->last, ";");
		t->term = b->last;
		t->needs_semi = 0;
	} else {
		drop(c, b->last);
	}
	if (tail)
		t->last = b->last;
}

static uint32_t list_tail(const struct compressor *c, uint32_t first_child)
{
	uint32_t k = first_child;

	while (k && c->prog->stmt[k].next)
		k = c->prog->stmt[k].next;
	return k;
}

static size_t list_count(const struct compressor *c, uint32_t first_child)
{
	size_t n = 0;
	uint32_t k;

	for (k = first_child; k; k = c->prog->stmt[k].next)
		n++;
	return n;
}

/* A block whose statements may move to the enclosing list: none of them declares a lexical name. */
static int block_dissolvable(const struct compressor *c, uint32_t blk)
{
	uint32_t k;

	for (k = c->prog->stmt[blk].body; k; k = c->prog->stmt[k].next) {
		int kind = c->prog->stmt[k].kind;

		if (kind == JS_S_LET || kind == JS_S_CONST || kind == JS_S_DECL)
			return 0;
	}
	return 1;
}

/*
 * Statement `n` is the body of an if, else or loop: drop the braces of a
 * block that holds one statement, or only expression statements (joined
 * with ","), where the meaning cannot change.  Returns the shape that now
 * stands in the body's place.
 */
static struct shape body_shape(struct compressor *c, uint32_t n, int before_else)
{
	const struct js_stmt *b = &c->prog->stmt[n];
	struct shape s = c->sh[n];
	uint32_t k, only;
	size_t count;
	int all_expr = 1;

	if (b->kind != JS_S_BLOCK || !block_dissolvable(c, n))
		return s;
	count = list_count(c, b->body);
	if (count == 0)
		return s;
	for (k = b->body; k; k = c->prog->stmt[k].next)
		all_expr &= c->sh[k].expr;
	if (count == 1) {
		only = b->body;
		if ((before_else && c->sh[only].open_if) || !body_kind(c->prog->stmt[only].kind))
			return s;
		drop_braces(c, n, only);
		return c->sh[only];
	}
	if (!all_expr)
		return s;
	/* { a(); b() }  ->  a(), b(); */
	for (k = b->body; c->prog->stmt[k].next; k = c->prog->stmt[k].next)
		set_term(c, &c->sh[k], ",");
	drop_braces(c, n, k);
	s = c->sh[k];
	s.ex_first = c->sh[b->body].ex_first;
	s.prec = JS_P_COMMA;
	s.open_if = 0;
	s.exits = 0;
	return s;
}

/* The condition of if `n` as the start of an expression: 1 when it keeps the if's parentheses. */
static int condition_parens(const struct compressor *c, const struct js_stmt *n, int prec)
{
	return n->prec < prec || bad_statement_start(c, n->first + 2);
}

/* Write the condition of `n` followed by `op`; returns the first token of what now starts the expression. */
static uint32_t condition_then(struct compressor *c, const struct js_stmt *n, int prec, const char *op)
{
	if (condition_parens(c, n, prec)) {
		append(c, n->head_end, op);
		return n->first + 1;
	}
	drop(c, n->first + 1);
	replace(c, n->head_end, op);
	return n->first + 2;
}

/* if(a)b  ->  a&&b,  if(!a)b  ->  a||b, when shorter. */
static int if_to_logical(struct compressor *c, uint32_t idx, struct shape *b)
{
	const struct js_stmt *n = &c->prog->stmt[idx];
	int neg = n->prec == JS_P_UNARY && punct_is(c, n->first + 2, "!");
	int need = neg ? JS_P_OR : JS_P_AND, saved = 2 + neg;
	struct shape *s = &c->sh[idx];
	uint32_t start;

	if (neg && bad_statement_start(c, n->first + 3))
		return 0;
	if (!neg && condition_parens(c, n, need))
		saved -= 2;
	if (parens_needed(b, need))
		saved -= 2;
	if (saved <= 0)
		return 0;
	drop(c, n->first);
	if (neg) {
		drop(c, n->first + 1);
		drop(c, n->first + 2);
		replace(c, n->head_end, "||");
		start = n->first + 3;
	} else {
		start = condition_then(c, n, need, "&&");
	}
	wrap(c, b, need);
	guard_start(c, n->first, start);
	*s = *b;
	s->expr = 1;
	s->ret = 0;
	s->prec = (unsigned char)need;
	s->ex_first = start;
	s->open_if = 0;
	return 1;
}

/* if(a)b;else c  ->  a?b:c */
static void if_to_conditional(struct compressor *c, uint32_t idx, struct shape *b, struct shape *a)
{
	const struct js_stmt *n = &c->prog->stmt[idx];
	struct shape *s = &c->sh[idx];
	uint32_t start, else_tok = c->prog->stmt[n->alt].first - 1;

	drop(c, n->first);
	start = condition_then(c, n, JS_P_COALESCE, "?");
	wrap(c, b, JS_P_ASSIGN);
	wrap(c, a, JS_P_ASSIGN);
	set_term(c, b, NULL);
	replace(c, else_tok, ":");
	guard_start(c, n->first, start);
	*s = *a;
	s->expr = 1;
	s->prec = JS_P_ASSIGN;
	s->ex_first = start;
	s->open_if = 0;
	s->exits = 0;
}

/*
 * if(a)return b;else return c  ->  return a?b:c.  `b` is the shape of the
 * if's body; `a` of its else (else_tok) or of the return after it (else_tok
 * 0: its return keyword becomes ":").  No line break may follow the new
 * "return".
 */
static int if_to_return(struct compressor *c, uint32_t idx, struct shape *b, struct shape *a, uint32_t else_tok)
{
	const struct js_stmt *n = &c->prog->stmt[idx];
	struct shape *s = &c->sh[idx];
	uint32_t start;

	if (!comments_droppable(c, n->first, n->first + 2))
		return 0;
	replace(c, n->first, "return");
	c->ed[n->first].glue = 1;
	start = condition_then(c, n, JS_P_COALESCE, "?");
	set_keyword(c, b, NULL);
	wrap(c, b, JS_P_ASSIGN);
	wrap(c, a, JS_P_ASSIGN);
	set_term(c, b, NULL);
	if (else_tok) {
		replace(c, else_tok, ":");
		set_keyword(c, a, NULL);
	} else {
		set_keyword(c, a, ":");
	}
	*s = *a;
	s->ret = 1;
	s->expr = 0;
	s->kw_moved = 0;
	s->kw = n->first;
	s->prec = JS_P_ASSIGN;
	s->ex_first = start;
	s->exits = 1;
	s->open_if = 0;
	return 1;
}

static void compress_if(struct compressor *c, uint32_t idx)
{
	const struct js_stmt *n = &c->prog->stmt[idx];
	struct shape b, a;
	struct shape *s = &c->sh[idx];

	memset(s, 0, sizeof(*s));
	s->last = n->last;
	if (c->prog->hint[n->first] == JS_H_IF_TRUE || c->prog->hint[n->first] == JS_H_IF_FALSE) {
		s->open_if = 1; /* the list it is in drops the dead branch (drop_dead) */
		s->needs_semi = 1;
		return;
	}
	b = body_shape(c, n->body, n->alt != 0);
	c->then_sh[idx] = b;
	if (!n->alt) {
		if (b.expr && if_to_logical(c, idx, &b))
			return;
		s->open_if = 1;
		s->needs_semi = b.needs_semi;
		return;
	}
	a = body_shape(c, n->alt, 0);
	if (b.expr && a.expr) {
		if_to_conditional(c, idx, &b, &a);
		return;
	}
	if (b.ret && a.ret && if_to_return(c, idx, &b, &a, c->prog->stmt[n->alt].first - 1))
		return;
	s->open_if = a.open_if;
	s->needs_semi = a.needs_semi;
	s->exits = b.exits && a.exits;
}

/* The node `idx` has no children (or they are done): what it is as a statement. */
static void leaf_shape(struct compressor *c, uint32_t idx)
{
	const struct js_stmt *n = &c->prog->stmt[idx];
	struct shape *s = &c->sh[idx];

	memset(s, 0, sizeof(*s));
	s->term = n->term;
	s->last = n->last;
	s->prec = n->prec;
	s->ex_last = n->term ? n->last - 1 : n->last;
	s->needs_semi = js_stmt_ends_with_semicolon(n->kind) && !n->term;
	switch (n->kind) {
	case JS_S_EXPR:
		s->expr = 1;
		s->ex_first = n->first;
		break;
	case JS_S_RETURN:
		s->exits = 1;
		if (n->prec && c->prog->hint[n->first + 1] == JS_H_VOID_VALUE) {
			uint32_t k;

			for (k = n->first + 1; k <= s->ex_last; k++) /* return void 0  ->  return */
				drop(c, k);
		} else if (n->prec) {
			s->ret = 1;
			s->kw = n->first;
			s->ex_first = n->first + 1;
		}
		break;
	case JS_S_THROW:
	case JS_S_JUMP:
		s->exits = 1;
		break;
	case JS_S_LOOP: {
		struct shape b = body_shape(c, n->body, 0);

		if (c->prog->hint[n->first] == JS_H_WHILE_TRUE) { /* while(!0)  ->  for(;;) */
			replace(c, n->first, "for");
			replace(c, n->first + 1, "(;;");
			drop_range(c, n->first + 2, n->head_end - 1);
		}

		s->open_if = b.open_if;
		s->needs_semi = b.needs_semi;
		break;
	}
	case JS_S_BLOCK:
		s->exits = c->sh[list_tail(c, n->body)].exits;
		break;
	case JS_S_OTHER:
		/* what ends it is not tracked: a ";" after it is at worst an empty statement */
		s->needs_semi = !punct_is(c, n->last, ";");
		/* a labelled or with statement may end with an if of its own */
		s->open_if = sig_tok(c, n->first)->kind == JT_IDENT && !word_is(c, n->first, "do") &&
			     !word_is(c, n->first, "switch") && !word_is(c, n->first, "try") &&
			     !word_is(c, n->first, "debugger") && !word_is(c, n->first, "import") &&
			     !word_is(c, n->first, "export");
		break;
	default:
		break;
	}
}


/* The link that points at the statement after `prev` (the list's first when prev is 0). */
static uint32_t *link_to(struct compressor *c, uint32_t list, uint32_t prev)
{
	return prev ? &c->prog->stmt[prev].next : &c->prog->stmt[list].body;
}

/* a() { b() }  ->  a() b(): blocks declaring no lexical name dissolve into the list. */
static void dissolve_blocks(struct compressor *c, uint32_t list)
{
	struct js_stmt *st = c->prog->stmt;
	uint32_t k, prev = 0;

	for (k = st[list].body; k;) {
		uint32_t next = st[k].next;

		if (st[k].kind != JS_S_BLOCK || !block_dissolvable(c, k)) {
			prev = k;
			k = next;
			continue;
		}
		if (!st[k].body) {
			drop_braces(c, k, 0);
			*link_to(c, list, prev) = next;
		} else {
			uint32_t tail = list_tail(c, st[k].body);

			drop_braces(c, k, tail);
			guard_start(c, st[st[k].body].first, st[st[k].body].first);
			*link_to(c, list, prev) = st[k].body;
			st[tail].next = next;
			prev = tail;
		}
		k = next;
	}
}

/* if(a)return;else{b()}  ->  if(a)return;b() */
static void dissolve_else(struct compressor *c, uint32_t list)
{
	struct js_stmt *st = c->prog->stmt;
	uint32_t k;

	for (k = st[list].body; k; k = st[k].next) {
		uint32_t alt = st[k].alt;
		struct shape *s = &c->sh[k];
		const struct shape *b = &c->then_sh[k];

		if (st[k].kind != JS_S_IF || !alt || s->expr || s->ret || !b->exits)
			continue;
		if (st[alt].kind == JS_S_DECL || st[alt].kind == JS_S_LET || st[alt].kind == JS_S_CONST ||
		    (st[alt].kind == JS_S_BLOCK && !block_dissolvable(c, alt)))
			continue;
		drop(c, st[alt].first - 1); /* else */
		if (b->needs_semi)
			append(c, b->last, ";");
		st[k].alt = 0;
		s->open_if = 1;
		s->needs_semi = 0;
		s->exits = 0; /* its else runs on after it now */
		if (st[alt].kind != JS_S_BLOCK) {
			guard_start(c, st[alt].first, st[alt].first);
			st[alt].next = st[k].next;
			st[k].next = alt;
		} else if (st[alt].body) {
			uint32_t tail = list_tail(c, st[alt].body);

			if (!c->ed[st[alt].first].drop) /* body_shape may have dropped them already */
				drop_braces(c, alt, tail);
			guard_start(c, st[st[alt].body].first, st[st[alt].body].first);
			st[tail].next = st[k].next;
			st[k].next = st[alt].body;
		} else {
			drop_braces(c, alt, 0);
		}
	}
}

/* The statement ends an arrow body "}" by a line break: "," after it would change what follows. */
static int ends_in_arrow_body(const struct compressor *c, const struct shape *s)
{
	return !s->term && sig_tok(c, s->last)->bkind == JB_ARROW && punct_is(c, s->last, "}");
}

/* a();b()  ->  a(),b();   a();return b  ->  return a(),b   (and throw).  Returns whether it did. */
static int join_statements(struct compressor *c, uint32_t list)
{
	struct js_stmt *st = c->prog->stmt;
	uint32_t k, prev = 0;
	int did = 0;

	for (k = st[list].body; k;) {
		uint32_t next = st[k].next;
		struct shape *s = &c->sh[k], *r = &c->sh[next];

		if (!s->expr || !next || !(r->expr || r->ret || st[next].kind == JS_S_THROW) || ends_in_arrow_body(c, s)) {
			prev = k;
			k = next;
			continue;
		}
		did = 1;
		set_term(c, s, ",");
		unguard(c, st[next].first);
		if (r->expr) {
			s->ex_last = r->ex_last;
			s->term = r->term;
			s->last = r->last;
			s->needs_semi = r->needs_semi;
			s->prec = JS_P_COMMA;
			st[k].next = st[next].next;
			continue; /* and the statement after it */
		}
		if (r->ret) {
			set_keyword(c, r, NULL);
			r->kw = s->ex_first;
			r->kw_moved = 1;
			r->ex_first = s->ex_first;
			r->prec = JS_P_COMMA;
		} else {
			drop(c, st[next].first);
		}
		c->ed[s->ex_first].kw = add_text(c, r->ret ? "return" : "throw", "");
		*link_to(c, list, prev) = next;
		k = next;
	}
	return did;
}

/* if(a)return b;return c  ->  return a?b:c, from the end so that chains fold.  Returns whether it did. */
static int merge_returns(struct compressor *c, uint32_t list)
{
	struct js_stmt *st = c->prog->stmt;
	uint32_t k, *order = NULL;
	size_t n = 0, cap = 0, j;
	int did = 0;

	for (k = st[list].body; k; k = st[k].next) {
		ARRAY_GROW(order, n + 1, cap);
		order[n++] = k;
	}
	for (j = n ? n - 1 : 0; j-- > 0;) {
		uint32_t at = order[j], next = order[j + 1];

		if (st[at].kind != JS_S_IF || st[at].alt || c->sh[at].expr || c->sh[at].ret || !c->then_sh[at].ret ||
		    !c->sh[next].ret || st[at].next != next)
			continue;
		if (if_to_return(c, at, &c->then_sh[at], &c->sh[next], 0)) {
			st[at].next = st[next].next;
			did = 1;
		}
	}
	free(order);
	return did;
}

/* var a;var b  ->  var a,b */
static void merge_declarations(struct compressor *c, uint32_t list)
{
	struct js_stmt *st = c->prog->stmt;
	uint32_t k;

	for (k = st[list].body; k && st[k].next;) {
		uint32_t next = st[k].next;
		int kind = st[k].kind;

		if ((kind == JS_S_VAR || kind == JS_S_LET || kind == JS_S_CONST) && st[next].kind == kind) {
			set_term(c, &c->sh[k], ",");
			drop(c, st[next].first);
			c->sh[k].term = c->sh[next].term;
			c->sh[k].last = c->sh[next].last;
			c->sh[k].needs_semi = c->sh[next].needs_semi;
			st[k].next = st[next].next;
		} else {
			k = next;
		}
	}
}

/*
 * 0&&x; goes; if(true)a;else b  ->  a  and  if(false)a;else b  ->  b, when
 * the branch that goes declares nothing the function sees.
 */
static void drop_dead(struct compressor *c, uint32_t list)
{
	struct js_stmt *st = c->prog->stmt;
	uint32_t k, prev = 0;

	for (k = st[list].body; k;) {
		uint32_t next = st[k].next, keep = k, else_tok = st[k].alt ? st[st[k].alt].first - 1 : 0;
		int h = c->prog->hint[st[k].first];

		if (h == JS_H_DEAD && st[k].kind == JS_S_EXPR) {
			drop_range(c, st[k].first, st[k].last);
			keep = 0;
		} else if (h == JS_H_IF_TRUE && st[k].kind == JS_S_IF && st[st[k].body].kind != JS_S_DECL &&
			   (!st[k].alt || droppable_code(c, else_tok, st[k].last))) {
			drop_range(c, st[k].first, st[k].head_end);
			if (st[k].alt)
				drop_range(c, else_tok, st[k].last);
			keep = st[k].body;
		} else if (h == JS_H_IF_FALSE && st[k].kind == JS_S_IF &&
			   droppable_code(c, st[k].first, st[k].alt ? else_tok : st[k].last) &&
			   (!st[k].alt || st[st[k].alt].kind != JS_S_DECL)) {
			drop_range(c, st[k].first, st[k].alt ? else_tok : st[k].last);
			keep = st[k].alt;
		}
		if (keep == k) {
			prev = k;
		} else if (keep) {
			guard_start(c, st[keep].first, st[keep].first);
			st[keep].next = next;
			*link_to(c, list, prev) = keep;
			prev = keep;
		} else {
			*link_to(c, list, prev) = next;
		}
		k = next;
	}
}

/*
 * return a;b();  ->  return a;  -- what follows an exit in the same list
 * never runs, but declarations are bindings of the whole scope: function,
 * class, let, const stay, and so does code that holds a var or function.
 */
static void drop_unreachable(struct compressor *c, uint32_t list)
{
	struct js_stmt *st = c->prog->stmt;
	uint32_t k, prev = 0;
	int after_exit = 0;

	for (k = st[list].body; k;) {
		uint32_t next = st[k].next;
		int kind = st[k].kind;

		uint32_t last = c->sh[k].last > st[k].last ? c->sh[k].last : st[k].last; /* a "}" it took as ";" */

		if (after_exit && kind != JS_S_DECL && kind != JS_S_LET && kind != JS_S_CONST && kind != JS_S_VAR &&
		    droppable_code(c, st[k].first, last)) {
			drop_range(c, st[k].first, last);
			*link_to(c, list, prev) = next;
		} else {
			after_exit |= c->sh[k].exits;
			prev = k;
		}
		k = next;
	}
}

/* A statement list after its statements are done. */
static void compress_list(struct compressor *c, uint32_t list)
{
	int round;

	drop_dead(c, list);
	dissolve_blocks(c, list);
	dissolve_else(c, list);
	drop_unreachable(c, list);
	/* each can make work for the other: a();if(b)return c;return d */
	for (round = 0; round < 8; round++)
		if (!(join_statements(c, list) | merge_returns(c, list)))
			break;
	merge_declarations(c, list);
}

/* x=>{return y}  ->  x=>y, unless what follows the body could continue the expression "y". */
static void compress_arrow(struct compressor *c, uint32_t list)
{
	const struct js_stmt *l = &c->prog->stmt[list];
	uint32_t only = l->body;
	struct shape *r = &c->sh[only];
	const struct js_token *after;

	if (!only || c->prog->stmt[only].next || !r->ret)
		return;
	after = sig_tok(c, l->last + 1);
	if (!(after->kind == JT_EOF || punct_is(c, l->last + 1, ")") || punct_is(c, l->last + 1, ",") ||
	      punct_is(c, l->last + 1, ";") || punct_is(c, l->last + 1, "]") || punct_is(c, l->last + 1, "}") ||
	      punct_is(c, l->last + 1, ":")))
		return;
	drop(c, l->first);
	set_keyword(c, r, NULL);
	set_term(c, r, NULL);
	drop(c, l->last);
	if (punct_is(c, r->ex_first, "{"))
		r->prec = JS_P_COMMA; /* an object literal: parenthesized, or it reads as a block */
	wrap(c, r, JS_P_ASSIGN);
}

static void compress_node(struct compressor *c, uint32_t idx)
{
	const struct js_stmt *n = &c->prog->stmt[idx];

	switch (n->kind) {
	case JS_S_IF:
		compress_if(c, idx);
		return;
	case JS_S_BLOCK:
	case JS_S_LIST:
		compress_list(c, idx);
		if (n->kind == JS_S_LIST && (n->flags & JS_SF_ARROW))
			compress_arrow(c, idx);
		break;
	default:
		break;
	}
	leaf_shape(c, idx);
}

static void put_edit_text(struct buf *out, const char *text, int *rc)
{
	if (*rc == 0)
		*rc = buf_addch(out, ' ');
	if (*rc == 0)
		*rc = buf_addstr(out, text);
	if (*rc == 0)
		*rc = buf_addch(out, ' ');
}

/* Does the text hold a line terminator (\n \r U+2028 U+2029)? */
static int has_line_break(const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (s[k] == '\n' || s[k] == '\r' ||
		    ((unsigned char)s[k] == 0xe2 && k + 2 < n && (unsigned char)s[k + 1] == 0x80 &&
		     ((unsigned char)s[k + 2] == 0xa8 || (unsigned char)s[k + 2] == 0xa9)))
			return 1;
	return 0;
}

/* Separators between the written pieces, strongest first wins. */
enum { SEP_NONE, SEP_SPACE, SEP_LINE };

static int flush_sep(struct buf *out, int *sep)
{
	int rc = *sep == SEP_NONE ? 0 : buf_addch(out, *sep == SEP_LINE ? '\n' : ' ');

	*sep = SEP_NONE;
	return rc;
}

/*
 * Write the source with the edits applied, as small as the parse that
 * follows needs it: between tokens one space, or a line break where the
 * source had one (automatic semicolon insertion may depend on it; never
 * after a glued token), and only the comments the printer keeps.  Every
 * edit is set apart by spaces so that no two tokens fuse.
 */
static int write_edited(const struct compressor *c, struct buf *out)
{
	const struct js_program *prog = c->prog;
	const char *src = prog->lx.src;
	size_t k, j = 0, at = 0;
	int rc = 0, glued = 0, sep = SEP_NONE;

	for (k = 0; k < prog->ntok && rc == 0; k++) {
		const struct js_token *t = &prog->tok[k];
		const struct edit *e;

		if (t->kind == JT_EOF)
			break;
		if (t->off > at && sep != SEP_LINE)
			sep = !glued && has_line_break(src + at, t->off - at) ? SEP_LINE : SEP_SPACE;
		at = t->off + t->len;
		if (j >= prog->nsig || prog->sig[j] != k) {
			if (t->kind == JT_HASHBANG || (!glued && js_comment_kept(&prog->lx, t, c->keep_comments))) {
				rc = flush_sep(out, &sep);
				if (rc == 0)
					rc = buf_add(out, src + t->off, t->len);
			} else if (sep != SEP_LINE) {
				/* a comment that goes separates as white space does */
				sep = !glued && t->kind == JT_BLOCK_COMMENT && has_line_break(src + t->off, t->len) ? SEP_LINE
														   : SEP_SPACE;
			}
			continue;
		}
		e = &c->ed[j++];
		glued = e->glue || (glued && e->drop);
		rc = flush_sep(out, &sep);
		if (e->kw)
			put_edit_text(out, text_at(c, e->kw), &rc);
		if (e->pre)
			put_edit_text(out, text_at(c, e->pre), &rc);
		if (e->drop)
			put_edit_text(out, "", &rc);
		else if (e->repl)
			put_edit_text(out, text_at(c, e->repl), &rc);
		else if (rc == 0)
			rc = buf_add(out, src + t->off, t->len);
		if (e->post)
			put_edit_text(out, text_at(c, e->post), &rc);
	}
	return rc;
}

/*
 * "a" + "b" at the "+" i  ->  "ab", into the first string of a chain
 * ("a"+"b"+'c'): the right one's text goes in as it is, with a backslash
 * before each quote of the left one's kind it has bare.  A chain's text
 * grows in place while it is the last text stored, and the chain is
 * remembered (join_*), so a chain of n strings costs its length, not n
 * copies of it and n walks back to its first string.
 */
static void join_strings(struct compressor *c, uint32_t i)
{
	const char *src = c->prog->lx.src, *rs = src + sig_tok(c, i + 1)->off + 1;
	size_t rn = sig_tok(c, i + 1)->len - 2, k;
	uint32_t first = i - 1, at = (uint32_t)c->text.len;
	const char *l;
	size_t llen;
	char q;
	int rc = 0;

	if (c->join_next && c->join_next == i - 1 && c->ed[c->join_first].repl == c->join_text) {
		first = c->join_first;
		llen = c->join_len;
	} else {
		while (c->ed[first].drop)
			first--; /* the strings before were joined into it */
		llen = c->ed[first].repl ? strlen(text_at(c, c->ed[first].repl)) : sig_tok(c, first)->len;
	}
	/* room for all of it first: l may point into c->text, which must not move under it */
	if (buf_grow(&c->text, llen + 2 * rn + 2)) {
		c->err = c->err ? c->err : JD_ELIMIT;
		return;
	}
	l = c->ed[first].repl ? text_at(c, c->ed[first].repl) : src + sig_tok(c, first)->off;
	q = l[0];
	if (c->ed[first].repl && c->ed[first].repl + llen + 1 == c->text.len) {
		at = c->ed[first].repl;
		buf_truncate(&c->text, at + llen - 1); /* its closing quote and NUL */
	} else {
		rc = buf_add(&c->text, l, llen - 1);
	}
	for (k = 0; k < rn && rc == 0; k++) {
		if (rs[k] == '\\')
			rc = buf_add(&c->text, rs + k++, 2);
		else if (rs[k] == q)
			rc = buf_addch(&c->text, '\\') || buf_addch(&c->text, rs[k]);
		else
			rc = buf_addch(&c->text, rs[k]);
	}
	if (rc == 0)
		rc = buf_addch(&c->text, q) || buf_addch(&c->text, 0);
	if (rc) {
		c->err = c->err ? c->err : JD_ELIMIT;
		return;
	}
	c->ed[first].repl = at;
	c->ed[first].drop = 0;
	drop(c, i);
	drop(c, i + 1);
	c->changed = 1;
	c->join_next = i + 1;
	c->join_first = first;
	c->join_text = at;
	c->join_len = c->text.len - 1 - at;
}

/* The rewrites the parser saw to be safe on single tokens (js_parser.h, enum js_hint). */
static void apply_hints(struct compressor *c)
{
	uint32_t i;

	for (i = 0; i < c->prog->nsig; i++) {
		switch (c->prog->hint[i]) {
		case JS_H_MEMBER_STRING:
			if (i > 0 && punct_is(c, i - 1, "?."))
				drop(c, i);
			else
				replace(c, i, ".");
			unquote(c, i + 1);
			drop(c, i + 2);
			break;
		case JS_H_KEY_STRING:
			unquote(c, i);
			break;
		case JS_H_NEW_NO_ARGS:
			drop(c, i);
			drop(c, i + 1);
			break;
		case JS_H_TYPEOF_EQ:
			replace(c, i, punct_is(c, i, "===") ? "==" : "!=");
			break;
		case JS_H_TYPEOF_UNDEFINED:
			replace(c, i, punct_is(c, i, "===") ? ">" : "<");
			replace(c, i + 1, "\"u\"");
			break;
		case JS_H_OPTIONAL_CHAIN: /* x==null?void 0:x.y  ->  x?.y: "x==null?void 0:" goes */
			drop_range(c, i, i + 6);
			if (punct_is(c, i + 8, "."))
				replace(c, i + 8, "?.");
			else
				prepend(c, i + 8, "?.");
			break;
		case JS_H_COND_OR: /* a?void 0:b  ->  a||b */
			replace(c, i, "||");
			drop_range(c, i + 1, i + 3);
			break;
		case JS_H_COND_AND: /* a?b:void 0  ->  a&&b */
			replace(c, i, "&&");
			break;
		case JS_H_CONCAT:
			join_strings(c, i);
			break;
		case JS_H_ARROW_PARAM:
			drop(c, i);
			drop(c, i + 2);
			break;
		case JS_H_COND_AND_END:
			drop_range(c, i, i + 2);
			break;
		default:
			break; /* JS_H_VOID_VALUE: leaf_shape */
		}
	}
}

int js_compress(struct js_program *prog, int keep_comments, struct buf *out, int *changed)
{
	struct compressor c;
	size_t idx;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	c.prog = prog;
	c.keep_comments = keep_comments;
	c.ed = xcalloc(prog->nsig ? prog->nsig : 1, sizeof(*c.ed));
	c.sh = xcalloc(prog->nstmt, sizeof(*c.sh));
	c.then_sh = xcalloc(prog->nstmt, sizeof(*c.then_sh));
	buf_init(&c.text, BUF_MAX_DEFAULT);
	buf_addch(&c.text, 0); /* offset 0: no text */
	apply_hints(&c);
	for (idx = prog->nstmt; idx-- > 1;)
		compress_node(&c, (uint32_t)idx);
	*changed = c.changed;
	if (c.err)
		rc = c.err;
	else if (c.changed)
		rc = write_edited(&c, out);
	free(c.ed);
	free(c.sh);
	free(c.then_sh);
	buf_release(&c.text);
	return rc;
}
