package sim

import (
	"net/http"
	"strings"
	"testing"
)

// TestGenericRecordsKeepIDAndTimestamps: a seeded record of a generic collection whose list
// sorts by id, created_at or updated_at still carries its own id and timestamps, and a list
// sorted ascending by updated_at is in order.
func TestGenericRecordsKeepIDAndTimestamps(t *testing.T) {
	h := newHarness(t, Options{})
	for _, path := range []string{"/v2/imports?sort_by=updated_at&sort_direction=ASC", "/v2/crm_users?sort_by=id", "/v2/email_templates"} {
		rows := listOf(t, h.api("GET", path, nil))
		if len(rows) != genericSeedsPerCollection {
			t.Fatalf("%s: %d records, want %d", path, len(rows), genericSeedsPerCollection)
		}
		prev := ""
		for _, r := range rows {
			rec := r.(map[string]any)
			if rec["id"] == nil || rec["created_at"] == nil || rec["updated_at"] == nil {
				t.Errorf("%s: record without id or timestamps: %v", path, rec)
			}
			if at, _ := rec["updated_at"].(string); strings.HasPrefix(path, "/v2/imports") && at < prev {
				t.Errorf("%s: updated_at %s after %s", path, at, prev)
			} else {
				prev = at
			}
		}
	}
	created := dataOf(t, h.api("POST", "/v2/imports", map[string]any{"name": "Spring list", "id": 99}))
	if created["id"] == float64(99) || created["name"] != "Spring list" {
		t.Errorf("create: %v; the body's id must not replace the record's", created)
	}
	if r := h.api("DELETE", "/v2/imports/1", nil); r.status != http.StatusNoContent {
		t.Errorf("DELETE /v2/imports/1: %d", r.status)
	}
	if r := h.api("GET", "/v2/imports/1", nil); r.status != http.StatusNotFound {
		t.Errorf("GET after DELETE: %d, want 404", r.status)
	}
}
