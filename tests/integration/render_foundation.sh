# render_foundation.sh - Foundation's own visual test pages (foundation-sites/test/visual in the
# npm package pinned in tests/css/package.json: 170 real pages of menus, forms, grids, tabs...)
# built by jamdeploy render exactly like the originals in headless Chromium: the same screenshot
# and the same getComputedStyle() for every element and its ::before/::after
# (tests/rewrite/browse.mjs --styles).  This is where the HTML minifier meets real CSS: list
# items a stylesheet makes inline-block, inputs styled by [type=text], ::after boxes after
# the last word.  JavaScript is off (the pages' plugins animate and time things); the pages
# name scripts and CDN files the package does not ship, so a built page must only load no
# worse than its original.  1024 pixels wide: Foundation's large breakpoint.
. "$JD_TOP/tests/lib.sh"

F=$JD_TOP/tests/css/node_modules/foundation-sites
if [ ! -d "$F/test/visual" ] || [ ! -d "$JD_TOP/tests/rewrite/node_modules/playwright-core" ]; then
	not_ok "render foundation" "npm packages missing: run tests/npm-deps.sh"
	exit 0
fi
if [ ! -x /usr/bin/chromium ]; then
	not_ok "render foundation" "/usr/bin/chromium missing (apt-get install chromium)"
	exit 0
fi
# The pages link ../assets/css/*.css and ../motion-ui/dist/motion-ui.css from their folders.
mkdir -p site && cp -r "$F/test/visual" site/visual
mkdir -p site/visual/assets/css site/visual/motion-ui/dist
cp "$F"/dist/css/foundation.css "$F"/dist/css/foundation-float.css "$F"/dist/css/foundation-prototype.css \
	site/visual/assets/css/
cp "$JD_TOP/tests/css/node_modules/motion-ui/dist/motion-ui.css" site/visual/motion-ui/dist/
rm site/visual/_template.html

expect_exit 0 "foundation: build succeeds" "$JAMDEPLOY" build site -o out --json
before=$(cat site/visual/*/*.html | wc -c) after=$(cat out/visual/*/*.html | wc -c)
check "foundation: the pages got smaller ($before -> $after bytes)" [ "$after" -lt "$before" ]
node "$JD_TOP/tests/rewrite/browse.mjs" site out --styles --no-js --failing-original --jobs 2 --width 1024 2>&1 ||
	echo "not ok - foundation: browse.mjs exited with status $?"
