// Package natstest runs a real NATS server with JetStream inside a test,
// from the server's own Go module (github.com/nats-io/nats-server/v2): no
// binary to install, the version the client is built against, and a
// restart that keeps the stored streams, as a server process restarted on
// the same store directory does.
package natstest

import (
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is a running server.
type Server struct {
	srv  *server.Server
	opts server.Options
}

// Start starts a server with JetStream storing in a temporary directory, on
// a free port of 127.0.0.1; the test's cleanup stops it.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{opts: server.Options{
		Host:      "127.0.0.1",
		Port:      server.RANDOM_PORT,
		JetStream: true,
		StoreDir:  t.TempDir(),
		NoLog:     true,
		NoSigs:    true,
	}}
	if err := s.start(); err != nil {
		t.Fatal(err)
	}
	s.opts.Port = s.srv.Addr().(*net.TCPAddr).Port // restarts keep the port
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) start() error {
	opts := s.opts
	srv, err := server.NewServer(&opts)
	if err != nil {
		return err
	}
	srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return fmt.Errorf("nats server did not start")
	}
	s.srv = srv
	return nil
}

// URL is the address clients connect to.
func (s *Server) URL() string { return fmt.Sprintf("nats://127.0.0.1:%d", s.opts.Port) }

// Stop shuts the server down; the stored streams stay on disk.
func (s *Server) Stop() {
	if s.srv != nil {
		s.srv.Shutdown()
		s.srv.WaitForShutdown()
		s.srv = nil
	}
}

// Restart stops the server and starts it again on the same port and store.
func (s *Server) Restart() error {
	s.Stop()
	return s.start()
}
