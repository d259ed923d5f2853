# tests/s3/lib.sh - start and stop a real S3 server for integration tests (source it).
#
#   s3_start [BUCKET...]   s3rver on a free 127.0.0.1 port with each bucket (default: jd-test),
#                          behind tests/s3/sigv4_proxy.py, which checks every SigV4 signature
#                          with botocore.  Sets and exports:
#                            S3_ENDPOINT  http://127.0.0.1:PROXYPORT (what clients talk to)
#                            S3_PROXY_LOG the proxy's log (REFUSED / MISMATCH lines)
#                            S3_DIR       s3rver's data folder
#                            S3_KEYS_FILE more keys the proxy accepts, "AKID SECRET [TOKEN]
#                                         [EXPIRES]" a line (tests/credentials/stub.py appends)
#                            AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION for the test
#                          Returns non-zero (with a message on stderr) when a server cannot start.
#   s3_stop                stop both servers (by the PIDs s3_start recorded) and remove S3_DIR
#   s3_restart_upstream    kill s3rver and start it again on the same port and data folder
#   s3_stats               the proxy's request counts as JSON: {"GET": 1, "PUT": 3, ...}
#   s3_count METHOD        one count from s3_stats (0 when absent)
#   s3_reset               zero the counts and cancel injected failures
#   s3_fail N STATUS CODE [METHOD]   answer the next N (METHOD) requests with STATUS/CODE
#   s3_fail_for SECONDS STATUS CODE [METHOD]  answer every (METHOD) request with STATUS/CODE
#                          for SECONDS from now
#   s3_fail_share P N STATUS CODE [METHOD]  answer each (METHOD) request with STATUS/CODE
#                          with probability P (seeded: the same draws every run), N times at most
#   s3_down_after N        forward N more requests, then drop every connection (dead server)
#   s3_up                  forward again
#   s3_wrong_region ANSWER how the proxy answers a request signed for another region:
#                          AuthorizationHeaderMalformed (the default) or PermanentRedirect
#   s3_delay MS            hold each request MS milliseconds (a slow store)
#   s3_raw METHOD BUCKET/KEY [FILE]  one signed request behind jamdeploy's back (PUT FILE,
#                          GET into FILE, HEAD: headers, DELETE): drift tests, reading back
#   s3_conditional MODE    conditional writes: aws (the default: 412/409 as AWS answers), 501
#                          (NotImplemented), off (forwarded for s3rver to ignore)
#   s3_no_secret NAME FILE...  ok when no file holds the test secret, $AWS_SESSION_TOKEN or
#                          any of $S3_MORE_SECRETS (space separated), else not ok
#
# S3_PROXY_ARGS adds options to the proxy (bench/s3.sh uses --count-only).
# The test secret is long and distinctive so a test can grep output for it.  Callers should
# `trap s3_stop EXIT`.  Needs node (s3rver from tests/s3/node_modules, tests/npm-deps.sh
# installs it), /usr/bin/python3 with python3-botocore, and curl.

S3_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
S3_TEST_ACCESS_KEY=AKIDJAMDEPLOYTEST01
S3_TEST_SECRET=jdTestSecret/7f3c9a1e5b2d4f60a8c1e3b5d7f9a2c4e6b8d0f1

s3__free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

s3__wait_port() { # PORT PID: wait until PORT accepts connections or PID died
	local i
	for i in $(seq 1 300); do
		kill -0 "$2" 2>/dev/null || return 1
		if curl -s -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	return 1
}

s3__start_upstream() {
	local args=() b
	for b in "${S3_BUCKETS[@]}"; do args+=(--configure-bucket "$b"); done
	NODE_OPTIONS=--openssl-legacy-provider node "$S3_LIB_DIR/node_modules/s3rver/bin/s3rver.js" \
		--directory "$S3_DIR/data" --address 127.0.0.1 --port "$S3_UPSTREAM_PORT" --silent \
		--no-vhost-buckets "${args[@]}" >>"$S3_DIR/s3rver.log" 2>&1 &
	S3_UPSTREAM_PID=$!
	s3__wait_port "$S3_UPSTREAM_PORT" "$S3_UPSTREAM_PID" || {
		echo "s3_start: s3rver did not start (log: $S3_DIR/s3rver.log)" >&2
		cat "$S3_DIR/s3rver.log" >&2
		return 1
	}
}

s3_start() {
	S3_BUCKETS=("$@")
	[ ${#S3_BUCKETS[@]} -gt 0 ] || S3_BUCKETS=(jd-test)
	if [ ! -f "$S3_LIB_DIR/node_modules/s3rver/bin/s3rver.js" ]; then
		echo "s3_start: s3rver is not installed (run tests/npm-deps.sh)" >&2
		return 1
	fi
	if ! /usr/bin/python3 -c 'import botocore' 2>/dev/null; then
		echo "s3_start: python3-botocore is not installed (apt-get install python3-botocore)" >&2
		return 1
	fi
	S3_DIR=$(mktemp -d "${TMPDIR:-/tmp}/jd-s3.XXXXXX")
	mkdir -p "$S3_DIR/data"
	S3_UPSTREAM_PORT=$(s3__free_port)
	s3__start_upstream || return 1
	S3_PROXY_LOG=$S3_DIR/proxy.log
	S3_KEYS_FILE=$S3_DIR/keys
	: >"$S3_KEYS_FILE"
	/usr/bin/python3 "$S3_LIB_DIR/sigv4_proxy.py" --listen 0 --upstream "$S3_UPSTREAM_PORT" \
		--access-key "$S3_TEST_ACCESS_KEY" --secret-key "$S3_TEST_SECRET" --region us-east-1 \
		--log "$S3_PROXY_LOG" --keys-file "$S3_KEYS_FILE" --port-file "$S3_DIR/proxy.port" ${S3_PROXY_ARGS:-} >>"$S3_DIR/proxy.err" 2>&1 &
	S3_PROXY_PID=$!
	local i
	for i in $(seq 1 300); do
		[ -s "$S3_DIR/proxy.port" ] && break
		kill -0 "$S3_PROXY_PID" 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -s "$S3_DIR/proxy.port" ]; then
		echo "s3_start: the signature-checking proxy did not start" >&2
		cat "$S3_DIR/proxy.err" >&2
		return 1
	fi
	S3_ENDPOINT=http://127.0.0.1:$(cat "$S3_DIR/proxy.port")
	export S3_ENDPOINT S3_PROXY_LOG S3_DIR S3_KEYS_FILE
	export AWS_ACCESS_KEY_ID=$S3_TEST_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$S3_TEST_SECRET
	export AWS_REGION=us-east-1
	unset AWS_SESSION_TOKEN AWS_PROFILE AWS_ENDPOINT_URL AWS_DEFAULT_REGION
	# never read the developer's own ~/.aws, never ask a real instance metadata service
	export AWS_EC2_METADATA_DISABLED=true
	export AWS_SHARED_CREDENTIALS_FILE=$S3_DIR/no-credentials AWS_CONFIG_FILE=$S3_DIR/no-config
}

s3_restart_upstream() {
	kill "$S3_UPSTREAM_PID" 2>/dev/null || true
	wait "$S3_UPSTREAM_PID" 2>/dev/null || true
	s3__start_upstream
}

s3_stop() {
	local pid
	# `wait` reports the killed server's status; that is not a failure (and must not trip set -e)
	for pid in ${S3_PROXY_PID:-} ${S3_UPSTREAM_PID:-}; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	S3_PROXY_PID= S3_UPSTREAM_PID=
	[ -n "${S3_DIR:-}" ] && [ -z "${S3_KEEP:-}" ] && rm -rf "$S3_DIR"
	return 0
}

s3_stats() { curl -s "$S3_ENDPOINT/__proxy/stats"; }

s3_count() {
	s3_stats | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1], 0))' "$1"
}

s3_reset() { curl -s -X POST "$S3_ENDPOINT/__proxy/reset" >/dev/null; }

s3_fail() {
	curl -s -X POST "$S3_ENDPOINT/__proxy/fail?n=$1&status=$2&code=$3&method=${4:-}" >/dev/null
}

s3_fail_for() {
	curl -s -X POST "$S3_ENDPOINT/__proxy/fail?seconds=$1&status=$2&code=$3&method=${4:-}" >/dev/null
}

s3_fail_share() {
	curl -s -X POST "$S3_ENDPOINT/__proxy/fail?p=$1&n=$2&status=$3&code=$4&method=${5:-}" >/dev/null
}

s3_down_after() { curl -s -X POST "$S3_ENDPOINT/__proxy/down?after=$1" >/dev/null; }

s3_delay() { curl -s -X POST "$S3_ENDPOINT/__proxy/delay?ms=$1" >/dev/null; }

s3_up() { curl -s -X POST "$S3_ENDPOINT/__proxy/up" >/dev/null; }

s3_wrong_region() { curl -s -X POST "$S3_ENDPOINT/__proxy/wrong-region?answer=$1" >/dev/null; }

s3_conditional() { curl -s -X POST "$S3_ENDPOINT/__proxy/conditional?mode=$1" >/dev/null; }

s3_no_secret() {
	local name=$1 pats=(-e "$S3_TEST_SECRET") w
	shift
	[ -n "${AWS_SESSION_TOKEN:-}" ] && pats+=(-e "$AWS_SESSION_TOKEN")
	for w in ${S3_MORE_SECRETS:-}; do pats+=(-e "$w"); done
	if grep -qF "${pats[@]}" "$@" 2>/dev/null; then
		echo "not ok - $name: a secret appears in $(grep -lF "${pats[@]}" "$@" | tr '\n' ' ')"
	else
		echo "ok - $name"
	fi
}

# s3_raw METHOD BUCKET/KEY [FILE]: one request signed with botocore as the test's credentials,
# behind jamdeploy's back (a drift test deletes or overwrites an object): PUT sends FILE, GET
# writes the body to FILE (or stdout), HEAD prints the headers ("name: value", lower case).  Counted by the proxy like any request; prints nothing
# else, returns non-zero on a status >= 300.
s3_raw() {
	/usr/bin/python3 - "$S3_ENDPOINT" "$@" <<'PY'
import http.client, sys, urllib.parse
import botocore.auth, botocore.awsrequest, botocore.credentials
endpoint, method, path = sys.argv[1], sys.argv[2], sys.argv[3]
f = sys.argv[4] if len(sys.argv) > 4 else None
body = open(f, 'rb').read() if method == 'PUT' else b''
url = endpoint + '/' + urllib.parse.quote(path)
import os
creds = botocore.credentials.Credentials(os.environ['AWS_ACCESS_KEY_ID'], os.environ['AWS_SECRET_ACCESS_KEY'])
req = botocore.awsrequest.AWSRequest(method=method, url=url, data=body)
botocore.auth.S3SigV4Auth(creds, 's3', 'us-east-1').add_auth(req)
u = urllib.parse.urlsplit(url)
c = http.client.HTTPConnection(u.hostname, u.port)
c.request(method, u.path, body=body or None, headers=dict(req.headers.items()))
r = c.getresponse()
data = r.read()
if method == 'GET' and r.status < 300:
    (open(f, 'wb') if f else sys.stdout.buffer).write(data)
if method == 'HEAD':
    for k, v in r.getheaders():
        print('%s: %s' % (k.lower(), v))
sys.exit(0 if r.status < 300 else 1)
PY
}
