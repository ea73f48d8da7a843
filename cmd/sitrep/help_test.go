package main

import (
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
