# verify.sh - drift (issue 18 item 4): objects deleted, overwritten or added behind jamdeploy's
# back, on a directory target and on S3 (s3rver behind the SigV4-checking proxy).
#
# `verify` names each one (missing, different, extra; exit 1 when something is missing or
# different, --json lists them), a plain push trusts the manifest and repairs nothing, `push
# --verify` uploads what is missing or different and then verify passes; the bytes live are the
# build's.  An overwrite of the same size is caught by the MD5 the manifest now keeps; a
# manifest without md5 (an older jamdeploy's) is compared by size and says so.  On S3 a no-change
# push without --verify stays one request (no listing).
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"
trap 's3_stop; rm -rf "$TMP"' EXIT

# same_tree NAME A B: the files of A and B (without .jamdeploy/) have equal bytes
same_tree() {
	if diff -r -x .jamdeploy "$2" "$3" >"$TMP/tree.diff" 2>&1; then ok "$1"; else
		not_ok "$1" "$(head -c 300 "$TMP/tree.diff")"
	fi
}
has_line() { # NAME FILE LINE
	if grep -qxF -- "$3" "$2"; then ok "$1"; else not_ok "$1" "'$3' not in: $(head -c 300 "$2")"; fi
}

make_site site
"$JAMDEPLOY" build site -o built >/dev/null 2>&1

# ---- directory target
"$JAMDEPLOY" push site --to out >/dev/null 2>&1
check "dir: the manifest keeps an md5 per entry" \
	[ "$(json_field out/.jamdeploy/manifest.json 'all(len(e["md5"]) == 32 for e in d["files"].values())')" = True ]
expect_exit 0 "dir: verify right after a push passes" "$JAMDEPLOY" verify --to out
rm out/index.html
printf 'User-agent: X\n' >out/robots.txt      # same size, other bytes
printf '<p>stray\n' >out/stray.html
expect_exit 1 "dir: verify finds the drift (exit 1)" "$JAMDEPLOY" verify --to out
has_line "dir: the deleted page is missing" "$TMP/stdout" "missing: index.html"
check "dir: the same-size overwrite is different (MD5)" grep -q "^different: robots.txt (ETag" "$TMP/stdout"
has_line "dir: the added file is extra" "$TMP/stdout" "extra: stray.html (not in the manifest)"
stderr_has "dir: the message says how to repair" "push --verify"
"$JAMDEPLOY" verify --to out --json >v.json 2>/dev/null
check "dir: --json lists missing, different, extra" [ "$(json_field v.json '[d["ok"], [x["key"] for x in d["missing"]], [x["key"] for x in d["different"]], [x["key"] for x in d["extra"]]]')" = "[False, ['index.html'], ['robots.txt'], ['stray.html']]" ]
expect_exit 0 "dir: a plain push trusts the manifest" "$JAMDEPLOY" push site --to out
stderr_has "dir: ... and sends nothing" "0 uploaded"
expect_exit 0 "dir: push --verify" "$JAMDEPLOY" push site --to out --verify
stderr_has "dir: push --verify says what it found" "1 missing, 1 different, 1 not in the manifest"
stderr_has "dir: push --verify uploads the two" "2 uploaded"
expect_exit 0 "dir: verify passes after the repair" "$JAMDEPLOY" verify --to out
rm out/stray.html
same_tree "dir: every live object's bytes are the build's" out built
# An older manifest without md5: compared by size only, and said so.
/usr/bin/python3 -c 'import json,sys; p=sys.argv[1]; m=json.load(open(p)); [e.pop("md5") for e in m["files"].values()]; json.dump(m, open(p,"w"))' out/.jamdeploy/manifest.json
printf 'User-agent: Y\n' >out/robots.txt
expect_exit 0 "dir: a manifest without md5 is read" "$JAMDEPLOY" verify --to out
stderr_has "dir: ... compared by size only, and said so" "compared by size only"
printf '{"version":1,"deploy":1,"files":{"a":{"sha256":"%064d","md5":"XYZ","size":1,"content_type":"","cache_control":""}}}' 0 >out/.jamdeploy/manifest.json
expect_exit 1 "dir: a malformed md5 is refused" "$JAMDEPLOY" verify --to out
stderr_has "dir: ... naming the manifest" "manifest.json"

# ---- S3
if ! s3_start jd-test; then
	not_ok "s3 servers start" "see the message above"
	exit 1
fi
TO=s3://jd-test/site
E=(--endpoint "$S3_ENDPOINT")
"$JAMDEPLOY" push site --to "$TO" "${E[@]}" >/dev/null 2>&1
expect_exit 0 "s3: verify right after a push passes" "$JAMDEPLOY" verify --to "$TO" "${E[@]}"
s3_raw DELETE jd-test/site/index.html
printf 'User-agent: X\n' >robots2
s3_raw PUT jd-test/site/robots.txt robots2
s3_raw PUT jd-test/site/stray.html robots2
expect_exit 1 "s3: verify finds the drift (exit 1)" "$JAMDEPLOY" verify --to "$TO" "${E[@]}"
has_line "s3: the deleted page is missing" "$TMP/stdout" "missing: index.html"
check "s3: the same-size overwrite is different (ETag is not the MD5)" grep -q "^different: robots.txt (ETag" "$TMP/stdout"
has_line "s3: the added object is extra" "$TMP/stdout" "extra: stray.html (not in the manifest)"
"$JAMDEPLOY" verify --to "$TO" "${E[@]}" --json >v.json 2>/dev/null
check "s3: --json lists them" [ "$(json_field v.json '[[x["key"] for x in d[k]] for k in ("missing", "different", "extra")]')" = "[['index.html'], ['robots.txt'], ['stray.html']]" ]
s3_reset
expect_exit 0 "s3: a no-change push without --verify" "$JAMDEPLOY" push site --to "$TO" "${E[@]}"
s3_stats >stats.json; check "s3: ... is one request (no listing)" [ "$(json_field stats.json "sum(v for k, v in d.items() if k.isupper())")" = 1 ]
expect_exit 0 "s3: push --verify" "$JAMDEPLOY" push site --to "$TO" "${E[@]}" --verify
stderr_has "s3: push --verify uploads the missing and the different" "2 uploaded"
expect_exit 0 "s3: verify passes after the repair" "$JAMDEPLOY" verify --to "$TO" "${E[@]}"
s3_raw GET jd-test/site/index.html got.html
check "s3: the repaired page has the build's bytes" cmp -s got.html built/index.html
s3_raw GET jd-test/site/robots.txt got.txt
check "s3: the repaired file has the build's bytes" cmp -s got.txt built/robots.txt
check "s3: no signature mismatch at the proxy" [ "$(s3_count mismatch)" = 0 ]
