#!/usr/bin/env bash
# bench/resume.sh - what the intent journal saves when a push is killed half way.
#
# Two versions of an N-page site (default 3,000; tests/two_sites.sh: every page, the stylesheet
# and the script change between them, and each has 40 pages of its own), on a local s3rver
# (behind tests/s3/sigv4_proxy.py in --count-only mode) and on a directory target:
#
#   forward:  version 1 live; a push of version 2 is stopped and killed with kill -9 when about
#             half of its changed files have landed (the proxy's PUT count, or the files newer
#             than the push in the folder); then version 2 is pushed again.
#   rollback: the same kill, but the next push is of version 1 again (a rollback by push: the
#             files of version 2 that landed must be put back).
#
# Printed for each: the files the killed push changes, the files that landed before the kill
# (both counted from outside by tests/live_site.py --missing), the files the next push sent
# (its --json "uploaded") and deleted, its wall time, and what the next push would send
# without the journal (beside the time of a whole push of version 1), and on S3 the requests
# of the next push: it asks the target (HEAD) what each key of the journal holds.  Without the
# journal the manifest still names version 1, so a push of version 2 re-sends every changed
# file, and a push of version 1 sends nothing and leaves the landed files of version 2 live:
# only `push --force` repaired that, uploading every file of the site.  The saving is
# 1 - sent / without.  jamdeploy.yml has `history: 0`: the deploy history's own writes (objects/,
# deploys/) would blur the PUT count the kill watches and the uploads counted.
# Not a test: nothing here fails on a number.  N=1000 is the quick mode.  Needs s3rver
# (tests/npm-deps.sh) and python3-botocore.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
jd=${JAMDEPLOY:-$top/jamdeploy}
N=${N:-3000}
JOBS=${JOBS:-16}
S3_PROXY_ARGS=--count-only
JD_TOP=$top
. "$top/tests/s3/lib.sh"
. "$top/tests/two_sites.sh" # gen_site, LIVE
work=$(mktemp -d "${TMPDIR:-/tmp}/jd-bench-resume.XXXXXX")
trap 's3_stop; rm -rf "$work"' EXIT
s3_start jd-bench
cd "$work"
printf 'deletes: { max: 100000, keep_old_assets: 0 }\nhistory: 0\n' >jamdeploy.yml

echo "generating two versions of a $N-page site"
gen_site v1 a "$N"
gen_site v2 b "$N"
sleep 2 # past the build cache's racy window (site/buildcache.c): the pushes go straight to uploading
"$jd" build v1 -o build_v1 -q
"$jd" build v2 -o build_v2 -q

# push SITE TARGET [ARGS...]
push() {
	local site=$1 to=$2
	shift 2
	case $to in s3://*) set -- --endpoint "$S3_ENDPOINT" "$@" ;; esac
	"$jd" push "$site" --to "$to" --jobs "$JOBS" "$@"
}

# stop_at PID TARGET COUNT: SIGSTOP PID once COUNT files have landed (the proxy's PUT count, or
# the target's files newer than ./started); one process polling, so the stop lags little
stop_at() {
	/usr/bin/python3 - "$@" <<'PY'
import json, os, signal, sys, time, urllib.request
pid, to, want = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
since = os.stat('started').st_mtime_ns
def landed():
    if to.startswith('s3://'):
        with urllib.request.urlopen(os.environ['S3_ENDPOINT'] + '/__proxy/stats') as r:
            return json.load(r).get('PUT', 0)
    n = 0
    for d, dirs, files in os.walk(to):
        dirs[:] = [x for x in dirs if x != '.jamdeploy']
        for f in files:
            try:
                n += os.stat(os.path.join(d, f)).st_mtime_ns > since
            except FileNotFoundError:
                pass
    return n
while True:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        break
    if landed() >= want:
        os.kill(pid, signal.SIGSTOP)
        break
    time.sleep(0.005)
PY
}

# kill_half SITE TARGET: push SITE, stop it when about half of what it changes has landed, kill -9
kill_half() {
	local site=$1 to=$2 pid
	s3_reset
	touch started
	if [ "${to#s3://}" != "$to" ]; then
		"$jd" push "$site" --to "$to" --endpoint "$S3_ENDPOINT" --jobs "$JOBS" -q >/dev/null 2>&1 &
	else
		"$jd" push "$site" --to "$to" --jobs "$JOBS" -q >/dev/null 2>&1 &
	fi
	pid=$!
	stop_at $pid "$to" $((changed / 2 - JOBS))
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	sleep 0.5 # requests the proxy had already forwarded finish in s3rver
}

rows=() whole=()
# measure KIND TARGET CASE KILLED NEXT: the killed push of site KILLED, then a push of NEXT
measure() {
	local kind=$1 to=$2 case=$3 killed=$4 next=$5 changed missing without s e sent deleted reqs=
	changed=$($LIVE "$to" --missing build_$killed)
	kill_half $killed "$to"
	missing=$($LIVE "$to" --missing build_$killed)
	s3_reset
	s=$(date +%s.%N)
	push $next "$to" --json >next.json 2>next.err || { echo "$kind $case: the next push failed:"; tail -3 next.err; }
	e=$(date +%s.%N)
	case $to in s3://*) reqs=$(s3_stats | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join("%s=%d" % (k, d[k]) for k in sorted(d)))') ;; esac
	sent=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["uploaded"])' next.json)
	deleted=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["deleted"])' next.json)
	if [ "$case" = forward ]; then
		without=$changed
	else
		without=$(find build_$next -type f | wc -l) # push --force: every file
	fi
	[ "$($LIVE "$to" --missing build_$next)" = 0 ] || echo "$kind $case: the target is not version ${next#v} after the next push"
	rows+=("$(printf "%-9s %-8s %8d %8d %8d %8d %8d %7.0f%% %7.2f s   %s" "$kind" "$case" "$changed" \
		$((changed - missing)) "$sent" "$deleted" "$without" \
		"$(echo "100 * ($without - $sent) / $without" | bc -l)" "$(echo "$e - $s" | bc)" "$reqs")")
}

for to in dir-target s3://jd-bench/site; do
	kind=$([ "$to" = dir-target ] && echo directory || echo S3)
	echo "$kind: first push of version 1"
	s=$(date +%s.%N)
	push v1 "$to" -q
	whole+=("$(printf "%-9s a whole push of version 1 (%d files, empty target): %.2f s" "$kind" \
		"$(find build_v1 -type f | wc -l)" "$(echo "$(date +%s.%N) - $s" | bc)")")
	measure $kind "$to" rollback v2 v1
	measure $kind "$to" forward v2 v2
done

echo
echo "$N pages, $JOBS jobs; counts are files (without = what the next push sends without the journal)"
printf "%-9s %-8s %8s %8s %8s %8s %8s %8s %9s%s\n" target case changed landed sent deleted without saving "next push" "   requests"
printf '%s\n' "${rows[@]}"
printf '%s\n' "${whole[@]}"
