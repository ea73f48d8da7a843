package main

import (
	"time"

	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
)

const (
	killDocs, killEvents = 600, 5
	fixtureSeed          = 11
)

// fixtureCoder stands in for the event coder, slowly enough that a kill
// lands mid-run.
var fixtureCoder = sqlitetest.Coder{Seed: fixtureSeed, Events: killEvents, Delay: 5 * time.Millisecond}
