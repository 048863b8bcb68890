package report

import (
	"bytes"
	"errors"
	"fmt"
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
		"### Failures (3 causes)",
		"#### cause-1: `POST /oauth/token: response 400 not in contract`", // the MUST item's cause comes first
		"Breaks 1 item: `AUTH-REFRESH-ROTATION` (new failure).",
		"#### cause-2:",
		"### New failures since the baseline",
		"### Skipped",
		"- `PAGING-DEEP-COST` Budget the surcharge of pages beyond 100 (MUST): deep paging costs are checked on the sim target only",
		"<details><summary>Checklist: 4 passed, 2 failed, 1 skipped, 1 uncovered</summary>",
		"| Item | Level | Status | Specs |",
		"<details><summary>Failed specs in full: requests and responses</summary>",
		"#### `AUTH-REFRESH-ROTATION`", // the new failure comes first
		"#### `RATE-HEADERS`",
		"<details><summary>Uncovered items (1)</summary>",
		"<details><summary>Contract coverage: ",
		"<details><summary>Notes (",
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

// TestMarkdownStaysUnderOneMiB renders a run with thousands of failures,
// each with its own cause and a large response, and checks the summary
// stays under GitHub's 1 MiB, shows the verdict and failures before any
// <details>, and says what it left out.
func TestMarkdownStaysUnderOneMiB(t *testing.T) {
	var items []contract.Item
	var specs []SpecResult
	body := `{"data":"` + strings.Repeat("x", 1800) + `"}`
	for i := range 3000 {
		id := fmt.Sprintf("ITEM-%04d", i)
		items = append(items, contract.Item{ID: id, Title: "an item with a long enough title to weigh something", Level: "MUST"})
		specs = append(specs, SpecResult{
			Name: "spec of " + id, Labels: []string{id}, Status: "fail", Location: "suites/x/x.go:1",
			Failure:   fmt.Sprintf("assertion %d failed\n%s", i, strings.Repeat("detail line\n", 20)),
			Exchanges: []Exchange{{Method: "GET", URL: "/v2/people/" + fmt.Sprint(i), Status: 500, ResponseBody: body}},
		})
	}
	r := Build(items, specs, Meta{Target: "sim", StartedAt: fixedStart})
	md := renderMarkdown(t, r)
	if len(md) >= 1<<20 {
		t.Fatalf("report.md is %d bytes, want under 1 MiB", len(md))
	}
	if !strings.Contains(md, "more causes are not shown") {
		t.Error("no note says causes were left out")
	}
	failures, details := strings.Index(md, "### Failures (3000 causes)"), strings.Index(md, "<details>")
	if failures < 0 || (details >= 0 && details < failures) || !strings.HasPrefix(md, "## loftgate: FAIL") {
		t.Errorf("verdict and failures do not come first (failures at %d, first <details> at %d)", failures, details)
	}
	if !strings.HasSuffix(md, "</sub>\n") {
		t.Error("the footer is missing: the cut broke the end of the file")
	}
}
