package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// runCmd runs `sitrep args...` in process, for at most timeout, and
// returns its stderr and error.
func runCmd(t *testing.T, timeout time.Duration, args ...string) (stderr string, err error) {
	t.Helper()
	dir := t.TempDir()
	outF, _ := os.Create(filepath.Join(dir, "out"))
	errF, _ := os.Create(filepath.Join(dir, "err"))
	oldOut, oldErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = outF, errF
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	root.SetArgs(args)
	if c, _, err := root.Find(args); err == nil {
		c.SetContext(ctx) // cobra keeps a subcommand's context from its first run
	}
	err = root.ExecuteContext(ctx)
	os.Stdout, os.Stderr = oldOut, oldErr
	outF.Close()
	errF.Close()
	e, _ := os.ReadFile(errF.Name())
	return string(e), err
}

// up binds its address before it codes anything: a port in use fails at
// once (it said "open http://… in a browser" after coding, then failed).
func TestUpBindsFirst(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := t.TempDir()
	input := filepath.Join(dir, "in.txt")
	os.WriteFile(input, []byte("Troops crossed the border on Monday."), 0o644)
	db := filepath.Join(dir, "t.db")
	stderr, err := runCmd(t, 30*time.Second, "up", "--db", db, "--addr", ln.Addr().String(), input)
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("up on a port in use: %v\n%s", err, stderr)
	}
	if _, err := os.Stat(db); err == nil || strings.Contains(stderr, "open http") {
		t.Errorf("up coded its input before finding the port taken:\n%s", stderr)
	}
}

// up with no input that can be read fails rather than serving nothing.
func TestUpNothingRead(t *testing.T) {
	dir := t.TempDir()
	stderr, err := runCmd(t, 30*time.Second, "up", "--db", filepath.Join(dir, "t.db"), "--addr", "127.0.0.1:0", filepath.Join(dir, "missing.txt"))
	if err == nil || !strings.Contains(err.Error(), "no input could be read") {
		t.Fatalf("up with nothing readable: %v\n%s", err, stderr)
	}
}

// TestCmdHelperProcess runs the command of $SITREP_HELPER_ARGS for
// TestNoModelsWithoutDocuments and prints the bytes it allocated.
func TestCmdHelperProcess(t *testing.T) {
	args := os.Getenv("SITREP_HELPER_ARGS")
	if args == "" {
		t.Skip("helper process only")
	}
	runCmd(t, time.Minute, strings.Split(args, "\x1f")...)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("allocated %d\n", m.TotalAlloc)
}

// A command that codes no document loads no model: `sitrep code` with no
// input took 8 s and 380 MB to say so, and with only unreadable inputs the
// same.
func TestNoModelsWithoutDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	missing := filepath.Join(t.TempDir(), "missing.txt")
	for _, args := range [][]string{{"code"}, {"code", missing}, {"annotate"}, {"geoparse"}, {"parse"}, {"ner"}} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCmdHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SITREP_HELPER_ARGS="+strings.Join(args, "\x1f"))
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		var n int64
		if i := strings.Index(string(out), "allocated "); i < 0 {
			t.Fatalf("%v: %s", args, out)
		} else {
			fmt.Sscan(string(out[i+len("allocated "):]), &n)
		}
		// A run allocates 84 MB before it starts (go-dateparser's data, see
		// docs/ingest.md); the lightest model, the parser's, 100 more.
		if n > 128<<20 {
			t.Errorf("sitrep %s allocated %d MB: models loaded for nothing", strings.Join(args, " "), n>>20)
		}
	}
}
