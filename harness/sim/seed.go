package sim

import (
	"fmt"
	"time"
)

// seed fills a new server with deterministic data: team 1, 3 users (user 1 is
// "Sim User" <sim.user@example.com>, the admin every credential acts as), 5 accounts,
// 60 people (personNN@example.com, +1-555-01NN), 2 cadences with exportable step groups,
// 5 memberships (one of them removed, to show re-adding), the stages and custom fields
// (seedStages), 2 records of every top-level generic collection (seedGeneric), and last 2
// tasks, 2 notes and 2 calls (seedActivity). Every record but those last six was created
// before the clock's start, one apart, so sorting and updated_at filters are meaningful; the
// create handlers make the tasks, notes and calls at the clock's start.
func (s *Server) seed() {
	base := s.cfg.start.Add(-30 * 24 * time.Hour)
	s.team = teamRec{id: 1, name: "Sim Team", created: base.Add(-365 * 24 * time.Hour), updated: base}
	for i, u := range []struct {
		first, last, email, role string
		admin, active            bool
	}{
		{"Sim", "User", "sim.user@example.com", "Sales Manager", true, true},
		{"Alex", "Rivera", "alex.rivera@example.com", "Account Executive", false, true},
		{"Jordan", "Lee", "jordan.lee@example.com", "Sales Development Rep", false, false},
	} {
		at := base.Add(time.Duration(i) * time.Minute)
		s.users = append(s.users, &userRec{id: i + 1, first: u.first, last: u.last, email: u.email,
			admin: u.admin, active: u.active, timeZone: "US/Eastern", jobRole: u.role,
			created: at, updated: at, groupID: 1})
	}
	for i, a := range []struct{ name, domain, industry, city, state string }{
		{"Acme Corporation", "acme.example.com", "Software", "Boston", "MA"},
		{"Globex", "globex.example.com", "Manufacturing", "Springfield", "IL"},
		{"Initech", "initech.example.com", "Financial Services", "Austin", "TX"},
		{"Umbrella Health", "umbrella-health.example.com", "Healthcare", "Raleigh", "NC"},
		{"Stark Industries", "stark.example.com", "Aerospace", "Los Angeles", "CA"},
	} {
		at := base.Add(time.Duration(i+1) * time.Hour)
		s.accounts.insert(func(id int) *account {
			return &account{id: id, created: at, updated: at.Add(time.Hour), ownerID: 1, creatorID: 1,
				text: map[string]string{"name": a.name, "domain": a.domain, "website": "https://" + a.domain,
					"industry": a.industry, "city": a.city, "state": a.state, "country": "US"}}
		})
	}
	firsts := []string{"Ada", "Ben", "Cara", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal", "Kira", "Liam"}
	lasts := []string{"Nguyen", "Okafor", "Patel", "Quinn", "Rossi"}
	titles := []string{"Account Executive", "VP of Sales", "Sales Development Rep", "Director of Marketing", "CTO"}
	for i := 1; i <= 60; i++ {
		created := base.Add(48*time.Hour + time.Duration(i)*time.Hour)
		p := &person{created: created, updated: created.Add(time.Duration(i) * time.Minute), ownerID: 1 + i%3/2,
			text: map[string]string{
				"first_name": firsts[(i-1)%len(firsts)], "last_name": lasts[(i-1)/len(firsts)%len(lasts)],
				"email_address": fmt.Sprintf("person%02d@example.com", i), "phone": fmt.Sprintf("+1-555-01%02d", i),
				"title": titles[(i-1)%len(titles)], "country": "US",
			}}
		if i <= 50 {
			a := s.accounts.rows[(i-1)%5+1]
			p.accountID = a.id
			p.text["person_company_name"], p.text["city"], p.text["state"] = a.text["name"], a.text["city"], a.text["state"]
		}
		if i%4 == 0 {
			p.lastContacted = created.Add(2 * time.Hour)
		}
		s.people.insert(func(id int) *person { p.id = id; return p })
	}
	s.seedCadences(base.Add(96 * time.Hour))
	s.seedStages(base.Add(-24 * time.Hour))
	s.seedGeneric(base.Add(-48 * time.Hour))
	s.seedActivity()
}

// seedActivity adds two tasks, two notes and two logged calls, made by the create handlers
// themselves so a seeded record is exactly what a create answers; a team in use has them, and
// a client that lists then fetches finds one.
func (s *Server) seedActivity() {
	// A seed the handler refused would be missing; TestSeededActivity catches that.
	seed := func(handle func(*Server, *call) reply, in fields) { handle(s, &call{in: in, user: 1}) }
	day := s.now.Format("2006-01-02")
	seed((*Server).createTask, fields{"subject": "Call Ada about the renewal", "person_id": 1, "user_id": 1,
		"task_type": "call", "due_date": day, "current_state": "scheduled"})
	seed((*Server).createTask, fields{"subject": "Send Ben the pricing sheet", "person_id": 2, "user_id": 2,
		"task_type": "email", "due_date": day, "current_state": "scheduled"})
	seed((*Server).createNote, fields{"content": "Met at the spring conference.", "associated_with_type": "person", "associated_with_id": 1})
	seed((*Server).createNote, fields{"content": "Renewal due in Q3.", "associated_with_type": "account", "associated_with_id": 1})
	seed((*Server).createCall, fields{"person_id": 1, "to": "+1 555 0100", "duration": 120, "disposition": "Connected"})
	seed((*Server).createCall, fields{"person_id": 2, "to": "+1 555 0101", "duration": 0, "disposition": "No Answer"})
}

// seedStages adds three account stages and three person stages, and two custom fields.
func (s *Server) seedStages(at time.Time) {
	for i, name := range []string{"Prospect", "Customer", "Churned"} {
		t := at.Add(time.Duration(i) * time.Minute)
		s.accountStages.insert(func(id int) *doc {
			return &doc{id: id, created: t, updated: t, f: map[string]any{"name": name, "order": i + 1}}
		})
	}
	for i, name := range []string{"Cold", "Engaged", "Replied"} {
		t := at.Add(time.Duration(i) * time.Minute)
		s.personStages.insert(func(id int) *doc {
			return &doc{id: id, created: t, updated: t, f: map[string]any{"name": name, "order": i + 1}}
		})
	}
	for i, f := range []struct{ name, typ string }{{"Lead Source", "person"}, {"Renewal Quarter", "company"}} {
		t := at.Add(time.Duration(i) * time.Minute)
		s.customFields.insert(func(id int) *doc {
			return &doc{id: id, created: t, updated: t, f: map[string]any{"name": f.name, "field_type": f.typ, "value_type": "text"}}
		})
	}
}

// seedCadences adds the two seeded cadences and their memberships.
func (s *Server) seedCadences(at time.Time) {
	email := func(name, subject string, extra map[string]any) map[string]any {
		ts := map[string]any{"email_template": map[string]any{"title": name, "subject": subject,
			"body": "<p>Hi {{first_name}},</p><p>" + subject + "</p>"}}
		for k, v := range extra {
			ts[k] = v
		}
		return map[string]any{"enabled": true, "name": name, "type": "Email", "type_settings": ts}
	}
	task := func(typ, name, instructions string) map[string]any {
		return map[string]any{"enabled": true, "name": name, "type": typ,
			"type_settings": map[string]any{"instructions": instructions}}
	}
	group := func(day int, automated bool, ref any, steps ...any) map[string]any {
		g := map[string]any{"day": day, "due_immediately": false, "automated": automated, "reference_id": ref, "steps": steps}
		if automated {
			g["automated_settings"] = map[string]any{"allow_send_on_weekends": false, "send_type": "at_time",
				"time_of_day": "09:00", "timezone_mode": "person"}
		}
		return g
	}
	cadences := []*cadence{{
		ownerID: 1, creatorID: 1,
		settings: map[string]any{"name": "Sim Outbound Cadence", "target_daily_people": 25, "remove_replied": true,
			"remove_bounced": true, "reschedule_from_pause_enabled": false, "external_identifier": "sim-outbound-1",
			"cadence_function": "outbound", "cadence_priority": "High", "tags": "sim,outbound"},
		sharing: map[string]any{"team_cadence": true, "shared": true},
		stepGroups: []any{
			group(1, true, 1, email("Intro email", "Quick introduction", nil)),
			group(3, false, nil, task("Phone", "Intro call", "Call and reference the intro email.")),
			group(5, false, 2, email("Follow-up email", "Following up", map[string]any{"previous_email_step_group_reference_id": 1})),
		},
	}, {
		ownerID: 1, creatorID: 1,
		settings: map[string]any{"name": "Sim Inbound Follow-up", "target_daily_people": 10, "remove_replied": true,
			"remove_bounced": false, "external_identifier": nil, "cadence_function": "inbound", "tags": "sim,inbound"},
		sharing: map[string]any{"team_cadence": false, "shared": false},
		stepGroups: []any{
			group(1, false, nil, task("Phone", "Return the inbound call", "Call within one hour.")),
			group(2, false, nil, task("Other", "Connect on LinkedIn", "Send a connection request.")),
		},
	}}
	for i, cd := range cadences {
		created := at.Add(time.Duration(i) * time.Hour)
		s.cadences.insert(func(id int) *cadence { cd.id, cd.created, cd.updated = id, created, created; return cd })
	}
	for i, m := range []struct {
		person, cadence int
		on              bool
	}{{1, 1, true}, {2, 1, true}, {3, 1, true}, {4, 2, true}, {5, 1, false}} {
		added := at.Add(24*time.Hour + time.Duration(i)*time.Hour)
		state := map[bool]string{true: "active", false: "removed"}[m.on]
		s.memberships.insert(func(id int) *membership {
			return &membership{id: id, personID: m.person, cadenceID: m.cadence, userID: 1, created: added,
				updated: added.Add(time.Duration(i) * time.Minute), added: added, onCadence: m.on, state: state}
		})
	}
}
