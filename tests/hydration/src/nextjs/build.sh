#!/usr/bin/env bash
# Builds the Next.js 14 (app router, output: 'export') fixture and replaces
# ../../sites/nextjs with the fresh static export.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
site="$here/../../sites/nextjs"
cd "$here"
export NEXT_TELEMETRY_DISABLED=1
npm ci --no-audit --no-fund
rm -rf .next out
npx --no-install next build
# no source maps in the deployable output
find out -name '*.map' -delete
rm -rf "$site"
mkdir -p "$(dirname "$site")"
cp -a out "$site"
echo "built $(cd "$site" && pwd) ($(du -sh "$site" | cut -f1))"
