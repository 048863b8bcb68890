package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/sim"
)

// step is one request of the walk: method, path (with query) and a JSON body or a form.
type step struct {
	method, path string
	body         any
	form         string
	anonymous    bool
	status       int
}

// walk exercises every operation the contract models in full, with successes and errors. The
// ids are the seeded ones (seed.go) and those the walk's own creates receive.
var walk = []step{
	{method: "POST", path: "/oauth/token", form: "grant_type=client_credentials&client_id=" + sim.DefaultClientID + "&client_secret=" + sim.DefaultClientSecret, status: 200},
	{method: "GET", path: "/oauth/authorize?response_type=code&client_id=" + sim.DefaultClientID + "&redirect_uri=" + url.QueryEscape(sim.DefaultRedirectURI), status: 302},
	{method: "GET", path: "/v2/me", status: 200},
	{method: "GET", path: "/v2/me", anonymous: true, status: 401},
	{method: "GET", path: "/v2/team", status: 200},
	{method: "GET", path: "/v2/users", status: 200},
	{method: "GET", path: "/v2/users?page=1&per_page=2&sort_by=role", status: 200},
	{method: "GET", path: "/v2/users/1", status: 200},
	{method: "GET", path: "/v2/users/99", status: 404},
	{method: "GET", path: "/v2/people?sort_by=call_count&ids[]=1&ids[]=2", status: 200},
	{method: "GET", path: "/v2/people/1", status: 200},
	{method: "POST", path: "/v2/people", body: map[string]any{"email_address": "walk@example.com", "first_name": "Walk"}, status: 200},
	{method: "POST", path: "/v2/people", body: map[string]any{"first_name": "NoEmail"}, status: 422},
	{method: "PUT", path: "/v2/people/61", body: map[string]any{"title": "Walker"}, status: 200},
	{method: "GET", path: "/v2/accounts?sort_by=counts_people", status: 200},
	{method: "GET", path: "/v2/accounts/1", status: 200},
	{method: "POST", path: "/v2/accounts", body: map[string]any{"name": "Walk Co", "domain": "walk.example"}, status: 200},
	{method: "PUT", path: "/v2/accounts/6", body: map[string]any{"city": "Oslo"}, status: 200},
	{method: "DELETE", path: "/v2/accounts/6", status: 204},
	{method: "GET", path: "/v2/cadences", status: 200},
	{method: "GET", path: "/v2/cadences/1", status: 200},
	{method: "GET", path: "/v2/cadence_exports/1", status: 200},
	{method: "GET", path: "/v2/cadence_memberships", status: 200},
	{method: "POST", path: "/v2/cadence_memberships", body: map[string]any{"person_id": 10, "cadence_id": 1}, status: 200},
	{method: "GET", path: "/v2/cadence_memberships/1", status: 200},
	{method: "DELETE", path: "/v2/cadence_memberships/2", status: 204},
	{method: "GET", path: "/v2/cadence_memberships/999", status: 404},
	{method: "POST", path: "/v2/webhook_subscriptions", body: map[string]any{"callback_url": "http://127.0.0.1:9/hook", "callback_token": "walk-token", "event_type": "task_created"}, status: 200},
	{method: "GET", path: "/v2/webhook_subscriptions", status: 200},
	{method: "GET", path: "/v2/webhook_subscriptions/1", status: 200},
	{method: "PUT", path: "/v2/webhook_subscriptions/1", body: map[string]any{"enabled": false}, status: 200},
	{method: "DELETE", path: "/v2/webhook_subscriptions/1", status: 204},
	{method: "GET", path: "/v2/steps?cadence_id=1&sort_by=created_at", status: 200},
	{method: "GET", path: "/v2/steps/101", status: 200},
	{method: "GET", path: "/v2/steps/999", status: 404},
	{method: "POST", path: "/v2/tasks", body: map[string]any{"subject": "Call back", "person_id": 1, "user_id": 1, "task_type": "call", "due_date": "2026-01-05", "current_state": "scheduled"}, status: 200},
	{method: "POST", path: "/v2/tasks", body: map[string]any{"subject": "Incomplete"}, status: 422},
	{method: "GET", path: "/v2/tasks?sort_by=due_at&person_id=1", status: 200},
	{method: "GET", path: "/v2/tasks/1", status: 200},
	{method: "PUT", path: "/v2/tasks/1", body: map[string]any{"description": "Ask about the renewal"}, status: 200},
	{method: "GET", path: "/v2/tasks/9", status: 404},
	{method: "POST", path: "/v2/activities", body: map[string]any{"task_id": 1}, status: 200},
	{method: "POST", path: "/v2/activities", body: map[string]any{}, status: 422},
	{method: "GET", path: "/v2/custom_fields?field_type=person", status: 200},
	{method: "POST", path: "/v2/custom_fields", body: map[string]any{"name": "Walk Field", "field_type": "person"}, status: 200},
	{method: "POST", path: "/v2/custom_fields", body: map[string]any{"name": "Lead Source"}, status: 422},
	{method: "GET", path: "/v2/custom_fields/3", status: 200},
	{method: "PUT", path: "/v2/custom_fields/3", body: map[string]any{"name": "Walk Field 2"}, status: 200},
	{method: "DELETE", path: "/v2/custom_fields/3", status: 204},
	{method: "POST", path: "/v2/person_upserts", body: map[string]any{"upsert_key": "email_address", "email_address": "person02@example.com", "title": "CEO"}, status: 200},
	{method: "POST", path: "/v2/person_upserts", body: map[string]any{"upsert_key": "email_address", "email_address": "upserted@example.com"}, status: 200},
	{method: "POST", path: "/v2/person_upserts", body: map[string]any{"upsert_key": "crm_id"}, status: 422},
	{method: "GET", path: "/v2/tags?search=out", status: 200},
	{method: "POST", path: "/v2/notes", body: map[string]any{"content": "Met at the conference.", "associated_with_type": "Person", "associated_with_id": 1}, status: 200},
	{method: "POST", path: "/v2/notes", body: map[string]any{"content": "Orphan", "associated_with_type": "person", "associated_with_id": 9999}, status: 422},
	{method: "GET", path: "/v2/notes?associated_with_type=person&associated_with_id=1", status: 200},
	{method: "GET", path: "/v2/notes/1", status: 200},
	{method: "PUT", path: "/v2/notes/1", body: map[string]any{"content": "Call in March."}, status: 200},
	{method: "DELETE", path: "/v2/notes/1", status: 204},
	{method: "POST", path: "/v2/activities/calls", body: map[string]any{"person_id": 1, "to": "+1 555 0100", "duration": 60, "disposition": "Connected", "notes": "Talked pricing."}, status: 200},
	{method: "POST", path: "/v2/activities/calls", body: map[string]any{"duration": -1}, status: 422},
	{method: "GET", path: "/v2/activities/calls?person_id=1", status: 200},
	{method: "GET", path: "/v2/activities/calls/1", status: 200},
	{method: "GET", path: "/v2/account_stages?sort_by=order", status: 200},
	{method: "GET", path: "/v2/account_stages/1", status: 200},
	{method: "GET", path: "/v2/person_stages", status: 200},
	{method: "POST", path: "/v2/person_stages", body: map[string]any{"name": "Nurture"}, status: 200},
	{method: "POST", path: "/v2/person_stages", body: map[string]any{"name": "Cold"}, status: 422},
	{method: "GET", path: "/v2/person_stages/4", status: 200},
	{method: "PUT", path: "/v2/person_stages/4", body: map[string]any{"name": "Nurturing"}, status: 200},
	{method: "DELETE", path: "/v2/person_stages/4", status: 204},
	{method: "DELETE", path: "/v2/people/61", status: 204},
	{method: "POST", path: "/v2/cadence_imports", body: map[string]any{"settings": map[string]any{"name": "Walk Cadence",
		"target_daily_people": 5, "remove_replied": true, "remove_bounced": true, "external_identifier": nil, "cadence_function": "outbound"},
		"sharing_settings": map[string]any{"team_cadence": false, "shared": false},
		"cadence_content": map[string]any{"step_groups": []any{map[string]any{"day": 1, "due_immediately": false, "automated": false, "reference_id": nil,
			"steps": []any{map[string]any{"enabled": true, "name": "Call", "type": "Phone", "type_settings": map[string]any{"instructions": "Call."}}}}}}}, status: 200},
}

// send makes one request of the walk and returns the exchange as the contract sees it.
func send(t *testing.T, base string, s step) contract.Exchange {
	t.Helper()
	var body []byte
	ctype := ""
	switch {
	case s.form != "":
		body, ctype = []byte(s.form), "application/x-www-form-urlencoded"
	case s.body != nil:
		b, err := json.Marshal(s.body)
		if err != nil {
			t.Fatal(err)
		}
		body, ctype = b, "application/json"
	}
	req, err := http.NewRequest(s.method, base+s.path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if !s.anonymous && strings.HasPrefix(s.path, "/v2/") {
		req.Header.Set("Authorization", "Bearer "+sim.DefaultAPIKey)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return contract.Exchange{Method: s.method, URL: req.URL, RequestHeader: req.Header, RequestBody: body,
		Status: res.StatusCode, ResponseHeader: res.Header, ResponseBody: raw}
}

// TestSimulatorConformsToTheContract walks every operation the contract models in full against
// the simulator and validates each exchange; every such operation must be served and walked.
func TestSimulatorConformsToTheContract(t *testing.T) {
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.New(sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	walked := map[string]bool{}
	for _, st := range walk {
		ex := send(t, srv.URL, st)
		if ex.Status != st.status {
			t.Errorf("%s %s: status %d, want %d: %s", st.method, st.path, ex.Status, st.status, ex.ResponseBody)
		}
		check := c.Validate
		if st.status == http.StatusUnprocessableEntity {
			// The request is wrong on purpose; only the answer is judged.
			check = c.ValidateResponse
		}
		for _, v := range check(context.Background(), ex) {
			t.Errorf("%s %s: %s", st.method, st.path, v)
		}
		if op, _, ok := c.Match(st.method, ex.URL.Path); ok {
			walked[op.Key] = true
		}
	}
	for _, op := range c.Operations() {
		if op.Depth == contract.DepthFull && !walked[op.Key] {
			t.Errorf("%s is modelled in full in the contract but the walk does not exercise it; add it to the walk (and the simulator)", op.Key)
		}
	}
}

// TestConformanceCatchesADrift: the walk's check is real: a simulator answer that breaks the
// contract (a task whose person reference is a bare number) is reported.
func TestConformanceCatchesADrift(t *testing.T) {
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.New(sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	ex := send(t, srv.URL, step{method: "POST", path: "/v2/tasks", body: map[string]any{"subject": "Call back", "person_id": 1,
		"user_id": 1, "task_type": "call", "due_date": "2026-01-05", "current_state": "scheduled"}})
	ex.ResponseBody = bytes.Replace(ex.ResponseBody, []byte(`"person":{`), []byte(`"person":1,"was":{`), 1)
	if vs := c.Validate(context.Background(), ex); len(vs) == 0 {
		t.Fatalf("a task whose person is a number conforms: %s", ex.ResponseBody)
	}
}
