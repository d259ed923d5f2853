#!/usr/bin/env bash
# run.sh - seed and run each libFuzzer harness for FUZZ_SECONDS (make fuzz).
#
# Seeds come from the repository's own fixtures (pages, stylesheets, scripts,
# test262 parser cases, PngSuite, the image test files, a manifest written by a real push), each
# with the harness's selector byte in front (see the harnesses).  Corpora
# grow in build/fuzz/corpus/NAME and are kept between runs; a crash, hang,
# leak or out-of-memory leaves its input as build/fuzz/artifacts/NAME/crash-*
# (timeout-*, leak-*, oom-*), which is copied into tests/fuzz/crashers/NAME/
# (make unit replays that folder: tests/fuzz/crashers/README.md) and fails the run.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/fuzz
seconds=${FUZZ_SECONDS:-60}

# seed DIR SELECTOR FILE...: FILE with the byte SELECTOR in front, into DIR.
seed() {
	local dir=$1 sel=$2; shift 2
	mkdir -p "$dir"
	for f in "$@"; do
		[ -f "$f" ] || continue
		{ printf "\\$(printf %03o "$sel")"; head -c 65536 "$f"; } >"$dir/$sel-$(basename "$f")"
	done
}

c=$out/corpus
for sel in 0 8 16 32 64; do   # every option bit on its own
	seed "$c/minify" $((sel + 0)) $(find "$top/examples/site" "$top/tests/sites" -name '*.html' | head -40)
	seed "$c/minify" $((sel + 0)) $(find "$top/tests/hydration/sites" -name '*.html' | head -40) # framework pages
	seed "$c/minify" $((sel + 1)) $(find "$top/examples/site" "$top/tests/sites" -name '*.css' | head -20)
	seed "$c/minify" $((sel + 3)) $(find "$top/examples/site" "$top/tests/sites" -name '*.js' | head -20)
	seed "$c/minify" $((sel + 4)) $(find "$top/tests" -name '*.svg' | head -10)
	seed "$c/minify" $((sel + 5)) $(find "$top/tests" -maxdepth 2 -name package.json) "$top"/tests/data/sigv4-test-suite/v4/*/*.json
done
# HTML that is its own site stylesheet (132: minify_html with the top bit, see fuzz_minify.c)
seed "$c/minify" 132 $(find "$top/examples/site" "$top/tests/sites" "$top/tests/html/pages" -name '*.html' | head -20) \
	$(find "$top/examples/site" "$top/tests/sites" -name '*.css' | head -20)
# JavaScript worth rewriting: test262's parser cases (js_roundtrip.sh installs them)
seed "$c/minify" 3 $(ls "$top"/tests/js/node_modules/test262-parser-tests/pass/*.js 2>/dev/null | head -400)
seed "$c/images" 0 "$top"/tests/data/pngsuite/*.png "$top"/tests/images/*.png
seed "$c/images" 1 "$top"/tests/images/*.jpg
seed "$c/images" 2 "$top"/tests/images/*.jpg
seed "$c/images" 3 "$top"/tests/images/*.png
mkdir -p "$c/manifest"
rm -rf "$out/push" && "$top/jamdeploy" push "$top/examples/site" --to "$out/push" -q
cp "$out/push/.jamdeploy/manifest.json" "$c/manifest/push.json"

fail=0
for h in minify images manifest; do
	echo "== fuzz_$h for ${seconds}s (log: build/fuzz/$h.log)"
	mkdir -p "$out/artifacts/$h"
	if (cd "$out" && ./fuzz_$h -max_total_time="$seconds" -max_len=65536 -timeout=20 \
		-rss_limit_mb=4096 -artifact_prefix="$out/artifacts/$h/" "corpus/$h") >"$out/$h.log" 2>&1; then
		grep '^Done' "$out/$h.log"
	else
		grep -m1 -A30 'ERROR\|ALARM\|==ERROR' "$out/$h.log" | head -40
		grep 'Test unit written' "$out/$h.log"
		fail=1
	fi
	# Every artifact becomes a crasher make unit replays, unless a file there (perhaps renamed
	# after the behaviour) already holds the same bytes.
	dest=$top/tests/fuzz/crashers/$h
	for a in "$out/artifacts/$h"/crash-* "$out/artifacts/$h"/timeout-* "$out/artifacts/$h"/leak-* \
		"$out/artifacts/$h"/oom-*; do
		[ -f "$a" ] || continue
		mkdir -p "$dest"
		known=
		for k in "$dest"/*; do [ -f "$k" ] && cmp -s "$a" "$k" && known=1 && break; done
		if [ -z "$known" ]; then
			cp "$a" "$dest/"
			echo "make fuzz: new crasher tests/fuzz/crashers/$h/$(basename "$a") (make unit replays it)"
		fi
	done
done
exit $fail
