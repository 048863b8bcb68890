package contract

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// rateHeaders are conforming rate headers of an API-host response.
var rateHeaders = map[string]string{
	"X-Ratelimit-Endpoint-Cost":    "1",
	"X-Ratelimit-Remaining-Minute": "599",
}

// ex describes a test exchange compactly; build turns it into an Exchange. reqCT and respCT set
// the content types when not empty; API-host responses get conforming rate headers unless
// withoutRateHdrs is set; respHeader adds headers, or removes one given as "".
type ex struct {
	method, url     string
	reqCT, reqBody  string
	reqHeader       map[string]string
	status          int
	respCT          string
	respBody        string
	respHeader      map[string]string
	withoutRateHdrs bool
}

func (e ex) build(tb testing.TB) Exchange {
	tb.Helper()
	u, err := url.Parse(e.url)
	if err != nil {
		tb.Fatal(err)
	}
	x := Exchange{Method: e.method, URL: u, RequestHeader: http.Header{}, Status: e.status, ResponseHeader: http.Header{}}
	if e.reqCT != "" {
		x.RequestHeader.Set("Content-Type", e.reqCT)
	}
	for k, v := range e.reqHeader {
		x.RequestHeader.Set(k, v)
	}
	if e.reqBody != "" {
		x.RequestBody = []byte(e.reqBody)
	}
	if e.respCT != "" {
		x.ResponseHeader.Set("Content-Type", e.respCT)
	}
	if !e.withoutRateHdrs && strings.Contains(e.url, "/v2/") {
		for k, v := range rateHeaders {
			x.ResponseHeader.Set(k, v)
		}
	}
	for k, v := range e.respHeader {
		if v == "" {
			x.ResponseHeader.Del(k)
			continue
		}
		x.ResponseHeader.Set(k, v)
	}
	x.ResponseBody = []byte(e.respBody)
	return x
}

const (
	jsonCT = "application/json; charset=utf-8"
	formCT = "application/x-www-form-urlencoded"
	apiURL = "https://api.salesloft.com"
	accURL = "https://accounts.salesloft.com"
)

// meWith returns meBody with data.<field> set to the given JSON text, or removed when it is "".
func meWith(field, value string) string {
	var doc map[string]map[string]any
	if err := json.Unmarshal([]byte(meBody), &doc); err != nil {
		panic(err)
	}
	if value == "" {
		delete(doc["data"], field)
	} else {
		var v any
		if err := json.Unmarshal([]byte(value), &v); err != nil {
			panic(err)
		}
		doc["data"][field] = v
	}
	out, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return string(out)
}

func TestValidateCatches(t *testing.T) {
	c := mustLoad(t)
	tests := []struct {
		name                     string
		ex                       ex
		direction, rule, pointer string
	}{
		{"me without data.email",
			ex{method: "GET", url: apiURL + "/v2/me", status: 200, respCT: jsonCT, respBody: meWith("email", "")},
			DirectionResponse, RuleResponseBody, "$.data.email"},
		{"me with data.email of the wrong type",
			ex{method: "GET", url: apiURL + "/v2/me.json", status: 200, respCT: jsonCT, respBody: meWith("email", "5")},
			DirectionResponse, RuleResponseBody, "$.data.email"},
		{"me with a null team",
			ex{method: "GET", url: apiURL + "/v2/me", status: 200, respCT: jsonCT, respBody: meWith("team", "null")},
			DirectionResponse, RuleResponseBody, "$.data.team"},
		{"me without the data envelope",
			ex{method: "GET", url: apiURL + "/v2/me", status: 200, respCT: jsonCT, respBody: `{"id":1,"name":"x"}`},
			DirectionResponse, RuleResponseBody, "$.data"},
		{"missing rate header",
			ex{method: "GET", url: apiURL + "/v2/me", status: 200, respCT: jsonCT, respBody: meBody,
				respHeader: map[string]string{"X-Ratelimit-Remaining-Minute": ""}},
			DirectionResponse, RuleResponseHeader, "header:x-ratelimit-remaining-minute"},
		{"missing rate header on an error",
			ex{method: "GET", url: apiURL + "/v2/people/9", status: 404, respCT: jsonCT, respBody: `{"error":"Not Found"}`,
				withoutRateHdrs: true},
			DirectionResponse, RuleResponseHeader, "header:x-ratelimit-endpoint-cost"},
		{"rate header that is not a number",
			ex{method: "GET", url: apiURL + "/v2/me", status: 200, respCT: jsonCT, respBody: meBody,
				respHeader: map[string]string{"X-Ratelimit-Endpoint-Cost": "one"}},
			DirectionResponse, RuleResponseHeader, "header:x-ratelimit-endpoint-cost"},
		{"negative endpoint cost",
			ex{method: "GET", url: apiURL + "/v2/me", status: 200, respCT: jsonCT, respBody: meBody,
				respHeader: map[string]string{"X-Ratelimit-Endpoint-Cost": "-1"}},
			DirectionResponse, RuleResponseHeader, "header:x-ratelimit-endpoint-cost"},
		{"422 in the old array form",
			ex{method: "POST", url: apiURL + "/v2/accounts", reqCT: jsonCT, reqBody: `{"name":"x","domain":"x.com"}`,
				status: 422, respCT: jsonCT, respBody: `{"errors":[{"attribute":"domain","message":"is taken"}]}`},
			DirectionResponse, RuleResponseBody, "$.errors"},
		{"422 with a message that is not a list",
			ex{method: "POST", url: apiURL + "/v2/accounts", reqCT: jsonCT, reqBody: `{"name":"x","domain":"x.com"}`,
				status: 422, respCT: jsonCT, respBody: `{"errors":{"domain":"is taken"}}`},
			DirectionResponse, RuleResponseBody, "$.errors.domain"},
		{"undocumented status",
			ex{method: "GET", url: apiURL + "/v2/me", status: 418, respCT: jsonCT, respBody: `{"error":"teapot"}`},
			DirectionResponse, RuleStatus, ""},
		{"201 for a create documented as 200",
			ex{method: "POST", url: apiURL + "/v2/accounts", reqCT: jsonCT, reqBody: `{"name":"x","domain":"x.com"}`,
				status: 201, respCT: jsonCT, respBody: `{"data":{"id":1}}`},
			DirectionResponse, RuleStatus, ""},
		{"HTML 404 on a known operation (endpoint renamed)",
			ex{method: "GET", url: apiURL + "/v2/me", status: 404, respCT: "text/html; charset=utf-8", respBody: "<html>Not Found</html>"},
			DirectionResponse, RuleResponseContentType, "header:content-type"},
		{"unknown operation",
			ex{method: "GET", url: apiURL + "/v2/widgets", status: 404, respCT: "text/html", respBody: "<html/>"},
			DirectionRequest, RuleUnknownOperation, ""},
		{"accounts create without domain",
			ex{method: "POST", url: apiURL + "/v2/accounts", reqCT: jsonCT, reqBody: `{"name":"Example"}`,
				status: 200, respCT: jsonCT, respBody: `{"data":{"id":1,"name":"Example"}}`},
			DirectionRequest, RuleRequestBody, "$.domain"},
		{"people create without email or phone and last name",
			ex{method: "POST", url: apiURL + "/v2/people", reqCT: jsonCT, reqBody: `{"first_name":"Pat","phone":"+1"}`,
				status: 200, respCT: jsonCT, respBody: `{"data":{"id":1}}`},
			DirectionRequest, RuleRequestBody, "$"},
		{"per_page above 100",
			ex{method: "GET", url: apiURL + "/v2/people?per_page=500", status: 200, respCT: jsonCT,
				respBody: `{"data":[],"metadata":{"paging":{"per_page":100,"current_page":1,"next_page":null,"prev_page":null}}}`},
			DirectionRequest, RuleRequestParameter, "query:per_page"},
		{"sort_direction not ASC or DESC",
			ex{method: "GET", url: apiURL + "/v2/cadences?sort_direction=up", status: 200, respCT: jsonCT,
				respBody: `{"data":[],"metadata":{"paging":{"per_page":25,"current_page":1,"next_page":null,"prev_page":null}}}`},
			DirectionRequest, RuleRequestParameter, "query:sort_direction"},
		{"non-numeric id",
			ex{method: "GET", url: apiURL + "/v2/people/abc", status: 404, respCT: jsonCT, respBody: `{"error":"Not Found"}`},
			DirectionRequest, RuleRequestParameter, "path:id"},
		{"list without paging.next_page",
			ex{method: "GET", url: apiURL + "/v2/people", status: 200, respCT: jsonCT,
				respBody: `{"data":[],"metadata":{"paging":{"per_page":25,"current_page":1,"prev_page":null}}}`},
			DirectionResponse, RuleResponseBody, "$.metadata.paging.next_page"},
		{"list record of the wrong type",
			ex{method: "GET", url: apiURL + "/v2/accounts", status: 200, respCT: jsonCT,
				respBody: `{"data":[{"id":1},{"id":"2"}],"metadata":{"paging":{"per_page":25,"current_page":1,"next_page":null,"prev_page":null}}}`},
			DirectionResponse, RuleResponseBody, "$.data[1].id"},
		{"webhook subscription without callback_token",
			ex{method: "POST", url: apiURL + "/v2/webhook_subscriptions", reqCT: jsonCT,
				reqBody: `{"callback_url":"https://h.example.com","event_type":"person_created"}`,
				status:  422, respCT: jsonCT, respBody: `{"errors":{"callback_token":["can't be blank"]}}`},
			DirectionRequest, RuleRequestBody, "$.callback_token"},
		{"webhook update without enabled",
			ex{method: "PUT", url: apiURL + "/v2/webhook_subscriptions/3", reqCT: jsonCT, reqBody: `{}`,
				status: 200, respCT: jsonCT, respBody: `{"data":{"id":3,"callback_url":"u","event_type":"person_created","enabled":false}}`},
			DirectionRequest, RuleRequestBody, "$.enabled"},
		{"cadence export step without type_settings",
			ex{method: "GET", url: apiURL + "/v2/cadence_exports/1", status: 200, respCT: jsonCT,
				respBody: `{"data":{"cadence_content":{"settings":{"name":"x"},"sharing_settings":{},` +
					`"step_groups":[{"day":1,"steps":[{"type":"Phone"}]}]}}}`},
			DirectionResponse, RuleResponseBody, "$.data.cadence_content.step_groups[0].steps[0].type_settings"},
		{"cadence import without settings",
			ex{method: "POST", url: apiURL + "/v2/cadence_imports", reqCT: jsonCT,
				reqBody: `{"cadence_content":{"step_groups":[]}}`,
				status:  422, respCT: jsonCT, respBody: `{"errors":{"settings":["is required"]}}`},
			DirectionRequest, RuleRequestBody, "$"},
		{"cadence import answer without cadence id",
			ex{method: "POST", url: apiURL + "/v2/cadence_imports", reqCT: jsonCT,
				reqBody: `{"settings":{"name":"x"},"sharing_settings":{},"cadence_content":{"step_groups":[]}}`,
				status:  200, respCT: jsonCT, respBody: `{"data":{"cadence":{}}}`},
			DirectionResponse, RuleResponseBody, "$.data.cadence.id"},
		{"authorize redirect with 303 without Location",
			ex{method: "GET", url: accURL + "/oauth/authorize?client_id=x&redirect_uri=http%3A%2F%2Fl%2Fcb&response_type=code", status: 303},
			DirectionResponse, RuleResponseHeader, "header:Location"},
		{"cadence import with settings in neither place",
			ex{method: "POST", url: apiURL + "/v2/cadence_imports", reqCT: jsonCT,
				reqBody: `{"settings":{"name":"x","target_daily_people":1,"remove_replied":true,"remove_bounced":true,"external_identifier":null,"cadence_function":"outbound"},"cadence_content":{"step_groups":[]}}`,
				status:  422, respCT: jsonCT, respBody: `{"errors":{"sharing_settings":["is required"]}}`},
			DirectionRequest, RuleRequestBody, "$"},
		{"task with an unknown type",
			ex{method: "POST", url: apiURL + "/v2/tasks", reqCT: jsonCT,
				reqBody: `{"subject":"s","person_id":1,"user_id":1,"task_type":"interop task_type 3","due_date":"2026-01-05","current_state":"scheduled"}`,
				status:  422, respCT: jsonCT, respBody: `{"errors":{"task_type":["must be one of: call, email, general"]}}`},
			DirectionRequest, RuleRequestBody, "$.task_type"},
		{"task due date not a date",
			ex{method: "POST", url: apiURL + "/v2/tasks", reqCT: jsonCT,
				reqBody: `{"subject":"s","person_id":1,"user_id":1,"task_type":"call","due_date":"tomorrow","current_state":"scheduled"}`,
				status:  422, respCT: jsonCT, respBody: `{"errors":{"due_date":["is invalid"]}}`},
			DirectionRequest, RuleRequestBody, "$.due_date"},
		{"note on an unknown type",
			ex{method: "POST", url: apiURL + "/v2/notes", reqCT: jsonCT,
				reqBody: `{"content":"c","associated_with_type":"opportunity","associated_with_id":1}`,
				status:  422, respCT: jsonCT, respBody: `{"errors":{"associated_with_type":["must be one of: person, account"]}}`},
			DirectionRequest, RuleRequestBody, "$.associated_with_type"},
		{"activity for nothing",
			ex{method: "POST", url: apiURL + "/v2/activities", reqCT: jsonCT, reqBody: `{}`,
				status: 422, respCT: jsonCT, respBody: `{"errors":{"task_id":["can't be blank"]}}`},
			DirectionRequest, RuleRequestBody, "$"},
		{"upsert of nothing",
			ex{method: "POST", url: apiURL + "/v2/person_upserts", reqCT: jsonCT, reqBody: `{"upsert_key":"email_address"}`,
				status: 422, respCT: jsonCT, respBody: `{"errors":{"email_address":["can't be blank"]}}`},
			DirectionRequest, RuleRequestBody, "$"},
		{"JSON body sent as text",
			ex{method: "POST", url: apiURL + "/v2/accounts", reqCT: "text/plain", reqBody: `{"name":"x","domain":"x.com"}`,
				status: 200, respCT: jsonCT, respBody: `{"data":{"id":1}}`},
			DirectionRequest, RuleRequestContentType, "header:content-type"},
		{"token answer without expires_in",
			ex{method: "POST", url: accURL + "/oauth/token", reqCT: formCT, reqBody: "grant_type=client_credentials",
				status: 200, respCT: jsonCT, respBody: `{"access_token":"a","token_type":"Bearer"}`},
			DirectionResponse, RuleResponseBody, "$.expires_in"},
		{"token request with an unknown grant",
			ex{method: "POST", url: accURL + "/oauth/token", reqCT: jsonCT, reqBody: `{"grant_type":"password"}`,
				status: 400, respCT: jsonCT, respBody: `{"error":"unsupported_grant_type"}`},
			DirectionRequest, RuleRequestBody, "$"},
		{"refresh without refresh_token",
			ex{method: "POST", url: accURL + "/oauth/token", reqCT: formCT, reqBody: "grant_type=refresh_token&client_id=x",
				status: 400, respCT: jsonCT, respBody: `{"error":"invalid_request"}`},
			DirectionRequest, RuleRequestBody, "$"},
		{"OAuth error that is not RFC 6749",
			ex{method: "POST", url: accURL + "/oauth/token", reqCT: formCT, reqBody: "grant_type=client_credentials",
				status: 401, respCT: jsonCT, respBody: `{"error":"Not authorized"}`},
			DirectionResponse, RuleResponseBody, "$.error"},
		{"authorize without response_type",
			ex{method: "GET", url: accURL + "/oauth/authorize?client_id=x&redirect_uri=http://l/cb", status: 200,
				respCT: "text/html", respBody: "<html/>"},
			DirectionRequest, RuleRequestParameter, "query:response_type"},
		{"authorize redirect without Location",
			ex{method: "GET", url: accURL + "/oauth/authorize?client_id=x&redirect_uri=http://l/cb&response_type=code", status: 302},
			DirectionResponse, RuleResponseHeader, "header:Location"},
		{"error body without error",
			ex{method: "GET", url: apiURL + "/v2/me", status: 401, respCT: jsonCT, respBody: `{"message":"unauthorized"}`},
			DirectionResponse, RuleResponseBody, "$.error"},
		{"response body that is not JSON",
			ex{method: "GET", url: apiURL + "/v2/me", status: 200, respCT: jsonCT, respBody: `{"data":`},
			DirectionResponse, RuleResponseBody, "$"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := tt.ex.build(t)
			vs := c.Validate(context.Background(), x)
			found := false
			for _, v := range vs {
				if v.Method != strings.ToUpper(x.Method) || v.Path != x.URL.Path || v.Message == "" {
					t.Errorf("violation %q lacks method, path or message", v.Error())
				}
				if v.Rule != RuleUnknownOperation && v.Operation == "" {
					t.Errorf("violation %q lacks its operation", v.Error())
				}
				if v.Direction == tt.direction && v.Rule == tt.rule && v.Pointer == tt.pointer {
					found = true
				}
			}
			if !found {
				t.Errorf("want a %s violation %s at %q; got %d:", tt.direction, tt.rule, tt.pointer, len(vs))
				for _, v := range vs {
					t.Logf("  %s [pointer %q]", v.Error(), v.Pointer)
				}
			}
			if tt.rule == RuleUnknownOperation && len(vs) != 1 {
				t.Errorf("an unknown operation gives exactly one violation, got %d", len(vs))
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	c := mustLoad(t)
	const paging = `"metadata":{"filtering":{},"paging":{"per_page":25,"current_page":1,"next_page":2,"prev_page":null,` +
		`"total_pages":3,"total_count":60},"sorting":{"sort_by":"updated_at","sort_direction":"DESC NULLS LAST"}}`
	person := `{"id":7,"email_address":"person07@example.com","first_name":"Pat","last_name":"Johnson",` +
		`"phone":"+1-555-0107","account":null,"owner":{"id":1,"_href":"https://api.salesloft.com/v2/users/1"},` +
		`"tags":[],"custom_fields":{},"some_new_field":{"added":"later"}}`
	export := `{"data":{"cadence_content":{"settings":{"name":"Q1","target_daily_people":25,"remove_replied":true,` +
		`"remove_bounced":true,"external_identifier":null,"cadence_function":"outbound","tags":"a,b"},` +
		`"sharing_settings":{"team_cadence":false,"shared":false},"step_groups":[{"day":1,"due_immediately":true,` +
		`"automated":true,"automated_settings":{"send_type":"at_time","time_of_day":"09:00","timezone_mode":"person"},` +
		`"reference_id":1,"steps":[{"enabled":true,"name":"Intro","type":"Email","type_settings":{"email_template":` +
		`{"title":"t","subject":"s","body":"b","attachments":[],"click_tracking":true,"open_tracking":true}}}]},` +
		`{"day":3,"due_immediately":false,"automated":false,"automated_settings":null,"reference_id":null,` +
		`"steps":[{"enabled":true,"name":"Call","type":"Phone","type_settings":{"instructions":"call"}}]}]}}}`
	tests := []struct {
		name string
		ex   ex
	}{
		{"me", ex{method: "GET", url: apiURL + "/v2/me", status: 200, respCT: jsonCT, respBody: meBody}},
		{"me under a base path with .json", ex{method: "GET", url: "http://127.0.0.1:9/salesloft/v2/me.json", status: 200, respCT: jsonCT, respBody: meBody}},
		{"401 without token", ex{method: "GET", url: apiURL + "/v2/me", status: 401, respCT: jsonCT,
			respBody: `{"error":"No Bearer Token attached to request, please see documentation at developers.salesloft.com"}`}},
		{"401 API keys off", ex{method: "GET", url: apiURL + "/v2/me", status: 401, respCT: jsonCT,
			respBody: `{"error":"API keys are disabled for this team; use OAuth 2.0"}`}},
		{"403 missing scope", ex{method: "POST", url: apiURL + "/v2/people", reqCT: jsonCT, reqBody: `{"email_address":"a@example.com"}`,
			status: 403, respCT: jsonCT, respBody: `{"error":"The access token does not have the required scopes: people:write"}`}},
		{"404 with status", ex{method: "GET", url: apiURL + "/v2/people/999", status: 404, respCT: jsonCT, respBody: `{"error":"Not Found","status":404}`}},
		{"422 field map", ex{method: "POST", url: apiURL + "/v2/people", reqCT: jsonCT, reqBody: `{"email_address":"a@example.com"}`,
			status: 422, respCT: jsonCT, respBody: `{"errors":{"email_address":["has already been taken"],"last_name":["can't be blank"]}}`}},
		{"429 without Retry-After", ex{method: "GET", url: apiURL + "/v2/people", status: 429, respCT: jsonCT,
			respBody: `{"error":"Rate limit exceeded"}`, respHeader: map[string]string{"X-Ratelimit-Remaining-Minute": "0"}}},
		{"429 with Retry-After", ex{method: "GET", url: apiURL + "/v2/people", status: 429, respCT: jsonCT,
			respBody: `{"error":"Rate limit exceeded"}`, respHeader: map[string]string{"Retry-After": "12"}}},
		{"500 JSON", ex{method: "GET", url: apiURL + "/v2/team", status: 500, respCT: jsonCT, respBody: `{"error":"Internal Server Error"}`}},
		{"502 HTML from a gateway", ex{method: "GET", url: apiURL + "/v2/team", status: 502, respCT: "text/html", respBody: "<html>Bad Gateway</html>"}},
		{"invalid_grant", ex{method: "POST", url: accURL + "/oauth/token", reqCT: jsonCT,
			reqBody: `{"grant_type":"authorization_code","code":"used","redirect_uri":"http://l/cb","client_id":"x","client_secret":"y"}`,
			status:  400, respCT: jsonCT, respBody: `{"error":"invalid_grant","error_description":"The provided authorization grant is invalid."}`}},
		{"invalid_client", ex{method: "POST", url: accURL + "/oauth/token", reqCT: formCT, reqBody: "grant_type=client_credentials&client_id=x&client_secret=wrong",
			status: 401, respCT: jsonCT, respBody: `{"error":"invalid_client","error_description":"Client authentication failed."}`}},
		{"code exchange", ex{method: "POST", url: accURL + "/oauth/token", reqCT: jsonCT,
			reqBody: `{"grant_type":"authorization_code","code":"c","redirect_uri":"http://l/cb","context":"/team/1","scope":"people:read"}`,
			status:  200, respCT: jsonCT,
			respBody: `{"access_token":"a","token_type":"Bearer","expires_in":7200,"refresh_token":"r","scope":"people:read","created_at":1767225600}`}},
		{"form refresh", ex{method: "POST", url: accURL + "/oauth/token", reqCT: formCT, reqBody: "grant_type=refresh_token&refresh_token=r",
			status: 200, respCT: jsonCT, respBody: `{"access_token":"a2","token_type":"Bearer","expires_in":7200,"refresh_token":"r2"}`}},
		{"client credentials with HTTP Basic", ex{method: "POST", url: accURL + "/oauth/token", reqCT: formCT, reqBody: "grant_type=client_credentials",
			reqHeader: map[string]string{"Authorization": "Basic eDp5"},
			status:    200, respCT: jsonCT, respBody: `{"access_token":"a","token_type":"bearer","expires_in":7200,"created_at":1767225600}`}},
		{"authorize redirect", ex{method: "GET", url: accURL + "/oauth/authorize?client_id=x&redirect_uri=http%3A%2F%2Fl%2Fcb&response_type=code&state=s",
			status: 302, respHeader: map[string]string{"Location": "http://l/cb?code=c&state=s"}}},
		{"authorize redirect with 303", ex{method: "GET", url: accURL + "/oauth/authorize?client_id=x&redirect_uri=http%3A%2F%2Fl%2Fcb&response_type=code&state=s",
			status: 303, respHeader: map[string]string{"Location": "http://l/cb?code=c&state=s"}}},
		{"authorize redirect with 307", ex{method: "GET", url: accURL + "/oauth/authorize?client_id=x&redirect_uri=http%3A%2F%2Fl%2Fcb&response_type=code&state=s",
			status: 307, respHeader: map[string]string{"Location": "http://l/cb?code=c&state=s"}}},
		{"cadence export posted back as an import", ex{method: "POST", url: apiURL + "/v2/cadence_imports", reqCT: jsonCT,
			reqBody: `{"cadence_content":{"settings":{"name":"Copy","target_daily_people":5,"remove_replied":true,"remove_bounced":true,` +
				`"external_identifier":null,"cadence_function":"outbound"},"sharing_settings":{"team_cadence":false,"shared":false},"step_groups":[]}}`,
			status: 200, respCT: jsonCT, respBody: `{"data":{"cadence":{"id":43}}}`}},
		{"task in any case", ex{method: "POST", url: apiURL + "/v2/tasks", reqCT: jsonCT,
			reqBody: `{"subject":"s","person_id":1,"user_id":1,"task_type":"Call","due_date":"2026-01-05","current_state":"Scheduled"}`,
			status:  200, respCT: jsonCT, respBody: `{"data":{"id":3,"subject":"s","current_state":"scheduled","task_type":"call"}}`}},
		{"note on an Account", ex{method: "POST", url: apiURL + "/v2/notes", reqCT: jsonCT,
			reqBody: `{"content":"c","associated_with_type":"Account","associated_with_id":1}`,
			status:  200, respCT: jsonCT, respBody: `{"data":{"id":3,"content":"c","associated_type":"account"}}`}},
		{"activity for an action", ex{method: "POST", url: apiURL + "/v2/activities", reqCT: jsonCT, reqBody: `{"action_id":1}`,
			status: 200, respCT: jsonCT, respBody: `{"data":{"updated_at":"2026-01-01T00:00:00.000000+00:00"}}`}},
		{"people list with counts", ex{method: "GET",
			url:    apiURL + "/v2/people.json?per_page=25&page=1&include_paging_counts=true&sort_by=updated_at&sort_direction=ASC&updated_at%5Bgt%5D=2026-01-01T00:00:00Z&ids=1,2",
			status: 200, respCT: jsonCT, respBody: `{"data":[` + person + `],` + paging + `}`}},
		{"people list with Rails array filters", ex{method: "GET", url: apiURL + "/v2/people?email_addresses%5B%5D=a@example.com&email_addresses%5B%5D=b@example.com",
			status: 200, respCT: jsonCT, respBody: `{"data":[],` + paging + `}`}},
		{"people create by phone and last name", ex{method: "POST", url: apiURL + "/v2/people.json", reqCT: jsonCT,
			reqBody: `{"phone":"+1-555-0100","last_name":"Doe"}`, status: 200, respCT: jsonCT, respBody: `{"data":` + person + `}`}},
		{"person delete", ex{method: "DELETE", url: apiURL + "/v2/people/7", status: 204}},
		{"account create", ex{method: "POST", url: apiURL + "/v2/accounts", reqCT: jsonCT, reqBody: `{"name":"Example","domain":"example.com"}`,
			status: 200, respCT: jsonCT, respBody: `{"data":{"id":1,"name":"Example","domain":"example.com","owner":null}}`}},
		{"cadence export", ex{method: "GET", url: apiURL + "/v2/cadence_exports/1.json", status: 200, respCT: jsonCT, respBody: export}},
		{"cadence import", ex{method: "POST", url: apiURL + "/v2/cadence_imports", reqCT: jsonCT,
			reqBody: `{"settings":{"name":"Copy"},"sharing_settings":{"team_cadence":false,"shared":false},"cadence_content":{"step_groups":[]}}`,
			status:  200, respCT: jsonCT, respBody: `{"data":{"cadence":{"id":42}}}`}},
		{"cadence import onto an existing cadence", ex{method: "POST", url: apiURL + "/v2/cadence_imports", reqCT: jsonCT,
			reqBody: `{"cadence_content":{"cadence_id":5,"step_groups":[]}}`,
			status:  200, respCT: jsonCT, respBody: `{"data":{"cadence":{"id":5,"_href":"https://api.salesloft.com/v2/cadences/5"}}}`}},
		{"membership by query parameters", ex{method: "POST", url: apiURL + "/v2/cadence_memberships?person_id=7&cadence_id=1",
			status: 200, respCT: jsonCT, respBody: `{"data":{"id":5,"person":{"id":7},"cadence":{"id":1},"current_state":"staged"}}`}},
		{"membership by JSON body", ex{method: "POST", url: apiURL + "/v2/cadence_memberships", reqCT: jsonCT,
			reqBody: `{"person_id":7,"cadence_id":1}`, status: 200, respCT: jsonCT, respBody: `{"data":{"id":5}}`}},
		{"webhook create", ex{method: "POST", url: apiURL + "/v2/webhook_subscriptions", reqCT: jsonCT,
			reqBody: `{"callback_url":"https://h.example.com","callback_token":"t","event_type":"person_created"}`, status: 200, respCT: jsonCT,
			respBody: `{"data":{"id":3,"callback_url":"https://h.example.com","callback_token":"t","event_type":"person_created","enabled":true,"tenant_id":"16","user_guid":null}}`}},
		{"webhook list without metadata", ex{method: "GET", url: apiURL + "/v2/webhook_subscriptions?enabled=true", status: 200, respCT: jsonCT,
			respBody: `{"data":[{"id":3,"callback_url":"u","event_type":"person_created","enabled":true,"tenant_id":16}]}`}},
		{"webhook disable", ex{method: "PUT", url: apiURL + "/v2/webhook_subscriptions/3", reqCT: jsonCT, reqBody: `{"enabled":false}`,
			status: 200, respCT: jsonCT, respBody: `{"data":{"id":3,"callback_url":"u","event_type":"person_created","enabled":false}}`}},
		{"request without an answer", ex{method: "GET", url: apiURL + "/v2/me"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range c.Validate(context.Background(), tt.ex.build(t)) {
				t.Errorf("unexpected violation: %s [pointer %q]", v.Error(), v.Pointer)
			}
		})
	}
}

func TestValidateRequestAndResponseSeparately(t *testing.T) {
	c := mustLoad(t)
	x := ex{method: "GET", url: apiURL + "/v2/people?per_page=500", status: 200, respCT: jsonCT, respBody: `{}`}.build(t)
	for _, v := range c.ValidateRequest(context.Background(), x) {
		if v.Direction != DirectionRequest {
			t.Errorf("ValidateRequest returned a %s violation: %s", v.Direction, v.Error())
		}
	}
	if len(c.ValidateRequest(context.Background(), x)) == 0 {
		t.Error("ValidateRequest missed per_page=500")
	}
	resp := c.ValidateResponse(context.Background(), x)
	if len(resp) == 0 {
		t.Error("ValidateResponse missed the body without data")
	}
	for _, v := range resp {
		if v.Direction != DirectionResponse {
			t.Errorf("ValidateResponse returned a %s violation: %s", v.Direction, v.Error())
		}
	}
	unknown := ex{method: "GET", url: apiURL + "/v2/nope", status: 200}.build(t)
	for name, vs := range map[string][]Violation{
		"ValidateRequest":  c.ValidateRequest(context.Background(), unknown),
		"ValidateResponse": c.ValidateResponse(context.Background(), unknown),
	} {
		if len(vs) != 1 || vs[0].Rule != RuleUnknownOperation {
			t.Errorf("%s on an unknown operation = %v, want one %s violation", name, vs, RuleUnknownOperation)
		}
	}
}

func TestViolationError(t *testing.T) {
	tests := []struct {
		v    Violation
		want string
	}{
		{Violation{Operation: "GET /v2/me", Method: "GET", Path: "/v2/me.json", Direction: DirectionResponse,
			Rule: RuleResponseBody, Pointer: "$.data.email", Message: "value must be a string"},
			"contract: GET /v2/me: response $.data.email: value must be a string (rule response-body)"},
		{Violation{Method: "GET", Path: "/v2/widgets", Direction: DirectionRequest, Rule: RuleUnknownOperation,
			Message: "no operation matches"},
			"contract: GET /v2/widgets: request: no operation matches (rule unknown-operation)"},
	}
	for _, tt := range tests {
		if got := tt.v.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

// TestViolationsRepeatNoValues checks that secrets in bodies never reach violation messages.
func TestViolationsRepeatNoValues(t *testing.T) {
	c := mustLoad(t)
	const secret = "s3cr3t-token-value-0123456789"
	tests := []ex{
		{method: "POST", url: accURL + "/oauth/token", reqCT: jsonCT,
			reqBody: `{"grant_type":"` + secret + `","client_secret":"` + secret + `"}`,
			status:  200, respCT: jsonCT, respBody: `{"access_token":["` + secret + `"],"token_type":"` + secret + `"}`},
		{method: "POST", url: apiURL + "/v2/webhook_subscriptions", reqCT: jsonCT,
			reqBody: `{"callback_url":"u","callback_token":7,"event_type":"` + secret + `"}`,
			status:  200, respCT: jsonCT, respBody: `{"data":{"id":1,"callback_token":["` + secret + `"]}}`},
	}
	for _, tt := range tests {
		vs := c.Validate(context.Background(), tt.build(t))
		if len(vs) == 0 {
			t.Fatalf("%s %s: want violations", tt.method, tt.url)
		}
		for _, v := range vs {
			if strings.Contains(v.Error(), secret) {
				t.Errorf("violation repeats a value: %s", v.Error())
			}
		}
	}
}

func TestValidateConcurrent(t *testing.T) {
	c := mustLoad(t)
	good := meExchange(t)
	bad := ex{method: "GET", url: apiURL + "/v2/me", status: 200, respCT: jsonCT, respBody: meWith("email", "")}.build(t)
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for i := range 16 {
		wg.Go(func() {
			for range 20 {
				x, want := good, 0
				if i%2 == 1 {
					x, want = bad, 1
				}
				if got := len(c.Validate(context.Background(), x)); got != want {
					errs <- "concurrent Validate gave a different answer"
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
