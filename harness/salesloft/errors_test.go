package salesloft

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestErrorTypesAndMessages(t *testing.T) {
	sentinels := []error{ErrUnauthorized, ErrForbidden, ErrNotFound, ErrServer, ErrRateLimited}
	tests := []struct {
		name        string
		method      string
		path        string
		status      int
		contentType string
		body        string
		is          error // nil: matches no sentinel
		want        string
		fields      map[string][]string // for a ValidationError
	}{
		{
			name: "401 missing token", method: "GET", path: "/v2/me", status: 401,
			body: `{"error":"No Bearer Token attached to request, please see documentation at developers.salesloft.com"}`,
			is:   ErrUnauthorized,
			want: "salesloft: GET /v2/me: 401 unauthorized: No Bearer Token attached to request, please see documentation at developers.salesloft.com",
		},
		{
			name: "403 missing scope", method: "POST", path: "/v2/people", status: 403,
			body: `{"error":"The access token does not have the required scopes: people:write"}`,
			is:   ErrForbidden,
			want: "salesloft: POST /v2/people: 403 forbidden: permissions error: POST /v2/people needs a scope the token lacks: The access token does not have the required scopes: people:write",
		},
		{
			name: "403 without scope wording", method: "GET", path: "/v2/people/5", status: 403,
			body: `{"error":"Not permitted"}`,
			is:   ErrForbidden,
			want: "salesloft: GET /v2/people/5: 403 forbidden: permissions error: GET /v2/people/5 is not allowed for this token's user: Not permitted",
		},
		{
			name: "404 JSON", method: "GET", path: "/v2/people/999", status: 404,
			body: `{"error":"Not Found"}`,
			is:   ErrNotFound,
			want: "salesloft: GET /v2/people/999: 404 not found: Not Found",
		},
		{
			name: "404 HTML: renamed route", method: "GET", path: "/v2/cadence_steps", status: 404,
			contentType: "text/html; charset=utf-8", body: "<!DOCTYPE html><html><body>The page you were looking for doesn't exist.</body></html>",
			is:   ErrNotFound,
			want: "salesloft: GET /v2/cadence_steps: 404 not found: endpoint not found (HTML 404): the path may have been renamed",
		},
		{
			name: "404 with numeric status field", method: "GET", path: "/v2/accounts/1", status: 404,
			body: `{"status":404,"error":"Record not found"}`,
			is:   ErrNotFound,
			want: "salesloft: GET /v2/accounts/1: 404 not found: Record not found",
		},
		{
			name: "500 on POST is not retried", method: "POST", path: "/v2/people", status: 500,
			body: `{"error":"Internal Server Error"}`,
			is:   ErrServer,
			want: "salesloft: POST /v2/people: 500 internal server error: Internal Server Error",
		},
		{
			name: "502 plain text", method: "POST", path: "/v2/accounts", status: 502,
			contentType: "text/plain", body: "upstream\n  connect error",
			is:   ErrServer,
			want: "salesloft: POST /v2/accounts: 502 bad gateway: upstream connect error",
		},
		{
			name: "400 matches no sentinel", method: "GET", path: "/v2/people", status: 400,
			body: `{"error":"bad filter"}`,
			want: "salesloft: GET /v2/people: 400 bad request: bad filter",
		},
		{
			name: "422 field map, sorted", method: "POST", path: "/v2/people", status: 422,
			body:   `{"errors":{"last_name":["can't be blank"],"email_address":["has already been taken","is invalid"]}}`,
			want:   "salesloft: POST /v2/people: 422 unprocessable entity: email_address has already been taken; email_address is invalid; last_name can't be blank",
			fields: map[string][]string{"email_address": {"has already been taken", "is invalid"}, "last_name": {"can't be blank"}},
		},
		{
			name: "422 single string per field", method: "POST", path: "/v2/cadence_imports", status: 422,
			body:   `{"errors":{"settings":"team_cadence is not a valid field"}}`,
			want:   "salesloft: POST /v2/cadence_imports: 422 unprocessable entity: settings team_cadence is not a valid field",
			fields: map[string][]string{"settings": {"team_cadence is not a valid field"}},
		},
		{
			name: "422 array form lands by attribute", method: "POST", path: "/v2/accounts", status: 422,
			body:   `{"errors":[{"attribute":"domain","message":"is taken"},{"message":"general"}]}`,
			want:   "salesloft: POST /v2/accounts: 422 unprocessable entity: general; domain is taken",
			fields: map[string][]string{"domain": {"is taken"}, "base": {"general"}},
		},
		{
			name: "422 with a plain error", method: "POST", path: "/v2/people", status: 422,
			body:   `{"error":"cadence is not owned by the provided user"}`,
			want:   "salesloft: POST /v2/people: 422 unprocessable entity: cadence is not owned by the provided user",
			fields: map[string][]string{"base": {"cadence is not owned by the provided user"}},
		},
		{
			name: "an echoed token is redacted", method: "POST", path: "/v2/people", status: 401,
			body: `{"error":"token tok-canary-123 is invalid"}`,
			is:   ErrUnauthorized,
			want: "salesloft: POST /v2/people: 401 unauthorized: token [redacted] is invalid",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				ct := tt.contentType
				if ct == "" {
					ct = "application/json"
				}
				w.Header().Set("Content-Type", ct)
				w.WriteHeader(tt.status)
				if _, err := io.WriteString(w, tt.body); err != nil {
					t.Error(err)
				}
			})
			c := s.client(&sleeps{}, WithTokenSource(staticTokens("tok-canary-123")))
			resp, err := c.Do(context.Background(), tt.method, tt.path, nil, nil, nil)
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tt.want {
				t.Errorf("message =\n%s\nwant\n%s", err, tt.want)
			}
			if strings.Contains(err.Error(), "tok-canary-123") {
				t.Error("message leaks the token")
			}
			if resp == nil || resp.Status != tt.status {
				t.Errorf("resp = %+v, want status %d", resp, tt.status)
			}
			for _, s := range sentinels {
				if got := errors.Is(err, s); got != (s == tt.is) {
					t.Errorf("errors.Is(err, %v) = %v", s, got)
				}
			}
			if tt.fields != nil {
				var ve *ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("err is %T, want *ValidationError", err)
				}
				if mustJSON(t, ve.Fields) != mustJSON(t, tt.fields) {
					t.Errorf("Fields = %v, want %v", ve.Fields, tt.fields)
				}
				return
			}
			var ae *APIError
			if !errors.As(err, &ae) || ae.Method != tt.method || ae.Path != tt.path || ae.Status != tt.status {
				t.Errorf("err = %#v, want *APIError for %s %s %d", err, tt.method, tt.path, tt.status)
			}
			if n := len(s.requests()); n != 1 {
				t.Errorf("requests = %d, want 1", n)
			}
		})
	}
}
