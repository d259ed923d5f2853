#!/usr/bin/env bash
# html_render.sh - minified pages render like the originals in headless chromium
# (tests/html/render.mjs).  Needs Debian's chromium and tests/html/node_modules
# (tests/npm-deps.sh installs it).
set -u
cd "$(dirname "$0")/../.."
if [ ! -x /usr/bin/chromium ]; then
	echo "not ok - html_render: /usr/bin/chromium missing (apt-get install chromium)"
	exit 1
fi
if [ ! -d tests/html/node_modules/playwright-core ]; then
	echo "not ok - html_render: playwright-core missing (tests/npm-deps.sh)"
	exit 1
fi
exec node tests/html/render.mjs
