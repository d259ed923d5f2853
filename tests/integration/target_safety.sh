# target_safety.sh - what is live must be what was pushed (issue 15): a rewrite that keeps a
# file's size and mtime is still deployed and built, nothing outside a directory target is
# written or deleted through a symlink inside it, names up to NAME_MAX bytes are written,
# and only jamdeploy's own temporaries are hidden from the listing and cleaned up.
. "$JD_TOP/tests/lib.sh"

# price FILE AMOUNT: write the page with a same-size price, then put back the mtime that
# cp -p, rsync -a, tar and reproducible builds keep
price() {
	printf '<!doctype html><p>price: %s EUR</p>\n' "$2" >"$1"
	touch -d @1700000000 "$1"
}

# --- 1. A same-size rewrite with a preserved mtime is deployed (push) and built (build -o).
mkdir -p p1/site && cd p1 || exit 1
price site/index.html 100
"$JAMDEPLOY" push site --to t -q
price site/index.html 999
expect_exit 0 "push right after a same-size rewrite with the old mtime succeeds" \
	"$JAMDEPLOY" push site --to t --json
check "it uploads the rewritten page" [ "$(json_field "$TMP/stdout" 'd["uploaded"]')" = 1 ]
check "the target serves the new price" grep -q '999 EUR' t/index.html
# The same once the cache entry is old enough to be trusted (out of the racy window): only
# the ctime (and inode) can tell the rewrite now.
sleep 2.1
"$JAMDEPLOY" push site --to t -q
price site/index.html 555
"$JAMDEPLOY" push site --to t --json >p3.json
check "a rewrite after the racy window is uploaded too" [ "$(json_field p3.json 'd["uploaded"]')" = 1 ]
check "and the target serves it" grep -q '555 EUR' t/index.html
printf '<!doctype html><p>price: 777 EUR</p>\n' >staged.html
touch -d @1700000000 staged.html
sleep 2.1
"$JAMDEPLOY" push site --to t -q
cp -p staged.html site/index.html
"$JAMDEPLOY" push site --to t --json >p4.json
check "a page replaced with cp -p (same size, same mtime) is uploaded" [ "$(json_field p4.json 'd["uploaded"]')" = 1 ]
check "and the target serves it" grep -q '777 EUR' t/index.html
"$JAMDEPLOY" push site --to t --json >p5.json
check "a push of the unchanged site after that uploads nothing" [ "$(json_field p5.json 'd["uploaded"]')" = 0 ]
cd "$TMP" || exit 1

mkdir -p b1/site && cd b1 || exit 1
price site/index.html 100
sleep 2.1
"$JAMDEPLOY" build site -o out -q
price site/index.html 999
"$JAMDEPLOY" build site -o out --json >b2.json
check "build -o after a same-size rewrite with the old mtime writes the new page" grep -q '999 EUR' out/index.html
check "and says it minified it again" [ "$(json_field b2.json 'd["transformed"]')" = 1 ]
"$JAMDEPLOY" build site -o out --json >b3.json
check "a build of the unchanged site after that transforms nothing" [ "$(json_field b3.json 'd["transformed"]')" = 0 ]
cd "$TMP" || exit 1

# --- 2. A symlink inside a directory target is never written or deleted through.
mkdir -p s2/docs outside
printf '<!doctype html><p>home</p>\n' >s2/index.html
printf '<!doctype html><p>docs</p>\n' >s2/docs/page.html
mkdir t2 && ln -s "$TMP/outside" t2/docs
expect_exit 1 "a push that would write through a symlinked folder of the target fails" \
	"$JAMDEPLOY" push s2 --to t2
stderr_has "the error names the link" "'t2/docs' is a symbolic link"
stderr_has "and says what to do" "replace the link with a real directory"
check "nothing is written outside the target" [ -z "$(ls -A outside)" ]
check "the link is left as it was" [ -L t2/docs ]

# A symlink where an object goes is replaced by the object, not written through.
printf 'not ours\n' >outside.txt
mkdir t8 && ln -s "$TMP/outside.txt" t8/index.html
expect_exit 0 "a push over a symlinked file of the target succeeds" "$JAMDEPLOY" push s2 --to t8
check "the file the link named is untouched" grep -q 'not ours' outside.txt
check "the object replaced the link" sh -c '[ ! -L t8/index.html ] && grep -q home t8/index.html'

mkdir -p real && ln -s real t3
expect_exit 0 "the target folder itself may be a symlink" "$JAMDEPLOY" push s2 --to t3
check "the objects land in the folder it names" [ -f real/docs/page.html ]

"$JAMDEPLOY" push s2 --to t4 -q
mkdir -p outside2 && printf 'not ours\n' >outside2/page.html
rm -r t4/docs && ln -s "$TMP/outside2" t4/docs
rm s2/docs/page.html
expect_exit 1 "a push that would delete through a symlinked folder of the target fails" \
	"$JAMDEPLOY" push s2 --to t4
stderr_has "the error names the link" "'t4/docs' is a symbolic link"
check "the file outside the target is not deleted" [ -f outside2/page.html ]
check "the link is still there" [ -L t4/docs ]

# push --force without a manifest lists the target: a symlinked folder is one entry, never
# listed into, and removing it removes the link only.
printf '<!doctype html><p>docs</p>\n' >s2/docs/page.html
"$JAMDEPLOY" push s2 --to t5 -q
mkdir -p outside3 && printf 'not ours\n' >outside3/x.html
ln -s "$TMP/outside3" t5/ext
rm t5/.jamdeploy/manifest.json
expect_exit 0 "push --force to a target holding a symlinked folder succeeds" \
	"$JAMDEPLOY" push s2 --to t5 --force --json
check "the listing does not go through the link" sh -c "! grep -q 'ext/x.html' '$TMP/stdout'"
check "the files behind the link are untouched" [ -f outside3/x.html ]

# --- 5. Names up to NAME_MAX, and only our own temporaries are hidden and cleaned.
mkdir s5
long250=$(printf 'a%.0s' $(seq 1 245)).html
long255=$(printf 'b%.0s' $(seq 1 250)).html
printf '<!doctype html><p>250</p>\n' >"s5/$long250"
printf '<!doctype html><p>255</p>\n' >"s5/$long255"
expect_exit 0 "a site with 250- and 255-byte file names is pushed" "$JAMDEPLOY" push s5 --to t5 --yes  # another site: its pages replace none of t5's
check "the 250-byte name is in the target" [ -f "t5/$long250" ]
check "the 255-byte name is in the target" [ -f "t5/$long255" ]
expect_exit 0 "and built" "$JAMDEPLOY" build s5 -o o5
check "the 250-byte name is in the build output" [ -f "o5/$long250" ]
check "the 255-byte name is in the build output" [ -f "o5/$long255" ]

mkdir -p s7/sub
printf '<!doctype html><p>home</p>\n' >s7/index.html
printf '<!doctype html><p>not a temporary</p>\n' >s7/a.tmp.b.html
printf '<!doctype html><p>sub</p>\n' >s7/sub/index.html
"$JAMDEPLOY" push s7 --to t7 -q
check "a site file named a.tmp.b.html is deployed" grep -q 'not a temporary' t7/a.tmp.b.html
# A killed push leaves temporaries beside what it was writing; the next push removes them.
printf 'half a page' >t7/.jd-tmp-Kq81zPa0
printf 'half a page' >t7/sub/.jd-tmp-7xYb20Qm
printf '<!doctype html><p>sub, again</p>\n' >s7/sub/index.html
expect_exit 0 "the push after a killed one succeeds" "$JAMDEPLOY" push s7 --to t7
check "it removes the temporaries the killed push left" [ -z "$(find t7 -name '.jd-tmp-*')" ]
check "pushes and builds leave no temporary of their own" \
	[ -z "$(find t5 o5 t7 \( -name '.jd-tmp-*' -o -name '*.tmp.[0-9]*' \) ! -name .jd-tmp-Kq81zPa0 ! -name .jd-tmp-7xYb20Qm)" ]
# x.tmp.y is a site file like any other: push --force without a manifest lists the target
# and deletes a stale one.
rm s7/a.tmp.b.html t7/.jamdeploy/manifest.json
expect_exit 0 "push --force after the manifest was lost succeeds" "$JAMDEPLOY" push s7 --to t7 --force
check "it deletes a stale a.tmp.b.html the site no longer has" [ ! -e t7/a.tmp.b.html ]

# Killed pushes (kill -9 at a few points of an upload of 500 changed pages): whatever they left,
# the next push makes the target exactly the site and its manifest, with no temporary left.
mkdir -p ksite
for i in $(seq 1 500); do printf '<!doctype html><p>v1 %s</p>\n' "$i" >"ksite/p$i.html"; done
"$JAMDEPLOY" push ksite --to kt -q
for i in $(seq 1 500); do printf '<!doctype html><p>v2 %s</p>\n' "$i" >"ksite/p$i.html"; done
for delay in 0.02 0.05 0.1; do
	"$JAMDEPLOY" push ksite --to kt -q >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
expect_exit 0 "killed pushes: the next push succeeds" "$JAMDEPLOY" push ksite --to kt -q
check "killed pushes: no temporary file is left" sh -c '[ -z "$(find kt -name ".jd-tmp-*")" ]'
check "killed pushes: every page is the new version" sh -c '! grep -lq "v1 " kt/*.html && [ "$(ls kt/*.html | wc -l)" = 500 ]'
check "killed pushes: the manifest names exactly the target's files, with their bytes" /usr/bin/python3 -c '
import hashlib, json, os
m = json.load(open("kt/.jamdeploy/manifest.json"))["files"]
assert all(hashlib.sha256(open("kt/" + k, "rb").read()).hexdigest() == e["sha256"] for k, e in m.items())
assert sorted(m) == sorted(f for f in os.listdir("kt") if f != ".jamdeploy")'
