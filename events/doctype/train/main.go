// Command train rebuilds the embedded document-type model from the NGEC
// synthetic PLOVER stories:
//
//	go run ./events/doctype/train ../shared/data/ngec-synthetic/gpt_synthetic_events_2023-10-19_19.csv.zip
//
// Every fifth story (by row order) is held out and never trained on; the
// held-out accuracy is printed and stored in the model's meta line.
package main

import (
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/sitrep-dev/sitrep/events/doctype"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: train STORIES.csv.zip")
		os.Exit(2)
	}
	train, test, err := doctype.ReadNGEC(os.Args[1], os.Getenv("BY_TITLE") != "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
	m := doctype.Train(train, 8)
	acc := doctype.Accuracy(m, test)
	m.Meta = fmt.Sprintf("averaged perceptron, word uni+bigrams; NGEC synthetic PLOVER stories (MIT), %d train / %d held out; held-out accuracy %.3f", len(train), len(test), acc)
	fmt.Println(m.Meta)
	f, err := os.Create("events/doctype/model.txt.gz")
	if err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err := m.Save(zw); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
	zw.Close()
	f.Close()
}
