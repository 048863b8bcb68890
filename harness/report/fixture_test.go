package report

import (
	"errors"
	"fmt"
	"github.com/loftgate/loftgate/harness/contract"
	"strings"
	"time"
)

// fixedStart is the start time of every test run, so golden files are stable.
var fixedStart = time.Date(2026, 1, 1, 9, 30, 0, 0, time.UTC)

// sampleItems is a small checklist covering every status, level and change.
func sampleItems() []contract.Item {
	return []contract.Item{
		{ID: "AUTH-OAUTH-ONLY", Title: "Partner applications authenticate with OAuth 2.0, not API keys", Level: "MUST", Area: "auth", Source: "upgrade guide: Legacy API Key to OAuth 2.0", Description: "A partner application MUST obtain access tokens with OAuth 2.0; API keys are for customers."},
		{ID: "AUTH-REFRESH-ROTATION", Title: "Store the rotated refresh token after every refresh", Level: "MUST", Area: "auth", Source: "API-FACTS §1.1", Description: "The client MUST replace its stored refresh token with the one returned by every refresh."},
		{ID: "AUTH-CLIENT-CREDENTIALS", Title: "Background jobs use the client credentials grant", Level: "MUST", Area: "auth", Source: "upgrade guide: Adding Client Credentials Flow"},
		{ID: "RATE-HEADERS", Title: "Read x-ratelimit-remaining-minute on every response", Level: "SHOULD", Area: "ratelimit", Source: "API-FACTS §6"},
		{ID: "PAGING-DEEP-COST", Title: "Budget the surcharge of pages beyond 100", Level: "MUST", Area: "paging", Source: "API-FACTS §6.2"},
		{ID: "WEBHOOK-SIGNATURE", Title: "Verify x-salesloft-signature (hex HMAC-SHA1 of the raw body)", Level: "MUST", Area: "webhooks", Source: "API-FACTS §8"},
		{ID: "ERRORS-422-FIELDS", Title: "Report 422 field errors to the user", Level: "MUST", Area: "errors", Source: "upgrade guide: New required fields"},
		{ID: "CADENCE-EXPORT", Title: "Export and import cadences in the portable format", Level: "SHOULD", Area: "cadence", Source: "upgrade guide: Cadence Import/Export API Adoption"},
	}
}

// bigBody is a response body longer than the display limit.
func bigBody() string {
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := 1; i <= 40; i++ {
		if i > 1 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":%d,"email_address":"person%02d@example.com","phone":"+1-555-01%02d"}`, i, i, i)
	}
	b.WriteString(`],"metadata":{"paging":{"per_page":100,"current_page":101,"next_page":102,"prev_page":100}}}`)
	return b.String()
}

// sampleSpecs are spec results in a scrambled order, as Ginkgo's randomised
// runs give them.
func sampleSpecs() []SpecResult {
	return []SpecResult{
		{
			Name: "oauth refresh [AUTH-REFRESH-ROTATION] keeps using the newest refresh token", Labels: []string{"AUTH-REFRESH-ROTATION"}, Status: "fail",
			Failure:  "refresh token was not rotated:\nexpected \"<refresh-token-2>\" to be stored, got \"<refresh-token-1>\"\n<script>alert(\"x\")</script> & more",
			Location: "suites/oauth/refresh_test.go:57", Duration: 41 * time.Millisecond,
			Problems: []error{errors.New("POST /oauth/token: response 400 not in contract"), errors.New("POST /oauth/token: body.error_description: required")},
			Exchanges: []Exchange{
				{Method: "POST", URL: "http://127.0.0.1:41234/oauth/token", Status: 200, Operation: "POST /oauth/token", RequestBody: `{"grant_type":"refresh_token","refresh_token":"<refresh-token-1>"}`, ResponseBody: `{"access_token":"<access-token-2>","token_type":"Bearer","expires_in":7200,"refresh_token":"<refresh-token-2>"}`, DurationMS: 3.25},
				{Method: "POST", URL: "http://127.0.0.1:41234/oauth/token", Status: 400, Operation: "POST /oauth/token", RequestBody: `{"grant_type":"refresh_token","refresh_token":"<refresh-token-1>"}`, ResponseBody: `{"error":"invalid_grant"}`, DurationMS: 2.5},
			},
			Output: "refreshing token\nstored refresh token <refresh-token-1>\n",
		},
		{Name: "oauth refresh [AUTH-REFRESH-ROTATION] refreshes before expiry", Labels: []string{"AUTH-REFRESH-ROTATION"}, Status: "pass", Location: "suites/oauth/refresh_test.go:31", Duration: 12 * time.Millisecond},
		{Name: "oauth [AUTH-OAUTH-ONLY] authenticates with the authorization code grant", Labels: []string{"AUTH-OAUTH-ONLY"}, Status: "pass", Location: "suites/oauth/code_test.go:20", Duration: 25 * time.Millisecond,
			Exchanges: []Exchange{{Method: "GET", URL: "http://127.0.0.1:41235/v2/me", Status: 200, Operation: "GET /v2/me", ResponseBody: `{"data":{"id":1,"name":"Sim User","email":"sim.user@example.com"}}`, DurationMS: 1.5}}},
		{Name: "client credentials [AUTH-CLIENT-CREDENTIALS AUTH-OAUTH-ONLY] gets a token without a refresh token", Labels: []string{"AUTH-CLIENT-CREDENTIALS", "AUTH-OAUTH-ONLY", "AUTH-CLIENT-CREDENTIALS"}, Status: "pass", Location: "suites/oauth/client_credentials_test.go:18", Duration: 9 * time.Millisecond},
		{Name: "rate limit [RATE-HEADERS] reads the remaining budget", Labels: []string{"RATE-HEADERS"}, Status: "fail", Failure: "x-ratelimit-remaining-minute missing on 404 response", Location: "suites/ratelimit/headers_test.go:44", Duration: 4 * time.Millisecond,
			Problems:  []error{errors.New("GET /v2/people/999: header x-ratelimit-remaining-minute: required")},
			Exchanges: []Exchange{{Method: "GET", URL: "http://127.0.0.1:41235/v2/people/999", Status: 404, Operation: "GET /v2/people/{id}", ResponseBody: "{\"error\":\"Not Found ```\"}", DurationMS: 0.75}}},
		{Name: "paging [PAGING-DEEP-COST] charges 3 for pages 101-150", Labels: []string{"PAGING-DEEP-COST"}, Status: "skip", Failure: "deep paging costs are checked on the sim target only", Location: "suites/paging/cost_test.go:12",
			Exchanges: []Exchange{{Method: "GET", URL: "https://api.salesloft.com/v2/people?page=101&per_page=100", Status: 200, Operation: "GET /v2/people", ResponseBody: bigBody(), DurationMS: 120}}},
		{Name: "errors [ERRORS-422-FIELDS] surfaces field errors", Labels: []string{"ERRORS-422-FIELDS"}, Status: "pass", Location: "suites/errors/validation_test.go:30", Duration: 1500 * time.Microsecond},
		{Name: "cadence [CADENCE-EXPORT] round-trips an exported cadence", Labels: []string{"CADENCE-EXPORT"}, Status: "pass", Location: "suites/cadence/export_test.go:22", Duration: 2300 * time.Millisecond},
		{Name: "legacy [AUTH-LEGACY] still accepts API keys", Labels: []string{"AUTH-LEGACY"}, Status: "fail", Failure: "api key rejected", Location: "suites/migration/legacy_test.go:9"},
	}
}

// sampleMeta describes the sample run.
func sampleMeta() Meta {
	return Meta{
		Tool: "loftgate v0.3.0", Target: "sim", ChecklistVersion: "2026.1", ContractVersion: "1.0.0",
		Identity: "Sim User (sim.user@example.com)", StartedAt: fixedStart, Duration: 3*time.Second + 250*time.Millisecond,
		Operations: []Operation{
			{Key: "POST /oauth/token", Cost: 0, Calls: 3},
			{Key: "GET /v2/me", Cost: 1, Calls: 1},
			{Key: "GET /v2/people", Cost: 1, Calls: 1},
			{Key: "DELETE /v2/people/{id}", Cost: 1, Calls: 0},
			{Key: "GET /v2/people/{id}", Cost: 1, Calls: 1},
		},
		Notes: []string{"partner applications must use OAuth 2.0; API keys are for customers"},
	}
}

// sampleBaseline is the report of an earlier run of the sample checklist.
func sampleBaseline() *Report {
	return &Report{Schema: Schema, Verdict: VerdictFail, Items: []Item{
		{ID: "AUTH-OAUTH-ONLY", Status: StatusPass},
		{ID: "AUTH-REFRESH-ROTATION", Status: StatusPass},
		{ID: "AUTH-CLIENT-CREDENTIALS", Status: StatusPass},
		{ID: "RATE-HEADERS", Status: StatusFail},
		{ID: "PAGING-DEEP-COST", Status: StatusSkip},
		{ID: "WEBHOOK-SIGNATURE", Status: StatusUncovered},
		{ID: "ERRORS-422-FIELDS", Status: StatusFail},
	}}
}

// sampleReport is the sample run compared with the sample baseline.
func sampleReport() *Report {
	r := Build(sampleItems(), sampleSpecs(), sampleMeta())
	r.CompareBaseline(sampleBaseline(), "baseline/report.json")
	return r
}
