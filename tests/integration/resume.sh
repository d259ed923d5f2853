# resume.sh - the push after an interrupted one sends only what did not arrive (a 3,000-file
# push killed half way), and a failed delete step is finished by the next push, also with
# --force (issue 18, items 1 and 2; tests/integration/kill_push.sh kills pushes at random).  The target is checked from outside by
# tests/live_site.py: every live page loads only objects that exist; after a push that
# succeeded, the target is exactly the build.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"
. "$JD_TOP/tests/two_sites.sh"

two_sites_setup "resume over S3"

# --- 1. The measure: a 3,000-file push killed half way; the next push sends the other half
#     (S3 through s3rver: 1,000 files, to keep the test short; bench/resume.sh measures 3,000).
for to in bt $S3; do
	[ "$to" = "$S3" ] && [ $NO_S3 = 1 ] && continue
	kind=$([ "$to" = bt ] && echo directory || echo S3)
	total=$([ "$to" = bt ] && echo 3002 || echo 1002)
	gen_site big a $((total - 44)) # + index, 40 pages of its own and 3 assets
	gen_site big_b b $((total - 44))
	"$JAMDEPLOY" build big_b -o build_big_b -q
	rm -rf work && cp -r big work
	push work "$to" -q || not_ok "$kind: first push of the big site" "exit $?"
	rm -rf work && cp -r big_b work
	"$JAMDEPLOY" build work -o /dev/null -q 2>/dev/null # the build cache: the push goes straight to uploading
	[ $NO_S3 = 0 ] && s3_reset
	touch started
	start_push work "$to"
	# until half of the new version has landed: stopped there, then killed
	while kill -0 $pid 2>/dev/null; do
		if [ "$to" = bt ]; then n=$(find bt -name '*.html' -newer started | wc -l); else n=$(s3_count PUT); fi
		[ "$n" -ge $((total / 2 - 100)) ] && kill -STOP $pid && break
		sleep 0.01
	done
	puts=$([ "$to" = bt ] && find bt -name '*.html' -newer started | wc -l || s3_count PUT)
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	missing=$($LIVE "$to" --missing build_big_b)
	check "$kind: the push was killed half way ($((total - missing)) of $total files landed)" \
		[ "$missing" -gt $((total / 4)) ] && [ "$missing" -lt $((total * 3 / 4)) ]
	push work "$to" --json >resume.json 2>resume.err
	sent=$(json_field resume.json 'd["uploaded"]')
	echo "# $kind: killed after $puts PUTs, $((total - missing)) of $total files had landed; the next push sent $sent"
	check "$kind: the next push sends exactly what had not landed ($sent of $missing)" [ "$sent" = "$missing" ]
	check "$kind: ... which is at most the other half plus what was in flight" \
		[ "$sent" -le $((total - puts + 16 + 3)) ]
	check "$kind: and the target is the new version, whole" $LIVE "$to" --expect build_big_b
done

gen_site sa a 100
gen_site sb b 100
"$JAMDEPLOY" build sa -o build_a -q
"$JAMDEPLOY" build sb -o build_b -q

# --- 2. A delete request answered 403 once: the next push deletes what is left.
if [ $NO_S3 = 0 ]; then
	for force in "" --force; do
		to=$S3/forbidden${force:+-force}
		push sa "$to" -q
		s3_reset
		s3_fail 1 403 AccessDenied POST
		expect_exit 1 "a push whose DeleteObjects is answered 403 fails${force:+ (then --force)}" push sb "$to"
		stderr_has "it says why" "AccessDenied"
		check "its removed pages are still there for now" $LIVE "$to" --has only-a/1.html
		check "the live site is consistent" $LIVE "$to"
		s3_reset
		expect_exit 0 "the next push of the same site${force:+ with --force} succeeds" push sb "$to" $force --json
		check "it deletes what the failed one left (${force:-no change to send})" \
			[ "$(json_field "$TMP/stdout" 'd["deleted"]')" -ge 41 ]
		check "the target is exactly version b" $LIVE "$to" --expect build_b
	done
fi

