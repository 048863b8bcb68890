package replay

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/loftgate/loftgate/harness/contract"
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
	// MissStatus is the status of a miss: outside what SalesLoft answers, so a
	// client cannot mistake it for a real answer.
	MissStatus = 599
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
	// Method, Path and Query are the request's (query canonical).
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
type Server struct {
	set      *Set
	all      map[string]*slot
	specs    map[string]map[string]*slot
	cache    map[*entry]*sync.Map // validation results per request shape
	contract *contract.Contract
	observe  func(Event)
	exhaust  Exhaustion

	missMu sync.Mutex
	misses []Miss
}

// slot holds the recorded answers of one request, in order, and a cursor.
type slot struct {
	entries []*entry
	next    atomic.Int64
}

// NewServer returns a replay server for s (an empty set when s is nil:
// every request is then a miss).
func NewServer(s *Set, opts ...ServerOption) *Server {
	if s == nil {
		s = &Set{bySpec: map[string][]*entry{}}
	}
	srv := &Server{
		set:   s,
		all:   map[string]*slot{},
		specs: map[string]map[string]*slot{},
		cache: make(map[*entry]*sync.Map, len(s.entries)),
	}
	for _, o := range opts {
		o(srv)
	}
	for _, e := range s.entries {
		add(srv.all, e)
		m := srv.specs[e.spec]
		if m == nil {
			m = map[string]*slot{}
			srv.specs[e.spec] = m
		}
		add(m, e)
		srv.cache[e] = &sync.Map{}
	}
	for _, f := range s.files {
		if srv.specs[f.Metadata.Spec] == nil {
			srv.specs[f.Metadata.Spec] = map[string]*slot{}
		}
	}
	for _, sl := range srv.all {
		sl.entries = []*entry{preferred(sl.entries)}
	}
	return srv
}

// preferred is the answer a request naming no spec gets: the first
// successful (2xx or 3xx) recording of it, or the first recording when none
// succeeded. Scenarios that need a sequence (a 429, then a 200) are
// recorded per spec and replayed by naming the spec in SpecHeader.
func preferred(entries []*entry) *entry {
	for _, e := range entries {
		if e.status >= 200 && e.status < 400 {
			return e
		}
	}
	return entries[0]
}

// add appends e to the slot of its key.
func add(m map[string]*slot, e *entry) {
	sl := m[e.key]
	if sl == nil {
		sl = &slot{}
		m[e.key] = sl
	}
	sl.entries = append(sl.entries, e)
}

// Reset rewinds every cursor, so the set can be replayed again from the start.
func (s *Server) Reset() {
	for _, sl := range s.all {
		sl.next.Store(0)
	}
	for _, m := range s.specs {
		for _, sl := range m {
			sl.next.Store(0)
		}
	}
}

// ResetSpec rewinds the cursors of one spec (a spec that is retried).
func (s *Server) ResetSpec(spec string) {
	for _, sl := range s.specs[spec] {
		sl.next.Store(0)
	}
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
	var origins []origin
	ct := r.Header.Get("Content-Type")
	method := strings.ToUpper(r.Method)
	path := normalisePath(r.URL.Path)
	query := canonicalQuery(r.URL.RawQuery, &origins)
	bkey, _ := bodyKey(ct, body, &origins)
	key := matchKey(method, path, query, bkey)
	spec := r.Header.Get(SpecHeader)

	index, scoped := s.all, false
	if spec != "" {
		index, scoped = s.specs[spec], true
	}
	var e *entry
	if sl := index[key]; sl != nil {
		i := int(sl.next.Add(1) - 1)
		switch {
		case i < len(sl.entries):
			e = sl.entries[i]
		case s.exhaust == ExhaustRepeatLast:
			e = sl.entries[len(sl.entries)-1]
		default:
			s.miss(w, r, &Miss{Spec: spec, Method: method, Path: r.URL.Path, Query: query, Exhausted: len(sl.entries)})
			return
		}
	} else {
		m := &Miss{Spec: spec, Method: method, Path: r.URL.Path, Query: query, NoFixture: scoped && index == nil}
		if !m.NoFixture {
			s.nearest(m, method, path, query, ct, body, spec)
		}
		s.miss(w, r, m)
		return
	}

	if e.in.Response.Error != "" {
		s.fail(w, r, e)
		s.emit(Event{Spec: spec, Method: method, Path: r.URL.Path, Query: query, File: e.file, Index: e.index + 1})
		return
	}
	var violations []contract.Violation
	validated := s.contract != nil && !strings.HasPrefix(path, simControlPrefix)
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
	if e.echoes && len(origins) > 0 {
		served = putBack(served, origins)
		if loc := h.Get("Location"); loc != "" {
			h["Location"] = []string{string(putBack([]byte(loc), origins))}
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
	if s.observe != nil {
		s.observe(Event{Spec: spec, Method: method, Path: r.URL.Path, Query: query, Status: e.status, File: e.file, Index: e.index + 1, Violations: violations})
	}
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
	shape := mediaType(r.Header.Get("Content-Type")) + "|" + strings.ToLower(scheme) + "|" + strconv.FormatBool(strings.HasSuffix(r.URL.Path, ".json"))
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
func (s *Server) miss(w http.ResponseWriter, r *http.Request, m *Miss) {
	msg := m.Error()
	s.missMu.Lock()
	if len(s.misses) < maxStoredMisses {
		s.misses = append(s.misses, *m)
	}
	s.missMu.Unlock()
	b, err := json.Marshal(map[string]string{"error": msg})
	if err != nil {
		b = []byte(`{"error":"replay: no recorded answer"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
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
