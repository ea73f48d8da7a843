#!/usr/bin/env bash
# Runs every test: Go unit, golden and end-to-end tests, a few seconds of each
# fuzz target, then the browser tests of the dashboard (which install Debian's
# chromium when it is missing).
set -euo pipefail
cd "$(dirname "$0")"
go vet ./...
go test -count=1 ./...
# Each fuzz target searches for FUZZTIME (default 3s) beyond its seed corpus,
# which the go test above has run; go test -fuzz takes one target at a time.
# FuzzCode gets more: each fuzzing worker first loads the models.
for target in ingest:FuzzFeed ingest:FuzzWARC ingest:FuzzJSONL ingest:FuzzGzip ingest:FuzzCharset \
	ingest:FuzzRead http:FuzzQuery cmd/sitrep:FuzzCode; do
	pkg=${target%%:*} name=${target#*:} time=${FUZZTIME:-3s}
	[ "$name" = FuzzCode ] && time=${FUZZTIME:-10s}
	# A run can end in "context deadline exceeded" on a loaded machine; one
	# retry is safe, since a crasher it found is saved under testdata/fuzz and
	# fails the retry's seed-corpus run.
	go test -run '^$' -fuzz "^$name\$" -fuzztime "$time" "./$pkg" ||
		go test -run '^$' -fuzz "^$name\$" -fuzztime "$time" "./$pkg"
done
./web/e2e/run.sh
