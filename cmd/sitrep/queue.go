package main

import (
	"context"
	"log"
	"os"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/batch"
	"github.com/sitrep-dev/sitrep/nats"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// queueFlags registers --nats and --stream.
func queueFlags(cmd *cobra.Command, url, stream *string) {
	cmd.Flags().StringVar(url, "nats", "", "NATS server with JetStream (nats://host:4222) whose work queue the documents go through")
	cmd.Flags().StringVar(stream, "stream", nats.DefaultStream, "JetStream stream of the work queue")
}

// runPublish queues the documents of inputs on the stream for workers.
func runPublish(ctx context.Context, url, stream string, inputs []string, workers int, opt pipeline.Options) error {
	stages, err := pipeline.New(opt)
	if err != nil {
		return err
	}
	q, err := nats.Open(ctx, url, nats.Options{Stream: stream, Log: log.New(os.Stderr, "sitrep: ", 0)})
	if err != nil {
		return err
	}
	defer q.Close()
	_, err = batch.Publish(ctx, q, stream, inputs, readOptions, stages, workers)
	return err
}
