package http_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
)

// codeRecords are the events of the served fixtures as `sitrep code` writes
// them, by event id and document id.
func codeRecords(t *testing.T) map[string]map[string]any {
	out := map[string]map[string]any{}
	for i := range nDocs {
		doc := sqlitetest.Document(3, i, perDoc)
		b, err := contract.AppendEvents(nil, doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
			var m map[string]any
			if err := json.Unmarshal(line, &m); err != nil {
				t.Fatal(err)
			}
			out[m["doc_id"].(string)+" "+m["id"].(string)] = m
		}
	}
	return out
}

func fetch(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v %.200s", url, resp.StatusCode, err, b)
	}
	return b
}

// leaves flattens the scalar fields of a JSON value by path ("source.name";
// list items share their list's path, and lists of scalars are leaves).
func leaves(prefix string, v any, out map[string][]any) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			leaves(p, c, out)
		}
	case []any:
		for _, c := range x {
			if _, ok := c.(map[string]any); ok {
				leaves(prefix, c, out)
			} else {
				out[prefix] = append(out[prefix], c)
			}
		}
		if len(x) == 0 {
			out[prefix] = append(out[prefix], nil)
		}
	default:
		out[prefix] = append(out[prefix], x)
	}
}

// TestExportJSONLHasEveryCodeField: every field `sitrep code` writes is in
// the JSONL export with the same value, plus the document's URL, title and
// date.
func TestExportJSONLHasEveryCodeField(t *testing.T) {
	srv := serve(t, nil)
	want := codeRecords(t)
	sc := bufio.NewScanner(bytes.NewReader(fetch(t, srv.URL+"/api/export/jsonl")))
	sc.Buffer(nil, 1<<20)
	n, inferred := 0, 0
	seen := map[string]bool{}
	for sc.Scan() {
		var got map[string]any
		if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		code := want[got["doc_id"].(string)+" "+got["id"].(string)]
		if code == nil {
			t.Fatalf("exported event %v is no fixture event", got["id"])
		}
		for k, v := range code {
			seen[k] = true
			gv, ok := got[k]
			if !ok {
				t.Errorf("jsonl lacks %q", k)
			} else if fmt.Sprint(gv) != fmt.Sprint(v) {
				t.Errorf("jsonl %s = %v, code has %v", k, gv, v)
			}
		}
		for _, k := range []string{"key", "day", "day_inferred", "doc_url", "doc_title", "doc_date"} {
			if got[k] == nil || got[k] == "" {
				t.Errorf("jsonl lacks %s: %v", k, got)
			}
		}
		if got["day_inferred"] == true {
			inferred++
			if got["date"] != nil || got["day"] != got["doc_date"] {
				t.Errorf("inferred day %v with date %v, document date %v", got["day"], got["date"], got["doc_date"])
			}
		}
		n++
	}
	if n != nDocs*perDoc || inferred == 0 {
		t.Errorf("%d events, %d with inferred days", n, inferred)
	}
	for _, k := range []string{"attributed_to", "all_evidence", "doc_type", "mode", "context"} {
		if !seen[k] {
			t.Errorf("the fixtures never have %s", k)
		}
	}
}

// csvAliases are the CSV columns whose names predate the rule that a
// column is named by its field's path.
var csvAliases = map[string]string{"location_name": "place", "location_country": "country", "location_admin1": "admin1",
	"location_lat": "lat", "location_lon": "lon", "location_geonameid": "geonameid", "counts_killed": "killed",
	"counts_injured": "injured", "counts_arrested": "arrested", "counts_events": "events", "trigger_text": "trigger",
	"evidence_text": "evidence"}

// TestExportCSVHasEveryScalarField: every scalar field `sitrep code` writes
// (all_evidence aside: a list of spans, in JSONL) has a CSV column with its
// value, lists joined by ";".
func TestExportCSVHasEveryScalarField(t *testing.T) {
	srv := serve(t, nil)
	want := codeRecords(t)
	recs, err := csv.NewReader(bytes.NewReader(fetch(t, srv.URL+"/api/export/csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	for _, c := range []string{"doc_url", "doc_title", "doc_date", "day_inferred", "quad_class"} {
		if _, ok := col[c]; !ok {
			t.Errorf("csv lacks %s", c)
		}
	}
	checked := map[string]bool{}
	for _, r := range recs[1:] {
		code := want[r[col["doc_id"]]+" "+r[col["id"]]]
		if code == nil {
			t.Fatalf("csv row %v is no fixture event", r[:3])
		}
		fields := map[string][]any{}
		leaves("", code, fields)
		for path, vals := range fields {
			if strings.HasPrefix(path, "all_evidence") {
				continue
			}
			name := strings.ReplaceAll(path, ".", "_")
			if a, ok := csvAliases[name]; ok {
				name = a
			}
			i, ok := col[name]
			if !ok && len(vals) == 1 && vals[0] == nil {
				continue // a null object (no location, date, attribution): its fields' columns are empty
			}
			if !ok {
				t.Fatalf("csv has no column for %s", path)
			}
			var parts []string
			for _, v := range vals {
				switch v := v.(type) {
				case nil:
					parts = append(parts, "")
				case float64:
					parts = append(parts, strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.5f", v), "0"), "."))
				default:
					parts = append(parts, fmt.Sprint(v))
				}
			}
			got := r[i]
			if _, isNum := vals[0].(float64); isNum && strings.Contains(got, ".") {
				got = strings.TrimRight(strings.TrimRight(got, "0"), ".")
			}
			if w := strings.Join(parts, ";"); got != w && !(w == "" && got == "") {
				t.Errorf("csv %s = %q, code has %q", name, r[i], w)
			}
			checked[path] = true
		}
	}
	if len(checked) < 40 {
		t.Errorf("only %d fields checked", len(checked))
	}
}

// acledPublished is the column list of ACLED's data export as the ACLED
// Codebook gives it (2023 and later).
var acledPublished = "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 " +
	"assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 " +
	"admin3 location latitude longitude geo_precision source source_scale notes fatalities tags timestamp"

// TestExportACLED: the columns are ACLED's, in its order; violent events map
// to ACLED's event types and carry their fatalities and evidence.
func TestExportACLED(t *testing.T) {
	srv := serve(t, nil)
	recs, err := csv.NewReader(bytes.NewReader(fetch(t, srv.URL+"/api/export/acled?type=ASSAULT,PROTEST,COERCE"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], " "); got != acledPublished {
		t.Fatalf("acled columns\n%s\nwant\n%s", got, acledPublished)
	}
	types := map[string]bool{}
	for _, r := range recs[1:] {
		row := map[string]string{}
		for i, c := range recs[0] {
			row[c] = r[i]
		}
		types[row["event_type"]+"/"+row["sub_event_type"]] = true
		if row["notes"] == "" || row["event_date"] == "" || row["latitude"] == "" || row["geo_precision"] != "1" || row["country"] == "" {
			t.Errorf("acled row %v", row)
		}
		if strings.Contains(row["tags"], "ASSAULT") && row["disorder_type"] != "Political violence" {
			t.Errorf("assault as %v", row["disorder_type"])
		}
	}
	for _, want := range []string{"Protests/Peaceful protest", "Strategic developments/Arrests"} {
		if !types[want] {
			t.Errorf("no %s among %v", want, types)
		}
	}
	if !types["Battles/Armed clash"] && !types["Violence against civilians/Attack"] {
		t.Errorf("no assault mapped: %v", types)
	}
}

// ploverKeys are the keys of a PLOVER record: the PLOVER data-exchange
// record of openeventdata (plovigy's PLOVER-DEDI records) without the keys
// of protest data, with the dyad and the CAMEO code.
var ploverKeys = []string{"ccode", "citation", "codedDate", "coder", "comment", "continuation", "country", "date",
	"enddate", "event", "eventText", "headline", "id", "language", "location", "publication", "region", "text",
	"version", "year", "mode", "context", "source", "target", "cameo"}

// protestKeys are the PLOVER-DEDI keys of protest data (Mass Mobilization).
var protestKeys = []string{"protesterdemand", "protesteridentity", "protesterviolence", "size", "sizeCategory", "stateresponse"}

func TestExportPLOVER(t *testing.T) {
	srv := serve(t, nil)
	var recs []map[string]any
	if err := json.Unmarshal(fetch(t, srv.URL+"/api/export/plover"), &recs); err != nil {
		t.Fatal(err)
	}
	if len(recs) != nDocs*perDoc {
		t.Fatalf("%d records", len(recs))
	}
	want := slices.Sorted(slices.Values(ploverKeys))
	for _, r := range recs {
		got := make([]string, 0, len(r))
		for k := range r {
			got = append(got, k)
		}
		sort.Strings(got)
		if !slices.Equal(got, want) {
			t.Fatalf("plover keys %v, want %v", got, want)
		}
		loc := r["location"].([]any)
		if len(loc) != 1 || loc[0].(map[string]any)["lat"] == "" || r["event"] == "" || r["source"] == "" {
			t.Fatalf("plover record %v", r)
		}
	}
	// Where the published records are at hand, they have no key ours lack.
	sample := filepath.Join("..", "..", "shared", "data", "plovigy", "plovigy-DEDI-input-sample.jsonl")
	b, err := os.ReadFile(sample)
	if err != nil {
		t.Skipf("published PLOVER records not at hand: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var pub map[string]any
		if err := dec.Decode(&pub); err != nil {
			t.Fatal(err)
		}
		for k := range pub {
			if !slices.Contains(ploverKeys, k) && !slices.Contains(protestKeys, k) {
				t.Errorf("published PLOVER records have %q", k)
			}
		}
		for _, l := range pub["location"].([]any) {
			for k := range l.(map[string]any) {
				if _, ok := recs[0]["location"].([]any)[0].(map[string]any)[k]; !ok {
					t.Errorf("published locations have %q", k)
				}
			}
		}
	}
}
