package conformance

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/sim"
)

// exportedCadence is what GET /v2/cadence_exports/{id} answers: settings and sharing_settings
// inside cadence_content.
var exportedCadence = map[string]any{"cadence_content": map[string]any{
	"settings": map[string]any{"name": "Round trip", "target_daily_people": 5, "remove_replied": true,
		"remove_bounced": true, "external_identifier": nil, "cadence_function": "outbound"},
	"sharing_settings": map[string]any{"team_cadence": false, "shared": false},
	"step_groups": []any{map[string]any{"day": 1, "due_immediately": false, "automated": false, "reference_id": nil,
		"steps": []any{map[string]any{"enabled": true, "name": "Call", "type": "Phone", "type_settings": map[string]any{"instructions": "Call."}}}}}}}

// agreement lists request bodies on which the simulator and the contract must agree: the
// simulator accepts (2xx) exactly the requests the contract accepts.
var agreement = []struct {
	name string
	step step
}{
	{"task", step{method: "POST", path: "/v2/tasks", body: map[string]any{"subject": "s", "person_id": 1, "user_id": 1, "task_type": "call", "due_date": "2026-01-05", "current_state": "scheduled"}}},
	{"task type in another case", step{method: "POST", path: "/v2/tasks", body: map[string]any{"subject": "s", "person_id": 1, "user_id": 1, "task_type": "Email", "due_date": "2026-01-05", "current_state": "Scheduled"}}},
	{"task type unknown", step{method: "POST", path: "/v2/tasks", body: map[string]any{"subject": "s", "person_id": 1, "user_id": 1, "task_type": "interop task_type 3", "due_date": "2026-01-05", "current_state": "scheduled"}}},
	{"task state unknown", step{method: "POST", path: "/v2/tasks", body: map[string]any{"subject": "s", "person_id": 1, "user_id": 1, "task_type": "call", "due_date": "2026-01-05", "current_state": "interop"}}},
	{"task due date not a date", step{method: "POST", path: "/v2/tasks", body: map[string]any{"subject": "s", "person_id": 1, "user_id": 1, "task_type": "call", "due_date": "interop due_date 3", "current_state": "scheduled"}}},
	{"task completed", step{method: "PUT", path: "/v2/tasks/1", body: map[string]any{"current_state": "completed"}}},
	{"task update due date not a date", step{method: "PUT", path: "/v2/tasks/1", body: map[string]any{"due_date": "soon"}}},
	{"note on a person", step{method: "POST", path: "/v2/notes", body: map[string]any{"content": "c", "associated_with_type": "person", "associated_with_id": 1}}},
	{"note on an Account (any case)", step{method: "POST", path: "/v2/notes", body: map[string]any{"content": "c", "associated_with_type": "Account", "associated_with_id": 1}}},
	{"note on an unknown type", step{method: "POST", path: "/v2/notes", body: map[string]any{"content": "c", "associated_with_type": "interop associated_with_type 3", "associated_with_id": 1}}},
	{"activity for a task", step{method: "POST", path: "/v2/activities", body: map[string]any{"task_id": 2}}},
	{"activity for an action", step{method: "POST", path: "/v2/activities", body: map[string]any{"action_id": 1}}},
	{"activity for nothing", step{method: "POST", path: "/v2/activities", body: map[string]any{}}},
	{"upsert by email", step{method: "POST", path: "/v2/person_upserts", body: map[string]any{"upsert_key": "email_address", "email_address": "agree@example.com"}}},
	{"upsert creating by phone and last name", step{method: "POST", path: "/v2/person_upserts", body: map[string]any{"phone": "+1 555 0199", "last_name": "Agree"}}},
	{"upsert of nothing", step{method: "POST", path: "/v2/person_upserts", body: map[string]any{}}},
	{"cadence export posted back as is", step{method: "POST", path: "/v2/cadence_imports", body: exportedCadence}},
	{"cadence import without settings", step{method: "POST", path: "/v2/cadence_imports", body: map[string]any{"cadence_content": map[string]any{"step_groups": []any{}}}}},
}

// TestSimulatorAndContractAgree: for each request above the simulator answers 2xx exactly when
// the contract finds nothing wrong with the request.
func TestSimulatorAndContractAgree(t *testing.T) {
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range agreement {
		s, err := sim.New(sim.Options{})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s.Handler())
		ex := send(t, srv.URL, tt.step)
		srv.Close()
		requestOK := true
		for _, v := range c.Validate(context.Background(), ex) {
			if v.Direction == contract.DirectionRequest {
				requestOK = false
			} else {
				t.Errorf("%s: the answer breaks the contract: %s", tt.name, v)
			}
		}
		if simOK := ex.Status < 300; simOK != requestOK {
			t.Errorf("%s: the simulator answers %d but the contract finds the request ok=%v: %s", tt.name, ex.Status, requestOK, ex.ResponseBody)
		}
	}
}
