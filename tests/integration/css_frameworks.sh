#!/usr/bin/env bash
# css_frameworks.sh - minify each framework's main CSS (npm packages pinned in
# tests/css/package.json) with build/tests/test_css FILE, then check with css-tree that the
# output parses with no errors and yields the same rules (tests/css/frameworks.mjs), that
# Chromium reads the same rules from both (tests/css/cssom.mjs) and computes the same styles for
# elements built from every selector (tests/css/cascade.mjs: the cascade between rules), and
# that minifying the output again changes nothing.  One ok line per framework and check.
set -u
cd "$(dirname "$0")/../.."
bin=${TEST_BIN_DIR:-$PWD/build/tests}/test_css
nm=tests/css/node_modules
if [ ! -d "$nm/css-tree" ]; then
	echo "not ok - css frameworks: run tests/npm-deps.sh first"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
pairs=()
while read -r name file; do
	if [ ! -f "$nm/$file" ]; then
		echo "not ok - css framework $name: $nm/$file is missing"; fail=1; continue
	fi
	if ! "$bin" "$nm/$file" >"$tmp/$name.css" 2>"$tmp/err"; then
		echo "not ok - css framework $name: minifier failed: $(head -c 300 "$tmp/err")"; fail=1; continue
	fi
	node tests/css/frameworks.mjs "$nm/$file" "$tmp/$name.css" "$name" || fail=1
	pairs+=("$nm/$file" "$tmp/$name.css" "$name")
	if "$bin" "$tmp/$name.css" | cmp -s - "$tmp/$name.css"; then
		echo "ok - css framework $name: minifying the output again changes nothing"
	else
		echo "not ok - css framework $name: minifying the output again changes it"; fail=1
	fi
done <<'LIST'
bootstrap bootstrap/dist/css/bootstrap.css
bulma bulma/css/bulma.css
foundation foundation-sites/dist/css/foundation.css
font-awesome @fortawesome/fontawesome-free/css/all.css
primer @primer/css/dist/primer.css
normalize normalize.css/normalize.css
animate animate.css/animate.css
LIST
if [ -x /usr/bin/chromium ] && [ -d tests/rewrite/node_modules/playwright-core ]; then
	node tests/css/cssom.mjs "${pairs[@]}" || fail=1
	node tests/css/cascade.mjs "${pairs[@]}" || fail=1
else
	echo "not ok - css frameworks in Chromium: /usr/bin/chromium or tests/rewrite/node_modules missing"; fail=1
fi
exit $fail
