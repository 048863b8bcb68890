package replay

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/wire"
)

// Headers replay reads and writes.
const (
	// SpecHeader carries the current spec's full name on requests to replay;
	// replay answers only from that spec's fixture file. Without it every
	// interaction of the set is a candidate (`loftgate serve`).
	SpecHeader = "X-Loftgate-Spec"
	// ReplayHeader is "miss" on the answer to a request replay had no answer for.
	ReplayHeader = "X-Loftgate-Replay"
	// ViolationsHeader counts the contract violations of an exchange when
	// replay validates (WithValidator).
	ViolationsHeader = "X-Loftgate-Violations"
	// MissStatus is the status of a miss, 409 Conflict: the request conflicts
	// with what was recorded. It is a 4xx, so no retry policy (they retry
	// 5xx, 429 and 408) sends the request again, and SalesLoft never answers
	// it (its errors are 400, 401, 403, 404, 422, 429 and 5xx; API-FACTS §5),
	// so a client cannot mistake a miss for a real "not found" or validation
	// error and act on it. The body names the request and the nearest
	// recording; ReplayHeader says "miss".
	MissStatus = http.StatusConflict
)

// simControlPrefix starts the paths of the simulator's control API, which
// are not SalesLoft's and are never validated (as in contract.Transport).
const simControlPrefix = "/_sim/"

// holdLimit bounds how long replay holds a request whose recording timed
// out, in case the client has no timeout of its own this time.
const holdLimit = 30 * time.Second

// maxBody bounds the request body replay reads.
const maxBody = 32 << 20

// maxStoredMisses bounds the misses a long-running server remembers.
const maxStoredMisses = 1000

// Exhaustion says what replay does once every recorded answer to a request
// has been served.
type Exhaustion int

const (
	// ExhaustMiss answers a miss ("all 2 recorded answers used"); the default,
	// right for specs, where a request made more often than when recording is
	// a change in behaviour.
	ExhaustMiss Exhaustion = iota
	// ExhaustRepeatLast serves the last recorded answer again, for `loftgate
	// serve`, where a user's own tests call the same endpoint any number of times.
	ExhaustRepeatLast
)

// Event is what replay reports for every request it answers.
type Event struct {
	// Spec is the request's X-Loftgate-Spec, or "".
	Spec string
	// Method, Path and Query are the request's (query canonical, with the
	// values of secret-like parameters masked).
	Method, Path, Query string
	// Status is the status served (MissStatus on a miss, 0 for a replayed
	// connection failure).
	Status int
	// File and Index (1-based) locate the interaction served; empty on a miss.
	File  string
	Index int
	// Miss is set when replay had no answer.
	Miss *Miss
	// Violations are the contract violations of the exchange (WithValidator).
	Violations []contract.Violation
}

// ServerOption configures a Server.
type ServerOption func(*Server)

// WithValidator validates every request and the response served against c;
// violations go to the observer and the X-Loftgate-Violations header.
// The response side is validated once per interaction and request shape.
func WithValidator(c *contract.Contract) ServerOption {
	return func(s *Server) { s.contract = c }
}

// WithObserver calls f with an Event for every request, after answering.
// f must be safe for concurrent use.
func WithObserver(f func(Event)) ServerOption {
	return func(s *Server) { s.observe = f }
}

// WithExhaustion sets what happens once every recorded answer to a request
// has been served (default ExhaustMiss).
func WithExhaustion(e Exhaustion) ServerOption {
	return func(s *Server) { s.exhaust = e }
}

// Server answers requests from a Set. It is an http.Handler, safe for
// concurrent use.
//
// A request naming a spec (SpecHeader) is answered from that spec's
// recordings: identical requests get the recorded answers in recorded order.
// A request naming none (`loftgate serve`) is answered statefully per
// client: see route. In both modes a recorded value the scrubber replaced
// by a placeholder matches any value the live request sends there.
type Server struct {
	set      *Set
	idx      *index
	near     *nearIndex
	cache    map[*entry]*sync.Map // validation results per request shape
	contract *contract.Contract
	observe  func(Event)
	exhaust  Exhaustion

	missMu sync.Mutex
	misses []Miss

	// bound holds, per client, the placeholders its requests bound to
	// its own values (see echo.go).
	bound sessions
}

// NewServer returns a replay server for s (an empty set when s is nil:
// every request is then a miss).
func NewServer(s *Set, opts ...ServerOption) *Server {
	if s == nil {
		s = &Set{bySpec: map[string][]*entry{}}
	}
	srv := &Server{
		set:   s,
		idx:   buildIndex(s),
		near:  buildNearIndex(s),
		cache: make(map[*entry]*sync.Map, len(s.entries)),
	}
	for _, o := range opts {
		o(srv)
	}
	for _, e := range s.entries {
		srv.cache[e] = &sync.Map{}
	}
	return srv
}

// Reset rewinds every cursor and forgets every client, so the set can be
// replayed again from the start.
func (s *Server) Reset() {
	for _, rt := range s.idx.all {
		rt.reset()
	}
	for _, m := range s.idx.specs {
		for _, sl := range m {
			sl.next.Store(0)
		}
	}
	s.bound.forgetAll()
}

// ResetSpec rewinds the cursors of one spec (a spec that is retried).
func (s *Server) ResetSpec(spec string) {
	for _, sl := range s.idx.specs[spec] {
		sl.next.Store(0)
	}
	s.bound.forget(spec)
}

// Misses returns the misses so far (at most the first 1000).
func (s *Server) Misses() []Miss {
	s.missMu.Lock()
	defer s.missMu.Unlock()
	return append([]Miss(nil), s.misses...)
}

// ServeHTTP answers r from the recorded interactions.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		http.Error(w, "replay: reading request body: "+err.Error(), http.StatusBadRequest)
		return
	}
	rq := parseRequest(r, body)
	spec := r.Header.Get(SpecHeader)
	shown := maskQuery(rq.queryVals)

	var sl *slot
	var loose bool
	switch {
	case spec != "":
		if _, ok := s.idx.specs[spec]; !ok {
			s.miss(w, &Miss{Spec: spec, Method: rq.method, Path: r.URL.Path, Query: shown, NoFixture: true})
			return
		}
		sl, loose = s.idx.lookupSpec(spec, rq)
	default:
		var rt *route
		if rt, loose = s.idx.lookupAll(rq); rt != nil {
			sl = rt.lane(clientID(r))
		}
	}
	if sl != nil && loose && !placeholdersAgree(sl.peek(), rq) {
		sl = nil // a placeholder sent that this answer did not record
	}
	if sl == nil {
		m := &Miss{Spec: spec, Method: rq.method, Path: r.URL.Path, Query: shown}
		s.nearest(m, rq, spec)
		s.miss(w, m)
		return
	}
	e, fresh := sl.take()
	if !fresh && s.exhaust != ExhaustRepeatLast {
		s.miss(w, &Miss{Spec: spec, Method: rq.method, Path: r.URL.Path, Query: shown, Exhausted: len(sl.entries), NearestFile: e.file, NearestIndex: e.index + 1})
		return
	}

	if e.in.Response.Error != "" {
		s.fail(w, r, e)
		s.emit(Event{Spec: spec, Method: rq.method, Path: r.URL.Path, Query: shown, File: e.file, Index: e.index + 1})
		return
	}
	var violations []contract.Violation
	validated := s.contract != nil && !strings.HasPrefix(rq.path, simControlPrefix)
	if validated {
		violations = s.validate(r, body, e)
	}
	h := w.Header()
	for k, v := range e.header {
		h[k] = v
	}
	// Headers not recorded are not invented: a nil value stops net/http
	// from adding a Date or sniffing a Content-Type.
	if _, ok := e.header["Date"]; !ok {
		h["Date"] = nil
	}
	if _, ok := e.header["Content-Type"]; !ok {
		h["Content-Type"] = nil
	}
	served := e.served
	if e.echoes && len(rq.origins) > 0 {
		served = putBack(served, rq.origins)
		if loc := h.Get("Location"); loc != "" {
			h["Location"] = []string{string(putBack([]byte(loc), rq.origins))}
		}
	}
	// The client's own values go back where the recording's answer holds
	// the placeholders its requests matched (see echo.go).
	if bound := s.bound.bind(spec, keyOf(spec, r.Header.Get("Authorization")), bindings(e, rq)); len(bound) > 0 {
		escape := keepAsIs
		if wire.IsJSON(wire.MediaType(h.Get("Content-Type"))) {
			escape = jsonEscape
		}
		served = putBound(served, bound, escape)
		if loc := h.Get("Location"); loc != "" {
			h["Location"] = []string{string(putBound([]byte(loc), bound, url.QueryEscape))}
		}
	}
	if validated {
		h[ViolationsHeader] = []string{strconv.Itoa(len(violations))}
	}
	if len(served) != len(e.served) || h["Content-Length"] != nil {
		h["Content-Length"] = []string{strconv.Itoa(len(served))}
	}
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		// A client that went away cannot be answered; nothing else to do.
		_, _ = w.Write(served)
	}
	s.emit(Event{Spec: spec, Method: rq.method, Path: r.URL.Path, Query: shown, Status: e.status, File: e.file, Index: e.index + 1, Violations: violations})
}

// putBack replaces normalised loopback URLs with the ones the caller sent.
func putBack(b []byte, origins []origin) []byte {
	for _, o := range origins {
		b = bytes.ReplaceAll(b, []byte(o.normalised), []byte(o.original))
	}
	return b
}

// validate returns the contract violations of serving e for r, computed
// once per interaction and request shape (media type, credentials, path form).
func (s *Server) validate(r *http.Request, body []byte, e *entry) []contract.Violation {
	auth := r.Header.Get("Authorization")
	scheme, _, _ := strings.Cut(auth, " ")
	shape := wire.MediaType(r.Header.Get("Content-Type")) + "|" + strings.ToLower(scheme) + "|" + strconv.FormatBool(strings.HasSuffix(r.URL.Path, ".json"))
	c := s.cache[e]
	if v, ok := c.Load(shape); ok {
		return v.([]contract.Violation)
	}
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	ex := contract.Exchange{
		Method:         r.Method,
		URL:            &u,
		RequestHeader:  r.Header.Clone(),
		RequestBody:    body,
		Status:         e.status,
		ResponseHeader: e.header.Clone(),
		ResponseBody:   e.served,
	}
	v := s.contract.Validate(context.WithoutCancel(r.Context()), ex)
	c.Store(shape, v)
	return v
}

// fail replays a recorded transport failure.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, e *entry) {
	if e.in.Response.Error == ErrorTimeout {
		t := time.NewTimer(holdLimit)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			return
		case <-t.C:
		}
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "replay: recorded connection failure cannot be replayed on this connection", http.StatusBadGateway)
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		http.Error(w, "replay: recorded connection failure cannot be replayed: "+err.Error(), http.StatusBadGateway)
		return
	}
	// The connection is dropped on purpose; failing to close it changes nothing.
	_ = conn.Close()
}

// miss answers and records a miss.
func (s *Server) miss(w http.ResponseWriter, m *Miss) {
	s.missMu.Lock()
	if len(s.misses) < maxStoredMisses {
		s.misses = append(s.misses, *m)
	}
	s.missMu.Unlock()
	b, err := json.Marshal(m.body())
	if err != nil {
		b = []byte(`{"error":"replay: no recorded answer"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set(ReplayHeader, "miss")
	w.WriteHeader(MissStatus)
	// A client that went away cannot be answered; nothing else to do.
	_, _ = w.Write(b)
	s.emit(Event{Spec: m.Spec, Method: m.Method, Path: m.Path, Query: m.Query, Status: MissStatus, Miss: m})
}

// emit calls the observer, if any.
func (s *Server) emit(ev Event) {
	if s.observe != nil {
		s.observe(ev)
	}
}
