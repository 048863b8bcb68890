package salesloft

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/loftgate/loftgate/harness/auth"
)

// prefix is a non-empty base path, so tests prove paths are joined, not replaced.
const prefix = "/api-prefix"

// recorded is one request as the test server saw it.
type recorded struct {
	Method string
	Path   string
	Query  map[string][]string
	Header http.Header
	Body   string
}

// server is a per-test API host: handler answers, every request is recorded.
type server struct {
	t    *testing.T
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

func newServer(t *testing.T, handler http.HandlerFunc) *server {
	t.Helper()
	s := &server{t: t}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("server: reading body: %v", err)
		}
		s.mu.Lock()
		s.reqs = append(s.reqs, recorded{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: string(b)})
		s.mu.Unlock()
		handler(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *server) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

// client returns a Client for s with a recording sleep; extra options come last.
func (s *server) client(sl *sleeps, opts ...Option) *Client {
	s.t.Helper()
	all := append([]Option{WithSleep(sl.sleep)}, opts...)
	c, err := New(s.srv.URL+prefix, all...)
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// sleeps records every wait instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// reply writes a JSON answer with SalesLoft's rate headers.
func reply(t *testing.T, w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("x-ratelimit-endpoint-cost", "1")
	w.Header().Set("x-ratelimit-remaining-minute", "599")
	w.WriteHeader(status)
	if _, err := io.WriteString(w, body); err != nil {
		t.Errorf("server: writing: %v", err)
	}
}

// fakeTokens hands out tokens in order, moving to the next one on Invalidate.
type fakeTokens struct {
	mu          sync.Mutex
	tokens      []string
	i           int
	invalidated []string
}

func (f *fakeTokens) Token(context.Context) (*auth.Token, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return &auth.Token{AccessToken: f.tokens[f.i], TokenType: "Bearer"}, nil
}

func (f *fakeTokens) Invalidate(tok string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.invalidated = append(f.invalidated, tok)
	if f.tokens[f.i] == tok && f.i < len(f.tokens)-1 {
		f.i++
	}
}

// staticTokens is a token source without Invalidate.
type staticTokens string

func (s staticTokens) Token(context.Context) (*auth.Token, error) {
	return &auth.Token{AccessToken: string(s), TokenType: "Bearer"}, nil
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// tokenFunc is a token source that fails with the function's error.
type tokenFunc func() error

func (f tokenFunc) Token(context.Context) (*auth.Token, error) { return nil, f() }
