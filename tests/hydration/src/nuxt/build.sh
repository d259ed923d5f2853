#!/bin/sh
# Rebuild the Nuxt hydration fixture (nuxi generate) into ../../sites/nuxt/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
export NUXT_TELEMETRY_DISABLED=1
npm ci --no-audit --no-fund
npx --no-install nuxi generate
out="$here/../../sites/nuxt"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
# .output/public holds symlink-free copies of the generated pages and assets.
cp -RL .output/public "$out"
