#!/usr/bin/env bash
# s3_client.sh - the S3 client (build/tests/test_s3_client) against s3rver behind the
# signature-checking proxy; then the proxy's verdict: no request may fail verification.
set -u
cd "$(dirname "$0")/../.."
source tests/s3/lib.sh
trap s3_stop EXIT
: "${TEST_BIN_DIR:=$PWD/build/tests}"

if ! s3_start jd-test; then
	echo "not ok - s3 servers start (see the message above)"
	exit 1
fi
echo "ok - s3rver and the SigV4-checking proxy are up"
out=$(mktemp)
JD_S3_ENDPOINT=$S3_ENDPOINT JD_S3_BUCKET=jd-test "$TEST_BIN_DIR/test_s3_client" >"$out" 2>&1
rc=$?
cat "$out"
S3_MORE_SECRETS=wrongSecretThatMustNotBePrinted s3_no_secret "no secret in the client's output" "$out"
rm -f "$out"
# The one request signed with a wrong secret on purpose (the PUT of site/x.txt in the
# wrong-credentials check) must be the only one botocore rejects.
mismatches=$(grep -c '^MISMATCH' "$S3_PROXY_LOG" 2>/dev/null || true)
provoked=$(grep -c '^MISMATCH PUT /jd-test/site/x.txt$' "$S3_PROXY_LOG" 2>/dev/null || true)
if [ "${mismatches:-0}" -eq 1 ] && [ "${provoked:-0}" -eq 1 ]; then
	echo "ok - botocore verified the signature of every request but the wrong-secret one"
else
	echo "not ok - $mismatches requests failed botocore's signature check:"
	sed 's/^/# /' "$S3_PROXY_LOG" | head -40
fi
# refused requests are the ones the test provoked on purpose (wrong secret, wrong region)
refused=$(grep -c '^REFUSED' "$S3_PROXY_LOG" 2>/dev/null || true)
echo "# proxy refused $refused requests on purpose (wrong region, wrong secret)"
exit $rc
