#!/usr/bin/env bash
# Builds the Docusaurus 3 fixture and replaces ../../sites/docusaurus with
# the fresh build output.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
site="$here/../../sites/docusaurus"
cd "$here"
export NO_UPDATE_NOTIFIER=1 DOCUSAURUS_NO_UPDATE_NOTIFIER=1 NPM_CONFIG_UPDATE_NOTIFIER=false
npm ci --no-audit --no-fund
rm -rf build .docusaurus
npx --no-install docusaurus build
# no source maps in the deployable output
find build -name '*.map' -delete
rm -rf "$site"
mkdir -p "$(dirname "$site")"
cp -a build "$site"
echo "built $(cd "$site" && pwd) ($(du -sh "$site" | cut -f1))"
