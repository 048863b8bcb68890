package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/loftgate/loftgate/harness/contract"
)

// Kinds of [Cause].
const (
	// CauseContract is a cause made of contract violations (or replay misses).
	CauseContract = "contract"
	// CauseFailure is a cause made of a spec's own failure message.
	CauseFailure = "failure"
)

// Roles of a cause's exchange ([Cause.ExchangeRole]).
const (
	roleViolation   = "violation"
	roleErrorStatus = "error status"
	roleLastRequest = "last request"
)

// buildCauses groups the failed specs of r by cause and links each failed
// spec of r.Items to its cause. Specs that broke the same set of contract
// rules share a cause; specs without violations share one when their
// failure messages are the same. Causes that break a MUST item come first,
// then those breaking more items, then checklist order.
func buildCauses(r *Report, specs []SpecResult) {
	r.Causes = []Cause{}
	order := make(map[string]int, len(r.Items))
	levels := make(map[string]contract.Level, len(r.Items))
	for i, it := range r.Items {
		order[it.ID] = i
		levels[it.ID] = it.Level
	}
	type group struct {
		cause Cause
		specs []SpecResult
	}
	var groups []*group
	byKey := map[string]*group{}
	specCause := map[string]*group{}
	for _, sr := range specs {
		if status, _ := normalStatus(sr.Status); status != StatusFail {
			continue
		}
		kind, key, violations := causeKey(sr)
		g := byKey[key]
		if g == nil {
			g = &group{cause: Cause{Kind: kind, Violations: violations, Items: []string{}, Specs: []CauseSpec{}}}
			if kind == CauseContract {
				g.cause.Summary = violations[0]
			} else {
				g.cause.Summary = firstLine(sr.Failure)
			}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.specs = append(g.specs, sr)
		var ids []string
		for _, l := range sr.Labels {
			if _, ok := order[l]; ok && !slices.Contains(ids, l) {
				ids = append(ids, l)
			}
		}
		for _, id := range ids {
			if !slices.Contains(g.cause.Items, id) {
				g.cause.Items = append(g.cause.Items, id)
			}
		}
		msg := ownMessage(sr.Failure, violations)
		if kind == CauseFailure {
			// The summary is the message's first line; the rest follows it.
			msg = ""
			if _, rest, ok := strings.Cut(strings.TrimSpace(sr.Failure), "\n"); ok {
				msg = strings.TrimSpace(rest)
			}
		}
		g.cause.Specs = append(g.cause.Specs, CauseSpec{Name: sr.Name, Items: ids, Location: sr.Location, Message: msg})
		specCause[specKey(sr.Name, sr.Location)] = g
	}
	for _, g := range groups {
		slices.SortStableFunc(g.cause.Items, func(a, b string) int { return order[a] - order[b] })
		g.cause.Exchange, g.cause.ExchangeRole = evidence(g.cause, g.specs)
		if g.cause.Exchange != nil {
			g.cause.Curl = curlLine(r.BaseURL, *g.cause.Exchange)
		}
	}
	rank := func(g *group) (must bool, first int) {
		first = len(r.Items)
		for _, id := range g.cause.Items {
			must = must || levels[id] == contract.LevelMust
			first = min(first, order[id])
		}
		return must, first
	}
	slices.SortStableFunc(groups, func(a, b *group) int {
		am, af := rank(a)
		bm, bf := rank(b)
		switch {
		case am != bm:
			if am {
				return -1
			}
			return 1
		case len(a.cause.Items) != len(b.cause.Items):
			return len(b.cause.Items) - len(a.cause.Items)
		}
		return af - bf
	})
	for i, g := range groups {
		g.cause.ID = fmt.Sprintf("cause-%d", i+1)
		r.Causes = append(r.Causes, g.cause)
	}
	for i := range r.Items {
		for j := range r.Items[i].Specs {
			s := &r.Items[i].Specs[j]
			if g := specCause[specKey(s.Name, s.Location)]; g != nil && s.Status == StatusFail {
				s.Cause = g.cause.ID
			}
		}
	}
}

// specKey identifies a spec within a run.
func specKey(name, location string) string { return name + "\x00" + location }

// causeKey says what a failed spec's cause is: the distinct set of
// problems (violations, replay misses) it met, in the order met, or
// failing that its failure message.
func causeKey(sr SpecResult) (kind, key string, violations []string) {
	for _, p := range sr.Problems {
		if v := p.Error(); !slices.Contains(violations, v) {
			violations = append(violations, v)
		}
	}
	if len(violations) > 0 {
		sorted := slices.Clone(violations)
		slices.Sort(sorted)
		return CauseContract, "contract\x00" + strings.Join(sorted, "\x00"), violations
	}
	return CauseFailure, "failure\x00" + strings.TrimSpace(sr.Failure), nil
}

// ownMessage is what a failure message says beyond the violations: the
// lines quoting a violation, and the harness's headings above them, go.
func ownMessage(failure string, violations []string) string {
	var keep []string
	for _, line := range strings.Split(strings.TrimSpace(failure), "\n") {
		t := strings.TrimSpace(line)
		if slices.Contains(violations, t) {
			continue
		}
		switch t {
		case "contract violations:", "replay has no recorded answer:":
			continue
		}
		keep = append(keep, line)
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}

// firstLine is the first non-blank line of s, trimmed.
func firstLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(line); t != "" {
			return t
		}
	}
	return "(no failure message)"
}

// evidence picks the exchange that shows a cause: the first exchange of
// its specs that broke one of its violations; for a failure without
// violations, the first spec's last request answered with an error (or
// not at all), else its last request.
func evidence(c Cause, specs []SpecResult) (*Exchange, string) {
	for _, sr := range specs {
		for _, e := range sr.Exchanges {
			for _, v := range e.Violations {
				if slices.Contains(c.Violations, v) {
					return cloneExchange(e), roleViolation
				}
			}
		}
	}
	for _, sr := range specs {
		for i := len(sr.Exchanges) - 1; i >= 0; i-- {
			if e := sr.Exchanges[i]; e.Status == 0 || e.Status >= 400 {
				return cloneExchange(e), roleErrorStatus
			}
		}
	}
	for _, sr := range specs {
		if n := len(sr.Exchanges); n > 0 {
			return cloneExchange(sr.Exchanges[n-1]), roleLastRequest
		}
	}
	return nil, ""
}

// cloneExchange copies e so the cause shares no memory with the specs.
func cloneExchange(e Exchange) *Exchange {
	e.Violations = slices.Clone(e.Violations)
	return &e
}
