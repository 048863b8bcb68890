package sim

import (
	"net/http"
	"slices"
	"testing"
)

// TestTaskIntervalAndLocaleFilters: time_interval_filter and locale (SPEC GET /v2/tasks) filter
// the list instead of being ignored, and an unknown interval answers 422.
func TestTaskIntervalAndLocaleFilters(t *testing.T) {
	h := newHarness(t, Options{})
	// The clock starts on Thursday 2026-01-01; the seeded tasks are due that day.
	for _, due := range []string{"2025-12-30", "2026-01-02", "2026-01-06", "2026-02-01"} {
		r := h.api("POST", "/v2/tasks", map[string]any{"subject": "due " + due, "person_id": 3, "user_id": 1,
			"task_type": "general", "due_date": due, "current_state": "scheduled"})
		if r.status != http.StatusOK {
			t.Fatalf("create task due %s: %d %s", due, r.status, r.body)
		}
	}
	dues := func(query string) []string {
		t.Helper()
		var out []string
		for _, row := range listOf(t, h.api("GET", "/v2/tasks?per_page=100&"+query, nil)) {
			out = append(out, row.(map[string]any)["due_date"].(string))
		}
		slices.Sort(out)
		return out
	}
	for query, want := range map[string][]string{
		"time_interval_filter=overdue":   {"2025-12-30"},
		"time_interval_filter=today":     {"2026-01-01", "2026-01-01"},
		"time_interval_filter=tomorrow":  {"2026-01-02"},
		"time_interval_filter=this_week": {"2025-12-30", "2026-01-01", "2026-01-01", "2026-01-02"},
		"time_interval_filter=next_week": {"2026-01-06"},
		"locale=xx-nowhere":              nil,
	} {
		if got := dues(query); !slices.Equal(got, want) {
			t.Errorf("%s: due dates %v, want %v", query, got, want)
		}
	}
	if got := len(dues("")); got != 6 {
		t.Errorf("unfiltered: %d tasks, want 6", got)
	}
	wantFieldError(t, h.api("GET", "/v2/tasks?time_interval_filter=someday", nil), "time_interval_filter",
		"must be one of: overdue, today, tomorrow, this_week, next_week")
}
