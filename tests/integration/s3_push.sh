# s3_push.sh - `jamdeploy push --to s3://...` against s3rver behind the SigV4-checking proxy.
#
# The cases of issue 3: first push, no-change push (1 GET answered 304 from the cached
# manifest's ETag, nothing else; a plain GET when the cached copy is corrupt or gone), one
# file changed, header-only change, delete, keys with spaces/+/UTF-8/'..', a 100 MiB
# multipart file, the server dying mid-push, injected 503s, a wrong region (both ways AWS
# answers it: switched once, one warning), wrong credentials.  Every push runs with -v (one
# line per request on stderr), and every output of the script is searched for the secrets.  Objects are read back with the
# reference client (`aws s3api`, Debian's awscli) when it is installed; the proxy checks
# every request's signature with botocore, and the script fails on any mismatch.
# push ships the optimized site (HTML and CSS minified, CSS under a hashed name), so pages
# and stylesheets are compared with `jamdeploy build` of the same site; files the pipeline
# leaves alone (.txt, .bin) are compared with the source itself.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"
trap 's3_stop; rm -rf "$TMP"' EXIT

if ! s3_start jd-test; then
	not_ok "s3 servers start" "see the message above"
	exit 1
fi
ok "s3rver and the SigV4-checking proxy are up"
TO=s3://jd-test/site
export JD_OUTPUT_LOG=$TMP/all-output # every expect_exit's output, searched for secrets at the end
S3_MORE_SECRETS=wrongSecretXYZ123
# The request counts below are the upload's own: no deploy history (tests/integration/rollback.sh).
printf 'history: 0\n' >jamdeploy.yml
push() { "$JAMDEPLOY" push site --to "$TO" --endpoint "$S3_ENDPOINT" -v "$@"; }
MANIFEST_URL=$S3_ENDPOINT/jd-test/site/.jamdeploy/manifest.json
have_aws=0
command -v aws >/dev/null && have_aws=1
aws_s3() { aws --endpoint-url "$S3_ENDPOINT" --region us-east-1 s3api "$@"; }

# count_is NAME METHOD N: the proxy saw N requests of METHOD since the last s3_reset
count_is() {
	local got
	got=$(s3_count "$2")
	if [ "$got" -eq "$3" ]; then ok "$1"; else not_ok "$1" "$got $2 requests, want $3"; fi
}

# same_object NAME KEY FILE: the object reads back (through awscli) equal to FILE
same_object() {
	if [ $have_aws = 0 ]; then
		skip "$1" "awscli not installed"
		return
	fi
	rm -f "$TMP/got"
	if aws_s3 get-object --bucket jd-test --key "site/$2" "$TMP/got" >"$TMP/head.json" 2>"$TMP/aws.err" &&
		cmp -s "$TMP/got" "$3"; then
		ok "$1"
	else
		not_ok "$1" "get-object of 'site/$2' differs or failed: $(head -c 300 "$TMP/aws.err")"
	fi
}

# ship DIR [ARGS...]: build the site as push ships it into $TMP/DIR, its --json report
# (with "renames": {source path: hashed key}) into $TMP/DIR.json
ship() {
	local d=$1
	shift
	rm -rf "${TMP:?}/$d"
	if ! "$JAMDEPLOY" build site -o "$TMP/$d" --json "$@" >"$TMP/$d.json" 2>"$TMP/build.err"; then
		not_ok "build of the site as shipped ($d)" "$(head -c 300 "$TMP/build.err")"
	fi
}

# key_of DIR PATH: the key the source file PATH ships under in the build in $TMP/DIR
key_of() { json_field "$TMP/$1.json" "d['renames'].get('$2', '$2')"; }

# same_shipped NAME DIR PATH: the object for source file PATH reads back equal to the
# bytes the build in $TMP/DIR made of it, under the key that build gave it
same_shipped() {
	local key
	key=$(key_of "$2" "$3")
	same_object "$1" "$key" "$TMP/$2/$key"
}

mkdir -p site/css site/js "site/ü" "site/x..y" site/big
printf '<!doctype html><title>Home</title><link rel=stylesheet href=/css/a.css><p>home</p>\n' >site/index.html
printf '<!doctype html><title>About</title><p>about</p>\n' >site/about.html
printf 'body { color: red; }\n' >site/css/a.css
printf 'console.log("a");\n' >site/js/a.js
printf 'space\n' >"site/a b.html"
printf 'plus\n' >"site/x+y.txt"
printf 'utf8\n' >"site/ü/ሴ.txt"
printf 'dots\n' >"site/x..y/z.txt"
printf 'percent\n' >"site/100%.txt"
nfiles=$(find site -type f | wc -l)

# 1. first push into an empty bucket: every file and the manifest
s3_reset
expect_exit 0 "first push into an empty bucket" push
# OWN: what a push that changes something adds of its own (pipeline/lease.h, journal.h): PUTs of
# the lease, the journal and the manifest marked unfinished; one DeleteObjects at the end for
# the lease and the journal
OWN_PUT=3
count_is "first push: one PUT per file plus the manifest (and the lease, the journal, the mark)" PUT $((nfiles + 1 + OWN_PUT))
count_is "first push: nothing deleted (one DeleteObjects: the lease and the journal)" POST 1
ship first
same_shipped "index.html reads back byte for byte" first index.html
if [ $have_aws = 1 ]; then
	check "Content-Type survives" grep -q '"ContentType": "text/html; charset=utf-8"' "$TMP/head.json"
	check "Cache-Control survives" grep -q '"CacheControl": "public, max-age=0' "$TMP/head.json"
	sha=$(sha256sum "$TMP/first/index.html" | cut -d' ' -f1)
	check "x-amz-meta-jd-sha256 is the sha256 of the bytes" grep -q "\"jd-sha256\": \"$sha\"" "$TMP/head.json"
fi
same_shipped "key with a space" first "a b.html"
same_object "key with a plus" "x+y.txt" "site/x+y.txt"
same_object "key with UTF-8" "ü/ሴ.txt" "site/ü/ሴ.txt"
same_object "key with '..'" "x..y/z.txt" "site/x..y/z.txt"
same_object "key with '%'" "100%.txt" "site/100%.txt"

# 2. the same site again: one GET of the manifest, nothing else
s3_reset
expect_exit 0 "no-change push" push
count_is "no-change push: 1 GET (the manifest)" GET 1
count_is "no-change push: 0 PUT" PUT 0
count_is "no-change push: 0 POST (no DeleteObjects)" POST 0
count_is "no-change push: 0 DELETE" DELETE 0
count_is "no-change push: 0 HEAD" HEAD 0
# the first push kept the manifest it wrote and the ETag of that PUT in .jamdeploy/cache;
# s3rver itself answers If-None-Match (its GetObject compares it with the stored ETag), the
# proxy only counts the 304s as "not-modified"
count_is "no-change push: the manifest GET is a 304 (If-None-Match from the cached copy)" not-modified 1
stderr_has "-v: one line for the manifest GET and its 304" "request: GET $MANIFEST_URL -> 304, 0 B up, 0 B down, "
stderr_has "-v: the line names the attempt" "attempt 1"
check "-v: exactly one request line" [ "$(grep -c '^request: ' "$TMP/stderr")" -eq 1 ]
check "-v: no header in the log" sh -c "! grep -qi -e authorization -e x-amz- '$TMP/stderr'"

# 2b. a corrupt cached copy is not trusted: a plain GET, and the copy is written again
cached=$(ls .jamdeploy/cache/manifest-* 2>/dev/null)
check "the cached manifest is one file in .jamdeploy/cache" [ -f "$cached" ]
printf 'x' >>"$cached"
s3_reset
expect_exit 0 "no-change push with a corrupt cached manifest" push
count_is "corrupt copy: a plain GET (no 304)" not-modified 0
count_is "corrupt copy: still 1 GET, 0 PUT" GET 1
count_is "corrupt copy: 0 PUT" PUT 0
s3_reset
expect_exit 0 "the next push uses the copy written again" push
count_is "copy rewritten: 304 again" not-modified 1
rm -f "$cached"
s3_reset
expect_exit 0 "no-change push without a cached manifest" push
count_is "no copy: a plain GET" not-modified 0
count_is "no copy: 0 PUT" PUT 0

# 3. one file changed: it and the manifest
printf 'plus, changed\n' >"site/x+y.txt"
s3_reset
expect_exit 0 "push after one file changed" push
count_is "changed file: 2 PUT (the file, the manifest) and our own" PUT $((2 + OWN_PUT))
same_object "changed file reads back" "x+y.txt" "site/x+y.txt"

# 4. header-only change: a rule changes Cache-Control of the .txt files
printf 'history: 0\nrules:\n  - match: "**/*.txt"\n    cache_control: "public, max-age=60"\n' >jamdeploy.yml
ntxt=$(find site -name '*.txt' | wc -l)
s3_reset
expect_exit 0 "push after a header-only change" push --config jamdeploy.yml
count_is "header-only change: the .txt files and the manifest are sent again" PUT $((ntxt + 1 + OWN_PUT))
if [ $have_aws = 1 ]; then
	aws_s3 head-object --bucket jd-test --key "site/x..y/z.txt" >"$TMP/head.json" 2>/dev/null
	check "header-only change: new Cache-Control is served" grep -q '"CacheControl": "public, max-age=60"' "$TMP/head.json"
fi

# 5. delete
rm "site/a b.html"
s3_reset
expect_exit 0 "push after a file was removed" push --config jamdeploy.yml
count_is "delete: one DeleteObjects request (and one for the lease and the journal)" POST 2
# with deletes: the journal again (the deletes left) and the manifest again (the mark removed)
count_is "delete: only the manifest is PUT, and our own" PUT $((1 + OWN_PUT + 2))
if [ $have_aws = 1 ]; then
	if aws_s3 head-object --bucket jd-test --key "site/a b.html" >/dev/null 2>&1; then
		not_ok "deleted key is gone" "head-object still finds it"
	else ok "deleted key is gone"; fi
fi

# 6. 503 answers are retried
printf 'retried\n' >site/retry.txt
s3_reset
s3_fail 3 503 SlowDown PUT
expect_exit 0 "push through three injected 503 SlowDown answers" push --config jamdeploy.yml
count_is "the three 503s were answered" injected 3
same_object "the retried object landed" retry.txt site/retry.txt
stderr_has "-v: a retried request says why and when" "-> 503, "
stderr_has "-v: the retry reason is the S3 code" "; retry in "
stderr_has "-v: the retry reason is the S3 code (2)" "ms: HTTP 503 SlowDown"
stderr_has "-v: the later attempt is numbered" "-> 200, "
# the first PUT of a push is its lease now: that is the request the 503s hit
check "-v: attempts 2 to 4 are logged" grep -q "lock.json -> 200, .*attempt 4" "$TMP/stderr"

# 6b. a wrong --region: the proxy refuses the request the way AWS does, naming the bucket's
#     region; the push switches to it once, goes on, and warns once
hint="bucket 'jd-test' is in region 'us-east-1', not 'eu-west-1': set --region us-east-1 (or 'region: us-east-1' in jamdeploy.yml)"
printf 'region 1\n' >site/region1.txt
printf 'region 2\n' >site/region2.txt
s3_reset
expect_exit 0 "wrong --region (AuthorizationHeaderMalformed): the push completes" push --config jamdeploy.yml --region eu-west-1
stderr_has "wrong region: the hint names the bucket's region" "jamdeploy: warning: $hint [region-switch]"
check "wrong region: the hint is printed once" [ "$(grep -c 'warning: bucket' "$TMP/stderr")" -eq 1 ]
count_is "wrong region: one request refused, then every one signed for us-east-1" refused 1
count_is "wrong region: the two files and the manifest are PUT" PUT $((3 + OWN_PUT))
stderr_has "-v: the refused request says why it is retried" "-> 400, "
stderr_has "-v: the retry reason names the region" "retry in "
check "-v: the retry reason names the region (2)" grep -q "the bucket is in region us-east-1" "$TMP/stderr"
same_object "wrong region: the objects landed" region1.txt site/region1.txt
s3_wrong_region PermanentRedirect
printf 'region 3\n' >site/region3.txt
s3_reset
"$JAMDEPLOY" push site --to "$TO" --endpoint "$S3_ENDPOINT" --region eu-west-1 --json --config jamdeploy.yml \
	>"$TMP/stdout" 2>"$TMP/stderr"
rc=$?
cat "$TMP/stdout" "$TMP/stderr" >>"$JD_OUTPUT_LOG"
if [ $rc -eq 0 ]; then ok "wrong --region (301 PermanentRedirect, region in x-amz-bucket-region): the push completes"
else not_ok "wrong --region (301 PermanentRedirect): the push completes" "exit $rc: $(head -c 300 "$TMP/stderr")"; fi
count_is "PermanentRedirect: one request refused" refused 1
check "PermanentRedirect: --json lists the warning with its id" \
	[ "$(json_field "$TMP/stdout" "[w['id'] for w in d['warnings']]")" = "['region-switch']" ]
check "PermanentRedirect: --json warning message is the hint" \
	[ "$(json_field "$TMP/stdout" "d['warnings'][0]['message']")" = "$hint" ]
check "PermanentRedirect: the hint is on stderr once" [ "$(grep -c 'warning: bucket' "$TMP/stderr")" -eq 1 ]
same_object "PermanentRedirect: the object landed" region3.txt site/region3.txt
s3_wrong_region AuthorizationHeaderMalformed

# 7. a 100 MiB file goes multipart
head -c $((100 << 20)) /dev/urandom >site/big/video.bin
s3_reset
expect_exit 0 "push of a 100 MiB file" push --config jamdeploy.yml
count_is "100 MiB: CreateMultipartUpload + CompleteMultipartUpload" POST 3
count_is "100 MiB: 13 parts of 8 MiB and the manifest" PUT $((14 + OWN_PUT))
same_object "the 100 MiB object reads back byte for byte" big/video.bin site/big/video.bin

# 8. the server dies mid-push: after the manifest GET, two PUTs (the lease and the journal) and
#    the GET that checks the manifest once the lease is held, every connection is
#    dropped and s3rver is killed; the push fails and the old manifest stays.  s3rver is
#    restarted on its data and the next push completes.
if [ $have_aws = 1 ]; then aws_s3 get-object --bucket jd-test --key site/.jamdeploy/manifest.json "$TMP/manifest.before" >/dev/null 2>&1; fi
ship before --config jamdeploy.yml
mkdir -p site/outage
for i in 1 2 3 4 5 6; do printf 'after the outage %s\n' $i >site/outage/$i.txt; done
printf '<!doctype html><title>About</title><p>about, v2</p>\n' >site/about.html
s3_reset
s3_down_after 4
expect_exit 1 "push while the server dies mid-push fails" push --config jamdeploy.yml
stderr_has "the failure names the endpoint problem" "check --endpoint"
kill "$S3_UPSTREAM_PID"
wait "$S3_UPSTREAM_PID" 2>/dev/null
got=$(s3_count PUT)
if [ "$got" -eq 2 ]; then ok "two PUTs landed before the server died"; else not_ok "two PUTs landed before the server died" "$got"; fi
s3_restart_upstream || not_ok "s3rver restarts" "see above"
s3_up
if [ $have_aws = 1 ]; then
	aws_s3 get-object --bucket jd-test --key site/.jamdeploy/manifest.json "$TMP/manifest.after" >/dev/null 2>&1
	check "a failed push leaves the old manifest in place" cmp -s "$TMP/manifest.before" "$TMP/manifest.after"
	same_shipped "the old site's assets are still served" before css/a.css
fi
expect_exit 0 "after a restart the next push completes" push --config jamdeploy.yml
for i in 1 6; do same_object "outage file $i landed" outage/$i.txt site/outage/$i.txt; done
ship after --config jamdeploy.yml
same_shipped "the page changed during the outage is current" after about.html
s3_reset
expect_exit 0 "and then nothing is left to do" push --config jamdeploy.yml
count_is "after recovery: 0 PUT" PUT 0

# 9. wrong credentials: exit 1, a clear message, no secret anywhere
good_secret=$AWS_SECRET_ACCESS_KEY
printf 'new\n' >site/new.txt
AWS_SECRET_ACCESS_KEY=wrongSecretXYZ123 expect_exit 1 "wrong secret: exit 1" push --config jamdeploy.yml -v
stderr_has "wrong secret: says SignatureDoesNotMatch" "SignatureDoesNotMatch"
stderr_has "wrong secret: says what to check" "AWS_SECRET_ACCESS_KEY"
if grep -qF -e wrongSecretXYZ123 -e "$good_secret" "$TMP/stdout" "$TMP/stderr"; then
	not_ok "wrong secret: no secret printed, -v included" "a secret appears in the output"
else ok "wrong secret: no secret printed, -v included"; fi
AWS_ACCESS_KEY_ID=AKIDNOSUCHKEY expect_exit 1 "unknown access key: exit 1" push --config jamdeploy.yml
stderr_has "unknown access key: says InvalidAccessKeyId" "InvalidAccessKeyId"
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY AWS_SHARED_CREDENTIALS_FILE=$TMP/none \
	"$JAMDEPLOY" push site --to "$TO" --endpoint "$S3_ENDPOINT" >"$TMP/stdout" 2>"$TMP/stderr"
rc=$?
if [ $rc -ne 0 ]; then ok "no credentials: refused"; else not_ok "no credentials: refused" "exit 0"; fi
stderr_has "no credentials: says what to set" "AWS_ACCESS_KEY_ID"

# No secret in anything this script printed, -v lines included.
s3_no_secret "no secret or wrong secret in any output of this script (-v included)" "$JD_OUTPUT_LOG"

# Every request above was signed correctly (the wrong-secret ones aside).
# The wrong-secret push stops at its first request, the manifest GET: the only mismatch.
mismatches=$(grep -c '^MISMATCH' "$S3_PROXY_LOG" || true)
provoked=$(grep -c '^MISMATCH GET /jd-test/site/.jamdeploy/manifest.json$' "$S3_PROXY_LOG" || true)
if [ "$mismatches" -eq 1 ] && [ "$provoked" -eq 1 ]; then
	ok "botocore verified every request but the one signed with a wrong secret"
else
	not_ok "botocore verified every request" "$(grep -A12 '^MISMATCH' "$S3_PROXY_LOG" | head -40)"
fi
