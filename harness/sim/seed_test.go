package sim

import (
	"strings"
	"testing"
)

// TestSeededActivity: a new team has two tasks, notes and calls, made by the create handlers,
// and two records in every generic collection, so a client that lists then fetches finds one.
func TestSeededActivity(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, n := range map[string]int{"tasks": len(s.tasks.rows), "notes": len(s.notes.rows), "calls": len(s.calls.rows)} {
		if n != 2 {
			t.Errorf("%s: %d seeded, want 2", name, n)
		}
	}
	for _, op := range genericOps {
		if tbl := s.generic[op.collection]; !strings.Contains(op.collection, "{id}") && (tbl == nil || len(tbl.rows) != genericSeedsPerCollection) {
			t.Errorf("%s: generic collection %s not seeded", op.pattern, op.collection)
		}
	}
}
