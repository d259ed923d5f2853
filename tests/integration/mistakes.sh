# mistakes.sh - everyday mistakes are refused before anything is written (issue 16):
# mistyped targets and bucket names, a target that overlaps the site, a site that does not
# look built (a project root, no page, nothing at all), a push that would delete every page,
# mistyped commands, options and config keys ("did you mean"), jamdeploy.yaml beside
# jamdeploy.yml, and a diff against a bucket that does not exist (s3rver).  Each refusal
# exits 2 (usage) or 1 (work refused), says what to do, and leaves the target as it was.
. "$JD_TOP/tests/lib.sh"
. "$JD_TOP/tests/s3/lib.sh"
trap 's3_stop; rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1

mkdir -p site && printf '<!doctype html><title>home</title><p>home\n' >site/index.html
printf '<!doctype html><title>about</title><p>about\n' >site/about.html
push() { "$JAMDEPLOY" push "$@" --config /dev/null; }

# ---- targets: a mistyped scheme is not a directory called "s3:"
for bad in s3:/bucket s3//bucket s3:bucket S3://bucket s3:///bucket; do
	expect_exit 2 "target '$bad' is refused" push site --to "$bad"
	stderr_has "target '$bad': did you mean s3://bucket?" "did you mean 's3://bucket'?"
done
check "no folder was created for a mistyped target" [ ! -e s3: ] && [ ! -e s3 ] && [ ! -e S3: ]
expect_exit 2 "an unknown scheme is refused" push site --to gs://bucket/site
expect_exit 2 "an unknown scheme in capitals is refused too" push site --to GS://bucket/site
check "no folder was created for it" [ ! -e GS: ]
stderr_has "the unknown scheme message lists the known ones" "s3://BUCKET/PREFIX"
expect_exit 2 "a bucket name S3 rejects is refused" push site --to s3://My_Bucket/site
stderr_has "the bucket message suggests the plain name" "did you mean 's3://my-bucket/site'?"
stderr_has "... and the way to a legacy bucket of that name" "needs --path-style"
expect_exit 2 "file:/abs is refused" push site --to file:/tmp/x
stderr_has "file:/abs: did you mean file:///abs?" "did you mean 'file:///tmp/x'?"
expect_exit 0 "a folder that merely starts with s3 is a folder" push site --to s3-site
check "the folder s3-site got the site" [ -f s3-site/index.html ]

# ---- a directory target must be apart from the site
expect_exit 2 "the site as its own target is refused" push site --to site
stderr_has "same folder: says so" "is the site folder itself"
expect_exit 2 "a target inside the site is refused" push site --to site/deployed
stderr_has "target inside: says what would happen" "the next push would upload the deployed copy"
check "nothing was written inside the site" [ ! -e site/deployed ] && [ ! -e site/.jamdeploy ]
mkdir -p outer/public && cp site/*.html outer/public/
expect_exit 2 "a site inside its target is refused" push outer/public --to outer
stderr_has "site inside: says what would happen" "would delete its own files"
check "nothing was written into the outer folder" [ ! -e outer/.jamdeploy ]
expect_exit 2 "the same folder through ./ and a trailing slash is refused" push ./site/ --to site
expect_exit 2 "the site through a folder that does not exist and .. is refused" push site --to new/../site
expect_exit 2 "a target inside the site through .. is refused" push site --to ./new/../site/sub
check "nothing was written into the site through .." [ ! -e site/.jamdeploy ] && [ ! -e site/sub ]

# ---- a site that does not look built
mkdir -p proj && cp site/index.html proj/ && printf '{"name":"x"}\n' >proj/package.json
expect_exit 2 "a project root (package.json) is refused" push proj --to projt
check "a refused push prints no plan or summary" [ ! -s "$TMP/stdout" ] && ! grep -q "uploaded" "$TMP/stderr"
expect_exit 2 "a refused dry run prints no plan" push proj --to projt --dry-run
check "... nothing on stdout" [ ! -s "$TMP/stdout" ]
stderr_has "the hint names the usual output folders" "public/, dist/, build/, out/, _site/"
check "nothing was written for the project root" [ ! -e projt ]
rm proj/package.json && mkdir proj/node_modules
expect_exit 2 "a project root (node_modules/) is refused" push proj --to projt
rm -r proj/node_modules && mkdir proj/.git
expect_exit 2 "a project root (.git/) is refused" push proj --to projt
expect_exit 2 "diff refuses it the same way" "$JAMDEPLOY" diff proj --to projt --config /dev/null
expect_exit 0 "--yes pushes it anyway" push proj --to projt --yes
printf 'site: proj\ntarget: projt2\n' >trusted.yml
expect_exit 2 "site: from the config is refused the same way" "$JAMDEPLOY" push --config trusted.yml
expect_exit 0 "... and pushed with --yes" "$JAMDEPLOY" push --config trusted.yml --yes
mkdir -p nopages && printf 'body{color:red}\n' >nopages/a.css
expect_exit 2 "a site without any HTML page is refused" push nopages --to npt
stderr_has "no page: says so" "has no HTML page"
check "nothing was written for a site without pages" [ ! -e npt ]
mkdir -p empty
expect_exit 2 "an empty site is refused" push empty --to site-t
stderr_has "empty: says what would happen" "would empty the target"

# ---- a push that would delete every page
expect_exit 0 "a first push" push site --to live
mkdir -p other && printf '<!doctype html><p>other\n' >other/welcome.html
expect_exit 1 "a push that deletes every page is refused" push other --to live
stderr_has "every page: says how many and what to do" "would delete every page of 'live' (2 HTML pages"
check "the refused push changed nothing" [ -f live/index.html ] && [ ! -e live/welcome.html ]
printf '<!doctype html><p>home 2\n' >other/index.html
expect_exit 0 "a push that keeps one page goes on" push other --to live
check "it replaced the home page" grep -q 'home 2' live/index.html
rm other/index.html
expect_exit 0 "with --yes every page may go" push other --to live --yes

# ---- names: did you mean
expect_exit 2 "a mistyped command" "$JAMDEPLOY" psuh
stderr_has "the command hint" "did you mean 'push'?"
expect_exit 2 "a mistyped option" "$JAMDEPLOY" push site --to live --dry
stderr_has "the option hint" "did you mean '--dry-run'?"
printf 'targt: live\n' >typo.yml
expect_exit 2 "a mistyped config key" "$JAMDEPLOY" push site --config typo.yml
stderr_has "the key hint, with its line" "typo.yml:1:1: unknown key 'targt' (did you mean 'target'?)"

# ---- jamdeploy.yaml is found like jamdeploy.yml; both is a question only the user can answer
mkdir -p yamlproj && cp -r site yamlproj/ && cd yamlproj || exit 1
printf 'site: site\ntarget: from-yaml\n' >jamdeploy.yaml
expect_exit 0 "jamdeploy.yaml is read" "$JAMDEPLOY" push
check "its target was used" [ -f from-yaml/index.html ]
printf 'site: site\ntarget: from-yml\n' >jamdeploy.yml
expect_exit 2 "jamdeploy.yml and jamdeploy.yaml together are refused" "$JAMDEPLOY" push
stderr_has "both: says to keep one" "keep one of them"
check "neither target was written" [ ! -e from-yml ]
cd "$TMP" || exit 1

# ---- a bucket that does not exist is not a first deploy
if ! s3_start jd-test; then
	not_ok "s3 servers start" "see the message above"
	exit 1
fi
expect_exit 1 "diff against a missing bucket fails" "$JAMDEPLOY" diff site --to s3://no-such-bucket/site --endpoint "$S3_ENDPOINT" --config /dev/null
stderr_has "the missing bucket is named as such" "NoSuchBucket"
expect_exit 1 "a dry run against a missing bucket fails the same way" push site --to s3://no-such-bucket/site --endpoint "$S3_ENDPOINT" --dry-run
expect_exit 0 "diff against an existing bucket without a manifest is a first deploy" "$JAMDEPLOY" diff site --to s3://jd-test/site --endpoint "$S3_ENDPOINT" --config /dev/null
check "... and it plans every page" grep -q 'index.html' "$TMP/stdout"
(unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_PROFILE
 HOME=$TMP/nohome AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent \
	expect_exit 1 "a dry run without credentials fails like the push" push site --to s3://jd-test/site --endpoint "$S3_ENDPOINT" --dry-run
 stderr_has "... naming what to set" "AWS_ACCESS_KEY_ID")
