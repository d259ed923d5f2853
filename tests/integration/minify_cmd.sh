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
check "html in the folder is minified" grep -q '<p>hello world' outdir/b.html
expect_exit 1 "malformed css fails" "$JAMDEPLOY" minify bad.css -o bad.out.css
stderr_has "error names file and line" "bad.css:"
check "nothing is written on error" [ ! -e bad.out.css ]
expect_exit 0 "--json report" "$JAMDEPLOY" minify a.css -o one.css --json
check "json reports before and after" [ "$(json_field "$TMP/stdout" '(d[0]["before"], d[0]["after"])')" = "(22, 12)" ]
