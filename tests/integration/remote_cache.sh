# remote_cache.sh - the shared build cache and sharded builds (issue 20).
#
# Fresh-runner simulation, with a directory cache and with s3rver: build with --cache, wipe
# the local cache, touch every file, build again: "transformed": 0, "webp_encoded": 0, and
# the output byte-identical.  A read-only cache writes nothing.  Shards 1/3, 2/3, 3/3 in
# three working directories fill an S3 cache; a push from a fourth computes nothing and
# ships exactly what a single-machine push ships (the site's HTML depends on its stylesheets:
# a `white-space: pre` class).  A hostile cache (flipped byte, truncated object, an object
# copied under another key) is detected, warned about by key, recomputed and repaired.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"
trap 's3_stop; rm -rf "$TMP"' EXIT

# The example site, plus a page whose whitespace a stylesheet makes significant.
mk() {
	cp -r "$JD_TOP/examples/site" "$1"
	printf '.code { white-space: pre }\n' >"$1/css/pre.css"
	printf '<!doctype html><link rel=stylesheet href=css/pre.css><div class=code>  a   b\n  c</div>\n<p>  x   y  </p>\n' >"$1/pre.html"
	# results that did not pay (they ship as they are): cached as such too
	printf 'x\n' >"$1/js/min.js"
	printf '<p>x</p>' >"$1/tiny.html"
}

# build DIR NAME ARGS...: `jamdeploy build` in working directory DIR, --json into NAME.json
build() {
	local dir=$1 name=$2; shift 2
	(cd "$dir" && "$JAMDEPLOY" build site --webp --json "$@" >"$TMP/$name.json" 2>"$TMP/$name.err")
}
field() { json_field "$TMP/$1.json" "d[\"$2\"]"; }

# --- fresh runner, directory cache ---------------------------------------------------------
mkdir -p d1 && mk d1/site
if build d1 cold --cache "$TMP/dircache" -o out; then ok "cold build with a directory cache"; else
	not_ok "cold build with a directory cache" "$(head -c 300 "$TMP/cold.err")"; fi
check "the cold build computed its results" [ "$(field cold transformed)" -gt 3 ]
check "and stored them in the cache" [ -n "$(find "$TMP/dircache" -type f 2>/dev/null | head -1)" ]
rm -rf d1/.jamdeploy/cache
find d1/site -type f -exec touch {} +
build d1 warm --cache "$TMP/dircache" -o out2
check "a fresh runner computes nothing" [ "$(field warm transformed)" = 0 ]
check "and encodes no WebP" [ "$(field warm webp_encoded)" = 0 ]
check "its results came from the shared cache" [ "$(field warm from_shared_cache)" -gt 3 -a \
	"$(field warm from_shared_cache)" = "$(field cold transformed)" ]
check "its output is byte-identical" diff -r d1/out d1/out2
build d1 again --cache "$TMP/dircache" -o out3
check "the next build finds them in the local cache" \
	[ "$(field again from_local_cache)" = "$(field cold transformed)" -a "$(field again from_shared_cache)" = 0 ]
mkdir -p d0 && mk d0/site
build d0 nocache -o out
check "a build without the cache gives the same bytes" diff -r d0/out d1/out

# --- read-only ------------------------------------------------------------------------------
mkdir -p ro && mk ro/site
printf 'cache: %s\ncache_readonly: true\n' "$TMP/rocache" >ro/jamdeploy.yml
build ro ro -o out
check "cache_readonly: true builds and writes nothing to the cache" \
	[ ! -e "$TMP/rocache" -a "$(field ro transformed)" -gt 3 ]

# --- usage ------------------------------------------------------------------------------------
# usage_error NAME TEXT CMD...: exit 2 with TEXT in the message
usage_error() {
	local name=$1 text=$2 got; shift 2
	"$@" >/dev/null 2>"$TMP/usage.err"
	got=$?
	if [ $got = 2 ] && grep -qF -- "$text" "$TMP/usage.err"; then ok "$name"; else
		not_ok "$name" "exit $got: $(head -c 300 "$TMP/usage.err")"; fi
}
usage_error "--shard without a cache is a usage error naming --cache" "needs a shared cache" \
	"$JAMDEPLOY" build d1/site --shard 1/2
usage_error "--shard 4/3 is a usage error saying what is allowed" "1 <= K <= N" \
	"$JAMDEPLOY" build d1/site --shard 4/3 --cache "$TMP/x"
usage_error "--shard 2 is a usage error" "not '2'" "$JAMDEPLOY" build d1/site --shard 2 --cache "$TMP/x"

# --- hostile directory cache -------------------------------------------------------------------
mkdir -p h1 && mk h1/site
build h1 hfill --cache "$TMP/hcache" -o out
objs=$(find "$TMP/hcache" -type f -path '*/t/*' | sort)
flip=$(echo "$objs" | sed -n 1p)
trunc=$(echo "$objs" | sed -n 2p)
moved=$(echo "$objs" | sed -n 3p)
victim=$(echo "$objs" | sed -n 4p)
/usr/bin/python3 - "$flip" "$trunc" <<'EOF'
import sys
b = bytearray(open(sys.argv[1], 'rb').read()); b[-1] ^= 0x20; open(sys.argv[1], 'wb').write(b)
b = open(sys.argv[2], 'rb').read(); open(sys.argv[2], 'wb').write(b[:len(b) - 3])
EOF
cp "$moved" "$victim"
mkdir -p h2 && mk h2/site
build h2 hostile --cache "$TMP/hcache" -o out
check "a hostile cache's objects are recomputed" [ "$(field hostile transformed)" = 3 ]
for f in "$flip" "$trunc" "$victim"; do
	key=${f#"$TMP/hcache/"}
	if grep -q "cache-corrupt" "$TMP/hostile.err" && grep -qF "'$key'" "$TMP/hostile.err"; then
		ok "the warning names $(basename "$(dirname "$f")")/${key##*/}"
	else
		not_ok "the warning names $key" "$(head -c 600 "$TMP/hostile.err")"
	fi
done
check "the hostile objects are in the --json warnings" \
	[ "$(json_field "$TMP/hostile.json" 'len([w for w in d.get("warnings", []) if w["id"] == "cache-corrupt"])')" = 3 ]
check "the shipped site is right" diff -r h1/out h2/out
mkdir -p h3 && mk h3/site
build h3 repaired --cache "$TMP/hcache" -o out
check "the bad objects were replaced and warn no more" [ "$(field repaired transformed)" = 0 -a \
	"$(json_field "$TMP/repaired.json" 'len(d.get("warnings", []))')" = 0 ]

# --- s3rver --------------------------------------------------------------------------------------
if ! s3_start jd-test; then
	not_ok "s3 servers start" "see the message above"
	exit 1
fi
S3C="--cache s3://jd-test/cache --endpoint $S3_ENDPOINT"
mkdir -p s1 && mk s1/site
s3_reset
# shellcheck disable=SC2086
build s1 s3cold $S3C -o out
check "cold build with an S3 cache" [ "$(field s3cold transformed)" -gt 3 ]
# one GET per result it looked for: each transform, and the one PNG's WebP
check "it asked once per result (one GET each, HTML round included)" \
	[ "$(s3_count GET)" = $(($(field s3cold transformed) + 1)) ]
rm -rf s1/.jamdeploy/cache
find s1/site -type f -exec touch {} +
s3_reset
# shellcheck disable=SC2086
build s1 s3warm $S3C -o out2
check "a fresh runner with the S3 cache computes nothing" [ "$(field s3warm transformed)" = 0 ]
check "and encodes no WebP" [ "$(field s3warm webp_encoded)" = 0 ]
check "its output is byte-identical" diff -r s1/out s1/out2
check "and it wrote nothing back" [ "$(s3_count PUT)" = 0 -a "$(field s3warm from_shared_cache)" -gt 3 ]
mkdir -p s2 && mk s2/site
s3_reset
# shellcheck disable=SC2086
build s2 s3ro $S3C --cache-readonly -o out --effort 3
check "a read-only S3 cache is not written (settings that miss it)" [ "$(s3_count PUT)" = 0 -a "$(field s3ro transformed)" -gt 3 ]

# --- shards --------------------------------------------------------------------------------------
SH="--cache s3://jd-test/shards --endpoint $S3_ENDPOINT"
total=0
for k in 1 2 3; do
	mkdir -p "w$k" && mk "w$k/site"
	# shellcheck disable=SC2086
	if build "w$k" "shard$k" $SH --shard "$k/3"; then ok "shard $k/3 builds"; else
		not_ok "shard $k/3 builds" "$(head -c 300 "$TMP/shard$k.err")"; fi
	check "shard $k/3 writes no output folder" [ -d "w$k/.jamdeploy/cache" -a ! -e "w$k/.jamdeploy/out" ]
	total=$((total + $(field "shard$k" transformed)))
done
check "the shards left work to each other" [ "$(field shard1 other_shards)" -gt 0 ]
mkdir -p w4 && mk w4/site
# shellcheck disable=SC2086
(cd w4 && "$JAMDEPLOY" push site --to "$TMP/t4" --webp $SH --json >"$TMP/push4.json" 2>"$TMP/push4.err")
check "the final push computes nothing" [ "$(field push4 transformed)" = 0 ]
check "it found every result in the cache" [ "$(field push4 from_shared_cache)" -gt 3 ]
mkdir -p w5 && mk w5/site
(cd w5 && "$JAMDEPLOY" push site --to "$TMP/t5" --webp --json >"$TMP/push5.json" 2>"$TMP/push5.err")
check "the shards together computed what one machine did (stylesheets in every shard)" \
	[ "$total" -ge "$(field push5 transformed)" ]
check "the pushed bytes equal a single-machine push" diff -r "$TMP/t4" "$TMP/t5"
check "the stylesheet-dependent page kept its preformatted whitespace" grep -q "  a   b" "$TMP/t4/pre.html"
