package report

import (
	"reflect"
	"testing"
)

func TestCompareBaseline(t *testing.T) {
	tests := []struct {
		before, now Status // "" before means the item is not in the baseline
		want        string
	}{
		{StatusPass, StatusFail, ChangeNewFailure},
		{StatusSkip, StatusFail, ChangeNewFailure},
		{StatusUncovered, StatusFail, ChangeNewFailure},
		{StatusFail, StatusFail, ChangeUnchanged},
		{StatusFail, StatusPass, ChangeFixed},
		{StatusFail, StatusSkip, ChangeUnchanged},
		{StatusPass, StatusPass, ChangeUnchanged},
		{StatusPass, StatusSkip, ChangeUnchanged},
		{"", StatusFail, ChangeNewItem},
		{"", StatusPass, ChangeNewItem},
	}
	for _, tt := range tests {
		t.Run(string(tt.before)+"->"+string(tt.now), func(t *testing.T) {
			r := &Report{Items: []Item{{ID: "A", Status: tt.now}}}
			base := &Report{Items: []Item{{ID: "OTHER", Status: StatusFail}}}
			if tt.before != "" {
				base.Items = append(base.Items, Item{ID: "A", Status: tt.before})
			}
			r.CompareBaseline(base, "base.json")
			if got := r.Items[0].Change; got != tt.want {
				t.Errorf("change = %q, want %q", got, tt.want)
			}
			if r.Baseline == nil || r.Baseline.Path != "base.json" {
				t.Fatalf("baseline = %+v, want path base.json", r.Baseline)
			}
			if got := len(r.Baseline.NewFailures) == 1; got != (tt.want == ChangeNewFailure) {
				t.Errorf("new failures = %v", r.Baseline.NewFailures)
			}
			if got := len(r.Baseline.Fixed) == 1; got != (tt.want == ChangeFixed) {
				t.Errorf("fixed = %v", r.Baseline.Fixed)
			}
		})
	}
}

func TestCompareBaselineSample(t *testing.T) {
	r := sampleReport()
	want := &Baseline{Path: "baseline/report.json", NewFailures: []string{"AUTH-REFRESH-ROTATION"}, Fixed: []string{"ERRORS-422-FIELDS"}}
	if !reflect.DeepEqual(r.Baseline, want) {
		t.Errorf("baseline = %+v, want %+v", r.Baseline, want)
	}
	changes := map[string]string{}
	for _, it := range r.Items {
		changes[it.ID] = it.Change
	}
	wantChanges := map[string]string{
		"AUTH-OAUTH-ONLY": ChangeUnchanged, "AUTH-REFRESH-ROTATION": ChangeNewFailure, "AUTH-CLIENT-CREDENTIALS": ChangeUnchanged,
		"RATE-HEADERS": ChangeUnchanged, "PAGING-DEEP-COST": ChangeUnchanged, "WEBHOOK-SIGNATURE": ChangeUnchanged,
		"ERRORS-422-FIELDS": ChangeFixed, "CADENCE-EXPORT": ChangeNewItem,
	}
	if !reflect.DeepEqual(changes, wantChanges) {
		t.Errorf("changes = %v, want %v", changes, wantChanges)
	}
}

func TestCompareBaselineNilClears(t *testing.T) {
	r := sampleReport()
	r.CompareBaseline(nil, "")
	if r.Baseline != nil {
		t.Errorf("baseline = %+v, want nil", r.Baseline)
	}
	for _, it := range r.Items {
		if it.Change != "" {
			t.Errorf("item %s change = %q, want empty", it.ID, it.Change)
		}
	}
	var nilReport *Report
	nilReport.CompareBaseline(r, "x") // must not panic
}
