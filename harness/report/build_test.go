package report

import (
	"errors"
	"github.com/loftgate/loftgate/harness/contract"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestBuildStatuses(t *testing.T) {
	must := func(id string) contract.Item { return contract.Item{ID: id, Title: id + " title", Level: "MUST"} }
	should := func(id string) contract.Item { return contract.Item{ID: id, Title: id + " title", Level: "SHOULD"} }
	spec := func(name string, status Status, labels ...string) SpecResult {
		return SpecResult{Name: name, Status: status, Labels: labels}
	}
	tests := []struct {
		name        string
		items       []contract.Item
		specs       []SpecResult
		wantStatus  map[string]Status
		wantSpecs   map[string]int
		wantVerdict Verdict
		wantSummary Summary
		wantNotes   []string // substrings, each in some note
	}{
		{
			name:        "no spec means uncovered and does not fail the verdict",
			items:       []contract.Item{must("A")},
			wantStatus:  map[string]Status{"A": StatusUncovered},
			wantVerdict: VerdictPass,
			wantSummary: Summary{Items: 1, Uncovered: 1},
		},
		{
			name:        "all specs skipped means skip",
			items:       []contract.Item{must("A")},
			specs:       []SpecResult{spec("s1", "skip", "A"), spec("s2", "skip", "A")},
			wantStatus:  map[string]Status{"A": StatusSkip},
			wantSpecs:   map[string]int{"A": 2},
			wantVerdict: VerdictPass,
			wantSummary: Summary{Items: 1, Skip: 1, MustSkip: 1, Specs: 2, SpecsSkip: 2},
		},
		{
			name:        "one pass among skips means pass",
			items:       []contract.Item{must("A")},
			specs:       []SpecResult{spec("s1", "skip", "A"), spec("s2", "pass", "A")},
			wantStatus:  map[string]Status{"A": StatusPass},
			wantVerdict: VerdictPass,
			wantSummary: Summary{Items: 1, Pass: 1, Specs: 2, SpecsPass: 1, SpecsSkip: 1},
		},
		{
			name:        "one failure among passes fails a MUST item and the verdict",
			items:       []contract.Item{must("A")},
			specs:       []SpecResult{spec("s1", "pass", "A"), spec("s2", "fail", "A"), spec("s3", "skip", "A")},
			wantStatus:  map[string]Status{"A": StatusFail},
			wantVerdict: VerdictFail,
			wantSummary: Summary{Items: 1, Fail: 1, MustFail: 1, Specs: 3, SpecsPass: 1, SpecsFail: 1, SpecsSkip: 1},
		},
		{
			name:        "a failed SHOULD item does not fail the verdict",
			items:       []contract.Item{must("A"), should("B")},
			specs:       []SpecResult{spec("s1", "pass", "A"), spec("s2", "fail", "B")},
			wantStatus:  map[string]Status{"A": StatusPass, "B": StatusFail},
			wantVerdict: VerdictPass,
			wantSummary: Summary{Items: 2, Pass: 1, Fail: 1, Specs: 2, SpecsPass: 1, SpecsFail: 1},
		},
		{
			name:        "a spec with several labels counts for each item, once",
			items:       []contract.Item{must("A"), must("B")},
			specs:       []SpecResult{spec("s1", "fail", "A", "B", "A")},
			wantStatus:  map[string]Status{"A": StatusFail, "B": StatusFail},
			wantSpecs:   map[string]int{"A": 1, "B": 1},
			wantVerdict: VerdictFail,
			wantSummary: Summary{Items: 2, Fail: 2, MustFail: 2, Specs: 1, SpecsFail: 1},
		},
		{
			name:        "an unknown label is a note and covers nothing",
			items:       []contract.Item{must("A")},
			specs:       []SpecResult{spec("s1", "fail", "NOPE"), spec("s2", "pass", "A", "ALSO-NOPE")},
			wantStatus:  map[string]Status{"A": StatusPass},
			wantSpecs:   map[string]int{"A": 1},
			wantVerdict: VerdictPass,
			wantSummary: Summary{Items: 1, Pass: 1, Specs: 2, SpecsPass: 1, SpecsFail: 1},
			wantNotes:   []string{`spec "s1" (fail) carries label "NOPE"`, `spec "s2" (pass) carries label "ALSO-NOPE"`},
		},
		{
			name:        "a spec without labels is a note",
			items:       []contract.Item{must("A")},
			specs:       []SpecResult{spec("s1", "pass")},
			wantStatus:  map[string]Status{"A": StatusUncovered},
			wantVerdict: VerdictPass,
			wantSummary: Summary{Items: 1, Uncovered: 1, Specs: 1, SpecsPass: 1},
			wantNotes:   []string{`spec "s1" (pass) has no checklist item label`},
		},
		{
			name:        "an unknown spec status counts as a failure",
			items:       []contract.Item{must("A")},
			specs:       []SpecResult{spec("s1", "interrupted", "A")},
			wantStatus:  map[string]Status{"A": StatusFail},
			wantVerdict: VerdictFail,
			wantSummary: Summary{Items: 1, Fail: 1, MustFail: 1, Specs: 1, SpecsFail: 1},
			wantNotes:   []string{`spec "s1" has status "interrupted"; it is counted as a failure`},
		},
		{
			name:        "status words are matched without regard to case or spaces",
			items:       []contract.Item{must("A")},
			specs:       []SpecResult{spec("s1", " PASS ", "A")},
			wantStatus:  map[string]Status{"A": StatusPass},
			wantVerdict: VerdictPass,
			wantSummary: Summary{Items: 1, Pass: 1, Specs: 1, SpecsPass: 1},
		},
		{
			name:        "an unknown level is treated as MUST",
			items:       []contract.Item{{ID: "A", Level: "MAY"}},
			specs:       []SpecResult{spec("s1", "fail", "A")},
			wantStatus:  map[string]Status{"A": StatusFail},
			wantVerdict: VerdictFail,
			wantSummary: Summary{Items: 1, Fail: 1, MustFail: 1, Specs: 1, SpecsFail: 1},
			wantNotes:   []string{`checklist item "A" has level "MAY"; it is treated as MUST`},
		},
		{
			name:        "a lower-case level is accepted",
			items:       []contract.Item{{ID: "A", Level: "should"}},
			specs:       []SpecResult{spec("s1", "fail", "A")},
			wantStatus:  map[string]Status{"A": StatusFail},
			wantVerdict: VerdictPass,
			wantSummary: Summary{Items: 1, Fail: 1, Specs: 1, SpecsFail: 1},
		},
		{
			name:        "a duplicate checklist item is a note",
			items:       []contract.Item{must("A"), should("A")},
			specs:       []SpecResult{spec("s1", "fail", "A")},
			wantStatus:  map[string]Status{"A": StatusFail},
			wantVerdict: VerdictFail,
			wantSummary: Summary{Items: 1, Fail: 1, MustFail: 1, Specs: 1, SpecsFail: 1},
			wantNotes:   []string{`checklist item "A" is listed twice`},
		},
		{
			name:        "no items and no specs pass",
			wantStatus:  map[string]Status{},
			wantVerdict: VerdictPass,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Build(tt.items, tt.specs, Meta{})
			got := map[string]Status{}
			for _, it := range r.Items {
				got[it.ID] = it.Status
				if n, ok := tt.wantSpecs[it.ID]; ok && len(it.Specs) != n {
					t.Errorf("item %s has %d specs, want %d", it.ID, len(it.Specs), n)
				}
			}
			if !reflect.DeepEqual(got, tt.wantStatus) {
				t.Errorf("statuses = %v, want %v", got, tt.wantStatus)
			}
			if r.Verdict != tt.wantVerdict {
				t.Errorf("verdict = %q, want %q", r.Verdict, tt.wantVerdict)
			}
			if r.Summary != tt.wantSummary {
				t.Errorf("summary = %+v, want %+v", r.Summary, tt.wantSummary)
			}
			for _, want := range tt.wantNotes {
				if !slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, want) }) {
					t.Errorf("no note contains %q; notes: %q", want, r.Notes)
				}
			}
			if len(tt.wantNotes) == 0 && len(r.Notes) != 0 {
				t.Errorf("unexpected notes: %q", r.Notes)
			}
		})
	}
}

func TestBuildKeepsChecklistOrderAndSortsSpecs(t *testing.T) {
	items := sampleItems()
	r := Build(items, sampleSpecs(), sampleMeta())
	for i, it := range r.Items {
		if it.ID != items[i].ID {
			t.Fatalf("item %d is %s, want %s (checklist order)", i, it.ID, items[i].ID)
		}
		if !slices.IsSortedFunc(it.Specs, func(a, b Spec) int { return strings.Compare(a.Name, b.Name) }) {
			t.Errorf("specs of %s are not sorted by name", it.ID)
		}
	}
	if !slices.IsSortedFunc(r.Operations, func(a, b Operation) int { return strings.Compare(a.Key, b.Key) }) {
		t.Errorf("operations are not sorted by key: %v", r.Operations)
	}
	if r.Notes[0] != sampleMeta().Notes[0] {
		t.Errorf("first note = %q, want the note given in Meta", r.Notes[0])
	}
}

func TestBuildIgnoresSpecOrder(t *testing.T) {
	specs := sampleSpecs()
	want := Build(sampleItems(), specs, sampleMeta())
	slices.Reverse(specs)
	got := Build(sampleItems(), specs, sampleMeta())
	if !reflect.DeepEqual(got, want) {
		t.Error("reversing the spec order changed the report")
	}
}

func TestBuildCopiesInput(t *testing.T) {
	specs := []SpecResult{{Name: "s", Labels: []string{"A"}, Status: "fail", Problems: []error{errors.New("v")}, Exchanges: []Exchange{{Method: "GET"}}}}
	meta := Meta{Operations: []Operation{{Key: "GET /v2/me"}}, Notes: []string{"n"}}
	r := Build([]contract.Item{{ID: "A", Level: "MUST"}}, specs, meta)
	specs[0].Problems[0] = errors.New("changed")
	specs[0].Exchanges[0].Method = "changed"
	meta.Operations[0].Key = "changed"
	meta.Notes[0] = "changed"
	s := r.Items[0].Specs[0]
	if s.Violations[0] != "v" || s.Exchanges[0].Method != "GET" || r.Operations[0].Key != "GET /v2/me" || r.Notes[0] != "n" {
		t.Errorf("report shares memory with Build's input: %+v", r)
	}
}

func TestBuildMeta(t *testing.T) {
	start := time.Date(2026, 1, 1, 10, 0, 0, 123456789, time.FixedZone("CET", 3600))
	r := Build(nil, []SpecResult{{Name: "s", Labels: []string{"A"}, Status: "pass", Duration: 1500 * time.Microsecond}},
		Meta{Tool: "loftgate v1", Target: "replay", StartedAt: start, Duration: 2500 * time.Millisecond, Identity: "me"})
	if r.Schema != Schema || r.Tool != "loftgate v1" || r.Target != "replay" || r.Identity != "me" {
		t.Errorf("meta not copied: %+v", r)
	}
	if want := time.Date(2026, 1, 1, 9, 0, 0, 123000000, time.UTC); !r.StartedAt.Equal(want) || r.StartedAt.Location() != time.UTC {
		t.Errorf("started_at = %v, want %v in UTC", r.StartedAt, want)
	}
	if r.DurationMS != 2500 {
		t.Errorf("duration_ms = %d, want 2500", r.DurationMS)
	}
	r = Build([]contract.Item{{ID: "A"}}, []SpecResult{{Name: "s", Labels: []string{"A"}, Status: "pass", Duration: 1500 * time.Microsecond}}, Meta{})
	if got := r.Items[0].Specs[0].DurationMS; got != 1.5 {
		t.Errorf("spec duration_ms = %v, want 1.5", got)
	}
}
