// Command sitrep turns raw news into structured, verifiable event records.
// It only wires the stage packages together; see the README for the pipeline.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/batch"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// Exit codes fixed by the command-line contract.
const (
	exitOK         = 0
	exitSomeFailed = 1
	exitUsage      = 2
)

// errSomeInputsFailed makes a command exit 1 after it has named each failed
// input on stderr.
var errSomeInputsFailed = batch.ErrSomeFailed

var root = &cobra.Command{
	Use:           "sitrep",
	Short:         "turn raw news into verifiable political event records",
	SilenceUsage:  true,
	SilenceErrors: true,
}

// cpuProfile names the file a CPU profile of the run is written to, so a
// user can see where a slow run spends its time (go tool pprof FILE).
var cpuProfile = root.PersistentFlags().String("cpuprofile", "", "write a CPU profile of the run to `FILE`")

// columns maps document fields to the CSV or TSV columns that hold them
// under other names.
var columns = root.PersistentFlags().StringToString("columns", nil, "CSV/TSV columns that hold the document fields under other names, e.g. text=body,date=published (fields: id, url, title, date, text, html)")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		for field := range *columns {
			if !slices.Contains(ingest.Fields, field) {
				return usageError{fmt.Errorf("--columns %s=…: no such field; the fields are %s", field, strings.Join(ingest.Fields, ", "))}
			}
		}
		readOptions.Columns = *columns
		if *cpuProfile == "" {
			return nil
		}
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return usageError{err}
		}
		return pprof.StartCPUProfile(f)
	}
	err := root.ExecuteContext(ctx)
	pprof.StopCPUProfile()
	switch {
	case err == nil:
		os.Exit(exitOK)
	case errors.Is(err, errSomeInputsFailed):
		os.Exit(exitSomeFailed)
	}
	fmt.Fprintln(os.Stderr, "sitrep:", err)
	var u usageError
	var oe *pipeline.OptionError // a dictionary that cannot be read
	if errors.As(err, &u) || errors.As(err, &oe) || isCobraUsage(err) {
		os.Exit(exitUsage)
	}
	os.Exit(exitSomeFailed)
}

// usageError marks bad command-line usage (exit 2).
type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }

func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "accepts ", "requires at least", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
