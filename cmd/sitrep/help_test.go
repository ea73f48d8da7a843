package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// Every command has its help in help.md, a one-line short help first, and
// every heading of help.md is a command.
func TestHelp(t *testing.T) {
	help := helps()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := c.CommandPath()
		if c.Parent() == root && (c.Name() == "help" || c.Name() == "completion") {
			return // cobra's own, added once root has run
		}
		text, ok := help[path]
		if short, _, _ := strings.Cut(text, "\n\n"); !ok || short == "" || strings.Contains(short, "\n") {
			t.Errorf("help.md: want a heading %q and a one-line short help under it, got %q", "## "+path, text)
		}
		delete(help, path)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for path := range help {
		t.Errorf("help.md has ## %s, which is no command", path)
	}
}

// Flags that exclude or need each other (ingest's --db and --pg) are bad
// usage: exit 2, as the contract says, not 1.
func TestFlagGroupsExitUsage(t *testing.T) {
	for _, tc := range []struct {
		mark func(c *cobra.Command)
		args []string
	}{
		{func(c *cobra.Command) { c.MarkFlagsMutuallyExclusive("a", "b") }, []string{"--a=1", "--b=2"}},
		{func(c *cobra.Command) { c.MarkFlagsRequiredTogether("a", "b") }, []string{"--a=1"}},
		{func(c *cobra.Command) { c.MarkFlagsOneRequired("b", "c") }, []string{"--a=1"}},
	} {
		c := &cobra.Command{Use: "x", SilenceUsage: true, SilenceErrors: true, RunE: func(*cobra.Command, []string) error { return nil }}
		for _, f := range []string{"a", "b", "c"} {
			c.Flags().String(f, "", "")
		}
		tc.mark(c)
		c.SetArgs(tc.args)
		if err := c.Execute(); err == nil || exitCode(err) != exitUsage {
			t.Errorf("%v: error %v, exit %d", tc.args, err, exitCode(err))
		}
	}
	if exitCode(nil) != exitOK || exitCode(errors.New("disk full")) != exitSomeFailed {
		t.Error("exit codes of success and failure")
	}
}
