# credentials.sh - every source of the AWS credential chain pushes a site: source_profile
# chains (STS AssumeRole, SigV4-checked by the stub with botocore), credential_process, web
# identity from a token file, GitHub Actions OIDC, SSO (sso_session and legacy), container
# credentials, IMDSv2.  Each source's keys come from tests/credentials/stub.py, which hands
# them to the S3 proxy: the push's requests must be signed with exactly those.  Then the
# errors: a cycle, an expired SSO token, no credentials at all (every source tried, in
# order), and no secret, token or JWT in any output.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"
. "$JD_TOP/tests/credentials/lib.sh"
trap 'stub_stop; s3_stop; rm -rf "$TMP"' EXIT

if ! s3_start jd-test || ! stub_start --external-id arn:aws:iam::111111111111:role/jd-deploy=ext-123; then
	not_ok "servers start" "see the message above"
	exit 1
fi
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
export HOME=$TMP/home
mkdir -p site "$HOME"
printf '<!doctype html><p>creds</p>\n' >site/index.html
export JD_OUTPUT_LOG=$TMP/all-output
export AWS_SHARED_CREDENTIALS_FILE=$TMP/aws-credentials AWS_CONFIG_FILE=$TMP/aws-config
n=0
push() { n=$((n + 1)); "$JAMDEPLOY" push site --to "s3://jd-test/p$n" --endpoint "$S3_ENDPOINT" -v "$@"; }
# signed_with NAME AKID: the last push's S3 requests verified, with AKID, and nothing was refused
signed_with() {
	local before=$refused
	refused=$(grep -c '^REFUSED' "$S3_PROXY_LOG")
	if [ -z "$2" ]; then not_ok "$1" "no key was issued"
	elif [ "$refused" -ne "$before" ]; then not_ok "$1" "the proxy refused: $(tail -1 "$S3_PROXY_LOG")"
	elif [ "$(s3_count "key:$2")" -gt 0 ]; then ok "$1"
	else not_ok "$1" "no S3 request was signed with $2: $(s3_stats)"; fi
}
refused=0

cat >"$AWS_SHARED_CREDENTIALS_FILE" <<EOC
[base]
aws_access_key_id = $S3_TEST_ACCESS_KEY
aws_secret_access_key = $S3_TEST_SECRET
EOC

# 1. role_arn + source_profile, two hops, external_id / role_session_name / duration_seconds
cat >"$AWS_CONFIG_FILE" <<'EOC'
[profile mid]
role_arn = arn:aws:iam::111111111111:role/jd-mid
source_profile = base

[profile deploy]
role_arn = arn:aws:iam::111111111111:role/jd-deploy
source_profile = mid
external_id = ext-123
role_session_name = jd-ci
duration_seconds = 900
region = us-east-1

[profile loop-a]
role_arn = arn:aws:iam::111111111111:role/a
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::111111111111:role/b
source_profile = loop-a

[profile noext]
role_arn = arn:aws:iam::111111111111:role/jd-deploy
source_profile = base
EOC
expect_exit 0 "source_profile chain: push --profile deploy" push --profile deploy
stderr_has "-v says which source was used" "credentials: profile 'deploy' via assume-role"
check "the first hop assumed jd-mid with the base keys" \
	grep -q "AssumeRole role=arn:aws:iam::111111111111:role/jd-mid .*source=$S3_TEST_ACCESS_KEY" <(stub_log)
check "the second hop sent role_session_name, external_id and duration_seconds" \
	grep -q "AssumeRole role=arn:aws:iam::111111111111:role/jd-deploy session=jd-ci external=ext-123 duration=900 source=ASIA" <(stub_log)
signed_with "S3 requests are signed with the assumed role's keys" "$(stub_issued AssumeRole)"
AWS_PROFILE=deploy expect_exit 0 "AWS_PROFILE selects the role profile too" push
printf 'profile: deploy\n' >jamdeploy.yml
expect_exit 0 "'profile:' in jamdeploy.yml selects it" push
stderr_has "'profile:' -v line" "credentials: profile 'deploy' via assume-role"
rm jamdeploy.yml
expect_exit 1 "STS refusing AssumeRole (no external_id) fails the push" push --profile noext
stderr_has "the STS error is shown with the role" "STS AssumeRole of role 'arn:aws:iam::111111111111:role/jd-deploy' failed: HTTP 403 AccessDenied"
expect_exit 2 "a source_profile cycle is refused (a configuration error)" push --profile loop-a
stderr_has "the cycle is named" "cycle: profile 'loop-a' is reached twice"

# 2. credential_process, run without a shell (a path with a space, an argument in quotes)
mkdir -p "$TMP/my tools"
cat >"$TMP/my tools/creds" <<'EOS'
#!/bin/sh
[ "$1" = "--for" ] && [ "$2" = "jd site" ] || { echo "bad args: $*" >&2; exit 3; }
printf '{"Version": 1, "AccessKeyId": "AKIDPROCESS0000001", "SecretAccessKey": "procSecret/9f8e7d6c5b4a", "SessionToken": "procToken+abc/==", "Expiration": "2099-01-01T00:00:00Z"}\n'
EOS
chmod +x "$TMP/my tools/creds"
echo "AKIDPROCESS0000001 procSecret/9f8e7d6c5b4a procToken+abc/== 4070908800" >>"$S3_KEYS_FILE"
cat >>"$AWS_CONFIG_FILE" <<EOC

[profile proc]
credential_process = "$TMP/my tools/creds" --for 'jd site'

[profile procfail]
credential_process = /bin/false
EOC
expect_exit 0 "credential_process: push" push --profile proc
stderr_has "-v: via credential_process" "credentials: profile 'proc' via credential_process"
signed_with "S3 requests are signed with the process's keys" AKIDPROCESS0000001
expect_exit 1 "a failing credential_process fails the push" push --profile procfail
stderr_has "its exit status is named" "credential_process of profile 'procfail' ('/bin/false') exited with status 1"

# 3. web identity from a token file (environment), then GitHub Actions OIDC
printf '%s\n' "$STUB_JWT" >"$TMP/jwt"
AWS_WEB_IDENTITY_TOKEN_FILE=$TMP/jwt AWS_ROLE_ARN=arn:aws:iam::111111111111:role/jd-web \
	AWS_ROLE_SESSION_NAME=jd-web-session expect_exit 0 "web identity token file: push" push
check "AssumeRoleWithWebIdentity got the role and session name" \
	grep -q "AssumeRoleWithWebIdentity role=arn:aws:iam::111111111111:role/jd-web session=jd-web-session" <(stub_log)
signed_with "S3 requests are signed with the web identity keys" "$(stub_issued AssumeRoleWithWebIdentity)"
ACTIONS_ID_TOKEN_REQUEST_URL="$STUB/oidc?api-version=2.0" ACTIONS_ID_TOKEN_REQUEST_TOKEN=$STUB_OIDC_REQUEST_TOKEN \
	AWS_ROLE_ARN=arn:aws:iam::111111111111:role/jd-gha expect_exit 0 "GitHub Actions OIDC: push" push
stderr_has "-v: via github-oidc" "credentials: github-oidc (AWS_ROLE_ARN)"
check "the OIDC token was asked for audience sts.amazonaws.com" grep -q "OIDC audience=sts.amazonaws.com" <(stub_log)
check "and traded for the role" grep -q "AssumeRoleWithWebIdentity role=arn:aws:iam::111111111111:role/jd-gha" <(stub_log)
signed_with "S3 requests are signed with the OIDC role's keys" "$(stub_issued AssumeRoleWithWebIdentity)"
ACTIONS_ID_TOKEN_REQUEST_URL="$STUB/oidc" ACTIONS_ID_TOKEN_REQUEST_TOKEN=wrong \
	AWS_ROLE_ARN=arn:aws:iam::111111111111:role/jd-gha expect_exit 1 "a refused OIDC request fails" push
stderr_has "it says what the job needs" "id-token: write"

# 4. SSO: an sso_session profile and a legacy one, then an expired token
sso_cache() { # KEY EXPIRES
	local f
	f=$HOME/.aws/sso/cache/$(printf '%s' "$1" | sha1sum | cut -d' ' -f1).json
	mkdir -p "$(dirname "$f")"
	printf '{"startUrl": "https://jd.awsapps.com/start", "region": "us-east-1", "accessToken": "%s", "expiresAt": "%s"}\n' \
		"$STUB_SSO_TOKEN" "$2" >"$f"
}
cat >>"$AWS_CONFIG_FILE" <<'EOC'

[profile dev]
sso_session = jd
sso_account_id = 222222222222
sso_role_name = Deployer

[sso-session jd]
sso_start_url = https://jd.awsapps.com/start
sso_region = us-east-1

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 333333333333
sso_role_name = Legacy
EOC
sso_cache jd 2099-01-01T00:00:00Z
expect_exit 0 "SSO (sso_session): push" push --profile dev
stderr_has "-v: profile 'dev' via sso" "credentials: profile 'dev' via sso"
check "the portal was asked for the role and account" grep -q "SSO role=Deployer account=222222222222" <(stub_log)
signed_with "S3 requests are signed with the SSO role's keys" "$(stub_issued sso)"
sso_cache https://legacy.awsapps.com/start 2099-01-01T00:00:00Z
expect_exit 0 "SSO (legacy sso_start_url): push" push --profile legacy
signed_with "legacy SSO: signed with the issued keys" "$(stub_issued sso)"
sso_cache jd 2020-01-01T00:00:00Z
expect_exit 1 "an expired SSO token fails" push --profile dev
stderr_has "it says to log in again" "run aws sso login --profile dev"

# 5. container credentials, then IMDSv2 (no profile configured, nothing in the environment)
: >"$AWS_CONFIG_FILE"
: >"$AWS_SHARED_CREDENTIALS_FILE"
printf '%s\n' "$STUB_CONTAINER_TOKEN" >"$TMP/ctok"
AWS_CONTAINER_CREDENTIALS_FULL_URI=$STUB/container AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=$TMP/ctok \
	expect_exit 0 "container credentials: push" push
stderr_has "-v: container credentials" "credentials: container credentials"
signed_with "S3 requests are signed with the container's keys" "$(stub_issued container)"
AWS_EC2_METADATA_DISABLED=false AWS_EC2_METADATA_SERVICE_ENDPOINT=$STUB/imds \
	expect_exit 0 "IMDSv2: push" push
stderr_has "-v: instance metadata" "credentials: instance metadata (IMDSv2)"
check "a session token was asked for first" grep -q "IMDS token" <(stub_log)
check "no request went without the token" bash -c '! grep -q "IMDS refused" <(curl -s '"$STUB"'/__stub/log)'
signed_with "S3 requests are signed with the instance role's keys" "$(stub_issued imds)"

# 6. nothing anywhere: every source tried, in order, with why
expect_exit 1 "no credentials: the push fails" push
order=$(grep -o 'environment:\|web identity:\|profile .default.:\|container:\|instance metadata:' "$TMP/stderr" | tr '\n' '|')
check "the sources tried are listed in the chain's order" [ "$order" = "environment:|web identity:|profile 'default':|container:|instance metadata:|" ]
stderr_has "IMDS disabled is given as the reason" "instance metadata: skipped (AWS_EC2_METADATA_DISABLED=true)"
expect_exit 1 "an unknown --profile is an error" push --profile nosuch
stderr_has "naming the profile and the files" "AWS profile 'nosuch' is not in '$AWS_SHARED_CREDENTIALS_FILE'"

check "no request failed botocore's signature check" [ "$(grep -c '^MISMATCH' "$S3_PROXY_LOG")" -eq 0 ]
S3_MORE_SECRETS="$(stub_secrets | tr '\n' ' ')" s3_no_secret "no secret, token or JWT in any output, -v included" "$JD_OUTPUT_LOG"
