package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/secret"
	"github.com/loftgate/loftgate/harness/report"
	"github.com/loftgate/loftgate/harness/target"
	"github.com/loftgate/loftgate/suites/spec"

	// The checklist suites; each registers its specs when imported.
	_ "github.com/loftgate/loftgate/suites/apierrors"
	_ "github.com/loftgate/loftgate/suites/cadence"
	_ "github.com/loftgate/loftgate/suites/me"
	_ "github.com/loftgate/loftgate/suites/migration"
	_ "github.com/loftgate/loftgate/suites/oauth"
	_ "github.com/loftgate/loftgate/suites/paging"
	_ "github.com/loftgate/loftgate/suites/ratelimit"
	_ "github.com/loftgate/loftgate/suites/webhooks"
)

// suiteRun is one execution of the checklist suites against a target.
type suiteRun struct {
	cfg         *config.Config
	labelFilter string
	faults      []string
	recorder    *replay.Recorder
	verbose     bool
	out         io.Writer
	// started is called with the target once it is up (record uses it to
	// tell the recorder the current spec and the run's clock).
	started func(*target.Target)
	// finished is called after the specs and before the report is built;
	// record builds its fixtures here, so every secret discovered while
	// scrubbing them is scrubbed from the report too.
	finished func(*target.Target, types.Report) error
}

// suiteResult is what a run produced.
type suiteResult struct {
	report  *report.Report
	ginkgo  types.Report
	target  *target.Target
	started time.Time
}

// testingT lets RunSpecs run outside `go test`.
type testingT struct{ failed bool }

func (t *testingT) Fail() { t.failed = true }

// execute starts the target, runs the specs in this process and builds the
// loftgate report. The target is closed before it returns.
func (r *suiteRun) execute(ctx context.Context) (*suiteResult, error) {
	if r.labelFilter != "" {
		if _, err := types.ParseLabelFilter(r.labelFilter); err != nil {
			return nil, usageErr(fmt.Errorf("--label-filter %q: %v", r.labelFilter, err))
		}
	}
	if len(r.faults) > 0 && r.cfg.Target != config.TargetSim {
		return nil, usageErr(fmt.Errorf("--fault switches simulator faults; it needs --target sim (the target is %s)", r.cfg.Target))
	}
	checklist, err := contract.LoadChecklist()
	if err != nil {
		return nil, err
	}
	started := time.Now()
	t, err := target.Start(ctx, r.cfg, target.Options{Recorder: r.recorder, Faults: r.faults, Log: os.Stderr})
	if err != nil {
		return nil, usageErr(err)
	}
	defer t.Close()
	spec.Use(t)
	if r.started != nil {
		r.started(t)
	}

	suiteCfg, repCfg := GinkgoConfiguration()
	suiteCfg.LabelFilter = r.labelFilter
	// A fixed order makes recordings deterministic and runs comparable.
	suiteCfg.RandomSeed = 1
	repCfg.Succinct = !r.verbose
	repCfg.NoColor = true
	if !r.verbose {
		formatter.ColorableStdOut = io.Discard
	}
	var gr types.Report
	ReportAfterSuite("loftgate", func(rep Report) { gr = rep })
	RegisterFailHandler(Fail)
	RunSpecs(&testingT{}, "loftgate", suiteCfg, repCfg)

	if gr.PreRunStats.SpecsThatWillRun == 0 && r.labelFilter != "" {
		return nil, usageErr(fmt.Errorf("--label-filter %q matches no spec; use item IDs (AUTH-REFRESH-ROTATION), && || ! and regular expressions (/^AUTH-/)", r.labelFilter))
	}
	if r.finished != nil {
		if err := r.finished(t, gr); err != nil {
			return nil, failed(err)
		}
	}
	res := &suiteResult{ginkgo: gr, target: t, started: started}
	res.report = buildReport(checklist, gr, t, started)
	return res, nil
}

// buildReport groups the Ginkgo specs by checklist item.
func buildReport(cl *contract.Checklist, gr types.Report, t *target.Target, started time.Time) *report.Report {
	items := make([]report.ItemInfo, len(cl.Items))
	for i, it := range cl.Items {
		items[i] = report.ItemInfo{ID: it.ID, Title: it.Title, Level: it.Level, Area: it.Area, Source: it.Source, Description: it.Description}
	}
	var specs []report.SpecResult
	var identity string
	var notes []string
	for _, sr := range gr.SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt {
			continue
		}
		res := report.SpecResult{
			Name:     sr.FullText(),
			Labels:   itemLabels(sr.Labels()),
			Status:   specStatus(sr.State),
			Duration: sr.RunTime,
			Location: relLocation(sr.LeafNodeLocation.String()),
		}
		if sr.State.Is(types.SpecStateFailureStates) {
			res.Failure = t.Secrets.Scrub(sr.Failure.Message)
			if loc := sr.Failure.Location.String(); !strings.Contains(loc, "/suites/spec/") {
				// A failure raised by the shared hooks (a contract violation, a
				// replay miss) keeps the spec's own location.
				res.Location = relLocation(loc)
			}
		} else if sr.State == types.SpecStateSkipped {
			res.Failure = t.Secrets.Scrub(sr.Failure.Message)
		}
		res.Output = t.Secrets.Scrub(sr.CapturedGinkgoWriterOutput)
		for _, e := range sr.ReportEntries {
			switch e.Name {
			case spec.EntryIdentity:
				identity = fmt.Sprint(e.Value.GetRawValue())
			case spec.EntryNote:
				notes = appendUnique(notes, fmt.Sprint(e.Value.GetRawValue()))
			}
		}
		if out, ok := t.Outcome(spec.ID(sr)); ok {
			res.Exchanges = reportExchanges(out.Exchanges, t.Secrets)
			for _, v := range out.Violations {
				res.Violations = append(res.Violations, v.Error())
			}
			res.Violations = append(res.Violations, out.Misses...)
		}
		specs = append(specs, res)
	}
	var ops []report.Operation
	cov := t.Coverage()
	for _, op := range t.Contract.Operations() {
		ops = append(ops, report.Operation{Key: op.Key, Cost: op.Cost, Calls: cov[op.Key]})
	}
	return report.Build(items, specs, report.Meta{
		Tool: "loftgate " + toolVersion(), Target: string(t.Kind),
		ChecklistVersion: cl.Version, ContractVersion: t.Contract.Version(),
		Identity: identity, StartedAt: started, Duration: time.Since(started),
		Operations: ops, Notes: notes,
	})
}

// itemLabels drops the harness's own labels ("loftgate:..."), leaving the
// checklist item IDs.
func itemLabels(labels []string) []string {
	var ids []string
	for _, l := range labels {
		if !strings.HasPrefix(l, "loftgate:") {
			ids = append(ids, l)
		}
	}
	return ids
}

// relLocation shortens a spec's file:line to its path inside the module
// (suites/me/me.go:30), whatever directory the binary was built in.
func relLocation(loc string) string {
	if i := strings.LastIndex(loc, "/suites/"); i >= 0 {
		return loc[i+1:]
	}
	return loc
}

func specStatus(s types.SpecState) string {
	switch {
	case s == types.SpecStatePassed:
		return "pass"
	case s.Is(types.SpecStateFailureStates):
		return "fail"
	default:
		return "skip"
	}
}

func reportExchanges(exs []target.Exchange, sec *secret.Set) []report.Exchange {
	out := make([]report.Exchange, 0, len(exs))
	for _, e := range exs {
		u := e.Path
		if e.Query != "" {
			u += "?" + e.Query
		}
		out = append(out, report.Exchange{
			Method: e.Method, URL: sec.Scrub(u), Status: e.Status, Operation: e.Operation,
			RequestBody: sec.Scrub(string(e.RequestBody)), ResponseBody: sec.Scrub(string(e.ResponseBody)),
			DurationMS: float64(e.Duration.Microseconds()) / 1000,
		})
	}
	return out
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// writeReports writes the four reports and runs the leak scan over them.
func writeReports(dir string, res *suiteResult) error {
	if err := report.WriteFiles(dir, res.report); err != nil {
		return err
	}
	junit := filepath.Join(dir, "junit.xml")
	// Failure messages can quote what a server sent: scrub them before
	// Ginkgo writes anything, and scrub the file once more before it gets
	// its final name.
	gr := res.ginkgo
	gr.SpecReports = slices.Clone(gr.SpecReports)
	sec := res.target.Secrets
	for i := range gr.SpecReports {
		sr := &gr.SpecReports[i]
		sr.Failure.Message = sec.Scrub(sr.Failure.Message)
		sr.Failure.ForwardedPanic = sec.Scrub(sr.Failure.ForwardedPanic)
		sr.CapturedGinkgoWriterOutput = sec.Scrub(sr.CapturedGinkgoWriterOutput)
		sr.CapturedStdOutErr = sec.Scrub(sr.CapturedStdOutErr)
	}
	tmp, err := os.CreateTemp(dir, ".junit-*.xml")
	if err != nil {
		return err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	if err := reporters.GenerateJUnitReportWithConfig(gr, tmp.Name(), reporters.JunitReportConfig{
		OmitTimelinesForSpecState: types.SpecStatePassed | types.SpecStateSkipped | types.SpecStatePending | types.SpecStateFailureStates,
		OmitCapturedStdOutErr:     true,
	}); err != nil {
		return fmt.Errorf("report: junit: %w", err)
	}
	raw, err := os.ReadFile(tmp.Name())
	if err != nil {
		return err
	}
	if err := writeAtomic(junit, []byte(sec.Scrub(string(raw)))); err != nil {
		return err
	}
	files := []string{junit}
	for _, n := range []string{"report.json", "report.md", "report.html"} {
		files = append(files, filepath.Join(dir, n))
	}
	return secret.LeakScan(files, res.target.Secrets)
}
