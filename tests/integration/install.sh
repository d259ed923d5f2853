# install.sh - `make install` / `make uninstall` into a DESTDIR: the binary, the jamdeploy(1)
# man page and the bash, zsh and fish completions, all written by the binary from its command
# tables (`help --man`, `completion SHELL`).  Every option `help CMD` lists must be in the man
# page and complete in bash; the page must render without a warning; the completions must parse
# and complete; uninstall must leave no file behind.
. "$JD_TOP/tests/lib.sh"

# A make that runs the tests must not lend its jobserver or flags to this one.
unset MAKEFLAGS MFLAGS MAKELEVEL
# jd_make TARGET VAR=VALUE...: -o BIN: the binary under test is used as it is, never
# rebuilt or relinked (its objects may live in another build folder, or not exist).
jd_make() {
	make -C "$JD_TOP" --no-print-directory -o "$JAMDEPLOY" BIN="$JAMDEPLOY" "$@"
}

ROOT=$TMP/root
expect_exit 0 "make install DESTDIR=... PREFIX=/usr" jd_make install DESTDIR="$ROOT" PREFIX=/usr
MAN=$ROOT/usr/share/man/man1/jamdeploy.1
BASHC=$ROOT/usr/share/bash-completion/completions/jamdeploy
ZSHC=$ROOT/usr/share/zsh/site-functions/_jamdeploy
FISHC=$ROOT/usr/share/fish/vendor_completions.d/jamdeploy.fish
check "the binary is installed in bin/ and runs" sh -c '"$1" version >/dev/null' _ "$ROOT/usr/bin/jamdeploy"
for f in "$MAN" "$BASHC" "$ZSHC" "$FISHC"; do
	check "installed ${f#$ROOT}" test -s "$f"
done
check "no temporary file is left by install" [ -z "$(find "$ROOT" -name '*.tmp')" ]
"$JAMDEPLOY" completion bash >"$TMP/bash.out"
check "the installed bash completion is what 'completion bash' prints" cmp -s "$BASHC" "$TMP/bash.out"
"$JAMDEPLOY" help --man >"$TMP/man.out"
check "the installed man page is what 'help --man' prints" cmp -s "$MAN" "$TMP/man.out"

ROOT2=$TMP/root2
expect_exit 0 "make install without PREFIX" jd_make install DESTDIR="$ROOT2"
check "PREFIX defaults to /usr/local" test -x "$ROOT2/usr/local/bin/jamdeploy" -a \
	-s "$ROOT2/usr/local/share/man/man1/jamdeploy.1"

# ---- the man page renders, and without a warning
if command -v man >/dev/null; then
	LC_ALL=C MANWIDTH=80 man -l "$MAN" >"$TMP/man.txt" 2>"$TMP/man.err"
	check "man -l renders jamdeploy.1" grep -q 'JAMDEPLOY(1)' "$TMP/man.txt"
	check "man -l prints no warning" [ ! -s "$TMP/man.err" ]
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS 'COMMON OPTIONS' 'EXIT STATUS' ENVIRONMENT FILES EXAMPLES; do
		check "the man page has $s" grep -qx "$s" "$TMP/man.txt"
	done
else
	skip "man -l renders jamdeploy.1" "man-db is not installed (make test-deps)"
fi
if command -v groff >/dev/null; then
	groff -ww -man -z "$MAN" >"$TMP/groff.err" 2>&1
	check "groff -ww finds nothing to warn about" [ ! -s "$TMP/groff.err" ]
else
	skip "groff -ww finds nothing to warn about" "groff is not installed"
fi
if command -v mandoc >/dev/null; then
	mandoc -Tlint -W warning "$MAN" >"$TMP/mandoc.err" 2>&1
	check "mandoc -Tlint finds no warning" [ ! -s "$TMP/mandoc.err" ]
else
	skip "mandoc -Tlint finds no warning" "mandoc is not installed (make test-deps)"
fi

# ---- every command and option of the tables, as help prints them
commands=$("$JAMDEPLOY" help | sed -n 's/^  \([a-z][a-z]*\)  *.*/\1/p')
check "help lists the completion command" grep -qx completion <<<"$commands"
# options CMD: the long options `help CMD` lists, one a line
options() { "$JAMDEPLOY" help "$1" | sed -n '/^options:/,$p' | grep -oE -- '--[a-z][a-z-]*' | sort -u; }
# the man page's section of one command: from "   CMD" to the next heading
man_section() { awk -v c="   $1" '$0 == c { on = 1; next } on && /^(   )?[A-Za-z]/ { on = 0 } on' "$TMP/man.txt"; }
total=0 in_man=0 in_bash=0
missing_man="" missing_bash=""
# Complete each option in bash as a user would type it: COMP_WORDS=(jamdeploy CMD --opt).
for c in $commands; do
	section=$(man_section "$c")
	for o in $(options "$c"); do
		total=$((total + 1))
		if grep -qF -- "$o" <<<"$section"; then in_man=$((in_man + 1)); else missing_man="$missing_man $c$o"; fi
		got=$(bash -c 'source "$1"; COMP_WORDS=(jamdeploy "$2" "$3"); COMP_CWORD=2; _jamdeploy; printf "%s\n" "${COMPREPLY[@]}"' \
			_ "$BASHC" "$c" "$o")
		if grep -qx -- "$o" <<<"$got"; then in_bash=$((in_bash + 1)); else missing_bash="$missing_bash $c$o"; fi
	done
done
echo "# $total options in $(wc -w <<<"$commands") commands"
check "help lists options (the tables were read)" [ "$total" -gt 40 ]
check "every option of every command is in its man page section${missing_man:+ (missing:$missing_man)}" [ "$in_man" -eq "$total" ]
check "every option of every command completes in bash${missing_bash:+ (missing:$missing_bash)}" [ "$in_bash" -eq "$total" ]
for c in $commands; do
	[ -n "$(man_section "$c")" ] || not_ok "the man page has a section for '$c'" "no '   $c' heading"
	grep -q "jamdeploy $c" "$JD_TOP/README.md" || not_ok "README names 'jamdeploy $c'" "README.md lacks it"
done

# ---- the bash completion parses and completes
check "bash -n accepts the bash completion" bash -n "$BASHC"
mkdir -p "$TMP/cwd/public" "$TMP/cwd/dist"
: >"$TMP/cwd/page.html"
# complete WORD...: COMPREPLY (sorted, one line) for the command line WORD... with the cursor in the last word
complete_bash() {
	(cd "$TMP/cwd" && bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _jamdeploy
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$BASHC" "$@")
}
check "bash: 'jamdeploy pu' completes to push" [ "$(complete_bash jamdeploy pu)" = "push " ]
check "bash: 'jamdeploy push --dr' completes to --dry-run" [ "$(complete_bash jamdeploy push --dr)" = "--dry-run " ]
check "bash: 'jamdeploy push --to ' offers directories only" [ "$(complete_bash jamdeploy push --to '')" = "dist public " ]
check "bash: 'jamdeploy push --to=p' completes the directory" [ "$(complete_bash jamdeploy push --to = p)" = "public " ]
check "bash: a push's SITE is a directory" [ "$(complete_bash jamdeploy push p)" = "public " ]
check "bash: minify's FILE is any file" [ "$(complete_bash jamdeploy minify pa)" = "page.html " ]
check "bash: --effort N offers nothing" [ "$(complete_bash jamdeploy build --effort '')" = " " ]
check "bash: 'help p' completes the command name" [ "$(complete_bash jamdeploy help p)" = "push " ]
check "bash: 'completion ' offers the shells" [ "$(complete_bash jamdeploy completion '')" = "bash fish zsh " ]

# ---- zsh and fish
if command -v zsh >/dev/null; then
	check "zsh -n accepts the zsh completion" zsh -n "$ZSHC"
	check "the zsh completion is a #compdef file" grep -qx '#compdef jamdeploy' "$ZSHC"
else
	skip "zsh -n accepts the zsh completion" "zsh is not installed (make test-deps)"
fi
if command -v fish >/dev/null; then
	check "fish -n accepts the fish completion" fish -n "$FISHC"
	complete_fish() { (cd "$TMP/cwd" && fish -c 'source $argv[1]; complete -C $argv[2]' "$FISHC" "$1" | cut -f1 | sort | tr '\n' ' '); }
	check "fish: 'jamdeploy pu' completes to push" [ "$(complete_fish 'jamdeploy pu')" = "push " ]
	check "fish: 'jamdeploy push --dr' completes to --dry-run" [ "$(complete_fish 'jamdeploy push --dr')" = "--dry-run " ]
	check "fish: 'jamdeploy push --to ' offers directories" [ "$(complete_fish 'jamdeploy push --to ')" = "dist/ public/ " ]
else
	skip "fish -n accepts the fish completion" "fish is not installed (make test-deps)"
fi

# ---- mistakes
expect_exit 2 "completion for an unknown shell is a usage error" "$JAMDEPLOY" completion bsh
stderr_has "an unknown shell gets a suggestion" "did you mean one of 'bash', 'zsh'?"
expect_exit 2 "help --man with a command is a usage error" "$JAMDEPLOY" help --man push

# ---- uninstall removes every file install wrote
expect_exit 0 "make uninstall DESTDIR=... PREFIX=/usr" jd_make uninstall DESTDIR="$ROOT" PREFIX=/usr
check "uninstall leaves no file behind" [ -z "$(find "$ROOT" ! -type d)" ]
expect_exit 0 "make uninstall without PREFIX" jd_make uninstall DESTDIR="$ROOT2"
check "uninstall of /usr/local leaves no file behind" [ -z "$(find "$ROOT2" ! -type d)" ]

# ---- action.yml: the run step passes every input as the option of the same name
/usr/bin/python3 - "$JD_TOP/action.yml" "$TMP/action" <<'PY' >"$TMP/action.err" 2>&1
import re, sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
steps = {s.get("id"): s for s in d["runs"]["steps"]}
open(sys.argv[2] + "-run.sh", "w").write(steps["run"]["run"])
open(sys.argv[2] + "-build.sh", "w").write(" ".join(s.get("run", "") + s.get("uses", "") for s in d["runs"]["steps"]))
used = set(re.findall(r"inputs\.([a-z-]+)", open(sys.argv[1]).read()))
assert used == set(d["inputs"]), ("inputs declared but not passed, or passed but not declared", used ^ set(d["inputs"]))
for k in ("uploaded", "deleted", "unchanged", "bytes", "deploy", "url", "budget_ok", "total_gzip"):
    assert d["outputs"][k]["value"] == "${{ steps.run.outputs.%s }}" % k, k
PY
check "action.yml: every input is passed and every output declared$(head -c 300 "$TMP/action.err")" [ ! -s "$TMP/action.err" ]
check "action.yml: the binary is cached (actions/cache)" grep -q 'actions/cache@' "$TMP/action-build.sh"
check "action.yml: the build uses make -j" grep -q 'make -j' "$TMP/action-build.sh"
check "action.yml: bash -n accepts the run step" bash -n "$TMP/action-run.sh"
make_site "$TMP/act/site"
# action NAME=VALUE...: the run step with the inputs given (every other input as Actions passes it: "")
action() {
	(cd "$TMP/act" && env JD_BIN="$JAMDEPLOY" JD_COMMAND=check JD_SITE= JD_CONFIG= JD_TARGET= JD_ENDPOINT= \
		JD_REGION= JD_PATH_STYLE=false JD_FORCE=false JD_YES=false JD_DRY_RUN=false JD_FORCE_DELETES=false \
		JD_BUDGET= JD_BASELINE= JD_REPORT= JD_OUT= JD_WEBP=false JD_CACHE= JD_PROFILE= JD_ARGS= "$@" bash "$TMP/action-run.sh")
}
expect_exit 0 "action: push with dry-run: true" action JD_COMMAND=push JD_SITE=site JD_TARGET=deployed JD_DRY_RUN=true
check "action: a dry run writes nothing" [ ! -e "$TMP/act/deployed" ]
expect_exit 0 "action: push" action JD_COMMAND=push JD_SITE=site JD_TARGET=deployed JD_ARGS="--jobs 2 -q"
check "action: push deployed the site" [ -f "$TMP/act/deployed/index.html" ]
expect_exit 1 "action: check with two budget lines, one exceeded" action JD_SITE=site \
	JD_BUDGET=$'**/*.css=max:1MB\n**/*.html=max:10B' JD_REPORT=report.html
check "action: check wrote the report input" [ -s "$TMP/act/report.html" ]
expect_exit 0 "action: build with out and webp" action JD_COMMAND=build JD_SITE=site JD_OUT=built JD_WEBP=true
check "action: build wrote into the out input" [ -f "$TMP/act/built/index.html" ]
expect_exit 2 "action: a boolean input that is not true/false is refused" action JD_COMMAND=push JD_DRY_RUN=yes
check "action: the refusal is an annotation naming the input" \
	grep -q "^::error::.*input 'dry-run' is true or false" "$TMP/stdout"
expect_exit 2 "action: an unknown command is refused" action JD_COMMAND=deploy
