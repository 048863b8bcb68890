package sim

import "strconv"

// callRec is a logged Call (an activity).
type callRec struct {
	doc
	userID, personID, noteID int
}

// render is the Call record (SPEC Call).
func (cl *callRec) render(s *Server) map[string]any {
	m := cl.base()
	m["user"] = s.ref("users", cl.userID)
	m["called_person"] = s.ref("people", cl.personID)
	m["note"] = s.ref("notes", cl.noteID)
	m["action"], m["crm_activity"], m["cadence"], m["step"] = nil, nil, nil, nil
	m["recordings"] = []any{}
	return m
}

var callsList = listSpec{
	defaultSort: "updated_at",
	sorts:       map[string]string{"created_at": "created_at", "updated_at": "updated_at"},
	ranges:      []string{"updated_at", "created_at"},
	filters: []filter{
		{param: "person_id", field: "called_person.id", kind: filterInts},
		{param: "user_guid", field: "user_guid", kind: filterStrings},
		{param: "sentiment", field: "sentiment", kind: filterStrings},
		{param: "disposition", field: "disposition", kind: filterStrings},
	},
}

// listCalls is GET /v2/activities/calls.
func (s *Server) listCalls(c *call) reply {
	var rows []map[string]any
	for _, cl := range s.calls.all() {
		row := cl.render(s)
		if u := s.userLocked(cl.userID); u != nil {
			row["user_guid"] = u.guid()
		}
		rows = append(rows, row)
	}
	rep := s.list(c, rows, callsList)
	for _, row := range rows {
		delete(row, "user_guid")
	}
	return rep
}

// getCall is GET /v2/activities/calls/{id}.
func (s *Server) getCall(c *call) reply {
	return fetch(&s.calls, c.id, func(cl *callRec) map[string]any { return cl.render(s) })
}

// createCall is POST /v2/activities/calls: person_id is required (SPEC); to, duration
// (seconds, 0 or more), disposition and sentiment are optional, and notes becomes a Note on
// the person linked to the call.
func (s *Server) createCall(c *call) reply {
	errs := fieldErrors{}
	cl := &callRec{doc: doc{f: map[string]any{"to": nil, "duration": nil, "disposition": nil, "sentiment": nil}}, userID: c.user}
	cl.personID = liveID(c.in, "person_id", &s.people, true, errs)
	applyStrings(cl.f, c.in, []string{"to", "disposition", "sentiment"}, errs)
	if d, present, ok := c.in.integer("duration"); present {
		if !ok || d < 0 {
			errs.add("duration", "is invalid")
		} else {
			cl.f["duration"] = d
		}
	}
	if guid, _, _ := c.in.str("user_guid"); guid != "" {
		found := false
		for _, u := range s.users {
			if u.guid() == guid {
				cl.userID, found = u.id, true
			}
		}
		if !found {
			errs.add("user_guid", "is invalid")
		}
	}
	text, _, textOK := c.in.str("notes")
	if !textOK {
		errs.add("notes", "is invalid")
	}
	if rep, _ := s.settleCreateLocked(c, errs); rep != nil {
		return *rep
	}
	rec := s.calls.insert(func(id int) *callRec {
		cl.id, cl.created, cl.updated = id, s.now, s.now
		return cl
	})
	if text != "" {
		n := s.notes.insert(func(id int) *note {
			return &note{doc: doc{id: id, created: s.now, updated: s.now, f: map[string]any{"content": text}},
				userID: rec.userID, assocType: "person", assocID: rec.personID, assocPlural: "people", callID: rec.id}
		})
		rec.noteID = n.id
		s.emitLocked("note_created", n.render(s), c.k)
	}
	body := rec.render(s)
	s.emitLocked("call_created", body, c.k)
	return data(body)
}

// completeActivity is POST /v2/activities: it completes the task task_id, or the action
// action_id of the generic store, which it removes (404 once completed). The answer is SPEC's
// Activity.
func (s *Server) completeActivity(c *call) reply {
	errs := fieldErrors{}
	_, hasTask := c.in["task_id"]
	_, hasAction := c.in["action_id"]
	switch {
	case hasTask:
		t, ok := s.tasks.get(func() string { v, _, _ := c.in.str("task_id"); return v }())
		if !ok {
			return notFound()
		}
		next := *t
		next.f = cloneAny(t.f)
		next.f["current_state"] = "completed"
		s.saveTaskLocked(t, next, c)
		return data(map[string]any{"updated_at": stamp(s.now), "task": s.ref("tasks", t.id)})
	case hasAction:
		id, _, ok := c.in.integer("action_id")
		if !ok {
			errs.add("action_id", "is invalid")
			return *errs.reply()
		}
		// Actions live in the generic store (generic.go); completing one removes it, so the same
		// action can never be completed twice (SPEC).
		actions, key := s.generic["/v2/actions"], strconv.Itoa(id)
		if _, live := actions.get(key); !live {
			return notFound()
		}
		actions.remove(key)
		return data(map[string]any{"updated_at": stamp(s.now), "action": s.ref("actions", id)})
	}
	errs.add("task_id", "can't be blank")
	return *errs.reply()
}
