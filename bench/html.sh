#!/usr/bin/env bash
# bench/html.sh - our HTML minifier side by side with Debian's `minify`
# (tdewolff/minify) and npm html-minifier-terser (aggressive options) on
# real documentation pages from Debian packages (debian-reference-en and
# python3.11-doc).  Prints per file and per corpus: bytes, gzip -9 bytes,
# wall time and throughput.  Not a test: numbers only.
#
# Needs: make (build/libjamdeploy.a), Debian packages minify, debian-reference-en,
# python3.11-doc (installed when missing), npm (bench/html/package.json).
#
# Inline CSS and JS go through minify/css.c and minify/js.c, so the terser
# row with CSS/JS minification on and tdewolff (which always minifies inline
# CSS/JS) are the like-for-like comparisons.
#
# Time: each tool runs once per corpus as one process over all files; the
# table shows its wall time.  Throughput compares like with like, in CPU
# time (user + system, which other load on the machine disturbs far less
# than wall time, and which counts tdewolff's parallel goroutines on every
# core): whole process for both (reading and writing files included), then
# the minifier alone: ours measured inside minify_html by the driver, and
# tdewolff's whole process less its start-up (the CPU time of one run on a
# 5-byte file).  The tree check parses original and minified pages with
# html5lib and compares their trees (tests/html/tree_check.py).
set -eu
cd "$(dirname "$0")/.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
need=""
for p in minify debian-reference-en python3.11-doc; do dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"; done
if [ -n "$need" ]; then
	$SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
[ -d bench/html/node_modules/html-minifier-terser ] || (cd bench/html && npm install --no-audit --no-fund --silent)
make --no-print-directory build/libjamdeploy.a build/tests/test_html >/dev/null
W=build/bench-html
rm -rf "$W" && mkdir -p "$W"
cc -std=c11 -D_GNU_SOURCE -O2 -I. -o "$W/driver" bench/html/minify_driver.c build/libjamdeploy.a -lm

# Corpora: every debian-reference page, and the 40 largest Python library pages.
mkdir -p "$W/in/debref" "$W/in/python"
cp /usr/share/debian-reference/*.en.html "$W/in/debref/"
ls -S /usr/share/doc/python3.11/html/library/*.html | head -40 | xargs -I{} cp {} "$W/in/python/"

TERSER="bench/html/node_modules/.bin/html-minifier-terser"
TERSER_OPTS="--collapse-whitespace --remove-comments --remove-optional-tags --remove-redundant-attributes
 --remove-script-type-attributes --remove-style-link-type-attributes --use-short-doctype
 --collapse-boolean-attributes --remove-attribute-quotes --remove-empty-attributes --decode-entities
 --sort-attributes --sort-class-name"

now() { date +%s%N; }
gz() { gzip -9 <"$1" | wc -c; } # bytes alone: a named file would store its name
# cpu_ms CMD...: run it, print its user + system CPU time in ms (its output goes to $W/cpu.out)
cpu_ms() {
	local t
	t=$( { TIMEFORMAT='%3U %3S'; time "$@" >"$W/cpu.out"; } 2>&1 ) || return 1
	echo "$t" | tail -n 1 | awk '{printf "%d", ($1 + $2) * 1000}'
}
mbps() { echo "$1 / 1048576 / ($2 / 1000)" | bc -l | cut -c1-6; }
mkdir -p "$W/tiny" && printf '<p>x\n' >"$W/tiny/t.html"
tdw_start=$(cpu_ms minify -o "$W/tiny/out/" "$W/tiny/t.html")

for corpus in debref python; do
	in="$W/in/$corpus"
	for t in ours tdewolff terser-html terser-all; do mkdir -p "$W/out/$corpus/$t"; done
	a=$(now); cpu_ours=$(cpu_ms "$W/driver" "$W/out/$corpus/ours" "$in"/*.html); b=$(now)
	t_ours=$(( (b - a) / 1000000 ))
	ns=$(awk '{print $2}' "$W/cpu.out"); cpu_ns=$(awk '{print $4}' "$W/cpu.out")
	a=$(now); cpu_tdw=$(cpu_ms minify -o "$W/out/$corpus/tdewolff/" "$in"/*.html); b=$(now)
	t_tdw=$(( (b - a) / 1000000 ))
	a=$(now); "$TERSER" --input-dir "$in" --output-dir "$W/out/$corpus/terser-html" --file-ext html $TERSER_OPTS >/dev/null; b=$(now)
	t_th=$(( (b - a) / 1000000 ))
	a=$(now); "$TERSER" --input-dir "$in" --output-dir "$W/out/$corpus/terser-all" --file-ext html $TERSER_OPTS --minify-css true --minify-js true >/dev/null; b=$(now)
	t_ta=$(( (b - a) / 1000000 ))

	echo "== corpus $corpus ($(ls "$in" | wc -l) files)"
	if [ "$corpus" = debref ]; then
		printf '%-28s %9s %8s | %9s %8s | %9s %8s | %9s %8s\n' file input gz ours gz tdewolff gz terser-h gz
		for f in "$in"/*.html; do
			n=$(basename "$f")
			printf '%-28s %9d %8d | %9d %8d | %9d %8d | %9d %8d\n' "$n" \
				"$(wc -c <"$f")" "$(gz "$f")" \
				"$(wc -c <"$W/out/$corpus/ours/$n")" "$(gz "$W/out/$corpus/ours/$n")" \
				"$(wc -c <"$W/out/$corpus/tdewolff/$n")" "$(gz "$W/out/$corpus/tdewolff/$n")" \
				"$(wc -c <"$W/out/$corpus/terser-html/$n")" "$(gz "$W/out/$corpus/terser-html/$n")"
		done
	fi
	total_in=$(cat "$in"/*.html | wc -c)
	gz_in=0; for f in "$in"/*.html; do gz_in=$((gz_in + $(gz "$f"))); done
	printf '%-24s %11s %11s %8s %8s %10s\n' tool bytes gzip-bytes ratio gz-ratio time-ms
	printf '%-24s %11d %11d %8s %8s %10s\n' input "$total_in" "$gz_in" 1.000 1.000 -
	row() {
		local name=$1 dir=$2 ms=$3 bytes=0 g=0
		for f in "$dir"/*.html; do bytes=$((bytes + $(wc -c <"$f"))); g=$((g + $(gz "$f"))); done
		printf '%-24s %11d %11d %8.3f %8.3f %10s\n' "$name" "$bytes" "$g" \
			"$(echo "$bytes / $total_in" | bc -l)" "$(echo "$g / $gz_in" | bc -l)" "$ms"
	}
	row "ours (process)" "$W/out/$corpus/ours" "$t_ours"
	row "tdewolff minify" "$W/out/$corpus/tdewolff" "$t_tdw"
	row "terser html-only" "$W/out/$corpus/terser-html" "$t_th"
	row "terser +css/js" "$W/out/$corpus/terser-all" "$t_ta"
	if /usr/bin/python3 -c 'import html5lib' 2>/dev/null; then
		printf 'tree check (html5lib), ours: '; /usr/bin/python3 tests/html/tree_check.py --compare-dirs "$in" "$W/out/$corpus/ours"
		printf 'tree check (html5lib), terser html-only: '; /usr/bin/python3 tests/html/tree_check.py --compare-dirs "$in" "$W/out/$corpus/terser-html"
		printf 'tree check (html5lib), tdewolff: '; /usr/bin/python3 tests/html/tree_check.py --compare-dirs "$in" "$W/out/$corpus/tdewolff"
	fi
	core_ms=$(( cpu_ns / 1000000 )); [ "$core_ms" -gt 0 ] || core_ms=1
	tdw_core=$(( cpu_tdw - tdw_start )); [ "$tdw_core" -gt 0 ] || tdw_core=1
	echo "throughput in CPU time, whole process: ours ${cpu_ours} ms = $(mbps "$total_in" "$cpu_ours") MB/s;" \
	     "tdewolff ${cpu_tdw} ms = $(mbps "$total_in" "$cpu_tdw") MB/s"
	echo "throughput in CPU time, minifier alone: ours ${core_ms} ms inside minify_html = $(mbps "$total_in" "$core_ms") MB/s" \
	     "(wall $(( ns / 1000000 )) ms); tdewolff ${tdw_core} ms (process less ${tdw_start} ms start-up) = $(mbps "$total_in" "$tdw_core") MB/s"
done
