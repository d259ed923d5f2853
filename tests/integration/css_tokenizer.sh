#!/usr/bin/env bash
# css_tokenizer.sh - CSS Syntax Level 3 tokenizer conformance: every case of npm
# @rmenke/css-tokenizer-tests (pinned in tests/css/package.json) through our lexer.
set -u
cd "$(dirname "$0")/../.."
bin=${TEST_BIN_DIR:-$PWD/build/tests}/test_css
if [ ! -d tests/css/node_modules/@rmenke/css-tokenizer-tests ]; then
	echo "not ok - css tokenizer conformance: run tests/npm-deps.sh first"
	exit 1
fi
node tests/css/tokenizer.mjs "$bin"
