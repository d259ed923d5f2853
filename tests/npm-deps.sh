#!/usr/bin/env bash
# tests/npm-deps.sh - install the npm packages the tests drive into tests/node_modules
# (s3rver as the S3 server, playwright-core for Chromium).  Idempotent; a no-op when
# package-lock.json is satisfied.
set -eu
cd "$(dirname "$0")"
[ -f package.json ] || exit 0
if [ ! -d node_modules ] || [ package.json -nt node_modules/.installed ]; then
	echo "tests/npm-deps.sh: npm install"
	npm install --no-audit --no-fund --loglevel=error >/dev/null
	touch node_modules/.installed
fi
