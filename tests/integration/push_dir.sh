# push_dir.sh - push to a directory target: first push, no-change push, then one
# changed file, one deleted file and one cache_control rule change, each seen exactly.
. "$JD_TOP/tests/lib.sh"

make_site site
"$JAMDEPLOY" push site --to target --json >first.json 2>err.txt
check "first push succeeds" [ $? -eq 0 ]
check "first push uploads every file" [ "$(json_field first.json 'd["uploaded"]')" = 6 ]
check "objects land under their keys" cmp site/robots.txt target/robots.txt
check "manifest is written" [ -f target/.jamdeploy/manifest.json ]
check "manifest lists every key" [ "$(json_field target/.jamdeploy/manifest.json 'len(d["files"])')" = 6 ]
check "manifest records the sha256 of the stored bytes" [ "$(json_field target/.jamdeploy/manifest.json 'd["files"]["css/a.css"]["sha256"]')" = "$(sha256sum target/css/a.css | cut -c1-64)" ]
check "html gets the revalidate default" [ "$(json_field target/.jamdeploy/manifest.json 'd["files"]["index.html"]["cache_control"]')" = "public, max-age=0, s-maxage=300, stale-while-revalidate=60" ]
check "content type has charset on text" [ "$(json_field target/.jamdeploy/manifest.json 'd["files"]["css/a.css"]["content_type"]')" = "text/css; charset=utf-8" ]

"$JAMDEPLOY" push site --to target --json >second.json
check "second push uploads nothing" [ "$(json_field second.json 'd["uploaded"]')" = 0 ]
check "second push deletes nothing" [ "$(json_field second.json 'd["deleted"]')" = 0 ]
check "second push counts all unchanged" [ "$(json_field second.json 'd["unchanged"]')" = 6 ]
check "no-change push leaves the manifest alone" [ "$(json_field target/.jamdeploy/manifest.json 'd["deploy"]')" = 1 ]

# One changed file, one deleted, one header-only change by a new rule.
printf 'body { color: blue; }\n' >site/css/a.css
rm site/js/a.js
cat >jamdeploy.yml <<'YML'
rules:
  - match: "robots.txt"
    cache_control: "public, max-age=60"
YML
"$JAMDEPLOY" diff site --to target --json >plan.json
check "diff lists changed and re-headed files" [ "$(json_field plan.json 'sorted(d["upload"])')" = "['css/a.css', 'robots.txt']" ]
check "diff lists the deleted file" [ "$(json_field plan.json 'd["delete"]')" = "['js/a.js']" ]
check "diff changes nothing" [ -f target/js/a.js ]
"$JAMDEPLOY" push site --to target --dry-run >dry.txt
check "dry run changes nothing" [ -f target/js/a.js ]
check "dry run prints the plan" grep -q '^- js/a.js' dry.txt
"$JAMDEPLOY" push site --to target --json >third.json
check "third push uploads exactly the changed and re-headed files" [ "$(json_field third.json 'sorted(d["upload"])')" = "['css/a.css', 'robots.txt']" ]
check "third push uploads 2" [ "$(json_field third.json 'd["uploaded"]')" = 2 ]
check "third push deletes exactly the deleted file" [ "$(json_field third.json 'd["delete"]')" = "['js/a.js']" ]
check "deleted object is gone" [ ! -e target/js/a.js ]
check "emptied directory is pruned" [ ! -e target/js ]
check "changed object has new bytes" grep -q blue target/css/a.css
check "new header is in the manifest" [ "$(json_field target/.jamdeploy/manifest.json 'd["files"]["robots.txt"]["cache_control"]')" = "public, max-age=60" ]
check "deploy counter advances" [ "$(json_field target/.jamdeploy/manifest.json 'd["deploy"]')" = 2 ]
check "no temporary files are left" [ -z "$(find target -name '*.tmp.*')" ]

# The upload order: HTML after everything else (assets must exist before pages name them).
"$JAMDEPLOY" push site --to fresh --json >order.json
check "html uploads last" [ "$(json_field order.json '[k.endswith(".html") for k in d["upload"]]')" = "[False, False, False, True, True]" ]

# file:// URLs name the same directory.
"$JAMDEPLOY" push site --to "file://$TMP/target" --json >url.json
check "file:// target is the same directory" [ "$(json_field url.json 'd["uploaded"]')" = 0 ]

# A precompression rule stores gzip bytes that decompress to the source.
cat >jamdeploy.yml <<'YML'
rules:
  - match: "css/**"
    compress: gzip
YML
"$JAMDEPLOY" push site --to gz --json >gz.json
check "compressed object decompresses to the stored bytes" sh -c 'gzip -dc gz/css/a.css | grep -q blue'
check "manifest records the encoding" [ "$(json_field gz/.jamdeploy/manifest.json 'd["files"]["css/a.css"]["content_encoding"]')" = gzip ]

# A rule names a file the way users see it in the site folder, even when it ships under a
# hashed name: css/a.css referenced from a page becomes css/a.HASH.css.
mkdir -p hs/css && printf 'a{color:red}\n' >hs/css/a.css
printf '<!doctype html><link rel=stylesheet href=css/a.css><p>x\n' >hs/index.html
cat >jamdeploy.yml <<'YML'
rules:
  - match: "css/a.css"
    cache_control: "public, max-age=7"
YML
"$JAMDEPLOY" push hs --to hst --json >hs.json
hashed=$(cd hst && ls css/a.*.css)
check "the stylesheet ships under a hashed name" [ -n "$hashed" ]
check "a rule on the source name applies to the hashed file" [ "$(json_field hst/.jamdeploy/manifest.json "d['files']['$hashed']['cache_control']")" = "public, max-age=7" ]

# Progress (a site of text files only: --yes): a terminal on stderr gets a redrawn "uploading N/M files" line, erased before
# the summary; a pipe or file gets none (plain lines only).  `script` gives the terminal.
mkdir -p prog && for i in $(seq 1 40); do printf '%s\n' "$i" >"prog/f$i.txt"; done
script -qc "'$JAMDEPLOY' push prog --to progt --yes" /dev/null >tty.txt 2>&1
check "a terminal sees the upload progress" grep -q 'uploading 40/40 files' tty.txt
check "the progress line is erased before the summary" grep -q "$(printf '\033\\[K')pushed to progt: 40 uploaded" tty.txt
printf 'changed\n' >prog/f1.txt
"$JAMDEPLOY" push prog --to progt --yes 2>notty.txt
check "no progress line when stderr is not a terminal" sh -c '! grep -q uploading notty.txt'
