#!/usr/bin/env bash
# Makes third_party/go-dateparser, which go.mod puts in place of the module:
# go-dateparser v1.2.3 (BSD-3-Clause) whose locale data is built the first
# time a date is parsed, instead of in 205 package inits that took 0.17 s and
# allocated 78 MB at every start of sitrep (linked through go-trafilatura and
# go-htmldate, for the dates of HTML pages). Only the inits change: each
# becomes a function that internal/data/05-lazy.go calls, in file order, on
# the first GetLocaleData. Run from the repository root.
set -euo pipefail
v=v1.2.3
src=$(go mod download -json github.com/markusmobius/go-dateparser@$v | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
dst=third_party/go-dateparser
rm -rf "$dst"
mkdir -p "$dst"
(cd "$src" && find . -type f \( -name '*.go' ! -name '*_test.go' -o -name go.mod -o -name 'LICENSE*' \) ! -path './scripts/*') |
	while read -r f; do mkdir -p "$dst/$(dirname "$f")"; cp "$src/$f" "$dst/$f"; done
chmod -R u+w "$dst"
data=$dst/internal/data
calls=""
for f in $(cd "$data" && ls [a-z]*.go); do
	name=init_$(basename "$f" .go | tr -c 'a-zA-Z0-9\n' '_')
	sed -i "s/^func init() {$/func $name() {/" "$data/$f"
	calls="$calls	$name()
"
done
cat > "$data/05-lazy.go" <<GO
// Added for sitrep by third_party/go-dateparser.sh: the locale data is
// built the first time GetLocaleData is asked, not in package inits.

package data

import "sync"

var loadOnce sync.Once

func load() {
	loadOnce.Do(func() {
$calls	})
}
GO
sed -i 's/^func GetLocaleData(locale string) (\*LocaleData, bool) {$/&\n\tload()/' "$data/00-locale-data.go"
gofmt -w "$data/05-lazy.go" "$data/00-locale-data.go"
