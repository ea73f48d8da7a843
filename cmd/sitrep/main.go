// Command sitrep turns raw news into structured, verifiable event records.
// It only wires the stage packages together; see the README for the pipeline.
package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
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

var root = &cobra.Command{Use: "sitrep", SilenceUsage: true, SilenceErrors: true}

// cpuProfile names the file a CPU profile of the run is written to, so a
// user can see where a slow run spends its time (go tool pprof FILE).
var cpuProfile = root.PersistentFlags().String("cpuprofile", "", "write a CPU profile of the run to `FILE`")

// columns maps document fields to the CSV or TSV columns that hold them
// under other names.
var columns = root.PersistentFlags().StringToString("columns", nil, "CSV/TSV columns that hold the document fields under other names, e.g. text=body,date=published (fields: id, url, title, date, text, html)")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	setHelp(root, helps())
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		if err := ingest.CheckColumns(*columns); err != nil {
			return usageError{fmt.Errorf("--columns %w", err)}
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
	if err != nil && !errors.Is(err, batch.ErrSomeFailed) {
		fmt.Fprintln(os.Stderr, "sitrep:", err) // the failed inputs are named already
	}
	os.Exit(exitCode(err))
}

// exitCode is the contract's exit status of a run that ended in err.
func exitCode(err error) int {
	var u usageError
	var oe *pipeline.OptionError // a dictionary that cannot be read
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &u) || errors.As(err, &oe) || isCobraUsage(err):
		return exitUsage
	}
	return exitSomeFailed
}

// usageError marks bad command-line usage (exit 2).
type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }

func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "accepts ", "requires at least", "invalid argument",
		"none of the others can be", "must all be set", "at least one of the flags"} { // flag groups
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// helpText is the help of every command, kept as one document that
// TestHelp checks against the commands.
//
//go:embed help.md
var helpText string

// helps maps each command path of help.md to the text under its heading.
func helps() map[string]string {
	help := map[string]string{}
	for _, s := range strings.Split(helpText, "\n## ")[1:] {
		path, text, _ := strings.Cut(s, "\n")
		help[path] = strings.TrimSpace(text)
	}
	return help
}

// setHelp gives c and its subcommands their help: the first line of their
// text is the short help, the rest the long help.
func setHelp(c *cobra.Command, help map[string]string) {
	c.Short, c.Long, _ = strings.Cut(help[c.CommandPath()], "\n\n")
	for _, sub := range c.Commands() {
		setHelp(sub, help)
	}
}

// command adds to parent a command of the use line, positional arguments
// (nil: any) and run given; help.md holds its help (setHelp).
func command(parent *cobra.Command, use string, args cobra.PositionalArgs, run func(cmd *cobra.Command, args []string) error) *cobra.Command {
	c := &cobra.Command{Use: use, Args: args, RunE: run}
	parent.AddCommand(c)
	return c
}

// version is set at release time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func init() {
	var verbose bool
	cmd := command(root, "version", cobra.NoArgs, func(cmd *cobra.Command, _ []string) error {
		return pipeline.WriteVersion(cmd.OutOrStdout(), version, verbose)
	})
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list embedded models with their training data, licence and accuracy")
}
