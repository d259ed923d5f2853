# credentials_refresh.sh - short-lived credentials are renewed during a long push.  The STS
# stub issues role credentials that live 20 seconds (the S3 proxy refuses them after that
# with ExpiredToken); the proxy holds every request 1 s and the push sends one request at a
# time, so it outlives three sets of keys.  Every request must verify, and the push must
# have used several keys, each fetched before the previous one ran out.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"
. "$JD_TOP/tests/credentials/lib.sh"
trap 'stub_stop; s3_stop; rm -rf "$TMP"' EXIT

if ! s3_start jd-test || ! stub_start --lifetime 20; then
	not_ok "servers start" "see the message above"
	exit 1
fi
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
export AWS_SHARED_CREDENTIALS_FILE=$TMP/aws-credentials AWS_CONFIG_FILE=$TMP/aws-config
export JD_OUTPUT_LOG=$TMP/all-output
cat >"$AWS_SHARED_CREDENTIALS_FILE" <<EOC
[base]
aws_access_key_id = $S3_TEST_ACCESS_KEY
aws_secret_access_key = $S3_TEST_SECRET
EOC
cat >"$AWS_CONFIG_FILE" <<'EOC'
[profile deploy]
role_arn = arn:aws:iam::111111111111:role/jd-deploy
source_profile = base
EOC
mkdir -p site
for i in $(seq 1 40); do printf '<!doctype html><p>page %d</p>\n' "$i" >"site/p$i.html"; done
s3_delay 1000
expect_exit 0 "a push outliving its 20-second credentials succeeds" \
	"$JAMDEPLOY" push site --to s3://jd-test/long --endpoint "$S3_ENDPOINT" --jobs 1 --profile deploy -v
issued=$(stub_log | grep -c '^ISSUED AssumeRole')
used=$(s3_stats | /usr/bin/python3 -c 'import json,sys; print(sum(1 for k in json.load(sys.stdin) if k.startswith("key:ASIA")))')
check "the credentials were renewed during the push (issued: $issued)" [ "$issued" -ge 3 ]
check "S3 requests were signed with several of them (used: $used)" [ "$used" -ge 3 ]
check "no request was refused (none signed with expired keys)" [ "$(grep -c '^REFUSED' "$S3_PROXY_LOG")" -eq 0 ]
check "no request failed botocore's signature check" [ "$(grep -c '^MISMATCH' "$S3_PROXY_LOG")" -eq 0 ]
S3_MORE_SECRETS="$(stub_secrets | tr '\n' ' ')" s3_no_secret "no secret or token in any output" "$JD_OUTPUT_LOG"
