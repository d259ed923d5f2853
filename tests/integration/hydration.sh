# hydration.sh - sites that a JavaScript framework hydrates still hydrate after jamdeploy build.
#
# A framework's client code walks the server-rendered DOM and expects exactly the nodes its
# components render: Vue's fragment markers (<!--[-->, <!--]-->, <!---->), React's text
# separators (<!-- -->) and Suspense markers (<!--$-->), Svelte's and Astro's markers, and the
# whitespace-only text nodes between elements.  An HTML minifier that drops one makes hydration
# mismatch: Vue logs "Hydration completed but contains mismatches." and patches, React throws
# error #418/#425 and renders the page again from scratch, SvelteKit re-renders; the page may
# even look the same, but its server DOM is gone (and with it the point of rendering it).
#
# Fixtures in tests/hydration/sites/NAME/ are the unmodified static output of the framework's own
# build (VitePress, Nuxt generate, Next.js export, Docusaurus, SvelteKit adapter-static, Astro,
# Gatsby; sources in tests/hydration/src/).  Each home page has a button #counter, a link #nav
# that navigates client-side, and another page a button #toggle.  For each site: jamdeploy build
# (and build --webp, whose <picture> wrappers must not upset hydration either), then
# tests/hydration/hydrate.mjs loads every page of the original and of the built site in headless
# Chromium and compares: console errors, the parser-created DOM that survives hydration, body
# text, screenshots, the buttons, the client-side navigation.  The built HTML must also still
# be smaller than the original in total (keeping the markers must not undo the minifier).
. "$JD_TOP/tests/lib.sh"

H=$JD_TOP/tests/hydration
if [ ! -d "$H/node_modules/playwright-core" ]; then
	not_ok "hydration" "npm packages missing: run tests/npm-deps.sh"
	exit 0
fi
if [ ! -x /usr/bin/chromium ]; then
	not_ok "hydration" "/usr/bin/chromium missing (apt-get install chromium)"
	exit 0
fi

html_bytes() { find "$1" -name '*.html' -type f -exec cat {} + | wc -c; }

mkdir sites
n=0
for dir in "$H"/sites/*/; do
	[ -d "$dir" ] || continue
	s=$(basename "$dir")
	n=$((n + 1))
	cp -r "$dir" "sites/$s"
	start=$(date +%s)
	expect_exit 0 "$s: build succeeds" "$JAMDEPLOY" build "sites/$s" -o "out/$s" --json
	before=$(html_bytes "sites/$s") after=$(html_bytes "out/$s")
	check "$s: the built HTML is not larger than the original ($before -> $after bytes)" [ "$after" -le "$before" ]
	node "$H/hydrate.mjs" "sites/$s" "out/$s" 2>&1 || echo "not ok - $s: hydrate.mjs exited with status $?"
	expect_exit 0 "$s: build --webp succeeds" "$JAMDEPLOY" build "sites/$s" -o "webp/$s" --webp --json
	node "$H/hydrate.mjs" "sites/$s" "webp/$s" --name "$s (webp)" 2>&1 ||
		echo "not ok - $s (webp): hydrate.mjs exited with status $?"
	echo "# $s: $(($(date +%s) - start)) s"
done
check "hydration fixtures found in tests/hydration/sites ($n)" [ "$n" -gt 0 ]
