package geo

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/nlp/tokenize"
)

func gaz(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func parse(t testing.TB, text string, ents ...sitrep.Entity) *sitrep.Document {
	t.Helper()
	doc := &sitrep.Document{ID: "t", Text: text, Entities: ents}
	if err := NewStage(gaz(t), Options{Demonyms: true}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// find returns the first toponym whose text is name.
func find(doc *sitrep.Document, name string) (sitrep.Toponym, bool) {
	for _, tp := range doc.Toponyms {
		if tp.Of(doc.Text) == name {
			return tp, true
		}
	}
	return sitrep.Toponym{}, false
}

type want struct {
	text, country string
	precision     sitrep.Precision
	metonymy      bool
}

func check(t *testing.T, doc *sitrep.Document, ws []want) {
	t.Helper()
	for _, w := range ws {
		tp, ok := find(doc, w.text)
		if !ok {
			t.Errorf("%q: not found among %v", w.text, names(doc))
			continue
		}
		if tp.Country != w.country || tp.Precision != w.precision || tp.Metonymy != w.metonymy {
			t.Errorf("%q: got %s %s metonymy=%v (%s %s), want %s %s metonymy=%v", w.text, tp.Country, tp.Precision,
				tp.Metonymy, tp.Name, tp.Feature, w.country, w.precision, w.metonymy)
		}
	}
}

func names(doc *sitrep.Document) []string {
	var out []string
	for _, tp := range doc.Toponyms {
		out = append(out, tp.Of(doc.Text))
	}
	return out
}

// A story in the shape of the running example: Pakistan's Punjab, not
// India's; provinces at admin-1; Kabul the city, not the province.
const fixture = `Lahore: Pakistan's interior minister, who visited Kabul last month, said on Tuesday that militants had carried out attacks in Khyber Pakhtunkhwa and Balochistan.
Punjab, the most populous province of Pakistan, was also hit, officials in Islamabad said. Islamabad to press Kabul on border security.`

func TestFixtureStory(t *testing.T) {
	doc := parse(t, fixture)
	check(t, doc, []want{
		{"Lahore", "PAK", sitrep.PrecisionCity, false},
		{"Kabul", "AFG", sitrep.PrecisionCity, false},
		{"Khyber Pakhtunkhwa", "PAK", sitrep.PrecisionAdmin1, false},
		{"Balochistan", "PAK", sitrep.PrecisionAdmin1, false},
		{"Punjab", "PAK", sitrep.PrecisionAdmin1, false},
		{"Pakistan", "PAK", sitrep.PrecisionCountry, false},
	})
	// "officials in Islamabad said" is a location; "Islamabad to press" an actor.
	var met []bool
	for _, tp := range doc.Toponyms {
		if tp.Of(doc.Text) == "Islamabad" {
			met = append(met, tp.Metonymy)
		}
	}
	if len(met) != 2 || met[0] || !met[1] {
		t.Errorf("Islamabad metonymy flags %v, want [false true]", met)
	}
	for _, tp := range doc.Toponyms {
		if got := tp.Of(doc.Text); strings.ContainsAny(got, " ") && got != "Khyber Pakhtunkhwa" {
			t.Errorf("unexpected multi-word toponym %q", got)
		}
	}
	if got := focusCountry(doc); got != "PAK" {
		t.Errorf("focus country %q, want PAK", got)
	}
}

// The same name goes to different places in different documents.
func TestContextDisambiguation(t *testing.T) {
	us := parse(t, "Flooding closed roads across Texas on Monday. In Paris, a town of 25,000 north of Dallas, schools shut, and Houston braced for more rain.")
	check(t, us, []want{{"Paris", "USA", sitrep.PrecisionCity, false}, {"Texas", "USA", sitrep.PrecisionAdmin1, false}})
	fr := parse(t, "Protesters marched in Paris on Saturday.")
	check(t, fr, []want{{"Paris", "FRA", sitrep.PrecisionCity, false}})
	in := parse(t, "Farmers in Punjab and Haryana blocked highways to New Delhi.")
	check(t, in, []want{{"Punjab", "IND", sitrep.PrecisionAdmin1, false}})
	// Jamaica's Kingston parish is mostly its city: the name is no province's
	// that would keep the Queensland suburb from its neighbours' evidence.
	au := parse(t, "Storms lashed Queensland. A boy was hit by a car in Kingston, south of Brisbane, and flights left Cairns late.")
	check(t, au, []want{{"Kingston", "AUS", sitrep.PrecisionSubcity, false}})
	// One sense per document: the dateline's "Columbia, Ky." is the later
	// "Columbia" too, not South Carolina's capital.
	ky := parse(t, "COLUMBIA, Ky. - Police say a man of Columbia was shot on Sunday.")
	for _, tp := range ky.Toponyms {
		if strings.EqualFold(tp.Of(ky.Text), "Columbia") && tp.Admin1 != "Kentucky" {
			t.Errorf("%q at %d: %s, %s; want Kentucky", tp.Of(ky.Text), tp.Start, tp.Name, tp.Admin1)
		}
	}
}

// A unit word beside a name picks the kind of place it names; a province's
// abbreviation is a province.
func TestUnitWords(t *testing.T) {
	doc := parse(t, "The cow came from a Washington state farm.")
	check(t, doc, []want{{"Washington", "USA", sitrep.PrecisionAdmin1, false}})
	doc = parse(t, "The first case was found in the state of Washington.")
	check(t, doc, []want{{"Washington", "USA", sitrep.PrecisionAdmin1, false}})
	// An abbreviation whose period the tokenizer split off before a comma.
	doc = parse(t, "He was found in Wainwright, Alta., by a conductor.")
	check(t, doc, []want{{"Alta.", "CAN", sitrep.PrecisionAdmin1, false}})
	// "district" picks the district over the province of the same name in
	// its country, and leaves another country's province alone.
	doc = parse(t, "Gunmen attacked a checkpoint in Ghazni district on Monday.")
	check(t, doc, []want{{"Ghazni", "AFG", sitrep.PrecisionAdmin2, false}})
	doc = parse(t, "Jordanian police closed roads across the Karak district after a fire near Amman.")
	check(t, doc, []want{{"Karak", "JOR", sitrep.PrecisionAdmin1, false}})
	// A demonym before a unit word is an adjective: "the Canadian city".
	doc = parse(t, "Nine people died in Vancouver, the Canadian city said.")
	check(t, doc, []want{{"Vancouver", "CAN", sitrep.PrecisionCity, false}, {"Canadian", "CAN", sitrep.PrecisionCountry, false}})
}

// A small town of another country is no place of a story whose other
// names lie elsewhere: Peru's Saquena in a report on Kabul and Kandahar.
func TestSmallForeignTown(t *testing.T) {
	doc := parse(t, "Troops moved from Kabul to Kandahar and on to Saquena.")
	for _, tp := range doc.Toponyms {
		if tp.Country != "AFG" {
			t.Errorf("%q resolved to %s, %s", tp.Of(doc.Text), tp.Name, tp.Country)
		}
	}
	if _, ok := find(doc, "Kandahar"); !ok {
		t.Errorf("Kandahar lost: %v", names(doc))
	}
}

func TestNotPlaces(t *testing.T) {
	doc := parse(t, "In August, Washington said it would send aid. President Lincoln spoke of the Marburg virus. We met in March.")
	for _, n := range []string{"August", "Lincoln", "Marburg", "March"} {
		if _, ok := find(doc, n); ok {
			t.Errorf("%q taken as a place: %v", n, names(doc))
		}
	}
	check(t, doc, []want{{"Washington", "USA", sitrep.PrecisionCity, true}})
	doc = parse(t, "Beijing has warned Moscow against new sanctions. Protesters marched in Beijing.")
	check(t, doc, []want{{"Beijing", "CHN", sitrep.PrecisionCity, true}, {"Moscow", "RUS", sitrep.PrecisionCity, true}})
	if tp := doc.Toponyms[len(doc.Toponyms)-1]; tp.Metonymy {
		t.Error("marched in Beijing: metonymy")
	}
	// A person entity from the tagger overrules a town of that name.
	text := "Paris Hilton arrived."
	doc = parse(t, text, sitrep.Entity{Span: sitrep.Span{Start: 0, End: 12}, FirstToken: 0, EndToken: 2, Label: sitrep.LabelPER})
	if len(doc.Toponyms) != 0 {
		t.Errorf("person name geoparsed: %v", names(doc))
	}
}

func TestDemonymsOption(t *testing.T) {
	text := "Turkish police arrested two men in Ankara."
	doc := parse(t, text)
	tp, ok := find(doc, "Turkish")
	if !ok || !tp.Demonym || tp.Country != "TUR" {
		t.Errorf("Turkish: got %+v, %v", tp, ok)
	}
	doc = &sitrep.Document{Text: text}
	if err := NewStage(gaz(t), Options{}).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := find(doc, "Turkish"); ok {
		t.Error("demonym reported with Demonyms off")
	}
	if _, ok := find(doc, "Ankara"); !ok {
		t.Error("Ankara missed")
	}
}

func TestResolveSpan(t *testing.T) {
	g := gaz(t)
	text := "Police in Pakistan said the blast hit a market in the Punjab province town of Okara."
	doc := parse(t, text)
	s := strings.Index(text, "the Punjab province")
	p, ok := g.ResolveSpan(doc, sitrep.Span{Start: s, End: s + len("the Punjab province")})
	if !ok || p.Country != "PAK" || p.Precision != sitrep.PrecisionAdmin1 {
		t.Errorf("ResolveSpan(the Punjab province) = %+v, %v", p, ok)
	}
	// A span no stage marked is looked up with the document as context.
	doc.Toponyms = doc.Toponyms[:1] // keep only "Pakistan"
	s = strings.Index(text, "Punjab")
	p, ok = g.ResolveSpan(doc, sitrep.Span{Start: s, End: s + len("Punjab")})
	if !ok || p.Country != "PAK" {
		t.Errorf("ResolveSpan(Punjab) with Pakistan as context = %+v, %v", p, ok)
	}
	if _, ok := g.ResolveSpan(doc, sitrep.Span{Start: 0, End: 6}); ok {
		t.Error("ResolveSpan(Police) found a place")
	}
	// A unit word picks the kind: Kabul province, the city of Kabul.
	text = "Fighting was reported in Kabul province and in the city of Kabul."
	doc = &sitrep.Document{Text: text}
	for span, want := range map[string]sitrep.Precision{"Kabul province": sitrep.PrecisionAdmin1, "the city of Kabul": sitrep.PrecisionCity} {
		s := strings.Index(text, span)
		p, ok := g.ResolveSpan(doc, sitrep.Span{Start: s, End: s + len(span)})
		if !ok || p.Country != "AFG" || p.Precision != want {
			t.Errorf("ResolveSpan(%s) = %+v, %v; want AFG %s", span, p, ok, want)
		}
	}
}

// Hostile input: no panic, no toponym from junk, offsets inside the text.
func TestOddInput(t *testing.T) {
	for _, text := range []string{"", " ", "\xff\xfe\x00Kabul\x00", strings.Repeat("A", 100000), strings.Repeat("New ", 5000) + "York",
		"ÅÄÖ Zürich São Paulo Côte d'Ivoire"} {
		doc := parse(t, text, sitrep.Entity{Span: sitrep.Span{Start: 0, End: len(text)}, Label: sitrep.LabelLOC})
		for _, tp := range doc.Toponyms {
			if tp.Start < 0 || tp.End > len(text) || tp.Start >= tp.End {
				t.Errorf("bad span %v in %q", tp.Span, text[:min(len(text), 40)])
			}
		}
	}
	doc := parse(t, "Flights to São Paulo and Zürich resumed; a bomb went off in Khyber-Pakhtunkhwa.")
	check(t, doc, []want{{"São Paulo", "BRA", sitrep.PrecisionCity, false}, {"Zürich", "CHE", sitrep.PrecisionCity, false},
		{"Khyber-Pakhtunkhwa", "PAK", sitrep.PrecisionAdmin1, false}})
}

// TestResolveSpelling checks the look-up of transliterations spelt another
// way: by consonant skeleton, within the document's countries, for names
// with a unit word or a location entity only.
func TestResolveSpelling(t *testing.T) {
	g := gaz(t)
	text := "Fighting was reported in Deh Sabz district and in Mir Bacha Kot district of Kabul."
	doc := parse(t, text)
	for _, name := range []string{"Deh Sabz district", "Mir Bacha Kot district"} {
		s := strings.Index(text, name)
		p, ok := g.ResolveSpan(doc, sitrep.Span{Start: s, End: s + len(name)})
		if !ok || p.Country != "AFG" || p.Precision != sitrep.PrecisionAdmin2 {
			t.Errorf("ResolveSpan(%s) = %+v, %v", name, p, ok)
		}
	}
	// Without a country in the document there is no look-up among small places, and
	// a name too far from any spelling finds nothing.
	doc = &sitrep.Document{Text: text}
	s := strings.Index(text, "Deh Sabz district")
	if p, ok := g.ResolveSpan(doc, sitrep.Span{Start: s, End: s + len("Deh Sabz district")}); ok {
		t.Errorf("ResolveSpan(Deh Sabz district) without context = %+v", p)
	}
	// A skeleton of three consonants answers for a town of the document's
	// first country ("Ghazny", "gzn": Ghazni).
	text = "Fighting was reported near Kabul and in Ghazny."
	s = strings.Index(text, "Ghazny")
	span := sitrep.Span{Start: s, End: s + len("Ghazny")}
	doc = parse(t, text, sitrep.Entity{Span: span, Label: sitrep.LabelLOC})
	if p, ok := g.ResolveSpan(doc, span); !ok || p.Country != "AFG" {
		t.Errorf("ResolveSpan(Ghazny) = %+v, %v", p, ok)
	}
	// There a location name may still be a large town misspelt, where
	// only one town of that spelling answers.
	text = "Marches were held in Johanesburg and in Manchster."
	for name, want := range map[string]string{"Johanesburg": "ZAF", "Manchster": ""} { // two Manchesters
		s := strings.Index(text, name)
		span = sitrep.Span{Start: s, End: s + len(name)}
		doc = &sitrep.Document{Text: text, Entities: []sitrep.Entity{{Span: span, Label: sitrep.LabelLOC}}}
		if p, ok := g.ResolveSpan(doc, span); p.Country != want || ok != (want != "") {
			t.Errorf("ResolveSpan(%s) without context = %+v, %v; want %q", name, p, ok, want)
		}
	}
	// A neighbourhood run into its large town is placed in the town after
	// a locative word; a small place's name at its end is a generic word.
	for text, want := range map[string]string{"A man was shot in Xoloville Nairobi on Monday.": "KEN",
		"A man was shot in Xoloville Nairobi.": "KEN", "Statues of Xolo Nairobi fell.": "", "A man was shot in the Xolo Tromsø area.": ""} {
		name := text[strings.Index(text, "Xolo"):]
		name = name[:strings.IndexAny(name, ".")]
		name = strings.TrimSuffix(strings.TrimSuffix(name, " on Monday"), " area")
		s := strings.Index(text, name)
		span := sitrep.Span{Start: s, End: s + len(name)}
		doc = &sitrep.Document{Text: text, Entities: []sitrep.Entity{{Span: span, Label: sitrep.LabelLOC}}}
		if p, ok := g.ResolveSpan(doc, span); p.Country != want || ok != (want != "") {
			t.Errorf("ResolveSpan(%s) = %+v, %v; want %q", name, p, ok, want)
		}
	}
	if string(skeleton("irak", nil)) != string(skeleton("iraq", nil)) {
		t.Error("q and k make different skeletons")
	}
	if indels("johanesburg", "johannesburg") != 1 || indels("dallis", "dallas") != 2 || indels("new york", "newyork") != 1 {
		t.Error("indels")
	}
	if !editsWithin("deh e sabz", "deh sabz", 2) || editsWithin("centos", "cuntis", maxEdits("centos")) {
		t.Error("editsWithin")
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Zürich": "zurich", "São  Paulo": "sao paulo", "Côte d’Ivoire": "cote divoire", "Qal‘ah-ye Now": "qalah ye now", "Martha's Vineyard": "marthas vineyard",
		"kabul": "kabul", "U.S.": "u.s.", "Łódź": "łodz", "Khyber-Pakhtunkhwa": "khyber pakhtunkhwa", " Winston–Salem ": "winston salem"} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := loadTSV(strings.NewReader("not gzip")); err == nil {
		t.Error("loadTSV accepted a non-gzip file")
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte("1\tKabul\t34.5\n"))
	zw.Close()
	if _, err := loadTSV(&b); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("loadTSV of a short line: %v, want an error naming line 1", err)
	}
	b.Reset()
	zw = gzip.NewWriter(&b)
	zw.Write([]byte("1\tKabul\tnorth\t69\tPPLC\tAFG\t13\t\t1\t\t\t\n"))
	zw.Close()
	if _, err := loadTSV(&b); err == nil {
		t.Error("loadTSV accepted a bad latitude")
	}
}

// The running example from ../shared, when it is there.
func TestExampleStory(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "shared", "examples", "khar-kabulov-ttp.txt"))
	if err != nil {
		t.Skip("../shared/examples not present:", err)
	}
	doc := parse(t, string(b))
	check(t, doc, []want{
		{"Kabul", "AFG", sitrep.PrecisionCity, false},
		{"Khyber Pakhtunkhwa", "PAK", sitrep.PrecisionAdmin1, false},
		{"Balochistan", "PAK", sitrep.PrecisionAdmin1, false},
		{"Punjab", "PAK", sitrep.PrecisionAdmin1, false},
	})
	if got := focusCountry(doc); got != "PAK" {
		t.Errorf("focus country %q, want PAK", got)
	}
}

// BenchmarkLoad reports the load time and the heap the loaded gazetteer
// keeps (after a collection).
func BenchmarkLoad(b *testing.B) {
	benchmarkLoad(b, func() (*Gazetteer, error) { return loadTSV(bytes.NewReader(gazetteerTSV)) })
}

// benchmarkLoad reports the CPU time of load and the heap the gazetteer it
// returns keeps.
func benchmarkLoad(b *testing.B, load func() (*Gazetteer, error)) {
	var g *Gazetteer
	cpu0 := cpuTime()
	for b.Loop() {
		g = nil
		var err error
		if g, err = load(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()*1000/float64(b.N), "cpu-ms/op")
	}
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "heapMB")
	runtime.KeepAlive(g)
}

// BenchmarkSkeletons measures the spelling index ResolveSpan builds on its
// first look-up of a name the gazetteer lacks (see bySkeleton).
func BenchmarkSkeletons(b *testing.B) {
	g, err := loadTSV(bytes.NewReader(gazetteerTSV))
	if err != nil {
		b.Fatal(err)
	}
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	cpu0 := cpuTime()
	for b.Loop() {
		g.skel = nil
		g.indexSkeletons()
	}
	b.StopTimer()
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()*1000/float64(b.N), "cpu-ms/op")
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	b.ReportMetric(float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc))/(1<<20), "heapMB")
	runtime.KeepAlive(g)
}

// BenchmarkStage measures the geo stage alone on tokenized documents (the
// NER stage runs before it in a pipeline): the Wikinews corpus of ../shared
// when present, else the fixture. docs/s is per process, on all cores.
func BenchmarkStage(b *testing.B) {
	texts := []string{fixture}
	if f, err := os.Open(filepath.Join("..", "..", "shared", "data", "wikinews", "wikinews_2020.csv")); err == nil {
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		texts = texts[:0]
		for _, r := range rows[1:] {
			texts = append(texts, r[len(r)-1])
		}
	}
	docs := make([]*sitrep.Document, len(texts))
	bytes := 0
	for i, text := range texts {
		docs[i] = &sitrep.Document{Text: text}
		docs[i].Tokens, docs[i].Sentences = tokenize.Tokenize(text, nil, nil)
		bytes += len(text)
	}
	s := NewStage(gaz(b), Options{Demonyms: true})
	var next atomic.Int64
	b.SetBytes(int64(bytes / len(docs)))
	b.ResetTimer()
	cpu0 := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			d := *docs[int(next.Add(1))%len(docs)]
			d.Toponyms = nil
			if err := s.Annotate(&d); err != nil {
				b.Error(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	// On a busy machine wall time overstates the cost; docs per CPU-second
	// times the cores gives the rate an idle machine would reach.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "docs/cpu-s")
	}
}

// A long document (half a megabyte of the fixture, repeated) is geoparsed
// like its parts: each copy gives the same toponyms.
func TestLargeDocument(t *testing.T) {
	one := parse(t, fixture+"\n")
	const reps = 2000
	doc := parse(t, strings.Repeat(fixture+"\n", reps))
	if got, want := len(doc.Toponyms), reps*len(one.Toponyms); got != want {
		t.Errorf("%d toponyms, want %d", got, want)
	}
}

// FuzzAnnotate: any text, with a tagger entity over any part of it, gives
// toponyms inside the text and no panic (go test -fuzz FuzzAnnotate ./geo).
func FuzzAnnotate(f *testing.F) {
	for _, s := range []string{fixture, "Paris Hilton in Paris, Texas.", "\xff\xfeKabul", "A-B-C - -- Al-", "ÉÉ É. Washington said"} {
		f.Add(s, 0, 5, "LOC")
	}
	s := NewStage(gaz(f), Options{Demonyms: true})
	f.Fuzz(func(t *testing.T, text string, a, b int, label string) {
		doc := &sitrep.Document{Text: text}
		if a >= 0 && b > a && b <= len(text) {
			doc.Entities = []sitrep.Entity{{Span: sitrep.Span{Start: a, End: b}, FirstToken: -1, EndToken: -1, Label: sitrep.EntityLabel(label)}}
		}
		if err := s.Annotate(doc); err != nil {
			t.Fatal(err)
		}
		for _, tp := range doc.Toponyms {
			if tp.Start < 0 || tp.End > len(text) || tp.Start >= tp.End {
				t.Fatalf("bad span %v", tp.Span)
			}
		}
	})
}

// focusCountry returns the ISO 3166-1 alpha-3 code of the country doc is
// mostly about, from its toponyms (run the geo stage first): each toponym
// votes for its country, a country named outright or a place inside it
// alike; ties go to the country named first. It returns "" when no toponym
// has a country.
func focusCountry(doc *sitrep.Document) string {
	best, bv := "", 0
	for i, t := range doc.Toponyms {
		if t.Country == "" || t.Country == best {
			continue
		}
		v := 0
		for _, u := range doc.Toponyms[i:] {
			if u.Country == t.Country {
				v++
			}
		}
		if v > bv {
			best, bv = t.Country, v
		}
	}
	return best
}

// A town followed by its province or country without a comma is a place,
// not the first name of a longer name ("Dayton Ohio"); a town before a
// capitalised word that is no unit holding it still reads as a first name.
func TestTownBeforeUnit(t *testing.T) {
	doc := parse(t, "Protesters marched in Dayton Ohio on Sunday.")
	if tp, ok := find(doc, "Dayton"); !ok || tp.Country != "USA" || tp.Admin1 != "Ohio" {
		t.Errorf("Dayton Ohio: %+v", doc.Toponyms)
	}
	doc = parse(t, "Protesters met Dayton Smith on Sunday.")
	if tp, ok := find(doc, "Dayton"); ok {
		t.Errorf("Dayton Smith: %+v", tp)
	}
}

// The named actors of a report whose only place is a homonym vote for their
// country ("Hezbollah supporters gathered in Tripoli": Lebanon's, not
// Libya's); a generic agent does not.
func TestActorCountryVotes(t *testing.T) {
	for _, c := range []struct {
		id, want string
	}{{"hezbollah", "LBN"}, {"agent:supporter", "LBY"}} {
		text := "Hezbollah supporters gathered in Tripoli."
		ent := sitrep.Entity{Span: sitrep.Span{Start: 0, End: len("Hezbollah")}, Label: sitrep.LabelORG,
			Actor: &sitrep.Actor{ID: c.id, Country: "LBN"}}
		doc := parse(t, text, ent)
		if tp, ok := find(doc, "Tripoli"); !ok || tp.Country != c.want {
			t.Errorf("actor %s: Tripoli resolved to %+v, want %s", c.id, tp, c.want)
		}
	}
}
