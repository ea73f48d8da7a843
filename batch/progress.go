package batch

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/sitrep-dev/sitrep/ingest"
)

// progressAfter is how long a run goes before a terminal shows progress, and
// progressLogEvery how often a plain line tells it where stderr is no
// terminal (a log file, a CI job): short runs stay quiet.
var (
	progressAfter    = 2 * time.Second
	progressLogEvery = 30 * time.Second
)

// progress tells on stderr how far a run is: documents done, bytes of input
// read against their total (the sizes of the input files, counted while the
// run starts), the rate and the time left. A terminal gets a bar; anything
// else a plain line now and then.
type progress struct {
	out   io.Writer
	tty   bool
	start time.Time
	read  *atomic.Int64 // bytes of input read, from ingest.Options.BytesRead
	total atomic.Int64  // bytes of input in all; 0 while counted, -1 unknown (stdin)
	docs  int
	bar   *progressbar.ProgressBar
	log   time.Time // when the last plain line was written
}

// newProgress follows a run over inputs whose reading counts its bytes in
// read.
func newProgress(inputs []string, read *atomic.Int64) *progress {
	p := &progress{out: os.Stderr, tty: term.IsTerminal(int(os.Stderr.Fd())), start: time.Now(), read: read}
	p.log = p.start
	go func() {
		// Walking a large directory takes a while: the run does not wait.
		n := ingest.Size(inputs)
		if n == 0 {
			n = -1
		}
		p.total.Store(n)
	}()
	return p
}

// add counts one more document.
func (p *progress) add() {
	p.docs++
	now := time.Now()
	if !p.tty {
		if now.Sub(p.log) >= progressLogEvery {
			p.log = now
			fmt.Fprintln(p.out, "sitrep:", p.line(now))
		}
		return
	}
	if p.bar == nil {
		if now.Sub(p.start) < progressAfter {
			return
		}
		total := p.total.Load()
		if total == 0 {
			return // still counted
		}
		p.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(p.out),
			progressbar.OptionShowBytes(true),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	p.bar.Describe(plural(p.docs, "document"))
	p.bar.Set64(p.read.Load())
}

// line is the plain progress line: "1204 documents, 12.0 of 48.0 MB (25%),
// 31 documents/s, about 2m10s left".
func (p *progress) line(now time.Time) string {
	elapsed := now.Sub(p.start).Seconds()
	s := fmt.Sprintf("%s, %.1f", plural(p.docs, "document"), float64(p.read.Load())/1e6)
	read, total := p.read.Load(), p.total.Load()
	if total > 0 {
		s += fmt.Sprintf(" of %.1f MB (%.0f%%)", float64(total)/1e6, 100*float64(read)/float64(total))
	} else {
		s += " MB"
	}
	if rate := float64(p.docs) / elapsed; rate < 10 {
		s += fmt.Sprintf(", %.2g documents/s", rate)
	} else {
		s += fmt.Sprintf(", %.0f documents/s", rate)
	}
	if total > 0 && read > 0 && read < total {
		left := time.Duration(elapsed * float64(total-read) / float64(read) * float64(time.Second))
		s += ", about " + left.Round(time.Second).String() + " left"
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
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
