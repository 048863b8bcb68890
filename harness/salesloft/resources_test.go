package salesloft

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// sameJSON reports whether a and b are the same JSON value (key order and spacing aside).
func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	if a == "" || b == "" {
		return a == b
	}
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatalf("%q: %v", a, err)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("%q: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

const personJSON = `{"id":5,"first_name":"Ada","last_name":"Lovelace","email_address":"person05@example.com","phone":"+1-555-0105",
"tags":["vip"],"custom_fields":{"tier":"gold"},"account":{"id":2,"_href":"https://api.salesloft.com/v2/accounts/2"},
"last_contacted_at":null,"created_at":"2026-01-01T00:00:00.000000-05:00","updated_at":"2026-01-01T00:00:00.000000-05:00","eu_resident":false}`

func TestResourceMethods(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		call     func(c *Client) (any, *Response, error)
		method   string
		path     string
		query    string
		body     string // expected request body (JSON), "" for none
		status   int
		answer   string
		check    func(t *testing.T, got any)
		wantNone bool // the call returns no value (deletes)
	}{
		{
			name: "Me", method: "GET", path: "/v2/me", status: 200,
			answer: `{"data":{"id":1,"guid":"0863ed13-7120-479b-8650-206a3679e2fb","name":"Sim User","email":"sim.user@example.com","team":{"id":1,"_href":"https://api.salesloft.com/v2/team"},"slack_username":"sim","created_at":"2019-01-01T00:00:00.000000-05:00","updated_at":"2019-01-01T00:00:00.000000-05:00"}}`,
			call:   func(c *Client) (any, *Response, error) { return c.Me(ctx) },
			check: func(t *testing.T, got any) {
				u := got.(*User)
				if u.ID != 1 || u.Email != "sim.user@example.com" || u.Team == nil || u.Team.ID != 1 || u.CreatedAt.Year() != 2019 {
					t.Errorf("user = %+v", u)
				}
				if !strings.Contains(string(u.Raw), `"slack_username":"sim"`) {
					t.Errorf("Raw lost an unnamed field: %s", u.Raw)
				}
			},
		},
		{
			name: "Team", method: "GET", path: "/v2/team", status: 200,
			answer: `{"data":{"id":1,"name":"Sim Team","license_limit":10,"group_privacy_setting":"all"}}`,
			call:   func(c *Client) (any, *Response, error) { return c.Team(ctx) },
			check: func(t *testing.T, got any) {
				if tm := got.(*Team); tm.Name != "Sim Team" || tm.LicenseLimit != 10 {
					t.Errorf("team = %+v", tm)
				}
			},
		},
		{
			name: "ListUsers", method: "GET", path: "/v2/users", query: "page=1&per_page=100", status: 200,
			answer: `{"data":[{"id":1},{"id":2},{"id":3}],"metadata":{"paging":{"per_page":100,"current_page":1,"next_page":null,"prev_page":null}}}`,
			call:   func(c *Client) (any, *Response, error) { return c.ListUsers(ctx, ListOptions{Page: 1, PerPage: 100}) },
			check: func(t *testing.T, got any) {
				if us := got.([]User); len(us) != 3 || us[2].ID != 3 {
					t.Errorf("users = %+v", us)
				}
			},
		},
		{
			name: "ListPeople", method: "GET", path: "/v2/people", query: "sort_by=updated_at", status: 200,
			answer: `{"data":[` + personJSON + `],"metadata":{"paging":{"per_page":25,"current_page":1,"next_page":null,"prev_page":null}}}`,
			call:   func(c *Client) (any, *Response, error) { return c.ListPeople(ctx, ListOptions{SortBy: "updated_at"}) },
			check: func(t *testing.T, got any) {
				ps := got.([]Person)
				if len(ps) != 1 || ps[0].EmailAddress != "person05@example.com" || ps[0].Account.ID != 2 || ps[0].CustomFields["tier"] != "gold" || ps[0].LastContactedAt != nil {
					t.Errorf("people = %+v", ps)
				}
			},
		},
		{
			name: "GetPerson", method: "GET", path: "/v2/people/5", status: 200, answer: `{"data":` + personJSON + `}`,
			call: func(c *Client) (any, *Response, error) { return c.GetPerson(ctx, 5) },
			check: func(t *testing.T, got any) {
				if p := got.(*Person); p.ID != 5 || !strings.Contains(string(p.Raw), "eu_resident") {
					t.Errorf("person = %+v", p)
				}
			},
		},
		{
			name: "CreatePerson with an extra field", method: "POST", path: "/v2/people", status: 200, answer: `{"data":` + personJSON + `}`,
			body: `{"email_address":"new@example.com","last_name":"Lovelace","account_id":2,"crm_id":"X1"}`,
			call: func(c *Client) (any, *Response, error) {
				acct := 2
				return c.CreatePerson(ctx, PersonInput{EmailAddress: "new@example.com", LastName: "Lovelace", AccountID: &acct, Extra: map[string]any{"crm_id": "X1"}})
			},
		},
		{
			name: "UpdatePerson", method: "PUT", path: "/v2/people/5", status: 200, answer: `{"data":` + personJSON + `}`,
			body: `{"title":"CTO"}`,
			call: func(c *Client) (any, *Response, error) { return c.UpdatePerson(ctx, 5, PersonInput{Title: "CTO"}) },
		},
		{
			name: "DeletePerson", method: "DELETE", path: "/v2/people/5", status: 204, wantNone: true,
			call: func(c *Client) (any, *Response, error) { resp, err := c.DeletePerson(ctx, 5); return nil, resp, err },
		},
		{
			name: "ListAccounts", method: "GET", path: "/v2/accounts", status: 200,
			answer: `{"data":[{"id":2,"name":"Acme","domain":"acme.example","archived_at":null}],"metadata":{"paging":{"per_page":25,"current_page":1,"next_page":null,"prev_page":null}}}`,
			call:   func(c *Client) (any, *Response, error) { return c.ListAccounts(ctx, ListOptions{}) },
			check: func(t *testing.T, got any) {
				if as := got.([]Account); len(as) != 1 || as[0].Domain != "acme.example" {
					t.Errorf("accounts = %+v", as)
				}
			},
		},
		{
			name: "GetAccount", method: "GET", path: "/v2/accounts/2", status: 200, answer: `{"data":{"id":2,"name":"Acme"}}`,
			call: func(c *Client) (any, *Response, error) { return c.GetAccount(ctx, 2) },
		},
		{
			name: "CreateAccount", method: "POST", path: "/v2/accounts", status: 200, answer: `{"data":{"id":9,"name":"Acme","domain":"acme.example"}}`,
			body: `{"name":"Acme","domain":"acme.example"}`,
			call: func(c *Client) (any, *Response, error) {
				return c.CreateAccount(ctx, AccountInput{Name: "Acme", Domain: "acme.example"})
			},
			check: func(t *testing.T, got any) {
				if a := got.(*Account); a.ID != 9 {
					t.Errorf("account = %+v", a)
				}
			},
		},
		{
			name: "UpdateAccount", method: "PUT", path: "/v2/accounts/9", status: 200, answer: `{"data":{"id":9}}`,
			body: `{"industry":"Tools"}`,
			call: func(c *Client) (any, *Response, error) {
				return c.UpdateAccount(ctx, 9, AccountInput{Industry: "Tools"})
			},
		},
		{
			name: "DeleteAccount", method: "DELETE", path: "/v2/accounts/9", status: 204, wantNone: true,
			call: func(c *Client) (any, *Response, error) { resp, err := c.DeleteAccount(ctx, 9); return nil, resp, err },
		},
		{
			name: "ListCadences", method: "GET", path: "/v2/cadences", status: 200,
			answer: `{"data":[{"id":1,"name":"Outbound","team_cadence":true,"current_state":"active","counts":{"cadence_people":3}}],"metadata":{"paging":{"per_page":25,"current_page":1,"next_page":null,"prev_page":null}}}`,
			call:   func(c *Client) (any, *Response, error) { return c.ListCadences(ctx, ListOptions{}) },
			check: func(t *testing.T, got any) {
				cs := got.([]Cadence)
				if len(cs) != 1 || !cs[0].TeamCadence || !strings.Contains(string(cs[0].Raw), "cadence_people") {
					t.Errorf("cadences = %+v", cs)
				}
			},
		},
		{
			name: "GetCadence", method: "GET", path: "/v2/cadences/1", status: 200, answer: `{"data":{"id":1,"name":"Outbound"}}`,
			call: func(c *Client) (any, *Response, error) { return c.GetCadence(ctx, 1) },
		},
		{
			name: "ListCadenceMemberships", method: "GET", path: "/v2/cadence_memberships", query: "person_id=5", status: 200,
			answer: `{"data":[{"id":3,"current_state":"active","person":{"id":5},"cadence":{"id":1},"counts":{"sent_emails":2}}],"metadata":{"paging":{"per_page":25,"current_page":1,"next_page":null,"prev_page":null}}}`,
			call: func(c *Client) (any, *Response, error) {
				return c.ListCadenceMemberships(ctx, ListOptions{Extra: map[string][]string{"person_id": {"5"}}})
			},
			check: func(t *testing.T, got any) {
				ms := got.([]CadenceMembership)
				if len(ms) != 1 || ms[0].Person.ID != 5 || ms[0].Counts["sent_emails"] != 2 {
					t.Errorf("memberships = %+v", ms)
				}
			},
		},
		{
			name: "CreateCadenceMembership", method: "POST", path: "/v2/cadence_memberships", status: 200,
			answer: `{"data":{"id":3,"current_state":"processing"}}`,
			body:   `{"person_id":5,"cadence_id":1}`,
			call: func(c *Client) (any, *Response, error) {
				return c.CreateCadenceMembership(ctx, CadenceMembershipInput{PersonID: 5, CadenceID: 1})
			},
		},
		{
			name: "ListWebhookSubscriptions wrapped", method: "GET", path: "/v2/webhook_subscriptions", query: "enabled=true", status: 200,
			answer: `{"data":[{"id":4,"callback_url":"https://h.example/hook","callback_token":"cb","enabled":true,"event_type":"person_updated","tenant_id":"17"}]}`,
			call: func(c *Client) (any, *Response, error) {
				return c.ListWebhookSubscriptions(ctx, ListOptions{Extra: map[string][]string{"enabled": {"true"}}})
			},
			check: func(t *testing.T, got any) {
				ws := got.([]WebhookSubscription)
				if len(ws) != 1 || ws[0].EventType != "person_updated" || string(ws[0].TenantID) != `"17"` {
					t.Errorf("subscriptions = %+v", ws)
				}
			},
		},
		{
			name: "ListWebhookSubscriptions bare array", method: "GET", path: "/v2/webhook_subscriptions", status: 200,
			answer: `[{"id":4,"event_type":"person_updated","tenant_id":17}]`,
			call:   func(c *Client) (any, *Response, error) { return c.ListWebhookSubscriptions(ctx, ListOptions{}) },
			check: func(t *testing.T, got any) {
				if ws := got.([]WebhookSubscription); len(ws) != 1 || ws[0].ID != 4 || string(ws[0].TenantID) != "17" {
					t.Errorf("subscriptions = %+v", ws)
				}
			},
		},
		{
			name: "CreateWebhookSubscription bare object", method: "POST", path: "/v2/webhook_subscriptions", status: 200,
			answer: `{"id":4,"callback_url":"https://h.example/hook","enabled":true,"event_type":"person_updated"}`,
			body:   `{"callback_url":"https://h.example/hook","callback_token":"cb","event_type":"person_updated"}`,
			call: func(c *Client) (any, *Response, error) {
				return c.CreateWebhookSubscription(ctx, WebhookSubscriptionInput{CallbackURL: "https://h.example/hook", CallbackToken: "cb", EventType: "person_updated"})
			},
			check: func(t *testing.T, got any) {
				if w := got.(*WebhookSubscription); w.ID != 4 || !w.Enabled {
					t.Errorf("subscription = %+v", w)
				}
			},
		},
		{
			name: "GetWebhookSubscription", method: "GET", path: "/v2/webhook_subscriptions/4", status: 200,
			answer: `{"data":{"id":4,"enabled":true}}`,
			call:   func(c *Client) (any, *Response, error) { return c.GetWebhookSubscription(ctx, 4) },
		},
		{
			name: "UpdateWebhookSubscription sends enabled=false", method: "PUT", path: "/v2/webhook_subscriptions/4", status: 200,
			answer: `{"data":{"id":4,"enabled":false}}`,
			body:   `{"enabled":false}`,
			call:   func(c *Client) (any, *Response, error) { return c.UpdateWebhookSubscription(ctx, 4, false) },
			check: func(t *testing.T, got any) {
				if w := got.(*WebhookSubscription); w.Enabled {
					t.Errorf("subscription = %+v", w)
				}
			},
		},
		{
			name: "DeleteWebhookSubscription", method: "DELETE", path: "/v2/webhook_subscriptions/4", status: 204, wantNone: true,
			call: func(c *Client) (any, *Response, error) {
				resp, err := c.DeleteWebhookSubscription(ctx, 4)
				return nil, resp, err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.status == http.StatusNoContent {
					w.WriteHeader(tt.status)
					return
				}
				reply(t, w, tt.status, tt.answer)
			})
			got, resp, err := tt.call(s.client(&sleeps{}))
			if err != nil {
				t.Fatal(err)
			}
			if resp == nil || resp.Status != tt.status {
				t.Errorf("resp = %+v", resp)
			}
			reqs := s.requests()
			if len(reqs) != 1 {
				t.Fatalf("requests = %d, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tt.method || r.Path != prefix+tt.path {
				t.Errorf("sent %s %s, want %s %s", r.Method, r.Path, tt.method, prefix+tt.path)
			}
			if q := url.Values(r.Query).Encode(); q != tt.query {
				t.Errorf("query = %q, want %q", q, tt.query)
			}
			if !sameJSON(t, r.Body, tt.body) {
				t.Errorf("body = %s, want %s", r.Body, tt.body)
			}
			if tt.wantNone {
				return
			}
			if got == nil || reflect.ValueOf(got).IsNil() {
				t.Fatalf("no value returned")
			}
			if tt.check != nil {
				tt.check(t, got)
			}
		})
	}
}

func TestMissingDataEnvelope(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { reply(t, w, 200, `{"id":1}`) })
	c := s.client(&sleeps{})
	if _, _, err := c.Me(context.Background()); err == nil || !strings.Contains(err.Error(), `salesloft: GET /v2/me: response has no "data" object`) {
		t.Errorf("Me: err = %v", err)
	}
	if _, _, err := c.ListPeople(context.Background(), ListOptions{}); err == nil || !strings.Contains(err.Error(), `no "data" array`) {
		t.Errorf("ListPeople: err = %v", err)
	}
}
