package sim

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseFault(t *testing.T) {
	tests := []struct {
		in   string
		want Fault
	}{
		{"rate_limit", Fault{Name: FaultRateLimit}},
		{"rate_limit#1", Fault{Name: FaultRateLimit, Count: 1}},
		{"cost_change=5@GET /v2/people", Fault{Name: FaultCostChange, Value: "5", Operation: "GET /v2/people"}},
		{"drop_field=email@GET /v2/me", Fault{Name: FaultDropField, Value: "email", Operation: "GET /v2/me"}},
		{"require_field=title@POST /v2/people#2", Fault{Name: FaultRequireField, Value: "title", Operation: "POST /v2/people", Count: 2}},
		{"slow=250", Fault{Name: FaultSlow, Value: "250"}},
		{"missing_scope=people:write", Fault{Name: FaultMissingScope, Value: "people:write"}},
		{"server_error@POST /oauth/token", Fault{Name: FaultServerError, Operation: "POST /oauth/token"}},
		{"drop_field=a@b@GET /v2/me", Fault{Name: FaultDropField, Value: "a@b", Operation: "GET /v2/me"}},
		{"accept_any_secret", Fault{Name: FaultAcceptAnySecret}},
		{"accept_any_secret@POST /oauth/token#1", Fault{Name: FaultAcceptAnySecret, Operation: "POST /oauth/token", Count: 1}},
		{"ignore_scopes", Fault{Name: FaultIgnoreScopes}},
		{"ignore_scopes@GET /v2/team", Fault{Name: FaultIgnoreScopes, Operation: "GET /v2/team"}},
		{"token_lifetime=60", Fault{Name: FaultTokenLifetime, Value: "60"}},
		{"token_lifetime=1#2", Fault{Name: FaultTokenLifetime, Value: "1", Count: 2}},
		{"token_lifetime=2147483647", Fault{Name: FaultTokenLifetime, Value: "2147483647"}},
		{"lenient_validation", Fault{Name: FaultLenientValidation}},
		{"lenient_validation@POST /v2/people", Fault{Name: FaultLenientValidation, Operation: "POST /v2/people"}},
		{"lenient_validation@POST /v2/cadence_imports#1", Fault{Name: FaultLenientValidation, Operation: "POST /v2/cadence_imports", Count: 1}},
		{"lenient_validation#3", Fault{Name: FaultLenientValidation, Count: 3}},
	}
	for _, tc := range tests {
		got, err := ParseFault(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseFault(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if err == nil && got.String() != tc.in {
			t.Errorf("String() = %q, want %q", got.String(), tc.in)
		}
	}
	bad := []struct {
		in   string
		want error
	}{
		{"meltdown", ErrUnknownFault},
		{"", ErrUnknownFault},
		{"rate_limit=3", ErrInvalidFault},
		{"rate_limit#x", ErrInvalidFault},
		{"rate_limit#-1", ErrInvalidFault},
		{"cost_change", ErrInvalidFault},
		{"cost_change=cheap", ErrInvalidFault},
		{"drop_field", ErrInvalidFault},
		{"missing_scope=everything", ErrInvalidFault},
		{"slow=-5", ErrInvalidFault},
		{"accept_any_secret=yes", ErrInvalidFault},
		{"ignore_scopes=people:write", ErrInvalidFault},
		{"token_lifetime", ErrInvalidFault},
		{"token_lifetime=", ErrInvalidFault},
		{"token_lifetime=0", ErrInvalidFault},
		{"token_lifetime=-60", ErrInvalidFault},
		{"token_lifetime=soon", ErrInvalidFault},
		{"token_lifetime=1.5", ErrInvalidFault},
		{"token_lifetime=2147483648", ErrInvalidFault},
		{"token_lifetime=99999999999999999999", ErrInvalidFault},
		{"lenient_validation=yes", ErrInvalidFault},
		{"lenient_validation#x", ErrInvalidFault},
		{"lenient_validation#-1", ErrInvalidFault},
		{"lenient_validation@people", ErrUnknownFault},
	}
	for _, tc := range bad {
		if _, err := ParseFault(tc.in); !errors.Is(err, tc.want) {
			t.Errorf("ParseFault(%q) error %v, want %v", tc.in, err, tc.want)
		}
	}
	_, err := ParseFault("meltdown")
	for _, name := range FaultNames() {
		if !strings.Contains(err.Error(), string(name)) {
			t.Errorf("unknown-fault error does not list %s: %v", name, err)
		}
	}
	if err := (Fault{Name: FaultRateLimit, Operation: "/v2/me"}).Validate(); !errors.Is(err, ErrInvalidFault) {
		t.Errorf("operation without method: %v", err)
	}
	if len(FaultNames()) != 24 {
		t.Errorf("%d faults, want the 24 faults documented in doc.go",
			len(FaultNames()))
	}
}

func TestHTTPFaults(t *testing.T) {
	tests := []struct {
		name  string
		fault map[string]any
		check func(t *testing.T, h *harness)
	}{
		{"rate_limit counts down", map[string]any{"fault": "rate_limit", "count": 2}, func(t *testing.T, h *harness) {
			for i := 0; i < 2; i++ {
				r := h.api("GET", "/v2/me", nil)
				wantError(t, r, 429, msgRateLimited)
				if remaining(t, r) != 0 || r.header.Get("Retry-After") != "" {
					t.Fatalf("headers %v", r.header)
				}
			}
			if r := h.api("GET", "/v2/me", nil); r.status != 200 || remaining(t, r) != DefaultBudget-1 {
				t.Fatalf("after the count: %d remaining %d", r.status, remaining(t, r))
			}
		}},
		{"server_error", map[string]any{"fault": "server_error"}, func(t *testing.T, h *harness) {
			r := h.api("GET", "/v2/me", nil)
			wantError(t, r, 500, msgServerError)
			if remaining(t, r) != DefaultBudget-1 {
				t.Errorf("5xx carries rate headers and is charged: remaining %d", remaining(t, r))
			}
		}},
		{"bad_gateway", map[string]any{"fault": "bad_gateway", "operation": "GET /v2/people/{id}"}, func(t *testing.T, h *harness) {
			wantError(t, h.api("GET", "/v2/people/5.json", nil), 502, msgBadGateway)
			if r := h.api("GET", "/v2/people", nil); r.status != 200 {
				t.Errorf("other operation hit: %d", r.status)
			}
		}},
		{"concrete operation", map[string]any{"fault": "server_error", "operation": "GET /v2/people/5"}, func(t *testing.T, h *harness) {
			if r := h.api("GET", "/v2/people/6", nil); r.status != 200 {
				t.Errorf("person 6 hit: %d", r.status)
			}
			wantError(t, h.api("GET", "/v2/people/5", nil), 500, msgServerError)
		}},
		{"reset", map[string]any{"fault": "reset", "count": 1}, func(t *testing.T, h *harness) {
			// A fresh connection: Go's transport silently retries an idempotent request
			// whose reused keep-alive connection was closed.
			fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			if res, err := fresh.Do(h.request("GET", "/v2/me")); err == nil {
				res.Body.Close()
				t.Fatalf("got a response %d, want the connection closed", res.StatusCode)
			}
			if r := h.api("GET", "/v2/me", nil); r.status != 200 {
				t.Fatalf("after reset: %d", r.status)
			}
		}},
		{"slow", map[string]any{"fault": "slow", "value": 2000, "operation": "GET /v2/me"}, func(t *testing.T, h *harness) {
			c := &http.Client{Timeout: 50 * time.Millisecond}
			if res, err := c.Do(h.request("GET", "/v2/me")); err == nil {
				res.Body.Close()
				t.Fatal("slow answer arrived before the client timeout")
			}
			res, err := c.Do(h.request("GET", "/v2/team"))
			if err != nil {
				t.Fatalf("other operation slowed: %v", err)
			}
			res.Body.Close()
		}},
		{"cost_change", map[string]any{"fault": "cost_change", "value": 5, "operation": "GET /v2/people"}, func(t *testing.T, h *harness) {
			if r := h.api("GET", "/v2/people", nil); r.header.Get(headerCost) != "5" {
				t.Errorf("cost %s, want 5", r.header.Get(headerCost))
			}
			if r := h.api("GET", "/v2/people?page=501", nil); r.header.Get(headerCost) != "30" {
				t.Errorf("deep page cost %s, want 30", r.header.Get(headerCost))
			}
			if r := h.api("GET", "/v2/me", nil); r.header.Get(headerCost) != "1" {
				t.Errorf("other operation cost %s", r.header.Get(headerCost))
			}
		}},
		{"drop_field", map[string]any{"fault": "drop_field", "value": "email", "operation": "GET /v2/me"}, func(t *testing.T, h *harness) {
			if me := dataOf(t, h.api("GET", "/v2/me", nil)); me["email"] != nil || me["name"] == nil {
				t.Errorf("me %v", me)
			}
		}},
		{"drop_field on lists", map[string]any{"fault": "drop_field", "value": "email_address"}, func(t *testing.T, h *harness) {
			for _, p := range listOf(t, h.api("GET", "/v2/people", nil)) {
				if _, ok := p.(map[string]any)["email_address"]; ok {
					t.Fatalf("email_address kept: %v", p)
				}
			}
		}},
		{"require_field", map[string]any{"fault": "require_field", "value": "title", "operation": "POST /v2/people"}, func(t *testing.T, h *harness) {
			wantFieldError(t, h.api("POST", "/v2/people", map[string]any{"email_address": "a@example.com"}), "title", "can't be blank")
			if r := h.api("POST", "/v2/people", map[string]any{"email_address": "a@example.com", "title": "CEO"}); r.status != 200 {
				t.Errorf("with the field: %d %s", r.status, r.body)
			}
		}},
		{"rename", map[string]any{"fault": "rename", "operation": "GET /v2/me"}, func(t *testing.T, h *harness) {
			r := h.api("GET", "/v2/me.json", nil)
			wantError(t, r, http.StatusNotFound, msgNotFound)
			if r.header.Get(headerCost) != "0" {
				t.Errorf("renamed: cost %q, want 0 (nothing is charged)", r.header.Get(headerCost))
			}
			if r := h.api("GET", "/v2/team", nil); r.status != 200 {
				t.Errorf("other operation: %d", r.status)
			}
		}},
		{"no_rate_headers", map[string]any{"fault": "no_rate_headers"}, func(t *testing.T, h *harness) {
			if r := h.api("GET", "/v2/me", nil); r.header.Get(headerCost) != "" || r.header.Get(headerRemaining) != "" {
				t.Errorf("headers %v", r.header)
			}
		}},
		{"retry_after value", map[string]any{"fault": "retry_after", "value": "30"}, func(t *testing.T, h *harness) {
			h.fault(map[string]any{"fault": "rate_limit", "count": 1})
			if r := h.api("GET", "/v2/me", nil); r.status != 429 || r.header.Get("Retry-After") != "30" {
				t.Errorf("%d Retry-After %q", r.status, r.header.Get("Retry-After"))
			}
		}},
		{"retry_after window", map[string]any{"fault": "retry_after"}, func(t *testing.T, h *harness) {
			h.fault(map[string]any{"fault": "rate_limit"})
			h.sim.Advance(45 * time.Second)
			if r := h.api("GET", "/v2/me", nil); r.header.Get("Retry-After") != "15" {
				t.Errorf("Retry-After %q, want the 15 s left in the minute", r.header.Get("Retry-After"))
			}
		}},
		{"http faults skip oauth unless named", map[string]any{"fault": "server_error"}, func(t *testing.T, h *harness) {
			if r := h.do("POST", "/oauth/token", form("grant_type", "client_credentials", "client_id", DefaultClientID,
				"client_secret", DefaultClientSecret)); r.status != 200 {
				t.Fatalf("token endpoint hit by an unnamed fault: %d", r.status)
			}
			h.fault(map[string]any{"fault": "bad_gateway", "operation": "POST /oauth/token"})
			wantError(t, h.do("POST", "/oauth/token", form("grant_type", "client_credentials")), 502, msgBadGateway)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			h.fault(tc.fault)
			tc.check(t, h)
		})
	}
}

func TestCredentialFaults(t *testing.T) {
	t.Run("expired_token", func(t *testing.T) {
		h := newHarness(t, Options{})
		at := h.tokens()["access_token"].(string)
		h.fault(map[string]any{"fault": "expired_token", "count": 1})
		wantError(t, h.bearer(at, "GET", "/v2/me", nil), 401, msgExpiredToken)
		if r := h.bearer(at, "GET", "/v2/me", nil); r.status != 200 {
			t.Fatalf("after the count: %d", r.status)
		}
		h.fault(map[string]any{"fault": "expired_token"})
		if r := h.api("GET", "/v2/me", nil); r.status != 200 {
			t.Fatalf("API keys are not access tokens: %d", r.status)
		}
	})
	t.Run("api_keys_off", func(t *testing.T) {
		h := newHarness(t, Options{})
		at := h.tokens()["access_token"].(string)
		h.fault(map[string]any{"fault": "api_keys_off"})
		wantError(t, h.api("GET", "/v2/me", nil), 401, msgAPIKeysDisabled)
		if r := h.bearer(at, "GET", "/v2/me", nil); r.status != 200 {
			t.Fatalf("OAuth token refused: %d", r.status)
		}
	})
	t.Run("missing_scope", func(t *testing.T) {
		h := newHarness(t, Options{})
		h.fault(map[string]any{"fault": "missing_scope", "value": "people:write"})
		tok := h.tokens()
		if strings.Contains(tok["scope"].(string), "people:write") || !strings.Contains(tok["scope"].(string), "people:read") {
			t.Errorf("token scope %q", tok["scope"])
		}
		wantError(t, h.bearer(tok["access_token"].(string), "POST", "/v2/people", map[string]any{"email_address": "z@example.com"}),
			403, msgMissingScope+"people:write")
		wantError(t, h.api("POST", "/v2/people", map[string]any{"email_address": "z@example.com"}), 403, msgMissingScope+"people:write")
		if r := h.api("GET", "/v2/people", nil); r.status != 200 {
			t.Errorf("other scopes kept: %d", r.status)
		}
	})
	t.Run("rotation_off", func(t *testing.T) {
		h := newHarness(t, Options{})
		rt := h.tokens()["refresh_token"].(string)
		h.fault(map[string]any{"fault": "rotation_off"})
		for i := 0; i < 2; i++ {
			r := h.do("POST", "/oauth/token", form("grant_type", "refresh_token", "refresh_token", rt,
				"client_id", DefaultClientID, "client_secret", DefaultClientSecret))
			if r.status != 200 || r.json(t)["refresh_token"] != rt {
				t.Fatalf("refresh #%d: %d %s", i+1, r.status, r.body)
			}
		}
	})
	t.Run("code_reuse", func(t *testing.T) {
		h := newHarness(t, Options{})
		h.fault(map[string]any{"fault": "code_reuse"})
		code := h.authorizeCode()
		for i, want := range []int{200, 200, 400} {
			if r := h.exchange(code); r.status != want {
				t.Fatalf("use #%d: %d, want %d", i+1, r.status, want)
			}
		}
	})
	t.Run("no_expiry", func(t *testing.T) {
		h := newHarness(t, Options{})
		h.fault(map[string]any{"fault": "no_expiry"})
		tok := h.tokens()
		if _, ok := tok["expires_in"]; ok {
			t.Fatalf("expires_in present: %v", tok)
		}
		h.sim.Advance(tokenLifetime)
		wantError(t, h.bearer(tok["access_token"].(string), "GET", "/v2/me", nil), 401, msgExpiredToken)
	})
}

func TestRunWideFaults(t *testing.T) {
	f, err := ParseFault("drop_field=email@GET /v2/me")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Faults: []Fault{f}})
	h.fault(map[string]any{"fault": "server_error", "operation": "GET /v2/team"})
	if r := h.do("DELETE", "/_sim/faults", nil); r.status != http.StatusNoContent {
		t.Fatalf("clear: %d", r.status)
	}
	if r := h.api("GET", "/v2/team", nil); r.status != 200 {
		t.Errorf("control-API fault not cleared: %d", r.status)
	}
	if me := dataOf(t, h.api("GET", "/v2/me", nil)); me["email"] != nil {
		t.Errorf("run-wide fault cleared by DELETE /_sim/faults")
	}
}
