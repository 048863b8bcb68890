package sim

import "strings"

var stagesList = listSpec{
	defaultSort: "updated_at",
	sorts:       map[string]string{"created_at": "created_at", "updated_at": "updated_at", "order": "order"},
	ranges:      []string{"updated_at", "created_at"},
	filters:     []filter{{param: "name", field: "name", kind: filterStrings}},
}

// listStages answers a list of account or person stages.
func (s *Server) listStages(c *call, t *table[doc]) reply {
	var rows []map[string]any
	for _, d := range t.all() {
		rows = append(rows, d.base())
	}
	return s.list(c, rows, stagesList)
}

// getStage answers one account or person stage.
func getStage(c *call, t *table[doc]) reply { return fetch(t, c.id, (*doc).base) }

// listAccountStages is GET /v2/account_stages.
func (s *Server) listAccountStages(c *call) reply { return s.listStages(c, &s.accountStages) }

// getAccountStage is GET /v2/account_stages/{id}.
func (s *Server) getAccountStage(c *call) reply { return getStage(c, &s.accountStages) }

// listPersonStages is GET /v2/person_stages.
func (s *Server) listPersonStages(c *call) reply { return s.listStages(c, &s.personStages) }

// getPersonStage is GET /v2/person_stages/{id}.
func (s *Server) getPersonStage(c *call) reply { return getStage(c, &s.personStages) }

// createPersonStage is POST /v2/person_stages: name is required and unique; the new stage
// goes last in order.
func (s *Server) createPersonStage(c *call) reply {
	errs := fieldErrors{}
	d := &doc{f: map[string]any{"order": len(s.personStages.rows) + 1}}
	s.applyStageNameLocked(d, c.in, errs)
	if rep, _ := s.settleCreateLocked(c, errs); rep != nil {
		return *rep
	}
	rec := s.personStages.insert(func(id int) *doc {
		d.id, d.created, d.updated = id, s.now, s.now
		return d
	})
	return data(rec.base())
}

// updatePersonStage is PUT /v2/person_stages/{id}: name.
func (s *Server) updatePersonStage(c *call) reply {
	d, ok := s.personStages.get(c.id)
	if !ok {
		return notFound()
	}
	errs := fieldErrors{}
	next := *d
	next.f = cloneAny(d.f)
	s.applyStageNameLocked(&next, c.in, errs)
	if rep := errs.reply(); rep != nil {
		return *rep
	}
	next.updated = s.now
	*d = next
	return data(d.base())
}

// applyStageNameLocked applies a required, unique name.
func (s *Server) applyStageNameLocked(d *doc, in fields, errs fieldErrors) {
	if !in.has("name") {
		errs.add("name", "can't be blank")
		return
	}
	applyStrings(d.f, in, []string{"name"}, errs)
	name, _ := d.f["name"].(string)
	for _, other := range s.personStages.all() {
		if otherName, _ := other.f["name"].(string); other.id != d.id && strings.EqualFold(otherName, name) {
			errs.add("name", msgTaken)
		}
	}
}

// deletePersonStage is DELETE /v2/person_stages/{id}: 204, repeatable.
func (s *Server) deletePersonStage(c *call) reply { return drop(&s.personStages, c.id) }
