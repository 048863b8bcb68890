package contract

import "testing"

func TestNormalizePath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/v2/people", "/v2/people"},
		{"/v2/people.json", "/v2/people"},
		{"/v2/people/7", "/v2/people/{id}"},
		{"/v2/people/7.json", "/v2/people/{id}"},
		{"https://api.salesloft.com/v2/people/7.json?include_paging_counts=true", "/v2/people/{id}"},
		{"http://127.0.0.1:8080/proxy/v2/me.json", "/v2/me"},
		{"/v2/people/:id", "/v2/people/{id}"},
		{"/v2/people/{person_id}", "/v2/people/{id}"},
		{"/v2/cadence_exports/${cadenceId}.json", "/v2/cadence_exports/{id}"},
		{"/v2/people/#{id}", "/v2/people/{id}"},
		{"/v2/people/%d", "/v2/people/{id}"},
		{"/v2/people/%7Bid%7D", "/v2/people/{id}"},
		{"/v2/people/<id>", "/v2/people/{id}"},
		{"/v2/bulk_jobs/12/job_data", "/v2/bulk_jobs/{id}/job_data"},
		{"/v2/meetings/settings/searches", "/v2/meetings/settings/searches"},
		{"/v2//people/", "/v2/people"},
		{"https://accounts.salesloft.com/oauth/token", "/oauth/token"},
		{"/people.json", "/people"},
		{"", "/"},
	}
	for _, tt := range tests {
		if got := NormalizePath(tt.in); got != tt.want {
			t.Errorf("NormalizePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	c := mustLoad(t)
	tests := []struct {
		method, path string
		wantKey      string
		wantParams   map[string]string
	}{
		{"GET", "/v2/people/7", "GET /v2/people/{id}", map[string]string{"id": "7"}},
		{"GET", "/v2/people/7.json", "GET /v2/people/{id}", map[string]string{"id": "7"}},
		{"GET", "/v2/people/7?include_paging_counts=true", "GET /v2/people/{id}", map[string]string{"id": "7"}},
		{"get", "/v2/people.json?per_page=100", "GET /v2/people", map[string]string{}},
		{"DELETE", "/v2/webhook_subscriptions/3", "DELETE /v2/webhook_subscriptions/{id}", map[string]string{"id": "3"}},
		{"GET", "/v2/me.json", "GET /v2/me", map[string]string{}},
		{"GET", "/base/path/v2/me", "GET /v2/me", map[string]string{}},
		{"GET", "https://api.salesloft.com/v2/cadence_exports/42.json", "GET /v2/cadence_exports/{id}", map[string]string{"id": "42"}},
		{"POST", "/oauth/token", "POST /oauth/token", map[string]string{}},
		{"GET", "/oauth/authorize?client_id=x", "GET /oauth/authorize", map[string]string{}},
		// Rails answers PATCH with the update route and HEAD with the GET route.
		{"PATCH", "/v2/people/7", "PUT /v2/people/{id}", map[string]string{"id": "7"}},
		{"HEAD", "/v2/people", "GET /v2/people", map[string]string{}},
		{"PATCH", "/v2/cadences/7", "", nil},
		{"GET", "/v2/people/7/", "GET /v2/people/{id}", map[string]string{"id": "7"}},
		{"GET", "/v2/people/7/emails", "", nil},
		{"GET", "/v2/cadence_steps", "", nil},
		{"GET", "/v2/bulk_jobs/5/results", "GET /v2/bulk_jobs/{id}/results", map[string]string{"id": "5"}},
		{"GET", "/v2", "", nil},
	}
	for _, tt := range tests {
		op, params, ok := c.Match(tt.method, tt.path)
		if tt.wantKey == "" {
			if ok {
				t.Errorf("Match(%s %s) = %s, want no match", tt.method, tt.path, op.Key)
			}
			continue
		}
		if !ok || op.Key != tt.wantKey {
			t.Errorf("Match(%s %s) = %q, %v; want %q", tt.method, tt.path, op.Key, ok, tt.wantKey)
			continue
		}
		if len(params) != len(tt.wantParams) {
			t.Errorf("Match(%s %s) params = %v, want %v", tt.method, tt.path, params, tt.wantParams)
		}
		for k, v := range tt.wantParams {
			if params[k] != v {
				t.Errorf("Match(%s %s) params[%s] = %q, want %q", tt.method, tt.path, k, params[k], v)
			}
		}
	}
}
