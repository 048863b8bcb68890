package sim

import (
	"net/http"
	"strconv"
	"strings"
)

// upsertKeys are the fields a person upsert may match on (SPEC person_upserts).
var upsertKeys = []string{"id", "crm_id", "email_address"}

// upsertPerson is POST /v2/person_upserts: it updates the one person whose upsert_key field
// equals the request's, or creates a person when none matches or no upsert_key is given,
// and answers {"data": {"person", "upsert_type": "create"|"update"}}. The key's field must be
// in the request; two matches answer 422; crm_id needs crm_id_type.
func (s *Server) upsertPerson(c *call) reply {
	errs := fieldErrors{}
	key := oneOf(c.in, "upsert_key", upsertKeys, false, errs)
	if key != "" && !c.in.has(key) {
		errs.add(key, "can't be blank")
	}
	if c.in.has("crm_id") && !c.in.has("crm_id_type") {
		errs.add("crm_id_type", "can't be blank")
	}
	if rep := errs.reply(); rep != nil {
		return *rep
	}
	var matches []*person
	if key != "" {
		want, _, _ := c.in.str(key)
		for _, p := range s.people.all() {
			got := p.text[key]
			if key == "id" {
				got = strconv.Itoa(p.id)
			}
			if got != "" && strings.EqualFold(got, strings.TrimSpace(want)) {
				matches = append(matches, p)
			}
		}
	}
	var rep reply
	upsertType := "create"
	switch len(matches) {
	case 0:
		if key == "id" {
			return notFound()
		}
		rep = s.createPerson(c)
	case 1:
		upsertType = "update"
		update := *c
		update.id = strconv.Itoa(matches[0].id)
		rep = s.updatePerson(&update)
	default:
		errs.add(key, "matches more than one person")
		return *errs.reply()
	}
	if rep.status != http.StatusOK {
		return rep
	}
	body, _ := rep.body.(map[string]any)
	return data(map[string]any{"person": body["data"], "upsert_type": upsertType})
}
