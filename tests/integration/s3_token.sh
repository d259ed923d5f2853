# s3_token.sh - temporary credentials: AWS_SESSION_TOKEN is sent and signed.  The proxy in
# front of s3rver demands the token and checks with botocore that it is part of the signature.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"
trap 's3_stop; rm -rf "$TMP"' EXIT

token='FQoGZXIvYXdzEJr//////////wEaDOjdTestToken+/=='
S3_PROXY_ARGS="--session-token $token"
if ! s3_start jd-test; then
	not_ok "s3 servers start" "see the message above"
	exit 1
fi
mkdir -p site
printf '<!doctype html><p>token</p>\n' >site/index.html
push() { "$JAMDEPLOY" push site --to s3://jd-test/tok --endpoint "$S3_ENDPOINT" -v "$@"; }
export JD_OUTPUT_LOG=$TMP/all-output
S3_MORE_SECRETS="$token wrongTokenValue"

AWS_SESSION_TOKEN=$token expect_exit 0 "push with a session token" push
stderr_has "-v logs the requests" "request: PUT $S3_ENDPOINT/jd-test/tok/index.html -> 200"
check "every request carried a signed token (no refusals)" [ "$(grep -c '^REFUSED' "$S3_PROXY_LOG")" -eq 0 ]
expect_exit 1 "push without the token the server expects fails" push
stderr_has "the failure says InvalidToken" "InvalidToken"
AWS_SESSION_TOKEN=wrongTokenValue expect_exit 1 "push with a wrong token fails" push
if grep -qF -e wrongTokenValue -e "$token" -e "$AWS_SECRET_ACCESS_KEY" "$TMP/stdout" "$TMP/stderr"; then
	not_ok "no token or secret in the output" "found one"
else ok "no token or secret in the output"; fi
check "no request failed botocore's signature check" [ "$(grep -c '^MISMATCH' "$S3_PROXY_LOG")" -eq 0 ]
s3_no_secret "no secret or token in any output, -v included" "$JD_OUTPUT_LOG"
