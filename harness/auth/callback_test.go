package auth

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

func TestParseCallback(t *testing.T) {
	for _, tc := range []struct {
		name      string
		query     string
		requested []string
		wantCode  string
		wantErr   error
		wantText  string
	}{
		{name: "code", query: "code=abc&state=s", wantCode: "abc"},
		{name: "access denied", query: "error=access_denied&error_description=The+user+said+no&state=s",
			wantErr: ErrAccessDenied, wantText: "error=access_denied"},
		{name: "other error", query: "error=server_error&state=s", wantText: "error=server_error"},
		{name: "error of another login", query: "error=access_denied&state=other", wantErr: ErrStateMismatch},
		{name: "wrong state", query: "code=abc&state=other", wantErr: ErrStateMismatch},
		{name: "nothing", query: "state=s", wantErr: ErrNoCode},
		{name: "scope granted", query: "code=abc&state=s&scope=people:read+accounts:read", requested: []string{"people:read"}, wantCode: "abc"},
		{name: "scope not granted", query: "code=abc&state=s&scope=people:read", requested: []string{"people:read", "accounts:read"},
			wantCode: "abc", wantErr: ErrScopeNotGranted, wantText: "accounts:read"},
		{name: "no scope in callback", query: "code=abc&state=s", requested: []string{"accounts:read"}, wantCode: "abc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			code, err := ParseCallback(q, "s", tc.requested)
			if code != tc.wantCode {
				t.Errorf("code = %q, want %q", code, tc.wantCode)
			}
			if tc.wantErr == nil && tc.wantText == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("err = %v, want %v", err, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("err = %q, want it to contain %q", err, tc.wantText)
			}
			if strings.Contains(err.Error(), "must carry a code") {
				t.Errorf("err = %q reports a missing code for a callback error", err)
			}
		})
	}
}

func TestGranted(t *testing.T) {
	tok := func(extra map[string]any) *Token { return (&oauth2.Token{AccessToken: "a"}).WithExtra(extra) }
	cfg := &Config{Scopes: []string{"people:read", "accounts:read"}}
	if err := cfg.Granted(tok(map[string]any{"scope": "accounts:read people:read team:read"})); err != nil {
		t.Errorf("all granted: %v", err)
	}
	if err := cfg.Granted(tok(map[string]any{})); err != nil {
		t.Errorf("no scope field means the requested scopes: %v", err)
	}
	err := cfg.Granted(tok(map[string]any{"scope": "people:read"}))
	var se *ScopeError
	if !errors.As(err, &se) || !errors.Is(err, ErrScopeNotGranted) {
		t.Fatalf("err = %v, want a *ScopeError", err)
	}
	if len(se.Missing) != 1 || se.Missing[0] != "accounts:read" || !strings.Contains(err.Error(), "the token response") {
		t.Errorf("err = %v, missing %v", err, se.Missing)
	}
	if err := (&Config{}).Granted(tok(map[string]any{"scope": ""})); err != nil {
		t.Errorf("no requested scopes: %v", err)
	}
}
