/*
 * treemap.h - squarified treemap layout (Bruls, Huizing, van Wijk, 2000), for
 * the `check --report` HTML page: the layout is computed here so the page
 * needs no JavaScript, only absolutely positioned boxes.
 */
#ifndef JD_TREEMAP_H
#define JD_TREEMAP_H

#include <stddef.h>

struct tm_rect {
	double x, y, w, h;
};

/*
 * Lay out `n` items with weights w[0..n) inside `area` so that each item's
 * rectangle has an area proportional to its weight and the rectangles tile
 * `area` exactly, keeping aspect ratios close to 1.  out[i] is item i's
 * rectangle (order of w is kept; sorting is internal).  Items of weight 0
 * (or less) get an empty rectangle at area's origin.  Allocates only a
 * temporary index array.
 */
void treemap_squarify(const double *w, size_t n, struct tm_rect area, struct tm_rect *out);

#endif
