package sim

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// Server is one simulated SalesLoft team: its OAuth server, API, clock, rate budget,
// webhook deliveries and faults. It is safe for concurrent use.
type Server struct {
	cfg config

	// mu guards everything below. Webhook deliveries and slow faults run without it.
	mu sync.Mutex
	// now is the simulated clock.
	now time.Time
	// seq numbers every token and code issued, so they are deterministic.
	seq int
	// codes, access and refresh hold the OAuth grants by their secret value.
	codes   map[string]*authCode
	access  map[string]*accessToken
	refresh map[string]*refreshToken
	// families counts refresh-token families (one per authorization), to revoke older tokens.
	families int

	team        teamRec
	users       []*userRec
	people      table[person]
	accounts    table[account]
	cadences    table[cadence]
	memberships table[membership]
	subs        table[subscription]
	// tasks, notes, calls, customFields and the stages are the resources modelled on doc.
	tasks         table[task]
	notes         table[note]
	calls         table[callRec]
	customFields  table[doc]
	accountStages table[doc]
	personStages  table[doc]
	// generic holds the records of the operations served by the generic engine (generic.go),
	// by collection path.
	generic map[string]*table[doc]
	// tagIDs numbers tag names (lower case) in the order they were first listed.
	tagIDs map[string]int

	deliveries []*delivery
	faults     []*activeFault
	nextFault  int
	requests   map[string]int
	// window is the start of the current rate minute and spent the cost charged in it.
	window time.Time
	spent  int
}

// New builds a simulator from opts, seeded with deterministic data (see seed.go), following
// API-FACTS. It fails when opts are inconsistent (unknown scopes, bad faults, bad URLs).
func New(opts Options) (*Server, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:      cfg,
		now:      cfg.start,
		codes:    map[string]*authCode{},
		access:   map[string]*accessToken{},
		refresh:  map[string]*refreshToken{},
		requests: map[string]int{},
	}
	// The seed runs the create handlers, so it comes before the faults, which must not apply to it.
	s.seed()
	for _, f := range cfg.faults {
		s.addFaultLocked(f, true)
	}
	return s, nil
}

// Handler serves /oauth/*, /v2/* and /_sim/* on one listener; anything else is a JSON 404.
// Requests are first brought to the form SalesLoft's Rails router gives them (see railsForm).
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	r = railsForm(r)
	s.mu.Lock()
	s.requests[r.URL.Path]++
	s.mu.Unlock()
	s.deliverDue()
	switch p := r.URL.Path; {
	case p == "/_sim" || strings.HasPrefix(p, ControlPrefix):
		s.serveControl(w, r)
	case strings.HasPrefix(p, "/oauth/"):
		s.serveOAuth(w, r)
	case strings.HasPrefix(p, "/v2/"):
		s.serveAPI(w, r)
	default:
		s.write(w, errorReply(http.StatusNotFound, msgNotFound))
	}
}

// opKey identifies the operation a request performs, for fault matching.
type opKey struct {
	// method is the upper-case HTTP method.
	method string
	// template is the route pattern ("/v2/people/{id}"), or the path when no route matched.
	template string
	// path is the request path without a .json suffix.
	path string
	// api is true for /v2 operations.
	api bool
}

// String renders k the way faults name operations.
func (k opKey) String() string { return k.method + " " + k.template }

// requestOp builds the opKey of a request whose route pattern is template.
func requestOp(r *http.Request, template string, api bool) opKey {
	path := strings.TrimSuffix(r.URL.Path, ".json")
	if template == "" {
		template = path
	}
	return opKey{method: strings.ToUpper(r.Method), template: template, path: path, api: api}
}
