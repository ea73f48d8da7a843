package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/sitrep-dev/sitrep"
)

// result is one item of a Read: a document or the error of an input.
type result struct {
	doc *sitrep.Document
	err error
}

func readAll(t *testing.T, opt Options, inputs ...string) []result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out []result
	for doc, err := range Read(ctx, inputs, opt) {
		out = append(out, result{doc, err})
	}
	if ctx.Err() != nil {
		t.Fatal("Read did not finish")
	}
	return out
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gz(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// wantFail checks that r is an input error naming input and saying reason.
func wantFail(t *testing.T, r result, input, reason string) {
	t.Helper()
	var ie *sitrep.InputError
	if !errors.As(r.err, &ie) {
		t.Fatalf("want an input error for %s (%s), got doc=%v err=%v", input, reason, r.doc != nil, r.err)
	}
	if !strings.Contains(ie.Input, input) || !strings.Contains(r.err.Error(), reason) {
		t.Errorf("error %q: want input %q and reason %q", r.err, input, reason)
	}
}

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		head string
		want kind
	}{
		{"", kindEmpty},
		{"  \n ", kindEmpty},
		{"\x1f\x8b\x08\x00", kindGzip},
		{"WARC/1.1\r\nWARC-Type: warcinfo", kindWARC},
		{`{"id": "a", "text": "x"}`, kindJSONL},
		{"{\"id\": \"a\", \"text\": \n", kindJSONL},
		{"{\n  \"about\": \"a reading\",\n  \"events\": []\n}", kindJSON},
		{"{\"about\": \"a reading\",\n \"events\": []}", kindJSON},
		{"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", kindFeed},
		{"<feed xmlns=\"http://www.w3.org/2005/Atom\">", kindFeed},
		{"<!-- saved page -->\n<!DOCTYPE html><html>", kindHTML},
		{"<div class=\"story\"><p>Text</p></div>", kindHTML},
		{"Islamabad: Pakistan said on Monday…", kindText},
		{"<b>not markup we know</b> and text", kindText},
		{"\xef\xbb\xbfPlain text after a BOM", kindText},
		{"\xff\xfeP\x00a\x00k\x00", kindText},
		{"ELF\x7f\x02\x01\x00\x00junk", kindBinary},
		{"<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">", kindXML},
	} {
		if got := sniff([]byte(c.head)); got != c.want {
			t.Errorf("sniff(%q) = %d, want %d", c.head, got, c.want)
		}
	}
}

func TestCharsets(t *testing.T) {
	want := "Café in Zürich — “quoted”"
	cp1252, err := charmap.Windows1252.NewEncoder().String(want)
	if err != nil {
		t.Fatal(err)
	}
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(want)
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(want)
	dir := t.TempDir()
	for name, data := range map[string]string{
		"utf8.txt": want, "bom.txt": "\xef\xbb\xbf" + want, "cp1252.txt": cp1252,
		"utf16le.txt": le, "utf16be.txt": be, "crlf.txt": strings.ReplaceAll(want+"\n", "\n", "\r\n"),
	} {
		res := readAll(t, DefaultOptions, write(t, dir, name, []byte(data)))
		if len(res) != 1 || res[0].err != nil {
			t.Fatalf("%s: %+v", name, res)
		}
		if got := res[0].doc.Text; strings.TrimSpace(got) != want {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
}

func TestInvalidUTF8(t *testing.T) {
	// Mostly UTF-8 with one stray Latin-1 byte: kept, repaired, reported.
	dir := t.TempDir()
	p := write(t, dir, "broken.txt", []byte("Zürich said on Monday\xe9 that talks would resume."))
	res := readAll(t, DefaultOptions, p)
	if len(res) != 1 || res[0].err != nil {
		t.Fatalf("%+v", res)
	}
	d := res[0].doc
	if !strings.Contains(d.Text, "Monday\uFFFD that") || len(d.Removed) != 1 || d.Removed[0].Reason != "invalid-utf8" {
		t.Errorf("text %q removed %+v", d.Text, d.Removed)
	}
}

func TestHTML(t *testing.T) {
	for _, ex := range []string{"agree", "auto", "fast", "native", "trafilatura", "trafilatura-fallback", "readability"} {
		t.Run(ex, func(t *testing.T) {
			opt := DefaultOptions
			opt.Extractor = ex
			testHTML(t, opt)
		})
	}
}

func testHTML(t *testing.T, opt Options) {
	res := readAll(t, opt, "testdata/article.html")
	if len(res) != 1 || res[0].err != nil {
		t.Fatalf("%+v", res)
	}
	d := res[0].doc
	if d.Title != "Ministers meet in Kabul" || d.Author != "Jane Reporter" || d.Lang != "en" ||
		d.URL != "https://news.example.com/2023/01/ministers-meet-kabul" || d.Format != "html" {
		t.Errorf("metadata: %+v", d)
	}
	if got := d.Date.Format(time.RFC3339); got != "2023-01-05T10:32:00+05:30" || !d.DateHasTime {
		t.Errorf("date %s (has time %v), want 2023-01-05T10:32:00+05:30", got, d.DateHasTime)
	}
	if !strings.HasPrefix(d.Text, "Pakistan's minister of state") && !strings.HasPrefix(d.Text, "Ministers meet in Kabul") {
		t.Errorf("body starts %q", d.Text[:min(80, len(d.Text))])
	}
	for _, bad := range []string{"Home", "Privacy", "All rights reserved"} {
		if strings.Contains(d.Text, bad) {
			t.Errorf("body keeps page furniture %q:\n%s", bad, d.Text)
		}
	}
	if n := strings.Count(d.Text, "\n"); n < 3 {
		t.Errorf("want a paragraph per line, got %d lines:\n%s", n+1, d.Text)
	}
}

func TestHTMLGzipAndLatin1(t *testing.T) {
	page, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	latin := strings.Replace(string(page), `charset="utf-8"`, `charset="iso-8859-1"`, 1)
	latin = strings.Replace(latin, "cordial atmosphere", "cordial atmosphère", 1)
	enc, _ := charmap.ISO8859_1.NewEncoder().String(latin)
	dir := t.TempDir()
	p := write(t, dir, "page.gz", gz(t, []byte(enc)))
	res := readAll(t, DefaultOptions, p)
	if len(res) != 1 || res[0].err != nil {
		t.Fatalf("%+v", res)
	}
	if !strings.Contains(res[0].doc.Text, "cordial atmosphère") {
		t.Errorf("Latin-1 page in gzip not decoded:\n%s", res[0].doc.Text)
	}
}

func TestFeed(t *testing.T) {
	res := readAll(t, DefaultOptions, "testdata/feed.xml")
	if len(res) != 2 || res[0].err != nil || res[1].err != nil {
		t.Fatalf("%+v", res)
	}
	a, b := res[0].doc, res[1].doc
	if a.Text != "The two sides agreed to a ceasefire on Thursday.\nTalks will resume next week." {
		t.Errorf("item 1 text %q", a.Text)
	}
	if a.URL != "https://news.example.com/ceasefire" || a.Title != "Ceasefire agreed" || a.Lang != "en" || a.Format != "feed" {
		t.Errorf("item 1 %+v", a)
	}
	if got := a.Date.Format(time.RFC3339); got != "2023-01-05T10:32:00+05:30" {
		t.Errorf("item 1 date %s", got)
	}
	if b.ID != "https://news.example.com/protest" || b.Text != "Thousands marched in the capital on Friday." {
		t.Errorf("item 2 %+v", b)
	}
}

func TestJSONL(t *testing.T) {
	page, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	html := strings.ReplaceAll(string(page), `"`, `\"`)
	html = strings.ReplaceAll(html, "\n", `\n`)
	lines := strings.Join([]string{
		`{"id": "t1", "text": "Troops crossed the border.", "date": "2023-01-05"}`,
		`{"id": "h1", "html": "` + html + `", "url": "https://x.example/a", "date": "2023-01-05T08:00:00Z"}`,
		`{"id": "bad", "text": `,
		`{"id": "nothing"}`,
		``,
		`{"text": "No id given.", "date": "yesterday"}`,
		`{"text": "No id at all."}`,
	}, "\n")
	dir := t.TempDir()
	p := write(t, dir, "in.jsonl", []byte(lines))
	res := readAll(t, DefaultOptions, p)
	if len(res) != 6 {
		t.Fatalf("want 6 results, got %d: %+v", len(res), res)
	}
	if d := res[0].doc; d == nil || d.ID != "t1" || d.Text != "Troops crossed the border." || d.DateHasTime || d.Date.Format(time.DateOnly) != "2023-01-05" {
		t.Errorf("line 1: %+v", res[0])
	}
	if d := res[1].doc; d == nil || d.ID != "h1" || d.URL != "https://x.example/a" || !strings.Contains(d.Text, "cordial atmosphere") || d.Title != "Ministers meet in Kabul" {
		t.Errorf("line 2: %+v", res[1])
	}
	wantFail(t, res[2], "in.jsonl:3", "not a JSON document")
	wantFail(t, res[3], "in.jsonl:4", `neither "text" nor "html"`)
	wantFail(t, res[4], "in.jsonl:6", "date")
	if d := res[5].doc; d == nil || len(d.ID) != 16 {
		t.Errorf("line 7 wants a content-hash id: %+v", res[5])
	}
}

func TestPrettyJSON(t *testing.T) {
	dir := t.TempDir()
	doc := write(t, dir, "doc.json", []byte("{\n  \"id\": \"p1\",\n  \"text\": \"Troops crossed the border.\"\n}\n"))
	other := write(t, dir, "reading.json", []byte("{\n  \"about\": \"a hand-coded reading\",\n  \"events\": []\n}\n"))
	res := readAll(t, DefaultOptions, doc, other)
	if len(res) != 2 {
		t.Fatalf("want one result per file, got %d: %+v", len(res), res)
	}
	if d := res[0].doc; d == nil || d.ID != "p1" || d.Text != "Troops crossed the border." {
		t.Errorf("pretty-printed document: %+v", res[0])
	}
	wantFail(t, res[1], "reading.json", "no document")
}

// warcRecord builds one uncompressed WARC record.
func warcRecord(typ, uri, block string) string {
	return fmt.Sprintf("WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: 2023-01-06T09:00:00Z\r\n"+
		"WARC-Target-URI: %s\r\nContent-Type: application/http; msgtype=%s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
		typ, fakeUUID(uri+typ), uri, typ, len(block), block)
}

func fakeUUID(s string) string {
	var b [16]byte
	copy(b[:], s+"0123456789abcdef")
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func warcRecords(t *testing.T) []string {
	t.Helper()
	page := mustRead(t, "testdata/article.html")
	return []string{
		warcRecord("request", "https://news.example.com/a", "GET /a HTTP/1.1\r\nHost: news.example.com\r\n\r\n"),
		warcRecord("response", "https://news.example.com/a", "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"+string(page)),
		warcRecord("response", "https://news.example.com/logo.png", "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"),
	}
}

func warcFile(t *testing.T) string { return strings.Join(warcRecords(t), "") }

func TestWARC(t *testing.T) {
	dir := t.TempDir()
	plain := write(t, dir, "crawl.warc", []byte(warcFile(t)))
	// A WARC.gz compresses each record as its own gzip member.
	var members []byte
	for _, rec := range warcRecords(t) {
		members = append(members, gz(t, []byte(rec))...)
	}
	zipped := write(t, dir, "crawl.warc.gz", members)
	for _, p := range []string{plain, zipped} {
		res := readAll(t, DefaultOptions, p)
		if len(res) != 1 || res[0].err != nil {
			t.Fatalf("%s: want the one HTML response, got %+v", p, res)
		}
		d := res[0].doc
		if d.Format != "warc" || d.ID != "https://news.example.com/a" || !strings.Contains(d.Text, "cordial atmosphere") || !strings.HasSuffix(d.Source, "#2") {
			t.Errorf("%s: %+v", p, d)
		}
		if got := d.Date.Format(time.RFC3339); got != "2023-01-05T10:32:00+05:30" {
			t.Errorf("%s: the page's date should win over the capture date, got %s", p, got)
		}
	}
}

// Bad inputs: each is named with its reason, and reading goes on with the
// next input.
func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	good := write(t, dir, "good.txt", []byte("Troops crossed the border on Monday."))
	junk := make([]byte, 64<<10)
	rand.Read(junk)
	page, _ := os.ReadFile("testdata/article.html")
	gzPage := gz(t, page)
	warc := warcFile(t)
	cut := strings.Index(warc, "cordial")
	jsonlGz := gz(t, bytes.Repeat([]byte(`{"id": "x", "text": "Troops crossed the border on Monday."}`+"\n"), 2000))
	cases := []struct {
		name   string
		data   []byte
		reason string
	}{
		{"junk.bin", junk, "binary"},
		{"empty.txt", nil, "empty"},
		{"blank.txt", []byte(" \n\t\n"), "empty"},
		{"truncated.html.gz", gzPage[:len(gzPage)/2], "truncated"},
		{"truncated.warc", []byte(warc[:cut]), "truncated"},
		{"truncated.warc.gz", gz(t, []byte(warc))[:len(gz(t, []byte(warc)))*2/3], "truncated"},
		{"truncated.jsonl.gz", jsonlGz[:len(jsonlGz)-40], "truncated"},
		{"noarticle.html", mustRead(t, "testdata/noarticle.html"), "no article"},
		{"wide.html", []byte("<html><body>" + strings.Repeat("<p>word</p>", 60000) + "</body></html>"), "HTML nodes"},
		{"deep.html", []byte("<html><body>" + strings.Repeat("<div>", 5000) + "<p>Text.</p></body></html>"), "HTML"},
		{"empty-feed.xml", mustRead(t, "testdata/empty-feed.xml"), "no items"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := write(t, dir, c.name, c.data)
			res := readAll(t, DefaultOptions, p, good)
			if len(res) < 2 {
				t.Fatalf("want an error and the good document, got %+v", res)
			}
			wantFail(t, res[len(res)-2], c.name, c.reason)
			if last := res[len(res)-1]; last.err != nil || last.doc.Source != good {
				t.Errorf("the run did not go on: %+v", last)
			}
		})
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A file past the document limit fails without being read whole: the
// limit is lowered so the test stays small, and a 200 MB sparse file under
// the default limit costs one read of the limit.
func TestHugeFile(t *testing.T) {
	dir := t.TempDir()
	text := bytes.Repeat([]byte("Troops crossed the border on Monday. "), 60000) // 2.2 MB
	p := write(t, dir, "big.txt", text)
	res := readAll(t, Options{MaxBytes: 1 << 20}, p)
	if len(res) != 1 {
		t.Fatalf("%+v", res)
	}
	wantFail(t, res[0], "big.txt", "larger than")

	huge := filepath.Join(dir, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(text[:8192])
	if err := f.Truncate(200 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res = readAll(t, DefaultOptions, huge)
	if len(res) != 1 {
		t.Fatalf("%+v", res)
	}
	wantFail(t, res[0], "huge.txt", "")
}

func TestDirectory(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "1.txt", []byte("First story."))
	write(t, sub, "2.txt.gz", gz(t, []byte("Second story.")))
	if err := os.Symlink(filepath.Join(dir, "gone.txt"), filepath.Join(dir, "3-dangling.txt")); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "logo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	write(t, sub, "style.css", []byte("body { color: red }"))
	locked := write(t, dir, "4-locked.txt", []byte("Locked story."))
	os.Chmod(locked, 0)
	res := readAll(t, DefaultOptions, dir)
	var texts, failed []string
	for _, r := range res {
		if r.err != nil {
			failed = append(failed, r.err.Error())
			continue
		}
		texts = append(texts, r.doc.Text)
	}
	if got := strings.Join(texts, "|"); got != "First story.|Second story." && got != "First story.|Locked story.|Second story." {
		t.Errorf("texts %q", texts)
	}
	if len(failed) == 0 || !strings.Contains(failed[0], "3-dangling.txt") {
		t.Errorf("want the dangling link named: %q", failed)
	}
	if os.Geteuid() != 0 && (len(failed) != 2 || !strings.Contains(failed[1], "4-locked.txt")) {
		t.Errorf("want the unreadable file named: %q", failed)
	}
}

func TestStopEarly(t *testing.T) {
	dir := t.TempDir()
	var inputs []string
	for i := range 50 {
		inputs = append(inputs, write(t, dir, fmt.Sprintf("%d.html", i), mustRead(t, "testdata/article.html")))
	}
	n := 0
	for range Read(context.Background(), inputs, DefaultOptions) {
		if n++; n == 3 {
			break
		}
	}
	if n != 3 {
		t.Fatal(n)
	}
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2023-01-05T10:32:00+05:30", "2023-01-05T10:32:00+05:30"},
		{"2023-01-05T10:32:00Z", "2023-01-05T10:32:00Z"},
		{"2023-01-05T10:32:00.123-0500", "2023-01-05T10:32:00-05:00"},
		{"Thu, 05 Jan 2023 10:32:00 +0530", "2023-01-05T10:32:00+05:30"},
		{"2023-01-05T10:32:00", "2023-01-05T10:32:00 unknown"},
		{"2023-01-05", "2023-01-05 day"},
	} {
		tm, hasTime, ok := ParseDate(c.in)
		got := tm.Format(time.RFC3339)
		switch {
		case !ok:
			got = "fail"
		case !hasTime:
			got = tm.Format(time.DateOnly) + " day"
		case tm.Location() == sitrep.UnknownZone:
			got = tm.Format("2006-01-02T15:04:05") + " unknown"
		}
		if got != c.want {
			t.Errorf("ParseDate(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestStripRaw(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<p>a</p><script>var x = "</p>";</SCRIPT><p>b</p>`, `<p>a</p><script></SCRIPT><p>b</p>`},
		{`<style type="text/css">p{}</style><p>b</p>`, `<style type="text/css"></style><p>b</p>`},
		{`<script type="application/ld+json">{"a":1}</script>`, `<script type="application/ld+json">{"a":1}</script>`},
		{`<scripts>kept</scripts><p>b</p>`, `<scripts>kept</scripts><p>b</p>`},
		{`<p>a</p><script>never closed`, `<p>a</p><script>never closed`},
		{`no markup`, `no markup`},
	} {
		if got := string(stripRaw([]byte(c.in))); got != c.want {
			t.Errorf("stripRaw(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStdin(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = old }()
	go func() {
		zw := gzip.NewWriter(w)
		zw.Write([]byte("{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": \"b\", \"text\": \"Two.\"}\n"))
		zw.Close()
		w.Close()
	}()
	res := readAll(t, DefaultOptions, "-")
	if len(res) != 2 || res[0].err != nil || res[1].doc.ID != "b" || res[0].doc.Source != "stdin:1" {
		t.Fatalf("%+v", res)
	}
}

func TestNative(t *testing.T) {
	para := "<p>Officials said on Monday that the talks, which began last week in the capital, would resume after a pause of several days.</p>"
	for _, c := range []struct {
		name, page string
		want       []string
		not        []string
	}{
		{"article and furniture",
			`<body><div class="menu"><a href="/">Home</a> <a href="/w">World</a></div><div class="story-body">` + strings.Repeat(para, 4) +
				`<span style="display: none">2019-11-19T08:57:40+01:00</span></div><div class="related-links"><p>Other story, with a long enough headline to count as text.</p></div></body>`,
			[]string{"Officials said on Monday"}, []string{"Home", "2019-11-19", "Other story"}},
		{"article inside a wrapper named like furniture",
			`<body><div class="theiaStickySidebar"><div class="entry">` + strings.Repeat(para, 6) + `</div></div></body>`,
			[]string{"Officials said on Monday"}, nil},
		{"article cut in blocks by a figure",
			`<body><div class="page"><div class="block"><div class="content">` + strings.Repeat(para, 5) + `</div></div>` +
				`<figure><figcaption>A figure between the blocks.</figcaption></figure>` +
				`<div class="block"><div class="content">` + strings.Repeat(strings.Replace(para, "Officials", "Diplomats", 1), 4) + `</div></div></div>` +
				`<div class="sidebar"><p>Most read: a list of other stories with long enough titles.</p></div></body>`,
			[]string{"Officials said on Monday", "Diplomats said on Monday"}, []string{"A figure between", "Most read"}},
		{"paragraphs as divs",
			`<body><section class="article">` + strings.ReplaceAll(strings.Repeat(para, 4), "p>", "div>") + `</section></body>`,
			[]string{"Officials said on Monday"}, nil},
	} {
		root, err := html.Parse(strings.NewReader(c.page))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := nativeText(root)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q missing from %q", c.name, w, got)
			}
		}
		for _, w := range c.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q kept in %q", c.name, w, got)
			}
		}
	}
}

func TestMetaFallbacks(t *testing.T) {
	page := `<html><body><article><p class="byline">By <span class="author-name">Jane Doe</span></p>` +
		`<p>Troops crossed the border on Monday, officials said, and the talks that had been planned for the week were put off.</p>` +
		`<p>The ministry said in a statement that it would not comment further on the movements of its forces near the frontier.</p>` +
		`<p>Diplomats from both sides are expected to meet next month in a neutral country, two officials said on Tuesday.</p>` +
		`</article></body></html>`
	for _, ex := range []string{"agree", "auto", "fast"} {
		doc, err := ParseHTML([]byte(page), "https://news.example.com/world/2023/01/05/troops-cross/", Options{MaxBytes: 1 << 20, Extractor: ex})
		if err != nil {
			t.Fatal(ex, err)
		}
		if doc.Author != "Jane Doe" || doc.Lang != "en" || doc.Date.Format(time.DateOnly) != "2023-01-05" || doc.DateHasTime {
			t.Errorf("%s: author %q lang %q date %v (has time %v)", ex, doc.Author, doc.Lang, doc.Date, doc.DateHasTime)
		}
	}
}

// A WARC record with a bad Content-Length fails alone, named, and reading
// goes on at the next record: a negative length once read the rest of the
// file as its block, storing the next records' headers as article text.
func TestWARCBadRecord(t *testing.T) {
	page := string(mustRead(t, "testdata/article.html"))
	resp := func(uri string) string {
		return warcRecord("response", uri, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"+page)
	}
	withLength := func(rec, length string) string {
		i := strings.Index(rec, "Content-Length: ")
		j := i + strings.Index(rec[i:], "\r\n")
		return rec[:i] + "Content-Length: " + length + rec[j:]
	}
	a, b, c := resp("https://news.example.com/a"), resp("https://news.example.com/b"), resp("https://news.example.com/c")
	dir := t.TempDir()
	for _, tc := range []struct {
		name, data, reason string
	}{
		{"negative.warc", a + withLength(b, "-5") + c, "Content-Length"},
		{"letters.warc", a + withLength(b, "12ab") + c, "Content-Length"},
		{"missing.warc", a + strings.Replace(b, "Content-Length", "X-Length", 1) + c, "Content-Length"},
		{"short.warc", a + withLength(b, "100") + c, "Content-Length"},
		// Too large: the length runs into record c, or past the end.
		{"long.warc", a + withLength(b, strconv.Itoa(blockLen(b)+len(c)/2)) + c, "Content-Length"},
		{"past-end.warc", a + withLength(b, strconv.Itoa(blockLen(b)+len(c)+1000)) + c, "Content-Length"},
		{"garbage.warc", a + "WARC/1.1\r\nthis is no header\r\nand the block\r\n\r\n" + c, "WARC"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, p := range []string{write(t, dir, tc.name, []byte(tc.data)), write(t, dir, tc.name+".gz", gz(t, []byte(tc.data)))} {
				res := readAll(t, DefaultOptions, p)
				if len(res) != 3 {
					t.Fatalf("%s: want a, a failure, c; got %d results: %+v", p, len(res), res)
				}
				if d := res[0].doc; d == nil || d.ID != "https://news.example.com/a" || strings.Contains(d.Text, "WARC") {
					t.Errorf("%s: record 1: %+v", p, res[0])
				}
				wantFail(t, res[1], filepath.Base(p)+"#2", tc.reason)
				if d := res[2].doc; d == nil || d.ID != "https://news.example.com/c" || !strings.HasSuffix(d.Source, "#3") {
					t.Errorf("%s: record 3 lost: %+v", p, res[2])
				}
			}
		})
	}
}

// blockLen is the block length a record of warcRecord's says.
func blockLen(rec string) int {
	i := strings.Index(rec, "Content-Length: ") + len("Content-Length: ")
	n, _ := strconv.Atoi(rec[i : i+strings.Index(rec[i:], "\r\n")])
	return n
}

// A JSONL line over the document limit is skipped and named; the lines after
// it are read (they were all lost).
func TestJSONLLongLine(t *testing.T) {
	long := `{"id": "long", "text": "` + strings.Repeat("Troops crossed the border. ", 100_000) + `"}`
	lines := strings.Join([]string{
		`{"id": "a", "text": "Troops crossed the border."}`,
		long,
		`{"id": "b", "text": "Talks resumed on Friday."}`,
		long + long,
		`{"id": "c", "text": "The ceasefire held."}`,
	}, "\n")
	dir := t.TempDir()
	for _, p := range []string{write(t, dir, "in.jsonl", []byte(lines)), write(t, dir, "in.jsonl.gz", gz(t, []byte(lines)))} {
		res := readAll(t, Options{MaxBytes: 2 << 20}, p)
		if len(res) != 5 {
			t.Fatalf("%s: want 5 results, got %d: %+v", p, len(res), res)
		}
		for i, id := range map[int]string{0: "a", 2: "b", 4: "c"} {
			if d := res[i].doc; d == nil || d.ID != id {
				t.Errorf("%s: result %d: want document %s, got %+v", p, i, id, res[i])
			}
		}
		wantFail(t, res[1], filepath.Base(p)+":2", "longer than the 2 MiB document limit")
		wantFail(t, res[3], filepath.Base(p)+":4", "longer than the 2 MiB document limit")
	}
}

// A feed broken after some items keeps the items before the break, then
// names the error (the whole feed was lost).
func TestFeedBroken(t *testing.T) {
	feed := string(mustRead(t, "testdata/feed.xml"))
	second := strings.Index(feed, "<title>Protest")
	dir := t.TempDir()
	for name, data := range map[string]string{
		"truncated.xml": feed[:second+40],
		"badtag.xml":    strings.Replace(feed, "Thousands marched", "Thousands <b marched", 1),
		"rdf.xml": `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">` +
			`<channel><title>T</title></channel><item><title>A</title><link>https://e.com/a</link><description>The two sides agreed to a ceasefire on Thursday.</description></item>` +
			`<item><title>B</title><description>Thousands <b marched.</description></item></rdf:RDF>`,
		"atom.xml": `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>` +
			`<entry><title>A</title><id>https://e.com/a</id><content type="html">The two sides agreed to a ceasefire on Thursday.</content></entry>` +
			`<entry><title>B</title><id>https://e.com/b</id><content>Thousands marched`,
	} {
		t.Run(name, func(t *testing.T) {
			p := write(t, dir, name, []byte(data))
			res := readAll(t, DefaultOptions, p)
			if len(res) != 2 {
				t.Fatalf("want the first item and the error, got %d results: %+v", len(res), res)
			}
			if d := res[0].doc; d == nil || d.Text != "The two sides agreed to a ceasefire on Thursday." && !strings.HasPrefix(d.Text, "The two sides agreed to a ceasefire on Thursday.\n") {
				t.Errorf("item 1: %+v", res[0])
			}
			wantFail(t, res[1], name, "XML syntax error")
		})
	}
}

// A file in two encodings is decoded part by part and says so in Removed; one
// that reads only as Windows-1252 mojibake of UTF-16 is refused, not stored
// as garbage.
func TestMixedEncodings(t *testing.T) {
	first, second := "Troops crossed the border on Monday.\n", "Talks resumed in Zürich on Friday."
	le := func(s string) string {
		b, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(s)
		return b
	}
	be := func(s string) string {
		b, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(s)
		return b
	}
	long := strings.Repeat("The ministers met again in the capital. ", 120) + "\n" // past the sniffed head
	dir := t.TempDir()
	for name, c := range map[string]struct{ data, text, note string }{
		"utf16le-utf8.txt": {le(first) + second, first + second, "UTF-16LE up to byte 76 and UTF-8 after it"},
		"utf16be-utf8.txt": {be(first) + second, first + second, "UTF-16BE up to byte 76 and UTF-8 after it"},
		"utf8-utf16le.txt": {first + le(second), first + second, "UTF-8 up to byte 37 and UTF-16LE after it"},
		"utf16-nobom.txt":  {long + le(second)[2:], long + second, "NUL bytes"},
	} {
		t.Run(name, func(t *testing.T) {
			res := readAll(t, DefaultOptions, write(t, dir, name, []byte(c.data)))
			if len(res) != 1 || res[0].err != nil {
				t.Fatalf("%d results, error %v", len(res), res[0].err)
			}
			d := res[0].doc
			if d.Text != strings.TrimRight(c.text, "\n") {
				t.Errorf("text %q, want %q", d.Text, c.text)
			}
			if len(d.Removed) != 1 || d.Removed[0].Reason != "mixed-encoding" || !strings.Contains(d.Removed[0].Text, c.note) {
				t.Errorf("removed %+v, want a mixed-encoding note %q", d.Removed, c.note)
			}
		})
	}
	// UTF-16 without a byte-order mark in a script whose code units hold no
	// control bytes reads as Windows-1252 mojibake.
	var b strings.Builder
	for i := range 200 {
		b.WriteRune(rune(0x4E30 + i%200))
	}
	cjk := le(b.String())[2:]
	res := readAll(t, DefaultOptions, write(t, dir, "cjk.txt", []byte(cjk)))
	if len(res) != 1 {
		t.Fatalf("%+v", res)
	}
	wantFail(t, res[0], "cjk.txt", "UTF-16 without a byte-order mark")
}

// A short page is an article whatever character it ends in: one that ended
// in a non-ASCII character was refused as having no article.
func TestHTMLShortEndings(t *testing.T) {
	dir := t.TempDir()
	for i, end := range []string{".", ". é", ".…", ".»", " …", "。", "! ✓"} {
		body := "The minister met the delegation in the capital on Monday. The talks ended without an agreement" + end
		p := write(t, dir, fmt.Sprintf("%d.html", i), []byte("<html><body><p>"+body+"</p></body></html>"))
		res := readAll(t, DefaultOptions, p)
		if len(res) != 1 || res[0].err != nil || res[0].doc.Text != body {
			t.Errorf("ending %q: %+v", end, res)
		}
	}
}

// Columns may map only the contract's fields.
func TestCheckColumns(t *testing.T) {
	if err := CheckColumns(map[string]string{"text": "body", "date": "published"}); err != nil {
		t.Errorf("text and date: %v", err)
	}
	err := CheckColumns(map[string]string{"body": "text"})
	if err == nil || err.Error() != "body=…: no such field; the fields are id, url, title, date, text, html" {
		t.Errorf("body: %v", err)
	}
}

// A CSV or TSV file with a header is read a document per row, its columns
// mapped to the contract's fields (Options.Columns maps other names); one
// that has no text column is refused with a message. The Wikinews CSV was
// read as one undated document.
func TestCSV(t *testing.T) {
	dir := t.TempDir()
	csvText := "url,date,title,text\n" +
		"https://e.com/a,2019-01-04,\"Blast, dozens dead\",\"Friday, January 4, 2019\n\nAn apartment building collapsed on Monday in Magnitogorsk.\"\n" +
		"https://e.com/b,2019-01-05,Second,Talks resumed on Saturday.\n" +
		"https://e.com/c,someday,Third,Bad date.\n" +
		"https://e.com/d,2019-01-06,Fourth,\"\"\n"
	tsv := "id\ttext\tdate\nt1\tTroops crossed the border.\t2020-02-01\n"
	mapped := "link;headline;body\n"
	for name, c := range map[string]struct {
		data    string
		columns map[string]string
		want    []string // ids, or "!reason" for a failure
	}{
		"news.csv":    {csvText, nil, []string{"https://e.com/a", "https://e.com/b", "!date", "!neither"}},
		"news.csv.gz": {csvText, nil, []string{"https://e.com/a", "https://e.com/b", "!date", "!neither"}},
		"noext":       {csvText, nil, []string{"https://e.com/a", "https://e.com/b", "!date", "!neither"}},
		"news.tsv":    {tsv, nil, []string{"t1"}},
		"mapped.csv":  {"link,headline,body\nhttps://e.com/m,Headline,Body text here.\n", map[string]string{"url": "link", "title": "headline", "text": "body"}, []string{"https://e.com/m"}},
		"notext.csv":  {"url,date,title\nhttps://e.com/a,2019-01-04,T\n", nil, []string{"!no text or html column"}},
		"semi.csv":    {mapped + "x;y;z\n", nil, []string{"!no text or html column"}},
	} {
		t.Run(name, func(t *testing.T) {
			data := []byte(c.data)
			if strings.HasSuffix(name, ".gz") {
				data = gz(t, data)
			}
			res := readAll(t, Options{MaxBytes: 1 << 20, Columns: c.columns}, write(t, dir, name, data))
			if len(res) != len(c.want) {
				t.Fatalf("%d results, want %d: %+v", len(res), len(c.want), res)
			}
			for i, w := range c.want {
				if reason, ok := strings.CutPrefix(w, "!"); ok {
					wantFail(t, res[i], name, reason)
					continue
				}
				if d := res[i].doc; d == nil || d.ID != w || d.Format != "csv" {
					t.Errorf("row %d: %+v, want document %s", i, res[i], w)
				}
			}
		})
	}
	res := readAll(t, Options{MaxBytes: 1 << 20}, write(t, dir, "a.csv", []byte(csvText)))
	d := res[0].doc
	if d.Title != "Blast, dozens dead" || d.Date.Format(time.DateOnly) != "2019-01-04" || !strings.HasPrefix(d.Text, "Friday, January 4, 2019\n\nAn apartment") || !strings.HasSuffix(d.Source, "a.csv:2") {
		t.Errorf("first row: %+v", d)
	}
	if s := res[1].doc.Source; !strings.HasSuffix(s, "a.csv:5") {
		t.Errorf("second row named %s, want a.csv:5 (the line it starts on)", s)
	}
	// Plain text whose first line has commas is still text.
	res = readAll(t, DefaultOptions, write(t, dir, "story.txt", []byte("Friday, January 4, 2019\n\nAn apartment building collapsed.")))
	if len(res) != 1 || res[0].doc == nil || res[0].doc.Format != "text" {
		t.Errorf("text with commas: %+v", res)
	}
}

// BytesRead counts what Read reads of the inputs, and Size says how much
// that is in all.
func TestBytesRead(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", []byte("Troops crossed the border on Monday."))
	write(t, dir, "b.jsonl.gz", gz(t, []byte(`{"id": "x", "text": "Talks resumed."}`+"\n")))
	write(t, dir, "style.css", []byte("body {}"))
	one := write(t, t.TempDir(), "c.txt", []byte("A third story."))
	var n atomic.Int64
	res := readAll(t, Options{MaxBytes: 1 << 20, BytesRead: &n}, dir, one)
	if len(res) != 3 {
		t.Fatalf("%+v", res)
	}
	if total := Size([]string{dir, one}); n.Load() != total || total == 0 {
		t.Errorf("read %d bytes, Size %d", n.Load(), total)
	}
	if Size([]string{one, "-"}) != -1 {
		t.Error("the size of stdin is known")
	}
}
