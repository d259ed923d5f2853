/*
 * js_compress.h - statement-level compression of a parsed JavaScript
 * program (see js_compress.c for the rewrites).
 *
 * js_compress() takes a program parsed with JS_PARSE_TREE and appends to
 * `out` its source text with the rewrites applied, setting *changed (with
 * keep_comments, as js_comment_kept, no rewrite removes a comment); with
 * nothing to rewrite, *changed is 0 and `out` untouched.  Returns JD_OK or
 * JD_ELIMIT (a buffer limit).  The text it writes must be parsed again
 * (its tokens are not the program's), which also checks it.
 */
#ifndef JD_JS_COMPRESS_H
#define JD_JS_COMPRESS_H

#include "lib/buf.h"
#include "minify/js_parser.h"

int js_compress(struct js_program *prog, int keep_comments, struct buf *out, int *changed);

#endif
