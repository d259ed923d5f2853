#!/bin/sh
# Rebuild the VitePress hydration fixture into ../../sites/vitepress/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
npm ci --no-audit --no-fund
npx --no-install vitepress build docs
out="$here/../../sites/vitepress"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -R docs/.vitepress/dist "$out"
