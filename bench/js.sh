#!/usr/bin/env bash
# bench/js.sh - our JavaScript minifier against esbuild, terser and tdewolff/minify.
#
# Corpus: the ten libraries pinned in tests/js/package.json (three as its two module files).
# Peers: esbuild --minify and terser -c -m from bench/js/package.json (npm), and Debian's
# `minify` package (tdewolff/minify).  Ours is the test_js driver (`test_js FILE` prints the
# minified file), built by `make tests-built`.
#
# Prints per file and in total: output bytes, gzip -9 bytes and wall time of the whole
# process, then our ratios to each peer (below 1.00 means we are smaller or faster).  This
# is a measurement, not a test: nothing here passes or fails.
#   BENCH_JS_PEERS="esbuild minify"   choose peers (default: esbuild terser minify)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
nm=tests/js/node_modules
bin=${TEST_BIN_DIR:-$top/build/tests}/test_js
peers=${BENCH_JS_PEERS:-esbuild terser minify}
out=bench/out/js
mkdir -p "$out"

[ -d "$nm/acorn" ] || tests/npm-deps.sh
if [ ! -f bench/js/node_modules/.installed ] || [ bench/js/package.json -nt bench/js/node_modules/.installed ]; then
	(cd bench/js && npm install --no-audit --no-fund --loglevel=error >/dev/null && touch node_modules/.installed)
fi
command -v minify >/dev/null || {
	echo "bench/js.sh: installing Debian's minify (tdewolff)"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq minify >/dev/null
}
[ -x "$bin" ] || make --no-print-directory tests-built >/dev/null

files="jquery/dist/jquery.js lodash/lodash.js d3/dist/d3.js three/build/three.core.js
three/build/three.module.js react-dom/umd/react-dom.development.js vue/dist/vue.global.js
moment/moment.js echarts/dist/echarts.js typescript/lib/typescript.js bootstrap/dist/js/bootstrap.js"

now() { date +%s%N; }

# run TOOL IN OUT: minify IN into OUT with TOOL
run() {
	case $1 in
	ours) "$bin" "$2" >"$3" ;;
	esbuild) bench/js/node_modules/.bin/esbuild --minify --log-level=error "$2" >"$3" ;;
	terser) bench/js/node_modules/.bin/terser -c -m --module -- "$2" >"$3" 2>/dev/null ||
		bench/js/node_modules/.bin/terser -c -m -- "$2" >"$3" ;;
	minify) minify --type=js "$2" >"$3" ;;
	esac
}

tools="ours $peers"
declare -A tb tg tt
for t in $tools; do tb[$t]=0 tg[$t]=0 tt[$t]=0; done
in_b=0 in_g=0
printf '%-28s %-8s %10s %10s %9s\n' file tool bytes gzip ms
for f in $files; do
	src=$nm/$f
	b=$(wc -c <"$src") g=$(gzip -9 <"$src" | wc -c)
	in_b=$((in_b + b)) in_g=$((in_g + g))
	printf '%-28s %-8s %10d %10d %9s\n' "$(basename "$f")" input "$b" "$g" -
	for t in $tools; do
		dst=$out/$t.$(basename "$f")
		s=$(now)
		run "$t" "$src" "$dst"
		e=$(now)
		ms=$(((e - s) / 1000000))
		b=$(wc -c <"$dst") g=$(gzip -9 <"$dst" | wc -c)
		tb[$t]=$((${tb[$t]} + b)) tg[$t]=$((${tg[$t]} + g)) tt[$t]=$((${tt[$t]} + ms))
		printf '%-28s %-8s %10d %10d %9d\n' "" "$t" "$b" "$g" "$ms"
	done
done
echo
printf '%-28s %-8s %10d %10d %9s\n' TOTAL input "$in_b" "$in_g" -
for t in $tools; do
	printf '%-28s %-8s %10d %10d %9d\n' TOTAL "$t" "${tb[$t]}" "${tg[$t]}" "${tt[$t]}"
done
echo
for t in $peers; do
	awk -v ob="${tb[ours]}" -v og="${tg[ours]}" -v ot="${tt[ours]}" \
	    -v pb="${tb[$t]}" -v pg="${tg[$t]}" -v pt="${tt[$t]}" -v name="$t" 'BEGIN {
		printf "ours / %-8s bytes %.3f  gzip %.3f  time %.3f\n", name, ob / pb, og / pg, (pt ? ot / pt : 0) }'
done
