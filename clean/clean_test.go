package clean

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/nlp/tokenize"
)

// A story of the running example's shape: a dateline, reporting, a fact
// restated in other words at the end, and a share-and-follow footer.
const story = `Kyiv: Ukraine's foreign minister held talks with his Polish counterpart in Warsaw on Tuesday, the ministry said.
The two ministers discussed grain exports, the security of the border and the reconstruction of the energy grid.
"Poland remains our closest partner," the minister said in a statement after the meeting.
By Friday, officials said, trucks were again crossing at the main border post near Lviv.
In the last two weeks alone, the drones, which were launched from the south, have struck more than 40 targets across the energy grid of the country.
The drones, which were launched from the south, have struck over 40 targets across the country's energy grid in the last two weeks.
Read all the Latest News, Breaking News and World News here. Follow us on Facebook, Twitter and Instagram.`

func cleaned(text string) *sitrep.Document {
	doc := &sitrep.Document{ID: "d", Text: text}
	New().Annotate(doc)
	return doc
}

func TestStoryShape(t *testing.T) {
	doc := cleaned(story)
	want := []sitrep.Removal{
		{Text: "The drones, which were launched from the south, have struck over 40 targets across the country's energy grid in the last two weeks.", Reason: NearDuplicate},
		{Text: "Read all the Latest News, Breaking News and World News here. Follow us on Facebook, Twitter and Instagram.", Reason: Boilerplate},
	}
	if !slices.Equal(doc.Removed, want) {
		t.Errorf("removed:\n%+v\nwant:\n%+v", doc.Removed, want)
	}
	lines := strings.Split(story, "\n")
	if wantText := strings.Join(lines[:5], "\n"); doc.Text != wantText {
		t.Errorf("text:\n%s\nwant:\n%s", doc.Text, wantText)
	}
}

// The running example: exactly its footer and one of its two restated last
// sentences go, nothing else.
func TestRunningExample(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "examples")
	raw, err := os.ReadFile(filepath.Join(dir, "khar-kabulov-ttp.txt"))
	if err != nil {
		t.Skip("../shared/examples not present:", err)
	}
	var exp struct {
		Document struct {
			Boilerplate []string `json:"boilerplate_lines"`
			NearDup     []string `json:"near_duplicate_sentences"`
		} `json:"document"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "khar-kabulov-ttp.expected.json"))
	if err != nil {
		t.Skip(err)
	}
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatal(err)
	}
	doc := cleaned(string(raw))
	var boiler, dups []string
	for _, r := range doc.Removed {
		switch r.Reason {
		case Boilerplate:
			boiler = append(boiler, r.Text)
		case NearDuplicate, DuplicateSentence:
			dups = append(dups, r.Text)
		default:
			t.Errorf("unexpected removal %+v", r)
		}
	}
	if !slices.Equal(boiler, exp.Document.Boilerplate) {
		t.Errorf("boilerplate removed %q, want %q", boiler, exp.Document.Boilerplate)
	}
	if len(dups) != 1 || !slices.Contains(exp.Document.NearDup, dups[0]) {
		t.Errorf("duplicates removed %q, want one of %q", dups, exp.Document.NearDup)
	}
	kept := 0
	for _, s := range exp.Document.NearDup {
		if strings.Contains(doc.Text, s) {
			kept++
		}
	}
	if kept != 1 {
		t.Errorf("want one of the restated sentences kept, %d are", kept)
	}
}

func TestBoilerplateLines(t *testing.T) {
	for _, c := range []struct {
		line   string
		reason string
	}{
		{"Follow us on Facebook, Twitter and Instagram for the latest updates.", Boilerplate},
		{"Get the latest updates right in your inbox. Subscribe to our newsletters.", Boilerplate},
		{"Advertisement", Boilerplate},
		{"© 2023 Example Media Ltd. All rights reserved.", Boilerplate},
		{"By Jane Reporter", Byline},
		{"(Reporting by Asif Shahzad; Editing by Mark Heinrich)", Byline},
		{"Photo: Reuters/Mohammad Ismail", PhotoCredit},
		{"A soldier stands guard in Kabul. (AP Photo/Rahmat Gul)", PhotoCredit},
		{"ALSO READ: Pakistan, Russia discuss Afghanistan in Moscow", RelatedLink},
		{"Updated: Jan 05, 2023 10:32 IST", Timestamp},
		{"Image 1 of / 23", PhotoCredit},
		{"https://www.example.com/news/article/story-14848164.php", Boilerplate},
		{"View author archive", Boilerplate},
		// Reporting, not furniture.
		{"© Amazon The symptoms came on quickly. First it was hard to breathe, then dizzy spells came, and then the fever.", ""},
		{"Facebook and Twitter removed hundreds of accounts linked to the army, the companies said.", ""},
		{"By Friday, officials said, trucks were again crossing at the main border post.", ""},
		{"Watch groups said the vote had been marred by intimidation in several provinces.", ""},
		{"Related talks in Doha ended without agreement on Sunday, diplomats said.", ""},
		{"The ministry urged citizens to sign up for evacuation flights and to follow the embassy's advice on social media, including Twitter and Facebook, where updates would be posted daily for as long as the airport stayed open.", ""},
		{"Published reports said the minister had resigned.", ""},
	} {
		got := lineReason(c.line, false, 10)
		if got != c.reason {
			t.Errorf("%q: got %q, want %q", c.line, got, c.reason)
		}
	}
	if got := lineReason("Advertisement", false, 1); got != "" {
		t.Errorf("a one-line text is the text, got %q", got)
	}
}

func TestNavigation(t *testing.T) {
	text := "Home\nNews\nSports\nJobs\nTroops crossed the border on Monday, officials said.\n" +
		"The dead were named as:\nAhmed Khan\nBilal Shah\nJaved Iqbal\nOfficials said the talks would resume."
	doc := cleaned(text)
	want := "Troops crossed the border on Monday, officials said.\nThe dead were named as:\nAhmed Khan\nBilal Shah\nJaved Iqbal\nOfficials said the talks would resume."
	if doc.Text != want {
		t.Errorf("got:\n%s\nwant:\n%s\nremoved %+v", doc.Text, want, doc.Removed)
	}
}

func TestDuplicateSentences(t *testing.T) {
	for _, c := range []struct {
		name, text string
		removed    []string
	}{
		{"exact", "Police said the attackers fled into the hills. The army sent troops to the area. Police said the attackers fled into the hills.",
			[]string{"Police said the attackers fled into the hills."}},
		{"different numbers are different facts",
			"The attack killed 12 people and wounded 30 others in the market. The attack killed 14 people and wounded 30 others in the market.", nil},
		{"list items repeat with reason",
			"Breakfast: 1 cup oats, 1 banana.\nLunch: 1 cup rice, 1 banana.\nDinner: 1 cup oats, 1 banana.", nil},
		{"short sentences repeat by chance", "He said no. They asked again. He said no.", nil},
		{"unrelated", "The minister met the envoy in Moscow on Monday to discuss trade. The envoy left for Beijing on Tuesday after the talks with officials.", nil},
	} {
		doc := cleaned(c.text)
		var got []string
		for _, r := range doc.Removed {
			got = append(got, r.Text)
		}
		if !slices.Equal(got, c.removed) {
			t.Errorf("%s: removed %q, want %q", c.name, got, c.removed)
		}
	}
}

func TestApplyKeepsParagraphs(t *testing.T) {
	doc := &sitrep.Document{Text: "First one. Cut me.\nSecond para. Third.\nCut line\nLast."}
	i := strings.Index(doc.Text, "Cut me.")
	j := strings.Index(doc.Text, "Cut line")
	apply(doc, []cut{{Span: sitrep.Span{Start: j, End: j + 8}, reason: "x"}, {Span: sitrep.Span{Start: i, End: i + 7}, reason: "y"}})
	if want := "First one.\nSecond para. Third.\nLast."; doc.Text != want {
		t.Errorf("got %q, want %q", doc.Text, want)
	}
	if len(doc.Removed) != 2 || doc.Removed[0].Text != "Cut me." || doc.Removed[1].Text != "Cut line" {
		t.Errorf("removed %+v", doc.Removed)
	}
}

// stream runs docs through the cleaner's ordered source and its stage, as
// the pipeline does.
func stream(c *Cleaner, docs []*sitrep.Document) {
	src := func(yield func(*sitrep.Document, error) bool) {
		for _, d := range docs {
			if !yield(d, nil) {
				return
			}
		}
	}
	for d := range c.Source(src) {
		c.Annotate(d)
	}
}

func TestRepeatedLines(t *testing.T) {
	c := New()
	var docs []*sitrep.Document
	for i := range 6 {
		docs = append(docs, &sitrep.Document{
			ID: fmt.Sprintf("d%d", i), URL: fmt.Sprintf("https://www.example.com/story-%d", i),
			Text: fmt.Sprintf("Story %d reports a clash number %d in province %d between the army and rebels, with %d dead.\n"+
				"Officials in district %d said the road to the city was closed for a %d-hour curfew.\n"+
				"Example Daily is a member of the Independent Press Standards Organisation 2023", i, i*7, i*3, i+2, i*11, i+5),
		})
	}
	other := &sitrep.Document{ID: "o", URL: "https://other.example.org/x", Text: "The river rose by two metres overnight after heavy rain upstream.\nExample Daily is a member of the Independent Press Standards Organisation 2023"}
	docs = append(docs, other)
	stream(c, docs)
	for i, d := range docs[:6] {
		removed := len(d.Removed) == 1 && d.Removed[0].Reason == RepeatedLine
		if removed != (i >= repeatMin) {
			t.Errorf("doc %d: removed %+v", i, d.Removed)
		}
		if !strings.Contains(d.Text, "reports a clash") {
			t.Errorf("doc %d lost its story: %q", i, d.Text)
		}
	}
	if len(other.Removed) != 0 {
		t.Errorf("a line of one site is not boilerplate of another: %+v", other.Removed)
	}
}

func TestNearDuplicateDocuments(t *testing.T) {
	base := strings.Split(story, "\n")[:5]
	orig := strings.Join(base, "\n") + "\n" + strings.Join([]string{
		"The foreign ministry in Kyiv later published a list of the projects the two governments had agreed to fund, among them two power stations near the western border.",
		"Polish farmers, who had blocked several crossings for weeks in protest at cheap imports, said they would watch the new arrangements closely before lifting their blockades.",
		"Diplomats from both countries are expected to meet again in Brussels next month, ahead of a summit of European Union leaders at which the grain question is on the agenda.",
	}, "\n")
	// A syndicated copy: same story, a word changed, a different footer.
	copyText := strings.Replace(orig, "on Tuesday", "on Tuesday morning", 1) + "\nShare this article with your friends on WhatsApp and Telegram today!"
	unrelated := "Heavy rain flooded the lower town overnight and the river rose by two metres, forcing hundreds of families to leave their homes for shelters set up in schools.\nThe mayor said the water would take days to recede and asked residents to boil drinking water."
	docs := []*sitrep.Document{
		{ID: "a", Text: orig}, {ID: "b", Text: unrelated}, {ID: "c", Text: copyText}, {ID: "d", Text: orig},
	}
	stream(New(), docs)
	got := []string{docs[0].NearDuplicateOf, docs[1].NearDuplicateOf, docs[2].NearDuplicateOf, docs[3].NearDuplicateOf}
	if want := []string{"", "", "a", "a"}; !slices.Equal(got, want) {
		t.Errorf("near_duplicate_of = %q, want %q", got, want)
	}
}

func TestSiteOf(t *testing.T) {
	for _, c := range []struct {
		doc  sitrep.Document
		want string
	}{
		{sitrep.Document{URL: "https://www.Example.com/a/b"}, "example.com"},
		{sitrep.Document{Source: "crawl/site/page.html"}, "crawl/site"},
		{sitrep.Document{Source: "dump.jsonl:12"}, "dump.jsonl"},
		{sitrep.Document{Source: "crawl.warc.gz#3"}, "crawl.warc.gz"},
		{sitrep.Document{Source: "stdin"}, ""},
	} {
		if got := siteOf(&c.doc); got != c.want {
			t.Errorf("siteOf(%+v) = %q, want %q", c.doc, got, c.want)
		}
	}
}

// benchText is a 5 kB news-like text of distinct sentences, as most
// documents are.
func benchText() string {
	var b strings.Builder
	places := []string{"Kabul", "Islamabad", "Peshawar", "Quetta", "Lahore", "Karachi", "Kandahar"}
	for i := 0; b.Len() < 5000; i++ {
		fmt.Fprintf(&b, "Officials in %s said on day %d that %d people had been detained after the clashes near the market, and that talks would resume.", places[i%len(places)], i, i*3+1)
		if i%3 == 2 {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func BenchmarkClean(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	c := New()
	for b.Loop() {
		c.Annotate(&sitrep.Document{ID: "x", Text: text})
	}
}

// BenchmarkCleanRepeats cleans a text full of repeated sentences, which
// takes the tokenizer's sentence boundaries.
func BenchmarkCleanRepeats(b *testing.B) {
	text := strings.Repeat(story+"\n", 5)
	b.SetBytes(int64(len(text)))
	c := New()
	for b.Loop() {
		c.Annotate(&sitrep.Document{ID: "x", Text: text})
	}
}

// BenchmarkCorpus runs the ordered, corpus-level part on distinct documents.
func BenchmarkCorpus(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	c := newCorpus()
	i := 0
	for b.Loop() {
		i++
		c.add(&sitrep.Document{ID: fmt.Sprint(i), URL: "https://example.com/" + fmt.Sprint(i%50), Text: fmt.Sprint(i) + text})
	}
}

func BenchmarkSignature(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		docSignature(text)
	}
}

// The tokenizer's sentences of a long text are found a run of paragraphs at
// a time, as in the whole text.
func TestSentenceSpansChunked(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3*tokenizeChunk; i++ {
		fmt.Fprintf(&b, "Talks resumed in Geneva on day %d. Gen. Smith said so.\nA second line.\n\n", i)
	}
	text := b.String()
	_, sents := tokenize.Tokenize(text, nil, nil)
	got := sentenceSpans(text)
	if len(got) != len(sents) {
		t.Fatalf("%d sentences, want %d", len(got), len(sents))
	}
	for i, s := range sents {
		if got[i] != s.Span {
			t.Fatalf("sentence %d: %+v, want %+v", i, got[i], s.Span)
		}
	}
}
