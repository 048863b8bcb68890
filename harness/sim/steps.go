package sim

import (
	"strconv"
	"strings"
)

// stepsPerCadence spaces the ids of derived steps: step n (1-based) of cadence c has id
// c*stepsPerCadence + n.
const stepsPerCadence = 100

// cadenceSteps renders the Step records of a cadence, derived from its imported step groups
// (SPEC Step; there is no cadence_steps resource, API-FACTS §3.2). Step types are lower case
// in the API (email, phone, integration, other) where the import format capitalises them.
func (s *Server) cadenceSteps(cd *cadence) []map[string]any {
	var out []map[string]any
	n := 0
	for _, g := range cd.stepGroups {
		group, _ := g.(map[string]any)
		day, _, _ := asInt(group["day"])
		steps, _ := group["steps"].([]any)
		for _, st := range steps {
			step, _ := st.(map[string]any)
			n++
			name, _ := step["name"].(string)
			typ, _ := step["type"].(string)
			enabled, isBool := step["enabled"].(bool)
			out = append(out, map[string]any{
				"id":                 cd.id*stepsPerCadence + n,
				"created_at":         stamp(cd.created),
				"updated_at":         stamp(cd.updated),
				"disabled":           isBool && !enabled,
				"type":               strings.ToLower(typ),
				"name":               textOrNil(name),
				"display_name":       "Day " + strconv.Itoa(day) + ": " + name,
				"day":                day,
				"step_number":        n,
				"multitouch_enabled": false,
				"details":            nil,
				"cadence":            s.ref("cadences", cd.id),
			})
		}
	}
	return out
}

// allSteps renders the steps of every cadence.
func (s *Server) allSteps() []map[string]any {
	var rows []map[string]any
	for _, cd := range s.cadences.all() {
		rows = append(rows, s.cadenceSteps(cd)...)
	}
	return rows
}

var stepsList = listSpec{
	defaultSort: "updated_at",
	sorts:       map[string]string{"created_at": "created_at", "updated_at": "updated_at"},
	ranges:      []string{"updated_at", "created_at"},
	filters: []filter{
		{param: "cadence_id", field: "cadence.id", kind: filterInts},
		{param: "type", field: "type", kind: filterStrings},
		// No step of the simulator has due actions.
		{param: "has_due_actions", field: "has_due_actions", kind: filterBool},
	},
}

// listSteps is GET /v2/steps.
func (s *Server) listSteps(c *call) reply {
	rows := s.allSteps()
	for _, r := range rows {
		r["has_due_actions"] = false
	}
	rep := s.list(c, rows, stepsList)
	for _, r := range rows {
		delete(r, "has_due_actions")
	}
	return rep
}

// getStep is GET /v2/steps/{id}.
func (s *Server) getStep(c *call) reply {
	for _, r := range s.allSteps() {
		if strconv.Itoa(r["id"].(int)) == c.id {
			return data(r)
		}
	}
	return notFound()
}
