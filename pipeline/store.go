package pipeline

import (
	"context"
	"errors"
	"iter"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// Store writes are batched: one transaction per batchDocs documents or
// batchTime, whichever comes first. A crash loses at most the open batch,
// which the next run codes again.
const (
	batchDocs = 256
	batchTime = time.Second
)

// Stored counts what Store did.
type Stored struct {
	Added    int // documents stored
	Events   int // events of the documents stored
	Skipped  int // documents the store had already, not coded again
	Failed   int // inputs or documents that failed
	Unstored int // coded, but the store failed them
}

// A StoreError is a failure of the store, not of an input: it ends the run.
type StoreError struct{ Err error }

func (e *StoreError) Error() string { return "storing documents: " + e.Err.Error() }
func (e *StoreError) Unwrap() error { return e.Err }

// StoreHooks see what becomes of each document of Store; any may be nil.
type StoreHooks struct {
	Result  func(Result)           // every result of the stages, in input order, failures included
	Skipped func(*sitrep.Document) // a document the store had already, told on the goroutine that reads src: concurrently with Result and Stored
	Stored  func(*sitrep.Document) // a document stored, a batch at a time
}

// Store runs the documents of src that st does not have yet through p and
// stores them a batch at a time, so that an interrupted run (Ctrl-C, a crash,
// a kill) is finished by running it again. A document without an id gets its
// key (sitrep.DocumentKey) here, so that the store keys it the same way. The
// stages' ordered sources see every document, stored or not, so that a
// resumed run cleans as an uninterrupted one would. A stage that cannot be
// built (BuildError) or a store that fails (StoreError) ends the run; when
// ctx is cancelled the documents already coded are stored before Store
// returns.
func (p Pipeline) Store(ctx context.Context, st sitrep.DocumentStore, src iter.Seq2[*sitrep.Document, error], workers int, h StoreHooks) (Stored, error) {
	var res Stored
	var hasErr error
	src = skipStored(ctx, st, p.Source(src), func(doc *sitrep.Document) {
		res.Skipped++
		if h.Skipped != nil {
			h.Skipped(doc)
		}
	}, &hasErr)
	var batch []*sitrep.Document
	batchStart := time.Now()
	flush := func(ctx context.Context) error {
		if len(batch) == 0 {
			return nil
		}
		n, err := st.PutDocuments(ctx, batch)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err() // interrupted: stored below
			}
			return &StoreError{err}
		}
		// Only what is stored is counted.
		res.Added += n
		for _, doc := range batch {
			res.Events += len(doc.Events)
			if h.Stored != nil {
				h.Stored(doc)
			}
		}
		clear(batch)
		batch = batch[:0]
		return nil
	}
	err := p.run(ctx, src, workers, func(r Result) error {
		if h.Result != nil {
			h.Result(r)
		}
		var be *BuildError
		if errors.As(r.Err, &be) {
			return be // every document would fail alike
		}
		if r.Err != nil {
			res.Failed++
			return nil
		}
		batch = append(batch, r.Doc)
		if len(batch) == 1 {
			batchStart = time.Now()
		}
		if len(batch) >= batchDocs || time.Since(batchStart) >= batchTime {
			return flush(ctx)
		}
		return nil
	})
	// What was coded before an interruption is kept.
	if ferr := flush(context.WithoutCancel(ctx)); ferr != nil {
		res.Unstored = len(batch)
		if err == nil || ctx.Err() != nil {
			err = ferr
		}
	}
	if err == nil && hasErr != nil {
		err = &StoreError{hasErr}
	}
	return res, err
}

// skipStored drops from src the documents st has stored, telling skip of
// each. A failure of the store ends the stream and is left in *err.
func skipStored(ctx context.Context, st sitrep.DocumentStore, src iter.Seq2[*sitrep.Document, error], skip func(*sitrep.Document), err *error) iter.Seq2[*sitrep.Document, error] {
	return func(yield func(*sitrep.Document, error) bool) {
		for doc, rerr := range src {
			if rerr == nil {
				doc.ID = sitrep.DocumentKey(doc)
				have, herr := st.HasDocument(ctx, doc.ID)
				if herr != nil {
					*err = herr
					return
				}
				if have {
					skip(doc)
					continue
				}
			}
			if !yield(doc, rerr) {
				return
			}
		}
	}
}
