# cdn_varnish.sh - purge through a real cache: Varnish (caching everything for an hour) in front
# of a directory target.  A push without a CDN leaves Varnish serving the old page; a push with
# `cdn: purge_url:` makes exactly the changed page come back new at once while the unchanged
# pages stay cached, and Varnish sees PURGE for exactly that page's URLs.  A purge that cannot
# reach the cache leaves the deploy whole, exits 1, and the next push purges what was pending.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/cdn/lib.sh"

make_site site
"$JAMDEPLOY" push site --to target >/dev/null 2>&1
check "first push succeeds" [ -f target/.jamdeploy/manifest.json ]
cp target/index.html home.v1 # the home page as shipped (minified), what Varnish caches
trap 'varnish_stop; rm -rf "$TMP"' EXIT
if ! varnish_start "$TMP/target" 2>varnish.err; then
	not_ok "varnish starts" "$(head -c 400 varnish.err)"
	exit 0
fi
ok "varnish starts in front of the target"

body() { curl -s "$VARNISH_URL$1"; }
xcache() { curl -s -o /dev/null -D - "$VARNISH_URL$1" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache" { print $2 }'; }
age() { curl -s -o /dev/null -D - "$VARNISH_URL$1" | tr -d '\r' | awk -F': ' 'tolower($1) == "age" { print $2 }'; }

for p in / /docs/ /docs/index.html /robots.txt /css/a.css; do body "$p" >/dev/null; done
check "second fetch of / is a cache hit" [ "$(xcache /)" = HIT ]
check "second fetch of /docs/ is a cache hit" [ "$(xcache /docs/)" = HIT ]

# Control: a push without a CDN configured leaves the cache serving the old bytes.
printf 'User-agent: *\nDisallow: /private\n' >site/robots.txt
"$JAMDEPLOY" push site --to target >/dev/null 2>&1
check "control push changed the target" grep -q private target/robots.txt
check "without a purge varnish still serves the old robots.txt" [ "$(body /robots.txt)" = "User-agent: *" ]

# The purge: change one page, push with purge_url.
printf '<!doctype html><title>Docs</title><p>docs v2</p>\n' >site/docs/index.html
cat >jamdeploy.yml <<YML
cdn:
  purge_url: $VARNISH_URL
YML
"$JAMDEPLOY" diff site --to target >diff.txt
check "diff lists the purge URLs" [ "$(grep '^purge ' diff.txt | tr '\n' ' ')" = "purge /docs/ purge /docs/index.html " ]
sleep 1 # so that a page still cached from before has Age >= 1
"$JAMDEPLOY" push site --to target --json -v >push.json 2>push.err
check "push with purge succeeds" [ "$(json_field push.json 'd["ok"]')" = True ]
check "-v logs the PURGE requests" grep -q "^request: PURGE $VARNISH_URL/docs/ -> 200" push.err
check "push reports the purged URLs" [ "$(json_field push.json 'd["purge_urls"]')" = "['/docs/', '/docs/index.html']" ]
check "changed page comes back new through varnish at once" grep -q 'docs v2' <(body /docs/)
check "changed page is new under its file name too" grep -q 'docs v2' <(body /docs/index.html)
check "unchanged home page is still a cache hit" [ "$(xcache /)" = HIT ]
check "unchanged home page has Age > 0" [ "$(age /)" -gt 0 ]
check "unchanged stylesheet is still a cache hit" [ "$(xcache /css/a.css)" = HIT ]
check "unpurged robots.txt is still the old cached copy" [ "$(body /robots.txt)" = "User-agent: *" ]
check "varnish saw PURGE for exactly the changed page's URLs" \
	[ "$(varnish_purged | tr '\n' ' ')" = "/docs/ /docs/index.html " ]
check "no pending purge is left after a good purge" [ ! -e .jamdeploy/cache/pending-purge ]

# A purge that cannot reach the cache: retried, exit 1, the deploy stands, the URLs are kept.
# Only the page changes: a link to css/a.css would rename it to a hashed key (and purge the old
# URL too); make_site says why no page links it.
printf '<!doctype html><title>Home</title><p>home v2</p>\n' >site/index.html
dead=$(cdn__free_port)
cat >jamdeploy.yml <<YML
cdn:
  purge_url: http://127.0.0.1:$dead
YML
expect_exit 1 "unreachable purge endpoint exits 1" "$JAMDEPLOY" push site --to target
stderr_has "the failure names the endpoint" "cannot reach 'http://127.0.0.1:$dead/"
stderr_has "the failure says the deploy is complete" "the deploy itself is complete"
check "the deploy itself landed" grep -q 'home v2' target/index.html
check "the manifest records the new page" [ "$(json_field target/.jamdeploy/manifest.json 'd["files"]["index.html"]["sha256"]')" = "$(sha256sum target/index.html | cut -c1-64)" ]
check "the pending URLs are kept" [ "$(tr '\n' ' ' <.jamdeploy/cache/pending-purge)" = "/ /index.html " ]
check "varnish still serves the old home page" cmp -s home.v1 <(body /)

# The next push has nothing to upload but purges what was pending.
cat >jamdeploy.yml <<YML
cdn:
  purge_url: $VARNISH_URL
YML
"$JAMDEPLOY" push site --to target --json >retry.json 2>retry.err
check "retry push succeeds" [ "$(json_field retry.json 'd["ok"]')" = True ]
check "retry push uploads nothing" [ "$(json_field retry.json 'd["uploaded"]')" = 0 ]
check "retry push purges the pending URLs" [ "$(json_field retry.json 'd["purged"]')" = 2 ]
check "home page comes back new through varnish" grep -q 'home v2' <(body /)
check "pending file is removed after the retry" [ ! -e .jamdeploy/cache/pending-purge ]
