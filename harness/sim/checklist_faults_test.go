package sim

import (
	"net/http"
	"testing"
	"time"
)

// tokenWith sends a form token request with the default client id and secret.
func (h *harness) tokenWith(secret string, pairs ...string) resp {
	h.t.Helper()
	pairs = append(pairs, "client_id", DefaultClientID, "client_secret", secret)
	return h.do("POST", "/oauth/token", form(pairs...))
}

// wantOAuthError checks an RFC 6749 error answer.
func wantOAuthError(t *testing.T, r resp, status int, code string) {
	t.Helper()
	if r.status != status || r.json(t)["error"] != code {
		t.Fatalf("status %d body %s, want %d %s", r.status, r.body, status, code)
	}
}

// wantToken checks a 200 token answer whose access token works on GET /v2/me.
func wantToken(t *testing.T, h *harness, r resp) map[string]any {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want a token: %s", r.status, r.body)
	}
	tok := r.json(t)
	at, _ := tok["access_token"].(string)
	if got := h.bearer(at, "GET", "/v2/me", nil); got.status != http.StatusOK {
		t.Fatalf("issued token refused by GET /v2/me: %d %s", got.status, got.body)
	}
	return tok
}

func TestAcceptAnySecret(t *testing.T) {
	cc := []string{"grant_type", "client_credentials"}
	tests := []struct {
		name  string
		fault map[string]any // nil: no fault
		check func(t *testing.T, h *harness)
	}{
		{"without the fault a wrong secret is invalid_client", nil, func(t *testing.T, h *harness) {
			wantOAuthError(t, h.tokenWith("wrong", cc...), 401, errInvalidClient)
		}},
		{"wrong body secret gets a token", map[string]any{"fault": "accept_any_secret"}, func(t *testing.T, h *harness) {
			wantToken(t, h, h.tokenWith("wrong", cc...))
		}},
		{"empty secret gets a token", map[string]any{"fault": "accept_any_secret"}, func(t *testing.T, h *harness) {
			wantToken(t, h, h.tokenWith("", cc...))
		}},
		{"wrong basic secret gets a token", map[string]any{"fault": "accept_any_secret"}, func(t *testing.T, h *harness) {
			r := h.do("POST", "/oauth/token", form(cc...), "Authorization", basic(DefaultClientID, "wrong"))
			wantToken(t, h, r)
			if r.header.Get("Www-Authenticate") != "" {
				t.Errorf("challenge on a success: %q", r.header.Get("Www-Authenticate"))
			}
		}},
		{"every grant skips the check", map[string]any{"fault": "accept_any_secret"}, func(t *testing.T, h *harness) {
			tok := wantToken(t, h, h.tokenWith("wrong", "grant_type", "authorization_code", "code", h.authorizeCode(),
				"redirect_uri", DefaultRedirectURI))
			wantToken(t, h, h.tokenWith("wrong", "grant_type", "refresh_token", "refresh_token", tok["refresh_token"].(string)))
		}},
		{"unknown client still refused", map[string]any{"fault": "accept_any_secret"}, func(t *testing.T, h *harness) {
			wantOAuthError(t, h.do("POST", "/oauth/token", form("grant_type", "client_credentials", "client_id", "nobody",
				"client_secret", "x")), 401, errInvalidClient)
		}},
		{"no client named still refused", map[string]any{"fault": "accept_any_secret"}, func(t *testing.T, h *harness) {
			wantOAuthError(t, h.do("POST", "/oauth/token", form(cc...)), 401, errInvalidClient)
		}},
		{"count uses only bad secrets", map[string]any{"fault": "accept_any_secret", "count": 1}, func(t *testing.T, h *harness) {
			wantToken(t, h, h.tokenWith(DefaultClientSecret, cc...))
			wantToken(t, h, h.tokenWith("wrong", cc...))
			wantOAuthError(t, h.tokenWith("wrong", cc...), 401, errInvalidClient)
		}},
		{"named token operation", map[string]any{"fault": "accept_any_secret", "operation": "POST /oauth/token"}, func(t *testing.T, h *harness) {
			wantToken(t, h, h.tokenWith("wrong", cc...))
		}},
		{"other operation leaves the token endpoint alone", map[string]any{"fault": "accept_any_secret", "operation": "GET /v2/me"},
			func(t *testing.T, h *harness) {
				wantOAuthError(t, h.tokenWith("wrong", cc...), 401, errInvalidClient)
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			if tc.fault != nil {
				h.fault(tc.fault)
			}
			tc.check(t, h)
		})
	}
}

func TestIgnoreScopes(t *testing.T) {
	person := map[string]any{"email_address": "scoped@example.com"}
	tests := []struct {
		name   string
		faults []map[string]any
		check  func(t *testing.T, h *harness, tok string)
	}{
		{"without the fault a missing scope is 403", nil, func(t *testing.T, h *harness, tok string) {
			wantError(t, h.bearer(tok, "POST", "/v2/people", person), 403, msgMissingScope+"people:write")
		}},
		{"every operation served", []map[string]any{{"fault": "ignore_scopes"}}, func(t *testing.T, h *harness, tok string) {
			for _, c := range []struct {
				method, path string
				body         any
				status       int
			}{
				{"POST", "/v2/people", person, 200},
				{"GET", "/v2/team", nil, 200},
				{"GET", "/v2/webhook_subscriptions", nil, 200},
				{"DELETE", "/v2/people/1", nil, 204},
			} {
				if r := h.bearer(tok, c.method, c.path, c.body); r.status != c.status {
					t.Errorf("%s %s: %d, want %d: %s", c.method, c.path, r.status, c.status, r.body)
				}
			}
		}},
		{"named operation only", []map[string]any{{"fault": "ignore_scopes", "operation": "GET /v2/team"}},
			func(t *testing.T, h *harness, tok string) {
				if r := h.bearer(tok, "GET", "/v2/team", nil); r.status != 200 {
					t.Errorf("team: %d %s", r.status, r.body)
				}
				wantError(t, h.bearer(tok, "GET", "/v2/users", nil), 403, msgMissingScope+"users:read")
			}},
		{"count uses only missing scopes", []map[string]any{{"fault": "ignore_scopes", "count": 1}},
			func(t *testing.T, h *harness, tok string) {
				if r := h.bearer(tok, "GET", "/v2/people", nil); r.status != 200 {
					t.Fatalf("held scope: %d", r.status)
				}
				if r := h.bearer(tok, "GET", "/v2/team", nil); r.status != 200 {
					t.Fatalf("first missing scope: %d", r.status)
				}
				wantError(t, h.bearer(tok, "GET", "/v2/team", nil), 403, msgMissingScope+"team:read")
			}},
		{"overrides missing_scope", []map[string]any{{"fault": "missing_scope", "value": "people:read"}, {"fault": "ignore_scopes"}},
			func(t *testing.T, h *harness, tok string) {
				if r := h.bearer(tok, "GET", "/v2/people", nil); r.status != 200 {
					t.Errorf("removed scope still enforced: %d", r.status)
				}
			}},
		{"token response keeps the real scopes", []map[string]any{{"fault": "ignore_scopes"}},
			func(t *testing.T, h *harness, _ string) {
				tok := h.tokenWith(DefaultClientSecret, "grant_type", "client_credentials", "scope", "people:read").json(t)
				if tok["scope"] != "people:read" {
					t.Errorf("scope %q", tok["scope"])
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			tok := h.tokenWith(DefaultClientSecret, "grant_type", "client_credentials", "scope", "people:read").json(t)
			for _, f := range tc.faults {
				h.fault(f)
			}
			tc.check(t, h, tok["access_token"].(string))
		})
	}
}

func TestTokenLifetime(t *testing.T) {
	// Each grant gets a refresh token issued before the faults are added.
	grants := []struct {
		name  string
		issue func(h *harness, refresh string) resp
	}{
		{"authorization_code", func(h *harness, _ string) resp { return h.exchange(h.authorizeCode()) }},
		{"refresh_token", func(h *harness, refresh string) resp {
			return h.tokenWith(DefaultClientSecret, "grant_type", "refresh_token", "refresh_token", refresh)
		}},
		{"client_credentials", func(h *harness, _ string) resp {
			return h.tokenWith(DefaultClientSecret, "grant_type", "client_credentials")
		}},
	}
	tests := []struct {
		name     string
		fault    map[string]any // nil: no fault
		lifetime time.Duration  // when the access token must expire
		shown    any            // expires_in in the body; nil = absent
	}{
		{"no fault", nil, tokenLifetime, float64(7200)},
		{"60 seconds", map[string]any{"fault": "token_lifetime", "value": 60}, 60 * time.Second, float64(60)},
		{"value as a string", map[string]any{"fault": "token_lifetime", "value": "1"}, time.Second, float64(1)},
		{"named token operation", map[string]any{"fault": "token_lifetime", "value": 90, "operation": "POST /oauth/token"},
			90 * time.Second, float64(90)},
		{"other operation", map[string]any{"fault": "token_lifetime", "value": 60, "operation": "GET /v2/me"},
			tokenLifetime, float64(7200)},
		{"with no_expiry", map[string]any{"fault": "token_lifetime", "value": 60}, 60 * time.Second, nil},
	}
	for _, g := range grants {
		for _, tc := range tests {
			t.Run(g.name+"/"+tc.name, func(t *testing.T) {
				h := newHarness(t, Options{})
				refresh := h.tokens()["refresh_token"].(string)
				if tc.fault != nil {
					h.fault(tc.fault)
				}
				if tc.shown == nil {
					h.fault(map[string]any{"fault": "no_expiry"})
				}
				r := g.issue(h, refresh)
				if r.status != http.StatusOK {
					t.Fatalf("token: %d %s", r.status, r.body)
				}
				tok := r.json(t)
				if got, ok := tok["expires_in"]; tc.shown == nil && ok || tc.shown != nil && got != tc.shown {
					t.Fatalf("expires_in = %v, want %v", got, tc.shown)
				}
				at := tok["access_token"].(string)
				h.sim.Advance(tc.lifetime - time.Second)
				if r := h.bearer(at, "GET", "/v2/me", nil); r.status != http.StatusOK {
					t.Fatalf("1 s before expiry: %d %s", r.status, r.body)
				}
				h.sim.Advance(time.Second)
				wantError(t, h.bearer(at, "GET", "/v2/me", nil), 401, msgExpiredToken)
			})
		}
	}
	t.Run("count", func(t *testing.T) {
		h := newHarness(t, Options{})
		h.fault(map[string]any{"fault": "token_lifetime", "value": 60, "count": 1})
		for i, want := range []float64{60, 7200} {
			if got := h.tokens()["expires_in"]; got != want {
				t.Errorf("token #%d expires_in %v, want %v", i+1, got, want)
			}
		}
	})
	t.Run("refresh after a short-lived token expires", func(t *testing.T) {
		h := newHarness(t, Options{})
		h.fault(map[string]any{"fault": "token_lifetime", "value": 60})
		tok := h.tokens()
		h.sim.Advance(time.Hour)
		r := h.tokenWith(DefaultClientSecret, "grant_type", "refresh_token", "refresh_token", tok["refresh_token"].(string))
		if r.status != http.StatusOK || r.json(t)["expires_in"] != float64(60) {
			t.Fatalf("refresh: %d %s", r.status, r.body)
		}
	})
	t.Run("bad values refused", func(t *testing.T) {
		h := newHarness(t, Options{})
		for _, v := range []any{nil, 0, -1, "soon", 1.5, 2147483648} {
			body := map[string]any{"fault": "token_lifetime"}
			if v != nil {
				body["value"] = v
			}
			if r := h.do("POST", "/_sim/faults", body); r.status != http.StatusBadRequest {
				t.Errorf("value %v: %d %s", v, r.status, r.body)
			}
		}
		if _, err := New(Options{Faults: []Fault{{Name: FaultTokenLifetime}}}); err == nil {
			t.Error("run-wide token_lifetime without a value accepted")
		}
	})
}
