package report_test

import (
	"fmt"
	"github.com/loftgate/loftgate/harness/contract"
	"os"
	"time"

	"github.com/loftgate/loftgate/harness/report"
)

// Build a report from the checklist and spec results, then print the
// terminal summary.
func ExampleBuild() {
	items := []contract.Item{
		{ID: "AUTH-REFRESH-ROTATION", Title: "Store the rotated refresh token", Level: "MUST"},
		{ID: "RATE-HEADERS", Title: "Read the rate-limit headers", Level: "SHOULD"},
	}
	specs := []report.SpecResult{
		{Name: "refresh rotates", Labels: []string{"AUTH-REFRESH-ROTATION"}, Status: "pass"},
		{Name: "headers are read", Labels: []string{"RATE-HEADERS"}, Status: "fail", Failure: "header missing"},
	}
	r := report.Build(items, specs, report.Meta{Tool: "loftgate v0.3.0", Target: "replay", StartedAt: time.Now()})
	if err := report.WriteTerminal(os.Stdout, r, report.TerminalOptions{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// loftgate v0.3.0 on replay
	//
	// PASS       AUTH-REFRESH-ROTATION  Store the rotated refresh token (1 spec)
	// FAIL       RATE-HEADERS           Read the rate-limit headers (1 spec, SHOULD)
	//
	// Failures (1 cause):
	//
	// cause-1  header missing
	//     items:     RATE-HEADERS (SHOULD)
	//     spec:      headers are read [RATE-HEADERS]
	//
	// 1 passed, 1 failed, 0 skipped, 0 uncovered (2 specs)
	// verdict: PASS (no MUST item failed; 1 SHOULD item failed, which does not fail the run)
}
