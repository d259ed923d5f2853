# purge_pending_remote.sh - pending CDN purges are kept on the target as well as in the local
# cache, so a push from a fresh CI runner (no .jamdeploy/cache) still retries them.  A push whose
# purge endpoint is unreachable leaves .jamdeploy/pending-purge beside the manifest; the local
# cache is then deleted, the CDN fixed, and a push with no site change purges those URLs and
# removes the object.  The CDN is a small PURGE-recording stub (`cdn: purge_url:`) on loopback.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/cdn/lib.sh"

cat >stub.py <<'PY'
import http.server, sys
log = sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def do_PURGE(self):
        with open(log, "a") as f:
            f.write(self.path + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *a):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
port=$(cdn__free_port)
: >purged.log
/usr/bin/python3 stub.py "$port" "$TMP/purged.log" 2>stub.err &
STUB_PID=$!
trap 'kill $STUB_PID 2>/dev/null; rm -rf "$TMP"' EXIT
cdn__wait_port "$port" "$STUB_PID" || not_ok "the CDN stub starts" "$(cat stub.err)"

make_site site
"$JAMDEPLOY" push site --to target >/dev/null 2>&1
check "first push (no CDN) succeeds" [ -f target/.jamdeploy/manifest.json ]

# The purge fails: the deploy stands, the URLs are kept locally and on the target.
printf '<!doctype html><title>Home</title><p>home v2</p>\n' >site/index.html
dead=$(cdn__free_port)
printf 'cdn:\n  purge_url: http://127.0.0.1:%s\n' "$dead" >jamdeploy.yml
expect_exit 1 "a push whose purge endpoint is unreachable exits 1" "$JAMDEPLOY" push site --to target
stderr_has "the message says the URLs are kept on the target" "on the target as '.jamdeploy/pending-purge'"
check "the deploy itself landed" grep -q 'home v2' target/index.html
check "the pending URLs are kept beside the manifest" \
	[ "$(tr '\n' ' ' <target/.jamdeploy/pending-purge 2>/dev/null)" = "/ /index.html " ]
check "... and in the local cache" [ "$(tr '\n' ' ' <.jamdeploy/cache/pending-purge)" = "/ /index.html " ]
check "the pending object is not in the manifest" \
	sh -c '! grep -q pending-purge target/.jamdeploy/manifest.json'

# A fresh runner: no local cache.  The CDN works again; nothing in the site changed.
rm -rf .jamdeploy
printf 'cdn:\n  purge_url: http://127.0.0.1:%s\n' "$port" >jamdeploy.yml
expect_exit 0 "the push from a fresh runner succeeds" "$JAMDEPLOY" push site --to target --json
cp "$TMP/stdout" retry.json
check "it uploads nothing" [ "$(json_field retry.json 'd["uploaded"]')" = 0 ]
check "it purges the URLs the earlier push left" [ "$(json_field retry.json 'd["purged"]')" = 2 ]
check "the CDN received PURGE for them" [ "$(sort purged.log | tr '\n' ' ')" = "/ /index.html " ]
check "the target's pending object is removed after the purge" [ ! -e target/.jamdeploy/pending-purge ]
check "no local pending file is left" [ ! -e .jamdeploy/cache/pending-purge ]

# Local and remote lists combine: a local list with another URL and the target's both purge.
: >purged.log
printf '<!doctype html><title>Home</title><p>home v3</p>\n' >site/index.html
printf 'cdn:\n  purge_url: http://127.0.0.1:%s\n' "$dead" >jamdeploy.yml
expect_exit 1 "another failed purge" "$JAMDEPLOY" push site --to target
printf '/docs/\n' >.jamdeploy/cache/pending-purge
printf 'cdn:\n  purge_url: http://127.0.0.1:%s\n' "$port" >jamdeploy.yml
expect_exit 0 "the next push purges both lists" "$JAMDEPLOY" push site --to target
check "the union of the local and the target's lists is purged" \
	[ "$(sort purged.log | tr '\n' ' ')" = "/ /docs/ /index.html " ]

# --dry-run and diff read nothing pending and write nothing.
expect_exit 0 "a dry run after a clean push" "$JAMDEPLOY" push site --to target --dry-run
check "a dry run leaves no pending object" [ ! -e target/.jamdeploy/pending-purge ]

# The same on S3, from a fresh runner; and a target that refuses the pending object: the push
# reports it as a warning and the deploy stands (the local list still has the URLs).
. "$JD_TOP/tests/s3/lib.sh"
trap 'kill $STUB_PID 2>/dev/null; s3_stop; rm -rf "$TMP"' EXIT
if ! s3_start jd-test 2>s3.err; then
	not_ok "s3rver starts" "$(head -c 400 s3.err)"
	exit 0
fi
s3push() { "$JAMDEPLOY" push site --to s3://jd-test/pp --endpoint "$S3_ENDPOINT" "$@"; }
rm -rf .jamdeploy; rm -f jamdeploy.yml
expect_exit 0 "s3: first push (no CDN)" s3push
printf '<!doctype html><title>Home</title><p>home v4</p>\n' >site/index.html
printf 'cdn:\n  purge_url: http://127.0.0.1:%s\n' "$dead" >jamdeploy.yml
expect_exit 1 "s3: a push whose purge fails" s3push
stderr_has "s3: the URLs are kept on the target" "on the target as '.jamdeploy/pending-purge'"
rm -rf .jamdeploy
: >purged.log
printf 'cdn:\n  purge_url: http://127.0.0.1:%s\n' "$port" >jamdeploy.yml
expect_exit 0 "s3: the push from a fresh runner succeeds" s3push --json
check "s3: it purges what the failed push left" [ "$(sort purged.log | tr '\n' ' ')" = "/ /index.html " ]
expect_exit 0 "s3: the next push has nothing pending" s3push --json
check "s3: ... so it purges nothing" [ "$(json_field "$TMP/stdout" 'd["purged"]')" = 0 ]

# Nothing to upload, a local pending URL, the CDN down, and the store refusing the object.
printf '/docs/\n' >.jamdeploy/cache/pending-purge
printf 'cdn:\n  purge_url: http://127.0.0.1:%s\n' "$dead" >jamdeploy.yml
s3_reset
s3_fail 20 403 AccessDenied PUT
expect_exit 1 "s3: a failed purge whose pending object is refused still exits 1 (the purge's)" s3push
s3_reset
stderr_has "s3: the refused object is reported as a warning" "[purge-pending-not-saved]"
stderr_has "s3: the message says the URLs are kept locally" "kept in '.jamdeploy/cache/pending-purge' for the next push"
check "s3: the local list still has the URL" grep -qx /docs/ .jamdeploy/cache/pending-purge
