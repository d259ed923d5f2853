# output_report.sh - output a person can follow (issue 16): the build stage draws a progress line
# on a terminal ("optimizing N/M files, K images"), and nothing of it on a pipe, with -q or with
# --json; the push summary says what was uploaded, deleted and unchanged, what minification
# saved ("site A -> B") and how long it took; `build --webp` reports the WebP alternates apart
# from the site's own bytes; plurals are right ("1 file"); every warning about a file names it,
# in human output and as "file" (its site path) in --json.  `script` gives the terminal.
. "$JD_TOP/tests/lib.sh"

fx=$JD_TOP/tests/images
mkdir -p site/img site/css
cp "$fx/photo.png" site/img/
for i in $(seq 1 30); do printf '<!doctype html><title>P%s</title><p>page   %s</p>\n' "$i" "$i" >"site/p$i.html"; done
printf 'body  {  color :  red ; }\n' >site/css/a.css
printf 'function (( {\n' >site/bad.js

# Build progress on a terminal, erased before the summary.
script -qc "'$JAMDEPLOY' build site -o out" /dev/null >tty.txt 2>&1
check "a terminal sees the build progress" grep -q 'optimizing 33/33 files, 1 image' tty.txt
check "the progress line is erased before what follows" grep -q "$(printf '\033\\[K')jamdeploy: warning:" tty.txt
"$JAMDEPLOY" build site -o out2 2>notty.txt
check "no build progress when stderr is not a terminal" sh -c '! grep -q optimizing notty.txt'
script -qc "'$JAMDEPLOY' build site -o out3 -q" /dev/null >q.txt 2>&1
check "no build progress with -q" sh -c '! grep -q optimizing q.txt'
script -qc "'$JAMDEPLOY' build site -o out4 --json" /dev/null >j.txt 2>&1
check "no build progress with --json" sh -c '! grep -q optimizing j.txt'
rm -rf .jamdeploy
script -qc "'$JAMDEPLOY' push site --to t1 --yes" /dev/null >pushtty.txt 2>&1
check "push shows the build progress too" grep -q 'optimizing 33/33 files' pushtty.txt

# Warnings name the file: in the message, and as "file" (the site path) in --json.
expect_exit 0 "build --json" "$JAMDEPLOY" build site -o out5 --json
check "a transform warning in --json has the file's site path" \
	[ "$(json_field "$TMP/stdout" '[w["file"] for w in d["warnings"]]')" = "['bad.js']" ]
check "its message names the file too" \
	grep -q 'site/bad.js' <(json_field "$TMP/stdout" 'd["warnings"][0]["message"]')
expect_exit 0 "push --json" "$JAMDEPLOY" push site --to t2 --json
cp "$TMP/stdout" push.json
check "push --json warnings carry the file" [ "$(json_field push.json 'd["warnings"][0]["file"]')" = bad.js ]

# The push summary: counts, bytes, savings, time; --json has the same numbers.
printf '<!doctype html><title>P1</title><p>page one changed</p>\n' >site/p1.html
expect_exit 0 "a push of one changed page" "$JAMDEPLOY" push site --to t2
stderr_has "the summary counts uploaded, deleted, unchanged" "pushed to t2: 1 uploaded ("
stderr_has "... unchanged" "0 deleted, 32 unchanged; site "
check "the summary says what minification saved" grep -Eq '; site [0-9.]+ k?B -> [0-9.]+ k?B' "$TMP/stderr"
check "the summary says how long it took" grep -Eq '; took [0-9]+\.[0-9] s$' "$TMP/stderr"
check "push --json has the site's bytes before and after" \
	[ "$(json_field push.json 'd["site_bytes_in"] > d["site_bytes_out"] > 0')" = True ]
check "push --json has the deploy number and the elapsed time" \
	[ "$(json_field push.json '(d["deploy"], type(d["elapsed_ms"]).__name__)')" = "(1, 'int')" ]

# build --webp: the site's own bytes and the WebP alternates apart.
expect_exit 0 "build --webp" "$JAMDEPLOY" build site -o out6 --webp
check "build --webp reports the alternates apart" \
	grep -Eq 'site [0-9.]+ k?B -> [0-9.]+ k?B, plus 1 WebP alternate \([0-9.]+ k?B\)' "$TMP/stderr"
expect_exit 0 "build --webp --json" "$JAMDEPLOY" build site -o out7 --webp --json
check "--json: site_bytes_out + webp_bytes = bytes_out" \
	[ "$(json_field "$TMP/stdout" 'd["site_bytes_out"] + d["webp_bytes"] == d["bytes_out"] and d["webp_alternates"] == 1')" = True ]

# Plurals: one file, one asset.
mkdir one && printf '<!doctype html><p>x</p>\n' >one/index.html
expect_exit 0 "build of a one-file site" "$JAMDEPLOY" build one -o oneout
stderr_has "one file reads '1 file'" "built 1 file into oneout"
check "no '1 files' anywhere" sh -c "! grep -q '\\b1 files\\b' '$TMP/stderr'"
