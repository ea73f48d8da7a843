package geo

import (
	"bytes"
	_ "embed"
	"flag"
	"os"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// gazetteerTSV is the gazetteer as ./gen writes it, which the image is built
// from.
//
//go:embed data/gazetteer.tsv.gz
var gazetteerTSV []byte

var update = flag.Bool("update", false, "rewrite data/gazetteer.img.zst from data/gazetteer.tsv.gz")

// TestImage checks that the embedded image is the index loadTSV builds from the
// embedded TSV, and with -update writes it.
func TestImage(t *testing.T) {
	g, err := loadTSV(bytes.NewReader(gazetteerTSV))
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := g.writeImage(&want); err != nil {
		t.Fatal(err)
	}
	if *update {
		var z bytes.Buffer
		zw, err := zstd.NewWriter(&z, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
		if err != nil {
			t.Fatal(err)
		}
		zw.Write(want.Bytes())
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("data/gazetteer.img.zst", z.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote data/gazetteer.img.zst: %d bytes, %d uncompressed", z.Len(), want.Len())
		return
	}
	zr, err := zstd.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	got, err := zr.DecodeAll(image, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatal("data/gazetteer.img.zst is not the image of data/gazetteer.tsv.gz: go test ./geo -run TestImage -update")
	}
	// What the image gives is what the TSV gives.
	h, err := readImage(image)
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := h.writeImage(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), want.Bytes()) {
		t.Error("the image read back writes another image")
	}
}

func TestLookupAllocs(t *testing.T) {
	g := gaz(t)
	buf := []byte("kabul")
	if n := testing.AllocsPerRun(100, func() { lookup(g, buf) }); n != 0 {
		t.Errorf("lookup of a []byte: %v allocations, want 0", n)
	}
	if _, ok := lookup(g, buf); !ok || !g.word("mobile") || g.word("kabul") {
		t.Error("kabul not found, or mobile not a word, or kabul a word")
	}
}

// BenchmarkImage reports the load time of the embedded image and the heap
// the gazetteer keeps.
func BenchmarkImage(b *testing.B) {
	benchmarkLoad(b, func() (*Gazetteer, error) { return readImage(image) })
}
