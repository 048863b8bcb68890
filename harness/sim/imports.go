package sim

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Cadence import vocabularies (API-FACTS §4.2; OSDK CadenceSettings, Step, StepGroup).
var (
	cadenceFunctions = []string{"outbound", "inbound", "event", "other"}
	stepTypes        = []string{"Phone", "Other", "Integration", "Email"}
	settingsFields   = []string{"name", "target_daily_people", "remove_replied", "remove_bounced",
		"reschedule_from_pause_enabled", "external_identifier", "cadence_function", "cadence_priority",
		"cadence_owner", "added_stage_setting", "bounced_stage_setting", "finished_stage_setting",
		"replied_stage_setting", "tags", "remove_people_when_meeting_booked"}
	sharingFields = []string{"team_cadence", "shared"}
	timeOfDay     = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
)

// importCadence is POST /v2/cadence_imports (API-FACTS §4.2). It creates a cadence from
// settings, sharing_settings and cadence_content.step_groups, or puts step groups onto an
// existing cadence without steps named by cadence_content.cadence_id (settings are then
// optional). settings and sharing_settings may also sit inside cadence_content, where the
// export puts them, so an export posts back as is. Every problem is reported at once as {"errors": {"settings.name": [...], ...}}.
// The answer is {"data": {"cadence": {"id", "_href"}}}. Under FaultLenientValidation an invalid
// import is stored with defaults (an unknown cadence_id creates a new cadence).
func (s *Server) importCadence(c *call) reply {
	errs := fieldErrors{}
	content, ok := c.in["cadence_content"].(map[string]any)
	if !ok {
		errs.add("cadence_content", blankOrInvalid(c.in["cadence_content"]))
		content = map[string]any{}
	}
	groups, ok := content["step_groups"].([]any)
	if !ok {
		errs.add("cadence_content.step_groups", blankOrInvalid(content["step_groups"]))
	}
	var target *cadence
	if v := content["cadence_id"]; v != nil {
		id, _, valid := asInt(v)
		switch target = s.cadences.rows[id]; {
		case !valid || target == nil:
			errs.add("cadence_content.cadence_id", "is invalid")
		case target.hasSteps():
			errs.add("cadence_content.cadence_id", msgHasSteps)
		}
	}
	settings := s.checkSettingsLocked(firstGiven(c.in["settings"], content["settings"]), target == nil, errs)
	sharing := checkObject(firstGiven(c.in["sharing_settings"], content["sharing_settings"]),
		"sharing_settings", sharingFields, target == nil, errs)
	for _, f := range sharingFields {
		if sharing != nil {
			requireBool(sharing, f, "sharing_settings."+f, errs)
		}
	}
	for i, g := range groups {
		checkStepGroup(g, fmt.Sprintf("cadence_content.step_groups[%d]", i), errs)
	}
	rep, lenient := s.settleCreateLocked(c, errs)
	if rep != nil {
		return *rep
	}
	if lenient {
		groups = lenientStepGroups(groups)
		if settings != nil || target == nil {
			settings = lenientSettings(settings)
		}
		if sharing != nil || target == nil {
			sharing = lenientSharing(sharing)
		}
	}
	if target != nil {
		target.stepGroups, target.updated = groups, s.now
		if settings != nil {
			target.settings = settings
		}
		if sharing != nil {
			target.sharing = sharing
		}
		s.emitLocked("cadence_updated", target.render(s), c.k)
		return data(map[string]any{"cadence": s.ref("cadences", target.id)})
	}
	owner := c.user
	if email, _ := settings["cadence_owner"].(string); email != "" {
		if u := s.userByEmailLocked(email); u != nil {
			owner = u.id
		}
	}
	cd := s.cadences.insert(func(id int) *cadence {
		return &cadence{id: id, created: s.now, updated: s.now, ownerID: owner, creatorID: c.user,
			settings: settings, sharing: sharing, stepGroups: groups}
	})
	s.emitLocked("cadence_created", cd.render(s), c.k)
	return data(map[string]any{"cadence": s.ref("cadences", cd.id)})
}

// firstGiven returns a unless it is nil, else b.
func firstGiven(a, b any) any {
	if a != nil {
		return a
	}
	return b
}

// blankOrInvalid is "can't be blank" for a missing value and "is invalid" for a wrong one.
func blankOrInvalid(v any) string {
	if v == nil {
		return "can't be blank"
	}
	return "is invalid"
}

// checkObject reads v as the object called name whose keys must be among allowed. It returns
// nil (after recording why, when required) if v is missing or not an object.
func checkObject(v any, name string, allowed []string, required bool, errs fieldErrors) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		if v != nil || required {
			errs.add(name, blankOrInvalid(v))
		}
		return nil
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(allowed, k) {
			errs.add(name, k+" is not a valid field")
		}
	}
	return m
}

// checkSettingsLocked validates import settings (API-FACTS §4.2: name, target_daily_people,
// remove_replied, remove_bounced and cadence_function are required).
func (s *Server) checkSettingsLocked(v any, required bool, errs fieldErrors) map[string]any {
	m := checkObject(v, "settings", settingsFields, required, errs)
	if m == nil {
		return nil
	}
	if name, ok := m["name"].(string); !ok || strings.TrimSpace(name) == "" {
		errs.add("settings.name", blankOrInvalid(m["name"]))
	}
	if n, present, ok := asInt(m["target_daily_people"]); !present {
		errs.add("settings.target_daily_people", "can't be blank")
	} else if !ok || n < 0 {
		errs.add("settings.target_daily_people", "must be an integer greater than or equal to 0")
	}
	requireBool(m, "remove_replied", "settings.remove_replied", errs)
	requireBool(m, "remove_bounced", "settings.remove_bounced", errs)
	requireEnum(m, "cadence_function", "settings.cadence_function", cadenceFunctions, errs)
	for _, f := range []string{"reschedule_from_pause_enabled", "remove_people_when_meeting_booked"} {
		if _, isBool := m[f].(bool); m[f] != nil && !isBool {
			errs.add("settings."+f, "is invalid")
		}
	}
	if owner, present := m["cadence_owner"]; present && owner != nil {
		email, _ := owner.(string)
		if u := s.userByEmailLocked(email); u == nil || !u.active {
			errs.add("settings.cadence_owner", "is invalid")
		}
	}
	return m
}

// checkStepGroup validates one step group (API-FACTS §4.2, D-ci-sg and OSDK StepGroup).
func checkStepGroup(v any, path string, errs fieldErrors) {
	g, ok := v.(map[string]any)
	if !ok {
		errs.add(path, "is invalid")
		return
	}
	if day, present, ok := asInt(g["day"]); !present {
		errs.add(path+".day", "can't be blank")
	} else if !ok || day < 0 {
		errs.add(path+".day", "must be an integer greater than or equal to 0")
	}
	requireBool(g, "due_immediately", path+".due_immediately", errs)
	automated := requireBool(g, "automated", path+".automated", errs)
	steps, ok := g["steps"].([]any)
	if !ok || len(steps) == 0 {
		errs.add(path+".steps", blankOrInvalid(g["steps"]))
	}
	allEmail, anyEmail := true, false
	for j, st := range steps {
		typ := checkStep(st, fmt.Sprintf("%s.steps[%d]", path, j), errs)
		allEmail = allEmail && typ == "Email"
		anyEmail = anyEmail || typ == "Email"
	}
	if automated && !allEmail {
		errs.add(path+".automated", "can only be true when every step in the group is an Email step")
	}
	if as := g["automated_settings"]; as != nil {
		if !automated {
			errs.add(path+".automated_settings", "is only valid when automated is true")
		} else {
			checkAutomatedSettings(as, path+".automated_settings", errs)
		}
	}
	if ref := g["reference_id"]; anyEmail && ref == nil {
		errs.add(path+".reference_id", "can't be blank for a group with an Email step")
	} else if _, _, ok := asInt(ref); !ok {
		errs.add(path+".reference_id", "is invalid")
	}
}

// checkAutomatedSettings validates automated_settings: at_time needs time_of_day (HH:MM) and
// timezone_mode (person|user); after_time_delay needs delay_time in 0..720 minutes.
func checkAutomatedSettings(v any, path string, errs fieldErrors) {
	m, ok := v.(map[string]any)
	if !ok {
		errs.add(path, "is invalid")
		return
	}
	if _, isBool := m["allow_send_on_weekends"].(bool); m["allow_send_on_weekends"] != nil && !isBool {
		errs.add(path+".allow_send_on_weekends", "is invalid")
	}
	switch requireEnum(m, "send_type", path+".send_type", []string{"at_time", "after_time_delay"}, errs) {
	case "at_time":
		if t, _ := m["time_of_day"].(string); !timeOfDay.MatchString(t) {
			errs.add(path+".time_of_day", blankOrInvalid(m["time_of_day"]))
		}
		requireEnum(m, "timezone_mode", path+".timezone_mode", []string{"person", "user"}, errs)
	case "after_time_delay":
		if n, present, ok := asInt(m["delay_time"]); !present {
			errs.add(path+".delay_time", "can't be blank")
		} else if !ok || n < 0 || n > 720 {
			errs.add(path+".delay_time", "must be an integer between 0 and 720")
		}
	}
}

// checkStep validates one step and returns its type when valid.
func checkStep(v any, path string, errs fieldErrors) string {
	st, ok := v.(map[string]any)
	if !ok {
		errs.add(path, "is invalid")
		return ""
	}
	if name, ok := st["name"].(string); !ok || strings.TrimSpace(name) == "" {
		errs.add(path+".name", blankOrInvalid(st["name"]))
	}
	requireBool(st, "enabled", path+".enabled", errs)
	typ := requireEnum(st, "type", path+".type", stepTypes, errs)
	ts, ok := st["type_settings"].(map[string]any)
	if !ok {
		errs.add(path+".type_settings", blankOrInvalid(st["type_settings"]))
		return typ
	}
	need := map[string][]string{"Phone": {"instructions"}, "Other": {"instructions"},
		"Integration": {"instructions", "integration_id", "integration_step_type_guid"}}[typ]
	for _, f := range need {
		if ts[f] == nil {
			errs.add(path+".type_settings."+f, "can't be blank")
		}
	}
	if tmpl := ts["email_template"]; typ == "Email" && tmpl != nil {
		if _, ok := tmpl.(map[string]any); !ok {
			errs.add(path+".type_settings.email_template", "is invalid")
		}
	}
	return typ
}

// requireBool records why m[key] is not a boolean and returns its value.
func requireBool(m map[string]any, key, path string, errs fieldErrors) bool {
	b, ok := m[key].(bool)
	if !ok {
		errs.add(path, blankOrInvalid(m[key]))
	}
	return b
}

// requireEnum records why m[key] is not one of allowed and returns it when it is.
func requireEnum(m map[string]any, key, path string, allowed []string, errs fieldErrors) string {
	v, _ := m[key].(string)
	switch {
	case m[key] == nil:
		errs.add(path, "can't be blank")
	case !slices.Contains(allowed, v):
		errs.add(path, "is not included in the list")
	default:
		return v
	}
	return ""
}
