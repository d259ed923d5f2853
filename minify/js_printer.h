/*
 * js_printer.h - writes a parsed JavaScript program as minified text (see
 * js_printer.c for how it decides what goes between tokens).
 *
 * js_print() appends to `out` the tokens of `prog` (from js_parse), each
 * identifier that prog->rename gives a new name written as that name, the
 * comments that js_comment_kept keeps, with o->inline_script, o->max_line
 * and o->keep_comments honoured (`o` may be NULL).  `prog` is only read.
 * Returns JD_OK, or JD_ELIMIT when `out` would pass its maximum size; then
 * `out` is as it was before the call.
 */
#ifndef JD_JS_PRINTER_H
#define JD_JS_PRINTER_H

#include "lib/buf.h"
#include "minify/js_parser.h"
#include "minify/minify.h"

int js_print(const struct js_program *prog, const struct minify_opts *o, struct buf *out);

#endif
