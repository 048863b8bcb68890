package sim

// note is a Note on a person or an account.
type note struct {
	doc
	userID      int
	assocType   string // "person" or "account"
	assocID     int
	callID      int
	assocPlural string
}

// noteTargets are the record types a note may be associated with (SPEC: person, account).
var noteTargets = []string{"person", "account"}

// render is the Note record (SPEC Note).
func (n *note) render(s *Server) map[string]any {
	m := n.base()
	m["associated_type"] = n.assocType
	m["user"] = s.ref("users", n.userID)
	m["associated_with"] = s.ref(n.assocPlural, n.assocID)
	m["call"] = s.ref("activities/calls", n.callID)
	return m
}

var notesList = listSpec{
	defaultSort: "updated_at",
	sorts:       map[string]string{"created_at": "created_at", "updated_at": "updated_at"},
	ranges:      []string{"updated_at", "created_at"},
	filters: []filter{
		{param: "associated_with_type", field: "associated_type", kind: filterStrings},
		{param: "associated_with_id", field: "associated_with.id", kind: filterInts},
	},
}

// listNotes is GET /v2/notes.
func (s *Server) listNotes(c *call) reply {
	var rows []map[string]any
	for _, n := range s.notes.all() {
		rows = append(rows, n.render(s))
	}
	return s.list(c, rows, notesList)
}

// getNote is GET /v2/notes/{id}.
func (s *Server) getNote(c *call) reply {
	return fetch(&s.notes, c.id, func(n *note) map[string]any { return n.render(s) })
}

// createNote is POST /v2/notes: content, associated_with_type (person or account, any case)
// and associated_with_id (a live record of that type) are required; call_id is optional.
func (s *Server) createNote(c *call) reply {
	errs := fieldErrors{}
	n := &note{doc: doc{f: map[string]any{}}, userID: c.user}
	if !c.in.has("content") {
		errs.add("content", "can't be blank")
	}
	applyStrings(n.f, c.in, []string{"content"}, errs)
	n.assocType = oneOf(c.in, "associated_with_type", noteTargets, true, errs)
	switch n.assocType {
	case "person":
		n.assocID, n.assocPlural = liveID(c.in, "associated_with_id", &s.people, true, errs), "people"
	case "account":
		n.assocID, n.assocPlural = liveID(c.in, "associated_with_id", &s.accounts, true, errs), "accounts"
	}
	n.callID = liveID(c.in, "call_id", &s.calls, false, errs)
	if rep, _ := s.settleCreateLocked(c, errs); rep != nil {
		return *rep
	}
	rec := s.notes.insert(func(id int) *note {
		n.id, n.created, n.updated = id, s.now, s.now
		return n
	})
	body := rec.render(s)
	s.emitLocked("note_created", body, c.k)
	return data(body)
}

// updateNote is PUT /v2/notes/{id}: content (required) and call_id.
func (s *Server) updateNote(c *call) reply {
	n, ok := s.notes.get(c.id)
	if !ok {
		return notFound()
	}
	errs := fieldErrors{}
	next := *n
	next.f = cloneAny(n.f)
	if !c.in.has("content") {
		errs.add("content", "can't be blank")
	}
	applyStrings(next.f, c.in, []string{"content"}, errs)
	if _, given := c.in["call_id"]; given {
		next.callID = liveID(c.in, "call_id", &s.calls, false, errs)
	}
	if rep := errs.reply(); rep != nil {
		return *rep
	}
	next.updated = s.now
	*n = next
	body := n.render(s)
	s.emitLocked("note_updated", body, c.k)
	return data(body)
}

// deleteNote is DELETE /v2/notes/{id}: 204, repeatable.
func (s *Server) deleteNote(c *call) reply {
	n, live := s.notes.get(c.id)
	var body map[string]any
	if live {
		body = n.render(s)
	}
	if !s.notes.remove(c.id) {
		return notFound()
	}
	if live {
		s.emitLocked("note_deleted", body, c.k)
	}
	return noContent()
}
