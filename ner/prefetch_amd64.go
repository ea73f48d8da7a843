package ner

// prefetchRecs starts loading the record of each of keys in recs and
// returns without waiting for them; records are 40 bytes (recSize).
//
//go:noescape
func prefetchRecs(recs *rec, mask uint64, keys []uint64)
