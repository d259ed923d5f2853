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
set -eu
cd "$(dirname "$0")/.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
need=""
for p in minify debian-reference-en python3.11-doc; do dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"; done
if [ -n "$need" ]; then
	$SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
[ -d bench/html/node_modules/html-minifier-terser ] || (cd bench/html && npm install --no-audit --no-fund --silent)
make --no-print-directory build/libjamdeploy.a >/dev/null
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
gz() { gzip -9 -c "$1" | wc -c; }

for corpus in debref python; do
	in="$W/in/$corpus"
	for t in ours tdewolff terser-html terser-all; do mkdir -p "$W/out/$corpus/$t"; done
	a=$(now); ns=$("$W/driver" "$W/out/$corpus/ours" "$in"/*.html | awk '{print $2}'); b=$(now)
	t_ours=$(( (b - a) / 1000000 )); t_ours_core=$(( ns / 1000000 ))
	a=$(now); minify -o "$W/out/$corpus/tdewolff/" "$in"/*.html; b=$(now)
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
	echo "ours: ${t_ours_core} ms inside minify_html = $(echo "$total_in / 1048576 / ($ns / 1000000000)" | bc -l | cut -c1-6) MB/s;" \
	     "tdewolff (one process, startup included): $(echo "$total_in / 1048576 / ($t_tdw / 1000)" | bc -l | cut -c1-6) MB/s"
done
