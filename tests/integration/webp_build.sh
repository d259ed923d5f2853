#!/usr/bin/env bash
# webp_build.sh - `build --webp`: NAME.webp beside the images where it pays, <img> wrapped in
# <picture> with every attribute kept, srcset candidates one by one, no WebP where it does not
# pay, a second build that encodes nothing, `images: {webp: true}` in the config, and (when
# Chromium and playwright-core are there) the page in a browser: WebPs load, nothing fails,
# same layout, screenshot close to the build without WebP.
. "$JD_TOP/tests/lib.sh"
fx=$JD_TOP/tests/images
PY=/usr/bin/python3

mkdir -p site/img site/css
cp "$fx/photo.png" "$fx/photo-q98-420.jpg" "$fx/gray-as-rgb.png" "$fx/rgba-alpha.png" "$fx/baseline-q90.jpg" \
	"$fx/icc.jpg" site/img/
cat >site/index.html <<'EOF'
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>WebP</title><link rel="stylesheet" href="css/site.css"></head>
<body>
<p><img id="png" src="img/photo.png" alt="A &quot;photo&quot;" width="64" height="48" class="hero big" loading="lazy" data-x='1' title=plain></p>
<p><img id="set" src="img/photo-q98-420.jpg" srcset="img/photo-q98-420.jpg 1x, img/gray-as-rgb.png 2x" alt="srcset"></p>
<p><img id="sizes" src="img/rgba-alpha.png" srcset="img/rgba-alpha.png 100w, img/photo.png 200w" sizes="(max-width: 300px) 100px, 200px" alt="sizes"></p>
<p><img id="icc" src="img/icc.jpg" alt="icc"></p>
<picture><source srcset="img/baseline-q90.jpg"><img id="kept" src="img/baseline-q90.jpg" alt="in picture"></picture>
<div class="bg"></div>
<div id="inline" style="width:20px;height:20px;background:url(img/photo.png)"></div>
</body>
</html>
EOF
printf '.bg { width: 40px; height: 30px; background: url(../img/rgba-alpha.png); }\nimg { vertical-align: top; }\n' \
	>site/css/site.css
# Older than the build cache's racy-clean window (buildcache.h), so a second build can trust it.
find site -type f -exec touch -d '-1 hour' {} +

expect_exit 0 "build --webp succeeds" "$JAMDEPLOY" build site -o out --webp --json
cp "$TMP/stdout" first.json
expect_exit 0 "build without --webp succeeds" "$JAMDEPLOY" build site -o plain --json
cp "$TMP/stdout" plain.json

# The checks in one Python (Debian's, with PIL): each prints ok/not ok lines.
$PY - out plain first.json site <<'EOF'
import io, json, os, re, sys
from html.parser import HTMLParser
from PIL import Image

out, plain, first, site = sys.argv[1:5]
renames = json.load(open(first))["renames"]
def ok(name, cond, why=""):
    print(("ok - " if cond else "not ok - ") + name + ("" if cond else ": " + why))

def webp_of(src):  # the key of the derived WebP of a source image key (hashed when referenced), or None
    stem = src.rsplit(".", 1)[0]
    if stem + ".webp" in renames:
        return renames[stem + ".webp"]
    return stem + ".webp" if os.path.exists(os.path.join(out, stem + ".webp")) else None

def shipped(key):
    return renames.get(key, key)

# baseline-q90.jpg's WebP is written but no <img> of ours refers to it: it keeps its plain name.
for img, want in [("img/photo.png", True), ("img/photo-q98-420.jpg", True), ("img/rgba-alpha.png", True),
                  ("img/baseline-q90.jpg", True), ("img/gray-as-rgb.png", False), ("img/icc.jpg", False)]:
    w = webp_of(img)
    ok(f"{img}: WebP {'written' if want else 'not written'}", bool(w) == want, f"renames: {w}")
    if not w:
        stem = img.rsplit(".", 1)[0]
        left = [n for n in os.listdir(os.path.join(out, "img")) if n.startswith(os.path.basename(stem) + ".") and n.endswith(".webp")]
        ok(f"{img}: no WebP file in the output", not left, str(left))
        continue
    data = open(os.path.join(out, w), "rb").read()
    orig = open(os.path.join(out, shipped(img)), "rb").read()
    if img != "img/baseline-q90.jpg":
        ok(f"{img}: {w} has a content-hashed name", re.fullmatch(r"img/[^/]+\.[0-9a-f]{10}\.webp", w) is not None, w)
    ok(f"{img}: the WebP is at least 10% smaller than the shipped image ({len(data)} vs {len(orig)})",
       len(data) <= len(orig) - len(orig) // 10)
    try:
        a = Image.open(io.BytesIO(data)); a.load()
        b = Image.open(io.BytesIO(orig)); b.load()
        ok(f"{img}: the WebP decodes as WebP with the same size", a.format == "WEBP" and a.size == b.size,
           f"{a.format} {a.size} vs {b.size}")
        if img.endswith(".png"):
            same = a.convert("RGBA").tobytes() == b.convert("RGBA").tobytes()
            ok(f"{img}: lossless: the WebP has the PNG's pixels", same)
        else:
            pa, pb = a.convert("RGB").tobytes(), b.convert("RGB").tobytes()
            mad = sum(abs(x - y) for x, y in zip(pa, pb)) / len(pa)
            ok(f"{img}: lossy WebP stays close to the JPEG (mean abs diff {mad:.2f})", mad < 6)
    except Exception as e:
        ok(f"{img}: the WebP decodes", False, repr(e))

class Tags(HTMLParser):
    def __init__(self):
        super().__init__(); self.tags = []
    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
    def handle_endtag(self, tag):
        self.tags.append(("/" + tag, {}))

def tags(path):
    p = Tags(); p.feed(open(path, encoding="utf-8").read()); return p.tags

got, before = tags(os.path.join(out, "index.html")), tags(os.path.join(plain, "index.html"))
imgs = {a.get("id"): a for t, a in got if t == "img"}
plain_imgs = {a.get("id"): a for t, a in before if t == "img"}
ok("every <img> kept every attribute (same as the build without --webp)", imgs == plain_imgs,
   f"{imgs} vs {plain_imgs}")
ok("attributes as written: alt, class, data-x, loading, title", imgs.get("png", {}).get("alt") == 'A "photo"' and
   imgs["png"].get("class") == "hero big" and imgs["png"].get("data-x") == "1" and
   imgs["png"].get("loading") == "lazy" and imgs["png"].get("title") == "plain")

def picture_of(img_id):  # the <source> right before the <img>, inside a <picture>
    for i, (t, a) in enumerate(got):
        if t == "img" and a.get("id") == img_id:
            if i >= 2 and got[i - 1][0] == "source" and got[i - 2][0] == "picture" and got[i + 1][0] == "/picture":
                return got[i - 1][1]
            return None

def cands(srcset):
    return [c.strip().split() for c in srcset.split(",")]

s = picture_of("png")
ok("<img src=photo.png> is in <picture> with a WebP <source>", s is not None and s.get("type") == "image/webp" and
   cands(s.get("srcset", "")) == [[webp_of("img/photo.png")]], str(s))
s = picture_of("set")
ok("srcset: the 1x candidate is its WebP, the 2x one (no WebP) its original",
   s is not None and cands(s["srcset"]) == [[webp_of("img/photo-q98-420.jpg"), "1x"], [shipped("img/gray-as-rgb.png"), "2x"]],
   str(s))
s = picture_of("sizes")
ok("w descriptors: both candidates WebP, and sizes copied onto the <source>",
   s is not None and cands(s["srcset"]) == [[webp_of("img/rgba-alpha.png"), "100w"], [webp_of("img/photo.png"), "200w"]] and
   s.get("sizes") == "(max-width: 300px) 100px, 200px", str(s))
ok("an <img> whose image has no WebP is not wrapped", picture_of("icc") is None)
kept = [t for t, a in got if t in ("picture", "source")]
ok("an <img> already inside <picture> is left alone (one <source>, ours excluded)",
   sum(1 for t, a in got if t == "source" and not a.get("type")) == 1 and
   picture_of("kept") is not None and picture_of("kept").get("type") is None)
html = open(os.path.join(out, "index.html"), encoding="utf-8").read()
css = open(os.path.join(out, shipped("css/site.css")), encoding="utf-8").read()
ok("CSS backgrounds keep their PNG (style attribute and stylesheet)",
   "url(" + shipped("img/photo.png") in html and shipped("img/rgba-alpha.png").split("/")[-1] in css and ".webp" not in css)
ok("no page refers to a WebP that was not written", all(os.path.exists(os.path.join(out, u)) for u in re.findall(r"img/[^\s\"',>]+\.webp", html)))
ok("gray-as-rgb.png's WebP (not 10% smaller) is not referenced", "gray-as-rgb.webp" not in html and not any("gray-as-rgb" in k and k.endswith(".webp") for k in renames))
EOF

check "first build encoded the WebPs" test "$(json_field first.json 'd["webp_encoded"]')" -ge 5
check "the build reports the WebPs it ships" test "$(json_field first.json 'd["webp"]')" = 4

expect_exit 0 "second build --webp succeeds" "$JAMDEPLOY" build site -o out2 --webp --json
cp "$TMP/stdout" second.json
check "second --webp build (after one without) encodes no WebP" test "$(json_field second.json 'd["webp_encoded"]')" = 0
check "second build transforms nothing" test "$(json_field second.json 'd["transformed"]')" = 0
check "second build ships the same WebPs" test "$(json_field second.json 'd["webp"]')" = 4
check "second build output is byte-identical" diff -r out out2

printf 'images: { webp: true, effort: 3 }\n' >jd.yml
expect_exit 0 "images: {webp: true, effort: 3} in the config" "$JAMDEPLOY" build site -o cfg --config jd.yml --json
check "the config build wraps <img> in <picture>" grep -q '<picture><source type="image/webp"' cfg/index.html
expect_exit 0 "build --webp --effort 3" "$JAMDEPLOY" build site -o flags --webp --effort 3
check "the config and the flags give the same site" diff -r cfg flags
expect_exit 2 "--effort 10 is a usage error for build" "$JAMDEPLOY" build site -o bad --effort 10
printf 'images: { effort: 12 }\n' >bad.yml
expect_exit 2 "images: effort: 12 is a configuration error" "$JAMDEPLOY" build site -o bad --config bad.yml
stderr_has "the error names the setting" "effort"

# push --webp to a directory target ships the WebPs with their content type
expect_exit 0 "push --webp to a directory" "$JAMDEPLOY" push site --to bucket --webp --json
check "the manifest lists the WebPs as image/webp, the hashed ones cached forever" $PY -c '
import json, re
m = json.load(open("bucket/.jamdeploy/manifest.json"))["files"]
w = [k for k in m if k.endswith(".webp")]
hashed = [k for k in w if re.search(r"\.[0-9a-f]{10}\.webp$", k)]
assert len(w) == 4 and len(hashed) == 3, w
assert all(m[k]["content_type"] == "image/webp" for k in w), w
assert all("immutable" in m[k]["cache_control"] for k in hashed), w'

# The reference-rewriting fixture sites (tests/sites) built with --webp: every reference and
# hashed name still checks out (their images are PNGs, so their WebPs are lossless).
mkdir real
cp -r "$JD_TOP/tests/sites/eleventy" "$JD_TOP/tests/sites/nextjs" "$JD_TOP/tests/sites/hugo" real/
printf 'base_url: https://www.example.com\n' >real.yml
for s in eleventy nextjs hugo; do
	expect_exit 0 "$s: build --webp succeeds" "$JAMDEPLOY" build "real/$s" -o "real-out/$s" --webp --config real.yml --json
	cp "$TMP/stdout" "real-$s.json"
	if [ "$s" = nextjs ]; then
		# its pages are hydrated (#__next): a <picture> there is a DOM change React would undo
		check "$s: hydrated pages get no <picture>" sh -c '! grep -rq "<picture>" "$1"' sh "real-out/$s"
	else
		check "$s: some <img> got a WebP <source>" grep -rq '<source type="image/webp"' "real-out/$s"
	fi
	$PY "$JD_TOP/tests/rewrite/check_site.py" "real/$s" "real-out/$s" "real-$s.json" | sed "s/^\(not \)\{0,1\}ok - /&webp: /"
done

# Progressive and arithmetic-coded JPEGs whose lossless re-encodings are larger than they are:
# `build` once reported them as corrupt (a trial encode outgrew its output buffer).  Now: no
# warning, the original bytes ship, and any WebP written decodes to the JPEG's size.
mkdir prog
for f in progressive-q90.jpg progressive-no-app0.jpg arithmetic.jpg arithmetic-progressive.jpg; do
	cp "$fx/$f" prog/
done
expect_exit 0 "build --webp of progressive and arithmetic-coded JPEGs" "$JAMDEPLOY" build prog -o prog-out --webp
check "progressive and arithmetic-coded JPEGs: no warning" sh -c '! grep -q "warning" "$1"' sh "$TMP/stderr"
for f in progressive-q90.jpg progressive-no-app0.jpg arithmetic.jpg arithmetic-progressive.jpg; do
	check "$f ships its original bytes (no re-encoding is smaller)" cmp -s "prog/$f" "prog-out/$f"
done
check "their WebPs decode, at the JPEG's size" $PY -c '
import glob
from PIL import Image
for p in glob.glob("prog-out/*.webp"):  # noisy pictures: a WebP may not pay
    a, b = Image.open(p), Image.open(p[:-5] + ".jpg")
    a.load()
    assert a.format == "WEBP" and a.size == b.size, (p, a.size, b.size)'

# Headless Chromium: the page with and without --webp.
if [ -x /usr/bin/chromium ] && [ -d "$JD_TOP/tests/rewrite/node_modules/playwright-core" ]; then
	node "$JD_TOP/tests/rewrite/picture_render.mjs" plain out "$TMP" 2>&1 ||
		echo "not ok - picture_render.mjs exited with status $?"
	# lossless WebPs: the fixture sites look exactly as they did before the build
	for s in eleventy nextjs hugo; do
		node "$JD_TOP/tests/rewrite/browse.mjs" "real/$s" "real-out/$s" 2>&1 | sed 's/^\(not \)\{0,1\}ok - /&webp: /' ||
			echo "not ok - webp: $s: browse.mjs exited with status $?"
	done
	check "screenshots with and without WebP match (lossy WebP: small per-pixel tolerance)" $PY -c '
from PIL import Image, ImageChops
a, b = Image.open("plain.png").convert("RGB"), Image.open("webp.png").convert("RGB")
assert a.size == b.size, (a.size, b.size)
d = ImageChops.difference(a, b).convert("L")
hist = d.histogram()
n = a.size[0] * a.size[1]
mean = sum(i * c for i, c in enumerate(hist)) / n
big = sum(hist[40:]) / n
print("# screenshot mean abs diff %.3f, pixels off by 40+ %.4f%%" % (mean, big * 100))
assert mean < 1.0 and big < 0.001, (mean, big)'
else
	echo "# chromium or playwright-core missing (apt-get install chromium; tests/npm-deps.sh): browser checks not run"
fi
