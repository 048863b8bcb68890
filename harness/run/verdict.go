package run

import (
	"fmt"
	"slices"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/loftgate/loftgate/harness/report"
)

// Ginkgo's SpecialSuiteFailureReasons for an interrupt and for the run's
// timeout (internal/interrupt_handler and internal/suite.go).
const (
	ginkgoInterrupted  = "Interrupted by User"
	ginkgoSuiteTimeout = "Suite Timeout Elapsed"
)

// settleVerdict gives an interrupted run the verdict interrupted and a run
// that reached its --timeout the verdict fail, whatever the items say:
// specs that never ran are skipped, and skipped items do not fail a run.
func settleVerdict(res *Result, timeout time.Duration) {
	r := res.Report
	reasons := res.Ginkgo.SpecialSuiteFailureReasons
	notRun := 0
	stoppedBefore := notStarted(res.Ginkgo)
	for _, sr := range res.Ginkgo.SpecReports {
		if sr.LeafNodeType == types.NodeTypeIt && stoppedBefore(sr) {
			notRun++
		}
	}
	switch {
	case res.Signal != nil || slices.Contains(reasons, ginkgoInterrupted):
		r.Verdict = report.VerdictInterrupted
		r.Notes = append(r.Notes, fmt.Sprintf("The run was interrupted by %s: the running spec was stopped and cleaned up, and %d specs did not run. An interrupted run never passes.", SignalName(res.Signal), notRun))
	case slices.Contains(reasons, ginkgoSuiteTimeout):
		r.Verdict = report.VerdictFail
		r.Notes = append(r.Notes, fmt.Sprintf("The run reached its --timeout of %s: the running spec was stopped and %d specs did not run; the verdict is fail.", timeout, notRun))
	}
	res.Verdict = r.Verdict
}
