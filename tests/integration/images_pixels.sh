#!/usr/bin/env bash
# images_pixels.sh - lossless means lossless, checked with a decoder that is not ours.
#
# Every PngSuite file (but the corrupt x*.png) and every PNG/JPEG fixture in tests/images is
# optimized by `test_images --write OUTDIR FILE...` (the unit-test binary used as a tool), then
# Debian's PIL decodes input and output and compares the pixels: for PNG as RGBA (16-bit images
# as 16-bit samples), for JPEG (lossless mode) the decoded samples in the file's own mode.
# One "ok - pixels identical: FILE" line per file.
#
# Then `jamdeploy build` of a site holding every fixture (the transform stage gives the encoders
# an output buffer of the input's size + 1 KiB, `images` a larger one): each fixture cases.test
# calls good ships without a warning and with the same pixels, each corrupt one (input, limit)
# gets a warning that names it, and every warning names its file.
set -u
cd "$(dirname "$0")/../.."
bin=${TEST_BIN_DIR:-build/tests}/test_images
py=/usr/bin/python3
if ! "$py" -c 'import PIL' 2>/dev/null; then
	echo "not ok - python3-pil is installed (apt-get install python3-pil)"
	exit 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
files=()
for f in tests/data/pngsuite/png/*.png tests/images/*.png tests/images/*.jpg; do
	case $(basename "$f") in x*.png) continue ;; esac
	files+=("$f")
done
if ! "$bin" --write "$out" "${files[@]}" >"$out/results.txt"; then
	echo "not ok - test_images --write wrote every output"
fi
"$py" - "$out" "${files[@]}" <<'PY'
import os, sys
from PIL import Image

out = sys.argv[1]
results = {}
for line in open(os.path.join(out, "results.txt")):
    res, before, after, name = line.split(None, 3)
    results[name.strip()] = res


def pixels(path):
    im = Image.open(path)
    im.load()
    if im.format == "PNG":
        # PIL keeps 16-bit grey as I;16; other 16-bit PNGs it reads as 8-bit, so compare those
        # at PIL's precision (our own C test compares every 16-bit sample).
        # An 8-bit result of a 16-bit grey input is compared as value * 257.
        if im.mode in ("I;16", "I", "I;16B"):
            return "RGBA16", im.size, [(v, v, v, 65535) for v in im.getdata()]
        return "RGBA", im.size, im.convert("RGBA").tobytes()
    return im.mode, im.size, im.tobytes()


for f in sys.argv[2:]:
    res = results.get(f, "missing")
    if res in ("input", "limit"):
        print("ok - pixels identical: %s (refused as %s, left alone)" % (f, res))
        continue
    o = os.path.join(out, os.path.basename(f))
    try:
        a, b = pixels(f), pixels(o)
    except Exception as e:  # noqa: BLE001 - report any decoder failure as a test failure
        print("not ok - pixels identical: %s: %s" % (f, e))
        continue
    if a[0] != b[0] and "RGBA16" in (a[0], b[0]):
        a, b = [(m, sz, d if m == "RGBA16" else [tuple(c * 257 for c in p) for p in zip(*[iter(d)] * 4)])
                for m, sz, d in (a, b)]
    if a[1:] == b[1:]:
        print("ok - pixels identical: %s (%s)" % (f, res))
    else:
        print("not ok - pixels identical: %s: %s %s vs %s %s" % (f, a[0], a[1], b[0], b[1]))
PY

jd=${JAMDEPLOY:-$PWD/jamdeploy}
mkdir -p "$out/site"
cp tests/images/*.png tests/images/*.jpg "$out/site/"
if ! (cd "$out" && "$jd" build site -o built >build.out 2>build.err); then
	echo "not ok - build of every image fixture succeeds: $(head -c 300 "$out/build.err")"
fi
"$py" - "$out" tests/images/cases.test <<'PY'
import os, re, sys
from PIL import Image

out, cases = sys.argv[1:3]
warnings = [l for l in open(os.path.join(out, "build.err")) if "warning:" in l]
for l in warnings:
    named = re.match(r"jamdeploy: warning: site/[^ :]+\.(png|jpg): ", l)
    print(("ok" if named else "not ok") + " - build warning names its file: " + l.strip()[:200])
fixtures = [l.split() for l in open(cases) if not l.startswith("#") and len(l.split()) == 2]
bad = [name for name, want in fixtures if want in ("input", "limit")]
print(("ok" if len(warnings) == len(bad) else "not ok") +
      " - build: one warning for each corrupt fixture and no other (%d, want %d)" % (len(warnings), len(bad)))
for name, want in fixtures:
    mine = [l for l in warnings if "site/" + name + ":" in l]
    if want in ("input", "limit"):
        print(("ok" if mine else "not ok") + " - build: corrupt %s gets a warning that names it" % name)
        continue
    print(("ok" if not mine else "not ok") + " - build: %s ships without a warning%s" %
          (name, "" if not mine else ": " + mine[0].strip()[:200]))
    try:
        a, b = (Image.open(os.path.join(out, d, name)) for d in ("site", "built"))
        a.load(), b.load()
        same = a.mode == b.mode and a.size == b.size and a.tobytes() == b.tobytes()
        if not same and a.format == "PNG":
            same = a.size == b.size and a.convert("RGBA").tobytes() == b.convert("RGBA").tobytes()
    except Exception as e:  # noqa: BLE001 - any decoder failure is a test failure
        same = False
    print(("ok" if same else "not ok") + " - build: %s ships the same pixels" % name)
PY
