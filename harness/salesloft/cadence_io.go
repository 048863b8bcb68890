package salesloft

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"
)

// CadenceExport is the answer of GET /v2/cadence_exports/{id}: a cadence as portable JSON
// that can be posted back to cadence_imports (see ImportInput).
type CadenceExport struct {
	// CadenceContent is the exported cadence.
	CadenceContent CadenceContent `json:"cadence_content"`
}

// CadenceContent is an exported cadence: its settings, sharing settings and steps.
type CadenceContent struct {
	// Settings holds the cadence settings as sent by SalesLoft, kept as a map so that an
	// export re-imports without losing fields: name, target_daily_people, remove_replied,
	// remove_bounced, reschedule_from_pause_enabled, external_identifier, cadence_function,
	// cadence_priority, cadence_owner, *_stage_setting, tags, remove_people_when_meeting_booked.
	Settings map[string]any `json:"settings,omitempty"`
	// SharingSettings says who can see and use the cadence.
	SharingSettings *SharingSettings `json:"sharing_settings,omitempty"`
	// StepGroups are the cadence's days, in order.
	StepGroups []StepGroup `json:"step_groups"`
}

// SharingSettings are a cadence's sharing settings. Both fields are required on import.
// team_cadence belongs here, not in settings (a 422 "team_cadence is not a valid field"
// has been seen when it is put in settings).
type SharingSettings struct {
	// TeamCadence makes it a team cadence.
	TeamCadence bool `json:"team_cadence"`
	// Shared makes it visible to the team.
	Shared bool `json:"shared"`
}

// StepGroup is one day of a cadence (API-FACTS §4.2).
type StepGroup struct {
	// Day is the cadence day the group runs on.
	Day int `json:"day"`
	// DueImmediately makes the group's steps due as soon as the person reaches it.
	DueImmediately bool `json:"due_immediately"`
	// Automated may be true only when every step of the group is an Email step.
	Automated bool `json:"automated"`
	// AutomatedSettings is valid only when Automated: {"allow_send_on_weekends", and
	// "send_type": "at_time" with "time_of_day" and "timezone_mode", or "after_time_delay"
	// with "delay_time" (0..720 minutes)}. Kept raw so it round-trips exactly.
	AutomatedSettings json.RawMessage `json:"automated_settings,omitempty"`
	// ReferenceID correlates threaded email steps; a number or null.
	ReferenceID *int `json:"reference_id"`
	// Steps are the group's steps.
	Steps []Step `json:"steps"`
}

// Step is one step of a step group.
type Step struct {
	// Enabled is false for a disabled step.
	Enabled bool `json:"enabled"`
	// Name is the step's name.
	Name string `json:"name"`
	// Type is Phone, Other, Integration or Email.
	Type string `json:"type"`
	// TypeSettings depends on Type: {"instructions"} for Phone and Other; plus
	// "integration_id" and "integration_step_type_guid" for Integration;
	// {"previous_email_step_group_reference_id", "email_template": {"title", "subject",
	// "body"}} for Email. Kept raw so it round-trips exactly.
	TypeSettings json.RawMessage `json:"type_settings,omitempty"`
}

// CadenceImportInput is the body of POST /v2/cadence_imports.
type CadenceImportInput struct {
	// Settings are required to create a new cadence; may be nil when
	// CadenceContent.CadenceID names an existing cadence without steps.
	Settings map[string]any `json:"settings,omitempty"`
	// SharingSettings are required with Settings.
	SharingSettings *SharingSettings `json:"sharing_settings,omitempty"`
	// CadenceContent holds the steps (required).
	CadenceContent CadenceImportContent `json:"cadence_content"`
}

// CadenceImportContent is the cadence_content of an import.
type CadenceImportContent struct {
	// CadenceID imports the steps onto this existing cadence, which must have none.
	CadenceID *int `json:"cadence_id,omitempty"`
	// StepGroups are the steps to import (required).
	StepGroups []StepGroup `json:"step_groups"`
}

// CadenceImport is the answer of an import: the cadence created or filled. No step ids
// come back.
type CadenceImport struct {
	// Cadence references the cadence ({"id"} and perhaps "_href").
	Cadence Ref `json:"cadence"`
}

// ImportInput builds the import body that recreates the exported cadence, renamed to name
// when name is not empty. Settings are copied, so e is not changed.
func (e *CadenceExport) ImportInput(name string) CadenceImportInput {
	settings := maps.Clone(e.CadenceContent.Settings)
	if name != "" {
		if settings == nil {
			settings = map[string]any{}
		}
		settings["name"] = name
	}
	var sharing *SharingSettings
	if s := e.CadenceContent.SharingSettings; s != nil {
		c := *s
		sharing = &c
	}
	return CadenceImportInput{
		Settings:        settings,
		SharingSettings: sharing,
		CadenceContent:  CadenceImportContent{StepGroups: slices.Clone(e.CadenceContent.StepGroups)},
	}
}

// ExportCadence exports a cadence (GET /v2/cadence_exports/{id}; scope cadences:read).
func (c *Client) ExportCadence(ctx context.Context, id int) (*CadenceExport, *Response, error) {
	return one[CadenceExport](ctx, c, http.MethodGet, "/v2/cadence_exports/"+strconv.Itoa(id), nil)
}

// ImportCadence creates a cadence, or adds steps to an empty one (POST
// /v2/cadence_imports; scope cadences:write). It is never retried after a 5xx.
func (c *Client) ImportCadence(ctx context.Context, in CadenceImportInput) (*CadenceImport, *Response, error) {
	if in.CadenceContent.StepGroups == nil {
		return nil, nil, errors.New("salesloft: ImportCadence: cadence_content.step_groups is required")
	}
	return one[CadenceImport](ctx, c, http.MethodPost, "/v2/cadence_imports", in)
}
