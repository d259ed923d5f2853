#!/usr/bin/env bash
# tests/npm-deps.sh - install the npm packages the tests drive.  Each test area that needs
# npm packages (s3rver, playwright-core, acorn, css-tree, ...) has tests/AREA/package.json;
# this installs each into tests/AREA/node_modules.  Idempotent: a folder is installed again
# only when its package.json is newer than the last install.
#
#   tests/npm-deps.sh [SCRIPT...]   SCRIPT (relative to tests/, e.g. integration/s3_push.sh):
#                                    only the areas those scripts, and the tests/*/lib.sh they
#                                    source, name ("tests/AREA/"); none named: every area
set -eu
cd "$(dirname "$0")"
areas=
if [ $# -gt 0 ]; then
	files=
	for s in "$@"; do
		files="$files $s $(grep -o 'tests/[a-z0-9_]*/lib\.sh' "$s" 2>/dev/null | sed 's|^tests/||' | sort -u)"
	done
	# shellcheck disable=SC2086
	areas=$(grep -ho 'tests/[a-z0-9_]*/' $files 2>/dev/null | sed 's|^tests/||; s|/$||' | sort -u)
	[ -n "$areas" ] || exit 0
fi
for pj in */package.json; do
	[ -f "$pj" ] || continue
	dir=$(dirname "$pj")
	if [ $# -gt 0 ]; then
		case " $(echo $areas) " in *" $dir "*) ;; *) continue ;; esac
	fi
	# A symlinked node_modules is another checkout's (a git worktree sharing it): npm would
	# replace the link with a fresh install, so it is left to that checkout.
	[ -L "$dir/node_modules" ] && continue
	if [ ! -f "$dir/node_modules/.installed" ] || [ "$pj" -nt "$dir/node_modules/.installed" ]; then
		echo "tests/npm-deps.sh: npm install in tests/$dir"
		(cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
		touch "$dir/node_modules/.installed"
	fi
done
