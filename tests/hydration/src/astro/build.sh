#!/usr/bin/env bash
# Rebuild the Astro fixture site into ../../sites/astro/ from pinned packages.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../../sites/astro"
cd "$here"
export ASTRO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
npm ci --no-audit --no-fund
rm -rf dist .astro
npm run build
# no source maps in the deployed output
find dist -name '*.map' -delete
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -R dist "$out"
echo "built $(find "$out" -type f | wc -l) files into $out"
