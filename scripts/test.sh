#!/usr/bin/env bash
# The full test run, as CI and a newcomer run it: installs dependencies, builds, lints and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# The end-to-end tests run the real Prometheus tools from the Debian packages prometheus and prometheus-alertmanager.
if ! command -v promtool >/dev/null || ! command -v prometheus-alertmanager >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update && apt-get install -y --no-install-recommends prometheus prometheus-alertmanager
  fi
  for tool in promtool prometheus-alertmanager; do
    if ! command -v "$tool" >/dev/null; then
      echo "scripts/test.sh: $tool is missing; install the Debian packages prometheus and prometheus-alertmanager" >&2
      exit 1
    fi
  done
fi

npm ci --no-audit --no-fund
npm run build
npm run typecheck
npm run lint
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.vitest-report.json || status=$?
node scripts/summarize-tests.js .vitest-report.json || status=$?
exit "$status"
