package wordclass

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

func TestLookup(t *testing.T) {
	if err := Err(); err != nil {
		t.Fatal(err)
	}
	if n := size(); n < 100000 {
		t.Fatalf("only %d words", n)
	}
	kabul, ok1 := Lookup([]byte("kabul"))
	kandahar, ok2 := Lookup([]byte("kandahar"))
	the, ok3 := Lookup([]byte("the"))
	if !ok1 || !ok2 || !ok3 {
		t.Fatal("common words missing")
	}
	// Two Afghan cities share more of their path than a city and "the".
	shared := func(a, b Class) int {
		n := 0
		for n < a.Depth() && n < b.Depth() && a.Prefix(n+1) == b.Prefix(n+1) {
			n++
		}
		return n
	}
	if shared(kabul, kandahar) <= shared(kabul, the) {
		t.Errorf("kabul %b, kandahar %b, the %b: Afghan cities not closer", kabul, kandahar, the)
	}
	if _, ok := Lookup([]byte("qzxvvbnonword")); ok {
		t.Error("nonsense word has a class")
	}
}

func TestPrefix(t *testing.T) {
	c := Class(0b1_0110)
	if c.Depth() != 4 || c.Prefix(2) != 0b1_01 || c.Prefix(9) != c || Class(1).Prefix(3) != 1 {
		t.Errorf("depth %d prefix2 %b", c.Depth(), c.Prefix(2))
	}
}

func BenchmarkLookup(b *testing.B) {
	words := [][]byte{[]byte("the"), []byte("minister"), []byte("kabul"), []byte("xyzzyq")}
	size()
	b.ResetTimer()
	for i := range b.N {
		Lookup(words[i&3])
	}
}

// size is the number of words with a class.
func size() int {
	loadOnce.Do(load)
	return len(classes)
}

// TestHashes checks that the table's words have as many hashes as they are
// words: no two share one (see classes).
func TestHashes(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(classesGz))
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if _, ws, ok := strings.Cut(sc.Text(), "\t"); ok && !strings.HasPrefix(sc.Text(), "#") {
			for w := range strings.FieldsSeq(ws) {
				words[w] = true
			}
		}
	}
	if n := size(); n != len(words) {
		t.Errorf("%d words, %d hashes", len(words), n)
	}
}
