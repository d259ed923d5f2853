# lock.sh - one push at a time (issue 18, item 3): the lease on a target, its expiry and
# take-over, --wait-lock and --break-lock; the manifest written only over the one the push
# read (If-Match); two pushes started together, again and again, on a directory and on S3;
# and the conditional-write answers of S3 (412, 409, 501) from the test proxy, since s3rver
# has none of its own.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"
. "$JD_TOP/tests/two_sites.sh"

two_sites_setup "locking over S3"

# put_object TARGET KEY FILE: write an object behind jamdeploy's back
put_object() {
	case $1 in
	s3://*) /usr/bin/python3 -c '
import sys; sys.path.insert(0, sys.argv[1]); import live_site
t = live_site.S3(sys.argv[2]); t.c.put_object(Bucket=t.bucket, Key=t.prefix + sys.argv[3], Body=open(sys.argv[4], "rb").read())' \
		"$JD_TOP/tests" "$1" "$2" "$3" ;;
	*) mkdir -p "$(dirname "$1/$2")" && cp "$3" "$1/$2" ;;
	esac
}

# lease_file FILE HOST PID EXPIRES: a lease as another push writes it
lease_file() {
	printf '{"owner": "ana", "host": "%s", "pid": %s, "started": 1700000000, "started_at": "2023-11-14T22:13:20Z", "expires": %s}\n' \
		"$2" "$3" "$4" >"$1"
}

gen_site sa a 150
gen_site sb b 150
"$JAMDEPLOY" build sa -o build_a -q
"$JAMDEPLOY" build sb -o build_b -q

for to in lt $S3/lease; do
	[ "$to" != lt ] && [ $NO_S3 = 1 ] && continue
	kind=$([ "$to" = lt ] && echo directory || echo S3)
	push sa "$to" -q
	check "$kind: a push leaves no lease behind" sh -c "! $LIVE '$to' --has .jamdeploy/lock.json"

	# a live push of another machine holds it
	lease_file lease.json other-host 4242 $(($(date +%s) + 600))
	put_object "$to" .jamdeploy/lock.json lease.json
	expect_exit 1 "$kind: a push while another holds the lease fails" push sb "$to"
	stderr_has "$kind: it says who holds the target" "is being pushed by ana@other-host (pid 4242) since 2023-11-14T22:13:20Z"
	stderr_has "$kind: and what to do" "--wait-lock SECONDS"
	[ "$kind" = S3 ] && check "S3: the proxy answered the lease's If-None-Match: * with 412" \
		[ "$(s3_count precondition-412)" -gt 0 ]
	check "$kind: and it changed nothing" $LIVE "$to" --expect build_a
	start=$(date +%s)
	expect_exit 1 "$kind: --wait-lock 2 waits, then fails the same way" push sb "$to" --wait-lock 2
	check "$kind: ... after waiting 2 seconds" [ $(($(date +%s) - start)) -ge 2 ]
	expect_exit 0 "$kind: --break-lock takes it" push sb "$to" --break-lock
	stderr_has "$kind: saying whose it was" "took over the lease on '$to' held by ana@other-host (pid 4242): --break-lock"
	check "$kind: the push is whole" $LIVE "$to" --expect build_b
	check "$kind: and its own lease is gone" sh -c "! $LIVE '$to' --has .jamdeploy/lock.json"

	# an expired one is taken over
	lease_file lease.json other-host 4242 $(($(date +%s) - 1))
	put_object "$to" .jamdeploy/lock.json lease.json
	expect_exit 0 "$kind: an expired lease is taken over" push sa "$to"
	stderr_has "$kind: ... saying so" "it has expired [lease-taken-over]"

	# one of this host whose process is gone (a push killed here) too
	sleep 0 &
	dead=$!
	wait $dead
	lease_file lease.json "$(hostname)" $dead $(($(date +%s) + 600))
	put_object "$to" .jamdeploy/lock.json lease.json
	expect_exit 0 "$kind: the lease of a dead process of this host is taken over" push sb "$to"
	stderr_has "$kind: ... saying so" "its process is gone"

	# --wait-lock: the other push finishes meanwhile (its lease goes), then this one runs
	sleep 600 &
	alive=$!
	lease_file lease.json "$(hostname)" $alive $(($(date +%s) + 600))
	put_object "$to" .jamdeploy/lock.json lease.json
	(sleep 2; kill $alive) &
	expect_exit 0 "$kind: --wait-lock waits for the holder to go away" push sa "$to" --wait-lock 30
	check "$kind: ... and pushes" $LIVE "$to" --expect build_a
	wait $alive 2>/dev/null

	# a manifest changed under the push fails its commit (If-Match), and is not overwritten
	gen_site big b 1500
	push big "$to" -q >/dev/null 2>&1 # (only to fill the build cache: this one is complete)
	[ $NO_S3 = 0 ] && s3_reset
	push sa "$to" -q
	# stopped half way (its pages arriving), the manifest changed, then let go on
	if [ "$to" = lt ]; then
		"$JAMDEPLOY" push big --to "$to" >big.out 2>&1 &
	else
		"$JAMDEPLOY" push big --to "$to" --endpoint "$S3_ENDPOINT" >big.out 2>&1 &
	fi
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		if [ "$to" = lt ]; then [ -e lt/p700.html ] && break; else [ "$(s3_count PUT)" -ge 700 ] && break; fi
		sleep 0.01
	done
	kill -STOP $pid
	$LIVE "$to" --cat .jamdeploy/manifest.json | sed 's/"deploy": [0-9]*/"deploy": 4242/' >changed.json
	put_object "$to" .jamdeploy/manifest.json changed.json
	kill -CONT $pid
	wait $pid
	rc=$?
	check "$kind: a push whose manifest changed under it fails" [ $rc = 1 ]
	check "$kind: ... saying so" grep -q "changed during this push" big.out
	check "$kind: ... leaving the manifest written meanwhile" \
		sh -c "$LIVE '$to' --cat .jamdeploy/manifest.json | grep -q '\"deploy\": 4242'"
	expect_exit 0 "$kind: the next push succeeds" push sa "$to"
	check "$kind: ... and the target is its version" $LIVE "$to" --expect build_a
done

# --- Two pushes of different sites started together, 20 times (10 on a directory, 10 on S3;
#     in every other round the second waits): each time exactly one commits, or both one
#     after the other; the manifest matches the target and no live page lacks an asset.
race_rounds() {
	local to=$1 kind=$2 r ra rb wait okboth=0 okone=0 bad=0 live
	for r in $(seq 1 10); do
		wait=$([ $((r % 2)) = 0 ] && echo "--wait-lock 60" || echo "")
		push sa "$to" -q $wait >ra.out 2>&1 &
		pa=$!
		push sb "$to" -q $wait >rb.out 2>&1 &
		pb=$!
		wait $pa
		ra=$?
		wait $pb
		rb=$?
		live=$($LIVE "$to" --cat .jamdeploy/manifest.json | grep -q 'only-a/' && echo a || echo b)
		if [ $ra = 0 ] && [ $rb = 0 ]; then
			okboth=$((okboth + 1))
		elif [ $((ra + rb)) = 1 ] && grep -q -e "is being pushed by" -e "changed during this push" ra.out rb.out &&
			[ "$live" = "$([ $ra = 0 ] && echo a || echo b)" ]; then
			okone=$((okone + 1))
		else
			bad=$((bad + 1))
			echo "# $kind round $r: exits $ra/$rb, live $live: $(cat ra.out rb.out | head -c 400)"
		fi
		if ! $LIVE "$to" --expect "build_$live" >race.out; then
			bad=$((bad + 1))
			echo "# $kind round $r: $(head -3 race.out)"
		fi
	done
	echo "# $kind: 10 races: $okone with one push refused, $okboth with both pushed one after the other"
	check "$kind: in 10 races each time one push committed, or both one after the other, and the target is whole" [ $bad = 0 ]
}
race_rounds rt directory
[ $NO_S3 = 0 ] && race_rounds $S3/race S3

# --- S3's other answers, from the proxy: 409 is retried, 501 pushes on unlocked with one warning.
if [ $NO_S3 = 0 ]; then
	s3_reset
	s3_fail 1 409 ConditionalRequestConflict PUT
	expect_exit 0 "a 409 ConditionalRequestConflict on the lease is retried" push sb $S3/lease
	check "... the 409 was answered" [ "$(s3_count injected)" = 1 ]
	s3_conditional 501
	s3_reset
	expect_exit 0 "a store without conditional writes (501 NotImplemented): the push goes on" push sa $S3/lease
	check "... with one warning" [ "$(grep -c 'conditional-writes-unsupported' "$TMP/stderr")" = 1 ]
	stderr_has "... that says what it means" "pushing without a lock"
	check "... and the target is whole" $LIVE $S3/lease --expect build_a
	check "... and no lease is left" sh -c "! $LIVE '$S3/lease' --has .jamdeploy/lock.json"
	s3_conditional aws
fi
