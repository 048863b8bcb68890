// Package oauth holds the specs for the OAuth 2.0 migration: the
// authorization-code flow with rotating refresh tokens, client credentials,
// legacy API keys and scopes.
package oauth

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/loftgate/loftgate/harness/auth"
	"github.com/loftgate/loftgate/harness/run"
	"github.com/loftgate/loftgate/suites/spec"
)

// tokenRequests returns the spec's requests to the target's token URL
// (the configured token_url, wherever the OAuth server has it) with the
// given grant type ("" for any).
func tokenRequests(exs []run.Exchange, grant string) []run.Exchange {
	tokenPath := "/oauth/token"
	if u, err := url.Parse(spec.Target().OAuth().TokenURL); err == nil && u.Path != "" {
		tokenPath = u.Path
	}
	var out []run.Exchange
	for _, e := range exs {
		if e.Method != http.MethodPost || strings.TrimRight(e.Path, "/") != strings.TrimRight(tokenPath, "/") {
			continue
		}
		if grant == "" || grantOf(e) == grant {
			out = append(out, e)
		}
	}
	return out
}

// grantOf reads grant_type from a token request's form-encoded body or,
// failing that, its query string ("" when neither has it). The harness's
// OAuth client sends forms, so a JSON body is not read.
func grantOf(e run.Exchange) string {
	if v, err := url.ParseQuery(string(e.RequestBody)); err == nil && v.Get("grant_type") != "" {
		return v.Get("grant_type")
	}
	if q, err := url.ParseQuery(e.Query); err == nil {
		return q.Get("grant_type")
	}
	return ""
}

// bearer is the access token an exchange was sent with.
func bearer(e run.Exchange) string {
	return strings.TrimPrefix(e.RequestHeader.Get("Authorization"), "Bearer ")
}

// orderStore is a token store that remembers how many exchanges the spec
// had made when each token was saved, to prove a rotated refresh token is
// stored before the new access token is used.
type orderStore struct {
	saves []savedAt
}

type savedAt struct {
	tok       auth.Token
	exchanges int
}

func (s *orderStore) Load() (*auth.Token, error) {
	if len(s.saves) == 0 {
		return nil, auth.ErrNoToken
	}
	tok := s.saves[len(s.saves)-1].tok
	return &tok, nil
}

func (s *orderStore) Save(tok *auth.Token) error {
	s.saves = append(s.saves, savedAt{tok: *tok, exchanges: len(run.Exchanges())})
	return nil
}
