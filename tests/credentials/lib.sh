# tests/credentials/lib.sh - the credential services' stub for integration tests (source it
# after tests/s3/lib.sh and s3_start).
#
#   stub_start [ARGS...]   tests/credentials/stub.py on a free loopback port, issuing into the
#                          proxy's $S3_KEYS_FILE, the S3 test key as the only source key for
#                          AssumeRole; sets STUB (its URL) and points AWS_ENDPOINT_URL_STS /
#                          _SSO at it.  ARGS go to the stub (--lifetime 20, --external-id ROLE_ARN=ID).
#   stub_stop              stop it (by its PID)
#   stub_log               what it did, one line per call
#   stub_issued METHOD     the key id it issued last for METHOD (AssumeRole, sso, imds...)
#   stub_secrets           every secret and token it knows or issued (for s3_no_secret)
CRED_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STUB_JWT=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqZC10ZXN0In0.jdTestJwtSignature
STUB_SSO_TOKEN=ssoAccessTokenJdTest0123456789
STUB_CONTAINER_TOKEN=containerAuthTokenJdTest
STUB_OIDC_REQUEST_TOKEN=oidcRequestTokenJdTest

stub_start() {
	local i
	rm -f "$S3_DIR/stub.port"
	/usr/bin/python3 "$CRED_LIB_DIR/stub.py" --keys-file "$S3_KEYS_FILE" \
		--source-key "$S3_TEST_ACCESS_KEY" --source-secret "$S3_TEST_SECRET" \
		--port-file "$S3_DIR/stub.port" "$@" >>"$S3_DIR/stub.err" 2>&1 &
	STUB_PID=$!
	for i in $(seq 1 300); do
		[ -s "$S3_DIR/stub.port" ] && break
		kill -0 "$STUB_PID" 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -s "$S3_DIR/stub.port" ]; then
		echo "stub_start: the credential stub did not start" >&2
		cat "$S3_DIR/stub.err" >&2
		return 1
	fi
	STUB=http://127.0.0.1:$(cat "$S3_DIR/stub.port")
	export AWS_ENDPOINT_URL_STS=$STUB/sts/ AWS_ENDPOINT_URL_SSO=$STUB/sso
}

stub_stop() {
	[ -n "${STUB_PID:-}" ] || return 0
	kill "$STUB_PID" 2>/dev/null || true
	wait "$STUB_PID" 2>/dev/null || true
	STUB_PID=
}

stub_log() { curl -s "$STUB/__stub/log"; }

stub_issued() { stub_log | awk -v m="$1" '$1 == "ISSUED" && $2 == m { k = $3 } END { print k }'; }

stub_secrets() {
	echo "$STUB_JWT $STUB_SSO_TOKEN $STUB_CONTAINER_TOKEN $STUB_OIDC_REQUEST_TOKEN"
	awk '{ print $2; if ($3 != "" && $3 != "-") print $3 }' "$S3_KEYS_FILE"
}
