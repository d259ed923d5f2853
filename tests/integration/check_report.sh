# check_report.sh - `check --report`: the self-contained HTML report opened in headless
# Chromium (Debian's chromium driven by playwright-core from tests/check): no console
# errors, no outside requests, one treemap rectangle per file, budgets as bars, and a
# screenshot (kept in $TMP, or in $JD_SCREENSHOT_DIR when set).
. "$JD_TOP/tests/lib.sh"

make_site site
printf 'x%.0s' $(seq 1 3000) >site/js/big.js
: >site/empty.txt
mkdir -p 'site/odd <name>'
printf 'quoted "&" <b>\n' >'site/odd <name>/a&b.css'
cat >jamdeploy.yml <<'YML'
site: site
budgets:
  - { match: "**/*.js", max: 1KB }
  - { total_gzip: 1MB }
YML
expect_exit 1 "check --report with a failing budget exits 1" "$JAMDEPLOY" check --report report.html
check "the report is written" [ -s report.html ]
check "the report links nothing external" sh -c '! grep -Eiq "<script|<link|https?://|@import|url\\(" report.html'
check "keys are HTML-escaped" grep -qF 'data-key="odd &lt;name&gt;/a&amp;b.css"' report.html
(cd site && find . -type f | sed 's|^\./||') >keys.txt

if [ ! -x /usr/bin/chromium ]; then
	not_ok "Chromium is installed" "install Debian's chromium (make test-deps)"
elif [ ! -d "$JD_TOP/tests/check/node_modules/playwright-core" ]; then
	not_ok "playwright-core is installed" "run tests/npm-deps.sh (make test-deps)"
else
	shot="${JD_SCREENSHOT_DIR:-$TMP}/check-report.png"
	WANT_BUDGETS=2 WANT_OVER=1 node "$JD_TOP/tests/check/report.mjs" "$TMP/report.html" "$shot" "$TMP/keys.txt"
fi
