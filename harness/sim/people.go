package sim

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// personText are the Person string fields a create or update may set (SPEC Person).
var personText = []string{
	"first_name", "last_name", "email_address", "secondary_email_address", "personal_email_address",
	"phone", "phone_extension", "mobile_phone", "home_phone", "linkedin_url", "title", "city", "state",
	"country", "work_city", "work_state", "work_country", "person_company_name",
	"person_company_website", "person_company_industry", "job_seniority", "twitter_handle",
	"personal_website", "locale", "crm_id", "owner_crm_id",
}

// person is a Person record.
type person struct {
	id               int
	created, updated time.Time
	lastContacted    time.Time
	text             map[string]string
	accountID        int
	ownerID          int
	doNotContact     bool
	tags             []string
	custom           map[string]any
}

// render is the Person record (SPEC Person fields; absent strings are null).
func (p *person) render(s *Server) map[string]any {
	m := map[string]any{
		"id":                          p.id,
		"created_at":                  stamp(p.created),
		"updated_at":                  stamp(p.updated),
		"last_contacted_at":           stampOrNil(p.lastContacted),
		"last_replied_at":             nil,
		"last_contacted_type":         nil,
		"display_name":                strings.TrimSpace(p.text["first_name"] + " " + p.text["last_name"]),
		"full_email_address":          nil,
		"do_not_contact":              p.doNotContact,
		"bouncing":                    false,
		"eu_resident":                 false,
		"starred":                     false,
		"untouched":                   p.lastContacted.IsZero(),
		"success_count":               0,
		"tags":                        nonNilStrings(p.tags),
		"contact_restrictions":        []any{},
		"custom_fields":               nonNilMap(p.custom),
		"crm_url":                     nil,
		"crm_object_type":             "Lead",
		"locale_utc_offset":           nil,
		"counts":                      map[string]any{"emails_sent": 0, "emails_viewed": 0, "emails_clicked": 0, "emails_replied_to": 0, "emails_bounced": 0, "calls": 0},
		"account":                     s.ref("accounts", p.accountID),
		"owner":                       s.ref("users", p.ownerID),
		"last_contacted_by":           nil,
		"import":                      nil,
		"person_stage":                nil,
		"most_recent_cadence":         nil,
		"last_completed_step_cadence": nil,
		"last_completed_step":         nil,
		"cadences":                    []any{},
	}
	for _, f := range personText {
		m[f] = textOrNil(p.text[f])
	}
	if e := p.text["email_address"]; e != "" {
		m["full_email_address"] = e
		if name := m["display_name"].(string); name != "" {
			m["full_email_address"] = fmt.Sprintf("%q <%s>", name, e)
		}
	}
	for _, ms := range s.memberships.all() {
		if ms.personID == p.id && ms.onCadence {
			m["cadences"] = append(m["cadences"].([]any), s.ref("cadences", ms.cadenceID))
			m["most_recent_cadence"] = s.ref("cadences", ms.cadenceID)
		}
	}
	return m
}

var peopleList = listSpec{
	defaultSort: "updated_at",
	// The sort_by keys SPEC's listPeople allows (API-FACTS §7), each mapped to the record
	// field it orders by. cadence_stage_name has no field in the record; it orders by id.
	sorts: map[string]string{"created_at": "created_at", "updated_at": "updated_at",
		"last_contacted_at": "last_contacted_at", "name": "display_name", "title": "title",
		"job_seniority": "job_seniority", "call_count": "counts.calls", "sent_emails": "counts.emails_sent",
		"clicked_emails": "counts.emails_clicked", "replied_emails": "counts.emails_replied_to",
		"viewed_emails": "counts.emails_viewed", "account": "account.id", "cadence_stage_name": "cadence_stage_name"},
	ranges: []string{"updated_at", "created_at", "last_contacted_at"},
	filters: []filter{
		{param: "crm_id", field: "crm_id", kind: filterStrings},
		{param: "owner_crm_id", field: "owner_crm_id", kind: filterStrings},
		{param: "person_stage_id", field: "person_stage.id", kind: filterInts},
		{param: "import_id", field: "import.id", kind: filterInts},
		{param: "job_seniority", field: "job_seniority", kind: filterStrings},
		{param: "eu_resident", field: "eu_resident", kind: filterBool},
		{param: "tag", field: "tags", kind: filterTags},
		{param: "locales", field: "locale", kind: filterStrings},
		{param: "cadence_id", field: "cadences.id", kind: filterInts},
		{param: "email_addresses", field: "email_address", kind: filterStrings},
		{param: "account_id", field: "account.id", kind: filterInts},
		{param: "owner_id", field: "owner.id", kind: filterInts},
		{param: "do_not_contact", field: "do_not_contact", kind: filterBool},
		{param: "title", field: "title", kind: filterStrings},
		{param: "city", field: "city", kind: filterStrings},
		{param: "state", field: "state", kind: filterStrings},
		{param: "country", field: "country", kind: filterStrings},
	},
}

// listPeople is GET /v2/people.
func (s *Server) listPeople(c *call) reply {
	var rows []map[string]any
	for _, p := range s.people.all() {
		rows = append(rows, p.render(s))
	}
	return s.list(c, rows, peopleList)
}

// getPerson is GET /v2/people/{id}.
func (s *Server) getPerson(c *call) reply {
	p, ok := s.people.get(c.id)
	if !ok {
		return errorReply(http.StatusNotFound, msgNotFound)
	}
	return data(p.render(s))
}

// createPerson is POST /v2/people. "Either email_address or phone/last_name must be provided
// as a unique lookup on the team"; a taken email is 422 "has already been taken" (API-FACTS §3.2).
// Under FaultLenientValidation only the taken email is refused.
func (s *Server) createPerson(c *call) reply {
	p := &person{text: map[string]string{}, ownerID: c.user}
	errs := s.applyPersonLocked(p, c.in)
	if !c.in.has("email_address") && !(c.in.has("phone") && c.in.has("last_name")) {
		errs.add("email_address", "can't be blank")
		if c.in.has("phone") {
			errs.add("last_name", "can't be blank")
		}
	}
	if rep, _ := s.settleCreateLocked(c, errs); rep != nil {
		return *rep
	}
	rec := s.people.insert(func(id int) *person {
		p.id, p.created, p.updated = id, s.now, s.now
		return p
	})
	body := rec.render(s)
	s.emitLocked("person_created", body, c.k)
	return data(body)
}

// updatePerson is PUT /v2/people/{id}.
func (s *Server) updatePerson(c *call) reply {
	p, ok := s.people.get(c.id)
	if !ok {
		return errorReply(http.StatusNotFound, msgNotFound)
	}
	next := *p
	next.text = cloneMap(p.text)
	if rep := s.applyPersonLocked(&next, c.in).reply(); rep != nil {
		return *rep
	}
	next.updated = s.now
	*p = next
	body := p.render(s)
	s.emitLocked("person_updated", body, c.k)
	return data(body)
}

// deletePerson is DELETE /v2/people/{id}: 204, repeatable; memberships are marked
// person_deleted.
func (s *Server) deletePerson(c *call) reply {
	p, live := s.people.get(c.id)
	var body map[string]any
	if live {
		body = p.render(s)
	}
	if !s.people.remove(c.id) {
		return errorReply(http.StatusNotFound, msgNotFound)
	}
	if live {
		for _, ms := range s.memberships.all() {
			if ms.personID == p.id {
				ms.personDeleted, ms.onCadence, ms.state, ms.updated = true, false, "removed", s.now
			}
		}
		s.emitLocked("person_deleted", body, c.k)
	}
	return noContent()
}

// applyPersonLocked copies the writable fields of in onto p and returns the 422 messages;
// an invalid account_id or owner_id leaves p's unchanged.
func (s *Server) applyPersonLocked(p *person, in fields) fieldErrors {
	errs := applyText(p.text, in, personText)
	if email := p.text["email_address"]; in.has("email_address") {
		if !validEmail(email) {
			errs.add("email_address", "is invalid")
		}
		for _, other := range s.people.all() {
			if other.id != p.id && strings.EqualFold(other.text["email_address"], email) {
				errs.add("email_address", msgTaken)
			}
		}
	}
	if id, present, ok := in.integer("account_id"); present {
		if _, exists := s.accounts.rows[id]; !ok || !exists {
			errs.add("account_id", "is invalid")
		} else {
			p.accountID = id
		}
	}
	if id, present, ok := in.integer("owner_id"); present {
		if !ok || s.userLocked(id) == nil {
			errs.add("owner_id", "is invalid")
		} else {
			p.ownerID = id
		}
	}
	if b, present, ok := in.boolean("do_not_contact"); present {
		if !ok {
			errs.add("do_not_contact", "is invalid")
		}
		p.doNotContact = b
	}
	applyTagsAndCustom(&p.tags, &p.custom, in, errs)
	return errs
}
