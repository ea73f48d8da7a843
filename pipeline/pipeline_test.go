package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"testing"

	"github.com/sitrep-dev/sitrep"
)

// upper is a stage that fails on documents whose text is "bad".
type upper struct{}

func (upper) Name() string { return "upper" }
func (upper) Annotate(d *sitrep.Document) error {
	if d.Text == "bad" {
		return errors.New("cannot annotate")
	}
	d.Title = "seen " + d.Text
	return nil
}

func docs(n int) iter.Seq2[*sitrep.Document, error] {
	return func(yield func(*sitrep.Document, error) bool) {
		for i := range n {
			var ok bool
			switch i % 10 {
			case 3:
				ok = yield(nil, &sitrep.InputError{Input: "in" + strconv.Itoa(i), Err: errors.New("unreadable")})
			case 7:
				ok = yield(&sitrep.Document{ID: strconv.Itoa(i), Text: "bad"}, nil)
			default:
				ok = yield(&sitrep.Document{ID: strconv.Itoa(i), Text: strconv.Itoa(i)}, nil)
			}
			if !ok {
				return
			}
		}
	}
}

func TestRunKeepsOrderAndReportsErrors(t *testing.T) {
	var got []string
	err := Pipeline{upper{}}.Run(context.Background(), docs(500), 4, func(r Result) error {
		switch {
		case r.Err != nil && r.Doc == nil:
			got = append(got, "input-error")
		case r.Err != nil:
			got = append(got, "stage-error "+r.Doc.ID)
		default:
			got = append(got, r.Doc.Title)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 500 {
		t.Fatalf("want 500 results, got %d", len(got))
	}
	for i, g := range got {
		want := "seen " + strconv.Itoa(i)
		switch i % 10 {
		case 3:
			want = "input-error"
		case 7:
			want = "stage-error " + strconv.Itoa(i)
		}
		if g != want {
			t.Fatalf("result %d = %q, want %q", i, g, want)
		}
	}
}

func TestRunStopsWhenSinkFails(t *testing.T) {
	stop := fmt.Errorf("disk full")
	n := 0
	err := Pipeline{upper{}}.Run(context.Background(), docs(100000), 2, func(r Result) error {
		n++
		if n == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 5 {
		t.Fatalf("err=%v after %d results, want the sink's error after 5", err, n)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := Pipeline{upper{}}.Run(ctx, docs(100000), 2, func(r Result) error {
		if n++; n == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n >= 100000 {
		t.Fatalf("err=%v after %d results, want cancellation", err, n)
	}
}

// ordered is a stage whose Source numbers the documents in input order.
type ordered struct{ n *int }

func (ordered) Name() string                    { return "ordered" }
func (ordered) Annotate(*sitrep.Document) error { return nil }
func (o ordered) Source(src iter.Seq2[*sitrep.Document, error]) iter.Seq2[*sitrep.Document, error] {
	return func(yield func(*sitrep.Document, error) bool) {
		for doc, err := range src {
			if err == nil {
				*o.n++
				doc.Title = strconv.Itoa(*o.n)
			}
			if !yield(doc, err) {
				return
			}
		}
	}
}

func TestRunPassesOrderedSources(t *testing.T) {
	n := 0
	last := 0
	err := Pipeline{ordered{&n}}.Run(context.Background(), docs(200), 4, func(r Result) error {
		if r.Err == nil {
			k, _ := strconv.Atoi(r.Doc.Title)
			if k != last+1 {
				return fmt.Errorf("document %s numbered %d after %d", r.Doc.ID, k, last)
			}
			last = k
		}
		return nil
	})
	if err != nil || n != 180 {
		t.Fatalf("%v; Source saw %d documents, want 180", err, n)
	}
}

// A Lazy stage is built once, by the first document, and a failure to build
// it is a BuildError for every document.
func TestLazy(t *testing.T) {
	builds := 0
	l := NewLazy("upper", func() (sitrep.Stage, error) { builds++; return upper{}, nil })
	if builds != 0 {
		t.Fatal("built before use")
	}
	err := Pipeline{l}.Run(context.Background(), docs(50), 4, func(Result) error { return nil })
	if err != nil || builds != 1 {
		t.Fatalf("%v, %d builds", err, builds)
	}
	bad := NewLazy("broken", func() (sitrep.Stage, error) { return nil, errors.New("no model") })
	for range 2 {
		var be *BuildError
		if err := (Pipeline{bad}).Annotate(&sitrep.Document{}); !errors.As(err, &be) || be.Stage != "broken" {
			t.Errorf("build failure: %v", err)
		}
	}
}
