# secrets.sh - a password in a URL never reaches the output (issue 15 item 9).  Every error
# path a URL with user:password@ can take: an S3 endpoint from --endpoint, AWS_ENDPOINT_URL
# and 'endpoint:' in jamdeploy.yml (a host with userinfo, a wrong scheme, no scheme), for diff
# and push, human and --json; CDN purge URLs and API endpoints that are unreachable (a closed
# port on 127.0.0.1), that refuse the purge (a loopback server answering 501), or that are not
# http URLs, with -v too.  The message must still be there, with REDACTED where the password
# was; every output is also collected in $JD_OUTPUT_LOG and searched once more at the end.
. "$JD_TOP/tests/lib.sh"

PW=jdUrlPassw0rd-9c4e1a7b
JD_OUTPUT_LOG=$TMP/all-output
: >"$JD_OUTPUT_LOG"
export AWS_ACCESS_KEY_ID=AKIDJDSECRETS01 AWS_SECRET_ACCESS_KEY=jdSecretsTest/2a4c6e8f
unset AWS_SESSION_TOKEN AWS_PROFILE AWS_ENDPOINT_URL AWS_REGION AWS_DEFAULT_REGION
export AWS_SHARED_CREDENTIALS_FILE=/nonexistent AWS_CONFIG_FILE=/nonexistent
SERVER_PID=
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$TMP"' EXIT

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
CLOSED=$(free_port) # nothing listens there: connections are refused

# masked NAME: the last expect_exit's output lacks the password and says REDACTED instead
masked() {
	if grep -qF -- "$PW" "$TMP/stdout" "$TMP/stderr"; then
		not_ok "$1" "the password is in the output: $(grep -hF -- "$PW" "$TMP/stdout" "$TMP/stderr" | head -c 300)"
	elif ! grep -q REDACTED "$TMP/stdout" "$TMP/stderr"; then
		not_ok "$1" "no REDACTED in the output: $(head -c 300 "$TMP/stderr")"
	else
		ok "$1"
	fi
}

# json_masked NAME: stdout is the --json error document, its message masked
json_masked() {
	check "$1" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
e = d["error"]
assert d["ok"] is False and "REDACTED" in e["message"] and sys.argv[2] not in json.dumps(d)' \
		"$TMP/stdout" "$PW"
}

# s3_case SOURCE ENDPOINT STATUS MESSAGE: diff and push, human and --json, with the endpoint
# given as --endpoint (flag), AWS_ENDPOINT_URL (env) or 'endpoint:' in a config file (config)
s3_case() {
	local src=$1 ep=$2 want=$3 msg=$4 cmd json name
	printf 'endpoint: "%s"\n' "$ep" >endpoint.yml
	for cmd in diff push; do
		for json in "" --json; do
			name="$cmd${json:+ $json}, endpoint '${ep/$PW/PASSWORD}' from $src"
			case $src in
			flag) expect_exit "$want" "$name: exit $want" "$JAMDEPLOY" $cmd site --to s3://jd-bucket/p \
				--endpoint "$ep" $json ;;
			env) AWS_ENDPOINT_URL=$ep expect_exit "$want" "$name: exit $want" "$JAMDEPLOY" $cmd site \
				--to s3://jd-bucket/p $json ;;
			config) expect_exit "$want" "$name: exit $want" "$JAMDEPLOY" $cmd site \
				--to s3://jd-bucket/p --config endpoint.yml $json ;;
			esac
			stderr_has "$name: the error is still explained" "$msg"
			masked "$name: the password is masked"
			[ -z "$json" ] || json_masked "$name: the --json error document is masked"
		done
	done
}

mkdir s3 && cd s3 && make_site site
for src in flag env config; do
	# userinfo makes the host unusable (S3 signs requests; a URL password means nothing to
	# it); the port is closed, and the error must come before any connection is tried
	s3_case $src "http://jduser:$PW@127.0.0.1:$CLOSED/" 2 "has no usable host"
	s3_case $src "ftp://jduser:$PW@127.0.0.1:$CLOSED/" 2 "must start with https:// or http://"
	s3_case $src "jduser:$PW@127.0.0.1:$CLOSED" 2 "must start with https:// or http://"
done
cd "$TMP"

# cdn_site DIR CONFIG: a site pushed once to DIR/target, then a page changed, so the next push
# has URLs to purge; CONFIG becomes DIR/jamdeploy.yml.  Each case has its own folder (and so
# its own .jamdeploy/cache/pending-purge).
cdn_site() {
	mkdir -p "$TMP/$1" && cd "$TMP/$1" || return 1
	make_site site
	"$JAMDEPLOY" push site --to target -q >/dev/null 2>&1
	printf '<p>changed</p>\n' >>site/index.html
	printf '%s\n' "$2" >jamdeploy.yml
}

# purge_url on a closed port: the purge fails after its retries, the message names the URL
cdn_site purge_closed "cdn: { purge_url: \"http://jduser:$PW@127.0.0.1:$CLOSED/\" }"
expect_exit 1 "purge_url unreachable: push exits 1" "$JAMDEPLOY" push site --to target
stderr_has "purge_url unreachable: the error names the URL" "cannot reach 'http://REDACTED@127.0.0.1:$CLOSED/"
masked "purge_url unreachable: the password is masked"
expect_exit 1 "purge_url unreachable, --json: push exits 1" "$JAMDEPLOY" push site --to target --json
json_masked "purge_url unreachable, --json: the error document is masked"
masked "purge_url unreachable, --json: the password is masked"
expect_exit 1 "purge_url unreachable, -v: push exits 1" "$JAMDEPLOY" push site --to target -v
stderr_has "purge_url unreachable, -v: request lines are printed" "request: PURGE http://REDACTED@127.0.0.1:$CLOSED/"
masked "purge_url unreachable, -v: the password is masked"

# purge_url on a server that refuses PURGE (Python's http.server answers 501)
SERVER_PORT=$(free_port)
mkdir -p "$TMP/www"
(cd "$TMP/www" && exec /usr/bin/python3 -m http.server --bind 127.0.0.1 "$SERVER_PORT") >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 100); do
	curl -s -o /dev/null "http://127.0.0.1:$SERVER_PORT/" 2>/dev/null && break
	sleep 0.1
done
cdn_site purge_refused "cdn: { purge_url: \"http://jduser:$PW@127.0.0.1:$SERVER_PORT\" }"
expect_exit 1 "purge_url refused: push exits 1" "$JAMDEPLOY" push site --to target
stderr_has "purge_url refused: the error names the URL" "HTTP 501 from 'http://REDACTED@127.0.0.1:$SERVER_PORT/"
masked "purge_url refused: the password is masked"
expect_exit 1 "purge_url refused, --json: push exits 1" "$JAMDEPLOY" push site --to target --json
json_masked "purge_url refused, --json: the error document is masked"
kill "$SERVER_PID" 2>/dev/null
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=

# purge_url that is not an http URL: a configuration error before anything is uploaded
cdn_site purge_scheme "cdn: { purge_url: \"ftp://jduser:$PW@127.0.0.1:$CLOSED/\" }"
expect_exit 2 "purge_url ftp://: push exits 2" "$JAMDEPLOY" push site --to target
stderr_has "purge_url ftp://: the error names the setting" "is not an http:// or https:// URL"
masked "purge_url ftp://: the password is masked"
expect_exit 2 "purge_url ftp://, --json: push exits 2" "$JAMDEPLOY" push site --to target --json
json_masked "purge_url ftp://, --json: the error document is masked"

# Cloudflare API endpoint with a password, unreachable
export JD_CF_TOKEN=cfTokenJamdeploySecrets
cdn_site cloudflare "base_url: https://www.example.com/
cdn:
  cloudflare: { zone_id: zone1, token_env: JD_CF_TOKEN, endpoint: \"http://jduser:$PW@127.0.0.1:$CLOSED\" }"
expect_exit 1 "cloudflare endpoint unreachable, --json -v: push exits 1" "$JAMDEPLOY" push site --to target --json -v
stderr_has "cloudflare endpoint unreachable: the error names the URL" "cannot reach 'http://REDACTED@127.0.0.1:$CLOSED/client/v4/"
masked "cloudflare endpoint unreachable: the password is masked"
json_masked "cloudflare endpoint unreachable: the error document is masked"

# CloudFront API endpoint without a scheme
cdn_site cloudfront "cdn:
  cloudfront: { distribution_id: E2JDTEST, endpoint: \"jduser:$PW@127.0.0.1:$CLOSED\" }"
expect_exit 2 "cloudfront endpoint without a scheme: push exits 2" "$JAMDEPLOY" push site --to target
stderr_has "cloudfront endpoint without a scheme: the error says so" "is not a URL"
masked "cloudfront endpoint without a scheme: the password is masked"
cd "$TMP"

check "the output of every run above has $(wc -l <"$JD_OUTPUT_LOG") lines" [ -s "$JD_OUTPUT_LOG" ]
if grep -qF -- "$PW" "$JD_OUTPUT_LOG"; then
	not_ok "no output of any run holds the password" "$(grep -cF -- "$PW" "$JD_OUTPUT_LOG") lines do, e.g. $(grep -F -- "$PW" "$JD_OUTPUT_LOG" | head -n 1 | head -c 300)"
else
	ok "no output of any run holds the password"
fi
