package sim

import (
	"encoding/json"
	"net/url"
	"testing"
)

// meta returns the body's metadata re-encoded, for exact comparison.
func meta(t *testing.T, r resp) string {
	t.Helper()
	var body struct {
		Metadata json.RawMessage `json:"metadata"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
	return string(body.Metadata)
}

func ids(t *testing.T, r resp) []int {
	t.Helper()
	var out []int
	for _, e := range listOf(t, r) {
		out = append(out, int(e.(map[string]any)["id"].(float64)))
	}
	return out
}

func TestPaging(t *testing.T) {
	h := newHarness(t, Options{})
	tests := []struct {
		query string
		n     int
		meta  string
	}{
		{"", 25, `{"filtering":{},"paging":{"current_page":1,"next_page":2,"per_page":25,"prev_page":null},"sorting":{"sort_by":"updated_at","sort_direction":"DESC NULLS LAST"}}`},
		{"per_page=0", 25, `{"filtering":{},"paging":{"current_page":1,"next_page":2,"per_page":25,"prev_page":null},"sorting":{"sort_by":"updated_at","sort_direction":"DESC NULLS LAST"}}`},
		{"per_page=101", 25, `{"filtering":{},"paging":{"current_page":1,"next_page":2,"per_page":25,"prev_page":null},"sorting":{"sort_by":"updated_at","sort_direction":"DESC NULLS LAST"}}`},
		{"per_page=abc&page=-3", 25, `{"filtering":{},"paging":{"current_page":1,"next_page":2,"per_page":25,"prev_page":null},"sorting":{"sort_by":"updated_at","sort_direction":"DESC NULLS LAST"}}`},
		{"per_page=100", 60, `{"filtering":{},"paging":{"current_page":1,"next_page":null,"per_page":100,"prev_page":null},"sorting":{"sort_by":"updated_at","sort_direction":"DESC NULLS LAST"}}`},
		{"page=3", 10, `{"filtering":{},"paging":{"current_page":3,"next_page":null,"per_page":25,"prev_page":2},"sorting":{"sort_by":"updated_at","sort_direction":"DESC NULLS LAST"}}`},
		{"page=2&per_page=30", 30, `{"filtering":{},"paging":{"current_page":2,"next_page":null,"per_page":30,"prev_page":1},"sorting":{"sort_by":"updated_at","sort_direction":"DESC NULLS LAST"}}`},
		{"page=10", 0, `{"filtering":{},"paging":{"current_page":10,"next_page":null,"per_page":25,"prev_page":9},"sorting":{"sort_by":"updated_at","sort_direction":"DESC NULLS LAST"}}`},
		{"page=99999999999", 0, ""},
		{"include_paging_counts=true&per_page=7", 7, `{"filtering":{},"paging":{"current_page":1,"next_page":2,"per_page":7,"prev_page":null,"total_count":60,"total_pages":9},"sorting":{"sort_by":"updated_at","sort_direction":"DESC NULLS LAST"}}`},
		{"sort_by=name&sort_direction=asc", 25, `{"filtering":{},"paging":{"current_page":1,"next_page":2,"per_page":25,"prev_page":null},"sorting":{"sort_by":"name","sort_direction":"ASC NULLS FIRST"}}`},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			r := h.api("GET", "/v2/people?"+tc.query, nil)
			if got := len(listOf(t, r)); got != tc.n {
				t.Errorf("%d records, want %d", got, tc.n)
			}
			if tc.meta != "" && meta(t, r) != tc.meta {
				t.Errorf("metadata\n got %s\nwant %s", meta(t, r), tc.meta)
			}
		})
	}
}

func TestSortingAndFilters(t *testing.T) {
	h := newHarness(t, Options{})
	p30 := dataOf(t, h.api("GET", "/v2/people/30", nil))["updated_at"].(string)
	tests := []struct {
		query string
		want  []int // ids in order; nil = only the count matters
		count int
	}{
		{"per_page=3", []int{60, 59, 58}, 3},
		{"sort_by=created_at&sort_direction=ASC&per_page=3", []int{1, 2, 3}, 3},
		{"ids=3,1,2", []int{3, 2, 1}, 3},
		{"ids[]=1&ids[]=2", []int{2, 1}, 2},
		{"ids=1,999", []int{1}, 1},
		{"email_addresses[]=PERSON07@example.com", []int{7}, 1},
		{"email_addresses=person07@example.com,person08@example.com", []int{8, 7}, 2},
		{"account_id=1&per_page=100", nil, 10},
		{"updated_at[gt]=" + url.QueryEscape(p30) + "&per_page=100", nil, 30},
		{"updated_at[gte]=" + url.QueryEscape(p30) + "&per_page=100", nil, 31},
		{"updated_at[lt]=" + url.QueryEscape(p30) + "&per_page=100", nil, 29},
		{"updated_at[lte]=" + p30 + "&per_page=100", nil, 30}, // unescaped "+" arrives as a space
		{"updated_at[gt]=2026-01-01T00:00:00Z", nil, 0},
		{"sort_by=last_contacted_at&sort_direction=ASC&per_page=1", []int{1}, 1},   // nulls first
		{"sort_by=last_contacted_at&sort_direction=DESC&per_page=1", []int{60}, 1}, // nulls last
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			got := ids(t, h.api("GET", "/v2/people?"+tc.query, nil))
			if len(got) != tc.count {
				t.Fatalf("%d records %v, want %d", len(got), got, tc.count)
			}
			for i, id := range tc.want {
				if got[i] != id {
					t.Fatalf("ids %v, want %v", got, tc.want)
				}
			}
		})
	}
	invalid := []struct{ query, field string }{
		{"sort_by=bogus", "sort_by"},
		{"sort_direction=sideways", "sort_direction"},
		{"ids=abc", "ids"},
		{"updated_at[gt]=yesterday", "updated_at"},
		{"do_not_contact=maybe", "do_not_contact"},
	}
	for _, tc := range invalid {
		r := h.api("GET", "/v2/people?"+tc.query, nil)
		if r.status != 422 || r.json(t)["errors"].(map[string]any)[tc.field] == nil {
			t.Errorf("%s: %d %s, want 422 on %s", tc.query, r.status, r.body, tc.field)
		}
	}
	if r := h.api("GET", "/v2/people?unknown_filter=1", nil); r.status != 200 {
		t.Errorf("unknown filter names are ignored, got %d", r.status)
	}
}

func TestOtherLists(t *testing.T) {
	h := newHarness(t, Options{})
	tests := []struct {
		path  string
		count int
	}{
		{"/v2/accounts", 5},
		{"/v2/accounts?domain=globex.example.com", 1},
		{"/v2/cadences", 2},
		{"/v2/cadences?team_cadence=true", 1},
		{"/v2/cadences?owned_by_guid=" + (&userRec{id: 1}).guid(), 2},
		{"/v2/cadence_memberships", 5},
		{"/v2/cadence_memberships?person_id=4", 1},
		{"/v2/cadence_memberships?sort_by=added_at&sort_direction=ASC", 5},
		{"/v2/users?active=false", 1},
	}
	for _, tc := range tests {
		if got := len(listOf(t, h.api("GET", tc.path, nil))); got != tc.count {
			t.Errorf("GET %s: %d records, want %d", tc.path, got, tc.count)
		}
	}
	wantFieldError(t, h.api("GET", "/v2/cadence_memberships?sort_by=name", nil), "sort_by", "must be one of: added_at, updated_at")
}
