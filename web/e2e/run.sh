#!/usr/bin/env bash
# Browser tests of the dashboard: installs Debian's chromium when it is
# missing (no browser downloads by tools), the npm packages from the lock file,
# and runs e2e/*.test.mjs with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
node --test --test-concurrency=1 e2e/*.test.mjs
