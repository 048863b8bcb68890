// Package simserver is a local stand-in for the SalesLoft API: an HTTP server
// that answers /v2/ requests from memory. It receives requests; it sends none.
package simserver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

type route struct {
	method  string
	pattern string
	handle  func(s *Server, w http.ResponseWriter, r *http.Request)
}

var routes = []route{
	{http.MethodGet, "/v2/people", (*Server).listPeople},
	{http.MethodPost, "/v2/people", (*Server).createPerson},
	{http.MethodGet, "/v2/cadences", (*Server).listCadences},
}

// Server keeps the records it serves.
type Server struct {
	people   []map[string]any
	cadences []map[string]any
	mux      *http.ServeMux
	chi      Router
}

// Router is the method-per-verb router interface of chi-like libraries.
type Router interface {
	Get(pattern string, h http.HandlerFunc)
	Post(pattern string, h http.HandlerFunc)
}

// New builds the server and registers its routes.
func New(r Router) *Server {
	s := &Server{mux: http.NewServeMux(), chi: r}
	s.mux.HandleFunc("GET /v2/me", s.me)
	s.mux.HandleFunc("/v2/", s.serveAPI)
	r.Get("/v2/people", s.listPeopleFunc)
	r.Post("/v2/cadence_memberships", s.enroll)
	return s
}

// ServeHTTP sends /v2/ requests to the API and answers 404 to anything else.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case strings.HasPrefix(p, "/v2/"):
		s.mux.ServeHTTP(w, r)
	case p == "/v2/people.json":
		s.listPeople(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	for _, rt := range routes {
		if rt.method == r.Method && rt.pattern == strings.TrimSuffix(r.URL.Path, ".json") {
			s.dispatch(rt, w, r)
			return
		}
	}
	http.NotFound(w, r)
}

// dispatch charges the request and runs its handler.
func (s *Server) dispatch(rt route, w http.ResponseWriter, r *http.Request) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	w.Header().Set("x-ratelimit-endpoint-cost", strconv.Itoa(pageCost(page)))
	rt.handle(s, w, r)
}

// pageCost is what serving a page costs (pages above 100 pay a surcharge).
func pageCost(page int) int {
	switch {
	case page > 500:
		return 30
	case page > 100:
		return 3
	}
	return 1
}

func (s *Server) listPeople(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, map[string]any{"data": s.people})
}

func (s *Server) listPeopleFunc(w http.ResponseWriter, r *http.Request) { s.listPeople(w, r) }

func (s *Server) createPerson(w http.ResponseWriter, r *http.Request) {
	var p map[string]any
	_ = json.NewDecoder(r.Body).Decode(&p)
	s.people = append(s.people, p)
	writeJSON(w, map[string]any{"data": p})
}

func (s *Server) listCadences(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, map[string]any{"data": s.cadences})
}

func (s *Server) enroll(w http.ResponseWriter, r *http.Request) { writeJSON(w, map[string]any{}) }

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, map[string]any{"data": map[string]any{"id": 1}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
