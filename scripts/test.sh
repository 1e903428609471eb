#!/usr/bin/env bash
# `npm test`: build, type-check, node unit tests, then browser and end-to-end tests in headless
# Chromium; closes with one line `tests: N passed, N failed` over both runners.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm run -s build
npm run -s typecheck
npm run -s test:unit 2>&1 | tee "$work/unit.log"
SB_TEST_COUNTS="$work/browser.json" npm run -s test:browser

unit_pass=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$work/unit.log")
unit_fail=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$work/unit.log")
browser_pass=$(node -p "require('$work/browser.json').passed")
browser_fail=$(node -p "require('$work/browser.json').failed")
echo "tests: $((unit_pass + browser_pass)) passed, $((unit_fail + browser_fail)) failed"
