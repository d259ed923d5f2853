#!/usr/bin/env bash
# images_cmd.sh - `jamdeploy images`: in place only when smaller, -o DIR, --webp, --json,
# corrupt files reported by name and left alone, --jobs.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
fx=$top/tests/images
cp "$fx/photo.png" "$fx/baseline-q90.jpg" "$fx/truncated.png" "$fx/one-pixel.png" .
sum_before=$(sha256sum truncated.png)

expect_exit 0 "images optimizes a PNG and a JPEG in place" "$JAMDEPLOY" images photo.png baseline-q90.jpg
check "in-place PNG is smaller" test "$(stat -c %s photo.png)" -lt "$(stat -c %s "$fx/photo.png")"
check "in-place JPEG is smaller" test "$(stat -c %s baseline-q90.jpg)" -lt "$(stat -c %s "$fx/baseline-q90.jpg")"
check "report names each file" grep -q "photo.png: .* -> " "$TMP/stdout"
cp photo.png photo-once.png
expect_exit 0 "a second run over optimized files succeeds" "$JAMDEPLOY" images photo.png
check "a second run does not grow the file" test "$(stat -c %s photo.png)" -le "$(stat -c %s photo-once.png)"

expect_exit 1 "a truncated PNG fails the run" "$JAMDEPLOY" images truncated.png one-pixel.png
stderr_has "the corrupt file is named" "'truncated.png'"
check "the corrupt file is left untouched" test "$(sha256sum truncated.png)" = "$sum_before"

cp "$fx/photo.png" "$fx/icc.jpg" "$fx/one-pixel.png" .
expect_exit 0 "-o DIR writes every input" "$JAMDEPLOY" images photo.png icc.jpg one-pixel.png -o out --jobs 2
check "-o DIR has all three files" test -s out/photo.png -a -s out/icc.jpg -a -s out/one-pixel.png
check "-o DIR leaves the inputs alone" cmp -s photo.png "$fx/photo.png"

expect_exit 0 "--webp writes a WebP beside the PNG" "$JAMDEPLOY" images photo.png -o w --webp
check "photo.webp is a WebP" sh -c 'head -c 12 w/photo.webp | tail -c 4 | grep -q WEBP'

expect_exit 0 "--json report" "$JAMDEPLOY" images photo.png icc.jpg -o j --json
check "--json lists both files with before/after" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert [f["file"] for f in d["files"]] == ["photo.png", "icc.jpg"]
assert all(f["after"] <= f["before"] and f["result"] in ("optimized", "kept") for f in d["files"])
assert d["after"] < d["before"]' "$TMP/stdout"

expect_exit 2 "--effort out of range is a usage error" "$JAMDEPLOY" images photo.png --effort 10

# Two inputs that would write the same output never race: the later one is refused, unchanged.
mkdir -p dup/a dup/b && cp "$fx/photo.png" dup/a/x.png && cp "$fx/photo.png" dup/b/x.png
expect_exit 2 "two inputs with one output name are refused" "$JAMDEPLOY" images dup/a/x.png dup/b/x.png -o dup/out
stderr_has "the refusal names both inputs and the output" "'dup/b/x.png' would write 'dup/out/x.png', as 'dup/a/x.png' does"
check "the first one was still written" [ -f dup/out/x.png ]
cp "$fx/photo.png" dup/y.png && cp "$fx/baseline-q90.jpg" dup/y.jpg
expect_exit 2 "x.png and x.jpg with --webp would both write x.webp: refused" "$JAMDEPLOY" images dup/y.png dup/y.jpg -o dup/out2 --webp
stderr_has "the refusal names the WebP" "would write 'dup/out2/y.webp'"
