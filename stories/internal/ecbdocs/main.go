// Command ecbdocs runs the pipeline over the ECB+ articles once and writes
// each annotated document with its gold incident and topic, for the stories
// index to be measured on in any order (stories/ecbplus_test.go):
//
//	go run ./stories/internal/ecbdocs [-data ../shared/data] > /tmp/ecb-docs.jsonl
//
// The output holds the shared data's text: keep it out of the repository.
package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"log"
	"os"
	"path/filepath"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// Doc is one line of the output; stories/ecbplus_test.go reads it.
type Doc struct {
	Doc      *sitrep.Document `json:"doc"`
	Incident string           `json:"incident"`
	Topic    int              `json:"topic"`
}

func main() {
	data := flag.String("data", "../shared/data", "the shared data folder")
	flag.Parse()
	path := filepath.Join(*data, "ecbplus/articles.dev.jsonl.gz")
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		log.Fatal(err)
	}
	// The pipeline reads {id, text} only, as sitrep stories does in the
	// documented recipe; the gold fields are kept aside.
	tmp, err := os.CreateTemp("", "ecb-in-*.jsonl")
	if err != nil {
		log.Fatal(err)
	}
	defer os.Remove(tmp.Name())
	gold := map[string]Doc{}
	dec := json.NewDecoder(zr)
	enc := json.NewEncoder(tmp)
	for dec.More() {
		var a struct {
			ID, Text string
			Cluster  string `json:"cluster_id"`
			Topic    int
		}
		if err := dec.Decode(&a); err != nil {
			log.Fatal(err)
		}
		gold[a.ID] = Doc{Incident: a.Cluster, Topic: a.Topic}
		if err := enc.Encode(map[string]string{"id": a.ID, "text": a.Text}); err != nil {
			log.Fatal(err)
		}
	}
	tmp.Close()
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	w := bufio.NewWriter(os.Stdout)
	out := json.NewEncoder(w)
	err = p.Run(ctx, ingest.Read(ctx, []string{tmp.Name()}, ingest.Options{}), 0, func(r pipeline.Result) error {
		if r.Err != nil {
			return r.Err
		}
		g := gold[r.Doc.ID]
		g.Doc = r.Doc
		return out.Encode(g)
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
}
