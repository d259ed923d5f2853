# s3_throttle.sh - `jamdeploy push` against an S3 server that throttles (issue 15 item 7).
#
# The proxy in front of s3rver (tests/s3/lib.sh) answers PUTs 503 SlowDown:
#   1. every PUT for 8 seconds, then none: the client-wide pacer (upload/http.c) must slow the
#      whole push down (few requests while throttled: the old loop sent five per file within
#      four seconds, then gave up) and the push must complete once the throttling stops;
#   2. half of the PUTs, at random, over a few hundred files: every object gets enough tries
#      that the push completes, and every object reads back byte for byte.
# Request counts are upper bounds on what a fast machine sends; a slow machine sends fewer
# (the pacer is driven by the clock), so no bound here depends on the machine's speed, and
# nothing checks how long a push took.
# The sites are text files only, so every push says --yes (a site without a page is refused).
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"
trap 's3_stop; rm -rf "$TMP"' EXIT

if ! s3_start jd-test; then
	not_ok "s3 servers start" "see the message above"
	exit 1
fi
ok "s3rver and the SigV4-checking proxy are up"
export JD_OUTPUT_LOG=$TMP/all-output
have_aws=0
command -v aws >/dev/null && have_aws=1

# same_tree NAME PREFIX DIR: every object under s3://jd-test/PREFIX/ (the manifest aside) reads
# back equal to the file of the same name in DIR, and there is one object per file
same_tree() {
	if [ $have_aws = 0 ]; then
		ok "$1 # skip: awscli not installed"
		return
	fi
	rm -rf "$TMP/got"
	if ! aws --endpoint-url "$S3_ENDPOINT" --region us-east-1 s3 cp --recursive --quiet \
		"s3://jd-test/$2/" "$TMP/got" 2>"$TMP/aws.err"; then
		not_ok "$1" "aws s3 cp failed: $(head -c 300 "$TMP/aws.err")"
	elif diff -r -x .jamdeploy "$3" "$TMP/got" >"$TMP/diff" 2>&1; then
		ok "$1"
	else
		not_ok "$1" "$(head -c 300 "$TMP/diff" | tr '\n' ' ')"
	fi
}

# Plain-text files: the build leaves them as they are, so the source is what is shipped.
mkdir -p few many
for i in $(seq 1 40); do printf 'few %s\n' "$i" >few/f$i.txt; done
for i in $(seq 1 300); do
	head -c $(((i * 97) % 3000 + 1)) /dev/urandom >many/m$i.txt
done

# 1. Every PUT is throttled for 8 seconds.  40 files and 16 jobs: the old loop sent every
#    file's five attempts (200 PUTs, ~180 a second) and failed after ~4 s.  The pacer cuts
#    the whole client to one request every 2 s after the first burst of 16, so the proxy sees
#    16 + about 8 / 2 throttled PUTs; 60 leaves room for retries the first answers let through.
s3_reset
s3_fail_for 8 503 SlowDown PUT
expect_exit 0 "every PUT throttled for 8 s: the push completes once the throttling stops" \
	"$JAMDEPLOY" push few --to s3://jd-test/few --endpoint "$S3_ENDPOINT" -v --yes
throttled=$(s3_count injected)
echo "# 8 s of throttling: $throttled PUTs answered 503, $(s3_count PUT) PUTs in all"
if [ "$throttled" -le 60 ]; then
	ok "while every PUT is throttled the whole client slows down ($throttled throttled PUTs in 8 s, at most 60)"
else
	not_ok "while every PUT is throttled the whole client slows down" "$throttled throttled PUTs in 8 s, want at most 60"
fi
stderr_has "-v: a throttled request says so" "ms: HTTP 503 SlowDown"
same_tree "after the throttling every object reads back byte for byte" few few

# 2. Half of the PUTs are throttled, at random, across 300 files (and the manifest).  With
#    five attempts per object the old loop lost about 300/32 objects and failed.
s3_reset
s3_fail_share 0.5 100000 503 SlowDown PUT
expect_exit 0 "half of the PUTs throttled: a 300-file push completes" \
	"$JAMDEPLOY" push many --to s3://jd-test/many --endpoint "$S3_ENDPOINT" --yes
echo "# half throttled: $(s3_count injected) PUTs answered 503, $(s3_count PUT) PUTs in all"
check "half of the PUTs throttled: some were" [ "$(s3_count injected)" -gt 100 ]
same_tree "half of the PUTs throttled: every object reads back byte for byte" many many
s3_reset
expect_exit 0 "and a push of the same site then has nothing to send" \
	"$JAMDEPLOY" push many --to s3://jd-test/many --endpoint "$S3_ENDPOINT" --yes
check "nothing to send: 0 PUT" [ "$(s3_count PUT)" -eq 0 ]

s3_no_secret "no secret in any output of this script (-v included)" "$JD_OUTPUT_LOG"
mismatches=$(grep -c '^MISMATCH' "$S3_PROXY_LOG" || true)
check "botocore verified every request" [ "$mismatches" -eq 0 ]
