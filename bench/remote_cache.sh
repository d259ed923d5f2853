#!/usr/bin/env bash
# bench/remote_cache.sh - the shared build cache and sharded builds against a local s3rver.
#
# One generated site: IMAGES real-size images (half PNG 800x600 drawings with gradients and
# text-like strokes, half JPEG 1200x800 photo-like noise over gradients, made with PIL,
# seeded) and PAGES HTML pages of 10-20 kB sharing a few stylesheets and scripts.  Cases:
#   cold build       working folder 1, empty local cache, empty shared cache (fills it)
#   fresh runner     working folder 2: the site copied (new mtimes, inodes), no
#                    .jamdeploy/cache, the shared cache warm
#   4 shards         folders 3-6, one after another, `build --shard K/4` into an empty
#                    prefix, then `push` from folder 7 (empty local cache) to the bucket
# Wall seconds and what each run computed ("transformed") or took from the shared cache.
# The proxy counts requests (tests/s3/sigv4_proxy.py --count-only).  Not a test: nothing
# fails on a number.  Needs s3rver (tests/npm-deps.sh), python3-botocore, python3-pil.
#   IMAGES=N PAGES=N (defaults 200 and 500; the issue asks for 1,000 and 2,000, which takes
#   too long on a shared 2-CPU machine: the numbers scale with the work)
#
# Measured 2026-12-06 on a shared 2-CPU machine (other builds running), IMAGES=200 PAGES=500
# (709 files, 55 MB):
#   cold              67.61 s  transformed 709  shared   0  GET 709  PUT 709
#   fresh-runner       4.96 s  transformed   0  shared 709  GET 709  PUT   0   (7.3% of cold)
#   shard-1-of-4      26.25 s  transformed 174  shared   0
#   shard-2-of-4      18.89 s  transformed 189  shared   4  (the stylesheets: every shard needs
#   shard-3-of-4      12.26 s  transformed 159  shared   4   them; later shards find them)
#   shard-4-of-4      17.99 s  transformed 187  shared   4
#   final-push         5.69 s  transformed   0  shared 709  GET 710  PUT 710 (709 objects + manifest)
# The shards' counts add up to the cold build's; their seconds differ more than their counts
# because a shard's share of the large images is what costs (and the machine is shared: an
# earlier run measured the cold build at 101.74 s and the fresh runner at 3.97 s).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
jd=${JAMDEPLOY:-$top/jamdeploy}
IMAGES=${IMAGES:-200}
PAGES=${PAGES:-500}
S3_PROXY_ARGS=--count-only
. "$top/tests/s3/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/jd-bench-rc.XXXXXX")
trap 's3_stop; rm -rf "$work"' EXIT
s3_start jd-bench
cd "$work"

echo "generating $IMAGES images and $PAGES pages"
/usr/bin/python3 - "$IMAGES" "$PAGES" <<'PY'
import os, sys, random
from PIL import Image, ImageDraw
nimg, npages = int(sys.argv[1]), int(sys.argv[2])
random.seed(20)
os.makedirs("site/img", exist_ok=True); os.makedirs("site/css", exist_ok=True)
os.makedirs("site/js", exist_ok=True)
for i in range(nimg):
    if i % 2 == 0:
        w, h = 800, 600
        im = Image.new("RGB", (w, h))
        px = im.load()
        a, b = random.randint(0, 255), random.randint(0, 255)
        for y in range(h):
            for x in range(0, w):
                px[x, y] = ((x + a) % 256, (y + b) % 256, (x * y // 97 + a) % 256)
        d = ImageDraw.Draw(im)
        for _ in range(60):
            x0, y0 = random.randint(0, w), random.randint(0, h)
            d.line((x0, y0, x0 + random.randint(-200, 200), y0 + random.randint(-200, 200)),
                   fill=(random.randint(0, 255),) * 3, width=random.randint(1, 5))
        im.save(f"site/img/p{i}.png", optimize=False)
    else:
        w, h = 1200, 800
        base = Image.linear_gradient("L").resize((w, h)).convert("RGB")
        noise = Image.effect_noise((w, h), random.randint(20, 60)).convert("RGB")
        Image.blend(base, noise, 0.35).save(f"site/img/j{i}.jpg", quality=90)
for k in range(4):
    with open(f"site/css/s{k}.css", "w") as f:
        for j in range(300):
            f.write(f".c{k}-{j} {{ margin: {j % 7}px  {j % 5}px;  color: #{j * 4111 % 0xffffff:06x}; }}\n")
    f = open(f"site/js/a{k}.js", "w")
    for j in range(200):
        f.write(f"function handler{j}(event) {{ var value = event.target.value + {j};\n  return value * 2; }}\n")
    f.close()
words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split()
for p in range(npages):
    d = f"site/docs/s{p % 20}"
    os.makedirs(d, exist_ok=True)
    body = []
    for para in range(random.randint(25, 50)):
        body.append("<p>  " + "   ".join(random.choice(words) for _ in range(40)) + "  </p>")
        if para % 10 == 0:
            body.append(f'<img src="/img/{"p" if para % 20 == 0 else "j"}{(p * 2 + para // 10 * 2 + (para % 20 != 0)) % nimg}.{"png" if para % 20 == 0 else "jpg"}" alt="">')
    with open(f"{d}/page{p}.html", "w") as f:
        f.write(f'<!doctype html>\n<html>\n<head>\n  <link rel="stylesheet" href="/css/s{p % 4}.css">\n'
                f'  <script src="/js/a{p % 4}.js"></script>\n</head>\n<body>\n' + "\n".join(body) +
                "\n</body>\n</html>\n")
with open("site/index.html", "w") as f:
    f.write('<!doctype html><title>bench</title><p>home</p>\n')
PY
echo "site: $(find site -type f | wc -l) files, $(du -sh --apparent-size site | cut -f1)"
sleep 2 # let mtimes age past the local cache's racy window

CACHE="--endpoint $S3_ENDPOINT"
secs() { /usr/bin/python3 -c 'import time; print(f"{time.monotonic():.3f}")'; }
field() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# run NAME DIR ARGS...: jamdeploy in DIR, --json to NAME.json; prints seconds and counts
run() {
	local name=$1 dir=$2 t0 t1; shift 2
	s3_reset
	t0=$(secs)
	(cd "$dir" && "$jd" "$@" --json >"$work/$name.json" 2>"$work/$name.err") ||
		{ echo "$name failed: $(head -c 400 "$work/$name.err")"; exit 1; }
	t1=$(secs)
	printf '%-16s %7.2f s  transformed %5s  local %5s  shared %5s  GET %5s  PUT %5s\n' "$name" \
		"$(echo "$t1 - $t0" | bc)" "$(field "$work/$name.json" transformed)" \
		"$(field "$work/$name.json" from_local_cache)" "$(field "$work/$name.json" from_shared_cache)" \
		"$(s3_count GET)" "$(s3_count PUT)"
	echo "$t1 - $t0" | bc >"$work/$name.secs"
}

mkdir w1 && cp -r site w1/site
# shellcheck disable=SC2086
run cold w1 build site --cache s3://jd-bench/cache $CACHE
mkdir w2 && cp -r site w2/site
# shellcheck disable=SC2086
run fresh-runner w2 build site --cache s3://jd-bench/cache $CACHE
echo "fresh runner / cold: $(echo "scale=3; $(cat "$work/fresh-runner.secs") / $(cat "$work/cold.secs")" | bc)"

for k in 1 2 3 4; do
	mkdir "s$k" && cp -r site "s$k/site"
	# shellcheck disable=SC2086
	run "shard-$k-of-4" "s$k" build site --cache s3://jd-bench/shards --shard "$k/4" $CACHE
done
mkdir s5 && cp -r site s5/site
# shellcheck disable=SC2086
run final-push s5 push site --to s3://jd-bench/site --cache s3://jd-bench/shards $CACHE
