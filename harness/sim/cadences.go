package sim

import (
	"net/http"
	"slices"
	"time"
)

// cadence is a Cadence record together with the content its export returns. Cadences are
// only created by cadence_imports (API-FACTS §3.2), so the import's settings,
// sharing_settings and step_groups are kept as sent and returned as they were (round trip).
type cadence struct {
	id               int
	created, updated time.Time
	ownerID          int
	creatorID        int
	// settings, sharing and stepGroups are the cadence_content (API-FACTS §4).
	settings   map[string]any
	sharing    map[string]any
	stepGroups []any
}

// render is the Cadence record (SPEC Cadence fields, API-FACTS §3.2), derived from the
// imported settings.
func (cd *cadence) render(s *Server) map[string]any {
	people := 0
	for _, ms := range s.memberships.all() {
		if ms.cadenceID == cd.id {
			people++
		}
	}
	target, _, _ := asInt(cd.settings["target_daily_people"])
	m := map[string]any{
		"id":                     cd.id,
		"created_at":             stamp(cd.created),
		"updated_at":             stamp(cd.updated),
		"archived_at":            nil,
		"name":                   cd.settings["name"],
		"cadence_function":       cd.settings["cadence_function"],
		"external_identifier":    cd.settings["external_identifier"],
		"team_cadence":           cd.sharing["team_cadence"] == true,
		"shared":                 cd.sharing["shared"] == true,
		"remove_replies_enabled": cd.settings["remove_replied"] == true,
		"remove_bounces_enabled": cd.settings["remove_bounced"] == true,
		"opt_out_link_included":  true,
		"draft":                  false,
		"current_state":          "active",
		"cadence_framework_id":   nil,
		"tags":                   cadenceTags(cd.settings["tags"]),
		"owner":                  s.ref("users", cd.ownerID),
		"creator":                s.ref("users", cd.creatorID),
		"groups":                 []any{},
		"added_stage":            nil,
		"bounced_stage":          nil,
		"replied_stage":          nil,
		"finished_stage":         nil,
		"cadence_priority":       nil,
		"counts": map[string]any{"cadence_people": people, "people_acted_on_count": 0,
			"target_daily_people": target, "opportunities_created": 0, "meetings_booked": 0},
	}
	return m
}

// cadenceTags reads the settings' tags: the documented comma string ("tag1,tag2") or a list.
func cadenceTags(v any) []any {
	list, ok := fields{"tags": v}.stringList("tags")
	if !ok {
		return []any{}
	}
	return nonNilStrings(list)
}

// hasSteps reports whether any step group of the cadence holds a step.
func (cd *cadence) hasSteps() bool {
	for _, g := range cd.stepGroups {
		if m, ok := g.(map[string]any); ok {
			if steps, ok := m["steps"].([]any); ok && len(steps) > 0 {
				return true
			}
		}
	}
	return false
}

var cadencesList = listSpec{
	defaultSort: "updated_at",
	sorts:       map[string]string{"created_at": "created_at", "updated_at": "updated_at", "name": "name"},
	ranges:      []string{"updated_at", "created_at"},
	filters: []filter{
		{param: "group_ids", field: "groups.id", kind: filterInts},
		{param: "team_cadence", field: "team_cadence", kind: filterBool},
		{param: "shared", field: "shared", kind: filterBool},
		{param: "name", field: "name", kind: filterStrings},
	},
}

// listCadences is GET /v2/cadences.
func (s *Server) listCadences(c *call) reply {
	owners := queryList(c.q, "owned_by_guid")
	var rows []map[string]any
	for _, cd := range s.cadences.all() {
		if u := s.userLocked(cd.ownerID); len(owners) > 0 && (u == nil || !slices.Contains(owners, u.guid())) {
			continue
		}
		rows = append(rows, cd.render(s))
	}
	return s.list(c, rows, cadencesList)
}

// getCadence is GET /v2/cadences/{id}.
func (s *Server) getCadence(c *call) reply {
	return fetch(&s.cadences, c.id, func(cd *cadence) map[string]any { return cd.render(s) })
}

// exportCadence is GET /v2/cadence_exports/{id}: {"data": {"cadence_content": {settings,
// sharing_settings, step_groups}}} (API-FACTS §4.1), postable back to cadence_imports.
func (s *Server) exportCadence(c *call) reply {
	cd, ok := s.cadences.get(c.id)
	if !ok {
		return errorReply(http.StatusNotFound, msgNotFound)
	}
	groups := cd.stepGroups
	if groups == nil {
		groups = []any{}
	}
	return data(map[string]any{"cadence_content": map[string]any{
		"settings":         cd.settings,
		"sharing_settings": cd.sharing,
		"step_groups":      groups,
	}})
}
