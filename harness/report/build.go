package report

import (
	"fmt"
	"github.com/loftgate/loftgate/harness/contract"
	"slices"
	"strings"
	"time"
)

// Meta is what [Build] needs to know about the run besides the checklist and
// the spec results.
type Meta struct {
	// Tool names the program and version, e.g. "loftgate v0.3.0".
	Tool string
	// Target is "replay", "sim" or "live".
	Target string
	// ChecklistVersion is the version of the checklist.
	ChecklistVersion string
	// ContractVersion is the version of the OpenAPI contract.
	ContractVersion string
	// Identity is who the run was authenticated as; empty if unknown.
	Identity string
	// StartedAt is when the run started.
	StartedAt time.Time
	// Duration is how long the run took.
	Duration time.Duration
	// Operations are the contract operations with cost and call counts.
	Operations []Operation
	// Notes are remarks to show with the report, kept in the order given.
	Notes []string
	// BaseURL is the target's API URL, for the curl lines of causes.
	BaseURL string
	// FailOnSkip makes a skipped MUST item fail the verdict (--fail-on-skip).
	FailOnSkip bool
}

// Build groups spec results by checklist item and decides each item's status
// and the verdict.
//
// A spec counts for every label that is an item ID. An item fails if any of
// its specs fails; otherwise it passes if any spec passed; it is skipped if all
// its specs were skipped, and uncovered if it has none. The verdict is "fail"
// exactly when a MUST item fails: a failed SHOULD item is reported but does
// not fail the run. Labels that name no item, specs without labels, unknown
// spec statuses (counted as failures) and unknown levels (treated as MUST) are
// reported in Notes. Items keep checklist order; specs are sorted by name.
func Build(items []contract.Item, specs []SpecResult, meta Meta) *Report {
	r := &Report{
		Schema:           Schema,
		Tool:             meta.Tool,
		Target:           meta.Target,
		ChecklistVersion: meta.ChecklistVersion,
		ContractVersion:  meta.ContractVersion,
		StartedAt:        meta.StartedAt.UTC().Truncate(time.Millisecond),
		DurationMS:       meta.Duration.Milliseconds(),
		Identity:         meta.Identity,
		Items:            []Item{},
		Operations:       []Operation{},
		Notes:            []string{},
		BaseURL:          meta.BaseURL,
		FailOnSkip:       meta.FailOnSkip,
	}
	var notes []string

	index := make(map[string]int, len(items))
	for _, info := range items {
		if _, dup := index[info.ID]; dup {
			notes = append(notes, fmt.Sprintf("checklist item %q is listed twice; the second entry is ignored", info.ID))
			continue
		}
		level := contract.Level(strings.ToUpper(strings.TrimSpace(string(info.Level))))
		if level != contract.LevelMust && level != contract.LevelShould {
			notes = append(notes, fmt.Sprintf("checklist item %q has level %q; it is treated as MUST", info.ID, info.Level))
			level = contract.LevelMust
		}
		index[info.ID] = len(r.Items)
		r.Items = append(r.Items, Item{
			ID:          info.ID,
			Title:       info.Title,
			Level:       level,
			Area:        info.Area,
			Source:      info.Source,
			Description: info.Description,
			Specs:       []Spec{},
		})
	}

	for _, sr := range sortedSpecs(specs) {
		status, known := normalStatus(sr.Status)
		if !known {
			notes = append(notes, fmt.Sprintf("spec %q has status %q; it is counted as a failure", sr.Name, sr.Status))
		}
		r.Summary.Specs++
		switch status {
		case StatusPass:
			r.Summary.SpecsPass++
		case StatusSkip:
			r.Summary.SpecsSkip++
		default:
			r.Summary.SpecsFail++
		}
		seen := make(map[string]bool, len(sr.Labels))
		for _, label := range sr.Labels {
			if seen[label] {
				continue
			}
			seen[label] = true
			i, ok := index[label]
			if !ok {
				notes = append(notes, fmt.Sprintf("spec %q (%s) carries label %q, which is not a checklist item ID; fix the label or add the item to the checklist", sr.Name, status, label))
				continue
			}
			r.Items[i].Specs = append(r.Items[i].Specs, newSpec(sr, status))
		}
		if len(sr.Labels) == 0 {
			notes = append(notes, fmt.Sprintf("spec %q (%s) has no checklist item label; label it with the ID of the item it proves", sr.Name, status))
		}
	}

	for i := range r.Items {
		it := &r.Items[i]
		it.Status = itemStatus(it.Specs)
		switch it.Status {
		case StatusPass:
			r.Summary.Pass++
		case StatusFail:
			r.Summary.Fail++
			if it.Level == contract.LevelMust {
				r.Summary.MustFail++
			}
		case StatusSkip:
			r.Summary.Skip++
			it.SkipReason = skipReasons(it.Specs)
			if it.Level == contract.LevelMust && !deselected(it.Specs) {
				r.Summary.MustSkip++
			}
		default:
			r.Summary.Uncovered++
		}
	}
	r.Summary.Items = len(r.Items)
	r.Verdict = VerdictPass
	if r.Summary.MustFail > 0 || (r.FailOnSkip && r.Summary.MustSkip > 0) {
		r.Verdict = VerdictFail
	}
	buildCauses(r, sortedSpecs(specs))

	r.Operations = append(r.Operations, meta.Operations...)
	slices.SortStableFunc(r.Operations, func(a, b Operation) int { return strings.Compare(a.Key, b.Key) })

	for _, n := range append(slices.Clone(meta.Notes), notes...) {
		if !slices.Contains(r.Notes, n) {
			r.Notes = append(r.Notes, n)
		}
	}
	return r
}

// sortedSpecs returns the specs ordered by name, then location, so that the
// report does not depend on Ginkgo's (possibly randomised) run order.
func sortedSpecs(specs []SpecResult) []SpecResult {
	out := slices.Clone(specs)
	slices.SortStableFunc(out, func(a, b SpecResult) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Location, b.Location)
	})
	return out
}

// normalStatus maps a spec status to pass, fail or skip. It reports false for
// a status it does not know, which counts as a failure: a result we cannot
// read must not pass a gate.
func normalStatus(s Status) (Status, bool) {
	switch Status(strings.ToLower(strings.TrimSpace(string(s)))) {
	case StatusPass:
		return StatusPass, true
	case StatusFail:
		return StatusFail, true
	case StatusSkip:
		return StatusSkip, true
	}
	return StatusFail, false
}

// newSpec copies a spec result into the report's form; slices are copied so
// the report shares no memory with the caller.
func newSpec(sr SpecResult, status Status) Spec {
	s := Spec{
		Name:       sr.Name,
		Status:     status,
		Failure:    sr.Failure,
		Location:   sr.Location,
		DurationMS: float64(sr.Duration) / float64(time.Millisecond),
		Violations: []string{},
		Output:     sr.Output,
		Deselected: sr.Deselected && status == StatusSkip,
	}
	for _, p := range sr.Problems {
		s.Violations = append(s.Violations, p.Error())
	}
	if len(sr.Exchanges) > 0 {
		s.Exchanges = slices.Clone(sr.Exchanges)
	}
	return s
}

// skipReasons joins the distinct skip reasons of an item's skipped specs;
// "no reason given" when none has one.
func skipReasons(specs []Spec) string {
	var reasons []string
	for _, s := range specs {
		if s.Deselected {
			continue
		}
		if why := strings.TrimSpace(s.Failure); s.Status == StatusSkip && why != "" && !slices.Contains(reasons, why) {
			reasons = append(reasons, why)
		}
	}
	if len(reasons) == 0 {
		if deselected(specs) {
			return "not selected by the label filter"
		}
		return "no reason given"
	}
	return strings.Join(reasons, "; ")
}

// deselected reports whether every one of an item's specs was left out by the
// label filter: the item did not run because nobody asked for it.
func deselected(specs []Spec) bool {
	for _, s := range specs {
		if !s.Deselected {
			return false
		}
	}
	return len(specs) > 0
}

// ranSkipped returns the skipped items that were selected to run, and how
// many skipped items the label filter left out.
func ranSkipped(r *Report) (items []Item, left int) {
	for _, it := range r.Items {
		switch {
		case it.Status != StatusSkip:
		case deselected(it.Specs):
			left++
		default:
			items = append(items, it)
		}
	}
	return items, left
}

// itemStatus decides an item's status from its specs.
func itemStatus(specs []Spec) Status {
	if len(specs) == 0 {
		return StatusUncovered
	}
	status := StatusSkip
	for _, s := range specs {
		switch s.Status {
		case StatusFail:
			return StatusFail
		case StatusPass:
			status = StatusPass
		}
	}
	return status
}
