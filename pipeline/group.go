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

	mu               sync.Mutex
	changedStories   []*sitrep.Story
	changedIncs      []*sitrep.Incident
	storySet, incSet map[string]bool
}

// NewGrouper returns a grouper that starts with no stories and incidents.
func NewGrouper(sopt stories.Options, iopt incidents.Options) (*Grouper, error) {
	s, err := stories.New(sopt)
	if err != nil {
		return nil, err
	}
	return &Grouper{stories: s, incidents: incidents.New(iopt), storySet: map[string]bool{}, incSet: map[string]bool{}}, nil
}

// Groups taken back from a database at the start of a run: those changed
// most recently, which new documents are likely to join.
const (
	resumeStories   = 20000
	resumeIncidents = 20000
)

// LoadGrouper returns a grouper that goes on with the stories and incidents
// ds holds, nil when ds keeps none (PostgreSQL, for now): its documents are
// then stored without them.
func LoadGrouper(ctx context.Context, ds sitrep.DocumentStore, sopt stories.Options, iopt incidents.Options) (*Grouper, error) {
	st, ok := ds.(sitrep.IncidentStore)
	if !ok {
		return nil, nil
	}
	g, err := NewGrouper(sopt, iopt)
	if err != nil {
		return nil, err
	}
	ss, err := st.RecentStories(ctx, resumeStories)
	if err != nil {
		return nil, err
	}
	for _, s := range ss {
		if err := g.stories.Add(s); err != nil {
			return nil, fmt.Errorf("story %s: %w", s.ID, err)
		}
	}
	incs, err := st.RecentIncidents(ctx, resumeIncidents)
	if err != nil {
		return nil, err
	}
	for _, inc := range incs {
		if err := g.incidents.Add(inc); err != nil {
			return nil, err
		}
	}
	g.docs = ds
	return g, nil
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
	if s := g.stories.Assign(doc); !g.storySet[s.ID] {
		g.storySet[s.ID] = true
		g.changedStories = append(g.changedStories, s)
	}
	for _, inc := range g.incidents.Assign(doc) {
		if !g.incSet[inc.ID] {
			g.incSet[inc.ID] = true
			g.changedIncs = append(g.changedIncs, inc)
		}
	}
	return nil
}

// Store returns st storing each document with its story and incidents; a
// nil Grouper returns st itself. Pipeline.Store hands PutDocuments the coded
// documents in input order, a batch at a time: each batch is assigned and
// stored with the groups it changed in one transaction, under one lock, so
// that uploads sharing the grouper do not store each other's groups.
// A store that keeps no groups (PostgreSQL, for now) is returned as it is.
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
	for _, doc := range docs {
		if err := g.assign(ctx, doc); err != nil {
			return 0, err
		}
	}
	if err := g.incidents.Snapshot(g.changedIncs); err != nil {
		return 0, err
	}
	n, err := s.is.PutGrouped(ctx, docs, g.changedStories, g.changedIncs)
	if err != nil {
		return n, err
	}
	// The store keeps the lists the indexes may now forget.
	clear(g.storySet)
	clear(g.incSet)
	g.changedStories, g.changedIncs = g.changedStories[:0], g.changedIncs[:0]
	g.stories.Trim()
	g.incidents.Trim()
	return n, nil
}
