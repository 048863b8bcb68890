package sim

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

func TestAuthErrors(t *testing.T) {
	h := newHarness(t, Options{})
	tests := []struct {
		name   string
		hdr    []string
		status int
		msg    string
	}{
		{"no header", nil, 401, msgNoBearer},
		{"basic scheme", []string{"Authorization", "Basic abc"}, 401, msgNoBearer},
		{"empty bearer", []string{"Authorization", "Bearer "}, 401, msgNoBearer},
		{"unknown token", []string{"Authorization", "Bearer sim-at-unknown"}, 401, msgInvalidToken},
		{"api key", []string{"Authorization", "Bearer " + DefaultAPIKey}, 200, ""},
		{"lowercase scheme", []string{"Authorization", "bearer " + DefaultAPIKey}, 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do("GET", "/v2/me", nil, tc.hdr...)
			if tc.msg == "" {
				if r.status != tc.status {
					t.Fatalf("status %d: %s", r.status, r.body)
				}
				return
			}
			wantError(t, r, tc.status, tc.msg)
			if r.header.Get(headerCost) == "" || r.header.Get(headerRemaining) == "" {
				t.Errorf("401 lacks rate headers: %v", r.header)
			}
		})
	}
	want := `{"error":"No Bearer Token attached to request, please see documentation at developers.salesloft.com"}`
	if r := h.do("GET", "/v2/me", nil); string(r.body) != want {
		t.Errorf("body %s, want %s", r.body, want)
	}
}

func TestScopes(t *testing.T) {
	h := newHarness(t, Options{})
	tok := h.do("POST", "/oauth/token", map[string]any{"grant_type": "client_credentials", "client_id": DefaultClientID,
		"client_secret": DefaultClientSecret, "scope": "people:read"}).json(t)["access_token"].(string)
	tests := []struct {
		method, path string
		status       int
		scope        string
	}{
		{"GET", "/v2/me", 200, ""},
		{"GET", "/v2/people", 200, ""},
		{"GET", "/v2/team", 403, "team:read"},
		{"GET", "/v2/users", 403, "users:read"},
		{"POST", "/v2/people", 403, "people:write"},
		{"DELETE", "/v2/people/1", 403, "people:delete"},
		{"GET", "/v2/accounts", 403, "accounts:read"},
		{"GET", "/v2/cadences", 403, "cadences:read"},
		{"GET", "/v2/cadence_exports/1", 403, "cadences:read"},
		{"POST", "/v2/cadence_imports", 403, "cadences:write"},
		{"POST", "/v2/cadence_memberships", 403, "cadences:write"},
		{"GET", "/v2/webhook_subscriptions", 403, "webhooks:read"},
		{"DELETE", "/v2/webhook_subscriptions/1", 403, "webhooks:delete"},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			r := h.bearer(tok, tc.method, tc.path, nil)
			if tc.status == 200 {
				if r.status != 200 {
					t.Fatalf("status %d: %s", r.status, r.body)
				}
				return
			}
			wantError(t, r, 403, msgMissingScope+tc.scope)
		})
	}
}

func TestRoutingAndNotFound(t *testing.T) {
	h := newHarness(t, Options{})
	for _, path := range []string{"/v2/me", "/v2/me.json", "/v2/people/1.json", "/v2/users/me", "/v2/webhook_subscriptions.json"} {
		if r := h.api("GET", path, nil); r.status != http.StatusOK {
			t.Errorf("GET %s: %d %s", path, r.status, r.body)
		}
	}
	for _, tc := range []struct{ method, path string }{
		{"GET", "/v2/nothing"}, {"GET", "/v2/people/1/extra"}, {"POST", "/v2/people/1"}, {"GET", "/elsewhere"},
		{"GET", "/oauth/nothing"},
	} {
		// Never an HTML page: every client parses errors as JSON.
		wantError(t, h.api(tc.method, tc.path, nil), http.StatusNotFound, msgNotFound)
	}
	for _, path := range []string{"/v2/people/999", "/v2/people/abc", "/v2/accounts/99", "/v2/cadences/99",
		"/v2/cadence_exports/99", "/v2/users/99", "/v2/cadence_memberships/99", "/v2/webhook_subscriptions/99"} {
		wantError(t, h.api("GET", path, nil), http.StatusNotFound, msgNotFound)
	}
}

func TestMeTeamUsers(t *testing.T) {
	h := newHarness(t, Options{})
	me := dataOf(t, h.api("GET", "/v2/me", nil))
	if me["id"] != float64(1) || me["name"] != "Sim User" || me["email"] != "sim.user@example.com" ||
		me["created_at"] != "2025-12-02T00:00:00.000000+00:00" {
		t.Fatalf("me = %v", me)
	}
	if team := me["team"].(map[string]any); team["_href"] != "https://api.salesloft.com/v2/team" {
		t.Errorf("team ref %v", team)
	}
	if team := dataOf(t, h.api("GET", "/v2/team", nil)); team["id"] != float64(1) {
		t.Errorf("team %v", team)
	}
	users := h.api("GET", "/v2/users", nil)
	if list := listOf(t, users); len(list) != 3 || list[0].(map[string]any)["id"] != float64(3) {
		t.Fatalf("users (id DESC, unpaged) = %s", users.body)
	}
	if list := listOf(t, h.api("GET", "/v2/users?search=alex", nil)); len(list) != 1 {
		t.Errorf("search alex found %d", len(list))
	}
	if list := listOf(t, h.api("GET", "/v2/users?page=1&per_page=2", nil)); len(list) != 2 {
		t.Errorf("paged users: %d", len(list))
	}
}

func TestPeopleCRUD(t *testing.T) {
	h := newHarness(t, Options{PublicBase: "https://sim.example"})
	created := h.api("POST", "/v2/people", map[string]any{"email_address": "new@example.com", "first_name": "New",
		"last_name": "Person", "account_id": 2, "tags": []string{"a", "b"}})
	p := dataOf(t, created)
	if p["id"] != float64(61) || p["display_name"] != "New Person" || p["full_email_address"] != `"New Person" <new@example.com>` {
		t.Fatalf("created %s", created.body)
	}
	if acc := p["account"].(map[string]any); acc["_href"] != "https://sim.example/v2/accounts/2" {
		t.Errorf("account ref %v", acc)
	}
	wantFieldError(t, h.api("POST", "/v2/people", map[string]any{"email_address": "NEW@example.com"}), "email_address", "has already been taken")
	wantFieldError(t, h.api("POST", "/v2/people", map[string]any{"first_name": "x"}), "email_address", "can't be blank")
	wantFieldError(t, h.api("POST", "/v2/people", map[string]any{"phone": "+1"}), "last_name", "can't be blank")
	wantFieldError(t, h.api("POST", "/v2/people", map[string]any{"email_address": "no-at"}), "email_address", "is invalid")
	wantFieldError(t, h.api("POST", "/v2/people", map[string]any{"email_address": "x@example.com", "account_id": 99}), "account_id", "is invalid")
	if r := h.api("POST", "/v2/people", form("phone", "+1-555-9999", "last_name", "Phoneonly")); r.status != http.StatusOK {
		t.Fatalf("phone+last_name form create: %d %s", r.status, r.body)
	}
	up := dataOf(t, h.api("PUT", "/v2/people/61", map[string]any{"title": "CEO"}))
	if up["title"] != "CEO" || up["email_address"] != "new@example.com" {
		t.Errorf("update %v", up)
	}
	wantFieldError(t, h.api("PUT", "/v2/people/61", map[string]any{"email_address": "person01@example.com"}), "email_address", "has already been taken")
	for i := 0; i < 2; i++ {
		if r := h.api("DELETE", "/v2/people/61", nil); r.status != http.StatusNoContent || len(r.body) != 0 {
			t.Fatalf("delete #%d: %d %s", i+1, r.status, r.body)
		}
	}
	wantError(t, h.api("GET", "/v2/people/61", nil), 404, msgNotFound)
	wantError(t, h.api("DELETE", "/v2/people/999", nil), 404, msgNotFound)
	if r := h.do("POST", "/v2/people", `{"broken`, "Authorization", "Bearer "+DefaultAPIKey,
		"Content-Type", "application/json"); r.status != http.StatusBadRequest {
		t.Errorf("broken body: %d", r.status)
	}
}

func TestAccountsCRUD(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.api("POST", "/v2/accounts", map[string]any{})
	wantFieldError(t, r, "name", "can't be blank")
	wantFieldError(t, r, "domain", "can't be blank")
	wantFieldError(t, h.api("POST", "/v2/accounts", map[string]any{"name": "Dup", "domain": "ACME.example.com"}), "domain", "has already been taken")
	a := dataOf(t, h.api("POST", "/v2/accounts", map[string]any{"name": "Wayne", "domain": "Wayne.Example.com"}))
	if a["id"] != float64(6) || a["domain"] != "wayne.example.com" {
		t.Fatalf("created %v", a)
	}
	if a := dataOf(t, h.api("PUT", "/v2/accounts/6", map[string]any{"industry": "Defense"})); a["industry"] != "Defense" {
		t.Errorf("update %v", a)
	}
	wantFieldError(t, h.api("PUT", "/v2/accounts/6", map[string]any{"name": ""}), "name", "can't be blank")
	if r := h.api("DELETE", "/v2/accounts/1", nil); r.status != http.StatusNoContent {
		t.Fatalf("delete: %d", r.status)
	}
	if p := dataOf(t, h.api("GET", "/v2/people/1", nil)); p["account"] != nil {
		t.Errorf("person 1 still linked to deleted account: %v", p["account"])
	}
}

func TestMemberships(t *testing.T) {
	h := newHarness(t, Options{})
	// Query parameters, as the docs list them.
	r := h.api("POST", "/v2/cadence_memberships?person_id=10&cadence_id=1", nil)
	m := dataOf(t, r)
	if m["currently_on_cadence"] != true || m["person"].(map[string]any)["id"] != float64(10) {
		t.Fatalf("create: %s", r.body)
	}
	wantFieldError(t, h.api("POST", "/v2/cadence_memberships", map[string]any{"person_id": 10, "cadence_id": 1}),
		"cadence_id", "is already in progress for this person")
	// Person 5 left cadence 1: re-adding reuses the record (form body).
	again := dataOf(t, h.api("POST", "/v2/cadence_memberships", form("person_id", "5", "cadence_id", "1")))
	if again["id"] != float64(5) || again["currently_on_cadence"] != true {
		t.Fatalf("re-add: %v", again)
	}
	r = h.api("POST", "/v2/cadence_memberships", map[string]any{})
	wantFieldError(t, r, "person_id", "can't be blank")
	wantFieldError(t, r, "cadence_id", "can't be blank")
	wantFieldError(t, h.api("POST", "/v2/cadence_memberships", map[string]any{"person_id": 999, "cadence_id": 1}), "person_id", "is invalid")
	wantFieldError(t, h.api("POST", "/v2/cadence_memberships", map[string]any{"person_id": 11, "cadence_id": 2, "user_id": 2}),
		"cadence_id", "is not owned by the provided user and is not a team cadence")
	if r := h.api("DELETE", "/v2/cadence_memberships/1", nil); r.status != http.StatusNoContent {
		t.Fatalf("delete: %d", r.status)
	}
	if m := dataOf(t, h.api("GET", "/v2/cadence_memberships/1", nil)); m["currently_on_cadence"] != false {
		t.Errorf("after delete: %v", m)
	}
	if list := listOf(t, h.api("GET", "/v2/cadence_memberships?cadence_id=1&currently_on_cadence=true", nil)); len(list) != 4 {
		t.Errorf("on cadence 1: %d memberships", len(list))
	}
}

func TestWebhookSubscriptionsCRUD(t *testing.T) {
	for _, env := range []string{EnvelopeData, EnvelopeBare} {
		t.Run(env, func(t *testing.T) {
			h := newHarness(t, Options{WebhookEnvelope: env})
			r := h.api("POST", "/v2/webhook_subscriptions", map[string]any{})
			for _, f := range []string{"callback_url", "callback_token", "event_type"} {
				wantFieldError(t, r, f, "can't be blank")
			}
			wantFieldError(t, h.api("POST", "/v2/webhook_subscriptions", map[string]any{"callback_url": "ftp://x",
				"callback_token": "t", "event_type": "person_created"}), "callback_url", "is invalid")
			wantFieldError(t, h.api("POST", "/v2/webhook_subscriptions", map[string]any{"callback_url": "https://x.example/h",
				"callback_token": "t", "event_type": "nope"}), "event_type", "is not included in the list")
			r = h.api("POST", "/v2/webhook_subscriptions", map[string]any{"callback_url": "https://x.example/h",
				"callback_token": "t", "event_type": "person_created"})
			sub := r.json(t)
			if env == EnvelopeData {
				sub = dataOf(t, r)
			}
			if sub["id"] != float64(1) || sub["enabled"] != true || sub["tenant_id"] != float64(1) {
				t.Fatalf("create: %s", r.body)
			}
			upd := h.api("PUT", "/v2/webhook_subscriptions/1", map[string]any{"enabled": false})
			if !strings.Contains(string(upd.body), `"enabled":false`) {
				t.Errorf("update: %s", upd.body)
			}
			list := h.api("GET", "/v2/webhook_subscriptions", nil)
			if bare := strings.HasPrefix(string(list.body), "["); bare != (env == EnvelopeBare) {
				t.Errorf("list body %s for envelope %s", list.body, env)
			}
			for i := 0; i < 2; i++ {
				if r := h.api("DELETE", "/v2/webhook_subscriptions/1", nil); r.status != http.StatusNoContent {
					t.Fatalf("delete #%d: %d", i+1, r.status)
				}
			}
		})
	}
}

func TestCustomAPIKeysAndDeliveryClient(t *testing.T) {
	var used atomic.Bool
	client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		used.Store(true)
		return http.DefaultTransport.RoundTrip(r)
	})}
	h := newHarness(t, Options{APIKeys: []string{"ak_custom"}, HTTPClient: client})
	wantError(t, h.api("GET", "/v2/me", nil), http.StatusUnauthorized, msgInvalidToken)
	if r := h.bearer("ak_custom", "GET", "/v2/me", nil); r.status != http.StatusOK {
		t.Fatalf("custom key: %d", r.status)
	}
	rc := newReceiver(t)
	r := h.bearer("ak_custom", "POST", "/v2/webhook_subscriptions", map[string]any{"callback_url": rc.srv.URL,
		"callback_token": "k", "event_type": "account_created"})
	if r.status != http.StatusOK {
		t.Fatalf("subscribe: %d", r.status)
	}
	h.bearer("ak_custom", "POST", "/v2/accounts", map[string]any{"name": "A", "domain": "a.example.com"})
	if !used.Load() || len(rc.received()) != 1 {
		t.Fatalf("delivery did not go through Options.HTTPClient (used=%v, received %d)", used.Load(), len(rc.received()))
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
