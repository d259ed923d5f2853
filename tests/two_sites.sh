# tests/two_sites.sh - two versions of one site for the resume and lock tests, and the
# helpers that push them (sourced).
#
# gen_site DIR VERSION PAGES: PAGES pages, an index and 40 pages of the version's own
# (only-VERSION/N.html), each loading a stylesheet, a script and an image.  VERSION (a or b)
# changes every page, the stylesheet and the script, so their hashed names differ between
# versions; only-VERSION pages load a stylesheet of their own too.  With
# `keep_old_assets: 0` a push from one version to the other replaces every page and
# deletes the other's assets and 40 pages: every step of a push matters.
# LIVE: tests/live_site.py, which checks what a target serves.
# push SITE TARGET [ARGS...]: jamdeploy push, with --endpoint "$S3_ENDPOINT" for S3 targets.
# start_push SITE TARGET: the same in the background, quiet, its own PID in $pid (a shell
# function run with & would be a subshell, and kill -9 would leave the push running).
LIVE="/usr/bin/python3 $JD_TOP/tests/live_site.py"

# two_sites_setup NAME: s3rver on loopback (NO_S3=1 and NAME skipped when it cannot start;
# S3 is the prefix to push to) and the jamdeploy.yml these tests share: deletes unlimited, no
# old assets kept, and history: 0, since the deploy history's own writes would move the
# request counts they measure.
two_sites_setup() {
	if ! s3_start jd-test >"$TMP/s3.err" 2>&1; then
		skip "$1" "$(cat "$TMP/s3.err")"
		NO_S3=1
	else
		NO_S3=0
		trap 's3_stop; rm -rf "$TMP"' EXIT
	fi
	S3=s3://jd-test/site
	printf 'deletes: { max: 100000, keep_old_assets: 0 }\nhistory: 0\n' >jamdeploy.yml
}

push() {
	local site=$1 to=$2
	shift 2
	case $to in s3://*) set -- --endpoint "$S3_ENDPOINT" "$@" ;; esac
	"$JAMDEPLOY" push "$site" --to "$to" "$@"
}

start_push() {
	if [ "${2#s3://}" != "$2" ]; then
		"$JAMDEPLOY" push "$1" --to "$2" --endpoint "$S3_ENDPOINT" -q >/dev/null 2>&1 &
	else
		"$JAMDEPLOY" push "$1" --to "$2" -q >/dev/null 2>&1 &
	fi
	pid=$!
}

gen_site() {
	local dir=$1 v=$2 n=$3 i
	rm -rf "$dir"
	mkdir -p "$dir/css" "$dir/js" "$dir/img" "$dir/only-$v"
	printf 'body { color: %s; }\n' "$([ "$v" = a ] && echo red || echo blue)" >"$dir/css/site.css"
	printf '.only { margin: 0 %spx; }\n' "$([ "$v" = a ] && echo 1 || echo 2)" >"$dir/css/only-$v.css"
	printf 'console.log("version %s");\n' "$v" >"$dir/js/app.js"
	printf '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>\n' >"$dir/img/logo.svg"
	for i in $(seq 1 "$n"); do
		printf '<!doctype html><title>%s %s</title><link rel=stylesheet href=/css/site.css><script src=/js/app.js></script><img src=/img/logo.svg alt=""><p>page %s of version %s</p><a href=/p%s.html>next</a>\n' \
			"$v" "$i" "$i" "$v" "$((i % n + 1))" >"$dir/p$i.html"
	done
	for i in $(seq 1 40); do
		printf '<!doctype html><title>only %s</title><link rel=stylesheet href=/css/site.css><link rel=stylesheet href=/css/only-%s.css><p>only in %s: %s</p>\n' \
			"$v" "$v" "$v" "$i" >"$dir/only-$v/$i.html"
	done
	printf '<!doctype html><title>home %s</title><link rel=stylesheet href=css/site.css><p>home of version %s</p>\n' "$v" "$v" >"$dir/index.html"
}
