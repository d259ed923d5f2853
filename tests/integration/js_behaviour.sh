#!/usr/bin/env bash
# js_behaviour.sh - the minified builds of the ten corpus libraries must do what the originals
# do in Node; so must two programs that test the minifier hardest by being run on real code:
# acorn (parses eight of the libraries to the same trees) and terser (minifies three of them to
# the same bytes).
#
# Each library has a script in tests/js/behaviour/ that loads the library file it is given,
# drives much of its API on fixed inputs (under jsdom where the library wants a DOM) and prints
# one line per result, never anything from the clock or chance.  The library is minified with
# the test_js driver (`test_js FILE` prints the minified FILE, as js_roundtrip.sh does), the
# script runs on the original and on the minified copy, and the two outputs must be equal.
# A script that fails (exits non-zero) on either, or prints fewer than $min_lines lines, fails
# the test: a library that breaks early in both runs must not pass by printing nothing twice.
# three's module build imports ./three.core.js, so both are minified into one folder.
set -u
top=${JD_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${TEST_BIN_DIR:-$top/build/tests}/test_js
nm=$top/tests/js/node_modules
scripts=$top/tests/js/behaviour
min_lines=50
if [ ! -d "$nm/jsdom" ] || [ ! -d "$nm/react" ] || [ ! -d "$nm/terser" ]; then
	echo "not ok - js_behaviour: npm packages missing (run tests/npm-deps.sh)"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The scripts set TZ themselves where dates are printed; the locale is fixed here too.
export TZ=UTC LC_ALL=C

# name:script:file under node_modules (three's file is the module build; its core is beside it)
libs="jquery:jquery.cjs:jquery/dist/jquery.js lodash:lodash.cjs:lodash/lodash.js d3:d3.cjs:d3/dist/d3.js
three:three.mjs:three/build/three.module.js react-dom:react-dom.cjs:react-dom/umd/react-dom.development.js
vue:vue.cjs:vue/dist/vue.global.js moment:moment.cjs:moment/moment.js echarts:echarts.cjs:echarts/dist/echarts.js
typescript:typescript.cjs:typescript/lib/typescript.js bootstrap:bootstrap.cjs:bootstrap/dist/js/bootstrap.js
acorn:acorn.cjs:acorn/dist/acorn.js terser:terser.cjs:terser/dist/bundle.min.js"

# minify SRC DEST: prints why on failure.
minify() {
	if ! "$bin" "$1" >"$2" 2>"$2.err"; then
		echo "the minifier failed on $(basename "$1"): $(head -c 300 "$2.err")"
		return 1
	fi
}

for l in $libs; do
	name=${l%%:*} rest=${l#*:}
	script=$scripts/${rest%%:*} file=$nm/${rest#*:}
	dir=$tmp/$name
	mkdir -p "$dir"
	min=$dir/$(basename "$file")
	if [ "$name" = three ]; then
		echo '{ "type": "module" }' >"$dir/package.json"
		why=$(minify "$(dirname "$file")/three.core.js" "$dir/three.core.js" && minify "$file" "$min") || {
			echo "not ok - $name: $why"; continue; }
	else
		why=$(minify "$file" "$min") || { echo "not ok - $name: $why"; continue; }
	fi
	node "$script" "$file" >"$dir/orig.out" 2>"$dir/orig.err"
	orc=$?
	node "$script" "$min" >"$dir/min.out" 2>"$dir/min.err"
	mrc=$?
	lines=$(wc -l <"$dir/orig.out")
	if [ "$orc" -ne 0 ]; then
		echo "not ok - $name: the script fails on the original (status $orc): $(grep -m 1 . "$dir/orig.err" | head -c 300)"
	elif [ "$mrc" -ne 0 ]; then
		echo "not ok - $name: the minified build throws (status $mrc) after $(wc -l <"$dir/min.out") of $lines lines: $(grep -m 1 . "$dir/min.err" | head -c 300)"
	elif [ "$lines" -lt "$min_lines" ]; then
		echo "not ok - $name: the script printed only $lines lines (at least $min_lines expected)"
	elif ! cmp -s "$dir/orig.out" "$dir/min.out"; then
		n=$(cmp "$dir/orig.out" "$dir/min.out" 2>&1 | sed -n 's/.* line \([0-9]*\).*/\1/p')
		[ -n "$n" ] || n=$(($(wc -l <"$dir/min.out") + 1))
		echo "not ok - $name: minified output differs at line $n of $lines"
		echo "#   original: $(sed -n "${n}p" "$dir/orig.out" | head -c 300)"
		echo "#   minified: $(sed -n "${n}p" "$dir/min.out" | head -c 300)"
	else
		echo "ok - $name: minified build behaves like the original ($lines lines of output compared)"
	fi
done
