// Package http serves the HTTP JSON API over an event store and the web
// dashboard, whose built assets are embedded in the binary (no CDN: it works
// offline).
package http

import (
	"context"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

//go:embed assets
var assets embed.FS

//go:embed openapi.json
var openAPI []byte

// Limits of one request.
const (
	MaxBodyBytes = 64 << 20         // an ingest upload
	QueryTimeout = 30 * time.Second // any query but an export
)

// Server is the API and dashboard server.
type Server struct {
	Events sitrep.EventStore
	// Incidents answers /api/incidents; nil disables it.
	Incidents sitrep.IncidentStore
	// Ingest codes and stores the documents of a body (JSONL in the input
	// format of the command-line contract, or any input sitrep reads) and
	// reports what became of each; progress, when not nil, is told how many
	// documents are done. An error means the ingest itself failed (storage),
	// not a document. Nil disables POST /api/documents.
	Ingest func(ctx context.Context, body []byte, progress func(done int)) (*IngestReport, error)
	// Token must be sent as "Authorization: Bearer TOKEN" to write; with no
	// token, writing is disabled.
	Token string
	// ReadOnly says that Events cannot be written (Ingest is then nil);
	// Serve says so.
	ReadOnly bool
	// Log receives a line per request (method, path, status, duration) and
	// the errors that are not the client's fault.
	Log *log.Logger
	// LocalOnly refuses requests whose Host header is no loopback name, so
	// that a web page elsewhere cannot read a loopback server through DNS
	// rebinding. Open sets it when it binds to loopback.
	LocalOnly bool

	srv  *http.Server
	ln   net.Listener
	jobs jobs
}

// Handler is the server's routes with its security headers and limits.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPI)
	})
	mux.HandleFunc("GET /api/stats", s.handleStats)
	mux.HandleFunc("GET /api/events", s.handleEvents)
	mux.HandleFunc("GET /api/events/{id}", s.handleEvent)
	mux.HandleFunc("GET /api/aggregates/{by}", s.handleAggregate)
	mux.HandleFunc("GET /api/incidents", s.handleIncidents)
	mux.HandleFunc("GET /api/incidents/{id}", s.handleIncident)
	mux.HandleFunc("GET /api/export/{format}", s.handleExport)
	mux.HandleFunc("POST /api/documents", s.handleIngest)
	mux.HandleFunc("GET /api/jobs/{id}", s.handleJob)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.error(w, r, sitrep.Errorf(sitrep.ENOTFOUND, "no API endpoint %s %s (see /api/openapi.json)", r.Method, r.URL.Path))
	})
	static, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	// An embed.FS has no .. and no symlinks: no path traversal.
	mux.Handle("/", http.FileServerFS(static))

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Log != nil {
			sw := &statusWriter{ResponseWriter: w}
			start := time.Now()
			defer func() {
				s.Log.Printf("%s %s %d %.1fms", r.Method, r.URL.RequestURI(), sw.status(), float64(time.Since(start).Microseconds())/1000)
			}()
			w = sw
		}
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'")
		if s.LocalOnly && !IsLoopback(hostPort(r.Host)) {
			writeJSON(w, http.StatusForbidden, map[string]string{"error": "this server answers only requests to a loopback address"})
			return
		}
		if !utf8.ValidString(r.URL.Path) {
			// No file or endpoint has such a name; the file server
			// answered 500.
			s.error(w, r, sitrep.Errorf(sitrep.EINVALID, "the path is not UTF-8"))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		mux.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status of a response for the request log.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// status is the status sent, 200 when the handler wrote nothing.
func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// Open starts serving on addr ("127.0.0.1:8080"; port 0 picks a free one).
func (s *Server) Open(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.OpenListener(ln)
	return nil
}

// OpenListener starts serving on ln, which the caller bound: sitrep up binds
// before it ingests, so that a port in use fails at once.
func (s *Server) OpenListener(ln net.Listener) {
	s.ln = ln
	s.LocalOnly = s.LocalOnly || IsLoopback(ln.Addr().String())
	s.srv = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       2 * time.Minute, // an upload of MaxBodyBytes
		WriteTimeout:      10 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	if s.Log != nil {
		s.srv.ErrorLog = s.Log
	}
	go s.srv.Serve(ln)
}

// Serve starts serving on ln, or on addr when ln is nil, until ctx ends
// (Ctrl-C), then closes the server. It says when the store is read-only,
// warns when addr is reachable from other machines, builds the event store's index in the background when the
// store has one to build (Warm), and says where it serves the database name.
func (s *Server) Serve(ctx context.Context, addr string, ln net.Listener, name string) error {
	logf := func(format string, args ...any) {
		if s.Log != nil {
			s.Log.Printf(format, args...)
		}
	}
	if s.ReadOnly {
		without := ""
		if s.Token != "" {
			without = ", without POST /api/documents"
		}
		logf("%s cannot be written: serving it read-only%s", name, without)
	}
	if !IsLoopback(addr) {
		logf("warning: %s is reachable from other machines; the API has no read authentication", addr)
	}
	if ln == nil {
		if err := s.Open(addr); err != nil {
			return err
		}
	} else {
		s.OpenListener(ln)
	}
	if w, ok := s.Events.(interface{ Warm(context.Context) error }); ok {
		go func() {
			if err := w.Warm(ctx); err != nil && ctx.Err() == nil {
				logf("%v", err)
			}
		}()
	}
	logf("serving %s on %s: open it in a browser (Ctrl-C stops)", name, s.URL())
	<-ctx.Done()
	return s.Close()
}

// URL is the address the server listens on.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// Close stops the server, letting requests in flight finish for a while,
// and stops the ingest jobs (what they stored is kept).
func (s *Server) Close() error {
	s.jobs.close()
	if s.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

// IsLoopback reports whether addr binds to loopback only.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hostPort gives a Host header a port when it has none, for IsLoopback.
func hostPort(host string) string {
	if _, _, err := net.SplitHostPort(host); err == nil {
		return host
	}
	return net.JoinHostPort(strings.Trim(host, "[]"), "80")
}

// authorized checks the bearer token in constant time.
func (s *Server) authorized(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && s.Token != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(s.Token)) == 1
}

// error writes err as {"error": message} with the status its code maps to.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	msg := "internal error"
	var mbe *http.MaxBytesError
	switch code := sitrep.ErrorCode(err); {
	case errors.As(err, &mbe):
		status, msg = http.StatusRequestEntityTooLarge, "request body over "+strconv.FormatInt(mbe.Limit, 10)+" bytes"
	case code == sitrep.EINVALID:
		status, msg = http.StatusBadRequest, errMessage(err)
	case code == sitrep.ENOTFOUND:
		status, msg = http.StatusNotFound, errMessage(err)
	case code == sitrep.ECONFLICT:
		status, msg = http.StatusConflict, errMessage(err)
	case errors.Is(err, context.DeadlineExceeded):
		status, msg = http.StatusServiceUnavailable, "query took too long; narrow the filters"
	case errors.Is(err, context.Canceled):
		return // the client went away
	default:
		if s.Log != nil {
			s.Log.Printf("%s %s: %v", r.Method, r.URL, err)
		}
	}
	writeJSON(w, status, map[string]string{"error": msg})
}

func errMessage(err error) string {
	var e *sitrep.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
