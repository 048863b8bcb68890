package sim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// teamRec is the simulated team (there is one: team 1).
type teamRec struct {
	id               int
	name             string
	created, updated time.Time
}

// userRec is a seeded user; users have no create endpoint (API-FACTS §3.2).
type userRec struct {
	id                 int
	first, last, email string
	admin, active      bool
	timeZone, jobRole  string
	created, updated   time.Time
	groupID            int
}

// guid is the user's deterministic UUID.
func (u *userRec) guid() string {
	return fmt.Sprintf("5a1e0000-0000-4000-8000-%012d", u.id)
}

// role is the user's role id.
func (u *userRec) role() string {
	if u.admin {
		return "Admin"
	}
	return "User"
}

// render is the User record (API-FACTS §2, JIM fixture fields).
func (u *userRec) render(s *Server) map[string]any {
	name := u.first + " " + u.last
	full := fmt.Sprintf("%q <%s>", name, u.email)
	return map[string]any{
		"id":                         u.id,
		"guid":                       u.guid(),
		"created_at":                 stamp(u.created),
		"updated_at":                 stamp(u.updated),
		"name":                       name,
		"first_name":                 u.first,
		"last_name":                  u.last,
		"job_role":                   u.jobRole,
		"active":                     u.active,
		"time_zone":                  u.timeZone,
		"slack_username":             nil,
		"twitter_handle":             nil,
		"email":                      u.email,
		"email_client_email_address": u.email,
		"sending_email_address":      u.email,
		"from_address":               u.email,
		"full_email_address":         full,
		"bcc_email_address":          nil,
		"email_signature":            "<p>" + name + "</p>",
		"email_signature_type":       "html",
		"email_signature_click_tracking_disabled": false,
		"team_admin":              u.admin,
		"local_dial_enabled":      true,
		"click_to_call_enabled":   true,
		"email_client_configured": true,
		"crm_connected":           false,
		"work_country":            "US",
		"external_feature_flags":  map[string]any{},
		"phone_client":            map[string]any{"id": u.id},
		"phone_number_assignment": s.ref("phone_number_assignments", u.id),
		"group":                   s.ref("groups", u.groupID),
		"role":                    map[string]any{"id": u.role()},
		"team":                    map[string]any{"id": s.team.id, "_href": s.cfg.base + "/v2/team"},
	}
}

// render is the Team record (SPEC Team fields).
func (t *teamRec) render() map[string]any {
	return map[string]any{
		"id":                          t.id,
		"name":                        t.name,
		"created_at":                  stamp(t.created),
		"updated_at":                  stamp(t.updated),
		"plan":                        "advanced",
		"license_limit":               25,
		"email_daily_limit":           300,
		"group_privacy_setting":       "all",
		"team_visibility_default":     "public",
		"allow_automated_email_steps": true,
		"call_recording_disabled":     false,
		"click_tracking_default":      true,
		"custom_tracking_domain":      nil,
		"deactivated":                 false,
		"dispositions_required":       false,
		"local_dial_enabled":          true,
		"record_by_default":           false,
		"sentiments_required":         false,
		"plan_features":               map[string]any{},
	}
}

// userLocked finds a user by id.
func (s *Server) userLocked(id int) *userRec {
	for _, u := range s.users {
		if u.id == id {
			return u
		}
	}
	return nil
}

// userByEmailLocked finds a user by email, ignoring case.
func (s *Server) userByEmailLocked(email string) *userRec {
	for _, u := range s.users {
		if strings.EqualFold(u.email, strings.TrimSpace(email)) {
			return u
		}
	}
	return nil
}

// getMe is GET /v2/me (and the /v2/users/me alias JIM uses): the authenticated user.
func (s *Server) getMe(c *call) reply {
	return data(s.userLocked(c.user).render(s))
}

// getTeam is GET /v2/team.
func (s *Server) getTeam(*call) reply {
	return data(s.team.render())
}

// usersList: sorted by id, email or name, DESC by default; not paginated unless page is given.
var usersList = listSpec{
	defaultSort: "id",
	// The sort_by keys SPEC's listUsers allows (API-FACTS §3.2).
	sorts:         map[string]string{"id": "id", "email": "email", "name": "name", "group": "group.id", "role": "role.id"},
	pagedOnlyWith: "page",
	filters: []filter{
		{param: "guid", field: "guid", kind: filterStrings},
		{param: "active", field: "active", kind: filterBool},
	},
}

// listUsers is GET /v2/users.
func (s *Server) listUsers(c *call) reply {
	rows := make([]map[string]any, 0, len(s.users))
	search := strings.Fields(strings.ToLower(c.q.Get("search")))
	for _, u := range s.users {
		if matchesSearch(u, search) {
			rows = append(rows, u.render(s))
		}
	}
	return s.list(c, rows, usersList)
}

// matchesSearch is the users search filter: every keyword is a case-insensitive substring
// of the first name, last name or email.
func matchesSearch(u *userRec, words []string) bool {
	hay := strings.ToLower(u.first + " " + u.last + " " + u.email)
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// userByPathLocked finds the user whose id is the path segment id, written exactly as the
// decimal id; nil when there is none.
func (s *Server) userByPathLocked(id string) *userRec {
	for _, u := range s.users {
		if strconv.Itoa(u.id) == id {
			return u
		}
	}
	return nil
}

// getUser is GET /v2/users/{id}.
func (s *Server) getUser(c *call) reply {
	u := s.userByPathLocked(c.id)
	if u == nil {
		return notFound()
	}
	return data(u.render(s))
}

// updateUser is PUT /v2/users/{id}: the user exists or 404; name fields may change.
func (s *Server) updateUser(c *call) reply {
	u := s.userByPathLocked(c.id)
	if u == nil {
		return notFound()
	}
	errs := fieldErrors{}
	next := *u
	for key, dst := range map[string]*string{"first_name": &next.first, "last_name": &next.last} {
		if _, given := c.in[key]; !given {
			continue
		}
		v, _, ok := c.in.str(key)
		if !ok || strings.TrimSpace(v) == "" {
			errs.add(key, "can't be blank")
			continue
		}
		*dst = strings.TrimSpace(v)
	}
	if rep := errs.reply(); rep != nil {
		return *rep
	}
	next.updated = s.now
	*u = next
	return data(u.render(s))
}
