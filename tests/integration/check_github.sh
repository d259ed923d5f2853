# check_github.sh - `jamdeploy check` under GitHub Actions (GITHUB_ACTIONS=true): error
# annotations (at most 10, then a summary line), the markdown step summary and the step
# outputs, written to temporary files as the runner would provide them.
. "$JD_TOP/tests/lib.sh"

make_site site
printf 'x%.0s' $(seq 1 3000) >site/js/big.js
cat >jamdeploy.yml <<'YML'
site: site
budgets:
  - { match: "**/*.js", max: 1KB }
  - { total_gzip: 1MB }
YML
gha() { env GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY="$TMP/summary.md" GITHUB_OUTPUT="$TMP/output.txt" "$@"; }

# One failing budget: an annotation on the file, the summary table, the outputs.
: >summary.md; : >output.txt
expect_exit 1 "a failing budget exits 1 under Actions" gha "$JAMDEPLOY" check
cp "$TMP/stdout" one.txt
check "annotation names the offending file and the budget" \
	grep -qx '::error file=site/js/big.js,title=size budget exceeded%3A \*\*/\*.js max::\*\*/\*.js max is 3.0 kB, over the limit of 1.0 kB (js/big.js)' one.txt
check "exactly one annotation for one failure" [ "$(grep -c '^::error' one.txt)" = 1 ]
check "the human table is still printed" grep -q '^budget ' one.txt
check "step summary has the heading" grep -qx '### jamdeploy size budgets' summary.md
check "step summary has the table header" grep -qx '| Budget | Actual | Limit | Status |' summary.md
check "step summary marks the failing row" grep -qF '| `**/*.js max` | 3.0 kB | 1.0 kB | ❌ over (`js/big.js`) |' summary.md
check "step summary marks the passing row" grep -qF '| `total_gzip` |' summary.md
check "step summary lists the heaviest contributors" grep -qF -- '- `js/big.js` 3.0 kB' summary.md
check "budget_ok=false is written" grep -qx 'budget_ok=false' output.txt
total_gzip=$("$JAMDEPLOY" check --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["totals"]["gzip"])')
check "total_gzip=N is written" grep -qx "total_gzip=$total_gzip" output.txt

# A total budget is annotated on its line in jamdeploy.yml.
expect_exit 1 "a failing total budget" gha "$JAMDEPLOY" check --budget "=total:10B"
check "a --budget total is annotated on the site folder" grep -q '^::error file=site,title=size budget exceeded%3A total::total is ' "$TMP/stdout"
printf 'site: site\nbudgets:\n  - { match: "**/*.js", max: 1MB }\n  - { total: 10B }\n' >jamdeploy.yml
expect_exit 1 "a failing config total budget" gha "$JAMDEPLOY" check
check "a config total budget is annotated on its line" grep -q '^::error file=jamdeploy.yml,line=4,title=size budget exceeded%3A total::' "$TMP/stdout"

# Twelve failures: ten annotations, then one summary line.
args=()
for i in $(seq 1 12); do args+=(--budget "**/*=max:$i" ); done
printf 'site: site\n' >jamdeploy.yml
: >summary.md; : >output.txt
expect_exit 1 "twelve failing budgets" gha "$JAMDEPLOY" check "${args[@]}"
check "at most 10 annotations with a file" [ "$(grep -c '^::error file=' "$TMP/stdout")" = 10 ]
check "then one summary annotation" grep -qx '::error title=size budgets::2 more size budgets exceeded (12 in all); see the step summary' "$TMP/stdout"
check "the summary has a row per budget" [ "$(grep -c '^| `' summary.md)" = 12 ]

# Passing: no annotations, budget_ok=true.  Appending keeps what earlier steps wrote.
printf 'earlier=1\n' >output.txt
expect_exit 0 "a passing check under Actions" gha "$JAMDEPLOY" check --budget "**/*.js=max:1MB"
check "no annotations when every budget holds" [ "$(grep -c '^::' "$TMP/stdout")" = 0 ]
check "budget_ok=true is written" grep -qx 'budget_ok=true' output.txt
check "earlier outputs are kept" grep -qx 'earlier=1' output.txt

# --json keeps stdout one document: annotations go to stderr then.
expect_exit 1 "--json under Actions" gha "$JAMDEPLOY" check --json --budget "**/*.js=max:1KB"
check "--json stdout stays one JSON document" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/stdout"
check "--json annotations go to stderr" grep -q '^::error file=site/js/big.js' "$TMP/stderr"

# Outside Actions nothing is written there.
rm -f summary.md output.txt
expect_exit 1 "without GITHUB_ACTIONS" env GITHUB_STEP_SUMMARY="$TMP/summary.md" GITHUB_OUTPUT="$TMP/output.txt" "$JAMDEPLOY" check --budget "**/*.js=max:1KB"
check "no annotations outside Actions" [ "$(grep -c '^::' "$TMP/stdout")" = 0 ]
check "no step summary outside Actions" [ ! -e summary.md ]

# Workflow-command escaping: a '%' or ',' in a key cannot break the annotation.
mkdir -p 'site/a,b%c'
printf 'y%.0s' $(seq 1 2000) >'site/a,b%c/x.js'
expect_exit 1 "odd characters in a key" gha "$JAMDEPLOY" check --budget "a*/x.js=max:1KB"
check "',' and '%' are escaped in the file property" grep -q '^::error file=site/a%2Cb%25c/x.js,title=' "$TMP/stdout"
