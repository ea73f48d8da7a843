package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/actors"
)

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// writeTSV writes entries in the TSV format that package actors reads, with
// a header line, one row per period.
func writeTSV(w io.Writer, entries []*actors.Entry, header string) error {
	bw := bufio.NewWriter(w)
	for _, l := range strings.Split(strings.TrimSpace(header), "\n") {
		if l != "" {
			fmt.Fprintf(bw, "# %s\n", strings.TrimPrefix(l, "# "))
		}
	}
	bw.WriteString(strings.Join(actors.Columns[:len(actors.Columns)-2], "\t") + "\tsource\n")
	clean := func(s string) string { return strings.NewReplacer("\t", " ", "\n", " ").Replace(s) }
	for _, e := range entries {
		periods := e.Periods
		if len(periods) == 0 {
			periods = []actors.Period{{}}
		}
		for i, p := range periods {
			var aliases []string
			for _, n := range e.Names {
				if n != e.Name {
					aliases = append(aliases, n)
				}
			}
			row := []string{e.ID, e.Name, "", p.Country, p.Sector, p.Code, p.Role, formatDate(p.From), formatDate(p.Until), e.Wikidata, "", "", "", e.Source}
			if i == 0 {
				row[2] = strings.Join(aliases, "|")
				row[10] = strings.Join(e.Adjectives, "|")
				row[11] = strings.Join(e.Seats, "|")
				row[12] = strings.Join(e.Places, "|")
			}
			for j := range row {
				row[j] = clean(row[j])
			}
			bw.WriteString(strings.Join(row, "\t"))
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}
