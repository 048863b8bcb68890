package run

import (
	"fmt"
	"io"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/report"
	"github.com/loftgate/loftgate/harness/sim"
)

// Option configures a Run. An option whose input can be wrong checks it and
// returns an error, which Run returns as a *UsageError.
type Option func(*settings) error

// settings are the options of one run.
type settings struct {
	labelFilter  string
	faults       []string
	reportDir    string
	baseline     *report.Report
	baselinePath string
	recording    bool
	tool         string
	output       *output
	t            testingT
	log          io.Writer
	contract     *contract.Contract
	timeout      time.Duration
	specTimeout  time.Duration
	interrupts   bool
	progress     Progress
}

// output is how Ginkgo's own reporter writes, when the run sets it.
type output struct {
	w       io.Writer
	verbose bool
}

// WithLabelFilter runs only the specs whose labels match a Ginkgo label
// expression (item IDs, && || !, /regexp/).
func WithLabelFilter(expr string) Option {
	return func(s *settings) error {
		if expr == "" {
			return nil
		}
		if _, err := types.ParseLabelFilter(expr); err != nil {
			return labelFilterError(expr, err)
		}
		s.labelFilter = expr
		return nil
	}
}

// WithFaults switches simulator faults on for the whole run (sim target
// only), in `--fault` syntax.
func WithFaults(faults ...string) Option {
	return func(s *settings) error {
		for _, f := range faults {
			if _, err := sim.ParseFault(f); err != nil {
				return fmt.Errorf("--fault: %w", err)
			}
		}
		s.faults = append(s.faults, faults...)
		return nil
	}
}

// WithReportDir writes report.json, junit.xml, report.md and report.html
// to dir and leak-scans them; without it no report is written.
func WithReportDir(dir string) Option {
	return func(s *settings) error { s.reportDir = dir; return nil }
}

// WithBaseline compares the report with an earlier report.json, marking
// each item new failure, fixed or unchanged.
func WithBaseline(path string) Option {
	return func(s *settings) error {
		if path == "" {
			return nil
		}
		base, err := report.Load(path)
		if err != nil {
			return err
		}
		s.baseline, s.baselinePath = base, path
		return nil
	}
}

// WithRecording captures every exchange for fixtures: Result.Files holds
// them, scrubbed, when the run ends.
func WithRecording() Option {
	return func(s *settings) error { s.recording = true; return nil }
}

// WithTool names the program and version in reports and fixtures
// ("loftgate v1.2.0"); the default is "loftgate dev".
func WithTool(tool string) Option {
	return func(s *settings) error { s.tool = tool; return nil }
}

// WithOutput makes Ginkgo's reporter write to w: succinct and without
// colour, and only when verbose (otherwise it is silent). Without it
// Ginkgo's configuration from its flags is left alone (go test, ginkgo).
func WithOutput(w io.Writer, verbose bool) Option {
	return func(s *settings) error { s.output = &output{w: w, verbose: verbose}; return nil }
}

// WithInterrupts makes the run stop on SIGINT or SIGTERM (the CLI's
// behaviour): the first signal starts no more specs, lets the running one
// clean up, and ends the run with verdict interrupted and Result.Signal set
// (exit with ExitCode); a second signal exits the process at once. Without
// it a signal is Ginkgo's alone (go test, the ginkgo CLI).
func WithInterrupts() Option {
	return func(s *settings) error { s.interrupts = true; return nil }
}

// WithTestingT reports the specs' failures to t (a suite's go test).
func WithTestingT(t testingT) Option {
	return func(s *settings) error { s.t = t; return nil }
}

// WithLog receives one line per notable event of the target (started,
// server errors); the default discards them.
func WithLog(w io.Writer) Option {
	return func(s *settings) error { s.log = w; return nil }
}

// WithContract validates the traffic against c instead of the embedded
// contract.
func WithContract(c *contract.Contract) Option {
	return func(s *settings) error { s.contract = c; return nil }
}
