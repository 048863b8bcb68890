package contract

import (
	"bytes"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/contracts"
)

// mustLoad loads the embedded contract or stops the test.
func mustLoad(tb testing.TB) *Contract {
	tb.Helper()
	c, err := Load()
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return c
}

func TestLoad(t *testing.T) {
	c := mustLoad(t)
	if got := c.Version(); got != "2026.12.1" {
		t.Errorf("Version() = %q, want 2026.12.1", got)
	}
	ops := c.Operations()
	full := 0
	for _, op := range ops {
		if op.Depth == DepthFull {
			full++
		}
	}
	// 121 public v2 operations and the 2 OAuth operations; 58 of them modelled in full.
	if len(ops) != 123 || full != 58 {
		t.Errorf("Operations() has %d operations, %d in full; want 123, 58 in full", len(ops), full)
	}
	sorted := slices.IsSortedFunc(ops, func(a, b Operation) int {
		if n := strings.Compare(a.Path, b.Path); n != 0 {
			return n
		}
		return strings.Compare(a.Method, b.Method)
	})
	if !sorted {
		t.Error("Operations() is not sorted by Path, then Method")
	}
	for _, op := range ops {
		if op.Key != op.Method+" "+op.Path || op.ID == "" || op.Summary == "" {
			t.Errorf("operation %+v: Key, ID and Summary must be set", op)
		}
		if strings.Contains(op.Path, ".json") {
			t.Errorf("operation %s: paths are written without .json", op.Key)
		}
	}
}

// TestLoadValidatesExamples proves the embedded document is loaded with example validation on:
// the same document with one broken example fails to load that way, and loads with Parse, which
// skips examples.
func TestLoadValidatesExamples(t *testing.T) {
	broken := bytes.Replace(contracts.OpenAPI, []byte("expires_in: 7200"), []byte("expires_in: soon"), 1)
	if bytes.Equal(broken, contracts.OpenAPI) {
		t.Fatal("the token example no longer says expires_in: 7200; update this test")
	}
	_, err := parse(broken, "broken.yaml", true)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Source != "broken.yaml" || !strings.Contains(err.Error(), "example") {
		t.Fatalf("loading with examples: err = %v, want a ParseError about the example", err)
	}
	if _, err := Parse(broken, "broken.yaml"); err != nil {
		t.Fatalf("Parse skips examples, but failed: %v", err)
	}
}

// scopePattern is SalesLoft's scope form, <resource>:<read|write|delete>.
var scopePattern = regexp.MustCompile(`^[a-z_]+:(read|write|delete)$`)

// TestOperationFacts pins x-scope and x-cost to the scope table of the plan (API-FACTS §1.3, §6).
func TestOperationFacts(t *testing.T) {
	c := mustLoad(t)
	scopes := map[string]string{
		"GET /v2/me":                            "",
		"GET /v2/team":                          "team:read",
		"GET /v2/users":                         "users:read",
		"GET /v2/people":                        "people:read",
		"POST /v2/people":                       "people:write",
		"GET /v2/people/{id}":                   "people:read",
		"PUT /v2/people/{id}":                   "people:write",
		"DELETE /v2/people/{id}":                "people:delete",
		"GET /v2/accounts":                      "accounts:read",
		"POST /v2/accounts":                     "accounts:write",
		"GET /v2/accounts/{id}":                 "accounts:read",
		"PUT /v2/accounts/{id}":                 "accounts:write",
		"DELETE /v2/accounts/{id}":              "accounts:delete",
		"GET /v2/cadences":                      "cadences:read",
		"GET /v2/cadences/{id}":                 "cadences:read",
		"GET /v2/cadence_exports/{id}":          "cadences:read",
		"POST /v2/cadence_imports":              "cadences:write",
		"GET /v2/cadence_memberships":           "cadences:read",
		"POST /v2/cadence_memberships":          "cadences:write",
		"GET /v2/webhook_subscriptions":         "webhooks:read",
		"POST /v2/webhook_subscriptions":        "webhooks:write",
		"GET /v2/webhook_subscriptions/{id}":    "webhooks:read",
		"PUT /v2/webhook_subscriptions/{id}":    "webhooks:write",
		"DELETE /v2/webhook_subscriptions/{id}": "webhooks:delete",
		"GET /v2/cadence_memberships/{id}":      "cadences:read",
		"DELETE /v2/cadence_memberships/{id}":   "cadences:write",
		"GET /v2/users/{id}":                    "users:read",
		"GET /v2/steps":                         "cadences:read",
		"GET /v2/steps/{id}":                    "cadences:read",
		"GET /v2/tasks":                         "tasks:read",
		"POST /v2/tasks":                        "tasks:write",
		"GET /v2/tasks/{id}":                    "tasks:read",
		"PUT /v2/tasks/{id}":                    "tasks:write",
		"GET /v2/custom_fields":                 "custom_fields:read",
		"POST /v2/custom_fields":                "custom_fields:write",
		"GET /v2/custom_fields/{id}":            "custom_fields:read",
		"PUT /v2/custom_fields/{id}":            "custom_fields:write",
		"DELETE /v2/custom_fields/{id}":         "custom_fields:delete",
		"POST /v2/person_upserts":               "people:write",
		"GET /v2/tags":                          "people:read",
		"GET /v2/notes":                         "notes:read",
		"POST /v2/notes":                        "notes:write",
		"GET /v2/notes/{id}":                    "notes:read",
		"PUT /v2/notes/{id}":                    "notes:write",
		"DELETE /v2/notes/{id}":                 "notes:delete",
		"GET /v2/activities/calls":              "calls:read",
		"POST /v2/activities/calls":             "calls:write",
		"GET /v2/activities/calls/{id}":         "calls:read",
		"POST /v2/activities":                   "activities:write",
		"GET /v2/account_stages":                "accounts:read",
		"GET /v2/account_stages/{id}":           "accounts:read",
		"GET /v2/person_stages":                 "people:read",
		"POST /v2/person_stages":                "people:write",
		"GET /v2/person_stages/{id}":            "people:read",
		"PUT /v2/person_stages/{id}":            "people:write",
		"DELETE /v2/person_stages/{id}":         "people:delete",
	}
	for _, op := range c.Operations() {
		if op.Host == HostAccounts {
			if !strings.HasPrefix(op.Path, "/oauth/") || op.Cost != 0 || op.Scope != "" {
				t.Errorf("%s: accounts-host operations are /oauth, cost 0, no scope; got %+v", op.Key, op)
			}
			continue
		}
		want, ok := scopes[op.Key]
		if !ok && op.Depth == DepthEnvelope {
			// Operations modelled to the envelope follow the <resource>:<read|write|delete>
			// pattern (API-FACTS §1.3), the resource inferred.
			if !scopePattern.MatchString(op.Scope) || op.Cost != 1 {
				t.Errorf("%s: scope %q cost %d, want <resource>:<read|write|delete> and cost 1", op.Key, op.Scope, op.Cost)
			}
			continue
		}
		if !ok {
			t.Errorf("%s: not in the plan's scope table", op.Key)
			continue
		}
		if op.Scope != want || op.Cost != 1 || op.Host != HostAPI {
			t.Errorf("%s: scope %q cost %d host %q, want scope %q cost 1 host api", op.Key, op.Scope, op.Cost, op.Host, want)
		}
		if _, ok := c.byKey[op.Key].kin.Operation.Extensions["x-scope"]; !ok {
			t.Errorf("%s: x-scope must be written out, even when empty", op.Key)
		}
		delete(scopes, op.Key)
	}
	for key := range scopes {
		t.Errorf("%s: in the plan's scope table but not in the contract", key)
	}
}

// TestEveryAPIResponseDeclaresRateHeaders checks RATE-HEADERS at the source: every response of
// every /v2 operation, errors included, requires both rate headers.
func TestEveryAPIResponseDeclaresRateHeaders(t *testing.T) {
	c := mustLoad(t)
	for _, op := range c.Operations() {
		if op.Host != HostAPI {
			continue
		}
		for status, ref := range c.byKey[op.Key].kin.Operation.Responses.Map() {
			var names []string
			for _, rule := range c.headers[ref.Value] {
				if rule.required {
					names = append(names, rule.name)
				}
			}
			for _, want := range []string{"x-ratelimit-endpoint-cost", "x-ratelimit-remaining-minute"} {
				if !slices.Contains(names, want) {
					t.Errorf("%s %s: %s is not a required header", op.Key, status, want)
				}
			}
		}
	}
}

func TestOperation(t *testing.T) {
	c := mustLoad(t)
	tests := []struct {
		key    string
		want   string
		wantOK bool
	}{
		{"GET /v2/people/{id}", "GET /v2/people/{id}", true},
		{"get /v2/people/{id}.json", "GET /v2/people/{id}", true},
		{"POST /oauth/token", "POST /oauth/token", true},
		{"PATCH /v2/people/{id}", "", false},
		{"GET /v2/steps", "GET /v2/steps", true},
		{"GET /v2/cadence_steps", "", false},
		{"GET", "", false},
	}
	for _, tt := range tests {
		op, ok := c.Operation(tt.key)
		if ok != tt.wantOK || op.Key != tt.want {
			t.Errorf("Operation(%q) = %q, %v; want %q, %v", tt.key, op.Key, ok, tt.want, tt.wantOK)
		}
	}
}
