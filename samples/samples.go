// Package samples holds a few short news stories written for sitrep's quick
// start, so `sitrep up` with no input shows a working dashboard on a fresh
// machine. They are our own text (public domain, CC0), not wire copy.
package samples

import _ "embed"

// NewsJSONL is the sample stories as contract JSONL (id, date, title, text).
//
//go:embed news.jsonl
var NewsJSONL []byte
