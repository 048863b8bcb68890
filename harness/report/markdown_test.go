package report

import (
	"bytes"
	"errors"
	"github.com/loftgate/loftgate/harness/contract"
	"strings"
	"testing"
)

// renderMarkdown renders r or fails the test.
func renderMarkdown(t *testing.T, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, r); err != nil {
		t.Fatalf("WriteMarkdown: %v", err)
	}
	return buf.String()
}

func TestMarkdownOrder(t *testing.T) {
	md := renderMarkdown(t, sampleReport())
	order := []string{
		"## loftgate: FAIL",
		"### New failures since the baseline",
		"| Item | Level | Status | Specs |",
		"### Failures",
		"#### `AUTH-REFRESH-ROTATION`", // the new failure comes first
		"#### `RATE-HEADERS`",
		"### Skipped and uncovered",
		"### Contract coverage",
		"### Notes",
	}
	at := 0
	for _, s := range order {
		i := strings.Index(md[at:], s)
		if i < 0 {
			t.Fatalf("%q missing or out of order in\n%s", s, md)
		}
		at += i + len(s)
	}
	for _, banned := range []string{"✅", "❌", "⚠"} {
		if strings.Contains(md, banned) {
			t.Errorf("markdown contains emoji %q", banned)
		}
	}
}

func TestMarkdownNewFailuresFirstEvenIfLaterInChecklist(t *testing.T) {
	r := Build(
		[]contract.Item{{ID: "OLD", Level: "MUST"}, {ID: "NEW", Level: "MUST"}},
		[]SpecResult{{Name: "a", Labels: []string{"OLD"}, Status: "fail"}, {Name: "b", Labels: []string{"NEW"}, Status: "fail"}},
		Meta{},
	)
	r.CompareBaseline(&Report{Items: []Item{{ID: "OLD", Status: StatusFail}, {ID: "NEW", Status: StatusPass}}}, "b.json")
	md := renderMarkdown(t, r)
	if strings.Index(md, "#### `NEW`") > strings.Index(md, "#### `OLD`") {
		t.Errorf("new failure NEW is not shown before OLD:\n%s", md)
	}
}

func TestMarkdownEscaping(t *testing.T) {
	r := Build(
		[]contract.Item{{ID: "A|B", Title: "pipes | and <b>tags</b> and *stars*\nnewline", Level: "MUST"}},
		[]SpecResult{{
			Name: "s", Labels: []string{"A|B"}, Status: "fail",
			Failure:   "```\nbreak out of the fence\n```",
			Exchanges: []Exchange{{Method: "GET", URL: "http://x/`y`", Status: 500, ResponseBody: "````" + strings.Repeat("x", 3000)}},
		}},
		Meta{},
	)
	md := renderMarkdown(t, r)
	row := ""
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| `A") {
			row = line
		}
	}
	if row == "" {
		t.Fatalf("no table row for A|B in\n%s", md)
	}
	if got := strings.Count(strings.ReplaceAll(row, `\|`, ""), "|"); got != 5 {
		t.Errorf("row %q has %d unescaped pipes, want 5 (4 cells)", row, got)
	}
	for _, raw := range []string{"<b>", "*stars*"} {
		if strings.Contains(row, raw) {
			t.Errorf("row %q contains unescaped %q", row, raw)
		}
	}
	if !strings.Contains(md, "````text\n```\nbreak out of the fence\n```\n````") {
		t.Errorf("failure message fence can be closed by its content:\n%s", md)
	}
	if !strings.Contains(md, "`````text\n````") {
		t.Errorf("response fence can be closed by its content:\n%s", md)
	}
	if !strings.Contains(md, "more bytes not shown") || strings.Contains(md, strings.Repeat("x", 2100)) {
		t.Error("response excerpt is not truncated to 2 KB")
	}
	if !strings.Contains(md, "``GET http://x/`y` -> 500``") {
		t.Errorf("request line with backticks is not safely quoted:\n%s", md)
	}
}

func TestMarkdownPassAndNoBaseline(t *testing.T) {
	md := renderMarkdown(t, passingReport())
	if !strings.Contains(md, "**`PASS`** no MUST item failed") {
		t.Errorf("no PASS verdict line in\n%s", md)
	}
	for _, absent := range []string{"### Failures", "baseline", "### Notes"} {
		if strings.Contains(md, absent) {
			t.Errorf("passing report without baseline contains %q", absent)
		}
	}
}

func TestMarkdownNoNewFailures(t *testing.T) {
	r := sampleReport()
	r.CompareBaseline(r, "same.json")
	md := renderMarkdown(t, r)
	if !strings.Contains(md, "No new failures since the baseline `same.json`.") {
		t.Errorf("no 'no new failures' line in\n%s", md)
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWritersReportWriteErrors(t *testing.T) {
	r := sampleReport()
	for name, write := range map[string]func() error{
		"json":     func() error { return WriteJSON(failWriter{}, r) },
		"markdown": func() error { return WriteMarkdown(failWriter{}, r) },
		"html":     func() error { return WriteHTML(failWriter{}, r) },
		"terminal": func() error { return WriteTerminal(failWriter{}, r, TerminalOptions{}) },
	} {
		err := write()
		if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.HasPrefix(err.Error(), "report: ") {
			t.Errorf("%s: error = %v, want a report: error wrapping the write error", name, err)
		}
	}
}

func TestWritersRejectNil(t *testing.T) {
	var buf bytes.Buffer
	for name, err := range map[string]error{
		"json":     WriteJSON(&buf, nil),
		"markdown": WriteMarkdown(&buf, nil),
		"html":     WriteHTML(&buf, nil),
		"terminal": WriteTerminal(&buf, nil, TerminalOptions{}),
		"files":    WriteFiles(t.TempDir(), nil),
	} {
		if err == nil {
			t.Errorf("%s: no error for a nil report", name)
		}
	}
}
