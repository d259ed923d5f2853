#!/usr/bin/env bash
# Rebuild the SvelteKit fixture site into ../../sites/sveltekit/ from pinned packages.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../../sites/sveltekit"
cd "$here"
export SVELTEKIT_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
npm ci --no-audit --no-fund
rm -rf build .svelte-kit
npm run build
# no source maps in the deployed output
find build -name '*.map' -delete
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -R build "$out"
echo "built $(find "$out" -type f | wc -l) files into $out"
