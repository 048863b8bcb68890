package auth

import (
	"context"
	"errors"
)

// apiKey is the TokenSource of APIKey. It keeps the key unexported and prints redacted.
type apiKey struct{ key string }

// APIKey returns a TokenSource for a SalesLoft API key, which is sent exactly like an
// OAuth access token (Authorization: Bearer <key>; API-FACTS §1.4). It never refreshes;
// its Invalidate is a no-op, so a client retrying after a 401 sees the same key and stops.
func APIKey(key string) TokenSource { return apiKey{key: key} }

// Token returns the key as a Bearer token with no expiry.
func (k apiKey) Token(context.Context) (*Token, error) {
	if k.key == "" {
		return nil, errors.New("auth: the API key is empty; set SALESLOFT_API_KEY (or api_key in loftgate.yaml)")
	}
	return &Token{AccessToken: k.key, TokenType: "Bearer"}, nil
}

// Invalidate does nothing: an API key cannot be renewed.
func (apiKey) Invalidate(string) {}

// String hides the key.
func (apiKey) String() string { return "auth.APIKey([redacted])" }

// GoString hides the key.
func (k apiKey) GoString() string { return k.String() }
