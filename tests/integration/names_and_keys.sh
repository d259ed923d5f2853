# names_and_keys.sh - issue 15, "what is live must be what was pushed": names and keys
# that made a push lose track of what it stored, each now refused before anything moves.
#   - a manifest entry under .jamdeploy/ (the push deleted its own new manifest)
#   - file names that are not UTF-8 (uploaded, but never in the manifest or --json, so
#     never deleted), and --json documents that silently lost what jansson refused
#   - an S3 key over 1,024 bytes (the push failed after other objects were stored, without
#     naming the file); against s3rver behind the SigV4-checking proxy
#   - the manifest's "deploy" counter (a string read as 0, INT64_MAX overflowing)
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"
trap 's3_stop; rm -rf "$TMP"' EXIT

# edit_manifest FILE PYTHON: run PYTHON with the manifest as `m`, write it back
edit_manifest() {
	/usr/bin/python3 -c 'import json,sys
m = json.load(open(sys.argv[1]))
exec(sys.argv[2])
json.dump(m, open(sys.argv[1], "w"), indent=2)' "$1" "$2"
}

# stdout_is_error_json NAME TEXT: the last expect_exit's stdout is a --json error document
# whose message contains TEXT
stdout_is_error_json() {
	if /usr/bin/python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d["ok"] is False and sys.argv[2] in d["error"]["message"] else 1)' "$TMP/stdout" "$2" 2>/dev/null
	then ok "$1"; else not_ok "$1" "stdout: $(head -c 300 "$TMP/stdout")"; fi
}

LATIN1=$(printf '\351') # "é" in Latin-1: not UTF-8 on its own

# ---- 3. keys under .jamdeploy/ are never site keys ---------------------------------------
make_site site
"$JAMDEPLOY" push site --to t -q
edit_manifest t/.jamdeploy/manifest.json 'm["files"][".jamdeploy/manifest.json"] = dict(m["files"]["index.html"])'
cp t/.jamdeploy/manifest.json before.json
printf 'Disallow: /x\n' >>site/robots.txt
expect_exit 1 "a manifest entry '.jamdeploy/manifest.json' makes the manifest corrupt" \
	"$JAMDEPLOY" push site --to t
stderr_has "the error names the entry" "(key '.jamdeploy/manifest.json')"
stderr_has "the error says what is wrong with it" "under '.jamdeploy/', where the target keeps jamdeploy's own files"
stderr_has "the error says how to recover" "jamdeploy push --force"
check "the push left the target's manifest in place" cmp -s before.json t/.jamdeploy/manifest.json
check "the push uploaded nothing" sh -c '! grep -q Disallow t/robots.txt'
expect_exit 1 "diff refuses the manifest too" "$JAMDEPLOY" diff site --to t
expect_exit 0 "push --force replaces the manifest" "$JAMDEPLOY" push site --to t --force
check "the new manifest is there" [ -f t/.jamdeploy/manifest.json ]
check "the new manifest has no key under .jamdeploy/" \
	[ "$(json_field t/.jamdeploy/manifest.json '[k for k in d["files"] if k.startswith(".jamdeploy")]')" = "[]" ]
expect_exit 0 "the next push reads it" "$JAMDEPLOY" push site --to t --json
check "... and has nothing to send" [ "$(json_field "$TMP/stdout" 'd["uploaded"]')" = 0 ]

# Anything under .jamdeploy/: an entry for a file of jamdeploy's own there would delete it.
printf 'kept\n' >t/.jamdeploy/notes.txt
edit_manifest t/.jamdeploy/manifest.json 'm["files"][".jamdeploy/notes.txt"] = dict(m["files"]["robots.txt"])'
expect_exit 1 "a manifest entry '.jamdeploy/notes.txt' is refused too" "$JAMDEPLOY" push site --to t
stderr_has "... naming it" "(key '.jamdeploy/notes.txt')"
check "the file under .jamdeploy/ is still there" [ -f t/.jamdeploy/notes.txt ]
cp "$JD_TOP/tests/manifests/corrupt-reserved-key.json" t/.jamdeploy/manifest.json
expect_exit 1 "the corrupt-reserved-key.json fixture is refused as a target's manifest" \
	"$JAMDEPLOY" push site --to t
stderr_has "... as corrupt" "is corrupt"

# A site's own .jamdeploy/ folder (a copy of a target, say) never becomes a key.
make_site own
mkdir -p own/.jamdeploy && printf '{"version": 1, "files": {}}\n' >own/.jamdeploy/manifest.json
expect_exit 0 "a site holding a .jamdeploy/ folder pushes" "$JAMDEPLOY" push own --to ot --json
check "its .jamdeploy/ files are not uploaded" [ "$(json_field "$TMP/stdout" 'd["uploaded"]')" = 6 ]
check "the target's manifest is jamdeploy's, naming the site's files" \
	[ "$(json_field ot/.jamdeploy/manifest.json 'len(d["files"])')" = 6 ]

# ---- 4. file names that are not UTF-8 -------------------------------------------------------
make_site latin
printf 'x\n' >"latin/caf$LATIN1.txt"
expect_exit 1 "push refuses a file name that is not UTF-8" "$JAMDEPLOY" push latin --to lt
stderr_has "the error names the file, its bad byte as \\xNN" "'latin/caf\\xE9.txt' is not UTF-8"
stderr_has "the error says what to do" "rename it"
check "nothing was written to the target" [ ! -e lt ]
expect_exit 1 "push --json refuses it too" "$JAMDEPLOY" push latin --to lt --json
stdout_is_error_json "the --json error document is JSON and names the file" "latin/caf\\xE9.txt"
expect_exit 1 "diff refuses it" "$JAMDEPLOY" diff latin --to lt
expect_exit 1 "build refuses it" "$JAMDEPLOY" build latin -o lo
rm "latin/caf$LATIN1.txt"
mkdir -p "latin/d$LATIN1" && printf 'x\n' >"latin/d$LATIN1/a.txt"
expect_exit 1 "a folder name that is not UTF-8 is refused" "$JAMDEPLOY" push latin --to lt
stderr_has "... naming the folder" "'latin/d\\xE9' is not UTF-8"
rm -r "latin/d$LATIN1"
# The old way out: the file was stored but not in the manifest, so removing it from the site
# never removed it from the target.  Now the target only ever holds what the manifest names.
expect_exit 0 "once renamed, the site pushes" "$JAMDEPLOY" push latin --to lt
check "the target holds exactly the manifest's keys" [ "$(cd lt && find . -type f ! -path './.jamdeploy/*' | sed 's|^\./||' | LC_ALL=C sort | tr '\n' ' ')" = \
	"$(json_field lt/.jamdeploy/manifest.json '" ".join(sorted(d["files"])) + " "')" ]

# jansson refuses such text anywhere in a --json document: an error, never a member left out.
printf 'a { color: red }\n' >"caf$LATIN1.css"
expect_exit 1 "minify --json of a file whose name JSON cannot hold fails" \
	"$JAMDEPLOY" minify "caf$LATIN1.css" --json
stderr_has "... naming it" "'caf\\xE9.css' is not valid UTF-8"
check "... and prints no report that lacks it" sh -c "! grep -q '^\[' '$TMP/stdout'"
expect_exit 1 "an error about a name that is not UTF-8 still gets its --json document" \
	"$JAMDEPLOY" push "nosuch$LATIN1" --to lt --json
stdout_is_error_json "... with the name escaped" "nosuch\\xE9"

# ---- 8. the manifest's deploy counter --------------------------------------------------------
make_site cs
"$JAMDEPLOY" push cs --to ct -q
cp ct/.jamdeploy/manifest.json good.json
for bad in '"7"' '-1' '9223372036854775807' '7.5' 'null'; do
	cp good.json ct/.jamdeploy/manifest.json
	edit_manifest ct/.jamdeploy/manifest.json "m['deploy'] = json.loads('$bad')"
	expect_exit 1 "deploy $bad makes the manifest corrupt" "$JAMDEPLOY" push cs --to ct
	stderr_has "deploy $bad: the error says what deploy must be" \
		'"deploy" is not a whole number from 0 to 9223372036854775806'
done
for f in corrupt-deploy-string corrupt-deploy-negative corrupt-deploy-overflow; do
	cp "$JD_TOP/tests/manifests/$f.json" ct/.jamdeploy/manifest.json
	expect_exit 1 "the $f.json fixture is refused as a target's manifest" "$JAMDEPLOY" diff cs --to ct
done

cp good.json ct/.jamdeploy/manifest.json
edit_manifest ct/.jamdeploy/manifest.json 'm["deploy"] = 9223372036854775805'
printf 'Disallow: /a\n' >>cs/robots.txt
expect_exit 0 "a counter one below its largest value advances" "$JAMDEPLOY" push cs --to ct
check "... to 9223372036854775806" [ "$(json_field ct/.jamdeploy/manifest.json 'd["deploy"]')" = 9223372036854775806 ]
expect_exit 0 "that manifest is read back" "$JAMDEPLOY" push cs --to ct --json
check "... and a push that changes nothing is fine" [ "$(json_field "$TMP/stdout" 'd["uploaded"]')" = 0 ]
printf 'Disallow: /b\n' >>cs/robots.txt
expect_exit 1 "a counter at its largest value cannot advance" "$JAMDEPLOY" push cs --to ct
stderr_has "... and the error says so and how to go on" "the most it can hold (run 'jamdeploy push --force'"
check "... the manifest is left as it was" [ "$(json_field ct/.jamdeploy/manifest.json 'd["deploy"]')" = 9223372036854775806 ]
check "... nothing was uploaded" sh -c '! grep -q /b ct/robots.txt'
expect_exit 0 "push --force starts a new manifest" "$JAMDEPLOY" push cs --to ct --force
check "... counting from 1" [ "$(json_field ct/.jamdeploy/manifest.json 'd["deploy"]')" = 1 ]
check "... with the new bytes" grep -q /b ct/robots.txt

# ---- 6. S3 keys over 1,024 bytes ---------------------------------------------------------------
if ! s3_start jd-test; then
	not_ok "s3 servers start" "see the message above"
	exit 1
fi
ok "s3rver and the SigV4-checking proxy are up"

# long_site DIR BYTES: a site whose deepest page's key is BYTES bytes of UTF-8 (folders of
# "é", two bytes each), plus a stylesheet (an immutable asset, uploaded first) and robots.txt
long_site() {
	make_site "$1"
	printf '<!doctype html><link rel=stylesheet href=css/a.css><p>home\n' >"$1/index.html"
	/usr/bin/python3 -c 'import os,sys
root, total = sys.argv[1], int(sys.argv[2])
dirs = "/".join("\u00e9" * 100 + "-%d" % i for i in range(4)) + "/"
name = "x" * (total - len(dirs.encode()) - len(".html")) + ".html"
os.makedirs(os.path.join(root, dirs), exist_ok=True)
open(os.path.join(root, dirs, name), "w").write("<p>deep\n")
print(dirs + name)' "$1" "$2"
}
S3_TO=s3://jd-test/site
s3push() { "$JAMDEPLOY" push "$1" --to "$S3_TO" --endpoint "$S3_ENDPOINT" "${@:2}"; }

key=$(long_site s3long 1020) # with "site/": 1,025 bytes
s3_reset
expect_exit 1 "a key of 1,025 bytes with the prefix is refused" s3push s3long
stderr_has "the error names the file (the key's end)" "xxxx.html' is 1025 bytes"
stderr_has "the error counts the prefix" "with the prefix 'site/', over S3's limit of 1024 bytes"
check "nothing was uploaded, not even the assets of the first phase" [ "$(s3_count PUT)" = 0 ]
check "no other write either" [ "$(s3_count POST)/$(s3_count DELETE)" = 0/0 ]
check "the key counted bytes, not characters" [ "$(printf '%s' "$key" | LC_ALL=C.UTF-8 wc -m)" -lt 1020 ]
expect_exit 1 "the --json error document names it too" s3push s3long --json
stdout_is_error_json "... as JSON" "is 1025 bytes with the prefix"

rm -rf s3long
key=$(long_site s3fit 1019) # with "site/": exactly 1,024 bytes
s3_reset
expect_exit 0 "a key of exactly 1,024 bytes with the prefix is stored" s3push s3fit --json
check "... with the rest of the site" [ "$(json_field "$TMP/stdout" 'd["uploaded"]')" = 7 ]
check "... and it is in the manifest" [ "$(json_field "$TMP/stdout" 'len([k for k in d["upload"] if k.endswith("xxxx.html")])')" = 1 ]
