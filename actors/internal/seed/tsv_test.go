package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/actors"
)

// TestTSVRoundTrip: what writeTSV writes, package actors reads back.
func TestTSVRoundTrip(t *testing.T) {
	in := "id\tname\taliases\tcountry\tsector\tcode\trole\tfrom\tuntil\n" +
		"x\tJane Doe\tDoe\tPAK\tGOV\t\tMinister\t2020-01-01\t2022-06-30\n" +
		"x\tJane Doe\t\tPAK\tOPP\t\tOpposition leader\t2022-06-30\t\n"
	db := actors.New()
	if err := db.Load(strings.NewReader(in), "persons.tsv", actors.Person); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeTSV(&buf, db.Entries(), "test"); err != nil {
		t.Fatal(err)
	}
	db2 := actors.New()
	if err := db2.Load(&buf, "persons.tsv", actors.Person); err != nil {
		t.Fatal(err)
	}
	e := db2.ByID("x")
	if e == nil || len(e.Periods) != 2 || len(e.Names) != 2 {
		t.Fatalf("round trip: %+v", e)
	}
	if a := e.Actor(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)); a.Code != "PAKGOV" || a.Role != "Minister" {
		t.Errorf("2021: %+v", a)
	}
	if a := e.Actor(time.Time{}); a.Code != "PAKOPP" {
		t.Errorf("undated: want the current period, got %+v", a)
	}
}
