/*
 * css_values.c - print a run of CSS tokens with every byte that does not
 * matter removed: the part of the CSS minifier that knows about values.
 *
 * css_print_run() walks tokens [a, b) once.  Whitespace and comments are
 * not printed; instead a flag remembers that there was a separator, and
 * before the next token the printer decides whether one space must stay:
 *
 *   - the context may need it (a descendant combinator in a selector, the
 *     separator between two component values in a declaration) unless the
 *     neighbour is punctuation that separates on its own (`,` `/` `(` `)`
 *     `>` `+` `~` `:` `!` ...);
 *   - the bytes may fuse: printing `a` then `b`, `1` then `%`, `@` then `x`,
 *     `/` then `*` would make the browser read different tokens.  fuses()
 *     checks the last byte printed against the next token's first bytes,
 *     also where the source had no space at all, because shortening can
 *     create a new neighbour (`1px #f00` never loses its space, but a
 *     comment between two words must become one).
 *
 * Value shortening happens per token in CSS_CTX_VALUE: numbers (0.50 ->
 * .5, 1000.0 -> 1e3 when the token was not an integer), zero lengths at
 * the top level of properties that take a length (never in calc(), flex,
 * grid or custom properties, which are printed byte-exact), hex colours
 * (#ffffff -> #fff, #ff0000 -> red), colour names in colour properties
 * (white -> #fff), rgb()/rgba() with exact components, font-weight
 * keywords, quotes in url(), and calc() of one product or quotient that
 * is exactly a literal (calc(1s*2) -> 2s, see fold_calc).  A token it
 * does not understand is printed as it came.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minify/css_internal.h"
#include "lib/err.h"
#include "lib/util.h"

struct color_name {
	const char *name;
	unsigned long rgb;
};

/* CSS Color 4 named colours (transparent and currentcolor are left alone). */
static const struct color_name color_names[] = {
	{"aliceblue", 0xf0f8ff},
	{"antiquewhite", 0xfaebd7},
	{"aqua", 0x00ffff},
	{"aquamarine", 0x7fffd4},
	{"azure", 0xf0ffff},
	{"beige", 0xf5f5dc},
	{"bisque", 0xffe4c4},
	{"black", 0x000000},
	{"blanchedalmond", 0xffebcd},
	{"blue", 0x0000ff},
	{"blueviolet", 0x8a2be2},
	{"brown", 0xa52a2a},
	{"burlywood", 0xdeb887},
	{"cadetblue", 0x5f9ea0},
	{"chartreuse", 0x7fff00},
	{"chocolate", 0xd2691e},
	{"coral", 0xff7f50},
	{"cornflowerblue", 0x6495ed},
	{"cornsilk", 0xfff8dc},
	{"crimson", 0xdc143c},
	{"cyan", 0x00ffff},
	{"darkblue", 0x00008b},
	{"darkcyan", 0x008b8b},
	{"darkgoldenrod", 0xb8860b},
	{"darkgray", 0xa9a9a9},
	{"darkgreen", 0x006400},
	{"darkgrey", 0xa9a9a9},
	{"darkkhaki", 0xbdb76b},
	{"darkmagenta", 0x8b008b},
	{"darkolivegreen", 0x556b2f},
	{"darkorange", 0xff8c00},
	{"darkorchid", 0x9932cc},
	{"darkred", 0x8b0000},
	{"darksalmon", 0xe9967a},
	{"darkseagreen", 0x8fbc8f},
	{"darkslateblue", 0x483d8b},
	{"darkslategray", 0x2f4f4f},
	{"darkslategrey", 0x2f4f4f},
	{"darkturquoise", 0x00ced1},
	{"darkviolet", 0x9400d3},
	{"deeppink", 0xff1493},
	{"deepskyblue", 0x00bfff},
	{"dimgray", 0x696969},
	{"dimgrey", 0x696969},
	{"dodgerblue", 0x1e90ff},
	{"firebrick", 0xb22222},
	{"floralwhite", 0xfffaf0},
	{"forestgreen", 0x228b22},
	{"fuchsia", 0xff00ff},
	{"gainsboro", 0xdcdcdc},
	{"ghostwhite", 0xf8f8ff},
	{"gold", 0xffd700},
	{"goldenrod", 0xdaa520},
	{"gray", 0x808080},
	{"green", 0x008000},
	{"greenyellow", 0xadff2f},
	{"grey", 0x808080},
	{"honeydew", 0xf0fff0},
	{"hotpink", 0xff69b4},
	{"indianred", 0xcd5c5c},
	{"indigo", 0x4b0082},
	{"ivory", 0xfffff0},
	{"khaki", 0xf0e68c},
	{"lavender", 0xe6e6fa},
	{"lavenderblush", 0xfff0f5},
	{"lawngreen", 0x7cfc00},
	{"lemonchiffon", 0xfffacd},
	{"lightblue", 0xadd8e6},
	{"lightcoral", 0xf08080},
	{"lightcyan", 0xe0ffff},
	{"lightgoldenrodyellow", 0xfafad2},
	{"lightgray", 0xd3d3d3},
	{"lightgreen", 0x90ee90},
	{"lightgrey", 0xd3d3d3},
	{"lightpink", 0xffb6c1},
	{"lightsalmon", 0xffa07a},
	{"lightseagreen", 0x20b2aa},
	{"lightskyblue", 0x87cefa},
	{"lightslategray", 0x778899},
	{"lightslategrey", 0x778899},
	{"lightsteelblue", 0xb0c4de},
	{"lightyellow", 0xffffe0},
	{"lime", 0x00ff00},
	{"limegreen", 0x32cd32},
	{"linen", 0xfaf0e6},
	{"magenta", 0xff00ff},
	{"maroon", 0x800000},
	{"mediumaquamarine", 0x66cdaa},
	{"mediumblue", 0x0000cd},
	{"mediumorchid", 0xba55d3},
	{"mediumpurple", 0x9370db},
	{"mediumseagreen", 0x3cb371},
	{"mediumslateblue", 0x7b68ee},
	{"mediumspringgreen", 0x00fa9a},
	{"mediumturquoise", 0x48d1cc},
	{"mediumvioletred", 0xc71585},
	{"midnightblue", 0x191970},
	{"mintcream", 0xf5fffa},
	{"mistyrose", 0xffe4e1},
	{"moccasin", 0xffe4b5},
	{"navajowhite", 0xffdead},
	{"navy", 0x000080},
	{"oldlace", 0xfdf5e6},
	{"olive", 0x808000},
	{"olivedrab", 0x6b8e23},
	{"orange", 0xffa500},
	{"orangered", 0xff4500},
	{"orchid", 0xda70d6},
	{"palegoldenrod", 0xeee8aa},
	{"palegreen", 0x98fb98},
	{"paleturquoise", 0xafeeee},
	{"palevioletred", 0xdb7093},
	{"papayawhip", 0xffefd5},
	{"peachpuff", 0xffdab9},
	{"peru", 0xcd853f},
	{"pink", 0xffc0cb},
	{"plum", 0xdda0dd},
	{"powderblue", 0xb0e0e6},
	{"purple", 0x800080},
	{"rebeccapurple", 0x663399},
	{"red", 0xff0000},
	{"rosybrown", 0xbc8f8f},
	{"royalblue", 0x4169e1},
	{"saddlebrown", 0x8b4513},
	{"salmon", 0xfa8072},
	{"sandybrown", 0xf4a460},
	{"seagreen", 0x2e8b57},
	{"seashell", 0xfff5ee},
	{"sienna", 0xa0522d},
	{"silver", 0xc0c0c0},
	{"skyblue", 0x87ceeb},
	{"slateblue", 0x6a5acd},
	{"slategray", 0x708090},
	{"slategrey", 0x708090},
	{"snow", 0xfffafa},
	{"springgreen", 0x00ff7f},
	{"steelblue", 0x4682b4},
	{"tan", 0xd2b48c},
	{"teal", 0x008080},
	{"thistle", 0xd8bfd8},
	{"tomato", 0xff6347},
	{"turquoise", 0x40e0d0},
	{"violet", 0xee82ee},
	{"wheat", 0xf5deb3},
	{"white", 0xffffff},
	{"whitesmoke", 0xf5f5f5},
	{"yellow", 0xffff00},
	{"yellowgreen", 0x9acd32},
};

int css_word_eq(const char *in, size_t n, const char *w)
{
	size_t i;
	for (i = 0; i < n && w[i]; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (c != (unsigned char)w[i])
			return 0;
	}
	return i == n && w[i] == 0;
}

static int in_list(const char *in, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (css_word_eq(in, n, *list))
			return 1;
	return 0;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int identish(unsigned char c)
{
	return css_is_ident_char(c);
}

/* ---- numbers ---------------------------------------------------------- */

/*
 * Shortest spelling of the number s[0..n) (a CSS number, as the lexer
 * accepted it) into out (at least n + 8 bytes).  With `integer` set the
 * token was integer-typed and stays so: only leading zeros go.  Returns the
 * new length, or 0 to keep the original (exponent out of range).
 */
static size_t short_number(const char *s, size_t n, int integer, char *out)
{
	char dig[400];
	size_t nd = 0, i = 0, o = 0;
	long point = 0, exp = 0;
	int neg = 0, plus = 0;

	if (n >= sizeof(dig) - 1)
		return 0;
	if (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-';
		plus = s[i] == '+';
		i++;
	}
	while (i < n && is_digit(s[i])) {
		dig[nd++] = s[i++];
		point++;
	}
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && is_digit(s[i]))
			dig[nd++] = s[i++];
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		int eneg = 0;
		i++;
		if (s[i] == '+' || s[i] == '-')
			eneg = s[i++] == '-';
		while (i < n && is_digit(s[i])) {
			exp = exp * 10 + (s[i++] - '0');
			if (exp > 1000)
				return 0;
		}
		point += eneg ? -exp : exp;
	}
	if (i != n)
		return 0;
	/* strip leading zeros (each moves the point) and trailing zeros */
	size_t lead = 0;
	while (lead < nd && dig[lead] == '0') {
		lead++;
		point--;
	}
	while (nd > lead && dig[nd - 1] == '0')
		nd--;
	const char *m = dig + lead;
	size_t mn = nd - lead;
	if (mn == 0) {
		out[0] = '0';
		return 1;
	}
	if (neg)
		out[o++] = '-';
	else if (plus)
		out[o++] = '+';
	size_t start = o;
	/* plain decimal form */
	if (point <= 0) {
		if ((size_t)(-point) + mn + 8 > 300)
			goto exp_form;
		out[o++] = '.';
		for (long k = 0; k < -point; k++)
			out[o++] = '0';
		memcpy(out + o, m, mn);
		o += mn;
	} else if ((size_t)point >= mn) {
		if ((size_t)point + 8 > 300)
			goto exp_form;
		memcpy(out + o, m, mn);
		o += mn;
		for (size_t k = mn; k < (size_t)point; k++)
			out[o++] = '0';
	} else {
		memcpy(out + o, m, (size_t)point);
		o += (size_t)point;
		out[o++] = '.';
		memcpy(out + o, m + point, mn - (size_t)point);
		o += mn - (size_t)point;
	}
	if (integer)
		return o;
	{
		/* exponent form: digits then e(point - mn) */
		char e[32];
		int en = snprintf(e, sizeof(e), "e%ld", point - (long)mn);
		if (start + mn + (size_t)en < o) {
			o = start;
			memcpy(out + o, m, mn);
			o += mn;
			memcpy(out + o, e, (size_t)en);
			o += (size_t)en;
		}
	}
	return o;
exp_form:
	if (integer)
		return 0;
	o = start;
	memcpy(out + o, m, mn);
	o += mn;
	o += (size_t)snprintf(out + o, 32, "e%ld", point - (long)mn);
	return o;
}

static const char *const length_units[] = {
	"px", "em", "rem", "ex", "ch", "vw", "vh", "vmin", "vmax", "cm", "mm", "in", "pt", "pc", "q", NULL,
};

/* Properties where a zero length may lose its unit (never flex, grid, calc, line-height). */
static const char *const zero_length_props[] = {
	"margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
	"padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
	"top", "right", "bottom", "left", "inset",
	"width", "height", "min-width", "min-height", "max-width", "max-height",
	"border", "border-top", "border-right", "border-bottom", "border-left",
	"border-width", "border-top-width", "border-right-width", "border-bottom-width",
	"border-left-width", "border-radius", "border-top-left-radius", "border-top-right-radius",
	"border-bottom-left-radius", "border-bottom-right-radius", "border-spacing",
	"outline", "outline-width", "outline-offset", "letter-spacing", "word-spacing",
	"text-indent", "background-position", "box-shadow", "text-shadow", "gap", "row-gap",
	"column-gap", "vertical-align", "font-size", "transform-origin", "perspective-origin",
	"scroll-margin", "scroll-padding", "margin-block", "margin-inline", "padding-block",
	"padding-inline", "text-underline-offset", NULL,
};

/* Properties whose plain identifiers are colours (names may become hex). */
static const char *const color_props[] = {
	"color", "background", "background-color", "border", "border-color", "border-top",
	"border-right", "border-bottom", "border-left", "border-top-color", "border-right-color",
	"border-bottom-color", "border-left-color", "outline", "outline-color", "fill", "stroke",
	"stop-color", "flood-color", "lighting-color", "text-decoration-color",
	"column-rule-color", "caret-color", "accent-color", "box-shadow", "text-shadow",
	"text-emphasis-color", NULL,
};

/* ---- colours ---------------------------------------------------------- */

/*
 * The shortest spelling of the colour r,g,b,alpha (alpha 0-255) into out:
 * #rgb, #rrggbb, #rgba, #rrggbbaa or a name when shorter.  Returns length.
 */
static size_t color_text(unsigned r, unsigned g, unsigned bl, unsigned a, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t n;
	int short_ok = r % 17 == 0 && g % 17 == 0 && bl % 17 == 0 && a % 17 == 0;
	if (short_ok) {
		out[0] = '#';
		out[1] = hx[r / 17];
		out[2] = hx[g / 17];
		out[3] = hx[bl / 17];
		n = 4;
		if (a != 255)
			out[n++] = hx[a / 17];
	} else {
		out[0] = '#';
		out[1] = hx[r >> 4];
		out[2] = hx[r & 15];
		out[3] = hx[g >> 4];
		out[4] = hx[g & 15];
		out[5] = hx[bl >> 4];
		out[6] = hx[bl & 15];
		n = 7;
		if (a != 255) {
			out[7] = hx[a >> 4];
			out[8] = hx[a & 15];
			n = 9;
		}
	}
	if (a == 255) {
		unsigned long v = ((unsigned long)r << 16) | ((unsigned long)g << 8) | bl;
		for (size_t i = 0; i < sizeof(color_names) / sizeof(color_names[0]); i++) {
			size_t ln = strlen(color_names[i].name);
			if (color_names[i].rgb == v && ln < n) {
				memcpy(out, color_names[i].name, ln);
				n = ln;
			}
		}
	}
	return n;
}

/* A hash token's colour, shortened; 0 when it is not a 3/4/6/8-digit colour. */
static size_t short_hash(const char *s, size_t n, char *out)
{
	unsigned v[8];
	if (n != 4 && n != 5 && n != 7 && n != 9)
		return 0;
	for (size_t i = 1; i < n; i++) {
		int h = hex_digit_value((unsigned char)s[i]);
		if (h < 0)
			return 0;
		v[i - 1] = (unsigned)h;
	}
	unsigned r, g, b, a = 255;
	if (n <= 5) {
		r = v[0] * 17, g = v[1] * 17, b = v[2] * 17;
		if (n == 5)
			a = v[3] * 17;
	} else {
		r = v[0] * 16 + v[1], g = v[2] * 16 + v[3], b = v[4] * 16 + v[5];
		if (n == 9)
			a = v[6] * 16 + v[7];
	}
	return color_text(r, g, b, a, out);
}

/* Colour name in[0..n) to its shortest spelling if that is shorter; else 0. */
static size_t short_color_name(const char *in, size_t n, char *out)
{
	for (size_t i = 0; i < sizeof(color_names) / sizeof(color_names[0]); i++) {
		if (!css_word_eq(in, n, color_names[i].name))
			continue;
		unsigned long v = color_names[i].rgb;
		size_t k = color_text((unsigned)(v >> 16), (unsigned)((v >> 8) & 255), (unsigned)(v & 255), 255, out);
		return k < n ? k : 0;
	}
	return 0;
}

/* Read a token's number into *v; 0 if not a plain number. */
static int token_number(const char *s, size_t n, double *v)
{
	char tmp[64];
	if (n == 0 || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	char *end;
	*v = strtod(tmp, &end);
	return end == tmp + n;
}

/*
 * rgb(...)/rgba(...) starting at token i (the function token): when every
 * component is exact (integers 0-255, alpha whose 8-bit value is exact),
 * write the colour to out and set *next to the token after `)`.
 */
static size_t short_rgb(const struct css_src *s, size_t i, size_t b, char *out, size_t *next)
{
	double v[4];
	int nv = 0;
	size_t k = i + 1;
	for (; k < b; k++) {
		const struct css_token *t = &s->t[k];
		if (t->type == CSS_WHITESPACE || t->type == CSS_COMMA ||
		    (t->type == CSS_DELIM && s->in[t->off] == '/' && nv == 3))
			continue;
		if (t->type == CSS_RPAREN)
			break;
		if (nv == 4)
			return 0;
		if (t->type == CSS_NUMBER) {
			if (!token_number(s->in + t->off, t->len, &v[nv]))
				return 0;
			if (nv < 3 && (v[nv] < 0 || v[nv] > 255 || v[nv] != (double)(unsigned)v[nv]))
				return 0;
			if (nv == 3 && (v[nv] < 0 || v[nv] > 1))
				return 0;
			if (nv == 3)
				v[nv] *= 255;
		} else if (t->type == CSS_PERCENTAGE && nv == 3) {
			if (!token_number(s->in + t->off, t->len - 1, &v[nv]) || v[nv] < 0 || v[nv] > 100)
				return 0;
			v[nv] = v[nv] * 255 / 100;
		} else {
			return 0;
		}
		nv++;
	}
	if (k >= b || (nv != 3 && nv != 4))
		return 0;
	unsigned a = 255;
	if (nv == 4) {
		double r = v[3] + 0.5;
		a = (unsigned)r;
		/* only alphas that 8 bits hold exactly: 0, 1, .2, .4, .6, .8 ... */
		if (v[3] - (double)a > 1e-9 || (double)a - v[3] > 1e-9)
			return 0;
	}
	*next = k + 1;
	return color_text((unsigned)v[0], (unsigned)v[1], (unsigned)v[2], a, out);
}

/* ---- calc() ----------------------------------------------------------- */

/* Skip whitespace and comments from token i, stopping at b. */
static size_t skip_blank(const struct css_src *s, size_t i, size_t b)
{
	while (i < b && (s->t[i].type == CSS_WHITESPACE || s->t[i].type == CSS_COMMENT))
		i++;
	return i;
}

/*
 * calc(A*B) or calc(A/B) starting at token i (the function token), where A
 * and B are numbers and at most one is a dimension (B a number when
 * dividing): write the product as one token to out (at least 64 bytes),
 * set *next to the token after `)` and *unitless to whether it is a plain
 * number.  calc(1s*2) -> 2s, calc(1*3) -> 3.  Only when the literal means
 * exactly what calc() did:
 *   - not negative: calc() clamps a negative result into a property's
 *     range (padding:calc(-1px*2) is 0) where a negative literal is invalid;
 *   - a plain number only when it is an integer: calc() rounds in integer
 *     properties (z-index:calc(3/2) is 2) where 1.5 is invalid;
 *   - the decimal printed reads back as the same double the browser
 *     computes (calc(.8*3) is 2.4000000000000004: left alone).
 * Anything else (percentages, sums, nested functions, var()) returns 0.
 */
static size_t fold_calc(const struct css_src *s, size_t i, size_t b, char *out, size_t *next, int *unitless)
{
	const struct css_token *operand[2];
	int op = 0;
	size_t k = skip_blank(s, i + 1, b);
	for (int m = 0; m < 2; m++) {
		if (k >= b || (s->t[k].type != CSS_NUMBER && s->t[k].type != CSS_DIMENSION))
			return 0;
		operand[m] = &s->t[k];
		k = skip_blank(s, k + 1, b);
		if (m == 0) {
			if (k >= b || s->t[k].type != CSS_DELIM || (s->in[s->t[k].off] != '*' && s->in[s->t[k].off] != '/'))
				return 0;
			op = s->in[s->t[k].off];
			k = skip_blank(s, k + 1, b);
		}
	}
	if (k >= b || s->t[k].type != CSS_RPAREN)
		return 0;
	const struct css_token *dim = operand[0]->type == CSS_DIMENSION ? operand[0] : NULL;
	if (operand[1]->type == CSS_DIMENSION) {
		if (dim || op == '/')
			return 0;
		dim = operand[1];
	}
	double x, y;
	size_t xn = operand[0]->type == CSS_DIMENSION ? operand[0]->num_len : operand[0]->len;
	size_t yn = operand[1]->type == CSS_DIMENSION ? operand[1]->num_len : operand[1]->len;
	if (!token_number(s->in + operand[0]->off, xn, &x) || !token_number(s->in + operand[1]->off, yn, &y))
		return 0;
	if (op == '/' && y == 0)
		return 0;
	double v = op == '*' ? x * y : x / y;
	if (!(v >= 0) || v > 1e15 || (!dim && v != (double)(long long)v))
		return 0;
	char dec[40];
	int dn = snprintf(dec, sizeof(dec), "%.15g", v + 0.0); /* + 0.0: no "-0" */
	double back;
	if (dn <= 0 || (size_t)dn >= sizeof(dec) || !token_number(dec, (size_t)dn, &back) || back != v)
		return 0;
	size_t unit_len = dim ? dim->len - dim->num_len : 0;
	if (unit_len > 16)
		return 0;
	size_t on = short_number(dec, (size_t)dn, !dim, out);
	if (on == 0) {
		memcpy(out, dec, (size_t)dn);
		on = (size_t)dn;
	}
	if (dim)
		memcpy(out + on, s->in + dim->off + dim->num_len, unit_len);
	*next = k + 1;
	*unitless = !dim;
	return on + unit_len;
}

/* ---- url() ------------------------------------------------------------ */

/* May these bytes stand in url(...) unquoted? */
static int url_safe(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7F || c == '"' || c == '\'' || c == '(' || c == ')' || c == '\\')
			return 0;
	}
	return 1;
}

/* ---- font families ---------------------------------------------------- */

static const char *const family_keywords[] = {
	"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-serif",
	"ui-sans-serif", "ui-monospace", "ui-rounded", "emoji", "math", "fangsong", "inherit",
	"initial", "unset", "revert", "revert-layer", "default", NULL,
};

static const char *const legacy_pseudo_elements[] = {
	"before", "after", "first-line", "first-letter", NULL,
};

/*
 * May the quoted family name s[0..n) be written as identifiers?  Words of
 * plain identifiers separated by single spaces, none a generic family or
 * CSS-wide keyword (those would change meaning unquoted).
 */
static int family_unquotable(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0)
		return 0;
	while (i < n) {
		size_t e = i;
		while (e < n && s[e] != ' ')
			e++;
		if (!css_is_plain_ident(s + i, e - i) || (s[i] == '-' && s[i + 1] == '-') ||
		    in_list(s + i, e - i, family_keywords))
			return 0;
		if (e == n)
			return 1;
		i = e + 1;
		if (i == n)
			return 0;
	}
	return 1;
}

/* ---- the printer ------------------------------------------------------ */

enum prev_kind { P_NONE, P_WORD, P_NUMBER, P_DIM_E, P_OTHER };

struct printer {
	struct buf *out;
	enum prev_kind kind;  /* what the last printed token was, for fuses() */
	int prev_delim;       /* the last token was this one-byte delimiter (or , ( ) [ ]) */
	int rc;
};

/* Would printing `next` right after what is in p->out change the tokens? */
static int fuses(const struct printer *p, const char *next, size_t n, enum css_ctx ctx)
{
	if (p->out->len == 0 || n == 0 || p->kind == P_NONE)
		return 0;
	unsigned char last = (unsigned char)p->out->data[p->out->len - 1];
	unsigned char c = (unsigned char)next[0], c2 = n > 1 ? (unsigned char)next[1] : 0;
	if (p->prev_delim == '\\')
		return 1;
	if (identish(last)) {
		if (identish(c) || c == '\\')
			return 1;
		if (c == '(' && p->kind == P_WORD)
			return 1;
		if (p->kind == P_NUMBER && (c == '%' || (c == '.' && is_digit(c2))))
			return 1;
		if (p->kind == P_DIM_E && c == '+')
			return 1;
		if (last == '-' && c == '>')
			return 1;
	}
	if ((last == '@' || last == '#') && p->prev_delim)
		return identish(c) || c == '\\';
	if (last == '.' && p->prev_delim == '.')
		return is_digit(c);
	if (last == '+' && p->prev_delim == '+' && ctx != CSS_CTX_SELECTOR) /* An+B reads 2n+1 either way */
		return is_digit(c) || (c == '.' && is_digit(c2));
	if (last == '<' && c == '!')
		return 1;
	if (last == '/' && c == '*')
		return 1;
	return 0;
}

static int delim_of(const struct css_src *s, const struct css_token *t)
{
	switch (t->type) {
	case CSS_DELIM: return (unsigned char)s->in[t->off];
	case CSS_COMMA: return ',';
	case CSS_COLON: return ':';
	case CSS_LPAREN: case CSS_FUNCTION: return '(';
	case CSS_RPAREN: return ')';
	case CSS_LBRACKET: return '[';
	case CSS_RBRACKET: return ']';
	case CSS_EOF: case CSS_IDENT: case CSS_AT_KEYWORD: case CSS_HASH: case CSS_STRING:
	case CSS_BAD_STRING: case CSS_URL: case CSS_BAD_URL: case CSS_NUMBER: case CSS_PERCENTAGE:
	case CSS_DIMENSION: case CSS_WHITESPACE: case CSS_CDO: case CSS_CDC: case CSS_SEMICOLON:
	case CSS_LBRACE: case CSS_RBRACE: case CSS_COMMENT:
		break;
	}
	return 0;
}

/* May the whitespace between a token whose delimiter is `a` and one whose delimiter is `b` go? */
static int space_optional(enum css_ctx ctx, int a, int b, int in_brackets)
{
	if (ctx == CSS_CTX_SELECTOR || ctx == CSS_CTX_KEYFRAME) {
		if (in_brackets)
			return 1;
		return (a && strchr(",>+~([", a)) || (b && strchr(",>+~)]", b));
	}
	if (ctx == CSS_CTX_PRELUDE && ((a && strchr("<>=", a)) || (b && strchr("<>=", b))))
		return 1;
	/* translate(1px)scale(2), url(a)no-repeat; but calc's "(a) + b" needs its spaces */
	if (ctx == CSS_CTX_VALUE && a == ')' && b != '+' && b != '-')
		return 1;
	return (a && strchr(",/(*:", a)) || (b && strchr(",/)!*:", b));
}

static void emit(struct printer *p, const char *s, size_t n, enum prev_kind kind, int delim)
{
	if (p->rc == 0)
		p->rc = buf_add(p->out, s, n);
	p->kind = kind;
	p->prev_delim = delim;
}

int css_print_run(const struct css_src *s, size_t a, size_t b, enum css_ctx ctx, const char *prop,
		  struct buf *out)
{
	struct printer p = { out, P_NONE, 0, 0 };
	char tmp[512];
	int depth = 0, brackets = 0, gap = 0, prev_eq = 0, prev_string = 0, prev_exact = 0;
	size_t prev_end = 0;
	int zero_ok = ctx == CSS_CTX_VALUE && prop && in_list(prop, strlen(prop), zero_length_props);
	int names_ok = ctx == CSS_CTX_VALUE && prop && in_list(prop, strlen(prop), color_props);
	int weight = ctx == CSS_CTX_VALUE && prop && strcmp(prop, "font-weight") == 0;
	int shorten = ctx == CSS_CTX_VALUE || ctx == CSS_CTX_PRELUDE || ctx == CSS_CTX_KEYFRAME;

	while (a < b && (s->t[a].type == CSS_WHITESPACE || s->t[a].type == CSS_COMMENT))
		a++;
	while (b > a && (s->t[b - 1].type == CSS_WHITESPACE || s->t[b - 1].type == CSS_COMMENT))
		b--;
	if (ctx == CSS_CTX_EXACT) {
		if (a < b)
			return buf_add(out, s->in + s->t[a].off, s->t[b - 1].off + s->t[b - 1].len - s->t[a].off);
		return 0;
	}
	for (size_t i = a; i < b; i++) {
		const struct css_token *t = &s->t[i];
		const char *text = s->in + t->off;
		size_t n = t->len;
		size_t skip_to = 0;
		int delim = delim_of(s, t);
		int unit_gone = 0;
		size_t k_calc = 0;
		int calc_unitless = 0;
		enum prev_kind folded = P_NONE; /* calc() folded into one token of this kind */

		if (t->type == CSS_WHITESPACE || t->type == CSS_COMMENT) {
			if (t->type == CSS_WHITESPACE)
				gap = 1;
			continue;
		}
		/* shortening: text/n may point at tmp instead */
		if (shorten && (t->type == CSS_NUMBER || t->type == CSS_PERCENTAGE || t->type == CSS_DIMENSION)) {
			size_t num = t->type == CSS_NUMBER ? n : t->type == CSS_PERCENTAGE ? n - 1 : t->num_len;
			size_t k = num + 8 < 300 ? short_number(text, num, (t->flags & CSS_F_INTEGER) != 0, tmp) : 0;
			if (k) {
				const char *unit = text + num;
				size_t un = n - num;
				int zero = k == 1 && tmp[0] == '0';
				if (zero && zero_ok && depth == 0 && t->type == CSS_DIMENSION && in_list(unit, un, length_units))
					un = 0, unit_gone = 1;
				if (k + un < sizeof(tmp)) {
					memcpy(tmp + k, unit, un);
					text = tmp;
					n = k + un;
				}
			}
			if (ctx == CSS_CTX_VALUE && t->type == CSS_DIMENSION && t->len - t->num_len == 2 &&
			    css_word_eq(s->in + t->off + t->num_len, 2, "ms") && t->num_len + 4 < 64) {
				/* 300ms -> .3s when shorter */
				char sec[80], alt[100];
				memcpy(sec, s->in + t->off, t->num_len);
				memcpy(sec + t->num_len, "e-3", 3);
				size_t ks = short_number(sec, t->num_len + 3, 0, alt);
				if (ks && ks + 1 < n && ks + 1 < sizeof(tmp)) {
					memcpy(tmp, alt, ks);
					tmp[ks] = 's';
					text = tmp;
					n = ks + 1;
				}
			}
			if (ctx == CSS_CTX_KEYFRAME && t->type == CSS_PERCENTAGE && n == 4 && memcmp(text, "100%", 4) == 0) {
				text = "to";
				n = 2;
			}
		} else if (ctx == CSS_CTX_KEYFRAME && t->type == CSS_IDENT && css_word_eq(text, n, "from")) {
			text = "0%";
			n = 2;
		} else if (ctx == CSS_CTX_VALUE && t->type == CSS_HASH) {
			size_t k = short_hash(text, n, tmp);
			if (k) {
				text = tmp;
				n = k;
			}
		} else if (ctx == CSS_CTX_VALUE && t->type == CSS_IDENT && names_ok && depth == 0) {
			size_t k = short_color_name(text, n, tmp);
			if (k) {
				text = tmp;
				n = k;
			}
		} else if (ctx == CSS_CTX_VALUE && t->type == CSS_IDENT && weight) {
			if (css_word_eq(text, n, "normal"))
				text = "400", n = 3;
			else if (css_word_eq(text, n, "bold"))
				text = "700", n = 3;
		} else if (ctx == CSS_CTX_VALUE && t->type == CSS_FUNCTION && depth == 0 && css_word_eq(text, n, "calc(") &&
			   (k_calc = fold_calc(s, i, b, tmp, &skip_to, &calc_unitless)) != 0) {
			text = tmp;
			n = k_calc;
			folded = calc_unitless ? P_NUMBER : P_WORD;
		} else if (ctx == CSS_CTX_VALUE && t->type == CSS_FUNCTION &&
			   (css_word_eq(text, n, "rgb(") || css_word_eq(text, n, "rgba("))) {
			size_t k = short_rgb(s, i, b, tmp, &skip_to);
			if (k) {
				text = tmp;
				n = k;
			} else {
				skip_to = 0;
			}
		} else if (shorten && t->type == CSS_FUNCTION && css_word_eq(text, n, "url(")) {
			/* url("a.png") -> url(a.png) when nothing in it needs quoting */
			size_t j = i + 1;
			while (j < b && s->t[j].type == CSS_WHITESPACE)
				j++;
			size_t k = j + 1;
			while (k < b && s->t[k].type == CSS_WHITESPACE)
				k++;
			if (j < b && k < b && s->t[j].type == CSS_STRING && !(s->t[j].flags & CSS_F_OPEN) &&
			    s->t[k].type == CSS_RPAREN && url_safe(s->in + s->t[j].off + 1, s->t[j].len - 2) &&
			    s->t[j].len + 3 < sizeof(tmp)) {
				memcpy(tmp, "url(", 4);
				memcpy(tmp + 4, s->in + s->t[j].off + 1, s->t[j].len - 2);
				tmp[s->t[j].len + 2] = ')';
				text = tmp;
				n = s->t[j].len + 3;
				skip_to = k + 1;
			}
		} else if (shorten && t->type == CSS_URL && !(t->flags & CSS_F_OPEN) && css_word_eq(text, 4, "url(")) {
			size_t x = 4, y = n - 1;
			while (x < y && css_is_ws((unsigned char)text[x]))
				x++;
			while (y > x && css_is_ws((unsigned char)text[y - 1]) && text[y - 2] != '\\')
				y--;
			if (y - x + 5 < sizeof(tmp)) {
				memcpy(tmp, "url(", 4);
				memcpy(tmp + 4, text + x, y - x);
				tmp[4 + y - x] = ')';
				text = tmp;
				n = y - x + 5;
			}
		} else if (ctx == CSS_CTX_VALUE && t->type == CSS_STRING && prop && strcmp(prop, "font-family") == 0 &&
			   !(t->flags & CSS_F_OPEN) && family_unquotable(text + 1, n - 2)) {
			text++;
			n -= 2;
		} else if (ctx == CSS_CTX_SELECTOR && t->type == CSS_DELIM && text[0] == '*' && p.prev_delim != '|' &&
			   i + 1 < b && (s->t[i + 1].type == CSS_HASH || s->t[i + 1].type == CSS_COLON ||
					 s->t[i + 1].type == CSS_LBRACKET ||
					 (s->t[i + 1].type == CSS_DELIM && s->in[s->t[i + 1].off] == '.'))) {
			continue; /* *.a -> .a, *::before -> ::before: the universal selector is implied */
		} else if (ctx == CSS_CTX_SELECTOR && t->type == CSS_COLON && i + 2 < b &&
			   s->t[i + 1].type == CSS_COLON && s->t[i + 2].type == CSS_IDENT &&
			   in_list(s->in + s->t[i + 2].off, s->t[i + 2].len, legacy_pseudo_elements)) {
			continue; /* ::before -> :before, which every browser reads the same */
		} else if (ctx == CSS_CTX_SELECTOR && t->type == CSS_STRING && brackets > 0 && prev_eq &&
			   !(t->flags & CSS_F_OPEN) && n > 2 && css_is_plain_ident(text + 1, n - 2) &&
			   !(text[1] == '-' && text[2] == '-')) {
			/* [type="text"] -> [type=text] */
			text++;
			n -= 2;
		}

		/*
		 * Two tokens that touched in the source and are printed as they
		 * came cannot fuse; anything else is checked.
		 */
		int exact = text == s->in + t->off && n == t->len;
		int need = 0;
		if (p.kind != P_NONE) {
			int optional = space_optional(ctx, p.prev_delim, delim, brackets > 0) ||
				       ((ctx == CSS_CTX_VALUE || ctx == CSS_CTX_PRELUDE) &&
					(t->type == CSS_STRING || prev_string));
			if (gap && !optional)
				need = 1;
			if (!need && !(prev_exact && exact && t->off == prev_end) && fuses(&p, text, n, ctx))
				need = 1;
		}
		if (need)
			emit(&p, " ", 1, P_OTHER, 0);
		gap = 0;
		enum prev_kind kind = n && identish((unsigned char)text[n - 1]) ? P_WORD : P_OTHER;
		if (t->type == CSS_NUMBER || (t->type == CSS_DIMENSION && unit_gone) || folded == P_NUMBER)
			kind = P_NUMBER;
		else if (folded != P_NONE && n >= 2 && (text[n - 1] | 0x20) == 'e' && is_digit(text[n - 2]))
			kind = P_DIM_E;
		else if (t->type == CSS_DIMENSION && t->len - t->num_len == 1 && (s->in[t->off + t->num_len] | 0x20) == 'e')
			kind = P_DIM_E;
		emit(&p, text, n, kind, (skip_to || t->type == CSS_URL) ? (text[n - 1] == ')' ? ')' : 0) : delim);
		prev_eq = delim == '=';
		prev_string = t->type == CSS_STRING;
		prev_exact = exact && !skip_to;
		prev_end = t->off + t->len;
		if (skip_to) {
			i = skip_to - 1;
			continue;
		}
		if (t->type == CSS_FUNCTION || t->type == CSS_LPAREN)
			depth++;
		else if (t->type == CSS_RPAREN && depth > 0)
			depth--;
		else if (t->type == CSS_LBRACKET)
			brackets++;
		else if (t->type == CSS_RBRACKET && brackets > 0)
			brackets--;
	}
	return p.rc;
}

static const char *const plain_words[] = {
	"auto", "none", "inherit", "block", "inline", "inline-block", "hidden", "visible", "solid",
	"dashed", "dotted", "double", "bold", "bolder", "lighter", "normal", "left", "right",
	"center", "top", "bottom", "middle", "absolute", "relative", "fixed", "static", "pointer",
	"default", "transparent", "nowrap", "both", "uppercase", "lowercase", "capitalize",
	"underline", "italic", "repeat", "no-repeat", "repeat-x", "repeat-y", "scroll", "table",
	"table-cell", "table-row", "list-item", "baseline", "collapse", "pre", "pre-wrap",
	"justify", "serif", "sans-serif", "monospace", "text", "move", "crosshair", "help", "wait",
	NULL,
};

static const char *const plain_units[] = {
	"px", "em", "pt", "ex", "s", "ms", "deg", "cm", "mm", "in", "pc", NULL,
};

int css_value_is_plain(const struct css_src *s, size_t a, size_t b)
{
	char tmp[16];
	for (size_t i = a; i < b; i++) {
		const struct css_token *t = &s->t[i];
		const char *text = s->in + t->off;
		switch (t->type) {
		case CSS_WHITESPACE: case CSS_COMMENT: case CSS_COMMA: case CSS_NUMBER:
		case CSS_PERCENTAGE: case CSS_STRING: case CSS_HASH:
			break;
		case CSS_DIMENSION:
			if (!in_list(text + t->num_len, t->len - t->num_len, plain_units))
				return 0;
			break;
		case CSS_DELIM:
			if (text[0] != '/')
				return 0;
			break;
		case CSS_IDENT:
			if (!in_list(text, t->len, plain_words) && short_color_name(text, t->len, tmp) == 0) {
				int named = 0;
				for (size_t k = 0; k < sizeof(color_names) / sizeof(color_names[0]); k++)
					if (css_word_eq(text, t->len, color_names[k].name))
						named = 1;
				if (!named)
					return 0;
			}
			break;
		case CSS_FUNCTION: {
			/* a calc() the printer folds into a literal is that literal */
			char folded[96];
			size_t next = 0;
			int unitless = 0;
			if (!css_word_eq(text, t->len, "calc(") || !fold_calc(s, i, b, folded, &next, &unitless))
				return 0;
			for (size_t j = i + 1; j < next; j++)
				if (s->t[j].type == CSS_DIMENSION &&
				    !in_list(s->in + s->t[j].off + s->t[j].num_len, s->t[j].len - s->t[j].num_len, plain_units))
					return 0;
			i = next - 1;
			break;
		}
		case CSS_EOF: case CSS_AT_KEYWORD: case CSS_BAD_STRING: case CSS_URL:
		case CSS_BAD_URL: case CSS_CDO: case CSS_CDC: case CSS_COLON: case CSS_SEMICOLON:
		case CSS_LBRACKET: case CSS_RBRACKET: case CSS_LPAREN: case CSS_RPAREN: case CSS_LBRACE:
		case CSS_RBRACE:
			return 0;
		}
	}
	return 1;
}
