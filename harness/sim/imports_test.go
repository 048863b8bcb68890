package sim

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

// validImport is a cadence import that passes every rule; each call returns a fresh copy.
func validImport(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	raw := `{
	  "settings": {"name": "Imported", "target_daily_people": 5, "remove_replied": true, "remove_bounced": true,
	               "cadence_function": "outbound", "external_identifier": null, "tags": "a,b"},
	  "sharing_settings": {"team_cadence": false, "shared": true},
	  "cadence_content": {"step_groups": [
	    {"day": 1, "due_immediately": false, "automated": true, "reference_id": 0,
	     "automated_settings": {"send_type": "after_time_delay", "delay_time": 30, "allow_send_on_weekends": false},
	     "steps": [{"enabled": true, "name": "E1", "type": "Email",
	                "type_settings": {"email_template": {"subject": "Hi", "body": "<p>Hello</p>"}}}]},
	    {"day": 2, "due_immediately": true, "automated": false,
	     "steps": [{"enabled": true, "name": "Call", "type": "Phone", "type_settings": {"instructions": "call"}}]}
	  ]}
	}`
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// at walks a decoded JSON value by keys and indexes.
func at(v any, path ...any) map[string]any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			v = v.(map[string]any)[k]
		case int:
			v = v.([]any)[k]
		}
	}
	return v.(map[string]any)
}

func TestImportValidation(t *testing.T) {
	h := newHarness(t, Options{})
	tests := []struct {
		name, field, msg string
		edit             func(m map[string]any)
	}{
		{"no settings", "settings", "can't be blank", func(m map[string]any) { delete(m, "settings") }},
		{"no sharing", "sharing_settings", "can't be blank", func(m map[string]any) { delete(m, "sharing_settings") }},
		{"no name", "settings.name", "can't be blank", func(m map[string]any) { delete(at(m, "settings"), "name") }},
		{"bad target", "settings.target_daily_people", "must be an integer greater than or equal to 0",
			func(m map[string]any) { at(m, "settings")["target_daily_people"] = "x" }},
		{"no remove_replied", "settings.remove_replied", "can't be blank", func(m map[string]any) { delete(at(m, "settings"), "remove_replied") }},
		{"bad remove_bounced", "settings.remove_bounced", "is invalid", func(m map[string]any) { at(m, "settings")["remove_bounced"] = "yes" }},
		{"no function", "settings.cadence_function", "can't be blank", func(m map[string]any) { delete(at(m, "settings"), "cadence_function") }},
		{"bad function", "settings.cadence_function", "is not included in the list",
			func(m map[string]any) { at(m, "settings")["cadence_function"] = "sideways" }},
		{"team_cadence in settings", "settings", "team_cadence is not a valid field",
			func(m map[string]any) { at(m, "settings")["team_cadence"] = true }},
		{"unknown owner", "settings.cadence_owner", "is invalid", func(m map[string]any) { at(m, "settings")["cadence_owner"] = "x@y.z" }},
		{"no shared", "sharing_settings.shared", "can't be blank", func(m map[string]any) { delete(at(m, "sharing_settings"), "shared") }},
		{"no content", "cadence_content", "can't be blank", func(m map[string]any) { delete(m, "cadence_content") }},
		{"no step groups", "cadence_content.step_groups", "can't be blank", func(m map[string]any) { delete(at(m, "cadence_content"), "step_groups") }},
		{"no day", "cadence_content.step_groups[1].day", "can't be blank",
			func(m map[string]any) { delete(at(m, "cadence_content", "step_groups", 1), "day") }},
		{"bad step type", "cadence_content.step_groups[1].steps[0].type", "is not included in the list",
			func(m map[string]any) { at(m, "cadence_content", "step_groups", 1, "steps", 0)["type"] = "Fax" }},
		{"no step name", "cadence_content.step_groups[1].steps[0].name", "can't be blank",
			func(m map[string]any) { delete(at(m, "cadence_content", "step_groups", 1, "steps", 0), "name") }},
		{"no instructions", "cadence_content.step_groups[1].steps[0].type_settings.instructions", "can't be blank",
			func(m map[string]any) {
				delete(at(m, "cadence_content", "step_groups", 1, "steps", 0, "type_settings"), "instructions")
			}},
		{"automated phone", "cadence_content.step_groups[1].automated", "can only be true when every step in the group is an Email step",
			func(m map[string]any) { at(m, "cadence_content", "step_groups", 1)["automated"] = true }},
		{"automated settings when manual", "cadence_content.step_groups[0].automated_settings", "is only valid when automated is true",
			func(m map[string]any) { at(m, "cadence_content", "step_groups", 0)["automated"] = false }},
		{"delay too long", "cadence_content.step_groups[0].automated_settings.delay_time", "must be an integer between 0 and 720",
			func(m map[string]any) {
				at(m, "cadence_content", "step_groups", 0, "automated_settings")["delay_time"] = 721
			}},
		{"at_time without time", "cadence_content.step_groups[0].automated_settings.time_of_day", "can't be blank",
			func(m map[string]any) {
				at(m, "cadence_content", "step_groups", 0)["automated_settings"] = map[string]any{"send_type": "at_time", "timezone_mode": "user"}
			}},
		{"email without reference", "cadence_content.step_groups[0].reference_id", "can't be blank for a group with an Email step",
			func(m map[string]any) { delete(at(m, "cadence_content", "step_groups", 0), "reference_id") }},
		{"unknown cadence", "cadence_content.cadence_id", "is invalid", func(m map[string]any) { at(m, "cadence_content")["cadence_id"] = 99 }},
		{"cadence with steps", "cadence_content.cadence_id", "already has steps; steps can only be imported onto a cadence without steps",
			func(m map[string]any) { at(m, "cadence_content")["cadence_id"] = 1 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := validImport(t)
			tc.edit(m)
			wantFieldError(t, h.api("POST", "/v2/cadence_imports", m), tc.field, tc.msg)
		})
	}
	t.Run("all errors at once", func(t *testing.T) {
		m := validImport(t)
		delete(at(m, "settings"), "name")
		at(m, "settings")["cadence_function"] = "x"
		r := h.api("POST", "/v2/cadence_imports", m)
		wantFieldError(t, r, "settings.name", "can't be blank")
		wantFieldError(t, r, "settings.cadence_function", "is not included in the list")
	})
	if list := listOf(t, h.api("GET", "/v2/cadences", nil)); len(list) != 2 {
		t.Fatalf("a rejected import created a cadence: %d cadences", len(list))
	}
}

func TestImportExportRoundTrip(t *testing.T) {
	h := newHarness(t, Options{})
	sent := validImport(t)
	r := h.api("POST", "/v2/cadence_imports", sent)
	ref := dataOf(t, r)["cadence"].(map[string]any)
	if r.status != http.StatusOK || ref["id"] != float64(3) || ref["_href"] != "https://api.salesloft.com/v2/cadences/3" {
		t.Fatalf("import: %d %s", r.status, r.body)
	}
	content := dataOf(t, h.api("GET", "/v2/cadence_exports/3.json", nil))["cadence_content"].(map[string]any)
	want := map[string]any{"settings": sent["settings"], "sharing_settings": sent["sharing_settings"],
		"step_groups": at(sent, "cadence_content")["step_groups"]}
	if !reflect.DeepEqual(content, want) {
		t.Fatalf("export differs from import\n got %v\nwant %v", content, want)
	}
	cd := dataOf(t, h.api("GET", "/v2/cadences/3", nil))
	if cd["name"] != "Imported" || cd["shared"] != true || cd["team_cadence"] != false || cd["cadence_function"] != "outbound" ||
		!reflect.DeepEqual(cd["tags"], []any{"a", "b"}) {
		t.Errorf("cadence %v", cd)
	}

	// A seeded export posts back as is (settings inside cadence_content) and exports the same.
	seeded := dataOf(t, h.api("GET", "/v2/cadence_exports/1", nil))
	again := dataOf(t, h.api("POST", "/v2/cadence_imports", seeded))["cadence"].(map[string]any)["id"]
	copied := dataOf(t, h.api("GET", "/v2/cadence_exports/"+jsonNumber(again), nil))
	if !reflect.DeepEqual(copied, seeded) {
		t.Fatalf("seeded round trip differs\n got %v\nwant %v", copied, seeded)
	}
}

func jsonNumber(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(raw)
}

func TestImportOntoCadenceWithoutSteps(t *testing.T) {
	h := newHarness(t, Options{})
	empty := validImport(t)
	at(empty, "cadence_content")["step_groups"] = []any{}
	id := dataOf(t, h.api("POST", "/v2/cadence_imports", empty))["cadence"].(map[string]any)["id"].(float64)
	steps := validImport(t)
	delete(steps, "settings")
	delete(steps, "sharing_settings")
	at(steps, "cadence_content")["cadence_id"] = id
	r := h.api("POST", "/v2/cadence_imports", steps)
	if r.status != http.StatusOK || dataOf(t, r)["cadence"].(map[string]any)["id"] != id {
		t.Fatalf("import onto empty cadence: %d %s", r.status, r.body)
	}
	groups := dataOf(t, h.api("GET", "/v2/cadence_exports/"+jsonNumber(id), nil))["cadence_content"].(map[string]any)["step_groups"]
	if len(groups.([]any)) != 2 {
		t.Fatalf("steps not imported: %v", groups)
	}
	wantFieldError(t, h.api("POST", "/v2/cadence_imports", steps), "cadence_content.cadence_id",
		"already has steps; steps can only be imported onto a cadence without steps")
}
