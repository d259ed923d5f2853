#!/usr/bin/env bash
# tests/npm-deps.sh - install the npm packages the tests drive.  Each test area that needs
# npm packages (s3rver, playwright-core, acorn, css-tree, ...) has tests/AREA/package.json;
# this installs each into tests/AREA/node_modules.  Idempotent: a folder is installed again
# only when its package.json is newer than the last install.
set -eu
cd "$(dirname "$0")"
for pj in */package.json; do
	[ -f "$pj" ] || continue
	dir=$(dirname "$pj")
	if [ ! -f "$dir/node_modules/.installed" ] || [ "$pj" -nt "$dir/node_modules/.installed" ]; then
		echo "tests/npm-deps.sh: npm install in tests/$dir"
		(cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
		touch "$dir/node_modules/.installed"
	fi
done
