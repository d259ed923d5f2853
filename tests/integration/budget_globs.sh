# budget_globs.sh - a budget glob or page: glob that matches no file of the site is a mistake, not
# a budget that holds (size-limit refuses the same way): exit 2 naming the glob, from the config
# (with its line) and from --budget.  A glob that matches passes as before.
. "$JD_TOP/tests/lib.sh"

make_site site
printf 'site: site\nbudgets:\n  - { match: "**/*.js", max: 1MB }\n  - { match: "assets/**/*.js", max: 1MB }\n' >jamdeploy.yml
expect_exit 2 "a config match: glob that matches no file exits 2" "$JAMDEPLOY" check
stderr_has "the error names the glob" "'assets/**/*.js' matches no file"
stderr_has "the error points at the config line" "jamdeploy.yml:4"

printf 'site: site\nbudgets:\n  - { page: "blog/**/*.html", max: 1MB }\n' >jamdeploy.yml
expect_exit 2 "a config page: glob that matches no file exits 2" "$JAMDEPLOY" check
stderr_has "the page glob is named" "page: 'blog/**/*.html' matches no file"

printf 'site: site\n' >jamdeploy.yml
expect_exit 2 "a --budget glob that matches no file exits 2" "$JAMDEPLOY" check --budget '**/*.mjs=max:10KB'
stderr_has "the --budget is named" "--budget '**/*.mjs' matches no file"
expect_exit 2 "a --budget page: glob that matches no file exits 2" "$JAMDEPLOY" check --budget 'page:x/*.html=max:10KB'
stderr_has "the page: --budget is named" "--budget 'page:x/*.html' matches no file"
expect_exit 2 "--json too" "$JAMDEPLOY" check --json --budget '**/*.mjs=max:10KB'
check "--json's error names the glob" grep -q 'matches no file' "$TMP/stdout"

expect_exit 0 "a glob that matches passes" "$JAMDEPLOY" check --budget '**/*.js=max:10KB' --budget 'page:**/*.html=max:1MB'
expect_exit 0 "no glob (the whole site) is fine" "$JAMDEPLOY" check --budget '=total:1MB'
