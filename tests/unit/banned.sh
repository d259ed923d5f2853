#!/usr/bin/env bash
# banned.sh - lib/banned.h reaches every C file and a banned call does not compile (make unit).
#
# Compiles tiny files with the project's own compiler and flags ($JD_CC, $JD_CFLAGS: the
# Makefile's CC and ALL_CFLAGS, `-include lib/banned.h` among them).  The files include no
# project header at all, so a banned call failing proves the flags, not util.h, bring
# banned.h in.  The control file includes the system headers that declare the banned
# functions (and some that merely mention them) after banned.h, so it proves the macros do
# not break them.  -fsyntax-only: no object is written, a compile costs a few milliseconds.
set -u
cd "${JD_TOP:-$(dirname "$0")/../..}" || exit 1
cc=${JD_CC:-cc}
if [ -z "${JD_CFLAGS:-}" ]; then
	echo "not ok - banned.h: JD_CFLAGS is not set (run through make unit)"
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jd-banned.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

headers='#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <inttypes.h>
#include <unistd.h>'

# compiles FILE: 0 when FILE compiles with the project's flags; its errors in $tmp/err
compiles() {
	# shellcheck disable=SC2086  # JD_CFLAGS is a list of flags
	$cc $JD_CFLAGS -fsyntax-only "$1" 2>"$tmp/err"
}

# probe FILE STATEMENT: a program that includes the headers, then runs STATEMENT
probe() {
	printf '%s\nint main(int argc, char **argv)\n{\n\tchar a[64] = "x";\n\tva_list ap;\n' "$headers" >"$1"
	printf '\t(void)argc;\n\t(void)argv;\n\t(void)sizeof(ap);\n\t%s;\n\treturn a[0];\n}\n' "$2" >>"$1"
}

# Without a banned call the probe compiles: the headers after banned.h are intact, and a
# failure below is the call's doing.
probe "$tmp/control.c" 'snprintf(a, sizeof(a), "%d", argc)'
if compiles "$tmp/control.c"; then
	echo "ok - banned.h: the probe without a banned call compiles (system headers included after it)"
else
	echo "not ok - banned.h: the probe without a banned call does not compile: $(head -c 400 "$tmp/err")"
fi

# name|call: each banned function, called as real code would
while IFS='|' read -r fn call; do
	probe "$tmp/$fn.c" "$call"
	if compiles "$tmp/$fn.c"; then
		echo "not ok - banned.h: a call of $fn compiles"
	elif grep -q "sorry_${fn}_is_banned_in_jamdeploy" "$tmp/err"; then
		echo "ok - banned.h: a call of $fn does not compile"
	else
		echo "not ok - banned.h: a call of $fn fails, but not because it is banned: $(head -c 400 "$tmp/err")"
	fi
done <<'EOF'
strcpy|strcpy(a, argv[0])
strcat|strcat(a, argv[0])
strncpy|strncpy(a, argv[0], sizeof(a))
sprintf|sprintf(a, "%d", argc)
vsprintf|vsprintf(a, "%d", ap)
strtok|(void)strtok(a, ",")
atoi|a[0] = (char)atoi(argv[0])
EOF

# The same with the harness's own header first (what the unit tests include).
printf '#include "tests/unit/test.h"\nint main(void)\n{\n\tchar a[8];\n\tstrcpy(a, "x");\n\treturn a[0];\n}\n' \
	>"$tmp/test_h.c"
if ! compiles "$tmp/test_h.c" && grep -q sorry_strcpy_is_banned_in_jamdeploy "$tmp/err"; then
	echo "ok - banned.h: a unit test calling strcpy does not compile"
else
	echo "not ok - banned.h: a unit test calling strcpy compiles (or fails otherwise): $(head -c 400 "$tmp/err")"
fi
