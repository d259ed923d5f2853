/*
 * html.h - what minify/html.c shares beyond minify_html(): the optional
 * tag rule, exported so tests can hold it against html5lib's serializer
 * cases (tests/data/html5lib-tests/serializer/optionaltags.test).
 */
#ifndef JD_HTML_H
#define JD_HTML_H

#include <stddef.h>

/* What comes right after a tag in the output. */
enum html_next_kind {
	HTML_NEXT_START,      /* a start tag called next_name */
	HTML_NEXT_END,        /* an end tag (of the parent, or an ancestor) */
	HTML_NEXT_TEXT,       /* text that does not start with whitespace */
	HTML_NEXT_SPACE_TEXT, /* text that starts with whitespace */
	HTML_NEXT_COMMENT,
	HTML_NEXT_EOF,
};

/*
 * May the start tag (is_end 0, only when it has no attributes) or end tag
 * `name` be left out when `next` follows?  `parent` is the name of the
 * element's parent (used by </p>).  `after_omitted_section_end` is true
 * when a </tbody>, </thead> or </tfoot> right before this <tbody> was
 * omitted.  Names are lowercase.
 */
int html_can_omit_tag(int is_end, const char *name, size_t n, enum html_next_kind next,
		      const char *next_name, size_t next_n, const char *parent, size_t parent_n,
		      int after_omitted_section_end);

#endif
