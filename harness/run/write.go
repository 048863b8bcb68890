package run

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/loftgate/loftgate/harness/report"
	"github.com/loftgate/loftgate/harness/secret"
)

// FileJUnit is the JUnit report a run writes beside report.WriteFiles's.
const FileJUnit = "junit.xml"

// writeReports writes the four reports and runs the leak scan over them.
func writeReports(dir string, res *Result) error {
	if err := report.WriteFiles(dir, res.Report); err != nil {
		return err
	}
	junit := filepath.Join(dir, FileJUnit)
	verdict := ""
	if res.Verdict != report.VerdictPass {
		verdict = string(res.Verdict)
	}
	if err := writeJUnit(junit, res.Ginkgo, res.Secrets, verdict); err != nil {
		return err
	}
	files := []string{junit}
	for _, n := range []string{report.FileJSON, report.FileMarkdown, report.FileHTML} {
		files = append(files, filepath.Join(dir, n))
	}
	return secret.LeakScan(files, res.Secrets)
}

// writeJUnit writes Ginkgo's JUnit report. Failure messages can quote what
// a server sent: they are scrubbed before Ginkgo writes anything, and the
// file is scrubbed once more before it gets its final name.
func writeJUnit(path string, gr types.Report, sec *secret.Set, verdict string) error {
	gr.SpecReports = slices.Clone(gr.SpecReports)
	for i := range gr.SpecReports {
		sr := &gr.SpecReports[i]
		sr.Failure.Message = sec.Clean(sr.Failure.Message)
		sr.Failure.ForwardedPanic = sec.Clean(sr.Failure.ForwardedPanic)
		sr.CapturedGinkgoWriterOutput = sec.Clean(sr.CapturedGinkgoWriterOutput)
		sr.CapturedStdOutErr = sec.Clean(sr.CapturedStdOutErr)
	}
	if verdict != "" {
		// JUnit has no verdict of its own: the suite's properties carry it.
		gr.SpecialSuiteFailureReasons = append(slices.Clone(gr.SpecialSuiteFailureReasons), "loftgate verdict: "+verdict)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".junit-*.xml")
	if err != nil {
		return err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	if err := reporters.GenerateJUnitReportWithConfig(gr, tmp.Name(), reporters.JunitReportConfig{
		OmitTimelinesForSpecState: types.SpecStatePassed | types.SpecStateSkipped | types.SpecStatePending | types.SpecStateFailureStates,
		OmitCapturedStdOutErr:     true,
	}); err != nil {
		return fmt.Errorf("run: junit: %w", err)
	}
	raw, err := os.ReadFile(tmp.Name())
	if err != nil {
		return err
	}
	return report.WriteAtomic(path, []byte(sec.Scrub(string(raw))))
}
