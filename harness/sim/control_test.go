package sim

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestControlAPI(t *testing.T) {
	h := newHarness(t, Options{})
	tests := []struct {
		name, method, path string
		body               any
		status             int
		contains           string
	}{
		{"add fault", "POST", "/_sim/faults", map[string]any{"fault": "rate_limit", "count": 1}, 200, `{"data":{"id":1}}`},
		{"add fault with op", "POST", "/_sim/faults", map[string]any{"fault": "cost_change", "operation": "GET /v2/me", "value": 3}, 200, `{"data":{"id":2}}`},
		{"list faults", "GET", "/_sim/faults", nil, 200, `"fault":"cost_change"`},
		{"unknown fault", "POST", "/_sim/faults", map[string]any{"fault": "meltdown"}, 400, "valid faults: rate_limit"},
		{"bad value", "POST", "/_sim/faults", map[string]any{"fault": "cost_change", "value": "cheap"}, 400, "not an integer"},
		{"unknown field", "POST", "/_sim/faults", map[string]any{"fault": "rate_limit", "cnt": 1}, 400, "unknown field"},
		{"clear faults", "DELETE", "/_sim/faults", nil, 204, ""},
		{"faults cleared", "GET", "/_sim/faults", nil, 200, `{"data":[]}`},
		{"clock", "GET", "/_sim/clock", nil, 200, `{"data":{"now":"2026-01-01T00:00:00Z"}}`},
		{"advance", "POST", "/_sim/clock", map[string]any{"advance_seconds": 90}, 200, `{"data":{"now":"2026-01-01T00:01:30Z"}}`},
		{"advance negative", "POST", "/_sim/clock", map[string]any{"advance_seconds": -1}, 400, "advance_seconds"},
		{"advance missing", "POST", "/_sim/clock", map[string]any{}, 400, "advance_seconds"},
		{"deliveries", "GET", "/_sim/deliveries", nil, 200, `{"data":[]}`},
		{"unknown", "GET", "/_sim/nothing", nil, 404, "unknown control endpoint"},
	}
	for _, tc := range tests {
		r := h.do(tc.method, tc.path, tc.body)
		if r.status != tc.status || !strings.Contains(string(r.body), tc.contains) {
			t.Errorf("%s: %d %s, want %d containing %s", tc.name, r.status, r.body, tc.status, tc.contains)
		}
	}
	if got := h.sim.Now(); !got.Equal(DefaultStart.Add(90e9)) {
		t.Errorf("Now() = %v after advancing 90 s", got)
	}
}

func TestRequestCounts(t *testing.T) {
	h := newHarness(t, Options{})
	for i := 0; i < 3; i++ {
		h.do("POST", "/oauth/token", form("grant_type", "client_credentials"))
	}
	h.api("GET", "/v2/me", nil)
	for path, want := range map[string]int{"/oauth/token": 3, "/v2/me": 1, "/v2/team": 0} {
		r := h.do("GET", "/_sim/requests?path="+path, nil)
		if got := string(r.body); got != fmt.Sprintf(`{"data":{"count":%d}}`, want) {
			t.Errorf("%s: %s, want %d", path, got, want)
		}
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want error
	}{
		{"envelope", Options{WebhookEnvelope: "wrapped"}, ErrInvalidOptions},
		{"unknown scope", Options{Clients: []Client{{ID: "a", Secret: "b", Scopes: []string{"root"}}}}, ErrInvalidOptions},
		{"client without secret", Options{Clients: []Client{{ID: "a"}}}, ErrInvalidOptions},
		{"duplicate client", Options{Clients: []Client{{ID: "a", Secret: "b"}, {ID: "a", Secret: "c"}}}, ErrInvalidOptions},
		{"relative redirect", Options{Clients: []Client{{ID: "a", Secret: "b", RedirectURIs: []string{"/cb"}}}}, ErrInvalidOptions},
		{"negative budget", Options{Budget: -1}, ErrInvalidOptions},
		{"relative base", Options{PublicBase: "api.example"}, ErrInvalidOptions},
		{"empty api key", Options{APIKeys: []string{""}}, ErrInvalidOptions},
		{"bad fault", Options{Faults: []Fault{{Name: "meltdown"}}}, ErrUnknownFault},
	}
	for _, tc := range tests {
		if _, err := New(tc.opts); !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
}

// TestDeterminism feeds two fresh servers the same requests and compares every answer.
func TestDeterminism(t *testing.T) {
	rc := newReceiver(t, http.StatusInternalServerError) // shared, so it must not change over time
	run := func() []string {
		h := newHarness(t, Options{})
		var out []string
		rec := func(r resp) {
			out = append(out, fmt.Sprintf("%d %s %s %s %s", r.status, r.header.Get("Date"), r.header.Get(headerRemaining),
				r.header.Get("Location"), r.body))
		}
		tok := h.tokens()
		out = append(out, fmt.Sprint(tok))
		rec(h.do("POST", "/oauth/token", form("grant_type", "refresh_token", "refresh_token", tok["refresh_token"].(string),
			"client_id", DefaultClientID, "client_secret", DefaultClientSecret)))
		at := tok["access_token"].(string)
		rec(h.bearer(at, "POST", "/v2/webhook_subscriptions", map[string]any{"callback_url": rc.srv.URL,
			"callback_token": "k", "event_type": "person_created"}))
		rec(h.bearer(at, "POST", "/v2/people", map[string]any{"email_address": "d@example.com", "tags": "x,y"}))
		h.sim.Advance(20e9)
		rec(h.bearer(at, "GET", "/v2/people?per_page=100&sort_by=name&sort_direction=ASC", nil))
		rec(h.bearer(at, "POST", "/v2/cadence_imports", validImport(t)))
		rec(h.bearer(at, "GET", "/v2/cadence_exports/3", nil))
		rec(h.bearer(at, "GET", "/v2/cadence_memberships?include_paging_counts=true", nil))
		rec(h.do("GET", "/_sim/deliveries", nil))
		return out
	}
	a, b := run(), run()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("answer %d differs:\n%s\n%s", i, a[i], b[i])
		}
	}
}

// TestConcurrentUse hammers one server from many goroutines while a webhook receiver
// calls back into the simulator: it must neither race nor deadlock.
func TestConcurrentUse(t *testing.T) {
	h := newHarness(t, Options{Budget: 100000})
	callback := func(w http.ResponseWriter, r *http.Request) {
		req, err := http.NewRequest("GET", h.srv.URL+"/v2/me", nil)
		if err != nil {
			w.WriteHeader(500)
			return
		}
		req.Header.Set("Authorization", "Bearer "+DefaultAPIKey)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			w.WriteHeader(502)
			return
		}
		res.Body.Close()
		w.WriteHeader(res.StatusCode)
	}
	rc := newReceiverWith(t, callback)
	h.subscribe(rc, "person_created")
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				paths := []string{"/v2/people?per_page=5", "/v2/me", "/_sim/deliveries", "/v2/cadences"}
				req, err := http.NewRequest("GET", h.srv.URL+paths[(g+i)%len(paths)], nil)
				if err != nil {
					errs <- err.Error()
					return
				}
				req.Header.Set("Authorization", "Bearer "+DefaultAPIKey)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					errs <- err.Error()
					return
				}
				res.Body.Close()
				body := fmt.Sprintf(`{"email_address":"c%d-%d@example.com"}`, g, i)
				req, err = http.NewRequest("POST", h.srv.URL+"/v2/people", strings.NewReader(body))
				if err != nil {
					errs <- err.Error()
					return
				}
				req.Header.Set("Authorization", "Bearer "+DefaultAPIKey)
				req.Header.Set("Content-Type", "application/json")
				if res, err = http.DefaultClient.Do(req); err != nil {
					errs <- err.Error()
					return
				}
				if res.StatusCode != 200 {
					errs <- fmt.Sprintf("create: %d", res.StatusCode)
				}
				res.Body.Close()
				h.sim.Advance(1e9)
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	delivered := 0
	for _, d := range h.deliveries() {
		if d["state"] == stateDelivered {
			delivered++
		}
	}
	if delivered != 80 {
		t.Errorf("%d deliveries delivered, want 80", delivered)
	}
}
