# credentials_botocore.sh - the resolution table (tests/credentials/chain.test) against
# botocore, with its role chains: the unit program tests/unit/test_cred_chain.c runs every
# case, STS being the loopback stub (tests/credentials/stub.py), which both jamdeploy and
# botocore call and which issues the same keys for the same role and source key.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"
. "$JD_TOP/tests/credentials/lib.sh"
trap 'stub_stop; s3_stop; rm -rf "$TMP"' EXIT

if ! s3_start jd-test || ! stub_start; then
	not_ok "servers start" "see the message above"
	exit 1
fi
if [ ! -x "$TEST_BIN_DIR/test_cred_chain" ]; then
	not_ok "test_cred_chain is built" "missing $TEST_BIN_DIR/test_cred_chain (make tests-built)"
	exit 1
fi
"$TEST_BIN_DIR/test_cred_chain" | sed 's/^\(not \)\{0,1\}ok - chain: /&with STS: /'
check "both resolved the role chains through the stub" grep -q "^ISSUED AssumeRole" <(stub_log)
