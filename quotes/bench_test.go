package quotes

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/nlp"
)

// BenchmarkAnnotate measures the stage alone on the 295 Wikinews articles,
// parsed once beforehand: go test ./quotes -run '^$' -bench Annotate.
func BenchmarkAnnotate(b *testing.B) {
	var docs []*sitrep.Document
	for _, name := range []string{"wikinews_2019.csv", "wikinews_2020.csv"} {
		f, err := os.Open(filepath.Join("..", "..", "shared", "data", "wikinews", name))
		if err != nil {
			b.Skip("../shared/data/wikinews not available")
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		for _, row := range rows[1:] {
			docs = append(docs, &sitrep.Document{Text: row[len(row)-1]})
		}
	}
	p, err := nlp.Load()
	if err != nil {
		b.Fatal(err)
	}
	for _, doc := range docs {
		if err := p.Annotate(doc); err != nil {
			b.Fatal(err)
		}
	}
	s := New()
	n := 0
	for b.Loop() {
		for _, doc := range docs {
			if err := s.Annotate(doc); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(n), "ms/article")
}
