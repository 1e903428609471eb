#!/usr/bin/env bash
# `npm test`: build, type-check, node unit tests, then browser and end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s build
npm run -s typecheck
npm run -s test:unit
npm run -s test:browser
