# build_cache.sh - the build cache (transform results) and the rewrite memo give the same
# output as a build from scratch, notice every change, and survive being corrupted.
. "$JD_TOP/tests/lib.sh"

mkdir -p site/css site/img
printf '<!doctype html><title>t</title><link rel=stylesheet href=css/a.css><p>hello   world</p>\n' >site/index.html
printf 'body { background: url("../img/x.svg"); color: #ff0000; }\n' >site/css/a.css
printf '<svg xmlns="http://www.w3.org/2000/svg"><!-- c --><rect width="1" height="1"/></svg>\n' >site/img/x.svg
sleep 2.1 # older than the cache's racy window, so entries are trusted

"$JAMDEPLOY" build site -o out1 --json >b1.json
"$JAMDEPLOY" build site -o out2 --json >b2.json
check "second build is byte-identical" diff -r out1 out2
check "second build reports the same renames" [ "$(json_field b1.json 'd["renames"]')" = "$(json_field b2.json 'd["renames"]')" ]
check "the rewrite memo was written" [ -s .jamdeploy/cache/rewrite ]
css=$(json_field b2.json 'd["renames"]["css/a.css"]')
check "the page names the hashed stylesheet" grep -q "$css" out2/index.html

printf 'body { background: url("../img/x.svg"); color: #00ff00; }\n' >site/css/a.css
sleep 2.1
"$JAMDEPLOY" build site -o out3 --json >b3.json
css3=$(json_field b3.json 'd["renames"]["css/a.css"]')
check "a changed stylesheet gets a new name" [ "$css3" != "$css" ]
check "the page names the new stylesheet" grep -q "$css3" out3/index.html
check "the new stylesheet has the new bytes" grep -q '#0f0' "out3/$css3"

printf 'garbage\tline\n' >>.jamdeploy/cache/rewrite
rm -rf .jamdeploy/cache/objects
"$JAMDEPLOY" build site -o out4 --json >b4.json
check "a damaged cache gives the same output" diff -r out3 out4

"$JAMDEPLOY" build site -o out5 --json >b5.json
check "the rebuilt cache gives the same output again" diff -r out3 out5
rm -rf .jamdeploy
"$JAMDEPLOY" build site -o out6 --json >b6.json
check "a build without any cache gives the same output" diff -r out3 out6

# Building into the same OUT again removes what the previous build wrote and this one
# does not (the old hashed stylesheet, a deleted page), and nothing it did not write.
"$JAMDEPLOY" build site -o out7 -q
printf 'mine\n' >out7/notes.txt
mkdir -p site/sub && printf '<p>gone soon</p>\n' >site/sub/old.html
"$JAMDEPLOY" build site -o out7 -q
check "a new page is written" [ -f out7/sub/old.html ]
printf 'a{color:#00f}\n' >site/css/a.css
rm -r site/sub
"$JAMDEPLOY" build site -o out7 --json >b7.json
css7=$(json_field b7.json 'd["renames"]["css/a.css"]')
check "the new stylesheet is there" [ -f "out7/$css7" ]
check "the previous build's stylesheet is removed" [ ! -e "out7/$css3" ]
check "a page deleted from the site is removed, with its empty folder" [ ! -e out7/sub ]
check "a file the build did not write is kept" [ -f out7/notes.txt ]
"$JAMDEPLOY" build site -o out8 -q
check "building into another OUT leaves the first alone" [ -f "out7/$css7" ]
"$JAMDEPLOY" build site -o out7 -q
check "and the first OUT is still whole after that" [ -f "out7/$css7" ]
# A rebuild that rewrote a source with the same bytes (new mtime): the cache still answers
# once the bytes hash to what it recorded, without running the transform again.  Proof: a
# tampered cached object shows through.  A same-size change of the bytes is still noticed.
"$JAMDEPLOY" build site -o out7 >/dev/null
sleep 2.1
svg_out=$(awk '$7 == "site/img/x.svg" && $6 == "T" {print $4}' .jamdeploy/cache/index)
check "the cache index records the source and output hashes" [ -n "$svg_out" ]
printf '<svg xmlns="http://www.w3.org/2000/svg"><desc>tampered</desc></svg>' \
	>".jamdeploy/cache/objects/${svg_out:0:2}/$svg_out"
touch site/img/x.svg
"$JAMDEPLOY" build site -o out8 >/dev/null
check "a touched, unchanged source is served from the cache" grep -rq tampered out8/img
sed -i 's/width="1"/width="2"/' site/img/x.svg
"$JAMDEPLOY" build site -o out9 >/dev/null
check "a same-size change is transformed again" sh -c '! grep -rq tampered out9/img && grep -rq "width=\"2\"" out9/img'

# HTML results depend on the site's stylesheets: a page whose list items a stylesheet gives
# white-space: pre keeps their whitespace as written, and is minified again when that changes,
# but not when a stylesheet changes in a way that says nothing about whitespace (a colour).
rm -rf site .jamdeploy && mkdir -p site/css
printf '<!doctype html><link rel=stylesheet href=css/menu.css><ul class=menu>\n<li>a   b</li>\n<li>c</li>\n</ul>\n' >site/index.html
# styled RULES OUT: the stylesheet becomes RULES (older than the racy window), build into OUT
styled() {
	printf '%s\n' "$1" >site/css/menu.css
	sleep 2.1
	"$JAMDEPLOY" build site -o "$2" --json >"$2.json"
}
transformed() { json_field "$1.json" 'd["transformed"]'; }
styled '.menu li { white-space: pre; color: red }' st1
check "list items a linked stylesheet gives white-space: pre keep their spaces" grep -q '<li>a   b' st1/index.html
styled '.menu li { white-space: pre; color: blue }' st2
check "a stylesheet change that says nothing about whitespace minifies only the stylesheet" [ "$(transformed st2)" = 1 ]
check "and the page is as before" grep -q '<li>a   b' st2/index.html
styled '.menu li { color: blue }' st3
check "when the stylesheet no longer preserves whitespace the page is minified again" [ "$(transformed st3)" = 2 ]
check "and the run of spaces becomes one" grep -q '<li>a b' st3/index.html
"$JAMDEPLOY" build site -o st4 --json >st4.json
check "an unchanged site transforms nothing" [ "$(transformed st4)" = 0 ]
