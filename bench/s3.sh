#!/usr/bin/env bash
# bench/s3.sh - jamdeploy push vs `aws s3 sync` and `rclone sync` against a local s3rver.
#
# One generated site (N files, default 5,000, about 58 MB), three cases per tool, each into
# its own prefix of the same bucket:
#   first push       empty prefix
#   no-change push   the same site again
#   touched rebuild  every file's mtime changed, bytes unchanged (a rebuild that rewrote them)
# Wall time, the tool's own CPU time (user + sys of its process and children, from
# bash's `time`: what the tool costs apart from waiting on the server), and the requests the
# server saw (counted by tests/s3/sigv4_proxy.py in --count-only mode, which all three tools
# go through alike; "not-modified" counts 304 answers).  Not a test: nothing here fails on a
# number.  Needs: s3rver (tests/npm-deps.sh), python3-botocore; awscli and rclone are
# compared when installed (Debian packages awscli, rclone).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
jd=${JAMDEPLOY:-$top/jamdeploy}
N=${N:-5000}
JOBS=${JOBS:-16}
S3_PROXY_ARGS=--count-only
. "$top/tests/s3/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/jd-bench-s3.XXXXXX")
trap 's3_stop; rm -rf "$work"' EXIT
s3_start jd-bench
cd "$work"

echo "generating a $N-file site"
/usr/bin/python3 - "$N" <<'PY'
import os, sys, random
n = int(sys.argv[1]); random.seed(1)
for i in range(n):
    d = f"site/section{i % 50}/page{i // 50 % 20}"
    os.makedirs(d, exist_ok=True)
    ext = ("html", "css", "js", "png", "json")[i % 5]
    with open(f"{d}/f{i}.{ext}", "wb") as f:
        f.write(os.urandom(random.randint(2000, 21000)))
PY
du -sh --apparent-size site | sed "s/^/site size (bytes of the files): /"
sleep 2 # let mtimes age past the hash cache's racy window

# run LABEL CMD...: time CMD, print wall and CPU seconds and the request counts it caused
results=()
TIMEFORMAT='%U %S'
run() {
	local label=$1 s e cpu counts; shift
	s3_reset
	s=$(date +%s.%N)
	# bash's own `time` (not /usr/bin/time): it can time the shell functions below too
	{ time "$@" >"$work/out.log" 2>&1 || { echo "$label failed:"; tail -5 "$work/out.log"; }; } \
		2>"$work/time.txt"
	e=$(date +%s.%N)
	cpu=$(awk '{print $1 + $2}' "$work/time.txt" | tail -1)
	counts=$(s3_stats | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join("%s=%d" % (k, d[k]) for k in sorted(d)) or "none")')
	results+=("$(printf '%-34s %8.2f %8.2f   %s' "$label" "$(echo "$e - $s" | bc)" "$cpu" "$counts")")
}
touch_all() { find site -type f -exec touch {} +; sleep 2; }

run "jamdeploy first push" "$jd" push site --to s3://jd-bench/jd --endpoint "$S3_ENDPOINT" --jobs "$JOBS" -q
run "jamdeploy no-change push" "$jd" push site --to s3://jd-bench/jd --endpoint "$S3_ENDPOINT" --jobs "$JOBS" -q
touch_all
run "jamdeploy touched rebuild" "$jd" push site --to s3://jd-bench/jd --endpoint "$S3_ENDPOINT" --jobs "$JOBS" -q

# Debian's awscli (/usr/bin/aws) first: an `aws` earlier on PATH may be a pyenv shim, whose
# own start-up (seconds) would be counted against aws
AWS=$(command -v /usr/bin/aws || command -v aws || true)
if [ -n "$AWS" ]; then
	awssync() { "$AWS" --endpoint-url "$S3_ENDPOINT" --region us-east-1 s3 sync site s3://jd-bench/aws --only-show-errors; }
	run "aws s3 sync first push" awssync
	run "aws s3 sync no-change" awssync
	touch_all
	run "aws s3 sync touched rebuild" awssync
else
	results+=("aws s3 sync: not installed (apt-get install awscli)")
fi

if command -v rclone >/dev/null; then
	export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other \
		RCLONE_CONFIG_BENCH_ENDPOINT=$S3_ENDPOINT RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID \
		RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY RCLONE_CONFIG_BENCH_REGION=us-east-1 \
		RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true
	# AWS_CA_BUNDLE (set in some CI images) makes rclone refuse a plain-HTTP endpoint
	rcl() { env -u AWS_CA_BUNDLE rclone sync --checksum --fast-list --transfers "$JOBS" site bench:jd-bench/rclone; }
	run "rclone sync first push" rcl
	run "rclone sync no-change" rcl
	touch_all
	run "rclone sync touched rebuild" rcl
else
	results+=("rclone: not installed (apt-get install rclone)")
fi

uptime | sed 's/^/machine load: /'
printf '\n%-34s %8s %8s   %s\n' "case ($N files, --jobs/transfers $JOBS)" "wall s" "cpu s" "requests seen by the server"
printf '%s\n' "${results[@]}"
