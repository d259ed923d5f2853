# errors.sh - bad input gets a clear message and the exit status of docs/DESIGN.md
# (2 usage/configuration, 1 work failed), never a crash, and changes nothing.
. "$JD_TOP/tests/lib.sh"

make_site site

expect_exit 2 "unknown command is a usage error" "$JAMDEPLOY" frobnicate
expect_exit 2 "unknown option is a usage error" "$JAMDEPLOY" push site --to t --frob
stderr_has "unknown option names the option" "unknown option '--frob'"
stderr_has "unknown option prints the usage line" "usage: jamdeploy push"
expect_exit 0 "help push prints usage" "$JAMDEPLOY" help push
check "help push shows the options" grep -q -- '--dry-run' "$TMP/stdout"
expect_exit 0 "push --help prints usage" "$JAMDEPLOY" push --help
expect_exit 2 "push without a target is a usage error" "$JAMDEPLOY" push site
expect_exit 2 "unknown target scheme" "$JAMDEPLOY" push site --to gs://bucket
expect_exit 2 "--jobs needs a number" "$JAMDEPLOY" push site --to t --jobs many

expect_exit 1 "missing site directory" "$JAMDEPLOY" push nosuchdir --to t
stderr_has "missing site names the directory" "'nosuchdir'"

printf 'site: site\ntarget: a: b\n' >bad.yml
expect_exit 2 "malformed YAML" "$JAMDEPLOY" push --config bad.yml
stderr_has "malformed YAML names file and line" "bad.yml:2:"

printf 'site: site\ntarget: t\nminfy:\n  html: true\n' >unknown.yml
expect_exit 2 "unknown config key" "$JAMDEPLOY" push --config unknown.yml
stderr_has "unknown key names file, line and column" "unknown.yml:3:1: unknown key 'minfy'"

printf 'deletes:\n  max: lots\n' >type.yml
expect_exit 2 "wrong config type" "$JAMDEPLOY" push site --to t --config type.yml
stderr_has "wrong type names line and column" "type.yml:2:8:"

printf 'budgets:\n  - { match: "*.js", max_gzip: 100 parsecs }\n' >size.yml
expect_exit 2 "bad size in config" "$JAMDEPLOY" push site --to t --config size.yml
stderr_has "bad size says how to write one" "100KiB"

expect_exit 2 "missing --config file" "$JAMDEPLOY" push site --to t --config nope.yml

# A key given twice is an error at the second one, at any level (the last one used to win
# silently: 'target:' twice deployed to whichever came last).
printf 'site: site\ntarget: dup-a\ntarget: dup-b\n' >dup.yml
expect_exit 2 "duplicate top-level key" "$JAMDEPLOY" push --config dup.yml
stderr_has "duplicate key names file, line, column and key" "dup.yml:3:1: duplicate key 'target'"
stderr_has "duplicate key names the first one's line" "first at line 2"
check "nothing was pushed with a duplicate key" [ ! -e dup-a -a ! -e dup-b ]
expect_exit 2 "duplicate key, --json" "$JAMDEPLOY" diff --config dup.yml --json
check "duplicate key --json error has code 2 and the line" /usr/bin/python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; assert e["code"] == 2 and e["line"] == 3 and e["file"] == "dup.yml" and "target" in e["message"]' "$TMP/stdout"
printf 'cdn:\n  cloudflare: { zone_id: a, token_env: JD_DUP_TOKEN }\n  cloudflare: { zone_id: b, token_env: JD_DUP_TOKEN }\n' >dupcdn.yml
expect_exit 2 "duplicate nested key (cloudflare: under cdn:)" "$JAMDEPLOY" diff site --to t --config dupcdn.yml
stderr_has "duplicate nested key names line, column and key" "dupcdn.yml:3:3: duplicate key 'cloudflare'"
printf 'rules:\n  - { match: "*.css", cache_control: no-cache, match: "*.js" }\n' >duprule.yml
expect_exit 2 "duplicate key in a list item" "$JAMDEPLOY" diff site --to t --config duprule.yml
stderr_has "duplicate key in a list item names its column" "duprule.yml:2:48: duplicate key 'match'"
printf '"target": dup-a\ntarget: dup-b\n' >dupquoted.yml
expect_exit 2 "duplicate key spelled with quotes once" "$JAMDEPLOY" push site --config dupquoted.yml
stderr_has "quoted duplicate key is found" "dupquoted.yml:2:1: duplicate key 'target'"

# Corrupt remote manifest: refused with the way out, nothing changed; --force recovers.
"$JAMDEPLOY" push site --to t -q
printf '{"version": 1, "files": {"a": {"sha256": "zz"' >t/.jamdeploy/manifest.json
printf 'new\n' >site/new.txt
expect_exit 1 "corrupt manifest is refused" "$JAMDEPLOY" push site --to t
stderr_has "corrupt manifest error says how to recover" "--force"
check "refused push uploads nothing" [ ! -e t/new.txt ]
printf 'stale\n' >t/stale.txt
expect_exit 0 "--force recovers from a corrupt manifest" "$JAMDEPLOY" push site --to t --force
check "--force uploads the new file" [ -f t/new.txt ]
check "--force lists the target and deletes stale objects" [ ! -e t/stale.txt ]
check "--force writes a valid manifest" /usr/bin/python3 -c 'import json; json.load(open("t/.jamdeploy/manifest.json"))'
printf '{"version": 99, "files": {}}' >t/.jamdeploy/manifest.json
expect_exit 1 "manifest from a newer version is refused" "$JAMDEPLOY" push site --to t
stderr_has "newer manifest says what to do" "upgrade jamdeploy"

# Target not writable: a path under a regular file.
printf 'x' >afile
expect_exit 1 "target that is a file" "$JAMDEPLOY" push site --to afile
stderr_has "target error names it" "'afile'"
expect_exit 1 "target below a file cannot be written" "$JAMDEPLOY" push site --to afile/sub
stderr_has "unwritable target names the path" "afile/sub"

# Unreadable file: as root, drop to nobody so permissions apply.
as_user() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
mkdir -p pub && cp -r site/. pub/ && chmod 000 pub/robots.txt && chmod -R a+rwX "$TMP" && chmod 000 pub/robots.txt
expect_exit 1 "unreadable file" as_user "$JAMDEPLOY" push pub --to "$TMP/t2"
stderr_has "unreadable file is named" "pub/robots.txt"
check "nothing was pushed after the read error" [ ! -e t2/.jamdeploy/manifest.json ]

# A symlink that leaves the site is refused.
ln -s /etc/passwd site/passwd
expect_exit 1 "symlink out of the site is refused" "$JAMDEPLOY" push site --to t3
stderr_has "symlink error names the link" "site/passwd"
rm site/passwd
ln -s robots.txt site/alias.txt
expect_exit 0 "symlink inside the site is followed" "$JAMDEPLOY" push site --to t3
check "linked file is uploaded as a file" cmp site/robots.txt t3/alias.txt
rm site/alias.txt

# Too many deletes: refused before anything is sent, unless --force-deletes.  (Sites without
# a page need --yes, as every push of them does.)
mkdir -p big && for i in $(seq 1 5); do printf '%s' "$i" >big/f$i.txt; done
"$JAMDEPLOY" push big --to t4 -q --yes
printf 'deletes: { max: 2 }\n' >del.yml
mkdir -p small && printf 'x' >small/only.txt
expect_exit 1 "more deletes than allowed is refused" "$JAMDEPLOY" push small --to t4 --config del.yml --yes
stderr_has "delete refusal says how to allow it" "--force-deletes"
check "refused push deleted nothing" [ -f t4/f1.txt ]
check "refused push uploaded nothing" [ ! -e t4/only.txt ]
expect_exit 0 "--force-deletes allows it" "$JAMDEPLOY" push small --to t4 --config del.yml --force-deletes --yes
check "forced deletes happened" [ ! -e t4/f1.txt ]

# --json errors are one JSON document on stdout.
expect_exit 1 "json error exit" "$JAMDEPLOY" push nosuchdir --to t --json
check "json error document on stdout" /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] is False and d["error"]["kind"]' "$TMP/stdout"

# A file the minifier cannot parse ships as it is, with a warning naming it, on every run
# (a warm build cache must not hide it), and in the --json document.
mkdir -p broken && printf 'function f( { return 1 +' >broken/bad.js && printf '<p>x</p>\n' >broken/index.html
expect_exit 0 "unparsable script does not stop the push" "$JAMDEPLOY" push broken --to t5
stderr_has "unparsable script is named in a warning" "jamdeploy: warning: broken/bad.js:1:"
stderr_has "the warning carries its id" "[minify-failed]"
check "unparsable script ships byte-exact" cmp broken/bad.js t5/bad.js
expect_exit 0 "second push of the broken site" "$JAMDEPLOY" push broken --to t5
stderr_has "the warning repeats on a warm cache" "warning: broken/bad.js:1:"
expect_exit 0 "build --json with a broken file" "$JAMDEPLOY" build broken -o bout --json
check "build --json lists the warning" /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); w = d["warnings"][0]; assert w["id"] == "minify-failed" and "broken/bad.js" in w["message"]' "$TMP/stdout"
