package sim

import (
	"net/http"
	"time"
)

// membership is a CadenceMembership: one person on one cadence. Re-adding a person reuses
// the record (API-FACTS §3.2), so there is at most one per person and cadence.
type membership struct {
	id                       int
	personID, cadenceID      int
	userID                   int
	created, updated, added  time.Time
	onCadence, personDeleted bool
	state                    string
}

// render is the CadenceMembership record (SPEC fields, API-FACTS §3.2).
func (ms *membership) render(s *Server) map[string]any {
	return map[string]any{
		"id":                   ms.id,
		"added_at":             stamp(ms.added),
		"created_at":           stamp(ms.created),
		"updated_at":           stamp(ms.updated),
		"person_deleted":       ms.personDeleted,
		"currently_on_cadence": ms.onCadence,
		"current_state":        ms.state,
		"person":               s.ref("people", ms.personID),
		"cadence":              s.ref("cadences", ms.cadenceID),
		"user":                 s.ref("users", ms.userID),
		"latest_action":        nil,
		"counts": map[string]any{"views": 0, "clicks": 0, "replies": 0, "calls": 0,
			"sent_emails": 0, "bounces": 0},
	}
}

var membershipsList = listSpec{
	defaultSort: "updated_at",
	sorts:       map[string]string{"added_at": "added_at", "updated_at": "updated_at"},
	ranges:      []string{"updated_at", "created_at"},
	filters: []filter{
		{param: "person_id", field: "person.id", kind: filterInts},
		{param: "cadence_id", field: "cadence.id", kind: filterInts},
		{param: "currently_on_cadence", field: "currently_on_cadence", kind: filterBool},
	},
}

// listMemberships is GET /v2/cadence_memberships.
func (s *Server) listMemberships(c *call) reply {
	var rows []map[string]any
	for _, ms := range s.memberships.all() {
		rows = append(rows, ms.render(s))
	}
	return s.list(c, rows, membershipsList)
}

// getMembership is GET /v2/cadence_memberships/{id}.
func (s *Server) getMembership(c *call) reply {
	return fetch(&s.memberships, c.id, func(ms *membership) map[string]any { return ms.render(s) })
}

// createMembership is POST /v2/cadence_memberships. person_id and cadence_id are required
// and may come as query, form or JSON parameters (API-FACTS §3.2). A person already on the
// cadence is 422 "is already in progress for this person"; a person who left it is put
// back on the same record. Under FaultLenientValidation a missing or unknown person_id or
// cadence_id is stored as null (such a membership never conflicts with another), an invalid
// user_id as the caller, and the cadence need not be the user's; a person already on the
// cadence is still refused.
func (s *Server) createMembership(c *call) reply {
	errs := fieldErrors{}
	personID := requireRef(c.in, "person_id", func(id int) bool { _, ok := s.people.rows[id]; return ok }, errs)
	cadenceID := requireRef(c.in, "cadence_id", func(id int) bool { _, ok := s.cadences.rows[id]; return ok }, errs)
	userID := c.user
	if id, present, ok := c.in.integer("user_id"); present {
		if u := s.userLocked(id); !ok || u == nil || !u.active {
			errs.add("user_id", "is invalid")
		} else {
			userID = id
		}
	}
	if cd := s.cadences.rows[cadenceID]; cd != nil && len(errs) == 0 && cd.sharing["team_cadence"] != true && cd.ownerID != userID {
		errs.add("cadence_id", "is not owned by the provided user and is not a team cadence")
	}
	var existing *membership
	for _, ms := range s.memberships.all() {
		if personID != 0 && cadenceID != 0 && ms.personID == personID && ms.cadenceID == cadenceID {
			existing = ms
			if ms.onCadence {
				errs.add("cadence_id", msgInProgress)
			}
		}
	}
	if rep, _ := s.settleCreateLocked(c, errs); rep != nil {
		return *rep
	}
	if existing != nil {
		existing.onCadence, existing.state, existing.userID, existing.added, existing.updated = true, "active", userID, s.now, s.now
		body := existing.render(s)
		s.emitLocked("cadence_membership_updated", body, c.k)
		return data(body)
	}
	ms := s.memberships.insert(func(id int) *membership {
		return &membership{id: id, personID: personID, cadenceID: cadenceID, userID: userID,
			created: s.now, updated: s.now, added: s.now, onCadence: true, state: "active"}
	})
	body := ms.render(s)
	s.emitLocked("cadence_membership_created", body, c.k)
	return data(body)
}

// deleteMembership is DELETE /v2/cadence_memberships/{id}: 204; the person leaves the
// cadence and the record stays, with currently_on_cadence false.
func (s *Server) deleteMembership(c *call) reply {
	ms, ok := s.memberships.get(c.id)
	if !ok {
		return errorReply(http.StatusNotFound, msgNotFound)
	}
	if ms.onCadence {
		ms.onCadence, ms.state, ms.updated = false, "removed", s.now
		s.emitLocked("cadence_membership_updated", ms.render(s), c.k)
	}
	return noContent()
}

// requireRef reads the required id parameter key and checks it names a record. It returns
// the id, or 0 when the parameter is missing or names no record.
func requireRef(in fields, key string, exists func(int) bool, errs fieldErrors) int {
	id, present, ok := in.integer(key)
	switch {
	case !present:
		errs.add(key, "can't be blank")
	case !ok || !exists(id):
		errs.add(key, "is invalid")
	default:
		return id
	}
	return 0
}
