# ca_bundle.sh - HTTPS to servers whose certificates a private CA signed (issue 15 item 10).
#
# A throwaway CA and server certificates are made with `openssl` in $TMP: one for 127.0.0.1 and
# localhost, one for another host name only, and a second CA that signed nothing here.  s3rver
# serves HTTPS with its own --key/--cert (twice: the good certificate and the other host's), and a
# few lines of Python answer PURGE over HTTPS as a cache would.  Then:
#   trusted through AWS_CA_BUNDLE, `ca_bundle` in the AWS profile, CURL_CA_BUNDLE,
#   SSL_CERT_FILE, SSL_CERT_DIR or `ca_bundle:` in jamdeploy.yml -> the push works, bytes equal;
#   `ca_bundle:` beats AWS_CA_BUNDLE, which beats the profile and curl's variables;
#   no bundle, or another CA's -> refused (exit 1), the message names the endpoint, says the
#   certificate is not trusted and suggests AWS_CA_BUNDLE; nothing is stored;
#   a certificate for another host name -> refused, the message says so;
#   a bundle path that does not exist, or a file without a certificate -> exit 2 naming the path
#   and where it came from, before anything is built or sent;
#   the CDN purge over HTTPS follows the same bundle.
# Servers bind 127.0.0.1 on free ports and are stopped by PID.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"

TLS_PIDS=()
tls_stop() {
	local pid
	for pid in "${TLS_PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	TLS_PIDS=()
}
trap 'tls_stop; rm -rf "$TMP"' EXIT

# The environment of the machine may already point every one of these at the system store.
unset AWS_CA_BUNDLE CURL_CA_BUNDLE SSL_CERT_FILE SSL_CERT_DIR AWS_PROFILE AWS_ENDPOINT_URL \
	AWS_SESSION_TOKEN AWS_DEFAULT_REGION
# s3rver's own key pair (it checks the signature); never the developer's ~/.aws
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
export AWS_SHARED_CREDENTIALS_FILE=$TMP/no-credentials AWS_CONFIG_FILE=$TMP/aws-config

# ---- certificates ----
mkdir -p pki
(
	cd pki || exit 1
	ec() { echo -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes; }
	# shellcheck disable=SC2046
	openssl req -x509 $(ec) -keyout ca.key -out ca.pem -days 30 -subj "/CN=jamdeploy test CA" \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" &&
	openssl req -x509 $(ec) -keyout other-ca.key -out other-ca.pem -days 30 -subj "/CN=another CA" \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" &&
	for srv in local other; do
		if [ $srv = local ]; then san="IP:127.0.0.1,DNS:localhost"; else san="DNS:other.example"; fi
		printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' \
			"$san" >$srv.ext
		openssl req $(ec) -keyout $srv.key -out $srv.csr -subj "/CN=${san#*:}" &&
		openssl x509 -req -in $srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
			-extfile $srv.ext -out $srv.pem || exit 1
	done
	mkdir hashed && cp ca.pem hashed/ && openssl rehash hashed
) >pki.log 2>&1
if [ ! -s pki/local.pem ] || [ ! -s pki/other.pem ] || [ -z "$(ls pki/hashed/*.0 2>/dev/null)" ]; then
	not_ok "openssl makes a CA and server certificates" "$(tail -c 400 pki.log)"
	exit 1
fi
ok "openssl makes a throwaway CA and certificates for 127.0.0.1/localhost and other.example"
CA=$TMP/pki/ca.pem

# ---- servers ----
wait_port() { # PORT PID
	local i
	for i in $(seq 1 300); do
		kill -0 "$2" 2>/dev/null || return 1
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# s3_tls NAME CERT: s3rver over HTTPS with pki/CERT.pem; sets PORT_<NAME>
s3_tls() {
	local port
	port=$(s3__free_port)
	mkdir -p "s3-$1"
	NODE_OPTIONS=--openssl-legacy-provider node "$S3_LIB_DIR/node_modules/s3rver/bin/s3rver.js" \
		--directory "$TMP/s3-$1" --address 127.0.0.1 --port "$port" --silent --no-vhost-buckets \
		--key "pki/$2.key" --cert "pki/$2.pem" --configure-bucket jd-test >"s3-$1.log" 2>&1 &
	TLS_PIDS+=($!)
	if ! wait_port "$port" $!; then
		not_ok "s3rver over HTTPS ($1) starts" "$(head -c 400 "s3-$1.log")"
		exit 1
	fi
	printf -v "PORT_$1" %s "$port"
}
s3_tls good local
s3_tls otherhost other
ok "s3rver serves HTTPS with the test certificates"
EP=https://127.0.0.1:$PORT_good

# ---- the site ----
make_site site
head -c 65536 /dev/urandom >site/data.bin # the pipeline leaves .bin bytes alone

# stored NAME PREFIX: the objects under PREFIX are the site's bytes (s3rver keeps them as files)
stored() {
	local obj
	obj=$(find "s3-good/jd-test/$2" -path "*data.bin*" -name "*object*" 2>/dev/null | head -n 1)
	if [ -n "$obj" ] && cmp -s "$obj" site/data.bin &&
		cmp -s "$(find "s3-good/jd-test/$2" -path "*robots.txt*" -name "*object*" | head -n 1)" site/robots.txt; then
		ok "$1"
	else
		not_ok "$1" "data.bin or robots.txt under '$2' missing or different: $(find "s3-good/jd-test/$2" 2>/dev/null | head -n 5 | tr '\n' ' ')"
	fi
}
# nothing_stored NAME PREFIX
nothing_stored() {
	if [ -z "$(find "s3-good/jd-test/$2" -type f 2>/dev/null)" ] &&
		[ -z "$(find "s3-otherhost/jd-test/$2" -type f 2>/dev/null)" ]; then
		ok "$1"
	else
		not_ok "$1" "objects under '$2': $(find "s3-good/jd-test/$2" "s3-otherhost/jd-test/$2" -type f 2>/dev/null | head -n 3 | tr '\n' ' ')"
	fi
}
# push PREFIX [ARGS...]: push the site to s3://jd-test/PREFIX at $PUSH_EP (default: $EP); a
# script, not a function, so that `env VAR=... push` works
cat >push <<SH
#!/bin/sh
prefix=\$1
shift
exec "$JAMDEPLOY" push "$TMP/site" --to "s3://jd-test/\$prefix" --endpoint "\${PUSH_EP:-$EP}" "\$@"
SH
chmod +x push
PATH=$TMP:$PATH

# ---- trusted ----
expect_exit 0 "AWS_CA_BUNDLE: push to an HTTPS endpoint of a private CA works" env AWS_CA_BUNDLE="$CA" push env1
stored "AWS_CA_BUNDLE: the objects hold the site's bytes" env1
expect_exit 0 "AWS_CA_BUNDLE: a second push finds the manifest (nothing to send)" env AWS_CA_BUNDLE="$CA" push env1
stderr_has "AWS_CA_BUNDLE: the second push uploaded nothing" "pushed to s3://jd-test/env1: 0 uploaded"

printf '[profile ci]\nregion = us-east-1\nca_bundle = %s\n' "$CA" >aws-config
expect_exit 0 "'ca_bundle' in the AWS_PROFILE's section of AWS_CONFIG_FILE: push works" \
	env AWS_PROFILE=ci push profile1
stored "profile ca_bundle: the objects hold the site's bytes" profile1
printf '[default]\nca_bundle = %s\n' "$CA" >aws-config
expect_exit 0 "'ca_bundle' in the [default] profile: push works" push profile2
rm -f aws-config

expect_exit 0 "SSL_CERT_FILE: push works" env SSL_CERT_FILE="$CA" push sslfile
stored "SSL_CERT_FILE: the objects hold the site's bytes" sslfile
expect_exit 0 "CURL_CA_BUNDLE: push works" env CURL_CA_BUNDLE="$CA" push curlbundle
expect_exit 0 "SSL_CERT_DIR (a folder made with 'openssl rehash'): push works" \
	env SSL_CERT_DIR="$TMP/pki/hashed" push ssldir
stored "SSL_CERT_DIR: the objects hold the site's bytes" ssldir
printf 'ca_bundle: %s\n' "$CA" >ca.yml
expect_exit 0 "'ca_bundle:' in jamdeploy.yml: push works" push yml --config ca.yml
expect_exit 0 "https://localhost names the server as its certificate does: push works" \
	env AWS_CA_BUNDLE="$CA" PUSH_EP="https://localhost:$PORT_good" push localhost
stored "localhost: the objects hold the site's bytes" localhost
expect_exit 0 "diff over HTTPS with AWS_CA_BUNDLE works" \
	env AWS_CA_BUNDLE="$CA" "$JAMDEPLOY" diff site --to s3://jd-test/env1 --endpoint "$EP"

# ---- precedence ----
printf '[default]\nca_bundle = %s\n' "$TMP/no-such-ca.pem" >aws-config
expect_exit 0 "AWS_CA_BUNDLE beats the profile's ca_bundle (which is not even read)" \
	env AWS_CA_BUNDLE="$CA" push prec1
rm -f aws-config
expect_exit 1 "AWS_CA_BUNDLE beats SSL_CERT_FILE and CURL_CA_BUNDLE" \
	env AWS_CA_BUNDLE="$TMP/pki/other-ca.pem" SSL_CERT_FILE="$CA" CURL_CA_BUNDLE="$CA" push prec2
stderr_has "the refusal names the bundle that was used" "other-ca.pem' (from AWS_CA_BUNDLE)"
expect_exit 0 "'ca_bundle:' in jamdeploy.yml beats AWS_CA_BUNDLE (as 'endpoint:' beats AWS_ENDPOINT_URL)" \
	env AWS_CA_BUNDLE="$TMP/pki/other-ca.pem" push prec4 --config ca.yml
expect_exit 0 "CURL_CA_BUNDLE beats SSL_CERT_FILE" \
	env CURL_CA_BUNDLE="$CA" SSL_CERT_FILE="$TMP/pki/other-ca.pem" push prec3

# ---- refused ----
expect_exit 1 "no bundle: the private CA's server is refused" push none -v
stderr_has "no bundle: the message names the endpoint" "'$EP'"
stderr_has "no bundle: the message says the certificate is not trusted" "is not signed by a trusted CA"
stderr_has "no bundle: the message suggests AWS_CA_BUNDLE" "set AWS_CA_BUNDLE"
stderr_has "no bundle: the message says what was trusted" "trusted: the system's CA store"
nothing_stored "no bundle: nothing is stored" none
if grep -q "retry in" "$TMP/stderr"; then
	not_ok "an untrusted certificate is not retried" "$(grep -m1 'retry in' "$TMP/stderr")"
else
	ok "an untrusted certificate is not retried"
fi

expect_exit 1 "a bundle of another CA: refused" env AWS_CA_BUNDLE="$TMP/pki/other-ca.pem" push otherca
stderr_has "another CA: the message says the certificate is not trusted" "is not signed by a trusted CA"
nothing_stored "another CA: nothing is stored" otherca

expect_exit 1 "a certificate for another host name: refused even though its CA is trusted" \
	env AWS_CA_BUNDLE="$CA" PUSH_EP="https://127.0.0.1:$PORT_otherhost" push otherhost
stderr_has "another host: the message says the certificate does not fit the host name" \
	"is not valid for that host name"
stderr_has "another host: the message names the endpoint" "'https://127.0.0.1:$PORT_otherhost'"
nothing_stored "another host: nothing is stored" otherhost

# ---- bundles that cannot be used ----
expect_exit 2 "AWS_CA_BUNDLE naming a missing file: configuration error" \
	env AWS_CA_BUNDLE="$TMP/no-such-ca.pem" push missing -v
stderr_has "missing file: the message names it and AWS_CA_BUNDLE" "'$TMP/no-such-ca.pem' (from AWS_CA_BUNDLE)"
if grep -q "^request:" "$TMP/stderr"; then
	not_ok "missing file: no request is sent" "$(grep -m1 '^request:' "$TMP/stderr")"
else
	ok "missing file: no request is sent"
fi
nothing_stored "missing file: nothing is stored" missing
printf '[profile ci]\nca_bundle = %s\n' "$TMP/no-such-ca.pem" >aws-config
expect_exit 2 "a profile's ca_bundle naming a missing file: configuration error" \
	env AWS_PROFILE=ci push missing
stderr_has "missing profile file: the message names it, the profile and the config file" \
	"'$TMP/no-such-ca.pem' (from 'ca_bundle' of profile 'ci' in '$TMP/aws-config')"
rm -f aws-config
printf 'not a certificate\n' >garbage.pem
expect_exit 2 "a bundle without a PEM certificate: configuration error" \
	env SSL_CERT_FILE="$TMP/garbage.pem" push missing
stderr_has "no certificate: the message names the file and SSL_CERT_FILE" \
	"'$TMP/garbage.pem' (from SSL_CERT_FILE) holds no PEM certificate"
expect_exit 2 "SSL_CERT_DIR naming a missing folder: configuration error" \
	env SSL_CERT_DIR="$TMP/no-such-dir" push missing
stderr_has "missing folder: the message names it" "'$TMP/no-such-dir' (from SSL_CERT_DIR)"
printf 'ca_bundle: %s\n' "$TMP/no-such-ca.pem" >bad.yml
expect_exit 2 "'ca_bundle:' in jamdeploy.yml naming a missing file: configuration error" \
	push missing --config bad.yml
stderr_has "missing yml file: the message names it and the config file" \
	"'$TMP/no-such-ca.pem' (from 'ca_bundle:' in 'bad.yml')"
nothing_stored "unusable bundles: nothing is stored" missing
expect_exit 0 "a directory target ignores an unusable AWS_CA_BUNDLE (no HTTPS)" \
	env AWS_CA_BUNDLE="$TMP/no-such-ca.pem" "$JAMDEPLOY" push site --to plain-dir

# ---- CDN purge over HTTPS ----
PURGE_PORT=$(s3__free_port)
cat >purge_server.py <<'PY'
import http.server, ssl, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def do_PURGE(self):
        with open(sys.argv[2], 'a') as f:
            f.write(self.path + '\n')
        self.send_response(200)
        self.send_header('Content-Length', '0')
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[3], sys.argv[4])
server.socket = ctx.wrap_socket(server.socket, server_side=True)
server.serve_forever()
PY
/usr/bin/python3 purge_server.py "$PURGE_PORT" "$TMP/purged" pki/local.pem pki/local.key >purge.log 2>&1 &
TLS_PIDS+=($!)
if ! wait_port "$PURGE_PORT" $!; then
	not_ok "the HTTPS PURGE server starts" "$(head -c 400 purge.log)"
	exit 1
fi
printf 'cdn:\n  purge_url: https://127.0.0.1:%s\n' "$PURGE_PORT" >cdn.yml
expect_exit 2 "purge_url over HTTPS with a missing AWS_CA_BUNDLE: configuration error" \
	env AWS_CA_BUNDLE="$TMP/no-such-ca.pem" "$JAMDEPLOY" push site --to cdn-dir --config cdn.yml
check "missing bundle for the purge: the target was not written" [ ! -e cdn-dir ]
expect_exit 0 "purge_url over HTTPS with AWS_CA_BUNDLE: push and purge work" \
	env AWS_CA_BUNDLE="$CA" "$JAMDEPLOY" push site --to cdn-dir --config cdn.yml
printf '<!doctype html><title>Home</title><p>home v2</p>\n' >site/index.html
expect_exit 0 "purge over HTTPS of a changed page works" \
	env AWS_CA_BUNDLE="$CA" "$JAMDEPLOY" push site --to cdn-dir --config cdn.yml
check "the cache got PURGE for the changed page" grep -qx "/index.html" purged
printf '<!doctype html><title>Home</title><p>home v3</p>\n' >site/index.html
expect_exit 1 "purge over HTTPS without a bundle: refused, the deploy stands" \
	"$JAMDEPLOY" push site --to cdn-dir --config cdn.yml
stderr_has "purge refused: the message names the purge URL and says the CA is not trusted" \
	"the TLS certificate of 'https://127.0.0.1:$PURGE_PORT' is not signed by a trusted CA"
check "purge refused: the page was deployed all the same" grep -q "home v3" cdn-dir/index.html
