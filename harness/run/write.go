package run

import (
	"path/filepath"

	"github.com/loftgate/loftgate/harness/report"
	"github.com/loftgate/loftgate/harness/secret"
)

// FileJUnit is the JUnit report a run writes (report.WriteFiles writes it).
const FileJUnit = report.FileJUnit

// writeReports writes the four reports and runs the leak scan over them.
func writeReports(dir string, res *Result) error {
	if err := report.WriteFiles(dir, res.Report); err != nil {
		return err
	}
	var files []string
	for _, n := range []string{report.FileJSON, report.FileMarkdown, report.FileHTML, report.FileJUnit} {
		files = append(files, filepath.Join(dir, n))
	}
	return secret.LeakScan(files, res.Secrets)
}
