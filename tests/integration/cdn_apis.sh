# cdn_apis.sh - the CloudFront, Cloudflare and Fastly clients against loopback servers that check
# what the real APIs require (tests/cdn/api_server.py): SigV4 verified by botocore, the XML shape
# and Quantity, the bearer token and the 100-URL cap, a 429 with Retry-After, the Fastly-Key.
# Bad input: an unknown distribution or zone (the API's error shown with a hint), a missing token
# variable (exit 2, nothing uploaded), an unreachable endpoint (retried, exit 1, deploy intact).
# Tokens never appear in the output.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/cdn/lib.sh"

CF_TOKEN=cfTokenJamdeployTest-5a1d9e7c3b
FASTLY_TOKEN=fastlyKeyJamdeployTest-8e2c4a6f
export AWS_ACCESS_KEY_ID=AKIDJAMDEPLOYCDN01 AWS_SECRET_ACCESS_KEY=jdCdnSecret/3b5d7f9a1c2e4f6a8b0d
unset AWS_SESSION_TOKEN AWS_PROFILE
export AWS_SHARED_CREDENTIALS_FILE=/nonexistent AWS_CONFIG_FILE=/nonexistent
trap 'api_stop CFL; api_stop FST; api_stop CFR; api_stop CFR2; rm -rf "$TMP"' EXIT

# pages N DIR VERSION: DIR/p/1..N/index.html, and DIR/index.html
pages() {
	local i
	mkdir -p "$2"
	printf '<!doctype html><title>Home</title><p>%s</p>\n' "$3" >"$2/index.html"
	for i in $(seq 1 "$1"); do
		mkdir -p "$2/p/$i"
		printf '<!doctype html><title>P%s</title><p>%s</p>\n' "$i" "$3" >"$2/p/$i/index.html"
	done
}
no_secret() { # NAME FILE...
	if cat "${@:2}" | grep -qF -e "$CF_TOKEN" -e "$FASTLY_TOKEN" -e "$AWS_SECRET_ACCESS_KEY"; then
		not_ok "$1" "a secret appears in the output"
	else ok "$1"; fi
}

# ---- Cloudflare: 60 changed pages and the home page are 122 URLs: two requests of at most 100, after one 429.
api_start CFL cloudflare --known-id zone123 --token "$CF_TOKEN" --first-429 || { not_ok "cloudflare server starts" "see stderr"; exit 0; }
mkdir cf && cd cf
pages 60 site v1
"$JAMDEPLOY" push site --to target >/dev/null 2>&1
pages 60 site v2
cat >jamdeploy.yml <<YML
base_url: https://www.example.com/
cdn:
  cloudflare: { zone_id: zone123, token_env: JD_CF_TOKEN, endpoint: $CFL_URL }
YML
unset JD_CF_TOKEN
# A dry run and a diff check what the push would, so exit 0 means the push can start.
expect_exit 2 "cloudflare: a dry run without the token fails like the push" "$JAMDEPLOY" push site --to target --dry-run
stderr_has "cloudflare: the dry run names the variable" "JD_CF_TOKEN"
expect_exit 2 "cloudflare: so does a diff" "$JAMDEPLOY" diff site --to target
JD_CF_TOKEN=x expect_exit 0 "cloudflare: a dry run with a token set asks nothing" "$JAMDEPLOY" push site --to target --dry-run
check "cloudflare: the dry run lists full-site purge paths" grep -qx 'purge /p/7/' "$TMP/stdout"
expect_exit 2 "cloudflare: missing token variable exits 2" "$JAMDEPLOY" push site --to target
stderr_has "cloudflare: the message names the variable" "JD_CF_TOKEN"
check "cloudflare: nothing was uploaded without the token" grep -q v1 target/index.html
export JD_CF_TOKEN=$CF_TOKEN
"$JAMDEPLOY" push site --to target --json >push.json 2>push.err
check "cloudflare: push succeeds" [ "$(json_field push.json 'd["ok"]')" = True ]
check "cloudflare: every URL purged" [ "$(api_items "$CFL_LOG" | sort -u | wc -l)" = 122 ]
check "cloudflare: two requests accepted" [ "$(api_count "$CFL_LOG" api)" = 2 ]
check "cloudflare: the 429 was answered and retried" [ "$(api_count "$CFL_LOG" refused)" = 1 ]
check "cloudflare: URLs are absolute from base_url" [ "$(api_items "$CFL_LOG" | grep -vc '^https://www\.example\.com/')" = 0 ]
check "cloudflare: directory URL is purged" grep -qx 'https://www.example.com/p/7/' <(api_items "$CFL_LOG")
check "cloudflare: root URL is purged" grep -qx 'https://www.example.com/' <(api_items "$CFL_LOG")
no_secret "cloudflare: the token is not in the output" push.json push.err

# Unknown zone: the API's error and a hint; the deploy stands.
printf '<p>v3</p>\n' >site/p/1/index.html
sed -i 's/zone123/zone999/' jamdeploy.yml
expect_exit 1 "cloudflare: unknown zone exits 1" "$JAMDEPLOY" push site --to target
stderr_has "cloudflare: the API's error is shown" "7003"
stderr_has "cloudflare: the hint names the setting" "zone_id"
check "cloudflare: the deploy itself landed" grep -q v3 target/p/1/index.html
no_secret "cloudflare: the token is not in the error" "$TMP/stderr"
cd "$TMP"

# ---- Fastly: one POST /purge/HOST/PATH per URL with the key, soft purge when asked.
api_start FST fastly --token "$FASTLY_TOKEN" || { not_ok "fastly server starts" "see stderr"; exit 0; }
mkdir fastly && cd fastly
pages 3 site v1
"$JAMDEPLOY" push site --to target >/dev/null 2>&1
printf '<p>v2</p>\n' >site/p/2/index.html
cat >jamdeploy.yml <<YML
base_url: https://www.example.com
cdn:
  fastly: { service_id: SVC1, token_env: JD_FASTLY_TOKEN, endpoint: $FST_URL, soft_purge: true }
YML
JD_FASTLY_TOKEN=wrong-key expect_exit 1 "fastly: a refused key exits 1" "$JAMDEPLOY" push site --to target
stderr_has "fastly: the API's error is shown" "credentials are missing or invalid"
export JD_FASTLY_TOKEN=$FASTLY_TOKEN
"$JAMDEPLOY" push site --to target --json >push.json 2>push.err
check "fastly: push retries the pending purge and succeeds" [ "$(json_field push.json 'd["ok"]')" = True ]
check "fastly: exactly the changed page's URLs" [ "$(api_items "$FST_LOG" | sort | tr '\n' ' ')" = "www.example.com/p/2/ www.example.com/p/2/index.html " ]
check "fastly: soft purge header sent" [ "$(grep -c '"soft": true' "$FST_LOG")" = 2 ]
no_secret "fastly: the key is not in the output" push.json push.err
cd "$TMP"

# ---- CloudFront: SigV4 (botocore), XML shape, Quantity, TooManyInvalidationsInProgress retried.
api_start CFR cloudfront --known-id E2JDTEST --access-key "$AWS_ACCESS_KEY_ID" \
	--secret-key "$AWS_SECRET_ACCESS_KEY" --too-many 1 || { not_ok "cloudfront server starts" "see stderr"; exit 0; }
mkdir cfr && cd cfr
pages 3 site v1
"$JAMDEPLOY" push site --to target >/dev/null 2>&1
printf '<p>v2</p>\n' >site/p/3/index.html
printf '<p>v2</p>\n' >site/index.html
cat >jamdeploy.yml <<YML
cdn:
  cloudfront: { distribution_id: E2JDTEST, endpoint: $CFR_URL }
YML
"$JAMDEPLOY" push site --to target --json >push.json 2>push.err
check "cloudfront: push succeeds" [ "$(json_field push.json 'd["ok"]')" = True ]
check "cloudfront: one invalidation accepted (signature, XML and Quantity checked)" [ "$(api_count "$CFR_LOG" api)" = 1 ]
check "cloudfront: TooManyInvalidationsInProgress was retried" [ "$(grep -c TooManyInvalidationsInProgress "$CFR_LOG")" = 1 ]
check "cloudfront: exact paths of the changed pages" [ "$(api_items "$CFR_LOG" | sort | tr '\n' ' ')" = "/ /index.html /p/3/ /p/3/index.html " ]
check "cloudfront: no signature was refused" [ "$(grep -c SignatureDoesNotMatch "$CFR_LOG")" = 0 ]
no_secret "cloudfront: the secret is not in the output" push.json push.err

printf '<p>v3</p>\n' >site/p/1/index.html
sed -i 's/E2JDTEST/E9MISSING/' jamdeploy.yml
expect_exit 1 "cloudfront: unknown distribution exits 1" "$JAMDEPLOY" push site --to target
stderr_has "cloudfront: the API's error is shown" "NoSuchDistribution"
stderr_has "cloudfront: the hint names the setting" "distribution_id"
check "cloudfront: the deploy itself landed" grep -q v3 target/p/1/index.html

# Unreachable endpoint: retried, exit 1, deploy intact.
printf '<p>v4</p>\n' >site/p/1/index.html
cat >jamdeploy.yml <<YML
cdn:
  cloudfront: { distribution_id: E2JDTEST, endpoint: http://127.0.0.1:$(cdn__free_port) }
YML
expect_exit 1 "cloudfront: unreachable endpoint exits 1" "$JAMDEPLOY" push site --to target
stderr_has "cloudfront: retried before giving up" "after 5 attempts"
check "cloudfront: the deploy itself landed" grep -q v4 target/p/1/index.html
cd "$TMP"

# Over 3,000 paths: fewest top-level wildcards when they fit in 15, else /*.
api_start CFR2 cloudfront --known-id E2JDTEST --access-key "$AWS_ACCESS_KEY_ID" \
	--secret-key "$AWS_SECRET_ACCESS_KEY" || { not_ok "cloudfront server starts" "see stderr"; exit 0; }
mkdir big && cd big
pages 1600 site v1
"$JAMDEPLOY" push site --to target >/dev/null 2>&1
pages 1600 site v2
cat >jamdeploy.yml <<YML
cdn:
  cloudfront: { distribution_id: E2JDTEST, endpoint: $CFR2_URL }
YML
"$JAMDEPLOY" diff site --to target --json >plan.json
check "cloudfront: the plan has over 3,000 URLs" [ "$(json_field plan.json 'len(d["purge_urls"])')" = 3202 ]
"$JAMDEPLOY" push site --to target >push.out 2>push.err
check "cloudfront: large push succeeds" [ $? -eq 0 ]
check "cloudfront: collapsed to one wildcard and the root paths" [ "$(api_items "$CFR2_LOG" | sort | tr '\n' ' ')" = "/ /index.html /p/* " ]
check "cloudfront: the collapse is reported" grep -q 'wildcards' push.err
for i in $(seq 1 16); do mkdir -p "site/d$i"; printf '<p>x</p>\n' >"site/d$i/index.html"; done
"$JAMDEPLOY" push site --to target >/dev/null 2>&1
pages 1600 site v3
for i in $(seq 1 16); do printf '<p>y</p>\n' >"site/d$i/index.html"; done
: >"$CFR2_LOG"
"$JAMDEPLOY" push site --to target >push.out 2>push.err
check "cloudfront: more than 15 wildcards becomes /*" [ "$(api_items "$CFR2_LOG" | tr '\n' ' ')" = "/* " ]
check "cloudfront: the /* is reported" grep -q 'invalidating /\*' push.err
