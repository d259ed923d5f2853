#!/usr/bin/env bash
# bench/rollback.sh - the time of a 1,000-page rollback against a local s3rver.
#
# A site of N pages (default 1,000) that all share one stylesheet, pushed three times (every
# page and the stylesheet change each time), then `jamdeploy rollback` to the first version:
# every page is copied on the server (CopyObject from .jamdeploy/objects/), nothing is uploaded
# from the machine.  Printed beside it: the time of a push of that first version from its
# (cached) build, the way back without history, and the requests each one caused (counted by
# tests/s3/sigv4_proxy.py in --count-only mode; COPY is a PutObject with x-amz-copy-source).
# Not a test: nothing here fails on a number.  Needs s3rver (tests/npm-deps.sh) and
# python3-botocore.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
jd=${JAMDEPLOY:-$top/jamdeploy}
N=${N:-1000}
JOBS=${JOBS:-16}
S3_PROXY_ARGS=--count-only
. "$top/tests/s3/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/jd-bench-rollback.XXXXXX")
trap 's3_stop; rm -rf "$work"' EXIT
s3_start jd-bench
cd "$work"
printf 'deletes: { max: 100000 }\n' >jamdeploy.yml

version() { # V: site-V with N pages naming one stylesheet
	/usr/bin/python3 - "$N" "$1" <<'PY'
import os, sys
n, v = int(sys.argv[1]), sys.argv[2]
root = "site-" + v
os.makedirs(root + "/css", exist_ok=True)
open(root + "/css/site.css", "w").write("body { color: #%s%s%s; }\n" % (v, v, v))
for i in range(n):
    d = "%s/p/%d" % (root, i)
    os.makedirs(d, exist_ok=True)
    open(d + "/index.html", "w").write(
        "<!doctype html><title>Page %d</title><link rel=stylesheet href=/css/site.css>"
        "<h1>Page %d, version %s</h1>%s\n" % (i, i, v, "<p>text " * 50))
PY
}
for v in 1 2 3; do version $v; done
TO=s3://jd-bench/site
for v in 1 2 3; do "$jd" push site-$v --to "$TO" --endpoint "$S3_ENDPOINT" --jobs "$JOBS" -q; done

results=()
run() { # LABEL CMD...
	local label=$1 s e counts; shift
	s3_reset
	s=$(date +%s.%N)
	"$@" >"$work/out.log" 2>&1 || { echo "$label failed:"; tail -5 "$work/out.log"; }
	e=$(date +%s.%N)
	counts=$(s3_stats | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join("%s=%d" % (k, d[k]) for k in sorted(d)) or "none")')
	results+=("$(printf "%-50s %8.2f s   %s" "$label" "$(echo "$e - $s" | bc)" "$counts")")
}
run "rollback to deploy 1 ($N pages, copies)" "$jd" rollback --to "$TO" --endpoint "$S3_ENDPOINT" --jobs "$JOBS" 1
run "push of version 3 again (cached build)" "$jd" push site-3 --to "$TO" --endpoint "$S3_ENDPOINT" --jobs "$JOBS" -q
run "push of version 1 (the way back without history)" "$jd" push site-1 --to "$TO" --endpoint "$S3_ENDPOINT" --jobs "$JOBS" -q
printf "%-50s %10s   %s\n" "case" "wall" "requests"
printf '%s\n' "${results[@]}"
