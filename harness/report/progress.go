package report

import (
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

// ProgressOptions controls a [Progress].
type ProgressOptions struct {
	// Color colours status words with ANSI escapes.
	Color bool
	// Live draws a status line (specs done, the spec running) that is
	// redrawn in place with a carriage return: for a terminal only, never
	// for a pipe or a file.
	Live bool
}

// Progress prints a run while it happens: the header first, then a line per
// checklist item the moment its last spec finishes, and on a terminal a
// status line redrawn in place. It implements run.Progress. After the run,
// End clears the status line and says what was printed, so that
// [WriteTerminal] does not print it again.
type Progress struct {
	mu    sync.Mutex
	t     *terminal
	live  bool
	drawn bool // a status line is on the screen
	shown Shown
}

// Shown is what a [Progress] already printed: the header and the item lines.
type Shown struct {
	// Header is true when the header line was printed.
	Header bool
	// Items holds the IDs of the items whose line was printed.
	Items map[string]bool
}

// NewProgress returns a Progress writing to w.
func NewProgress(w io.Writer, opts ProgressOptions) *Progress {
	return &Progress{
		t:     &terminal{p: printer{w: w}, opts: TerminalOptions{Color: opts.Color}},
		live:  opts.Live,
		shown: Shown{Items: map[string]bool{}},
	}
}

// Begin prints the header line; header's items set the column widths.
func (p *Progress) Begin(header *Report, specs int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, it := range header.Items {
		p.t.idWidth = max(p.t.idWidth, len(termText(it.ID)))
	}
	h := *header
	h.Identity = "" // not known yet; the summary prints it
	p.t.head(&h)
	p.shown.Header = true
	p.status(fmt.Sprintf("[0/%d] starting", specs))
}

// SpecStarted redraws the status line (live only).
func (p *Progress) SpecStarted(name string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status(fmt.Sprintf("[%d/%d] %s", done, total, name))
}

// ItemDone prints the item's line, above the status line.
func (p *Progress) ItemDone(it Item) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	p.t.p.printf("%s\n", p.t.itemLine(it))
	p.shown.Items[it.ID] = true
}

// End clears the status line and returns what was printed.
func (p *Progress) End() *Shown {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	if len(p.shown.Items) > 0 {
		p.t.p.printf("\n")
	}
	s := p.shown
	return &s
}

// statusLineWidth is the longest status line, in characters, so that it fits
// an 80-column terminal.
const statusLineWidth = 78

// status draws text as the status line, replacing the previous one.
func (p *Progress) status(text string) {
	if !p.live {
		return
	}
	text = termText(text)
	if utf8.RuneCountInString(text) > statusLineWidth {
		r := []rune(text)
		text = string(r[:statusLineWidth-3]) + "..."
	}
	p.t.p.printf("\r\x1b[K%s", text)
	p.drawn = true
}

// clear removes the status line.
func (p *Progress) clear() {
	if p.drawn {
		p.t.p.printf("\r\x1b[K")
		p.drawn = false
	}
}
