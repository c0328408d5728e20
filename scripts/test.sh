#!/usr/bin/env bash
# The full test run, as CI and a newcomer run it: installs dependencies, builds, lints and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund
npm run build
npm run typecheck
npm run lint
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.vitest-report.json || status=$?
node scripts/summarize-tests.js .vitest-report.json || status=$?
exit "$status"
