#!/usr/bin/env bash
# Runs every test: Go unit, golden and end-to-end tests, then the browser tests
# of the dashboard (which install Debian's chromium when it is missing).
set -euo pipefail
cd "$(dirname "$0")"
go vet ./...
go test -count=1 ./...
./web/e2e/run.sh
