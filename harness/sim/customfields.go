package sim

import "strings"

// customFieldTypes are the record kinds a custom field belongs to (SPEC CustomField).
var customFieldTypes = []string{"person", "company", "opportunity"}

var customFieldsList = listSpec{
	defaultSort: "updated_at",
	sorts:       map[string]string{"created_at": "created_at", "updated_at": "updated_at", "name": "name"},
	ranges:      []string{"updated_at", "created_at"},
	filters:     []filter{{param: "field_type", field: "field_type", kind: filterStrings}},
}

// listCustomFields is GET /v2/custom_fields.
func (s *Server) listCustomFields(c *call) reply {
	var rows []map[string]any
	for _, d := range s.customFields.all() {
		rows = append(rows, d.base())
	}
	return s.list(c, rows, customFieldsList)
}

// getCustomField is GET /v2/custom_fields/{id}.
func (s *Server) getCustomField(c *call) reply {
	return fetch(&s.customFields, c.id, (*doc).base)
}

// createCustomField is POST /v2/custom_fields: name is required and unique among the fields
// of its field_type (person by default); value_type is text.
func (s *Server) createCustomField(c *call) reply {
	errs := fieldErrors{}
	d := &doc{f: map[string]any{"value_type": "text"}}
	s.applyCustomFieldLocked(d, c.in, true, errs)
	if rep, _ := s.settleCreateLocked(c, errs); rep != nil {
		return *rep
	}
	rec := s.customFields.insert(func(id int) *doc {
		d.id, d.created, d.updated = id, s.now, s.now
		return d
	})
	return data(rec.base())
}

// updateCustomField is PUT /v2/custom_fields/{id}: name and field_type.
func (s *Server) updateCustomField(c *call) reply {
	d, ok := s.customFields.get(c.id)
	if !ok {
		return notFound()
	}
	errs := fieldErrors{}
	next := *d
	next.f = cloneAny(d.f)
	s.applyCustomFieldLocked(&next, c.in, false, errs)
	if rep := errs.reply(); rep != nil {
		return *rep
	}
	next.updated = s.now
	*d = next
	return data(d.base())
}

// applyCustomFieldLocked applies name and field_type from in and checks the name is unique.
func (s *Server) applyCustomFieldLocked(d *doc, in fields, create bool, errs fieldErrors) {
	if _, given := in["name"]; given || create {
		if !in.has("name") {
			errs.add("name", "can't be blank")
		}
		applyStrings(d.f, in, []string{"name"}, errs)
	}
	if ft := oneOf(in, "field_type", customFieldTypes, false, errs); ft != "" {
		d.f["field_type"] = ft
	} else if d.f["field_type"] == nil {
		d.f["field_type"] = "person"
	}
	name, _ := d.f["name"].(string)
	for _, other := range s.customFields.all() {
		otherName, _ := other.f["name"].(string)
		if other.id != d.id && other.f["field_type"] == d.f["field_type"] && name != "" && strings.EqualFold(otherName, name) {
			errs.add("name", msgTaken)
		}
	}
}

// deleteCustomField is DELETE /v2/custom_fields/{id}: 204, repeatable.
func (s *Server) deleteCustomField(c *call) reply { return drop(&s.customFields, c.id) }
