#!/usr/bin/env bash
# minify_scaling.sh - every minifier (CSS, HTML, JS, SVG, JSON) does work in proportion to its
# input on repetitive inputs: the same rule again and again, rules that merge, declarations of one
# selector, siblings, deep nesting, statements, array items.  A quadratic step (comparing each rule
# with every earlier one, copying a growing string once per item) once made 1 MiB of `a{b:c}` run
# for minutes and 350 KB of `.cN{color:red}` take 1.4 GB.
#
# No wall-clock limits (test machines are shared and noisy): each case is minified at about
# 128 KiB (N) and 256 KiB (2N), and what is measured is deterministic:
#   - instructions executed, counted by valgrind's callgrind, less those of the same command on
#     the case's empty frame (process start, libraries): the ratio 2N/N must be at most 2.5
#     (linear work gives 2; a quadratic step that is a third of the linear work at N gives 2.5);
#   - peak resident memory (/usr/bin/time %M) of the whole process: ratio at most 2.5.
# One "ok - scaling: CASE ..." line per case and measure, with the numbers.
. "$JD_TOP/tests/lib.sh"
PY=/usr/bin/python3
if ! command -v valgrind >/dev/null 2>&1 || [ ! -x /usr/bin/time ]; then
	not_ok "scaling: valgrind and /usr/bin/time are installed" "apt-get install valgrind time (make test-deps)"
	exit 0
fi

# CASE.0.T (the frame with no items), CASE.1.T (~128 KiB), CASE.2.T (~256 KiB); T is the type
$PY - <<'EOF'
items = {
    # CSS: one rule repeated; rules whose bodies merge into one selector list; one selector with
    # a new property each time; longhands that become a shorthand, selectors repeated
    "css-same": ("css", "", lambda i: "a{b:c}", ""),
    "css-body": ("css", "", lambda i: ".c%d{color:red}" % i, ""),
    "css-props": ("css", "", lambda i: "a{p%d:v}" % i, ""),
    "css-longhands": ("css", "", lambda i: ".c%d{margin-top:1px;margin-right:2px;margin-bottom:1px;margin-left:2px}" % (i % 50), ""),
    "css-media": ("css", "", lambda i: "@media (min-width:%dpx){.a{color:red}.a{color:blue}}" % (i % 7), ""),
    # HTML: siblings; attributes and inline styles; end tags left to the parser; inline scripts and styles
    "html-p": ("html", "<!doctype html><title>t</title>", lambda i: "<p>x  y</p>\n", ""),
    "html-li": ("html", "<!doctype html><title>t</title><ul>",
                lambda i: '<li class="c%d"><a href="/p%d" style="color: #ff0000">item %d</a>\n' % (i % 9, i, i), "</ul>"),
    "html-open": ("html", "<!doctype html><title>t</title>", lambda i: "<p>x <li>z ", ""),
    "html-script": ("html", "<!doctype html><title>t</title>",
                    lambda i: '<script>var a%d = 1;</script><style>.c%d { color: red }</style>\n' % (i, i), ""),
    # JS: declarations, functions, one statement repeated, one long function body, a long chain of
    # string literals joined with + (folded into one string)
    "js-var": ("js", "", lambda i: "var a%d = %d;\n" % (i, i), ""),
    "js-fn": ("js", "", lambda i: "function f%d(first, second) { if (first) { return second + %d; } return first; }\n" % (i, i), ""),
    "js-same": ("js", "", lambda i: "x = 1;\n", ""),
    "js-body": ("js", "(function () { var total = 1, step = 2;\n", lambda i: "total += step * %d;\n" % i, "console.log(total); })();\n"),
    "js-string": ("js", "var s = ''", lambda i: " + 'part %d'" % i, ";\n"),
    # SVG and JSON
    "svg-path": ("svg", '<svg xmlns="http://www.w3.org/2000/svg">', lambda i: '<path d="M0 0L10 10" fill="#ff0000"/>\n', "</svg>"),
    "svg-g": ("svg", '<svg xmlns="http://www.w3.org/2000/svg">',
              lambda i: '<g id="g%d"><rect x="%d" y="0" width="10" height="10"/></g>\n' % (i, i), "</svg>"),
    "json-arr": ("json", "[", lambda i: '%s{"id": %d, "name": "item %d", "tags": ["a", "b"]}' % ("," if i else "", i, i), "]"),
    "json-obj": ("json", "{", lambda i: '%s"k%d": [1, 2.50, true, null]' % ("," if i else "", i), "}"),
}
for name, (t, head, item, tail) in items.items():
    for k, size in ((0, 0), (1, 128 << 10), (2, 256 << 10)):
        parts, n, i = [head], len(head) + len(tail), 0
        while n < size:
            s = item(i)
            parts.append(s)
            n += len(s)
            i += 1
        parts.append(tail)
        with open("%s.%d.%s" % (name, k, t), "w") as f:
            f.write("".join(parts))
        print("%s.%d.%s" % (name, k, t), file=open("inputs", "a"))
EOF

# callgrind is slow (~50x): the runs go in parallel, one per CPU
jobs=$(nproc 2>/dev/null || echo 2)
xargs -P "$jobs" -I{} sh -c '
	valgrind --tool=callgrind --callgrind-out-file="$2.callgrind" "$1" minify --type "${2##*.}" -o "$2.out" "$2" \
		2>"$2.cg" >/dev/null
	grep -o "Collected : [0-9]*" "$2.cg" | tr -dc 0-9 >"$2.ir"' sh "$JAMDEPLOY" {} <inputs
while read -r f; do
	/usr/bin/time -f %M -o "$f.rss" "$JAMDEPLOY" minify --type "${f##*.}" -o "$f.out2" "$f" >/dev/null 2>&1
done <inputs

$PY - <<'EOF'
import os

def num(path):
    try:
        return int(open(path).read().split()[-1])
    except (OSError, ValueError, IndexError):
        return None

for f1 in [l.strip() for l in open("inputs") if ".1." in l]:
    name, _, t = f1.split(".")
    f0, f2 = "%s.0.%s" % (name, t), "%s.2.%s" % (name, t)
    s1, s2 = os.path.getsize(f1), os.path.getsize(f2)
    i0, i1, i2 = (num(f + ".ir") for f in (f0, f1, f2))
    if None in (i0, i1, i2) or not os.path.exists(f1 + ".out") or not os.path.exists(f2 + ".out"):
        print("not ok - scaling: %s: minified under valgrind (%s)" % (name, open(f1 + ".cg").read()[-300:].strip()))
        continue
    r = (i2 - i0) / max(i1 - i0, 1)
    print("%s - scaling: %s instructions %.2fx for %.2fx the input (%d KiB: %d, %d KiB: %d, frame: %d)" % (
        "ok" if r <= 2.5 else "not ok", name, r, s2 / s1, s1 >> 10, i1 - i0, s2 >> 10, i2 - i0, i0))
    m1, m2 = num(f1 + ".rss"), num(f2 + ".rss")
    if None in (m1, m2):
        print("not ok - scaling: %s: peak memory measured" % name)
        continue
    print("%s - scaling: %s peak memory %.2fx (%d KiB, %d KiB)" % (
        "ok" if m2 <= 2.5 * m1 else "not ok", name, m2 / m1, m1, m2))
EOF
