# rewrite_sites.sh - hashed names and rewritten references on SSG-shaped sites.
#
# Fixtures in tests/sites/: hugo/ (the output of Debian's hugo for
# tests/sites/hugo-src, rebuilt here when hugo is installed), eleventy/ (the
# shape of an Eleventy blog: relative links, <base>, srcset, modules, a CSS
# import cycle) and nextjs/ (the shape of `next build` with output: 'export':
# _next/static/ fingerprinted, a runtime that loads chunks by computed name,
# public images named in JS).  For each: jamdeploy build, then
# tests/rewrite/check_site.py checks every reference and every hashed name,
# and a second build must give byte-identical output.  When Chromium and
# playwright-core are there, tests/rewrite/browse.mjs loads every page of the
# original and of the built site and compares them (screenshots, computed styles).
. "$JD_TOP/tests/lib.sh"

SITES=$JD_TOP/tests/sites
PY=/usr/bin/python3
mkdir sites
cp -r "$SITES/eleventy" "$SITES/nextjs" sites/
if command -v hugo >/dev/null 2>&1; then
	cp -r "$SITES/hugo-src" hugo-src
	if (cd hugo-src && hugo --quiet -d "$TMP/sites/hugo" >/dev/null 2>&1); then
		ok "hugo builds the fixture site"
	else
		not_ok "hugo builds the fixture site" "hugo failed"
		cp -r "$SITES/hugo" sites/hugo
	fi
else
	cp -r "$SITES/hugo" sites/hugo
fi
printf 'base_url: https://www.example.com\n' >jamdeploy.yml

renamed() { json_field "$1" "d['renames'].get('$2', '')"; }

for s in hugo eleventy nextjs; do
	expect_exit 0 "$s: build succeeds" "$JAMDEPLOY" build "sites/$s" -o "out/$s" --json
	cp "$TMP/stdout" "$s.json"
	$PY "$JD_TOP/tests/rewrite/check_site.py" "sites/$s" "out/$s" "$s.json"
	"$JAMDEPLOY" build "sites/$s" -o "again/$s" --json >"$s.again.json" 2>/dev/null
	check "$s: re-building gives byte-identical output" diff -r "out/$s" "again/$s"
	check "$s: re-building reports the same renames" cmp <(json_field "$s.json" 'd["renames"]') \
		<(json_field "$s.again.json" 'd["renames"]')
done

# What must be renamed, and what must keep its name.
check "hugo: stylesheet renamed" [ -n "$(renamed hugo.json css/main.css)" ]
check "hugo: css @import target renamed" [ -n "$(renamed hugo.json css/reset.css)" ]
check "hugo: og:image on base_url renamed" [ -n "$(renamed hugo.json img/og.png)" ]
check "hugo: og:image rewritten to the absolute hashed URL" grep -q "https://www.example.com/$(renamed hugo.json img/og.png)" out/hugo/index.html
check "hugo: robots.txt and sitemap.xml keep their names" sh -c '[ -f out/hugo/robots.txt ] && [ -f out/hugo/sitemap.xml ]'
check "hugo: favicon.ico keeps its name" [ -f out/hugo/favicon.ico ]
check "hugo: css names its images by their hashed names" grep -q "$(basename "$(renamed hugo.json img/bg.png)")" "out/hugo/$(renamed hugo.json css/main.css)"
check "hugo: css hash covers the hashed image names (leaves first)" [ "$(renamed hugo.json css/main.css)" != "css/main.$(sha256sum sites/hugo/css/main.css | cut -c1-10).css" ]
check "eleventy: srcset with a comma in the URL renamed" [ -n "$(renamed eleventy.json img/w.png)" ]
check "eleventy: image reached through <base href> renamed" grep -q "img/photo\.[0-9a-f]\{10\}\.png" out/eleventy/about/index.html
check "eleventy: image-set() targets renamed" [ -n "$(renamed eleventy.json img/h1@2x.png)" ]
# The HTML minifier decodes &quot; in a style attribute, so in the default
# build the tile's url() is literal and may be renamed; what matters there is
# that the page's reference still finds the file.  The entity case itself
# (rewrite cannot rewrite inside an entity, so it pins the target) is built
# with the HTML minifier off.
tile_ref() { grep -o 'url([^)]*tile[^)]*)' "$1/index.html" | sed 's/^url(//; s/)$//; s/&quot;//g; s/["'"'"']//g'; }
tile=$(tile_ref out/eleventy)
check "eleventy: built page's style url names an existing image" sh -c '[ -n "$1" ] && [ -f "out/eleventy/$1" ]' - "$tile"
printf 'base_url: https://www.example.com\nminify: { html: false }\n' >raw-html.yml
expect_exit 0 "eleventy: build with the HTML minifier off succeeds" "$JAMDEPLOY" build sites/eleventy -o raw/eleventy --config raw-html.yml --json
cp "$TMP/stdout" eleventy.raw.json
$PY "$JD_TOP/tests/rewrite/check_site.py" sites/eleventy raw/eleventy eleventy.raw.json | sed 's/^\(not \)\{0,1\}ok - /&html unminified: /'
check "eleventy: entity-encoded style url stays in the unminified page" grep -q 'url(&quot;img/tile\.png&quot;)' raw/eleventy/index.html
check "eleventy: entity-encoded style url keeps its target's name" [ -f raw/eleventy/img/tile.png ]
check "eleventy: CSS import cycle members keep their names" sh -c '[ -f out/eleventy/css/cycle-a.css ] && [ -f out/eleventy/css/cycle-b.css ]'
check "eleventy: JS module with relative imports keeps its name" [ -f out/eleventy/js/main.js ]
check "eleventy: imported module keeps its name" [ -f out/eleventy/js/util.js ]
check "eleventy: web manifest keeps its name" [ -f out/eleventy/site.webmanifest ]
check "eleventy: web manifest icon renamed and rewritten" grep -q "\"/$(renamed eleventy.json img/icon-192.png)\"" out/eleventy/site.webmanifest
check "eleventy: query string kept after the hashed name" grep -q 'css/index\.[0-9a-f]\{10\}\.css?v=2&amp;t=1' out/eleventy/index.html
check "eleventy: CSS string that only looks like url() untouched" grep -q 'url(not-a-ref.png)' "out/eleventy/$(renamed eleventy.json css/index.css)"
check "nextjs: nothing under _next/static renamed" [ -z "$(json_field nextjs.json "[k for k in d['renames'] if k.startswith('_next/')] or ''")" ]
check "nextjs: public image used only by HTML renamed" [ -n "$(renamed nextjs.json images/photo.png)" ]
check "nextjs: image named inside a JS chunk keeps its name" [ -f out/nextjs/images/lazy.png ]
check "nextjs: image used by fingerprinted CSS keeps its name" [ -f out/nextjs/images/texture.png ]
check "nextjs: chunk loaded by computed name is still there" [ -f out/nextjs/_next/static/chunks/42-9a8b7c6d5e4f3a2b.js ]
check "nextjs: fingerprinted files are cached as immutable" \
	sh -c "'$JAMDEPLOY' push sites/nextjs --to target >/dev/null 2>&1 && grep -q immutable target/.jamdeploy/manifest.json"
check "nextjs: manifest marks _next chunks immutable" [ "$(json_field target/.jamdeploy/manifest.json "d['files']['_next/static/chunks/42-9a8b7c6d5e4f3a2b.js']['cache_control']")" = "public, max-age=31536000, immutable" ]
check "nextjs: manifest marks a hashed image immutable" [ "$(json_field target/.jamdeploy/manifest.json "d['files']['$(renamed nextjs.json images/photo.png)']['cache_control']")" = "public, max-age=31536000, immutable" ]
check "nextjs: manifest keeps HTML revalidated" [ "$(json_field target/.jamdeploy/manifest.json "d['files']['index.html']['cache_control']")" = "public, max-age=0, s-maxage=300, stale-while-revalidate=60" ]

# An asset URL a script builds from a prefix ('/img/logo-' + theme + '.png', '/icons/' + name)
# never appears whole in a script: every asset that prefix begins keeps its name, or the page
# asks for a name the build took away when the theme changes.
mkdir -p prefix/img prefix/icons
cp "$JD_TOP/tests/images/rgba-alpha.png" prefix/img/logo-light.png
cp "$JD_TOP/tests/images/palette-trns.png" prefix/img/logo-dark.png
cp "$JD_TOP/tests/images/photo.png" prefix/img/other.png
cp "$JD_TOP/tests/images/rgba-opaque.png" prefix/icons/a.png
cat >prefix/index.html <<'HTML'
<!doctype html><title>prefix</title>
<img id=logo src="/img/logo-light.png"><img src="/img/other.png"><img src="/icons/a.png">
<script>function theme(t) { document.getElementById('logo').src = '/img/logo-' + t + '.png' }
function icon(n) { return '/icons/' + n }</script>
HTML
expect_exit 0 "prefix: build succeeds" "$JAMDEPLOY" build prefix -o out/prefix --json
cp "$TMP/stdout" prefix.json
check "prefix: an image a script names by its prefix keeps its name" [ -f out/prefix/img/logo-light.png ]
check "prefix: an image in a folder a script names keeps its name" [ -f out/prefix/icons/a.png ]
check "prefix: an image no script names is renamed" [ -n "$(renamed prefix.json img/other.png)" ]

# The checker itself must notice a broken reference (a test that cannot fail is a defect).
cp -r out/hugo checked-hugo
rm "checked-hugo/$(renamed hugo.json img/logo.png)"
if $PY "$JD_TOP/tests/rewrite/check_site.py" sites/hugo checked-hugo hugo.json | grep -q '^not ok'; then
	ok "check_site.py notices a missing hashed file"
else
	not_ok "check_site.py notices a missing hashed file" "it did not"
fi

# Headless Chromium: every page of each site before and after the build, screenshots and the
# computed style of every element.
if [ -x /usr/bin/chromium ] && [ -d "$JD_TOP/tests/rewrite/node_modules/playwright-core" ]; then
	for s in hugo eleventy nextjs; do
		node "$JD_TOP/tests/rewrite/browse.mjs" "sites/$s" "out/$s" --styles 2>&1 || echo "not ok - $s: browse.mjs exited with status $?"
	done
	node "$JD_TOP/tests/rewrite/browse.mjs" sites/eleventy raw/eleventy 2>&1 | sed 's/^\(not \)\{0,1\}ok - /&html unminified: /' ||
		echo "not ok - html unminified: eleventy: browse.mjs exited with status $?"
	# and it must notice a broken page: a built hugo site without its hashed logo
	"$JAMDEPLOY" build sites/hugo -o broken/hugo >/dev/null 2>&1
	rm "broken/hugo/$(renamed hugo.json img/logo.png)"
	if node "$JD_TOP/tests/rewrite/browse.mjs" sites/hugo broken/hugo 2>&1 | grep -q '^not ok - hugo/index.html: built page loads cleanly'; then
		ok "browse.mjs notices a missing image"
	else
		not_ok "browse.mjs notices a missing image" "it did not"
	fi
else
	echo "# chromium or playwright-core missing (apt-get install chromium; tests/npm-deps.sh): browser checks not run"
fi
