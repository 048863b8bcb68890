package auth

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeAccounts is a SalesLoft accounts host modelled on API-FACTS §1: /oauth/authorize
// redirects with a single-use code; /oauth/token accepts client credentials in the body or
// by HTTP Basic, rotates refresh tokens, and answers RFC 6749 errors as Doorkeeper does.
type fakeAccounts struct {
	t            *testing.T
	srv          *httptest.Server
	clientID     string
	clientSecret string
	redirectURI  string
	expiresIn    int // 0 omits expires_in

	tokenRequests atomic.Int64 // requests to /oauth/token

	mu       sync.Mutex
	n        int
	codes    map[string]bool // unused codes
	refresh  string          // the one valid refresh token
	lastForm url.Values
	lastAuth string                         // "body" or "basic"
	hold     chan struct{}                  // when set, /oauth/token waits for it to close
	onToken  func()                         // called for each token request, before answering
	override func(http.ResponseWriter) bool // when it returns true it has answered
}

func newFakeAccounts(t *testing.T) *fakeAccounts {
	t.Helper()
	f := &fakeAccounts{
		t:            t,
		clientID:     "test-client",
		clientSecret: "canary-secret-7f3a9c",
		expiresIn:    7200,
		codes:        map[string]bool{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/oauth/authorize", f.authorize)
	mux.HandleFunc("/oauth/token", f.token)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAccounts) config(clock func() time.Time) *Config {
	return &Config{
		ClientID:     f.clientID,
		ClientSecret: f.clientSecret,
		RedirectURI:  f.redirectURI,
		AuthorizeURL: f.srv.URL + "/oauth/authorize",
		TokenURL:     f.srv.URL + "/oauth/token",
		Clock:        clock,
	}
}

// issueCode makes a code as the authorize endpoint would.
func (f *fakeAccounts) issueCode() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	code := fmt.Sprintf("code-%d", f.n)
	f.codes[code] = true
	return code
}

// setRefresh makes rt the valid refresh token.
func (f *fakeAccounts) setRefresh(rt string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refresh = rt
}

func (f *fakeAccounts) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != f.clientID || q.Get("response_type") != "code" || q.Get("redirect_uri") != f.redirectURI {
		http.Error(w, "bad authorize request", http.StatusBadRequest)
		return
	}
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	v := url.Values{"state": {q.Get("state")}}
	if q.Get("deny") != "" {
		v.Set("error", "access_denied")
		v.Set("error_description", "The resource owner denied the request.")
	} else {
		v.Set("code", f.issueCode())
		v.Set("context", "ctx-1")
	}
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// writeJSON answers status with v as JSON; a failed write fails the test.
func writeJSON(t *testing.T, w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		t.Errorf("fake server: writing response: %v", err)
	}
}

func (f *fakeAccounts) oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(f.t, w, status, map[string]string{"error": code, "error_description": desc})
}

func (f *fakeAccounts) token(w http.ResponseWriter, r *http.Request) {
	f.tokenRequests.Add(1)
	f.mu.Lock()
	hold, onToken, override := f.hold, f.onToken, f.override
	f.mu.Unlock()
	if hold != nil {
		<-hold
	}
	if onToken != nil {
		onToken()
	}
	if override != nil && override(w) {
		return
	}
	if err := r.ParseForm(); err != nil {
		f.oauthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	id, secret, basic := r.BasicAuth()
	style := "basic"
	if !basic {
		id, secret, style = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret"), "body"
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastForm, f.lastAuth = r.PostForm, style
	if id != f.clientID || secret != f.clientSecret {
		f.oauthError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.")
		return
	}
	const grantErr = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."
	withRefresh := true
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		code := r.PostForm.Get("code")
		if !f.codes[code] || r.PostForm.Get("redirect_uri") != f.redirectURI {
			f.oauthError(w, http.StatusBadRequest, "invalid_grant", grantErr)
			return
		}
		delete(f.codes, code)
	case "refresh_token":
		if rt := r.PostForm.Get("refresh_token"); rt == "" || rt != f.refresh {
			f.oauthError(w, http.StatusBadRequest, "invalid_grant", grantErr)
			return
		}
	case "client_credentials":
		withRefresh = false
	default:
		f.oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.")
		return
	}
	f.n++
	body := map[string]any{
		"access_token": fmt.Sprintf("access-%d", f.n),
		"token_type":   "Bearer",
		"scope":        "people:read people:write",
		"created_at":   1767225600,
	}
	if f.expiresIn > 0 {
		body["expires_in"] = f.expiresIn
	}
	if withRefresh {
		f.refresh = fmt.Sprintf("refresh-%d", f.n) // rotation: the previous one is now invalid
		body["refresh_token"] = f.refresh
	}
	writeJSON(f.t, w, http.StatusOK, body)
}

// fakeClock is a settable clock for Config.Clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

var start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func newClock() *fakeClock { return &fakeClock{now: start} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
