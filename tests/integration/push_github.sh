# push_github.sh - `push` and `diff` under GitHub Actions (GITHUB_ACTIONS=true), as `check` is
# (check_github.sh): a markdown step summary (the plan for diff, the result for push: files,
# bytes, the site's savings, the time, the deployed URL from base_url), step outputs (uploaded,
# deleted, unchanged, bytes, deploy, url) appended to $GITHUB_OUTPUT, one ::warning per warning
# on the file it names, and ::error when the command fails, escaped as workflow commands need.
. "$JD_TOP/tests/lib.sh"

make_site site
printf 'function (( {\n' >site/js/bad.js
printf 'base_url: https://www.example.com/\n' >jamdeploy.yml
gha() { env GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY="$TMP/summary.md" GITHUB_OUTPUT="$TMP/output.txt" "$@"; }
out() { grep "^$1=" output.txt | tail -1 | cut -d= -f2-; }

# diff: the plan.
: >summary.md; printf 'earlier=1\n' >output.txt
expect_exit 0 "diff under Actions" gha "$JAMDEPLOY" diff site --to target
check "diff's summary has its heading" grep -qx '### jamdeploy diff against <code>target</code>' summary.md
check "diff's summary has a row per planned upload" grep -qF '| new | <code>index.html</code> |' summary.md
check "diff's summary has the totals" grep -q '^7 to upload (.*), 0 to delete, 0 unchanged\.$' summary.md
check "diff's summary names the URL it deploys to" grep -qx 'Deploys to: https://www.example.com/' summary.md
check "diff: uploaded= is what push would upload" [ "$(out uploaded)" = 7 ]
check "diff: deploy= is the number push would write" [ "$(out deploy)" = 1 ]
check "earlier outputs are kept" grep -qx 'earlier=1' output.txt
check "diff: one ::warning on the file it names" \
	grep -qx '::warning file=site/js/bad.js,title=jamdeploy diff%3A minify-failed::site/js/bad.js:2:1: .*' "$TMP/stdout"
check "diff's plan is still printed" grep -q '^target: target$' "$TMP/stdout"

# push: the result.
: >summary.md; : >output.txt
expect_exit 0 "push under Actions" gha "$JAMDEPLOY" push site --to target
check "push's summary has its heading" grep -qx '### jamdeploy push to <code>target</code>' summary.md
check "push's summary has the uploaded row with bytes" grep -Eq '^\| Uploaded \| 7 \| [0-9.]+ k?B \|$' summary.md
check "push's summary has the deleted and unchanged rows" \
	sh -c "grep -qx '| Deleted | 0 | |' summary.md && grep -qx '| Unchanged | 0 | |' summary.md"
check "push's summary has savings and time" grep -Eq '^site [0-9.]+ k?B -> [0-9.]+ k?B; took [0-9.]+ s\.$' summary.md
check "push's summary has the deployed URL" grep -qx 'Deployed: https://www.example.com/' summary.md
check "outputs: uploaded=7" [ "$(out uploaded)" = 7 ]
check "outputs: deleted=0" [ "$(out deleted)" = 0 ]
check "outputs: unchanged=0" [ "$(out unchanged)" = 0 ]
check "outputs: bytes= the bytes sent" [ "$(out bytes)" = "$(json_field target/.jamdeploy/manifest.json 'sum(f["size"] for f in d["files"].values())')" ]
check "outputs: deploy=1" [ "$(out deploy)" = 1 ]
check "outputs: url= base_url" [ "$(out url)" = https://www.example.com/ ]
check "push: ::warning for the transform warning" grep -q '^::warning file=site/js/bad.js,' "$TMP/stdout"

# A second push that deletes one file.
rm site/robots.txt
: >output.txt
expect_exit 0 "a push that deletes a file" gha "$JAMDEPLOY" push site --to target
check "outputs: deleted=1, unchanged=6, deploy=2" \
	[ "$(out deleted) $(out unchanged) $(out deploy)" = "1 6 2" ]

# --json keeps stdout one document: annotations go to stderr then.
expect_exit 0 "push --json under Actions" gha "$JAMDEPLOY" push site --to target --json
check "--json stdout stays one JSON document" /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/stdout"
check "--json annotations go to stderr" grep -q '^::warning file=site/js/bad.js' "$TMP/stderr"

# Failure: ::error with the message, escaped; the summary says it failed.
: >summary.md; : >output.txt
mkdir -p '50%,odd'
expect_exit 2 "a failing push under Actions" gha "$JAMDEPLOY" push '50%,odd' --to target
check "::error carries the message, '%' escaped" \
	grep -q "^::error title=jamdeploy push failed::.*'50%25,odd'" "$TMP/stdout"
check "the summary says the push failed" grep -qx '### jamdeploy push to <code>target</code>: failed' summary.md
check "no outputs without a plan" [ ! -s output.txt ]
expect_exit 2 "a failing diff under Actions" gha "$JAMDEPLOY" diff '50%,odd' --to target
check "diff failure: ::error" grep -q '^::error title=jamdeploy diff failed::' "$TMP/stdout"

# Outside Actions nothing of this is written.
rm -f summary.md output.txt
expect_exit 0 "push without GITHUB_ACTIONS" env GITHUB_STEP_SUMMARY="$TMP/summary.md" GITHUB_OUTPUT="$TMP/output.txt" "$JAMDEPLOY" push site --to target
check "no annotations outside Actions" [ "$(grep -c '^::' "$TMP/stdout" "$TMP/stderr" | awk -F: '{ s += $2 } END { print s }')" = 0 ]
check "no step summary outside Actions" [ ! -e summary.md ]
check "no outputs outside Actions" [ ! -e output.txt ]
