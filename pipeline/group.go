package pipeline

import (
	"context"
	"fmt"
	"sync"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/stories"
)

// A Grouper puts each coded document in a story and each of its events in an
// incident, in input order: the story comes first, as incidents weigh it. It
// collects what changed since the last store write. It is safe for
// concurrent use (uploads to a server share one).
type Grouper struct {
	stories   *stories.Index
	incidents *incidents.Index
	// docs gives the stored documents that near-duplicates of this run
	// repeat, when a grouper goes on with a database; nil otherwise.
	docs sitrep.DocumentStore
	// With a store that other groupers write to, seq is the sequence
	// number of the groups this one has seen, and stale says that a failed
	// write left the indexes ahead of the store: they are loaded again.
	shared sitrep.SharedIncidentStore
	seq    int64
	stale  bool
	sopt   stories.Options
	iopt   incidents.Options

	mu               sync.Mutex
	changedStories   []*sitrep.Story
	changedIncs      []*sitrep.Incident
	storySet, incSet map[string]bool
	moved            map[string]string // document → story, by regroups since the last write
}

// NewGrouper returns a grouper that starts with no stories and incidents.
func NewGrouper(sopt stories.Options, iopt incidents.Options) (*Grouper, error) {
	s, err := stories.New(sopt)
	if err != nil {
		return nil, err
	}
	return &Grouper{stories: s, incidents: incidents.New(iopt), storySet: map[string]bool{}, incSet: map[string]bool{}, moved: map[string]string{}}, nil
}

// Groups taken back from a database at the start of a run: those changed
// most recently, which new documents are likely to join.
const (
	resumeStories   = 20000
	resumeIncidents = 20000
)

// LoadGrouper returns a grouper that goes on with the stories and incidents
// ds holds, nil when ds keeps none. When ds is a SharedIncidentStore, the
// grouper assigns each batch under the store's grouping lock, after taking
// back what other groupers (workers, other ingests) wrote since its last
// batch, so that any number of them group as one would, in the order their
// batches are stored.
func LoadGrouper(ctx context.Context, ds sitrep.DocumentStore, sopt stories.Options, iopt incidents.Options) (*Grouper, error) {
	st, ok := ds.(sitrep.IncidentStore)
	if !ok {
		return nil, nil
	}
	g, err := NewGrouper(sopt, iopt)
	if err != nil {
		return nil, err
	}
	g.docs, g.sopt, g.iopt = ds, sopt, iopt
	g.shared, _ = st.(sitrep.SharedIncidentStore)
	if err := g.load(ctx, st); err != nil {
		return nil, err
	}
	return g, nil
}

// load fills the grouper's empty indexes with the groups st changed most
// recently.
func (g *Grouper) load(ctx context.Context, st sitrep.IncidentStore) error {
	if g.shared != nil {
		// Read first: what is written meanwhile is taken back again at
		// the first batch, replacing what was loaded.
		seq, err := g.shared.GroupSeq(ctx)
		if err != nil {
			return err
		}
		g.seq = seq
	}
	ss, err := st.RecentStories(ctx, resumeStories)
	if err != nil {
		return err
	}
	for _, s := range ss {
		if err := g.stories.Add(s); err != nil {
			return fmt.Errorf("story %s: %w", s.ID, err)
		}
	}
	incs, err := st.RecentIncidents(ctx, resumeIncidents)
	if err != nil {
		return err
	}
	for _, inc := range incs {
		if err := g.incidents.Add(inc); err != nil {
			return err
		}
	}
	return nil
}

// Incidents returns the incidents of the run in the order they were opened.
func (g *Grouper) Incidents() []*sitrep.Incident {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.incidents.Incidents()
}

// Assign puts doc in its story and its events in their incidents; a nil
// Grouper does nothing. A near-duplicate of a document stored by an earlier
// run joins that document's story and incidents, as it would have in one
// run.
func (g *Grouper) Assign(ctx context.Context, doc *sitrep.Document) error {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.assign(ctx, doc)
}

func (g *Grouper) assign(ctx context.Context, doc *sitrep.Document) error {
	if orig := doc.NearDuplicateOf; orig != "" && g.docs != nil && !g.stories.Knows(orig) {
		d, err := g.docs.Document(ctx, orig)
		switch {
		case sitrep.ErrorCode(err) == sitrep.ENOTFOUND:
		case err != nil:
			return err
		default:
			g.stories.Remember(d.ID, d.Story)
			g.incidents.Remember(d)
		}
	}
	g.changed(g.stories.Assign(doc))
	for _, m := range g.stories.Moves() {
		g.changed(m.From)
		g.changed(m.To)
		g.moved[m.Doc] = m.To.ID
	}
	for _, inc := range g.incidents.Assign(doc) {
		if !g.incSet[inc.ID] {
			g.incSet[inc.ID] = true
			g.changedIncs = append(g.changedIncs, inc)
		}
	}
	return nil
}

// changed records a story to store.
func (g *Grouper) changed(s *sitrep.Story) {
	if !g.storySet[s.ID] {
		g.storySet[s.ID] = true
		g.changedStories = append(g.changedStories, s)
	}
}

// Store returns st storing each document with its story and incidents; a
// nil Grouper returns st itself. Pipeline.Store hands PutDocuments the coded
// documents in input order, a batch at a time: each batch is assigned and
// stored with the groups it changed in one transaction, under one lock, so
// that uploads sharing the grouper do not store each other's groups.
// A store that keeps no groups is returned as it is.
func (g *Grouper) Store(st sitrep.DocumentStore) sitrep.DocumentStore {
	is, ok := st.(sitrep.IncidentStore)
	if g == nil || !ok {
		return st
	}
	return groupedStore{st, is, g}
}

type groupedStore struct {
	sitrep.DocumentStore
	is sitrep.IncidentStore
	g  *Grouper
}

func (s groupedStore) PutDocuments(ctx context.Context, docs []*sitrep.Document) (int, error) {
	g := s.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.shared != nil {
		return g.putShared(ctx, docs)
	}
	stories, incs, err := g.assignBatch(ctx, docs)
	if err != nil {
		return 0, err
	}
	n, err := s.is.PutGrouped(ctx, docs, stories, incs)
	if err != nil {
		return n, err
	}
	g.stored()
	return n, nil
}

// putShared assigns and stores docs under the grouping lock of a store
// other groupers write to. A write that fails leaves the indexes holding
// assignments the store has not: they are loaded again before the next.
func (g *Grouper) putShared(ctx context.Context, docs []*sitrep.Document) (int, error) {
	if g.stale {
		fresh, err := NewGrouper(g.sopt, g.iopt)
		if err != nil {
			return 0, err
		}
		g.stories, g.incidents = fresh.stories, fresh.incidents
		if err := g.load(ctx, g.shared); err != nil {
			return 0, err
		}
		g.stale = false
	}
	n, seq, err := g.shared.PutAssigned(ctx, docs, g.seq, func(fresh []*sitrep.Document, ss []*sitrep.Story, is []*sitrep.Incident) ([]*sitrep.Story, []*sitrep.Incident, error) {
		g.stale = true
		for _, st := range ss {
			if err := g.stories.Add(st); err != nil {
				return nil, nil, fmt.Errorf("story %s: %w", st.ID, err)
			}
		}
		for _, inc := range is {
			if err := g.incidents.Add(inc); err != nil {
				return nil, nil, err
			}
		}
		return g.assignBatch(ctx, fresh)
	})
	if err != nil {
		g.discard()
		return n, err
	}
	g.seq, g.stale = seq, false
	g.stored()
	return n, nil
}

// assignBatch assigns docs in order and returns the groups changed since
// the last write, with their state for the store to keep.
func (g *Grouper) assignBatch(ctx context.Context, docs []*sitrep.Document) ([]*sitrep.Story, []*sitrep.Incident, error) {
	for _, doc := range docs {
		if err := g.assign(ctx, doc); err != nil {
			return nil, nil, err
		}
	}
	// A regroup may have moved documents of the batch; the store points
	// those of earlier batches at the stories that list them (Story.Docs).
	for _, doc := range docs {
		if s, ok := g.moved[doc.ID]; ok {
			doc.Story = s
		}
	}
	if err := g.incidents.Snapshot(g.changedIncs); err != nil {
		return nil, nil, err
	}
	return g.changedStories, g.changedIncs, nil
}

// stored forgets what changed, once the store keeps it, and the lists the
// indexes may now forget.
func (g *Grouper) stored() {
	g.discard()
	g.stories.Trim()
	g.incidents.Trim()
}

// discard forgets what changed.
func (g *Grouper) discard() {
	clear(g.storySet)
	clear(g.incSet)
	clear(g.moved)
	g.changedStories, g.changedIncs = g.changedStories[:0], g.changedIncs[:0]
}
