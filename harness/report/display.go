package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/loftgate/loftgate/harness/contract"
)

// Display limits shared by the human-readable renderers.
const (
	// bodyLimit is how much of a request or response body is shown (the JSON
	// report keeps bodies whole).
	bodyLimit = 2 << 10
	// outputLimit is how much of a spec's captured output is shown; the end
	// is kept, since it is nearest to the failure.
	outputLimit = 8 << 10
	// messageLines is how many lines of a failure message the terminal shows.
	messageLines = 12
	// exchangeLimit is how many request lines a Markdown failure lists (the last ones).
	exchangeLimit = 10
)

// printer writes formatted text and remembers the first write error, so
// renderers can write freely and check once.
type printer struct {
	w   io.Writer
	err error
}

// printf writes unless an earlier write failed.
func (p *printer) printf(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, args...)
}

// truncateHead keeps the first limit bytes of s (cut on a UTF-8 boundary)
// and says how much was left out.
func truncateHead(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s\n... [%d more bytes not shown]", s[:cut], len(s)-cut)
}

// truncateTail keeps the last limit bytes of s (cut on a UTF-8 boundary)
// and says how much was left out.
func truncateTail(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := len(s) - limit
	for cut < len(s) && !utf8.RuneStart(s[cut]) {
		cut++
	}
	return fmt.Sprintf("[%d earlier bytes not shown] ...\n%s", cut, s[cut:])
}

// displayBody prepares a request or response body for people: JSON is
// indented (keys keep their order) and at most bodyLimit bytes are kept.
func displayBody(s string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(s), "", "  "); err == nil {
		s = buf.String()
	}
	return truncateHead(s, bodyLimit)
}

// statusWord is the upper-case word for a status: PASS, FAIL, SKIP, UNCOVERED.
func statusWord(status Status) string {
	if status == "" {
		return "UNKNOWN"
	}
	return strings.ToUpper(string(status))
}

// verdictWord is PASS, FAIL or INTERRUPTED.
func verdictWord(v Verdict) string {
	if v == VerdictInterrupted {
		return "INTERRUPTED"
	}
	if v == VerdictPass {
		return "PASS"
	}
	return "FAIL"
}

// changeText is the human form of an item's change, or "" when there is
// nothing to call out.
func changeText(change string) string {
	switch change {
	case ChangeNewFailure:
		return "new failure"
	case ChangeFixed:
		return "fixed"
	case ChangeNewItem:
		return "new item"
	}
	return ""
}

// plural returns "1 spec" or "2 specs".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// countsLine is "28 passed, 1 failed, 1 skipped, 0 uncovered".
func countsLine(s Summary) string {
	return fmt.Sprintf("%d passed, %d failed, %d skipped, %d uncovered", s.Pass, s.Fail, s.Skip, s.Uncovered)
}

// verdictReason explains the verdict, e.g. "1 MUST item failed; 1 SHOULD item
// failed (does not fail the run)".
func verdictReason(r *Report) string {
	should := r.Summary.Fail - r.Summary.MustFail
	var parts []string
	if r.Verdict == VerdictInterrupted {
		parts = append(parts, "the run was interrupted before every spec ran")
	}
	if r.Summary.MustFail > 0 {
		parts = append(parts, plural(r.Summary.MustFail, "MUST item")+" failed")
	} else {
		parts = append(parts, "no MUST item failed")
	}
	if should > 0 {
		parts = append(parts, plural(should, "SHOULD item")+" failed, which does not fail the run")
	}
	if r.FailOnSkip && r.Summary.MustSkip > 0 {
		var must []string
		ran, _ := ranSkipped(r)
		for _, it := range ran {
			if it.Level == contract.LevelMust {
				must = append(must, it.ID+": "+it.SkipReason)
			}
		}
		parts = append(parts, plural(r.Summary.MustSkip, "MUST item")+" skipped, which fails the run with fail_on_skip ("+strings.Join(must, "; ")+")")
	}
	return strings.Join(parts, "; ")
}

// exchangeRoleText says why a cause's exchange was chosen.
func exchangeRoleText(role string) string {
	switch role {
	case roleViolation:
		return "broke the contract"
	case roleErrorStatus:
		return "the spec's last error response"
	}
	return "the spec's last request"
}

// specTally is "2/3 passed" plus the failed and skipped counts when there are any.
func specTally(specs []Spec) string {
	if len(specs) == 0 {
		return "no specs"
	}
	var pass, fail, skip int
	for _, s := range specs {
		switch s.Status {
		case StatusPass:
			pass++
		case StatusSkip:
			skip++
		default:
			fail++
		}
	}
	out := fmt.Sprintf("%d/%d passed", pass, len(specs))
	if fail > 0 {
		out += fmt.Sprintf(", %d failed", fail)
	}
	if skip > 0 {
		out += fmt.Sprintf(", %d skipped", skip)
	}
	return out
}

// formatMS formats a duration in milliseconds for people: "0.4 ms", "12 ms", "3.2 s", "2m05s".
func formatMS(ms float64) string {
	switch {
	case ms < 10:
		return fmt.Sprintf("%.1f ms", ms)
	case ms < 1000:
		return fmt.Sprintf("%.0f ms", ms)
	case ms < 60000:
		return fmt.Sprintf("%.1f s", ms/1000)
	}
	secs := int64(ms / 1000)
	return fmt.Sprintf("%dm%02ds", secs/60, secs%60)
}

// requestLine is "POST https://host/oauth/token -> 200".
func requestLine(e Exchange) string {
	status := fmt.Sprint(e.Status)
	if e.Status == 0 {
		status = "no response"
	}
	return fmt.Sprintf("%s %s -> %s", e.Method, e.URL, status)
}

// failedSpecs returns the failed specs of an item.
func failedSpecs(it Item) []Spec {
	var out []Spec
	for _, s := range it.Specs {
		if s.Status != StatusPass && s.Status != StatusSkip {
			out = append(out, s)
		}
	}
	return out
}

// coverage returns how many operations were called and how many there are.
func coverage(ops []Operation) (called, total int) {
	for _, op := range ops {
		if op.Calls > 0 {
			called++
		}
	}
	return called, len(ops)
}

// itemsByID returns the items whose IDs are listed, in the order listed,
// skipping IDs the report does not have.
func itemsByID(r *Report, ids []string) []Item {
	var out []Item
	for _, id := range ids {
		for _, it := range r.Items {
			if it.ID == id {
				out = append(out, it)
				break
			}
		}
	}
	return out
}
