package sitrep

import "time"

// UnknownZone marks a Document.Date whose source gave a wall-clock time but
// no time zone: the time is kept as written and printed without an offset,
// rather than passed off as UTC.
var UnknownZone = time.FixedZone("unknown", 0)
