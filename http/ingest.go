package http

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// IngestReport is what became of each document of an upload.
type IngestReport struct {
	Added     int                `json:"added"`   // documents stored
	Skipped   int                `json:"skipped"` // documents stored already
	Failed    int                `json:"failed"`  // inputs that could not be read or coded
	Events    int                `json:"events"`  // events stored with the added documents
	Documents []IngestedDocument `json:"documents"`
}

// IngestedDocument is one document of an upload, or one part of it that
// could not be read.
type IngestedDocument struct {
	ID     string `json:"id,omitempty"` // the document's key
	Input  string `json:"input"`        // where it is in the body: "line 3", "record 2", "body"
	Status string `json:"status"`       // added, skipped or failed
	Error  string `json:"error,omitempty"`
	Events int    `json:"events,omitempty"`
}

// Statuses of an IngestedDocument.
const (
	StatusAdded   = "added"
	StatusSkipped = "skipped"
	StatusFailed  = "failed"
)

// AsyncBodyBytes is the largest upload coded while the client waits; a
// larger one (a 30 MB upload took minutes) becomes a job that the client
// follows at the URL it is given.
const AsyncBodyBytes = 1 << 20

// maxJobs is how many jobs the server remembers; the oldest finished ones
// are forgotten first.
const maxJobs = 64

// ingestJob is an upload coded in the background.
type ingestJob struct {
	ID       string        `json:"id"`
	State    string        `json:"state"` // queued, running, done, failed
	Bytes    int           `json:"bytes"`
	Done     int           `json:"documents_done"` // documents read so far, stored or not
	Started  time.Time     `json:"started"`
	Finished *time.Time    `json:"finished,omitempty"`
	Error    string        `json:"error,omitempty"`
	Report   *IngestReport `json:"report,omitempty"`
}

// jobs are the server's ingest jobs; they run one at a time, since each
// uses every core.
type jobs struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	slot   chan struct{}

	mu    sync.Mutex
	byID  map[string]*ingestJob
	order []string
}

func (j *jobs) init() {
	j.once.Do(func() {
		j.ctx, j.cancel = context.WithCancel(context.Background())
		j.slot = make(chan struct{}, 1)
		j.byID = map[string]*ingestJob{}
	})
}

// start runs fn as a new job and returns its id.
func (j *jobs) start(bytes int, fn func(ctx context.Context, progress func(int)) (*IngestReport, error)) string {
	j.init()
	var b [12]byte
	rand.Read(b[:])
	job := &ingestJob{ID: hex.EncodeToString(b[:]), State: "queued", Bytes: bytes, Started: time.Now().UTC()}
	j.mu.Lock()
	j.byID[job.ID] = job
	j.order = append(j.order, job.ID)
	j.forget()
	j.mu.Unlock()
	go func() {
		select {
		case j.slot <- struct{}{}:
		case <-j.ctx.Done():
		}
		defer func() { <-j.slot }()
		j.set(job, func() { job.State = "running" })
		rep, err := fn(j.ctx, func(n int) { j.set(job, func() { job.Done = n }) })
		j.set(job, func() {
			now := time.Now().UTC()
			job.Finished, job.Report = &now, rep
			switch {
			case err != nil:
				job.State, job.Error = "failed", errMessage(err)
			case rep.Added+rep.Skipped == 0:
				job.State, job.Error = "failed", nothingRead(rep)
			default:
				job.State = "done"
			}
		})
	}()
	return job.ID
}

// forget drops the oldest finished jobs past maxJobs; j.mu is held.
func (j *jobs) forget() {
	for i := 0; len(j.order) > maxJobs && i < len(j.order); {
		if job := j.byID[j.order[i]]; job.Finished != nil {
			delete(j.byID, job.ID)
			j.order = append(j.order[:i], j.order[i+1:]...)
			continue
		}
		i++
	}
}

func (j *jobs) set(job *ingestJob, f func()) {
	j.mu.Lock()
	f()
	j.mu.Unlock()
}

// get returns a copy of the job with this id.
func (j *jobs) get(id string) (ingestJob, bool) {
	j.init()
	j.mu.Lock()
	defer j.mu.Unlock()
	job, ok := j.byID[id]
	if !ok {
		return ingestJob{}, false
	}
	return *job, true
}

// close stops the jobs; what they stored is kept.
func (j *jobs) close() {
	j.init()
	j.cancel()
}

// nothingRead says why an upload stored nothing.
func nothingRead(rep *IngestReport) string {
	if rep == nil || len(rep.Documents) == 0 {
		return "no document in the body"
	}
	d := rep.Documents[0]
	return "no document could be read; " + d.Input + ": " + d.Error
}

func (s *Server) handleIngest(w http.ResponseWriter, r *http.Request) {
	switch {
	case s.Token == "":
		s.error(w, r, sitrep.Errorf(sitrep.ENOTFOUND, "ingest over HTTP is off; start serve with --token"))
		return
	case s.Ingest == nil:
		s.error(w, r, sitrep.Errorf(sitrep.ENOTFOUND, "ingest over HTTP is off: the database cannot be written"))
		return
	}
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sitrep"`)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "a valid Authorization: Bearer token is needed to write"})
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(body) == 0 {
		s.error(w, r, sitrep.Errorf(sitrep.EINVALID, "empty body: send documents as JSONL (or any input sitrep reads)"))
		return
	}
	if len(body) > AsyncBodyBytes || strings.Contains(r.Header.Get("Prefer"), "respond-async") {
		id := s.jobs.start(len(body), func(ctx context.Context, progress func(int)) (*IngestReport, error) {
			return s.Ingest(ctx, body, progress)
		})
		url := "/api/jobs/" + id
		w.Header().Set("Location", url)
		writeJSON(w, http.StatusAccepted, map[string]string{"job": id, "url": url, "state": "queued"})
		return
	}
	rep, err := s.Ingest(r.Context(), body, nil)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if rep.Added+rep.Skipped == 0 {
		// Nothing could be read: the client's fault, and it gets every reason.
		writeJSON(w, http.StatusBadRequest, struct {
			Error string `json:"error"`
			*IngestReport
		}{nothingRead(rep), rep})
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (s *Server) handleJob(w http.ResponseWriter, r *http.Request) {
	job, ok := s.jobs.get(r.PathValue("id"))
	if !ok {
		s.error(w, r, sitrep.Errorf(sitrep.ENOTFOUND, "no job %q (jobs are kept while the server runs, the last %d of them)", r.PathValue("id"), maxJobs))
		return
	}
	writeJSON(w, http.StatusOK, job)
}
