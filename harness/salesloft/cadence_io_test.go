package salesloft

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

const exportJSON = `{"data":{"cadence_content":{
 "settings":{"name":"Outbound Q1","target_daily_people":50,"remove_replied":true,"remove_bounced":true,
   "external_identifier":null,"cadence_function":"outbound","cadence_priority":"High","tags":"tag1,tag2"},
 "sharing_settings":{"team_cadence":true,"shared":true},
 "step_groups":[
  {"day":1,"due_immediately":true,"automated":true,"reference_id":0,
   "automated_settings":{"allow_send_on_weekends":false,"send_type":"after_time_delay","delay_time":30},
   "steps":[{"enabled":true,"name":"Intro","type":"Email","type_settings":{"email_template":{"title":"t","subject":"Hi","body":"<p>Hi</p>"}}}]},
  {"day":3,"due_immediately":false,"automated":false,"reference_id":null,
   "steps":[{"enabled":true,"name":"Call","type":"Phone","type_settings":{"instructions":"Call them"}}]}
 ]}}}`

func TestExportImportRoundTrip(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method + " " + strings.TrimPrefix(r.URL.Path, prefix) {
		case "GET /v2/cadence_exports/1":
			reply(t, w, 200, exportJSON)
		case "POST /v2/cadence_imports":
			reply(t, w, 200, `{"data":{"cadence":{"id":42,"_href":"https://api.salesloft.com/v2/cadences/42"}}}`)
		default:
			http.NotFound(w, r)
		}
	})
	c := s.client(&sleeps{})
	exp, _, err := c.ExportCadence(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(exp.CadenceContent.StepGroups) != 2 || exp.CadenceContent.StepGroups[0].Steps[0].Type != "Email" || *exp.CadenceContent.StepGroups[0].ReferenceID != 0 {
		t.Fatalf("export = %+v", exp)
	}
	in := exp.ImportInput("Outbound Q1 (copy)")
	res, _, err := c.ImportCadence(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cadence.ID != 42 || res.Cadence.Href == "" {
		t.Errorf("import = %+v", res)
	}
	if exp.CadenceContent.Settings["name"] != "Outbound Q1" {
		t.Error("ImportInput changed the export's settings")
	}
	imported := s.requests()[1].Body

	var body map[string]json.RawMessage
	if err := json.Unmarshal([]byte(imported), &body); err != nil {
		t.Fatal(err)
	}
	var src struct {
		Data struct {
			CadenceContent map[string]json.RawMessage `json:"cadence_content"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(exportJSON), &src); err != nil {
		t.Fatal(err)
	}
	var content struct {
		StepGroups json.RawMessage `json:"step_groups"`
	}
	if err := json.Unmarshal(body["cadence_content"], &content); err != nil {
		t.Fatal(err)
	}
	if !sameJSON(t, string(content.StepGroups), string(src.Data.CadenceContent["step_groups"])) {
		t.Errorf("step groups did not round-trip:\n got %s\nwant %s", content.StepGroups, src.Data.CadenceContent["step_groups"])
	}
	if !sameJSON(t, string(body["sharing_settings"]), string(src.Data.CadenceContent["sharing_settings"])) {
		t.Errorf("sharing_settings = %s", body["sharing_settings"])
	}
	wantSettings := strings.Replace(string(src.Data.CadenceContent["settings"]), `"Outbound Q1"`, `"Outbound Q1 (copy)"`, 1)
	if !sameJSON(t, string(body["settings"]), wantSettings) {
		t.Errorf("settings = %s, want %s", body["settings"], wantSettings)
	}
	if strings.Contains(string(body["settings"]), "team_cadence") {
		t.Error("team_cadence must be in sharing_settings, not settings")
	}
}

func TestImportCadenceNeedsStepGroups(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { reply(t, w, 200, `{}`) })
	_, _, err := s.client(&sleeps{}).ImportCadence(context.Background(), CadenceImportInput{})
	if err == nil || !strings.Contains(err.Error(), "step_groups is required") {
		t.Fatalf("err = %v", err)
	}
	if len(s.requests()) != 0 {
		t.Error("an invalid import was sent")
	}
}
