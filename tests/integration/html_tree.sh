#!/usr/bin/env bash
# html_tree.sh - minifying the html5lib tree-construction inputs keeps their trees
# (tests/html/tree_check.py; needs Debian's python3-html5lib).
set -u
cd "$(dirname "$0")/../.."
if ! /usr/bin/python3 -c 'import html5lib' 2>/dev/null; then
	echo "not ok - html_tree: python3-html5lib is not installed (apt-get install python3-html5lib)"
	exit 1
fi
exec /usr/bin/python3 tests/html/tree_check.py
