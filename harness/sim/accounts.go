package sim

import (
	"net/http"
	"strings"
	"time"
)

// accountText are the Account string fields a create or update may set (SPEC Account).
var accountText = []string{
	"name", "domain", "conversational_name", "description", "phone", "website", "linkedin_url",
	"twitter_handle", "street", "city", "state", "postal_code", "country", "locale", "industry",
	"company_type", "founded", "revenue_range", "size", "crm_id", "owner_crm_id",
}

// account is an Account record.
type account struct {
	id               int
	created, updated time.Time
	text             map[string]string
	ownerID          int
	creatorID        int
	doNotContact     bool
	tags             []string
	custom           map[string]any
}

// render is the Account record (SPEC Account fields; absent strings are null, but name is "").
func (a *account) render(s *Server) map[string]any {
	people := 0
	for _, p := range s.people.all() {
		if p.accountID == a.id {
			people++
		}
	}
	m := map[string]any{
		"id":                    a.id,
		"created_at":            stamp(a.created),
		"updated_at":            stamp(a.updated),
		"archived_at":           nil,
		"last_contacted_at":     nil,
		"last_contacted_type":   nil,
		"do_not_contact":        a.doNotContact,
		"crm_url":               nil,
		"crm_object_type":       "Account",
		"custom_fields":         nonNilMap(a.custom),
		"tags":                  nonNilStrings(a.tags),
		"counts":                map[string]any{"people": people},
		"owner":                 s.ref("users", a.ownerID),
		"creator":               s.ref("users", a.creatorID),
		"last_contacted_by":     nil,
		"last_contacted_person": nil,
		"company_stage":         nil,
		"account_tier":          nil,
		"user_relationships":    []any{},
	}
	for _, f := range accountText {
		m[f] = textOrNil(a.text[f])
	}
	// name is a string, never null, even for an account created without one under
	// FaultLenientValidation.
	m["name"] = a.text["name"]
	return m
}

var accountsList = listSpec{
	defaultSort: "updated_at",
	// The sort_by keys SPEC's listAccounts allows (API-FACTS §7).
	sorts: map[string]string{"created_at": "created_at", "updated_at": "updated_at",
		"last_contacted_at": "last_contacted_at", "name": "name", "counts_people": "counts.people",
		"account_stage": "company_stage.id", "account_stage_name": "company_stage.name",
		"account_tier": "account_tier.id", "account_tier_name": "account_tier.name"},
	ranges: []string{"updated_at", "created_at", "last_contacted_at"},
	filters: []filter{
		{param: "crm_id", field: "crm_id", kind: filterStrings},
		{param: "owner_crm_id", field: "owner_crm_id", kind: filterStrings},
		{param: "website", field: "website", kind: filterStrings},
		{param: "state", field: "state", kind: filterStrings},
		{param: "city", field: "city", kind: filterStrings},
		{param: "locales", field: "locale", kind: filterStrings},
		{param: "tag", field: "tags", kind: filterTags},
		{param: "account_stage_id", field: "company_stage.id", kind: filterInts},
		{param: "account_tier_id", field: "account_tier.id", kind: filterInts},
		{param: "domain", field: "domain", kind: filterStrings},
		{param: "name", field: "name", kind: filterStrings},
		{param: "owner_id", field: "owner.id", kind: filterInts},
		{param: "industry", field: "industry", kind: filterStrings},
		{param: "country", field: "country", kind: filterStrings},
	},
}

// listAccounts is GET /v2/accounts.
func (s *Server) listAccounts(c *call) reply {
	var rows []map[string]any
	for _, a := range s.accounts.all() {
		rows = append(rows, a.render(s))
	}
	return s.list(c, rows, accountsList)
}

// getAccount is GET /v2/accounts/{id}.
func (s *Server) getAccount(c *call) reply {
	return fetch(&s.accounts, c.id, func(a *account) map[string]any { return a.render(s) })
}

// createAccount is POST /v2/accounts: name and domain are required and the domain must be
// unique on the team (API-FACTS §3.2). Domains are stored lowercase. Under
// FaultLenientValidation only the taken domain is refused.
func (s *Server) createAccount(c *call) reply {
	a := &account{text: map[string]string{}, ownerID: c.user, creatorID: c.user}
	errs := s.applyAccountLocked(a, c.in)
	for _, f := range []string{"name", "domain"} {
		if a.text[f] == "" {
			errs.add(f, "can't be blank")
		}
	}
	if rep, _ := s.settleCreateLocked(c, errs); rep != nil {
		return *rep
	}
	rec := s.accounts.insert(func(id int) *account {
		a.id, a.created, a.updated = id, s.now, s.now
		return a
	})
	body := rec.render(s)
	s.emitLocked("account_created", body, c.k)
	return data(body)
}

// updateAccount is PUT /v2/accounts/{id}.
func (s *Server) updateAccount(c *call) reply {
	a, ok := s.accounts.get(c.id)
	if !ok {
		return errorReply(http.StatusNotFound, msgNotFound)
	}
	next := *a
	next.text = cloneMap(a.text)
	errs := s.applyAccountLocked(&next, c.in)
	for _, f := range []string{"name", "domain"} {
		if _, given := c.in[f]; given && next.text[f] == "" {
			errs.add(f, "can't be blank")
		}
	}
	if rep := errs.reply(); rep != nil {
		return *rep
	}
	next.updated = s.now
	*a = next
	body := a.render(s)
	s.emitLocked("account_updated", body, c.k)
	return data(body)
}

// deleteAccount is DELETE /v2/accounts/{id}: 204, repeatable; the account's people are
// unlinked (API-FACTS §3.2).
func (s *Server) deleteAccount(c *call) reply {
	a, live := s.accounts.get(c.id)
	var body map[string]any
	if live {
		body = a.render(s)
	}
	if !s.accounts.remove(c.id) {
		return errorReply(http.StatusNotFound, msgNotFound)
	}
	if live {
		for _, p := range s.people.all() {
			if p.accountID == a.id {
				p.accountID, p.updated = 0, s.now
			}
		}
		s.emitLocked("account_deleted", body, c.k)
	}
	return noContent()
}

// applyAccountLocked copies the writable fields of in onto a and returns the 422 messages;
// an invalid owner_id leaves a's unchanged.
func (s *Server) applyAccountLocked(a *account, in fields) fieldErrors {
	errs := applyText(a.text, in, accountText)
	if d, ok := a.text["domain"]; ok {
		a.text["domain"] = strings.ToLower(d)
		for _, other := range s.accounts.all() {
			if other.id != a.id && other.text["domain"] == a.text["domain"] {
				errs.add("domain", msgTaken)
			}
		}
	}
	if id, present, ok := in.integer("owner_id"); present {
		if !ok || s.userLocked(id) == nil {
			errs.add("owner_id", "is invalid")
		} else {
			a.ownerID = id
		}
	}
	if b, present, ok := in.boolean("do_not_contact"); present {
		if !ok {
			errs.add("do_not_contact", "is invalid")
		}
		a.doNotContact = b
	}
	applyTagsAndCustom(&a.tags, &a.custom, in, errs)
	return errs
}
