// Package pgtest runs a throw-away PostgreSQL server for tests: a cluster
// made by initdb in a temporary directory, listening on a private port of
// 127.0.0.1 and a socket directory of its own, run as the postgres user when
// the tests run as root (PostgreSQL refuses to run as root). When no server
// is installed and the tests run as root with apt-get, it installs Debian's
// postgresql, as the browser tests install chromium; when that is not
// possible, the tests that need it skip.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Cluster is a running throw-away server.
type Cluster struct {
	dir  string // data, socket and log
	bin  string // the directory of initdb and postgres
	Port int
	cred *syscall.Credential // nil: run as this process's user
	cmd  *exec.Cmd
	done chan struct{} // closed when cmd has exited
}

// Start makes a cluster in a new temporary directory and starts it.
func Start() (*Cluster, error) {
	bin, err := binaries()
	if err != nil {
		return nil, err
	}
	c := &Cluster{bin: bin}
	if os.Getuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root and no postgres user to run PostgreSQL as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	if c.dir, err = os.MkdirTemp("", "sitrep-pgtest-"); err != nil {
		return nil, err
	}
	if c.cred != nil {
		if err := os.Chown(c.dir, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
			c.Close()
			return nil, err
		}
	}
	initdb := c.command(filepath.Join(bin, "initdb"), "-D", c.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	if out, err := initdb.CombinedOutput(); err != nil {
		c.Close()
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	if c.Port, err = freePort(); err != nil {
		c.Close()
		return nil, err
	}
	if err := c.start(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *Cluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = c.dir
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	return cmd
}

// start runs the server and waits until it takes connections. Durability
// is off: the cluster is thrown away.
func (c *Cluster) start() error {
	logf, err := os.OpenFile(filepath.Join(c.dir, "log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	c.cmd = c.command(filepath.Join(c.bin, "postgres"), "-D", c.data(), "-p", strconv.Itoa(c.Port), "-k", c.dir,
		"-h", "127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	c.cmd.Stdout, c.cmd.Stderr = logf, logf
	if err := c.cmd.Start(); err != nil {
		return err
	}
	c.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { cmd.Wait(); close(done) }(c.cmd, c.done)
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgx.Connect(ctx, c.DSN("postgres"))
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		select {
		case <-c.done:
			return fmt.Errorf("postgres exited: %s", c.logTail())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not start in 60s: %v\n%s", err, c.logTail())
		}
	}
}

func (c *Cluster) logTail() string {
	b, _ := os.ReadFile(filepath.Join(c.dir, "log"))
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// DSN is the connection string of database db.
func (c *Cluster) DSN(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, db)
}

// CreateDB makes a new empty database and returns its connection string.
func (c *Cluster) CreateDB(ctx context.Context, name string) (string, error) {
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", err
	}
	return c.DSN(name), nil
}

// Stop shuts the server down, ending every connection (the data stays).
func (c *Cluster) Stop() error {
	if c.cmd == nil {
		return nil
	}
	c.cmd.Process.Signal(syscall.SIGINT) // fast shutdown: rolls back open transactions
	select {
	case <-c.done:
	case <-time.After(30 * time.Second):
		c.cmd.Process.Kill()
		<-c.done
	}
	c.cmd = nil
	return nil
}

// Restart stops the server and starts it again on the same port.
func (c *Cluster) Restart() error {
	c.Stop()
	return c.start()
}

// Up starts the server again after Stop, on the same port.
func (c *Cluster) Up() error { return c.start() }

// Close stops the server and removes its directory.
func (c *Cluster) Close() error {
	c.Stop()
	return os.RemoveAll(c.dir)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// errUnavailable marks a server that is missing and cannot be installed.
var errUnavailable = errors.New("PostgreSQL is not installed")

// binaries finds the directory of initdb and postgres, installing Debian's
// postgresql when there is none and this process may.
func binaries() (string, error) {
	if dir := find(); dir != "" {
		return dir, nil
	}
	apt, err := exec.LookPath("apt-get")
	if err != nil || os.Getuid() != 0 {
		return "", fmt.Errorf("%w, and it cannot be installed here (needs root and apt-get)", errUnavailable)
	}
	// Test binaries of several packages may get here at once; apt-get
	// waits for the dpkg lock.
	env := append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	for _, args := range [][]string{{"update", "-qq"}, {"install", "-y", "-qq", "--no-install-recommends", "postgresql"}} {
		cmd := exec.Command(apt, append([]string{"-o", "DPkg::Lock::Timeout=600"}, args...)...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("%w: apt-get %s: %v\n%s", errUnavailable, args[0], err, out)
		}
	}
	if dir := find(); dir != "" {
		return dir, nil
	}
	return "", fmt.Errorf("%w: apt-get installed postgresql but no initdb was found", errUnavailable)
}

// find looks for the newest Debian server (/usr/lib/postgresql/N/bin),
// then initdb on the PATH.
func find() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return vb - va
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

var (
	sharedOnce sync.Once
	shared     *Cluster
	sharedErr  error
	dbMu       sync.Mutex
	dbCount    int
)

// Main runs a package's tests (from TestMain) and then removes the cluster
// New started, if any.
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	return code
}

// Shared is the package's cluster, started on the first call. A test skips
// when PostgreSQL is missing and cannot be installed, and fails when it is
// installed but does not start.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = Start() })
	if errors.Is(sharedErr, errUnavailable) {
		t.Skip(sharedErr)
	}
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// New returns the connection string of a new empty database on the shared
// cluster.
func New(t testing.TB) string {
	t.Helper()
	c := Shared(t)
	dbMu.Lock()
	dbCount++
	name := "t" + strconv.Itoa(dbCount)
	dbMu.Unlock()
	dsn, err := c.CreateDB(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return dsn
}
