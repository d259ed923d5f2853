#!/usr/bin/env bash
# js_roundtrip.sh - the JavaScript minifier against acorn on real libraries and test262.
#
# For each library file (tests/js/package.json pins them) the file is minified with the
# test_js driver (`test_js FILE` prints the minified FILE; it treats a statement rewrite
# that does not parse as an error), acorn must parse the output, and minifying it again must
# give the same bytes.  Without the statement rewrites (--no-compress) acorn must parse the
# output to the same tree as the input, positions, literal spellings and (the minifier
# renames local bindings) identifier names aside; with --keep-names too (the --max-line 500
# outputs below) the trees must be equal names included: the printer rewrites no other
# syntax.  What the minified libraries do is js_behaviour.sh's job.
# Then every test262-parser-tests pass/ file goes through the same checks; the count is
# printed and every file must be equal except those listed in tests/js/test262-known.txt
# (each with the reason).  --max-line and --inline outputs are checked too (below).  Every
# fail/ and early/ file must be rejected by the parser, again except the known list.
set -u
top=${JD_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${TEST_BIN_DIR:-$top/build/tests}/test_js
nm=$top/tests/js/node_modules
if [ ! -d "$nm/acorn" ]; then
	echo "not ok - js_roundtrip: npm packages missing (run tests/npm-deps.sh)"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

libs="jquery:jquery/dist/jquery.js lodash:lodash/lodash.js d3:d3/dist/d3.js
three-core:three/build/three.core.js three-module:three/build/three.module.js
react-dom:react-dom/umd/react-dom.development.js vue:vue/dist/vue.global.js moment:moment/moment.js
echarts:echarts/dist/echarts.js typescript:typescript/lib/typescript.js
bootstrap:bootstrap/dist/js/bootstrap.js"
# acorn_parses FILE...: every FILE parses as a script or as a module; prints the others.
acorn_parses() {
	node -e '
		const acorn = require(process.argv[1]), fs = require("fs");
		let bad = 0;
		for (const f of process.argv.slice(2)) {
			const src = fs.readFileSync(f, "utf8");
			try { acorn.parse(src, { ecmaVersion: "latest", sourceType: "script" }); continue; } catch (e) {}
			try { acorn.parse(src, { ecmaVersion: "latest", sourceType: "module" }); }
			catch (e) { bad++; console.log(f + ": " + e.message); }
		}
		process.exit(bad ? 1 : 0);' "$nm/acorn" "$@"
}

: >"$tmp/list"
for l in $libs; do
	name=${l%%:*} file=$nm/${l#*:}
	if "$bin" "$file" >"$tmp/$name.min.js" 2>"$tmp/$name.min.js.err"; then
		if "$bin" "$tmp/$name.min.js" | cmp -s - "$tmp/$name.min.js"; then
			echo "ok - $name: minifying the output again changes nothing"
		else
			echo "not ok - $name: minifying the output again changes it"
		fi
		if acorn_parses "$tmp/$name.min.js" >"$tmp/acorn.out"; then
			echo "ok - $name: acorn parses the compressed output"
		else
			echo "not ok - $name: acorn rejects the compressed output: $(head -c 300 "$tmp/acorn.out")"
		fi
	else
		echo "not ok - $name: minifier failed: $(head -c 300 "$tmp/$name.min.js.err")"
	fi
	"$bin" --no-compress "$file" >"$tmp/$name.plain.js" 2>/dev/null || rm -f "$tmp/$name.plain.js"
	printf '%s\t%s\t%s\n' "$name" "$file" "$tmp/$name.plain.js" >>"$tmp/list"
done
# With --max-line 500 the tree must not change either, and no line may be longer than
# 500 bytes unless it has no place where a break is safe (counted, must be rare).
for l in $libs; do
	name=${l%%:*} file=$nm/${l#*:}
	"$bin" --no-compress --keep-names --max-line 500 "$file" >"$tmp/$name.wrap.js" 2>/dev/null || rm -f "$tmp/$name.wrap.js"
	printf '%s\t%s\t%s\n' "$name --keep-names --max-line 500" "$file" "$tmp/$name.wrap.js" >>"$tmp/wraplist"
done
node "$top/tests/js/ast_compare.js" --renamed "$tmp/list"
node "$top/tests/js/ast_compare.js" "$tmp/wraplist"
long=0 lines=0
for l in $libs; do
	name=${l%%:*}
	[ -f "$tmp/$name.wrap.js" ] || continue
	long=$((long + $(awk 'length($0) > 500' "$tmp/$name.wrap.js" | wc -l)))
	lines=$((lines + $(wc -l <"$tmp/$name.wrap.js")))
done
echo "# --max-line 500: $long of $lines lines longer (no safe break point in them)"
if [ "$lines" -gt 1000 ] && [ $((long * 100)) -le "$lines" ]; then
	echo "ok - --max-line 500 breaks lines (at most 1% left longer)"
else
	echo "not ok - --max-line 500: $long of $lines lines longer than 500 bytes"
fi

# For an inline <script>, the output must hold no "</script" or "<!--" and still parse.
for l in $libs; do
	name=${l%%:*} file=$nm/${l#*:}
	if ! "$bin" --inline "$file" >"$tmp/$name.inline.js" 2>/dev/null; then
		echo "not ok - $name --inline: minifier failed"
	elif grep -qiE '</script|<!--' "$tmp/$name.inline.js"; then
		echo "not ok - $name --inline: output holds </script or <!--"
	elif ! node -e '
		const acorn = require(process.argv[1]), fs = require("fs"), src = fs.readFileSync(process.argv[2], "utf8");
		try { acorn.parse(src, { ecmaVersion: "latest", sourceType: "script" }); }
		catch (e) { acorn.parse(src, { ecmaVersion: "latest", sourceType: "module" }); }' \
		"$nm/acorn" "$tmp/$name.inline.js" 2>"$tmp/inline.err"; then
		echo "not ok - $name --inline: output does not parse: $(tail -n 1 "$tmp/inline.err")"
	else
		echo "ok - $name --inline: no </script or <!-- and the output parses"
	fi
done

# test262 parser tests: pass/ files.
mkdir -p "$tmp/t262"
# With --keep-names the trees must be equal; renamed, equal but for identifier names (both
# without the statement rewrites); compressed, the output must parse.
mkdir -p "$tmp/t262r" "$tmp/t262c"
"$bin" --no-compress --keep-names --out-dir "$tmp/t262" "$nm"/test262-parser-tests/pass/*.js
"$bin" --no-compress --out-dir "$tmp/t262r" "$nm"/test262-parser-tests/pass/*.js
if "$bin" --out-dir "$tmp/t262c" "$nm"/test262-parser-tests/pass/*.js 2>"$tmp/t262c.err" &&
	acorn_parses "$tmp"/t262c/*.js >"$tmp/acorn.out"; then
	echo "ok - test262 pass/ files compressed: every output parses"
else
	echo "not ok - test262 pass/ files compressed: $(cd "$tmp/t262c" && head -c 600 ./*.err "$tmp/acorn.out" 2>/dev/null)"
fi
for f in "$nm"/test262-parser-tests/pass/*.js; do
	b=$(basename "$f")
	printf '%s\t%s\t%s\n' "$b" "$f" "$tmp/t262/$b"
done >"$tmp/t262list"
for f in "$nm"/test262-parser-tests/pass/*.js; do
	b=$(basename "$f")
	printf '%s\t%s\t%s\n' "$b" "$f" "$tmp/t262r/$b"
done >"$tmp/t262rlist"
node "$top/tests/js/ast_compare.js" --count --renamed "$tmp/t262rlist" >"$tmp/t262rout"
head -n 1 "$tmp/t262rout" | sed 's/^/# test262 pass, renamed: /'
if [ "$(sed -n '/^differs:$/,$p' "$tmp/t262rout" | wc -l)" -le 1 ]; then
	echo "ok - test262 pass/ files renamed keep their trees (identifier names aside)"
else
	echo "not ok - test262 pass/ files renamed differ: $(sed -n '/^differs:$/,$p' "$tmp/t262rout" | head -n 20 | tr '\n' ' ')"
fi
node "$top/tests/js/ast_compare.js" --count "$tmp/t262list" >"$tmp/t262out"
head -n 1 "$tmp/t262out" | sed 's/^/# test262 pass: /'
known=$top/tests/js/test262-known.txt
unexpected=$(sed -n '/^differs:$/,$p' "$tmp/t262out" | tail -n +2 | cut -d: -f1 | while read -r n; do
	grep -q "^pass/$n " "$known" 2>/dev/null || echo "$n"; done)
if [ -z "$unexpected" ]; then
	echo "ok - test262 pass/ files round-trip through the minifier (except the known list)"
else
	echo "not ok - test262 pass/ files that do not round-trip: $(echo $unexpected | head -c 2000)"
	grep -F "$(echo "$unexpected" | head -n 30)" "$tmp/t262out" | head -n 30
fi

# fail/ and early/ files: the parser must reject every one (a *.module.js file parsed as a
# module, others as scripts) except those in the known list.
for d in fail early; do
	mkdir -p "$tmp/$d"
	"$bin" --goal-by-name --out-dir "$tmp/$d" "$nm"/test262-parser-tests/$d/*.js
	total=0 rejected=0 missed=""
	for f in "$nm"/test262-parser-tests/$d/*.js; do
		b=$(basename "$f")
		total=$((total + 1))
		if [ -f "$tmp/$d/$b.err" ]; then
			rejected=$((rejected + 1))
		elif ! grep -q "^$d/$b " "$known"; then
			missed="$missed $b"
		fi
	done
	echo "# test262 $d: the parser rejects $rejected of $total"
	if [ -z "$missed" ]; then
		echo "ok - test262 $d/ files are rejected (except the known list)"
	else
		echo "not ok - test262 $d/ files accepted:$(echo "$missed" | head -c 2000)"
	fi
done
# pass/ files parse with the goal their name gives too (above they went through auto).
mkdir -p "$tmp/goal"
if "$bin" --goal-by-name --out-dir "$tmp/goal" "$nm"/test262-parser-tests/pass/*.js; then
	echo "ok - test262 pass/ files parse as the script or module their name says"
else
	echo "not ok - test262 pass/ files rejected: $(cd "$tmp/goal" && ls ./*.err | head -c 1000)"
fi
