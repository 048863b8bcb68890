package cadence

import (
	"encoding/json"
	"strings"
	"testing"
)

func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return m
}

// exported is an export as SalesLoft shapes it (API-FACTS §4): two step
// groups, the second an email threaded onto the first.
const exported = `{
  "settings": {"name": "Outbound A", "cadence_function": "outbound", "target_daily_people": 10},
  "sharing_settings": {"team_cadence": false, "shared": true},
  "step_groups": [
    {"id": 11, "day": 1, "reference_id": 7, "steps": [
      {"id": 21, "name": "Intro", "type": "Email", "type_settings": {"email_template": {"subject": "hi"}}}]},
    {"id": 12, "day": 3, "reference_id": 8, "steps": [
      {"id": 22, "name": "Call", "type": "Integration", "type_settings": {"integration_id": 5, "previous_email_step_group_reference_id": 7}}]}
  ]}`

func TestNormalizeAndDiff(t *testing.T) {
	tests := []struct {
		name  string
		other string // a JSON edit of exported, applied by replacing old with new
		old   string
		want  []string // substrings of the diff lines; none means equal
	}{
		{name: "same content", other: exported},
		{name: "ids, name and reference ids renumbered", old: `"id": 11`, other: `"id": 91`},
		{name: "cadence renamed", old: `"Outbound A"`, other: `"loftgate import X"`},
		{name: "references renumbered consistently", old: "", other: strings.NewReplacer(`"reference_id": 7`, `"reference_id": 70`, `"previous_email_step_group_reference_id": 7`, `"previous_email_step_group_reference_id": 70`).Replace(exported)},
		{name: "thread points elsewhere", old: `"previous_email_step_group_reference_id": 7`, other: `"previous_email_step_group_reference_id": 8`,
			want: []string{"cadence_content.step_groups[1].steps[0].type_settings.previous_email_step_group_reference_id: - \"ref-1\" + \"ref-2\""}},
		{name: "step type changed", old: `"type": "Email"`, other: `"type": "Phone"`,
			want: []string{`cadence_content.step_groups[0].steps[0].type: - "Email" + "Phone"`}},
		{name: "step name changed", old: `"Call"`, other: `"Call back"`,
			want: []string{`cadence_content.step_groups[1].steps[0].name: - "Call" + "Call back"`}},
		{name: "integration id kept", old: `"integration_id": 5`, other: `"integration_id": 6`,
			want: []string{"type_settings.integration_id: - 5 + 6"}},
		{name: "type_settings dropped", old: `, "type_settings": {"email_template": {"subject": "hi"}}`, other: ``,
			want: []string{"steps[0].type_settings: - {\"email_template\":{\"subject\":\"hi\"}} (missing from the second export)"}},
		{name: "extra step group", old: `]}
  ]}`, other: `]},
    {"day": 9, "steps": []}
  ]}`, want: []string{"cadence_content.step_groups[2]: + {\"day\":9,\"steps\":[]} (missing from the first export)"}},
		{name: "sharing changed", old: `"shared": true`, other: `"shared": false`,
			want: []string{"cadence_content.sharing_settings.shared: - true + false"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other := tt.other
			if tt.old != "" {
				if !strings.Contains(exported, tt.old) {
					t.Fatalf("test edit %q not found", tt.old)
				}
				other = strings.Replace(exported, tt.old, tt.other, 1)
			}
			got := diff(normalize(decode(t, exported)), normalize(decode(t, other)))
			if len(tt.want) == 0 && len(got) > 0 {
				t.Fatalf("want no difference, got:\n%s", strings.Join(got, "\n"))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("want %d difference(s), got:\n%s", len(tt.want), strings.Join(got, "\n"))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("difference %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

func TestCheckContent(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []string
	}{
		{name: "complete", content: exported},
		{name: "no content", content: "", want: []string{"data.cadence_content: missing"}},
		{name: "no sharing settings", content: `{"settings": {}, "step_groups": [{"steps": []}]}`,
			want: []string{"data.cadence_content.sharing_settings: missing, want an object"}},
		{name: "no step groups", content: `{"settings": {}, "sharing_settings": {}, "step_groups": []}`,
			want: []string{"data.cadence_content.step_groups: empty"}},
		{name: "step without type", content: `{"settings": {}, "sharing_settings": {}, "step_groups": [{"steps": [{"type_settings": {}}]}]}`,
			want: []string{"data.cadence_content.step_groups[0].steps[0].type: missing"}},
		{name: "step with null type_settings", content: `{"settings": {}, "sharing_settings": {}, "step_groups": [{"steps": [{"type": "Phone", "type_settings": null}]}]}`,
			want: []string{"data.cadence_content.step_groups[0].steps[0].type_settings: null, want an object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var content map[string]any
			if tt.content != "" {
				content = decode(t, tt.content)
			}
			got := checkContent(content)
			if len(got) != len(tt.want) {
				t.Fatalf("want %d problem(s) %q, got %q", len(tt.want), tt.want, got)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

func TestFieldErrors(t *testing.T) {
	for _, key := range []string{"name", "settings.name", "settings[name]"} {
		if _, ok := fieldErrors(map[string][]string{key: {"can't be blank"}}, "name"); !ok {
			t.Errorf("a 422 keyed %q is not found as the name error", key)
		}
	}
	if _, ok := fieldErrors(map[string][]string{"cadence_function": {"is invalid"}}, "name"); ok {
		t.Error("a 422 without a name error is reported as having one")
	}
}
