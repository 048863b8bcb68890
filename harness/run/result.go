package run

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/report"
	"github.com/loftgate/loftgate/harness/secret"
	"github.com/loftgate/loftgate/harness/target"
)

// notStarted returns a test for the specs of gr that Ginkgo skipped
// because an interrupt or the run's --timeout came before they started.
// Ginkgo reports such a spec as it does one its label filter or a focus
// left out (skipped, with no failure location; ginkgo.Skip always has
// one), so only a stopped run has them, and only among the specs its label
// filter matches.
func notStarted(gr types.Report) func(types.SpecReport) bool {
	reasons := gr.SpecialSuiteFailureReasons
	stopped := slices.Contains(reasons, ginkgoInterrupted) || slices.Contains(reasons, ginkgoSuiteTimeout)
	selected, err := types.ParseLabelFilter(gr.SuiteConfig.LabelFilter)
	if !stopped || err != nil {
		return func(types.SpecReport) bool { return false }
	}
	return func(sr types.SpecReport) bool {
		return sr.State == types.SpecStateSkipped && sr.Failure.Location.FileName == "" && selected(sr.Labels())
	}
}

// buildReport groups the Ginkgo specs by checklist item.
// With failOnSkip a skipped MUST item fails the verdict.
func buildReport(cl *contract.Checklist, gr types.Report, j *journal, t *target.Target, sec *secret.Set, wd *watchdog, tool string, started time.Time, failOnSkip bool) *report.Report {
	var specs []report.SpecResult
	var identity string
	var notes []string
	stoppedBefore := notStarted(gr)
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
			msg := sr.Failure.Message
			if why := wd.reason(SpecID(sr)); why != "" {
				// Say first that the spec ran out of time and what it waited
				// for; the error its cut-off call returned follows.
				msg = why + "\n" + msg
			}
			res.Failure = sec.Clean(msg)
			if loc := sr.Failure.Location.String(); !harnessLocation(loc) {
				// A failure raised by the shared hooks (a contract violation, a
				// replay miss) keeps the spec's own location.
				res.Location = relLocation(loc)
			}
		} else if sr.State == types.SpecStateSkipped {
			res.Failure = sec.Clean(sr.Failure.Message)
			switch {
			case stoppedBefore(sr):
				if res.Failure == "" {
					res.Failure = "not started: the run was interrupted or reached its --timeout first"
				}
			case sr.Failure.Location.FileName == "":
				res.Deselected = true // the label filter (or a focus) left it out
			}
		}
		res.Output = sec.Clean(sr.CapturedGinkgoWriterOutput)
		for _, e := range sr.ReportEntries {
			switch e.Name {
			case EntryIdentity:
				identity = fmt.Sprint(e.Value.GetRawValue())
			case EntryNote:
				if n := fmt.Sprint(e.Value.GetRawValue()); !slices.Contains(notes, n) {
					notes = append(notes, n)
				}
			}
		}
		if out, ok := j.outcome(SpecID(sr)); ok {
			res.Exchanges = reportExchanges(out.Exchanges, sec)
			for _, v := range out.Violations {
				res.Problems = append(res.Problems, v)
			}
			for _, m := range out.Misses {
				res.Problems = append(res.Problems, m)
			}
		}
		specs = append(specs, res)
	}
	var ops []report.Operation
	cov := j.coverage.Counts()
	for _, op := range t.Contract.Operations() {
		ops = append(ops, report.Operation{Key: op.Key, Cost: op.Cost, Calls: cov[op.Key]})
	}
	return report.Build(cl.Items, specs, report.Meta{
		Tool: tool, Target: string(t.Kind),
		ChecklistVersion: cl.Version, ContractVersion: t.Contract.Version(),
		Identity: identity, StartedAt: started, Duration: time.Since(started),
		Operations: ops, Notes: notes, BaseURL: t.APIURL, FailOnSkip: failOnSkip,
	})
}

// harnessLocation reports whether a failure was raised by the harness's
// shared code (this package's hooks, suites/spec's helpers) rather than by
// the spec itself.
func harnessLocation(loc string) bool {
	return strings.Contains(loc, "/suites/spec/") || strings.Contains(loc, "/harness/run/")
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

// specStatus maps Ginkgo's state to the report's.
func specStatus(s types.SpecState) report.Status {
	switch {
	case s == types.SpecStatePassed:
		return report.StatusPass
	case s.Is(types.SpecStateFailureStates):
		return report.StatusFail
	default:
		return report.StatusSkip
	}
}

// reportExchanges converts journaled exchanges for the report, scrubbed.
func reportExchanges(exs []Exchange, sec *secret.Set) []report.Exchange {
	out := make([]report.Exchange, 0, len(exs))
	for _, e := range exs {
		u := e.Path
		if e.Query != "" {
			u += "?" + e.Query
		}
		re := report.Exchange{
			Method: e.Method, URL: sec.Clean(u), Status: e.Status, Operation: e.Operation,
			RequestBody: sec.Scrub(string(e.RequestBody)), ResponseBody: sec.Scrub(string(e.ResponseBody)),
			DurationMS:  float64(e.Duration.Microseconds()) / 1000,
			Auth:        authScheme(e.RequestHeader.Get("Authorization")),
			ContentType: sec.Scrub(e.RequestHeader.Get("Content-Type")),
		}
		for _, v := range e.Violations {
			re.Violations = append(re.Violations, v.Error()) // as in the spec's violations, which causes match against
		}
		out = append(out, re)
	}
	return out
}

// authScheme is the scheme word of an Authorization header ("Bearer"),
// never the credential after it.
func authScheme(h string) string {
	scheme, _, _ := strings.Cut(strings.TrimSpace(h), " ")
	return scheme
}
