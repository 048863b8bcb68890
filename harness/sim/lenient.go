package sim

import (
	"maps"
	"slices"
)

// 422 messages that report a conflict with stored data rather than a malformed request;
// FaultLenientValidation leaves them in force.
const (
	msgTaken      = "has already been taken"
	msgInProgress = "is already in progress for this person"
	msgHasSteps   = "already has steps; steps can only be imported onto a cadence without steps"
)

// conflictMessages are the messages a lenient create still answers with 422.
var conflictMessages = []string{msgTaken, msgInProgress, msgHasSteps}

// settleCreateLocked finishes validating the create operation c, whose own rules found
// errs (which it may change). It adds the messages of require_field faults and, when
// FaultLenientValidation applies to c, first drops every message of errs that is not a
// conflict. It returns the 422 to answer, or nil and whether the fault let through a request
// that would otherwise have been refused; the handler must then fill what it could not take
// from the request with defaults. The fault is used only when it lets a request through.
func (s *Server) settleCreateLocked(c *call, errs fieldErrors) (rep *reply, lenient bool) {
	required := fieldErrors{}
	s.requiredByFaultLocked(c, required)
	lenient = len(errs) > 0 && len(s.peekFaultsLocked(FaultLenientValidation, c.k)) > 0
	if lenient {
		for field, msgs := range errs {
			msgs = slices.DeleteFunc(msgs, func(m string) bool { return !slices.Contains(conflictMessages, m) })
			if len(msgs) == 0 {
				delete(errs, field)
			} else {
				errs[field] = msgs
			}
		}
	}
	for field, msgs := range required {
		for _, m := range msgs {
			errs.add(field, m)
		}
	}
	if rep := errs.reply(); rep != nil {
		return rep, false
	}
	if lenient {
		s.takeFaultLocked(FaultLenientValidation, c.k, nil)
	}
	return nil, lenient
}

// defaultCadenceFunction is the cadence_function a lenient import gives a cadence without one.
const defaultCadenceFunction = "outbound"

// lenientSettings returns a copy of import settings (nil when none were sent) in which the
// required settings that are missing or of the wrong JSON type hold defaults, and optional
// ones of the wrong type are gone, so the cadence and its export render documented types.
func lenientSettings(m map[string]any) map[string]any {
	out := maps.Clone(m)
	if out == nil {
		out = map[string]any{}
	}
	defaultString(out, "name", "")
	defaultString(out, "cadence_function", defaultCadenceFunction)
	out["target_daily_people"] = nonNegativeInt(out["target_daily_people"])
	defaultBool(out, "remove_replied")
	defaultBool(out, "remove_bounced")
	for _, f := range []string{"reschedule_from_pause_enabled", "remove_people_when_meeting_booked"} {
		if _, ok := out[f].(bool); !ok {
			delete(out, f)
		}
	}
	for _, f := range []string{"external_identifier", "cadence_owner"} {
		if _, ok := out[f].(string); !ok && out[f] != nil {
			delete(out, f)
		}
	}
	return out
}

// lenientSharing returns a copy of sharing settings (nil when none were sent) whose
// team_cadence and shared are booleans, false unless sent as booleans.
func lenientSharing(m map[string]any) map[string]any {
	out := maps.Clone(m)
	if out == nil {
		out = map[string]any{}
	}
	for _, f := range sharingFields {
		defaultBool(out, f)
	}
	return out
}

// lenientStepGroups returns copies of the step groups that are objects, each with its day,
// flags and steps of the documented types: values missing or of the wrong type get 0, false,
// an empty name, type "Other" and empty type_settings; an unusable reference_id or
// automated_settings is dropped. Strings are kept as sent, known step types or not.
func lenientStepGroups(groups []any) []any {
	out := []any{}
	for _, g := range groups {
		gm, ok := g.(map[string]any)
		if !ok {
			continue
		}
		gm = maps.Clone(gm)
		gm["day"] = nonNegativeInt(gm["day"])
		defaultBool(gm, "due_immediately")
		defaultBool(gm, "automated")
		if _, _, ok := asInt(gm["reference_id"]); !ok {
			delete(gm, "reference_id")
		}
		if _, ok := gm["automated_settings"].(map[string]any); !ok {
			delete(gm, "automated_settings")
		}
		steps, _ := gm["steps"].([]any)
		kept := []any{}
		for _, st := range steps {
			sm, ok := st.(map[string]any)
			if !ok {
				continue
			}
			sm = maps.Clone(sm)
			defaultString(sm, "name", "")
			defaultString(sm, "type", "Other")
			defaultBool(sm, "enabled")
			if _, ok := sm["type_settings"].(map[string]any); !ok {
				sm["type_settings"] = map[string]any{}
			}
			kept = append(kept, sm)
		}
		gm["steps"] = kept
		out = append(out, gm)
	}
	return out
}

// defaultString sets m[key] to def unless it holds a string.
func defaultString(m map[string]any, key, def string) {
	if _, ok := m[key].(string); !ok {
		m[key] = def
	}
}

// defaultBool sets m[key] to false unless it holds a boolean.
func defaultBool(m map[string]any, key string) {
	if _, ok := m[key].(bool); !ok {
		m[key] = false
	}
}

// nonNegativeInt reads v as an integer >= 0, or 0 when it is missing or is not one.
func nonNegativeInt(v any) int {
	if n, _, ok := asInt(v); ok && n >= 0 {
		return n
	}
	return 0
}
