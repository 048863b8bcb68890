package report

import (
	"fmt"
	"github.com/loftgate/loftgate/harness/contract"
	"io"
	"path/filepath"
	"strings"
)

// TerminalOptions controls [WriteTerminal].
type TerminalOptions struct {
	// Color colours status words with ANSI escapes; leave it off when output
	// is not a terminal or NO_COLOR is set.
	Color bool
	// ReportDir is the directory the report files were written to; when set,
	// the last line points at them.
	ReportDir string
	// Verbose also lists every spec under its item.
	Verbose bool
	// Shown is what a [Progress] already printed during the run; the header
	// and those item lines are not printed again.
	Shown *Shown
	// Quiet writes only the failures and the verdict line.
	Quiet bool
}

// ANSI escapes used when TerminalOptions.Color is set.
const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiRed     = "\x1b[31m"
	ansiGreen   = "\x1b[32m"
	ansiYellow  = "\x1b[33m"
	ansiMagenta = "\x1b[35m"
)

// statusWidth is the width of the widest status word, UNCOVERED.
const statusWidth = len("UNCOVERED")

// WriteTerminal writes the short summary printed at the end of a run: a line
// per item ("PASS  AUTH-REFRESH-ROTATION  title (2 specs)"), new failures
// called out first, the failures grouped by cause (the exchange that shows
// each cause, a curl line reproducing it, the failed specs), the skipped
// items with their reasons, notes, the counts line, the verdict and where
// the report files are. With opts.Shown the header and the item lines a
// [Progress] already printed are left out; with opts.Quiet only the
// failures and the verdict line are written. Control characters in report
// text are shown escaped, so a response body cannot drive the terminal.
func WriteTerminal(w io.Writer, r *Report, opts TerminalOptions) error {
	if r == nil {
		return fmt.Errorf("report: write terminal: nil report")
	}
	t := &terminal{p: printer{w: w}, opts: opts}
	for _, it := range r.Items {
		t.idWidth = max(t.idWidth, len(termText(it.ID)))
	}
	if opts.Quiet {
		t.failures(r)
		t.verdict(r)
	} else {
		t.head(r)
		t.newFailures(r)
		t.items(r)
		t.failures(r)
		t.skips(r)
		t.tail(r)
	}
	if t.p.err != nil {
		return fmt.Errorf("report: write terminal: %w", t.p.err)
	}
	return nil
}

// terminal holds the state of one WriteTerminal call.
type terminal struct {
	p       printer
	opts    TerminalOptions
	idWidth int
}

// head writes the line naming the tool, target, versions and identity.
func (t *terminal) head(r *Report) {
	if t.opts.Shown != nil && t.opts.Shown.Header {
		if r.Identity != "" {
			t.p.printf("Authenticated as: %s\n\n", termText(r.Identity))
		}
		return
	}
	line := r.Tool
	if line == "" {
		line = "loftgate"
	}
	if r.Target != "" {
		line += " on " + r.Target
	}
	var versions []string
	if r.ChecklistVersion != "" {
		versions = append(versions, "checklist "+r.ChecklistVersion)
	}
	if r.ContractVersion != "" {
		versions = append(versions, "contract "+r.ContractVersion)
	}
	if len(versions) > 0 {
		line += " (" + strings.Join(versions, ", ") + ")"
	}
	t.p.printf("%s\n", termText(line))
	if r.Identity != "" {
		// The line SalesLoft's own getting-started guide prints (ME-IDENTITY).
		t.p.printf("Authenticated as: %s\n", termText(r.Identity))
	}
	t.p.printf("\n")
}

// newFailures calls out the items that fail now and did not in the baseline.
func (t *terminal) newFailures(r *Report) {
	if r.Baseline == nil || len(r.Baseline.NewFailures) == 0 {
		return
	}
	t.p.printf("%s since baseline %s:\n", t.paint(ansiBold+ansiRed, "NEW FAILURES"), termText(r.Baseline.Path))
	for _, it := range itemsByID(r, r.Baseline.NewFailures) {
		t.p.printf("  %s\n", t.itemLine(it))
	}
	t.p.printf("\n")
}

// items writes one line per item, and with Verbose its specs.
func (t *terminal) items(r *Report) {
	n := 0
	for _, it := range r.Items {
		if t.opts.Shown != nil && t.opts.Shown.Items[it.ID] {
			continue
		}
		n++
		t.p.printf("%s\n", t.itemLine(it))
		if !t.opts.Verbose {
			continue
		}
		indent := strings.Repeat(" ", statusWidth+2)
		for _, s := range it.Specs {
			t.p.printf("%s%s  %s (%s)\n", indent, t.status(s.Status, 4), termText(s.Name), formatMS(s.DurationMS))
		}
	}
	if n > 0 {
		t.p.printf("\n")
	}
}

// itemLine is "PASS       AUTH-REFRESH-ROTATION  title (2 specs)".
func (t *terminal) itemLine(it Item) string {
	var extra []string
	if len(it.Specs) == 0 {
		extra = append(extra, "no specs")
	} else {
		extra = append(extra, plural(len(it.Specs), "spec"))
	}
	if it.Level == contract.LevelShould {
		extra = append(extra, "SHOULD")
	}
	if c := changeText(it.Change); c != "" && it.Change != ChangeUnchanged {
		extra = append(extra, c)
	}
	return fmt.Sprintf("%s  %-*s  %s (%s)", t.status(it.Status, statusWidth), t.idWidth, termText(it.ID), termText(it.Title), strings.Join(extra, ", "))
}

// failures writes the run's failures grouped by cause: what broke, the
// items it broke, the exchange that shows it and a curl line to reproduce
// it, then each failed spec with what its own message adds.
func (t *terminal) failures(r *Report) {
	if len(r.Causes) == 0 {
		return
	}
	items := make(map[string]Item, len(r.Items))
	for _, it := range r.Items {
		items[it.ID] = it
	}
	t.p.printf("%s\n\n", t.paint(ansiBold, fmt.Sprintf("Failures (%s):", plural(len(r.Causes), "cause"))))
	for _, c := range r.Causes {
		t.p.printf("%s  %s\n", t.paint(ansiBold+ansiRed, termText(c.ID)), termText(c.Summary))
		for _, v := range c.Violations[min(1, len(c.Violations)):] {
			t.field("also", v)
		}
		t.field("items", causeItems(c, items))
		if c.Exchange != nil {
			t.field("request", requestLine(*c.Exchange)+" ("+exchangeRoleText(c.ExchangeRole)+")")
			t.field("curl", c.Curl)
		}
		for _, s := range c.Specs {
			t.field("spec", s.Name+" ["+strings.Join(s.Items, ", ")+"]")
			t.field("at", s.Location)
			t.message(s.Message)
		}
		t.p.printf("\n")
	}
}

// skips writes each skipped item with the reason its specs gave.
func (t *terminal) skips(r *Report) {
	skipped, left := ranSkipped(r)
	if len(skipped) > 0 {
		t.p.printf("%s\n", t.paint(ansiBold, "Skipped:"))
		for _, it := range skipped {
			t.p.printf("  %-*s  %s\n", t.idWidth, termText(it.ID), termText(it.SkipReason))
		}
	}
	if left > 0 {
		t.p.printf("%s not selected by the label filter\n", plural(left, "item"))
	}
	if len(skipped) > 0 || left > 0 {
		t.p.printf("\n")
	}
}

// causeItems is "ME-IDENTITY, RATE-HEADERS (SHOULD), ... (3 items)", new
// failures marked.
func causeItems(c Cause, items map[string]Item) string {
	parts := make([]string, len(c.Items))
	for i, id := range c.Items {
		parts[i] = id
		it := items[id]
		var notes []string
		if it.Level == contract.LevelShould {
			notes = append(notes, "SHOULD")
		}
		if it.Change == ChangeNewFailure {
			notes = append(notes, "new failure")
		}
		if len(notes) > 0 {
			parts[i] += " (" + strings.Join(notes, ", ") + ")"
		}
	}
	out := strings.Join(parts, ", ")
	if len(c.Items) > 1 {
		out += " (" + plural(len(c.Items), "item") + ")"
	}
	return out
}

// fieldIndent is the indentation of a failure's fields and its width for labels.
const fieldIndent = "    "

// field writes "    label:    value" when value is not empty.
func (t *terminal) field(label, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	t.p.printf("%s%-10s %s\n", fieldIndent, label+":", termText(value))
}

// message writes a failure message, at most messageLines lines of it.
func (t *terminal) message(msg string) {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return
	}
	lines := strings.Split(msg, "\n")
	if len(lines) > messageLines {
		rest := len(lines) - messageLines
		lines = append(lines[:messageLines], fmt.Sprintf("... (%d more lines in report.md)", rest))
	}
	pad := fieldIndent + strings.Repeat(" ", 11)
	for i, line := range lines {
		if i == 0 {
			t.p.printf("%s%-10s %s\n", fieldIndent, "message:", termText(line))
			continue
		}
		t.p.printf("%s%s\n", pad, termText(line))
	}
}

// tail writes the notes, the counts line, the verdict and the report paths.
func (t *terminal) tail(r *Report) {
	for _, n := range r.Notes {
		t.p.printf("note: %s\n", termText(n))
	}
	if len(r.Notes) > 0 {
		t.p.printf("\n")
	}
	line := countsLine(r.Summary) + " (" + plural(r.Summary.Specs, "spec")
	if r.DurationMS > 0 {
		line += " in " + formatMS(float64(r.DurationMS))
	}
	t.p.printf("%s)\n", line)
	t.verdict(r)
	if t.opts.ReportDir != "" {
		dir := termText(t.opts.ReportDir)
		t.p.printf("reports: %s, %s\n", filepath.Join(dir, "report.{json,md,html}"), filepath.Join(dir, "junit.xml"))
	}
}

// verdict writes the verdict line.
func (t *terminal) verdict(r *Report) {
	colour := ansiGreen
	if r.Verdict != VerdictPass {
		colour = ansiRed
	}
	t.p.printf("verdict: %s (%s)\n", t.paint(ansiBold+colour, verdictWord(r.Verdict)), verdictReason(r))
}

// status writes a status word padded to width, coloured when asked.
func (t *terminal) status(status Status, width int) string {
	word := statusWord(status)
	pad := ""
	if n := width - len(word); n > 0 {
		pad = strings.Repeat(" ", n)
	}
	colour := ""
	switch status {
	case StatusPass:
		colour = ansiGreen
	case StatusFail:
		colour = ansiRed
	case StatusSkip:
		colour = ansiYellow
	case StatusUncovered:
		colour = ansiMagenta
	}
	return t.paint(colour, termText(word)) + pad
}

// paint wraps s in an ANSI colour when colour output is on.
func (t *terminal) paint(colour, s string) string {
	if !t.opts.Color || colour == "" {
		return s
	}
	return colour + s + ansiReset
}

// termText escapes control characters (other than newline and tab) so text
// from a server or a spec cannot move the cursor or change colours.
func termText(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c == '\n' || c == '\t':
			b.WriteRune(c)
		case c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}
