package run

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/target"
)

// NoTrafficLabel marks a spec that makes no HTTP request (a static check),
// so replay runs it whatever the fixtures hold. Labels with the "loftgate:"
// prefix are the harness's own and stay out of the checklist report.
const NoTrafficLabel = "loftgate:no-traffic"

// Report entry names a spec adds (ginkgo.AddReportEntry) for the report.
const (
	// EntryIdentity holds "NAME (EMAIL)" from GET /v2/me.
	EntryIdentity = "loftgate.identity"
	// EntryNote holds a note for the report (e.g. the partner OAuth rule).
	EntryNote = "loftgate.note"
)

// SpecID names a spec for the harness: its suite's directory (the area:
// oauth, cadence, ...) and its full text, e.g. "oauth/oauth refresh rotates
// ...". Fixtures are filed under it, and replay answers a spec from the
// interactions recorded under the same ID.
func SpecID(r types.SpecReport) string {
	area := filepath.Base(filepath.Dir(r.LeafNodeLocation.FileName))
	if area == "." || area == "/" {
		area = "misc"
	}
	return area + "/" + r.FullText()
}

// active is the run in progress: Ginkgo's specs are global, so the specs
// reach their run through package state.
type active struct {
	t *target.Target
	j *journal
}

var (
	activeMu sync.Mutex
	current  *active
)

func setActive(a *active) {
	activeMu.Lock()
	defer activeMu.Unlock()
	current = a
}

func getActive() *active {
	activeMu.Lock()
	defer activeMu.Unlock()
	return current
}

// Target returns the target of the run in progress, or nil outside a run.
func Target() *target.Target {
	if a := getActive(); a != nil {
		return a.t
	}
	return nil
}

// Exchanges returns the current spec's exchanges so far, in order.
func Exchanges() []Exchange {
	if a := getActive(); a != nil {
		return a.j.exchanges()
	}
	return nil
}

// AllowViolations tells the harness that the current spec breaks the
// contract on purpose in one direction ("request" or "response") and rule
// (e.g. "request-body" for a create without a required field, to see the
// 422): such violations do not fail it. Every other violation still does.
func AllowViolations(direction, rule string) {
	if a := getActive(); a != nil {
		a.j.allow(direction, rule)
	}
}

// beginSpec gives the spec starting now its own slice of the run's traffic
// and fails it, once it and its cleanups are done, on a replay miss or a
// contract violation it did not allow.
func beginSpec(t *target.Target, j *journal) {
	rep := ginkgo.CurrentSpecReport()
	id := SpecID(rep)
	if srv, fixtures := t.Replay(); srv != nil && !slices.Contains(rep.Labels(), NoTrafficLabel) {
		skipped, ok := recorded(fixtures, id)
		switch {
		case !ok:
			// A missing recording must not pass quietly: a deleted fixture or a
			// renamed spec would otherwise switch the check off.
			ginkgo.Fail("replay: no fixtures are recorded for this spec; record them with `loftgate record` (or `make record`)")
		case skipped != "":
			ginkgo.Skip("skipped when the fixtures were recorded: " + skipped)
		}
	}
	j.begin(id)
	if srv, _ := t.Replay(); srv != nil {
		// A repeated or retried spec gets its recorded answers from the start.
		srv.ResetSpec(id)
	}
	// Registered first, so it runs last: after the spec's own cleanups,
	// whose requests still belong to the spec.
	ginkgo.DeferCleanup(func() {
		out := j.end()
		if len(out.Misses) > 0 {
			msgs := make([]string, len(out.Misses))
			for i, m := range out.Misses {
				msgs[i] = m.Error()
			}
			ginkgo.Fail("replay has no recorded answer:\n  " + strings.Join(msgs, "\n  "))
		}
		var msgs []string
		for _, v := range out.Violations {
			if !j.isAllowed(v) {
				msgs = append(msgs, v.Error())
			}
		}
		if len(msgs) > 0 {
			ginkgo.Fail("contract violations:\n  " + strings.Join(msgs, "\n  "))
		}
	})
}

// recorded reports whether the fixtures hold a file for the spec and, when
// the spec skipped while it was recorded, why.
func recorded(fixtures *replay.Set, spec string) (skipped string, ok bool) {
	for _, f := range fixtures.Files() {
		if f.Metadata.Spec == spec {
			return f.Metadata.Skipped, true
		}
	}
	return "", false
}
