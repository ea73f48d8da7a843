package doctype

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"slices"
	"strings"
)

// NGECStory is one NGEC synthetic story: its headline (the prompt's first
// line, the country filled in: the document title a real story has), body
// and PLOVER label, whether it is held out for testing by row (every fifth),
// and the fold of its headline template (0 to TemplateFolds-1): testing on
// one fold's stories after training on the others' means no test headline
// was seen in training.
type NGECStory struct {
	Title, Text, Label string
	HeldOutRow         bool
	TemplateFold       int
}

// TemplateFolds is the number of headline-template folds.
const TemplateFolds = 5

// ReadNGEC reads the NGEC synthetic stories (the zipped CSV with text, label,
// title template and prompt columns).
func ReadNGEC(path string) ([]NGECStory, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	if len(zr.File) == 0 {
		return nil, fmt.Errorf("%s: empty zip", path)
	}
	f, err := zr.File[0].Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.LazyQuotes = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	ti, tok := col["text"]
	li, lok := col["label"]
	tt, ttok := col["title"]
	pi, pok := col["prompt"]
	if !tok || !lok || !ttok || !pok {
		return nil, fmt.Errorf("%s: want text, label, title and prompt columns", path)
	}
	var out []NGECStory
	for n := 0; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		title, _, _ := strings.Cut(rec[pi], "\n")
		out = append(out, NGECStory{Title: title, Text: rec[ti], Label: rec[li], HeldOutRow: n%5 == 4,
			// The title column is the headline template ("{country_1}
			// Teachers on Strike"); a hash of it keeps the split stable.
			TemplateFold: int(crc32.ChecksumIEEE([]byte(rec[tt])) % TemplateFolds)})
	}
}

// CodebookFile is the structured PLOVER codebook that comes with the NGEC
// stories, in the same folder.
const CodebookFile = "PLOVER_structured_codebook_updated.csv"

// ReadModes reads the structured PLOVER codebook (event and mode columns) and
// returns the stems of the words of its mode names that name modes of one
// event type only: "resign" (RETREAT), "convict" (SANCTION), "boycott"
// (PROTEST); "withdraw" (RETREAT and SANCTION) is left out.
func ReadModes(path string) (Modes, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: empty", path)
	}
	ei, mi := slices.Index(rows[0], "event"), slices.Index(rows[0], "mode")
	if ei < 0 || mi < 0 {
		return nil, fmt.Errorf("%s: want event and mode columns", path)
	}
	types := map[string][]string{}
	for _, row := range rows[1:] {
		for _, w := range strings.FieldsFunc(strings.ToLower(row[mi]), func(r rune) bool { return r < 'a' || r > 'z' }) {
			if k := stem(w); !slices.Contains(types[k], row[ei]) {
				types[k] = append(types[k], row[ei])
			}
		}
	}
	m := Modes{}
	for k, ts := range types {
		if len(ts) == 1 {
			m[k] = ts[0]
		}
	}
	return m, nil
}
