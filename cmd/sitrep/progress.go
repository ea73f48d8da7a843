package main

import (
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressAfter is how long a run goes before it shows progress: short runs
// (and every run whose stderr is not a terminal) stay quiet.
const progressAfter = 2 * time.Second

// progress counts the documents a run has written on stderr, once the run
// is long and only when stderr is a terminal. The number of documents to come
// is unknown (directories, feeds, WARC), so it shows a count and a rate.
type progress struct {
	start time.Time
	tty   bool
	bar   *progressbar.ProgressBar
	n     int
}

func newProgress() *progress {
	return &progress{start: time.Now(), tty: term.IsTerminal(int(os.Stderr.Fd()))}
}

// add counts one more document.
func (p *progress) add() {
	p.n++
	if !p.tty {
		return
	}
	if p.bar == nil {
		if time.Since(p.start) < progressAfter {
			return
		}
		p.bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(os.Stderr),
			progressbar.OptionSetDescription("documents"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("docs"),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		p.bar.Add(p.n - 1)
	}
	p.bar.Add(1)
}

// clear takes the bar off the line so that a message can be printed.
func (p *progress) clear() {
	if p.bar != nil {
		p.bar.Clear()
	}
}

// finish removes the bar at the end of the run.
func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
