#!/usr/bin/env bash
# bench/css.sh - our CSS minifier next to its peers on the framework CSS corpus.
#
# Peers: lightningcss-cli, esbuild, clean-css-cli (level 1, its default) and csso-cli from npm
# (bench/css/package.json, pinned), tdewolff/minify from Debian's `minify` package.  Ours is
# build/tests/test_css FILE (the test driver prints FILE minified; the `jamdeploy minify`
# command wraps the same minify_css()).  The corpus is the framework CSS pinned in
# tests/css/package.json.  For each file and tool: output bytes, gzip -9 bytes (of the bytes alone:
# gzip reading a named file would store the name and charge a tool for its output's file name) and
# wall time (best of REPEAT=3 runs, process start included, so the node tools pay their start-up).
# Then totals and each tool's gzip total relative to ours, and the same totals with license comments
# (/*! ... */) and @charset taken out of every output: some tools drop those (lightningcss keeps only a
# license comment that opens the file), ours keeps them, so that second table compares the rest.
# A benchmark, not a test: it never fails on numbers.
set -u
cd "$(dirname "$0")/.."
top=$PWD
if [ ! -f bench/css/node_modules/.installed ] || [ bench/css/package.json -nt bench/css/node_modules/.installed ]; then
	echo "bench/css.sh: npm install in bench/css"
	(cd bench/css && npm install --no-audit --no-fund --loglevel=error >/dev/null) && touch bench/css/node_modules/.installed
fi
if ! command -v minify >/dev/null 2>&1; then
	echo "bench/css.sh: installing Debian's minify (tdewolff)"
	SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq minify >/dev/null 2>&1 ||
		{ $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq minify >/dev/null 2>&1; } ||
		echo "bench/css.sh: could not install minify; tdewolff column left out"
fi
tests/npm-deps.sh >/dev/null
make --no-print-directory build/tests/test_css >/dev/null || exit 1

bin=$top/bench/css/node_modules/.bin
nm=$top/tests/css/node_modules
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# tool name and how it minifies $1 into $2
run_tool() {
	case $1 in
	ours)         "$top/build/tests/test_css" "$2" >"$3" ;;
	lightningcss) "$bin/lightningcss" --minify "$2" -o "$3" ;;
	esbuild)      "$bin/esbuild" --minify --log-level=error "$2" --outfile="$3" ;;
	clean-css)    "$bin/cleancss" -o "$3" "$2" ;;
	csso)         "$bin/csso" "$2" -o "$3" ;;
	tdewolff)     minify --type=css -o "$3" "$2" ;;
	esac
}
tools="ours lightningcss esbuild clean-css csso"
command -v minify >/dev/null 2>&1 && tools="$tools tdewolff"

files="bootstrap:bootstrap/dist/css/bootstrap.css bulma:bulma/css/bulma.css
foundation:foundation-sites/dist/css/foundation.css font-awesome:@fortawesome/fontawesome-free/css/all.css
primer:@primer/css/dist/primer.css normalize:normalize.css/normalize.css animate:animate.css/animate.css"

repeat=${REPEAT:-3}
echo "time: best of $repeat runs, in ms, process start included"
printf '%-13s %-13s %10s %10s %9s\n' file tool bytes gzip ms
results=$out/results
: >"$results"
for entry in $files; do
	name=${entry%%:*} path=$nm/${entry#*:}
	printf '%-13s %-13s %10d %10d %9s\n' "$name" input "$(wc -c <"$path")" "$(gzip -9 <"$path" | wc -c)" -
	for tool in $tools; do
		o=$out/$name.$tool.css
		best=
		for _ in $(seq "$repeat"); do
			t0=$(date +%s%N)
			if ! run_tool "$tool" "$path" "$o" 2>"$out/err"; then
				best=failed
				break
			fi
			t1=$(date +%s%N)
			ms=$(( (t1 - t0) / 1000000 ))
			if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
		done
		if [ "$best" = failed ]; then
			printf '%-13s %-13s %10s %10s %9s  (%s)\n' "$name" "$tool" failed - - "$(tr '\n' ' ' <"$out/err" | head -c 70)"
			continue
		fi
		b=$(wc -c <"$o") g=$(gzip -9 <"$o" | wc -c)
		gl=$(perl -0pe 's/\A\@charset "[^"]*";//; s#/\*!.*?\*/##gs' "$o" | gzip -9 | wc -c)
		printf '%-13s %-13s %10d %10d %9d\n' "$name" "$tool" "$b" "$g" "$best"
		echo "$name $tool $b $g $best $gl" >>"$results"
	done
done
echo
echo "ours in-process (build/tests/test_css --time 20 FILE: the minifier alone, no process start or file I/O)"
for entry in $files; do
	printf '%-13s %s\n' "${entry%%:*}" "$("$top/build/tests/test_css" --time 20 "$nm/${entry#*:}")"
done
echo
echo "totals (a tool that failed on a file is compared with ours over the files it handled;"
echo "ratio = the tool's total / ours over the same files, above 1 means ours is smaller)"
totals() {
	awk -v order="$tools" -v col="$1" '
	{ ok[$1 " " $2] = 1; b[$2] += $3; g[$2] += $col; t[$2] += $5; files[$1] = 1 }
	{ ob[$1] = ($2 == "ours") ? $3 : ob[$1]; og[$1] = ($2 == "ours") ? $col : og[$1] }
	END {
		printf "%-13s %6s %10s %10s %9s %10s %10s\n", "tool", "files", "bytes", "gzip", "ms", "bytes/ours", "gzip/ours"
		n = split(order, o, " ")
		for (i = 1; i <= n; i++) {
			nf = 0; sb = 0; sg = 0
			for (f in files) if (ok[f " " o[i]]) { nf++; sb += ob[f]; sg += og[f] }
			printf "%-13s %6d %10d %10d %9d %10.4f %10.4f\n", o[i], nf, b[o[i]], g[o[i]], t[o[i]], b[o[i]] / sb, g[o[i]] / sg
		}
	}' "$results"
}
totals 4
echo
echo "the same with license comments and @charset taken out of every output before gzip (gzip column only)"
totals 6
