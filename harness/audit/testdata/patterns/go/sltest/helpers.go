// Package sltest has helpers for tests that talk to SalesLoft; it imports
// testing, so it is test code wherever it lives.
package sltest

import (
	"net/http"
	"testing"
)

// MustMe fails the test unless the token can read /v2/me.
func MustMe(t *testing.T, token string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "https://api.salesloft.com/v2/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if _, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
}
