package sim

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// call is one /v2 request being handled under the lock.
type call struct {
	r *http.Request
	k opKey
	// id is the {id} path segment, if the route has one.
	id string
	q  url.Values
	// in holds the merged query, form and JSON parameters; inErr is set when the body was
	// unreadable.
	in    fields
	inErr error
	// user is the authenticated user's id.
	user int
}

// route is one /v2 operation.
type route struct {
	method  string
	pattern string
	// scope is the scope the operation needs ("" = any valid credential); the scopes follow the pattern of API-FACTS §1.3.
	scope string
	// list marks list operations, which page and pay the deep-page surcharge.
	list   bool
	handle func(*Server, *call) reply
}

// routes is the simulator's /v2 surface. Every path is also served with a .json suffix.
var routes = []route{
	{"GET", "/v2/me", "", false, (*Server).getMe},
	{"GET", "/v2/users/me", "", false, (*Server).getMe},
	{"GET", "/v2/team", "team:read", false, (*Server).getTeam},
	{"GET", "/v2/users", "users:read", true, (*Server).listUsers},
	{"GET", "/v2/users/{id}", "users:read", false, (*Server).getUser},
	{"PUT", "/v2/users/{id}", "users:write", false, (*Server).updateUser},
	{"GET", "/v2/people", "people:read", true, (*Server).listPeople},
	{"POST", "/v2/people", "people:write", false, (*Server).createPerson},
	{"GET", "/v2/people/{id}", "people:read", false, (*Server).getPerson},
	{"PUT", "/v2/people/{id}", "people:write", false, (*Server).updatePerson},
	{"DELETE", "/v2/people/{id}", "people:delete", false, (*Server).deletePerson},
	{"GET", "/v2/accounts", "accounts:read", true, (*Server).listAccounts},
	{"POST", "/v2/accounts", "accounts:write", false, (*Server).createAccount},
	{"GET", "/v2/accounts/{id}", "accounts:read", false, (*Server).getAccount},
	{"PUT", "/v2/accounts/{id}", "accounts:write", false, (*Server).updateAccount},
	{"DELETE", "/v2/accounts/{id}", "accounts:delete", false, (*Server).deleteAccount},
	{"GET", "/v2/cadences", "cadences:read", true, (*Server).listCadences},
	{"GET", "/v2/cadences/{id}", "cadences:read", false, (*Server).getCadence},
	{"GET", "/v2/cadence_exports/{id}", "cadences:read", false, (*Server).exportCadence},
	{"POST", "/v2/cadence_imports", "cadences:write", false, (*Server).importCadence},
	{"GET", "/v2/cadence_memberships", "cadences:read", true, (*Server).listMemberships},
	{"POST", "/v2/cadence_memberships", "cadences:write", false, (*Server).createMembership},
	{"GET", "/v2/cadence_memberships/{id}", "cadences:read", false, (*Server).getMembership},
	{"DELETE", "/v2/cadence_memberships/{id}", "cadences:write", false, (*Server).deleteMembership},
	{"GET", "/v2/webhook_subscriptions", "webhooks:read", true, (*Server).listSubscriptions},
	{"POST", "/v2/webhook_subscriptions", "webhooks:write", false, (*Server).createSubscription},
	{"GET", "/v2/webhook_subscriptions/{id}", "webhooks:read", false, (*Server).getSubscription},
	{"PUT", "/v2/webhook_subscriptions/{id}", "webhooks:write", false, (*Server).updateSubscription},
	{"DELETE", "/v2/webhook_subscriptions/{id}", "webhooks:delete", false, (*Server).deleteSubscription},
	{"GET", "/v2/steps", "cadences:read", true, (*Server).listSteps},
	{"GET", "/v2/steps/{id}", "cadences:read", false, (*Server).getStep},
	{"GET", "/v2/tasks", "tasks:read", true, (*Server).listTasks},
	{"POST", "/v2/tasks", "tasks:write", false, (*Server).createTask},
	{"GET", "/v2/tasks/{id}", "tasks:read", false, (*Server).getTask},
	{"PUT", "/v2/tasks/{id}", "tasks:write", false, (*Server).updateTask},
	{"GET", "/v2/custom_fields", "custom_fields:read", true, (*Server).listCustomFields},
	{"POST", "/v2/custom_fields", "custom_fields:write", false, (*Server).createCustomField},
	{"GET", "/v2/custom_fields/{id}", "custom_fields:read", false, (*Server).getCustomField},
	{"PUT", "/v2/custom_fields/{id}", "custom_fields:write", false, (*Server).updateCustomField},
	{"DELETE", "/v2/custom_fields/{id}", "custom_fields:delete", false, (*Server).deleteCustomField},
	{"POST", "/v2/person_upserts", "people:write", false, (*Server).upsertPerson},
	{"GET", "/v2/tags", "people:read", true, (*Server).listTags},
	{"GET", "/v2/notes", "notes:read", true, (*Server).listNotes},
	{"POST", "/v2/notes", "notes:write", false, (*Server).createNote},
	{"GET", "/v2/notes/{id}", "notes:read", false, (*Server).getNote},
	{"PUT", "/v2/notes/{id}", "notes:write", false, (*Server).updateNote},
	{"DELETE", "/v2/notes/{id}", "notes:delete", false, (*Server).deleteNote},
	{"GET", "/v2/activities/calls", "calls:read", true, (*Server).listCalls},
	{"POST", "/v2/activities/calls", "calls:write", false, (*Server).createCall},
	{"GET", "/v2/activities/calls/{id}", "calls:read", false, (*Server).getCall},
	{"POST", "/v2/activities", "activities:write", false, (*Server).completeActivity},
	{"GET", "/v2/account_stages", "accounts:read", true, (*Server).listAccountStages},
	{"GET", "/v2/account_stages/{id}", "accounts:read", false, (*Server).getAccountStage},
	{"GET", "/v2/person_stages", "people:read", true, (*Server).listPersonStages},
	{"POST", "/v2/person_stages", "people:write", false, (*Server).createPersonStage},
	{"GET", "/v2/person_stages/{id}", "people:read", false, (*Server).getPersonStage},
	{"PUT", "/v2/person_stages/{id}", "people:write", false, (*Server).updatePersonStage},
	{"DELETE", "/v2/person_stages/{id}", "people:delete", false, (*Server).deletePersonStage},
}

// matchRoute finds the route for method and path (with or without .json) and its {id}.
// Like SalesLoft's router, a known path with another method is an unknown route.
func matchRoute(method, path string) (*route, string, bool) {
	segs := strings.Split(strings.TrimSuffix(path, ".json"), "/")
	for i := range routes {
		rt := &routes[i]
		if rt.method != method {
			continue
		}
		pat := strings.Split(rt.pattern, "/")
		if len(pat) != len(segs) {
			continue
		}
		id, ok := "", true
		for j, p := range pat {
			switch {
			case p == "{id}" && segs[j] != "":
				id = segs[j]
			case p != segs[j]:
				ok = false
			}
		}
		if ok {
			return rt, id, true
		}
	}
	return nil, "", false
}

// serveAPI answers a /v2 request: faults, authentication, budget, scope, then the handler.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	rt, id, found := matchRoute(r.Method, r.URL.Path)
	tmpl := ""
	if found {
		tmpl = rt.pattern
	}
	k := requestOp(r, tmpl, true)
	if !s.preflight(w, r, k) {
		return
	}
	in, inErr := readFields(r)
	c := &call{r: r, k: k, id: id, q: r.URL.Query(), in: in, inErr: inErr}
	s.mu.Lock()
	var rep reply
	if found {
		rep = s.handleLocked(rt, c)
	} else {
		// An unknown route does no work and is not charged, so it claims no cost.
		rep = s.ratedLocked(errorReply(http.StatusNotFound, msgNotFound), k, 0, s.remainingLocked())
	}
	rep = rep.encoded()
	s.mu.Unlock()
	s.deliverDue()
	s.write(w, rep)
}

// preflight applies the slow, reset and rename faults, in that order. It returns false
// when the request has been answered (or abandoned) and nothing more must be written.
func (s *Server) preflight(w http.ResponseWriter, r *http.Request, k opKey) bool {
	take := func(name FaultName) (Fault, bool) {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.takeFaultLocked(name, k, nil)
	}
	if f, ok := take(FaultSlow); ok {
		ms := 1000 // Validate checked Value is empty or an integer >= 0.
		if n, err := strconv.Atoi(f.Value); err == nil {
			ms = n
		}
		// net/http notices a client that went away (and cancels the request's
		// context) only once the body has been read to its end: read it now,
		// so a cancelled call frees its handler instead of holding it, and the
		// server's shutdown, for the whole delay.
		if r.Body != nil && r.Body != http.NoBody {
			raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
			if err != nil {
				return false
			}
			r.Body = io.NopCloser(bytes.NewReader(raw))
		}
		t := time.NewTimer(time.Duration(ms) * time.Millisecond)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return false
		}
	}
	if _, ok := take(FaultReset); ok {
		resetConnection(w)
		return false
	}
	if _, ok := take(FaultRename); ok {
		rep := errorReply(http.StatusNotFound, msgNotFound)
		if k.api {
			// The route is gone, so nothing is charged and no cost is claimed.
			s.mu.Lock()
			rep = s.ratedLocked(rep, k, 0, s.remainingLocked())
			s.mu.Unlock()
		}
		s.write(w, rep)
		return false
	}
	return true
}

// resetConnection closes the client's connection without a response.
func resetConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			// Dropping the connection is the point; a close error changes nothing.
			defer conn.Close()
			return
		}
	}
	// Not hijackable (HTTP/2): net/http's documented way to abort a response.
	panic(http.ErrAbortHandler)
}

// handleLocked runs a matched route: authentication (401), budget (429), injected 5xx,
// scope (403), body (400), then the handler. Every answer carries the rate headers.
func (s *Server) handleLocked(rt *route, c *call) reply {
	cost := s.costLocked(rt, c)
	p, denied := s.authenticateLocked(c)
	if denied != nil {
		// An unauthenticated request is not charged, so it claims no cost.
		return s.ratedLocked(*denied, c.k, 0, s.remainingLocked())
	}
	c.user = p.user
	if _, ok := s.takeFaultLocked(FaultRateLimit, c.k, nil); ok {
		return s.ratedLocked(s.tooManyLocked(c.k), c.k, cost, 0)
	}
	if !s.chargeLocked(cost) {
		return s.ratedLocked(s.tooManyLocked(c.k), c.k, cost, s.remainingLocked())
	}
	remaining := s.remainingLocked()
	rated := func(rep reply) reply { return s.ratedLocked(rep, c.k, cost, remaining) }
	if _, ok := s.takeFaultLocked(FaultServerError, c.k, nil); ok {
		return rated(errorReply(http.StatusInternalServerError, msgServerError))
	}
	if _, ok := s.takeFaultLocked(FaultBadGateway, c.k, nil); ok {
		return rated(errorReply(http.StatusBadGateway, msgBadGateway))
	}
	if rt.scope != "" && !s.permitsLocked(p, rt.scope, c.k) {
		return rated(errorReply(http.StatusForbidden, msgMissingScope+rt.scope))
	}
	if c.inErr != nil && (rt.method == "POST" || rt.method == "PUT") {
		return rated(errorReply(http.StatusBadRequest, "Request body could not be parsed: send a JSON object or form fields"))
	}
	rep := rt.handle(s, c)
	if rep.records && rep.status < 300 {
		var drop []string
		for _, f := range s.takeFaultsLocked(FaultDropField, c.k) {
			drop = append(drop, f.Value)
		}
		dropFields(rep.body, drop)
	}
	return rated(rep)
}

// requiredByFaultLocked adds a 422 message for each require_field fault whose field is
// missing from the create request c.
func (s *Server) requiredByFaultLocked(c *call, errs fieldErrors) {
	for _, f := range s.takeFaultsLocked(FaultRequireField, c.k) {
		if !c.in.has(f.Value) {
			errs.add(f.Value, "can't be blank")
		}
	}
}
