# check_budgets.sh - `jamdeploy check`: budget arithmetic against sizes computed here
# independently (gzip(1), brotli(1) or Python's brotli, Python's zlib), page weight on
# pages that share assets, exit statuses, the --json shape and baseline deltas.
#
# check measures the bytes that ship (minified, re-encoded, renamed name.HASH.ext) but
# names files by their source key.  So the reference sizes here are of the files
# `jamdeploy build -o out` writes, found through the build's "renames" ({source: shipped}),
# and every key asserted is a source key.
. "$JD_TOP/tests/lib.sh"

# Independent sizes.  gzip -9 -n is the reference for gzip (jamdeploy uses zlib level 9
# with memLevel 9, which gives the same bytes on these inputs); brotli at quality 11,
# window 22 from the Debian command, else Debian's python3-brotli.
gz() { gzip -9 -n -c "$1" | wc -c; }
if command -v brotli >/dev/null; then
	br() { brotli -q 11 -w 22 -c "$1" | wc -c; }
elif /usr/bin/python3 -c 'import brotli' 2>/dev/null; then
	br() { /usr/bin/python3 -c 'import brotli,sys; print(len(brotli.compress(open(sys.argv[1],"rb").read(), quality=11, lgwin=22)))' "$1"; }
else
	br() { echo "no-brotli"; }
	not_ok "a brotli reference is available" "install Debian's brotli or python3-brotli (make test-deps)"
fi
raw() { stat -c %s "$1"; }
sum() { local t=0; for n in "$@"; do t=$((t + n)); done; echo "$t"; }
field() { json_field "$1" "$2"; }
# ship: build the site into out/ and record "SOURCE SHIPPED" for every shipped file.
# sp KEY: the shipped file of source key KEY.
ship() {
	rm -rf out
	"$JAMDEPLOY" build s -o out --json -q >build.json || not_ok "jamdeploy build succeeds" "exit $?"
	/usr/bin/python3 -c 'import json,os,sys
ren = json.load(open("build.json")).get("renames", {})
back = {v: k for k, v in ren.items()}
for top, _, names in os.walk("out"):
    for n in names:
        key = os.path.relpath(os.path.join(top, n), "out")
        print(back.get(key, key), key)' >map.txt
}
sp() { local n; n=$(awk -v k="$1" '$1 == k { print $2 }' map.txt); echo "$PWD/out/${n:-$1}"; }

# A site whose two pages share a stylesheet (which imports another and loads a font and
# a background), with srcset, <picture>, inline <style>, duplicates, external and data:
# URLs, and files that a naive scan would count but a browser never loads.
mkdir -p s/css s/js s/img s/fonts s/docs
python3 - <<'PY'
import random
random.seed(7)
words = ["const", "return", "function", "=>", "{", "}", "let", "if", "else", "for", "map", "filter"]
open("s/js/app.js", "w").write(" ".join(random.choice(words) + str(random.randint(0, 500)) for _ in range(6000)))
open("s/js/about.js", "w").write("console.log('about');\n" * 40)
for name, n in [("img/small.png", 700), ("img/big.png", 2900), ("img/p.avif", 3100), ("img/p.jpg", 2100),
                ("img/hero.png", 1500), ("img/bg.png", 900), ("img/commented.png", 5000),
                ("img/inscript.png", 5000), ("fonts/f.woff2", 4000), ("fonts/f.woff", 6000),
                ("img/unused.png", 9000)]:
    open("s/" + name, "wb").write(bytes(random.getrandbits(8) for _ in range(n)))
open("s/favicon.ico", "wb").write(b"\x00\x00\x01\x00" + b"\x10\x20" * 300)
PY
cat >s/index.html <<'HTML'
<!doctype html><html><head><title>Home</title>
<link rel="stylesheet" href="css/shared.css">
<link rel=stylesheet href="/css/shared.css?v=2">
<link rel="preload" href="fonts/f.woff2" as="font" crossorigin>
<link rel="canonical" href="/docs/about.html">
<link rel="icon" href="/favicon.ico">
<script src="js/app.js" defer></script>
<script src="https://cdn.example.com/lib.js"></script>
<style>.hero { background: url(img/hero.png) }</style>
</head><body>
<a href="docs/about.html">About</a>
<img src="img/small.png" srcset="img/small.png 1x, img/big.png 2x" alt="">
<picture><source srcset="img/p.avif" type="image/avif"><img src="img/p.jpg" alt=""></picture>
<img src="data:image/png;base64,iVBORw0KGgo=" alt="">
<!-- <img src="img/commented.png"> -->
<script>var s = "<img src='img/inscript.png'>";</script>
</body></html>
HTML
cat >s/docs/about.html <<'HTML'
<!doctype html><title>About</title><link rel="stylesheet" href="../css/shared.css">
<script src="/js/about.js"></script><p>About us.</p>
HTML
cat >s/css/shared.css <<'CSS'
@import "base.css";
@font-face { font-family: F; src: url(../fonts/f.woff2) format("woff2"), url(../fonts/f.woff) format("woff"); }
/* url(../img/commented.png) */
body { background: url('../img/bg.png') no-repeat; font-family: F, sans-serif; }
CSS
printf 'html { color: #222; line-height: 1.5; }\n' >s/css/base.css

index_assets="index.html css/shared.css css/base.css fonts/f.woff2 img/bg.png favicon.ico js/app.js img/hero.png img/big.png img/p.avif"
about_assets="docs/about.html css/shared.css css/base.css fonts/f.woff2 img/bg.png js/about.js"
text_files="index.html docs/about.html css/shared.css css/base.css js/app.js js/about.js favicon.ico"
# The download of source key $1 as it ships: compressed for text, raw for the rest.
gzip_of() { case " $text_files " in *" $1 "*) gz "$(sp "$1")" ;; *) raw "$(sp "$1")" ;; esac; }
brotli_of() { case " $text_files " in *" $1 "*) br "$(sp "$1")" ;; *) raw "$(sp "$1")" ;; esac; }
raw_of() { raw "$(sp "$1")"; }

cat >jamdeploy.yml <<'YML'
site: s
budgets:
  - { match: "js/*.js", max: 1MB, max_gzip: 1MB, max_brotli: 1MB }
  - { page: "**/*.html", max: 1MB, max_gzip: 1MB, max_brotli: 1MB }
  - { match: "**/*.css", total: 1MB, total_gzip: 1MB, total_brotli: 1MB }
  - { total: 10MB, total_gzip: 10MB, max_count: 100 }
YML
expect_exit 0 "check passes when every budget holds" "$JAMDEPLOY" check --json
cp "$TMP/stdout" all.json
ship
check "the build renames assets (what this test is about)" grep -q '^css/shared.css css/shared\.[0-9a-f]\{10\}\.css$' map.txt
check "check names files by source key, not shipped name" \
	[ "$(field all.json "sorted(d['files'])")" = "$(/usr/bin/python3 -c 'import sys; print(sorted(l.split()[0] for l in open("map.txt")))')" ]
check "check measures the minified bytes, not the source" [ "$(field all.json "d['files']['css/shared.css']['raw']")" -lt "$(raw s/css/shared.css)" ]

# Per-file sizes, each against its own independent computation.
for f in js/app.js js/about.js css/shared.css index.html favicon.ico; do
	check "raw size of $f" [ "$(field all.json "d['files']['$f']['raw']")" = "$(raw "$(sp $f)")" ]
	check "gzip size of $f matches gzip -9 -n" [ "$(field all.json "d['files']['$f']['gzip']")" = "$(gz "$(sp $f)")" ]
	check "brotli size of $f matches brotli -q 11" [ "$(field all.json "d['files']['$f']['brotli']")" = "$(br "$(sp $f)")" ]
done
zl=$(python3 -c 'import zlib,sys; c=zlib.compressobj(9, zlib.DEFLATED, 31, 9); d=open(sys.argv[1],"rb").read(); print(len(c.compress(d)+c.flush()))' "$(sp js/app.js)")
check "gzip size matches Python's zlib (level 9, memLevel 9)" [ "$(field all.json "d['files']['js/app.js']['gzip']")" = "$zl" ]
pg=$(python3 -c 'import gzip,sys; print(len(gzip.compress(open(sys.argv[1],"rb").read(), 9, mtime=0)))' "$(sp js/app.js)")
check "gzip size is within 0.5% of Python's gzip module (memLevel 8)" python3 -c "import sys; a,b=$pg,$(field all.json "d['files']['js/app.js']['gzip']"); sys.exit(abs(a-b) > a*0.005)"
check "images are measured raw in gzip budgets (servers do not compress them)" \
	[ "$(field all.json "(d['files']['img/big.png']['gzip'], d['files']['img/big.png']['brotli'])")" = "($(raw "$(sp img/big.png)"), $(raw "$(sp img/big.png)"))" ]

budget() { field all.json "[b for b in d['budgets'] if b['name'] == '$1'][0]['$2']"; }
# Per-file maximum: the largest matching file, and which one it is.
want=$(sum 0 $(gz "$(sp js/app.js)")); [ "$(gz "$(sp js/about.js)")" -gt "$want" ] && want=$(gz "$(sp js/about.js)")
check "max_gzip is the largest matching file's gzip size" [ "$(budget 'js/*.js max_gzip' actual)" = "$want" ]
check "max names the largest file" [ "$(budget 'js/*.js max' subject)" = "js/app.js" ]
check "max_brotli uses brotli sizes" [ "$(budget 'js/*.js max_brotli' actual)" = "$(br "$(sp js/app.js)")" ]
# Sums.
check "total over a glob sums raw sizes" [ "$(budget '**/*.css total' actual)" = "$(sum $(raw "$(sp css/shared.css)") $(raw "$(sp css/base.css)"))" ]
check "total_gzip over a glob sums gzip sizes" [ "$(budget '**/*.css total_gzip' actual)" = "$(sum $(gz "$(sp css/shared.css)") $(gz "$(sp css/base.css)"))" ]
check "total_brotli over a glob sums brotli sizes" [ "$(budget '**/*.css total_brotli' actual)" = "$(sum $(br "$(sp css/shared.css)") $(br "$(sp css/base.css)"))" ]
all_raw=$(find out -type f -printf '%s\n' | paste -sd+ | bc)
check "site total is every file's raw size" [ "$(budget total actual)" = "$all_raw" ]
check "totals.raw agrees" [ "$(field all.json "d['totals']['raw']")" = "$all_raw" ]
all_gz=$(sum $(for f in $(awk '{ print $1 }' map.txt); do gzip_of "$f"; done))
check "site total_gzip: gzip of text, raw of the rest" [ "$(budget total_gzip actual)" = "$all_gz" ]
check "max_count counts files" [ "$(budget max_count actual)" = "$(find out -type f | wc -l)" ]

# Page weight: each asset once, the heaviest srcset / <picture> candidate, first font.
idx_raw=$(sum $(for f in $index_assets; do raw_of "$f"; done))
idx_gz=$(sum $(for f in $index_assets; do gzip_of "$f"; done))
idx_br=$(sum $(for f in $index_assets; do brotli_of "$f"; done))
about_raw=$(sum $(for f in $about_assets; do raw_of "$f"; done))
check "page weight: the heaviest page is index.html" [ "$(budget 'page **/*.html max' subject)" = "index.html" ]
check "page weight (raw) sums the page and what it loads, each once" [ "$(budget 'page **/*.html max' actual)" = "$idx_raw" ]
check "page weight (gzip) sums gzip of text and raw of images and fonts" [ "$(budget 'page **/*.html max_gzip' actual)" = "$idx_gz" ]
check "page weight (brotli)" [ "$(budget 'page **/*.html max_brotli' actual)" = "$idx_br" ]
check "page budget checks every page" [ "$(budget 'page **/*.html max' checked)" = 2 ]
check "page contributors are the heaviest files it loads" \
	[ "$(field all.json "[t['key'] for t in [b for b in d['budgets'] if b['name'] == 'page **/*.html max'][0]['top']]")" = \
	  "$(for f in $index_assets; do echo "$(raw_of "$f") $f"; done | sort -rn | head -5 | awk '{printf "%s%s", (NR>1 ? ", " : ""), "'"'"'" $2 "'"'"'"}' | sed 's/^/[/; s/$/]/')" ]

# The second page alone: a page budget on it sees only its own (shared) assets.
expect_exit 0 "page budget on one page" "$JAMDEPLOY" check --json --budget "page:docs/*.html=max:1MB"
check "a second page sharing the stylesheet weighs its own assets" \
	[ "$(json_field "$TMP/stdout" "[b for b in d['budgets'] if b['page']=='docs/*.html'][0]['actual']")" = "$about_raw" ]

# Exit statuses and the table.
expect_exit 1 "an exceeded budget exits 1" "$JAMDEPLOY" check --budget "js/*.js=max_gzip:1KB"
check "the table names the failing budget" grep -q '^js/\*\.js max_gzip .* OVER' "$TMP/stdout"
check "the table lists the heaviest contributor" grep -q '^ .*  js/app.js$' "$TMP/stdout"
stderr_has "stderr says how many budgets failed" "1 of 13 size budgets exceeded"
expect_exit 1 "an exceeded page budget exits 1" "$JAMDEPLOY" check --budget "page:index.html=max_gzip:$((idx_gz - 1))"
expect_exit 0 "a page budget exactly at the limit passes" "$JAMDEPLOY" check --budget "page:index.html=max_gzip:$idx_gz"
expect_exit 1 "max_count over" "$JAMDEPLOY" check --budget "img/*=max_count:3"
expect_exit 0 "sizes take units (KiB = 1024)" "$JAMDEPLOY" check --budget "index.html=max:$(( ($(raw_of index.html) + 1023) / 1024 ))KiB"
expect_exit 2 "a malformed --budget is a usage error" "$JAMDEPLOY" check --budget "js/*.js"
stderr_has "a malformed --budget shows the form" "[page:]GLOB=[FIELD:]SIZE"
expect_exit 2 "an unknown --budget field is a usage error" "$JAMDEPLOY" check --budget "js/*.js=max_zip:1KB"
printf 'site: s\nbudgets:\n  - { match: "*.js" }\n' >nolimit.yml
expect_exit 2 "a budget without a limit is a configuration error" "$JAMDEPLOY" check --config nolimit.yml
stderr_has "the error names the file and line" "nolimit.yml:3:"
printf 'site: s\nbudgets:\n  - { page: "*.html", total_gzip: 1MB }\n' >pagetotal.yml
expect_exit 2 "a page budget takes only max limits" "$JAMDEPLOY" check --config pagetotal.yml
printf 'site: s\nbudgets:\n  - { match: "*.js", max_gzip: 1KB, maxx: 2 }\n' >typo.yml
expect_exit 2 "an unknown budget key is a configuration error" "$JAMDEPLOY" check --config typo.yml
printf 'site: s\n' >none.yml
expect_exit 0 "no budgets: exit 0" "$JAMDEPLOY" check --config none.yml
stderr_has "no budgets: says so" "no budgets configured"
expect_exit 0 "no budgets: --json still lists files" "$JAMDEPLOY" check --config none.yml --json
check "no budgets: empty budget list" [ "$(json_field "$TMP/stdout" "(d['ok'], d['budgets'])")" = "(True, [])" ]

# --json shape: one document, every budget, every file with three sizes.
expect_exit 1 "failing --json run exits 1" "$JAMDEPLOY" check --json --budget "js/*.js=max_gzip:1KB"
check "--json writes exactly one document" [ "$(wc -l <"$TMP/stdout")" = 1 ]
check "--json ok is false when a budget fails" [ "$(json_field "$TMP/stdout" "d['ok']")" = False ]
check "--json lists every budget" [ "$(json_field "$TMP/stdout" "len(d['budgets'])")" = 13 ]
check "--json budget fields" [ "$(json_field "$TMP/stdout" "sorted(d['budgets'][-1])")" = "['actual', 'checked', 'kind', 'limit', 'line', 'match', 'metric', 'name', 'ok', 'over', 'page', 'subject', 'top']" ]
check "--json lists every file with raw, gzip, brotli" [ "$(json_field "$TMP/stdout" "all(set(['raw','gzip','brotli']) <= set(v) for v in d['files'].values()) and len(d['files'])")" = "$(find out -type f | wc -l)" ]
check "--json config budgets carry their line" [ "$(json_field "$TMP/stdout" "d['budgets'][0]['line']")" = 3 ]

# Baselines: a saved check --json, then a change: deltas per budget and per file.
"$JAMDEPLOY" check --json >base.json
old_app_gz=$(gzip_of js/app.js) old_app_raw=$(raw_of js/app.js) old_app_name=$(sp js/app.js)
printf '\nconsole.log("more code %s");\n' $(seq 1 200) >>s/js/app.js
rm s/js/about.js
printf 'export const x = 1;\n' >s/js/new.js
ship
expect_exit 0 "check with a baseline" "$JAMDEPLOY" check --json --baseline base.json
cp "$TMP/stdout" delta.json
check "the changed file ships under a new name" [ "$(sp js/app.js)" != "$old_app_name" ]
check "file delta (raw)" [ "$(field delta.json "d['files']['js/app.js']['delta']['raw']")" = $(( $(raw_of js/app.js) - old_app_raw )) ]
check "file delta (gzip)" [ "$(field delta.json "d['files']['js/app.js']['delta']['gzip']")" = $(( $(gzip_of js/app.js) - old_app_gz )) ]
check "an unchanged file has delta 0" [ "$(field delta.json "d['files']['css/base.css']['delta']['brotli']")" = 0 ]
check "a new file has no delta" [ "$(field delta.json "d['files']['js/new.js']['delta']['raw']")" = None ]
check "baseline lists added and removed files" [ "$(field delta.json "(d['baseline']['added'], d['baseline']['removed'], d['baseline']['kind'])")" = "(['js/new.js'], ['js/about.js'], 'check')" ]
check "budget delta" [ "$(field delta.json "[b['delta'] for b in d['budgets'] if b['name']=='js/*.js max_gzip'][0]")" = $(( $(gzip_of js/app.js) - old_app_gz )) ]
check "budget delta of a sum" [ "$(field delta.json "[b['delta'] for b in d['budgets'] if b['name']=='total'][0]")" = \
	$(( $(field delta.json "d['totals']['raw']") - $(field base.json "d['totals']['raw']") )) ]
expect_exit 0 "the table shows changes against the baseline" "$JAMDEPLOY" check --baseline base.json
check "the table has a change column" grep -q "^js/\*\.js max_gzip .* +" "$TMP/stdout"

# A manifest as baseline: raw deltas from its sizes, no gzip.  The manifest names
# shipped files, so the grown stylesheet is under its old hashed name there.
"$JAMDEPLOY" push --to target -q
ship
old_base_raw=$(raw_of css/base.css) old_base_name=$(sp css/base.css)
printf 'p { margin: 0 }\n' >>s/css/base.css
ship
check "the grown stylesheet ships under a new name" [ "$(sp css/base.css)" != "$old_base_name" ]
expect_exit 0 "check against a manifest" "$JAMDEPLOY" check --json --baseline target/.jamdeploy/manifest.json
check "manifest baseline: raw delta" [ "$(json_field "$TMP/stdout" "d['files']['css/base.css']['delta']['raw']")" = $(( $(raw_of css/base.css) - old_base_raw )) ]
check "manifest baseline: the stylesheet is neither added nor removed" \
	[ "$(json_field "$TMP/stdout" "(d['baseline']['added'], d['baseline']['removed'])")" = "([], [])" ]
check "manifest baseline: gzip delta unknown" [ "$(json_field "$TMP/stdout" "d['files']['css/base.css']['delta']['gzip']")" = None ]
check "manifest baseline: kind" [ "$(json_field "$TMP/stdout" "d['baseline']['kind']")" = manifest ]
printf 'not json' >junk.json
expect_exit 1 "a baseline that is not JSON is refused" "$JAMDEPLOY" check --baseline junk.json
stderr_has "a bad baseline names the file" "junk.json"

# The sizes cache (.jamdeploy/cache/sizes, by sha256): a warm run gives the same numbers,
# and a corrupt cache is ignored rather than believed.
"$JAMDEPLOY" check --json >cold.json 2>/dev/null
check "the sizes cache is written" grep -q '^# jamdeploy sizes cache 1' .jamdeploy/cache/sizes
"$JAMDEPLOY" check --json >warm.json 2>/dev/null
check "a warm run reports the same sizes" [ "$(json_field cold.json 'd["files"]')" = "$(json_field warm.json 'd["files"]')" ]
printf 'garbage\n' >.jamdeploy/cache/sizes
"$JAMDEPLOY" check --json >corrupt.json 2>/dev/null
check "a corrupt sizes cache is ignored" [ "$(json_field cold.json 'd["files"]')" = "$(json_field corrupt.json 'd["files"]')" ]
sed -i 's/ [0-9]* [0-9]*$/ 1x 2/' .jamdeploy/cache/sizes 2>/dev/null
"$JAMDEPLOY" check --json >badline.json 2>/dev/null
check "a malformed cache line is ignored" [ "$(json_field cold.json 'd["files"]')" = "$(json_field badline.json 'd["files"]')" ]

# A manifest with an older version of an asset kept (keep_old_assets) beside the live one:
# the baseline is the live one, whatever order the manifest lists them in.
mkdir -p kept/site/css && cd kept || exit 1
printf '<!doctype html><link rel=stylesheet href=css/a.css><p>x\n' >site/index.html
python3 -c "print('a{color:red}'*20)" >site/css/a.css
"$JAMDEPLOY" push site --to t -q --config /dev/null
printf 'b{color:blue}\n' >site/css/a.css
"$JAMDEPLOY" push site --to t -q --config /dev/null
check "the manifest keeps both versions of the stylesheet" [ "$(ls t/css | wc -l)" = 2 ]
"$JAMDEPLOY" check site --baseline t/.jamdeploy/manifest.json --json --config /dev/null >kept.json
check "the unchanged stylesheet has no delta against the live version" [ "$(json_field kept.json 'd["files"]["css/a.css"]["delta"]["raw"]')" = 0 ]
cd .. || exit 1
