package main

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/watch"
)

func init() {
	var (
		dbPath, feedFile string
		c                coder
		wopt             watch.Options
	)
	cmd := &cobra.Command{
		Use:   "watch [FEED_URL...]",
		Short: "follow RSS/Atom feeds and folders, coding new articles into a database as they arrive",
		Long: `watch polls RSS and Atom feeds (URLs as arguments or one a line in --feeds FILE) and scans
folders (--dir) until Ctrl-C or SIGTERM. Each article not stored yet is coded (as ingest does),
put in its story and incidents, and stored; an item that carries only a summary is replaced by
the article its link points to. Feeds are fetched with conditional requests (ETag,
Last-Modified); a feed that fails is reported on stderr and tried again later and later, up
to --max-backoff. Stopped or killed, watch started again with the same database goes on where
it was: a feed's state is saved only after the articles of that poll are stored, so nothing is
lost, and stored articles are never fetched or coded again.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			wopt.Feeds = append(wopt.Feeds, args...)
			if feedFile != "" {
				urls, err := watch.ReadFeeds(feedFile)
				if err != nil {
					return usageError{err}
				}
				wopt.Feeds = append(wopt.Feeds, urls...)
			}
			if len(wopt.Feeds)+len(wopt.Dirs) == 0 {
				return usageError{errors.New("nothing to watch: give feed URLs, --feeds FILE or --dir DIR")}
			}
			return runWatch(cmd.Context(), dbPath, c, wopt)
		},
	}
	dbFlag(cmd, &dbPath)
	cmd.Flags().StringVar(&feedFile, "feeds", "", "file of feed URLs, one a line (# comments)")
	cmd.Flags().StringSliceVar(&wopt.Dirs, "dir", nil, "folder whose new files are read (repeatable)")
	cmd.Flags().DurationVar(&wopt.Interval, "interval", watch.DefaultInterval, "time between two polls of a feed or scans of a folder")
	cmd.Flags().DurationVar(&wopt.MaxBackoff, "max-backoff", watch.DefaultMaxBackoff, "longest wait before polling a failing feed again")
	cmd.Flags().IntVar(&wopt.MinText, "min-text", watch.DefaultMinText, "fetch the linked article of an item whose text is shorter (bytes; 0: never)")
	c.register(cmd)
	root.AddCommand(cmd)
}

// runWatch codes what the watcher finds into the database until ctx ends.
func runWatch(ctx context.Context, dbPath string, c coder, wopt watch.Options) error {
	stages, err := pipeline.New(c.opt)
	if err != nil {
		return err
	}
	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	return watch.Code(ctx, st, dbPath, stages, c.workers, wopt)
}
