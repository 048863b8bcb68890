package report

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// update rewrites the golden files: go test ./harness/report -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGolden renders the sample report in every format and compares the bytes
// with testdata/. Review the diff after -update.
func TestGolden(t *testing.T) {
	plain := func(opts TerminalOptions) func(io.Writer, *Report) error {
		return func(w io.Writer, r *Report) error { return WriteTerminal(w, r, opts) }
	}
	tests := []struct {
		file   string
		report func() *Report
		write  func(io.Writer, *Report) error
	}{
		{"report.golden.json", sampleReport, WriteJSON},
		{"report.golden.md", sampleReport, WriteMarkdown},
		{"report.golden.html", sampleReport, WriteHTML},
		{"junit.golden.xml", sampleReport, WriteJUnit},
		{"terminal.golden.txt", sampleReport, plain(TerminalOptions{ReportDir: "loftgate-report"})},
		{"terminal-verbose-color.golden.txt", sampleReport, plain(TerminalOptions{Color: true, Verbose: true, ReportDir: "out"})},
		{"pass.golden.md", passingReport, WriteMarkdown},
		{"pass.golden.txt", passingReport, plain(TerminalOptions{})},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf, tt.report()); err != nil {
				t.Fatalf("render: %v", err)
			}
			path := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./harness/report -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from the rendered report; run go test ./harness/report -update and review the diff\n--- got ---\n%s", path, buf.String())
			}
		})
	}
}

// passingReport is a run where every item passes and no baseline is set.
func passingReport() *Report {
	items := sampleItems()[:2]
	specs := []SpecResult{
		{Name: "a spec", Labels: []string{items[0].ID}, Status: "pass"},
		{Name: "b spec", Labels: []string{items[1].ID}, Status: "pass"},
	}
	return Build(items, specs, Meta{Tool: "loftgate v0.3.0", Target: "replay", StartedAt: fixedStart})
}
