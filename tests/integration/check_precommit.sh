# check_precommit.sh - the jamdeploy-check hook of .pre-commit-hooks.yaml run as a real
# pre-commit hook: a git repository installs it with the `pre-commit` tool (Debian's
# pre-commit package), an oversized staged asset is refused with the budget's message,
# and once fixed the commit goes through.  Without the pre-commit tool the hook's entry
# runs from a plain .git/hooks/pre-commit script instead, and the script says so.
. "$JD_TOP/tests/lib.sh"

mkdir bin
ln -s "$JAMDEPLOY" bin/jamdeploy
export PATH="$TMP/bin:$PATH" PRE_COMMIT_HOME="$TMP/pre-commit-cache"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"

# The hooks repository: this checkout's .pre-commit-hooks.yaml, committed on its own so
# the test does not depend on the state of the checkout's git history.
mkdir hooks
cp "$JD_TOP/.pre-commit-hooks.yaml" hooks/
git -C hooks init -q && git -C hooks add . && git -C hooks commit -qm hooks
rev=$(git -C hooks rev-parse HEAD)

mkdir repo && cd repo && git init -q
mkdir -p public/img public/js
printf '<!doctype html><title>t</title><img src="img/logo.png">\n' >public/index.html
head -c 2000 /dev/urandom >public/img/logo.png
printf 'console.log("hi");\n' >public/js/app.js
cat >jamdeploy.yml <<'YML'
site: public
budgets:
  - { match: "**/*.png", max: 10KB }
  - { page: "**/*.html", max: 40KB }
YML
printf '.jamdeploy/\n' >.gitignore

if [ -z "${JD_NO_PRECOMMIT:-}" ] && command -v pre-commit >/dev/null; then
	mode="pre-commit $(pre-commit --version | cut -d' ' -f2)"
	cat >.pre-commit-config.yaml <<YML
repos:
  - repo: $TMP/hooks
    rev: $rev
    hooks:
      - id: jamdeploy-check
YML
	check "pre-commit installs the hook" pre-commit install
else
	# The pre-commit tool is not installed: run the hook's entry (jamdeploy check) directly.
	mode="plain git hook (pre-commit not installed)"
	entry=$(python3 -c 'import re,sys; t=open(sys.argv[1]).read(); print(re.search(r"id: jamdeploy-check.*?entry: (.*?)\n", t, re.S).group(1))' "$TMP/hooks/.pre-commit-hooks.yaml")
	printf '#!/bin/sh\nexec %s\n' "$entry" >.git/hooks/pre-commit
	chmod +x .git/hooks/pre-commit
fi
echo "# check_precommit: running the hook through $mode"
check "the hook declares language system and no filenames" \
	python3 -c 'import sys,re; t=open(sys.argv[1]).read(); sys.exit(not (re.search(r"id: jamdeploy-check\n(  .*\n)*  language: system\n", t) and "pass_filenames: false" in t))' "$TMP/hooks/.pre-commit-hooks.yaml"

git add -A
check "a commit within budget passes the hook" git commit -qm "first" 
check "the first commit exists" [ "$(git rev-list --count HEAD)" = 1 ]

# An oversized asset is refused, with the budget in the message.
head -c 30000 /dev/urandom >public/img/hero.png
printf '<!doctype html><title>t</title><img src="img/hero.png">\n' >public/index.html
git add -A
git commit -qm "big hero" >"$TMP/out.txt" 2>&1
check "an oversized staged asset refuses the commit" [ $? -ne 0 ]
check "no commit was made" [ "$(git rev-list --count HEAD)" = 1 ]
check "the refusal names the budget" grep -q '\*\*/\*\.png max .*OVER' "$TMP/out.txt"
check "the refusal names the oversized file" grep -q 'img/hero.png' "$TMP/out.txt"
check "the refusal says how many budgets failed" grep -q '1 of 2 size budgets exceeded' "$TMP/out.txt"

# Fixed: a smaller image; the commit passes.
head -c 8000 /dev/urandom >public/img/hero.png
git add -A
check "after the fix the commit passes" git commit -qm "smaller hero"
check "the fixed commit exists" [ "$(git rev-list --count HEAD)" = 2 ]

if [ "${mode#pre-commit}" != "$mode" ]; then
	# files: only web assets (and jamdeploy.yml) trigger the hook.
	printf 'notes\n' >NOTES.md
	head -c 30000 /dev/urandom >public/img/hero.png   # over budget, but not staged
	git add NOTES.md
	git commit -qm "notes" >"$TMP/out.txt" 2>&1
	check "a commit without web assets skips the hook" grep -q 'jamdeploy size budgets.*Skipped' "$TMP/out.txt"
fi
