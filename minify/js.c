/*
 * js.c - the JavaScript minifier's driver: js_lexer.c tokenizes,
 * js_parser.c checks the syntax (with js_scope.c's scopes and
 * js_renamer.c's short names), js_compress.c rewrites statements, and
 * js_printer.c writes the tokens.
 *
 * minify_js() parses the input with the statement tree (a syntax error is
 * returned as such and the caller keeps the file), has js_compress.c
 * rewrite it (if to &&, ?: and return merging, braces, declarations,
 * x==null?void 0:x.y to x?.y, ...; see there) into a compact text, and
 * parses that again, unless keep_names giving local bindings short names
 * (see js_parser.h for which names stay), and has js_printer.c write it.
 * The rewrites work on text, not on the tree, so the second parse is what
 * checks them and gives the printer tokens and names that belong
 * together.  Should the rewritten text not parse (a compressor bug) the
 * input is printed without the rewrites (js_check_compress makes that an
 * error, for tests).  With js_no_compress the printer rewrites no syntax,
 * so the output's syntax tree equals the input's (literal spelling and
 * identifier names aside); the round-trip test checks exactly that with
 * acorn, names included under keep_names.
 */
#include "minify/minify.h"

#include "minify/js_compress.h"
#include "minify/js_parser.h"
#include "minify/js_printer.h"

/*
 * Parse what minify_js prints: `in` itself, or the text js_compress made of
 * it (in `edited`, which must outlive `prog`).  Should the rewritten text
 * not parse -- a compressor bug -- `in` is printed as it is, unless the
 * caller asked for the error.
 */
static int parse_for_print(const char *in, size_t len, enum js_goal goal, const struct minify_opts *o,
			   struct js_program *prog, struct buf *edited, struct diag *d)
{
	const char *file = o && o->file ? o->file : NULL;
	unsigned rename = o && o->keep_names ? 0 : JS_PARSE_RENAME;
	struct diag again;
	int rc, changed = 0;

	if (o && o->js_no_compress)
		return js_parse(in, len, goal, rename, prog, file, d);
	rc = js_parse(in, len, goal, JS_PARSE_TREE, prog, file, d);
	if (rc != JD_OK)
		return rc;
	rc = js_compress(prog, o && o->keep_comments, edited, &changed);
	if (changed)
		goal = prog->module ? JS_GOAL_MODULE : JS_GOAL_SCRIPT;
	js_program_free(prog);
	if (rc != JD_OK)
		return diag_set(d, rc, file, "compressed JavaScript is over the buffer limit");
	if (!changed)
		return js_parse(in, len, goal, rename, prog, file, d);
	rc = js_parse(edited->data, edited->len, goal, rename, prog, file, &again);
	if (rc == JD_OK)
		return rc;
	js_program_free(prog);
	if (o && o->js_check_compress)
		return diag_set(d, JD_EINPUT, file, "the compressed text does not parse (%ld:%ld: %s)", again.line,
				again.column, again.msg);
	return js_parse(in, len, goal, rename, prog, file, d);
}

int minify_js(const char *in, size_t len, struct buf *out, const struct minify_opts *o, struct diag *d)
{
	struct js_program prog;
	struct buf edited;
	const char *file = o && o->file ? o->file : NULL;
	enum js_goal goal = o && o->js_goal == 1 ? JS_GOAL_SCRIPT : o && o->js_goal == 2 ? JS_GOAL_MODULE : JS_GOAL_AUTO;
	int rc;

	buf_init(&edited, BUF_MAX_DEFAULT);
	rc = parse_for_print(in, len, goal, o, &prog, &edited, d);
	if (rc == JD_OK && (rc = js_print(&prog, o, out)) != JD_OK)
		rc = diag_set(d, rc, file, "minified output is over the buffer limit");
	js_program_free(&prog);
	buf_release(&edited);
	return rc;
}
