//go:build !amd64

package ner

// prefetchRecs does nothing: Go has no portable prefetch.
func prefetchRecs(recs *rec, mask uint64, keys []uint64) {}
