package run

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/extensions/globals"
	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/report"
	"github.com/loftgate/loftgate/harness/secret"
	"github.com/loftgate/loftgate/harness/target"
)

// UsageError is an error in a run's input (an option, the configuration,
// a target that cannot start); the CLI exits 2 on it.
type UsageError struct{ Err error }

// Error returns the underlying message.
func (e *UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *UsageError) Unwrap() error { return e.Err }

// Result is what a run produced. The target is closed by then.
type Result struct {
	// Report is the loftgate report, grouped by checklist item; nil on a
	// parallel Ginkgo process other than the first.
	Report *report.Report
	// Verdict is the report's verdict.
	Verdict report.Verdict
	// Ginkgo is Ginkgo's own report of the specs.
	Ginkgo types.Report
	// Files are the recorded fixtures, scrubbed (WithRecording only).
	Files []*replay.File
	// Secrets are every secret the run knows (configured and learnt from
	// its traffic); anything written after the run is scrubbed with them.
	Secrets *secret.Set
	// Contract is the contract the traffic was validated against.
	Contract *contract.Contract
	// Signal is the SIGINT or SIGTERM that stopped the run (WithInterrupts),
	// or nil; the verdict is then interrupted and the CLI exits with
	// ExitCode(Signal).
	Signal os.Signal
}

// testingT is what Ginkgo reports a failed suite to.
type testingT interface{ Fail() }

// failFlag is the testingT of a run outside `go test`.
type failFlag struct{ failed bool }

func (f *failFlag) Fail() { f.failed = true }

var (
	// treesMu guards trees.
	treesMu sync.Mutex
	// trees declare the specs of the suites linked into the process.
	trees []func()
	// runMu makes runs in one process take turns: Ginkgo is global.
	runMu sync.Mutex
)

// Specs registers a function that declares specs (Describe, It, ...). Every
// Run resets Ginkgo and calls each registered function, in registration
// order, so specs are declared once per run and never at import time.
// It returns true so that a suite can call it from a package-level var.
func Specs(tree func()) bool {
	treesMu.Lock()
	defer treesMu.Unlock()
	trees = append(trees, tree)
	return true
}

// declaredTrees returns a copy of the registered spec trees, so that they
// are called without holding treesMu.
func declaredTrees() []func() {
	treesMu.Lock()
	defer treesMu.Unlock()
	return slices.Clone(trees)
}

// Run starts the configured target, runs every registered spec against it
// (those matching the label filter), and builds the report; with
// WithReportDir it writes and leak-scans the reports. An error in the input
// is a *UsageError; a failed spec is not an error (see Result.Verdict).
func Run(ctx context.Context, cfg *config.Config, opts ...Option) (*Result, error) {
	s := &settings{tool: "loftgate dev", log: io.Discard}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, &UsageError{err}
		}
	}
	if len(s.faults) > 0 && cfg.Target != config.TargetSim {
		return nil, &UsageError{fmt.Errorf("--fault switches simulator faults; it needs --target sim (the target is %s)", cfg.Target)}
	}
	if err := checkFaultOperations(s); err != nil {
		return nil, &UsageError{err}
	}
	if s.timeout == 0 {
		s.timeout = DefaultTimeout
	}
	if s.specTimeout == 0 {
		s.specTimeout = DefaultSpecTimeout
	}
	if s.recording && cfg.Target == config.TargetReplay {
		return nil, &UsageError{errors.New("record needs --target sim or --target live: replay would record the fixtures onto themselves")}
	}
	checklist, err := contract.LoadChecklist()
	if err != nil {
		return nil, err
	}
	if err := checkLabelFilter(s.labelFilter, checklist); err != nil {
		return nil, &UsageError{err}
	}
	runMu.Lock()
	defer runMu.Unlock()

	started := time.Now()
	sec := secret.New()
	// Everything the run prints goes through the scrubber, fed by every
	// secret the run is configured with or learns from its traffic.
	logw := secret.NewWriter(s.log, sec)
	defer logw.Flush()
	s.log = logw
	var intr *interrupts
	if s.interrupts {
		intr = watchInterrupts(logw, os.Exit)
		defer intr.stop()
	}
	j := newJournal()
	j.live = sec
	var rec *replay.Recorder
	var tgt *target.Target
	if s.recording {
		rec = replay.NewRecorder(replay.RecorderOptions{
			Target: string(cfg.Target), Tool: s.tool, Spec: j.Spec,
			Now: func() time.Time {
				if tgt == nil {
					return time.Now().UTC()
				}
				return tgt.Now().UTC()
			},
		})
	}
	tgt, err = target.Start(ctx, cfg, target.Options{
		Contract: s.contract, Recorder: rec, Faults: s.faults, Log: s.log, Observer: j, Secrets: sec,
	})
	if err != nil {
		return nil, &UsageError{err}
	}
	defer tgt.Close()
	if rec != nil {
		rec.SetContractVersion(tgt.Contract.Version())
	}
	wd := newWatchdog(s.specTimeout, tgt.Contract)
	tgt.HTTP.Transport = wd.transport(tgt.HTTP.Transport)
	setActive(&active{t: tgt, j: j})
	defer setActive(nil)

	var tr *tracker
	if s.progress != nil {
		tr = newTracker(s.progress, checklist, s.labelFilter, report.Meta{Tool: s.tool, Target: string(tgt.Kind),
			ChecklistVersion: checklist.Version, ContractVersion: tgt.Contract.Version(), StartedAt: started})
		tr.baseline = s.baseline
		tr.begin(checklist)
	}
	var gr types.Report
	suiteCfg := types.SuiteConfig{ParallelTotal: 1, ParallelProcess: 1}
	if intr.signal() == nil { // a signal while the target started: no spec starts
		gr, suiteCfg = runSpecs(tgt, j, s, wd, sec, tr)
	}
	if gr.PreRunStats.SpecsThatWillRun == 0 && s.labelFilter != "" && intr.signal() == nil {
		return nil, &UsageError{fmt.Errorf("--label-filter %q matches no spec; use item IDs (AUTH-REFRESH-ROTATION), && || ! and regular expressions (/^AUTH-/)", s.labelFilter)}
	}
	res := &Result{Ginkgo: gr, Secrets: sec, Contract: tgt.Contract}
	if rec != nil {
		markSkipped(rec, gr)
		// Scrubbing the fixtures numbers the secrets they hold; the reports
		// are scrubbed with the same placeholders.
		if res.Files, err = rec.Files(sec); err != nil {
			return nil, err
		}
	}
	j.discover(sec)
	if suiteCfg.ParallelTotal > 1 && suiteCfg.ParallelProcess != 1 {
		return res, nil // the first process reports for all
	}
	res.Report = buildReport(checklist, gr, j, tgt, sec, wd, s.tool, started, cfg.FailOnSkip)
	if s.baseline != nil {
		res.Report.CompareBaseline(s.baseline, s.baselinePath)
	}
	res.Signal = intr.signal()
	settleVerdict(res, s.timeout)
	if s.reportDir != "" {
		if err := writeReports(s.reportDir, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// runSpecs declares the registered specs and the harness's hooks on a fresh
// Ginkgo suite and runs them.
func runSpecs(tgt *target.Target, j *journal, s *settings, wd *watchdog, sec *secret.Set, tr *tracker) (types.Report, types.SuiteConfig) {
	declared := declaredTrees()
	globals.Reset()
	ginkgo.BeforeEach(func() { beginSpec(tgt, j) })
	if tr != nil {
		tr.declare()
	}
	for _, tree := range declared {
		tree()
	}
	var gr types.Report
	ginkgo.ReportAfterSuite("loftgate", func(r ginkgo.Report) { gr = r })

	suiteCfg, repCfg := ginkgoConfiguration()
	if s.labelFilter != "" {
		suiteCfg.LabelFilter = s.labelFilter
	}
	// A fixed order makes recordings deterministic and runs comparable.
	suiteCfg.RandomSeed = 1
	suiteCfg.Timeout = s.timeout
	suiteCfg.GracePeriod = gracePeriod
	if s.output != nil {
		repCfg.Succinct = !s.output.verbose
		repCfg.NoColor = true
		prev := formatter.ColorableStdOut
		formatter.ColorableStdOut = io.Discard
		if s.output.verbose {
			// Ginkgo's reporter prints Gomega's failure text, which can quote
			// a token request, a URL or a response: it is cleaned first.
			w := secret.NewWriter(s.output.w, sec)
			defer w.Flush()
			formatter.ColorableStdOut = w
		}
		defer func() { formatter.ColorableStdOut = prev }()
	}
	t := s.t
	if t == nil {
		t = &failFlag{}
	}
	gomega.RegisterFailHandler(ginkgo.Fail)
	runGinkgoSpecs(t, suiteCfg, repCfg, wd.aroundNode())
	return gr, suiteCfg
}

var (
	ginkgoOnce        sync.Once
	ginkgoSuiteCfg    types.SuiteConfig
	ginkgoReporterCfg types.ReporterConfig
)

// ginkgoConfiguration returns Ginkgo's configuration from its flags as it
// was before the first run: RunSpecs keeps the configuration it is given
// as the global one, which must not leak from one run into the next.
func ginkgoConfiguration() (types.SuiteConfig, types.ReporterConfig) {
	ginkgoOnce.Do(func() { ginkgoSuiteCfg, ginkgoReporterCfg = ginkgo.GinkgoConfiguration() })
	return ginkgoSuiteCfg, ginkgoReporterCfg
}

// markSkipped gives a spec that skipped while recording (no simulator
// control on live, say) a fixture saying so, so that replay skips it rather
// than failing it as unrecorded.
func markSkipped(rec *replay.Recorder, gr types.Report) {
	for _, sr := range gr.SpecReports {
		if sr.LeafNodeType == types.NodeTypeIt && sr.State == types.SpecStateSkipped && sr.Failure.Message != "" {
			rec.Skip(SpecID(sr), sr.Failure.Message)
		}
	}
}
