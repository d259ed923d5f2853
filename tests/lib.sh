# tests/lib.sh - shared helpers for integration tests (sourced, not run).
#
# ok NAME / not_ok NAME WHY / skip NAME WHY print the lines tests/run counts ("ok - NAME # skip
# WHY" is counted as skipped, not passed); check NAME CMD...
# runs a command and reports it; expect_exit N NAME CMD... checks an exit status.
# Each script gets a private $TMP removed on exit; servers it starts are stopped
# by the script itself (see tests/s3/lib.sh).
set -u
JAMDEPLOY=${JAMDEPLOY:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/jamdeploy}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/jd-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1: $2"; }
skip() { echo "ok - $1 # skip $2"; }

check() {
	local name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name" "command failed: $*"; fi
}

# expect_exit STATUS NAME CMD... ; the command's stderr is kept in $TMP/stderr, and both
# outputs are appended to $JD_OUTPUT_LOG when it is set (tests that grep every output)
expect_exit() {
	local want=$1 name=$2; shift 2
	"$@" >"$TMP/stdout" 2>"$TMP/stderr"
	local got=$?
	[ -n "${JD_OUTPUT_LOG:-}" ] && cat "$TMP/stdout" "$TMP/stderr" >>"$JD_OUTPUT_LOG"
	if [ "$got" -eq "$want" ]; then ok "$name"; else
		not_ok "$name" "exit $got, want $want; stderr: $(head -c 300 "$TMP/stderr")"
	fi
}

# stderr_has NAME TEXT: the last expect_exit's stderr contains TEXT
stderr_has() {
	if grep -qF -- "$2" "$TMP/stderr"; then ok "$1"; else
		not_ok "$1" "stderr lacks '$2': $(head -c 300 "$TMP/stderr")"
	fi
}

# json_field FILE EXPR: print a field of a JSON document (Debian's python3: the pyenv shim
# on PATH costs seconds per start)
json_field() {
	/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$1" "$2"
}

# A small site that tests change: HTML, CSS, JS, an image, a nested page.
make_site() {
	local dir=$1
	mkdir -p "$dir/css" "$dir/js" "$dir/img" "$dir/docs"
	# No page refers to css/a.css, so it keeps its key (tests of hashed names
	# live in tests/integration/rewrite_*.sh).
	printf '<!doctype html><title>Home</title><p>home</p>\n' >"$dir/index.html"
	printf '<!doctype html><title>Docs</title><p>docs</p>\n' >"$dir/docs/index.html"
	printf 'body { color: red; }\n' >"$dir/css/a.css"
	printf 'console.log("a");\n' >"$dir/js/a.js"
	printf '\x89PNG fake bytes\n' >"$dir/img/x.png"
	printf 'User-agent: *\n' >"$dir/robots.txt"
}
