/*
 * treemap.c - squarified treemap layout; see treemap.h.
 *
 * Items are taken heaviest first.  They are added to the current row (a
 * strip along the shorter side of the space left) as long as that does not
 * make the row's worst aspect ratio worse; then the row is laid out, the
 * free space shrinks by the strip, and a new row starts.  Weights are scaled
 * so they sum to the area, which is what makes the rectangles tile it.
 */
#include "treemap.h"

#include "lib/util.h"

struct tm_sort {
	const double *w;
};

static int cmp_desc(const void *a, const void *b, void *ctx)
{
	const double *w = ((const struct tm_sort *)ctx)->w;
	double x = w[*(const size_t *)a], y = w[*(const size_t *)b];
	return (x < y) - (x > y);
}

/* The worst aspect ratio of a row with areas summing to `s`, extremes min/max, along side `side`. */
static double worst(double s, double min, double max, double side)
{
	double s2 = s * s, side2 = side * side;
	double a = side2 * max / s2, b = s2 / (side2 * min);
	return a > b ? a : b;
}

static void layout_row(const size_t *idx, size_t n, const double *area, struct tm_rect *free_space,
		       struct tm_rect *out)
{
	double s = 0, off = 0;

	for (size_t i = 0; i < n; i++)
		s += area[idx[i]];
	if (free_space->w >= free_space->h) {
		/* A column at the left, items stacked top to bottom. */
		double cw = free_space->h > 0 ? s / free_space->h : 0;
		for (size_t i = 0; i < n; i++) {
			double h = cw > 0 ? area[idx[i]] / cw : 0;
			out[idx[i]] = (struct tm_rect){ free_space->x, free_space->y + off, cw, h };
			off += h;
		}
		free_space->x += cw;
		free_space->w -= cw;
	} else {
		/* A row at the top, items left to right. */
		double rh = free_space->w > 0 ? s / free_space->w : 0;
		for (size_t i = 0; i < n; i++) {
			double w = rh > 0 ? area[idx[i]] / rh : 0;
			out[idx[i]] = (struct tm_rect){ free_space->x + off, free_space->y, w, rh };
			off += w;
		}
		free_space->y += rh;
		free_space->h -= rh;
	}
}

void treemap_squarify(const double *w, size_t n, struct tm_rect area, struct tm_rect *out)
{
	size_t *idx, m = 0, start = 0;
	double *scaled, sum = 0;
	struct tm_sort ctx = { w };

	if (!n)
		return;
	idx = xcalloc(n, sizeof(*idx));
	scaled = xcalloc(n, sizeof(*scaled));
	for (size_t i = 0; i < n; i++) {
		out[i] = (struct tm_rect){ area.x, area.y, 0, 0 };
		if (w[i] > 0) {
			idx[m++] = i;
			sum += w[i];
		}
	}
	qsort_r(idx, m, sizeof(*idx), cmp_desc, &ctx);
	for (size_t i = 0; i < m && sum > 0; i++)
		scaled[idx[i]] = w[idx[i]] / sum * area.w * area.h;
	while (start < m) {
		double side = area.w < area.h ? area.w : area.h;
		double s = scaled[idx[start]], lo = s, hi = s;
		size_t end = start + 1;
		for (; end < m; end++) {
			double a = scaled[idx[end]];
			double nlo = a < lo ? a : lo, nhi = a > hi ? a : hi;
			if (worst(s + a, nlo, nhi, side) > worst(s, lo, hi, side))
				break;
			s += a;
			lo = nlo;
			hi = nhi;
		}
		layout_row(idx + start, end - start, scaled, &area, out);
		start = end;
	}
	free(idx);
	free(scaled);
}
