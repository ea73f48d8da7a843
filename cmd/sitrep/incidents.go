package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/stories"
)

// grouper puts each coded document in a story and each of its events in an
// incident, in input order: the story comes first, as incidents weigh it. It
// collects what changed since the last store write.
type grouper struct {
	stories   *stories.Index
	incidents *incidents.Index
	st        sitrep.IncidentStore // where put stores, nil for a run without a store
	// docs gives the stored documents that near-duplicates of this run
	// repeat, when a grouper goes on with a database; nil otherwise.
	docs sitrep.DocumentStore

	mu               sync.Mutex // uploads to a server share one grouper
	changedStories   []*sitrep.Story
	changedIncs      []*sitrep.Incident
	storySet, incSet map[string]bool
}

func newGrouper(sopt stories.Options, iopt incidents.Options) (*grouper, error) {
	s, err := stories.New(sopt)
	if err != nil {
		return nil, err
	}
	return &grouper{stories: s, incidents: incidents.New(iopt), storySet: map[string]bool{}, incSet: map[string]bool{}}, nil
}

// Groups taken back from a database at the start of a run: those changed
// most recently, which new documents are likely to join.
const (
	resumeStories   = 20000
	resumeIncidents = 20000
)

// loadGrouper returns a grouper that goes on with the stories and incidents
// st holds, nil when st keeps none (PostgreSQL, for now): its documents are
// then stored without them.
func loadGrouper(ctx context.Context, ds sitrep.DocumentStore, sopt stories.Options, iopt incidents.Options) (*grouper, error) {
	st, ok := ds.(sitrep.IncidentStore)
	if !ok {
		return nil, nil
	}
	g, err := newGrouper(sopt, iopt)
	if err != nil {
		return nil, err
	}
	g.st = st
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

// assign puts doc in its story and its events in their incidents. A
// near-duplicate of a document stored by an earlier run joins that
// document's story and incidents, as it would have in one run.
func (g *grouper) assign(ctx context.Context, doc *sitrep.Document) error {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
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

// put stores docs with the groups changed since the last put, then lets the
// indexes forget the lists the store now keeps. Without a grouper, docs go
// to st alone.
func (g *grouper) put(ctx context.Context, st sitrep.DocumentStore, docs []*sitrep.Document) (int, error) {
	if g == nil {
		return st.PutDocuments(ctx, docs)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := g.incidents.Snapshot(g.changedIncs); err != nil {
		return 0, err
	}
	n, err := g.st.PutGrouped(ctx, docs, g.changedStories, g.changedIncs)
	if err != nil {
		return n, err
	}
	clear(g.storySet)
	clear(g.incSet)
	g.changedStories, g.changedIncs = g.changedStories[:0], g.changedIncs[:0]
	g.stories.Trim()
	g.incidents.Trim()
	return n, nil
}

// store returns st storing each document with its story and incidents;
// without a grouper, st itself. pipeline.Store hands PutDocuments the coded
// documents in input order, a batch at a time, so they are grouped in input
// order.
func (g *grouper) store(st sitrep.DocumentStore) sitrep.DocumentStore {
	if g == nil {
		return st
	}
	return groupedStore{st, g}
}

type groupedStore struct {
	sitrep.DocumentStore
	g *grouper
}

func (s groupedStore) PutDocuments(ctx context.Context, docs []*sitrep.Document) (int, error) {
	for _, doc := range docs {
		if err := s.g.assign(ctx, doc); err != nil {
			return 0, err
		}
	}
	return s.g.put(ctx, s.DocumentStore, docs)
}

// groupingFlags are the flags that tune stories and incidents.
func groupingFlags(cmd *cobra.Command, sopt *stories.Options, iopt *incidents.Options) {
	cmd.Flags().Float64Var(&sopt.Threshold, "story-threshold", stories.DefaultThreshold, "least similarity of an article to a story it joins (cosine, 0..1)")
	cmd.Flags().IntVar(&sopt.Window, "story-window", stories.DefaultWindow, "days before a story's first or after its last article within which an article may join it")
	cmd.Flags().Float64Var(&iopt.MaxKm, "incident-km", incidents.DefaultMaxKm, "reports whose places are farther apart (km) are different incidents")
	cmd.Flags().IntVar(&iopt.Slack, "incident-slack", incidents.DefaultSlack, "days by which two reports' dates may miss each other and still be one incident")
}

func init() {
	var (
		workers int
		opt     pipeline.Options
		sopt    stories.Options
		iopt    incidents.Options
	)
	cmd := &cobra.Command{
		Use:   "incidents INPUT...",
		Short: "merge the events that report the same real-world incident (JSONL)",
		Long: `incidents codes each document (as code does), groups the documents into stories and merges
the events of different documents that report the same real-world incident: the same PLOVER
type and realis, overlapping dates, nearby places, and enough agreeing evidence (the same story,
a shared actor, the same place, the same days, the same trigger word). It writes one JSON object
per incident, in the order they were opened: {"id", "type", "realis", "docs", "all_docs",
"events", "stories", "first_seen", "last_seen", "date", "location", "source", "target",
"counts", "count_history", "confidence"}. docs are the documents whose main event it is (each
document is in one incident's docs, or in none when it has no event); all_docs every document
with an event in it. Counts are the latest report's figures, never sums; count_history keeps
each report's.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			stages, err := pipeline.New(opt)
			if err != nil {
				return err
			}
			g, err := newGrouper(sopt, iopt)
			if err != nil {
				return err
			}
			err = runDocs(cmd.Context(), args, stages, workers, func(_ *bufio.Writer, doc *sitrep.Document) error {
				return g.assign(cmd.Context(), doc)
			})
			out := bufio.NewWriter(os.Stdout)
			var buf []byte
			for _, inc := range g.incidents.Incidents() {
				var aerr error
				if buf, aerr = contract.AppendIncident(buf[:0], inc); aerr != nil {
					return aerr
				}
				out.Write(buf)
			}
			if ferr := out.Flush(); err == nil {
				err = ferr
			}
			return err
		},
	}
	cmd.Flags().IntVar(&workers, "workers", 0, "documents processed in parallel (0: all cores)")
	codingFlags(cmd, &opt)
	groupingFlags(cmd, &sopt, &iopt)
	root.AddCommand(cmd)
}
