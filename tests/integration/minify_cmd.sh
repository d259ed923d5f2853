# minify_cmd.sh - `jamdeploy minify`: type by extension or --type, stdin, -o file and folder,
# errors with a position and nothing written.
. "$JD_TOP/tests/lib.sh"

printf 'a { color: #ff0000; }\n' >a.css
printf '<p>  hello   world  </p>\n' >b.html
printf 'body { color: red;\n' >bad.css
expect_exit 0 "css by extension" "$JAMDEPLOY" minify a.css
check "css is minified" [ "$(cat "$TMP/stdout")" = "a{color:red}" ]
expect_exit 0 "stdin with --type" sh -c "printf 'a { color: #ff0000; }' | '$JAMDEPLOY' minify --type css -"
check "stdin output is minified" [ "$(cat "$TMP/stdout")" = "a{color:red}" ]
expect_exit 2 "stdin without --type is a usage error" "$JAMDEPLOY" minify -
expect_exit 2 "unknown --type" "$JAMDEPLOY" minify --type cobol a.css
expect_exit 2 "several files need -o" "$JAMDEPLOY" minify a.css b.html
expect_exit 0 "several files into a folder" "$JAMDEPLOY" minify a.css b.html -o outdir
check "folder gets each file" [ "$(cat outdir/a.css)" = "a{color:red}" ] 
check "html in the folder is minified" grep -q '<p> hello world ' outdir/b.html
expect_exit 1 "malformed css fails" "$JAMDEPLOY" minify bad.css -o bad.out.css
stderr_has "error names file and line" "bad.css:"
check "nothing is written on error" [ ! -e bad.out.css ]
expect_exit 0 "--json report" "$JAMDEPLOY" minify a.css -o one.css --json
check "json reports before and after" [ "$(json_field "$TMP/stdout" '(d[0]["before"], d[0]["after"])')" = "(22, 12)" ]

# The build pipeline renames JavaScript locals unless --keep-names or 'minify: keep_names:'
# says not to (code that reads function .name); switching it rebuilds, the cache never mixes.
mkdir -p kn/js && printf 'function outer(longParameterName){return longParameterName+1}\n' >kn/js/a.js
"$JAMDEPLOY" build kn -o kn-out -q
check "build renames a function's locals" sh -c '! grep -q longParameterName kn-out/js/a.js'
"$JAMDEPLOY" build kn -o kn-out -q --keep-names
check "build --keep-names keeps them" grep -q longParameterName kn-out/js/a.js
printf 'minify: { keep_names: true }\n' >kn.yml
"$JAMDEPLOY" build kn -o kn-out -q --config kn.yml
check "'minify: keep_names:' keeps them" grep -q longParameterName kn-out/js/a.js
"$JAMDEPLOY" build kn -o kn-out -q
check "without it again, the cached kept-name output is not reused" sh -c '! grep -q longParameterName kn-out/js/a.js'

# HTML is minified knowing its stylesheets: those it links to on disk, and CSS inputs beside it.
mkdir -p st/css
printf '<!doctype html><link rel=stylesheet href=css/menu.css><ul class=menu>\n<li>a   b</li>\n</ul>\n' >st/page.html
printf '.menu li { white-space: pre }\n' >st/css/menu.css
"$JAMDEPLOY" minify st/page.html >st1.html
check "a linked stylesheet that gives list items white-space: pre keeps their spaces" grep -q '<li>a   b' st1.html
printf '.menu li { white-space: pre }\n' >st/extra.css
rm st/css/menu.css
"$JAMDEPLOY" minify st/page.html >st2.html
check "a linked stylesheet that is not there keeps every run (its rules are unknown)" grep -q '<li>a   b' st2.html
printf '<!doctype html><ul class=menu>\n<li>a   b</li>\n</ul>\n' >st/nolink.html
"$JAMDEPLOY" minify st/nolink.html >st3.html
check "a page without stylesheets: the run of spaces becomes one" grep -q '<li>a b' st3.html
# Links up the tree and from the site's root are found like a browser would (a page in docs/).
mkdir -p st/docs && printf '.menu li { white-space: pre }\n' >st/css/menu.css
for href in ../css/menu.css /css/menu.css; do
	printf '<!doctype html><link rel=stylesheet href=%s><ul class=menu>\n<li>a   b</li>\n</ul>\n' "$href" >st/docs/page.html
	"$JAMDEPLOY" minify st/docs/page.html >st4.html
	check "a stylesheet linked as $href from docs/ is read" grep -q '<li>a   b' st4.html
	(cd st/docs && "$JAMDEPLOY" minify page.html) >st5.html
	check "... also when minified from inside docs/" grep -q '<li>a   b' st5.html
done
rm st/css/menu.css
"$JAMDEPLOY" minify st/page.html st/extra.css -o st-out
check "a CSS file minified with the page counts as its stylesheet" grep -q '<li>a   b' st-out/page.html
