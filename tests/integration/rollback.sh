# rollback.sh - deploy history and rollback (issue 18 item 5), on a directory target and on S3
# (s3rver behind the SigV4-checking proxy, which counts a CopyObject as COPY, not PUT).
#
# Three versions pushed (a page removed, a page added, the stylesheet's hashed name changing
# each time) with keep_old_assets: 0, so only the history keeps the old stylesheets; `deploys`
# lists 3; `rollback 1` makes version 1 live again: every live object's bytes equal version 1's
# `jamdeploy build`, the manifest names exactly those keys as a new deploy (4), the CDN (the
# Fastly stand-in) is asked to purge the changed pages, and on S3 no object is uploaded from the
# machine (the only PUTs are jamdeploy's own records under .jamdeploy/, the lease among them;
# the pages are COPYs).
# Also: rollback with no number goes to the one before the live one, history: 2 prunes the
# oldest deploy and the objects only it had, a missing kept object stops the rollback before
# any write, history: 0 refuses with a message, and the record holds the git commit (loose and
# packed refs, read without git) and who pushed.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"
. "$JD_TOP/tests/cdn/lib.sh"
FASTLY_TOKEN=fastlyKeyJamdeployTest-rb-4c1e
trap 's3_stop; api_stop FST; rm -rf "$TMP"' EXIT

# version N DIR: the site of version N
version() {
	rm -rf "$2"
	mkdir -p "$2/css" "$2/docs"
	printf '<!doctype html><title>Home</title><link rel=stylesheet href=/css/site.css><p>home v%s</p>\n' "$1" >"$2/index.html"
	printf '<!doctype html><title>Docs</title><link rel=stylesheet href=/css/site.css><p>docs</p>\n' >"$2/docs/index.html"
	printf 'body { color: #%s00; }\n' "$1$1" >"$2/css/site.css"
	[ "$1" = 1 ] && printf '<!doctype html><title>About</title><p>about</p>\n' >"$2/about.html"
	[ "$1" = 3 ] && printf '<!doctype html><title>New</title><p>new</p>\n' >"$2/new.html"
	return 0
}
# live_is NAME TARGETDIR BUILT: the manifest's live keys are BUILT's files, each with its bytes
live_is() {
	local r
	r=$(/usr/bin/python3 - "$2" "$3" <<'PY'
import json, os, sys
t, b = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(t, '.jamdeploy/manifest.json')))
live = sorted(k for k, e in m['files'].items() if e['last_live'] == m['deploy'])
built = sorted(os.path.relpath(os.path.join(r, f), b) for r, _, fs in os.walk(b) for f in fs)
if live != built:
    print('live keys %s, built %s' % (live, built)); sys.exit()
for k in built:
    if open(os.path.join(t, k), 'rb').read() != open(os.path.join(b, k), 'rb').read():
        print('%s differs' % k); sys.exit()
print('same')
PY
)
	if [ "$r" = same ]; then ok "$1"; else not_ok "$1" "$r"; fi
}

printf 'deletes: { keep_old_assets: 0 }\n' >jamdeploy.yml
for v in 1 2 3; do version $v v$v; "$JAMDEPLOY" build v$v -o b$v >/dev/null 2>&1; done

# ---- directory target
for v in 1 2 3; do "$JAMDEPLOY" push v$v --to out >/dev/null 2>&1; done
expect_exit 0 "dir: deploys" "$JAMDEPLOY" deploys --to out
check "dir: deploys lists 3" [ "$(grep -c . "$TMP/stdout")" = 3 ]
check "dir: the live one is marked" grep -q '^\* 3 ' "$TMP/stdout"
live_is "dir: version 3 is live" out b3
check "dir: version 1's stylesheet is kept for the history (keep_old_assets: 0)" \
	[ "$(ls out/css | wc -l)" = 3 ]
cp -r out out-dry
expect_exit 0 "dir: rollback -n" "$JAMDEPLOY" rollback -n --to out 1
check "dir: ... prints the plan" grep -q "index.html" "$TMP/stdout"
check "dir: ... and changes nothing" diff -r out-dry out
expect_exit 0 "dir: rollback 1" "$JAMDEPLOY" rollback --to out 1
stderr_has "dir: rollback says what it did" "rolled back out to deploy 1 (live as deploy 4)"
live_is "dir: version 1 is live again, byte for byte" out b1
check "dir: the manifest is a new deploy, 4" [ "$(json_field out/.jamdeploy/manifest.json 'd["deploy"]')" = 4 ]
check "dir: the removed page is gone" [ ! -e out/new.html ]
expect_exit 0 "dir: deploys after the rollback" "$JAMDEPLOY" deploys --to out --json
check "dir: deploys lists 4, the newest a rollback to 1" [ "$(json_field "$TMP/stdout" '[len(d["deploys"]), d["deploys"][0]["rollback_of"], d["live"]]')" = "[4, 1, 4]" ]
expect_exit 0 "dir: rollback with no number" "$JAMDEPLOY" rollback --to out
stderr_has "dir: ... goes to the one before the live one" "to deploy 3 (live as deploy 5)"
live_is "dir: version 3 is live again" out b3
expect_exit 2 "dir: a deploy not kept is a usage error" "$JAMDEPLOY" rollback --to out 99
stderr_has "dir: ... that says where to look" "jamdeploy deploys"
cp -r out out-before
rm out/.jamdeploy/objects/*
expect_exit 1 "dir: a missing kept object stops the rollback" "$JAMDEPLOY" rollback --to out 1
stderr_has "dir: ... naming what is missing" "no longer on the target"
check "dir: ... before any write" diff -r -x objects out-before out

# The record: the git commit of the work tree holding the site (read from .git), and who pushed.
if command -v git >/dev/null; then
	mkdir repo && cp -r v1 repo/public
	git -C repo init -q && git -C repo -c user.name=t -c user.email=t@example.com add -A &&
		git -C repo -c user.name=t -c user.email=t@example.com commit -qm v1
	GITHUB_ACTOR=octocat "$JAMDEPLOY" push repo/public --to gitout >/dev/null 2>&1
	"$JAMDEPLOY" deploys --to gitout --json >g.json 2>/dev/null
	check "record: the git commit of the site's work tree" [ "$(json_field g.json 'd["deploys"][0]["commit"]')" = "$(git -C repo rev-parse HEAD)" ]
	check "record: who pushed (GITHUB_ACTOR)" [ "$(json_field g.json 'd["deploys"][0]["who"]')" = octocat ]
	git -C repo pack-refs --all
	printf '<p>x\n' >repo/public/x.html
	env -u GITHUB_ACTOR USER=ann "$JAMDEPLOY" push repo/public --to gitout >/dev/null 2>&1
	"$JAMDEPLOY" deploys --to gitout --json >g.json 2>/dev/null
	check "record: a packed ref is read too" [ "$(json_field g.json 'd["deploys"][0]["commit"]')" = "$(git -C repo rev-parse HEAD)" ]
	check "record: who pushed (USER@host)" [ "$(json_field g.json 'd["deploys"][0]["who"]')" = "ann@$(hostname)" ]
else
	skip "record: the git commit of the site's work tree" "git is not installed"
fi

# history: 2 keeps two deploys, and the objects only the dropped one had go
mkdir h && cd h
printf 'history: 2\n' >jamdeploy.yml
for v in 1 2 3; do "$JAMDEPLOY" push ../v$v --to out >/dev/null 2>&1; done
"$JAMDEPLOY" deploys --to out --json >d.json 2>/dev/null
check "history 2: two deploys kept" [ "$(json_field d.json '[x["deploy"] for x in d["deploys"]]')" = "[3, 2]" ]
check "history 2: the dropped deploy's manifest is gone" [ ! -e out/.jamdeploy/deploys/00000001.json ]
sha=$(/usr/bin/python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' ../b1/about.html)
check "history 2: an object only deploy 1 had is gone" [ ! -e "out/.jamdeploy/objects/$sha" ]
sha=$(/usr/bin/python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' ../b2/index.html)
check "history 2: deploy 2's page is kept" [ -e "out/.jamdeploy/objects/$sha" ]
printf 'history: 0\n' >jamdeploy.yml
expect_exit 2 "history 0: rollback refuses" "$JAMDEPLOY" rollback --to out
stderr_has "history 0: ... saying why" "history is off"
cd ..

# ---- S3, with a CDN to purge
if ! s3_start jd-test; then
	not_ok "s3 servers start" "see the message above"
	exit 1
fi
api_start FST fastly --token "$FASTLY_TOKEN" || { not_ok "fastly server starts" "see stderr"; exit 1; }
mkdir s3 && cd s3
cat >jamdeploy.yml <<YML
deletes: { keep_old_assets: 0 }
base_url: https://www.example.com/
cdn:
  fastly: { service_id: SVC1, token_env: JD_FASTLY_TOKEN, endpoint: $FST_URL }
YML
export JD_FASTLY_TOKEN=$FASTLY_TOKEN
TO=s3://jd-test/site
E=(--endpoint "$S3_ENDPOINT")
for v in 1 2 3; do "$JAMDEPLOY" push ../v$v --to "$TO" "${E[@]}" >/dev/null 2>&1; done
expect_exit 0 "s3: deploys" "$JAMDEPLOY" deploys --to "$TO" "${E[@]}"
check "s3: deploys lists 3" [ "$(grep -c . "$TMP/stdout")" = 3 ]
: >"$FST_LOG"
s3_reset
expect_exit 0 "s3: rollback 1" "$JAMDEPLOY" rollback --to "$TO" "${E[@]}" 1 -v
s3_stats >stats.json
check "s3: the pages were copied on the server (CopyObject)" [ "$(json_field stats.json 'd.get("COPY", 0)')" = 3 ]
check "s3: the only PUTs are jamdeploy's records (lease, manifest, deploy, index)" [ "$(json_field stats.json 'd.get("PUT", 0)')" = 4 ]
check "s3: ... all under .jamdeploy/" [ "$(grep '^PUT ' "$TMP/stderr" | grep -vc '/site/\.jamdeploy/')" = 0 ]
check "s3: no signature mismatch" [ "$(json_field stats.json 'd.get("mismatch", 0)')" = 0 ]
s3_raw GET jd-test/site/.jamdeploy/manifest.json m.json
check "s3: the manifest is deploy 4, with version 1's keys" [ "$(json_field m.json '[d["deploy"], sorted(k for k, e in d["files"].items() if e["last_live"] == d["deploy"])]')" = "[4, ['about.html', '$(cd ../b1 && ls css/*.css)', 'docs/index.html', 'index.html']]" ]
same=1
for f in $(cd ../b1 && find . -type f | sed 's|^\./||'); do
	s3_raw GET "jd-test/site/$f" got && cmp -s got "../b1/$f" || { same=0; echo "# $f differs" >&2; }
done
check "s3: every live object's bytes are version 1's build" [ $same = 1 ]
s3_raw HEAD jd-test/site/about.html >head.txt
check "s3: a copied page has the manifest's Content-Type" grep -qix 'content-type: text/html; charset=utf-8' head.txt
check "s3: ... and its Cache-Control" grep -qix "cache-control: $(json_field m.json 'd["files"]["about.html"]["cache_control"]')" head.txt
! s3_raw GET jd-test/site/new.html got
check "s3: the page version 1 lacks is deleted" [ $? = 0 ]
check "s3: the CDN is asked to purge the changed pages (docs/ names the new stylesheet)" [ "$(api_items "$FST_LOG" | sort | tr '\n' ' ')" = "www.example.com/ www.example.com/docs/ www.example.com/docs/index.html www.example.com/index.html www.example.com/new.html " ]
expect_exit 0 "s3: deploys after the rollback" "$JAMDEPLOY" deploys --to "$TO" "${E[@]}"
check "s3: deploys lists 4" [ "$(grep -c . "$TMP/stdout")" = 4 ]
