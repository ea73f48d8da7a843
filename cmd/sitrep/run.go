package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/batch"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// readOptions are the reading options of this run; commands' flags set them.
var readOptions = ingest.DefaultOptions

// appendEach is batch.Each, under the name the commands use.
var appendEach = batch.Each

// needInputs is the usage error of a document command given no input;
// commands check it before they load any model.
func needInputs(args []string) error {
	if len(args) == 0 {
		return usageError{errors.New("no input given (a file, a directory, or - for stdin)")}
	}
	return nil
}

// runDocs checks that there are inputs, builds the pipeline of opt and
// writes each document of inputs with write (batch.Write).
func runDocs(cmd *cobra.Command, inputs []string, opt pipeline.Options, workers int, write batch.WriteFunc) error {
	if err := needInputs(inputs); err != nil {
		return err
	}
	p, err := pipeline.New(opt)
	if err != nil {
		return err
	}
	return batch.Write(cmd.Context(), inputs, readOptions, p, workers, write)
}

// docCommand adds c, a command over input documents, to parent with its
// RunE and --workers: run gets the number of workers asked for.
func docCommand(parent, c *cobra.Command, run func(cmd *cobra.Command, args []string, workers int) error) *cobra.Command {
	var workers int
	c.RunE = func(cmd *cobra.Command, args []string) error { return run(cmd, args, workers) }
	c.Flags().IntVar(&workers, "workers", 0, "documents processed in parallel (0: all cores)")
	parent.AddCommand(c)
	return c
}
