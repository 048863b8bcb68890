package contract

import (
	"context"
	"github.com/loftgate/loftgate/contracts"
	"net/http"
	"net/url"
	"testing"
)

// meBody is a realistic GET /v2/me answer of about 1 KB.
const meBody = `{"data":{"id":1,"guid":"0c9d3d7a-6a64-4b8e-9c25-3f0a1d6a7b11",` +
	`"created_at":"2019-01-01T00:00:00.000000-05:00","updated_at":"2019-01-01T00:00:00.000000-05:00",` +
	`"name":"Sim User","first_name":"Sim","last_name":"User","active":true,"time_zone":"US/Eastern",` +
	`"slack_username":null,"twitter_handle":null,"email":"sim.user@example.com",` +
	`"email_client_email_address":"sim.user@example.com","sending_email_address":"sim.user@example.com",` +
	`"from_address":null,"full_email_address":"\"Sim User\" <sim.user@example.com>","bcc_email_address":null,` +
	`"email_signature":"<div>Sim User, Example Corp</div>","email_signature_type":"html",` +
	`"email_signature_click_tracking_disabled":false,"team_admin":true,"local_dial_enabled":false,` +
	`"click_to_call_enabled":true,"email_client_configured":true,"crm_connected":false,` +
	`"external_feature_flags":{"ma_enabled":false,"new_dialer":true},"phone_client":{"id":3},` +
	`"phone_number_assignment":{"id":4,"_href":"https://api.salesloft.com/v2/phone_number_assignments/4"},` +
	`"group":{"id":2,"_href":"https://api.salesloft.com/v2/groups/2"},` +
	`"role":{"id":"Admin"},"job_role":"SDR / BDR","work_country":"US",` +
	`"team":{"id":1,"_href":"https://api.salesloft.com/v2/team"}}}`

// meExchange returns a conforming GET /v2/me exchange.
func meExchange(tb testing.TB) Exchange {
	tb.Helper()
	u, err := url.Parse("https://api.salesloft.com/v2/me.json")
	if err != nil {
		tb.Fatal(err)
	}
	return Exchange{
		Method:        http.MethodGet,
		URL:           u,
		RequestHeader: http.Header{"Authorization": {"Bearer example"}},
		Status:        http.StatusOK,
		ResponseHeader: http.Header{
			"Content-Type":                 {"application/json; charset=utf-8"},
			"X-Ratelimit-Endpoint-Cost":    {"1"},
			"X-Ratelimit-Remaining-Minute": {"599"},
		},
		ResponseBody: []byte(meBody),
	}
}

// BenchmarkValidateMe measures Validate on GET /v2/me with a 1 KB body.
func BenchmarkValidateMe(b *testing.B) {
	c, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	ex := meExchange(b)
	ctx := context.Background()
	if vs := c.Validate(ctx, ex); len(vs) != 0 {
		b.Fatalf("the benchmark exchange must conform: %v", vs)
	}
	b.SetBytes(int64(len(ex.ResponseBody)))
	b.ReportAllocs()
	for b.Loop() {
		c.Validate(ctx, ex)
	}
}

// BenchmarkParseContract measures loading the embedded contract, examples validated (done once
// per process by Load).
func BenchmarkParseContract(b *testing.B) {
	for b.Loop() {
		if _, err := parse(contracts.OpenAPI, embeddedSource, true); err != nil {
			b.Fatal(err)
		}
	}
}
