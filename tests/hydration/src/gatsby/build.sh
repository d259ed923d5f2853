#!/usr/bin/env bash
# Rebuild the Gatsby fixture site into ../../sites/gatsby/ from pinned packages.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../../sites/gatsby"
cd "$here"
export GATSBY_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 CI=1
# --ignore-scripts: gatsby's optional gatsby-sharp pulls sharp 0.32, whose install
# script downloads libvips from GitHub (fails offline, and fails the whole npm ci).
# No other install script is needed: lmdb/msgpackr-extract/@parcel/watcher load
# their prebuilt binaries from npm packages; the rest only print banners.
npm ci --no-audit --no-fund --ignore-scripts
rm -rf public .cache
npm run build
# no source maps or build-only stats in the deployed output
find public -name '*.map' -delete
rm -f public/webpack.stats.json
# Partytown's debug builds load only with its debug option on: no page of the fixture loads them
rm -rf public/~partytown/debug
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -R public "$out"
echo "built $(find "$out" -type f | wc -l) files into $out"
