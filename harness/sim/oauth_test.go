package sim

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestAuthorizeRedirectsWithCode(t *testing.T) {
	h := newHarness(t, Options{})
	q := url.Values{"client_id": {DefaultClientID}, "redirect_uri": {DefaultRedirectURI},
		"response_type": {"code"}, "state": {"st-1"}, "scope": {"people:read team:read"}}
	r := h.do("GET", "/oauth/authorize?"+q.Encode(), nil)
	if r.status != http.StatusFound {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	loc, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != DefaultRedirectURI {
		t.Errorf("redirected to %s, want %s", got, DefaultRedirectURI)
	}
	for key, want := range map[string]string{"state": "st-1", "context": authContext, "scope": "people:read team:read"} {
		if got := loc.Query().Get(key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if !strings.HasPrefix(loc.Query().Get("code"), "sim-code-") {
		t.Errorf("code = %q", loc.Query().Get("code"))
	}
}

func TestAuthorizeRejects(t *testing.T) {
	h := newHarness(t, Options{})
	base := url.Values{"client_id": {DefaultClientID}, "redirect_uri": {DefaultRedirectURI}, "response_type": {"code"}, "state": {"s"}}
	with := func(k, v string) string {
		q := url.Values{}
		for key, vs := range base {
			q[key] = vs
		}
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
		return q.Encode()
	}
	tests := []struct {
		name      string
		query     string
		status    int
		redirErr  string // error in the redirect, when redirected
		pageError string // error code on the HTML page otherwise
	}{
		{"unknown client", with("client_id", "nope"), 401, "", "invalid_client"},
		{"missing redirect", with("redirect_uri", ""), 400, "", "invalid_request"},
		{"unregistered redirect", with("redirect_uri", "http://evil.example/cb"), 400, "", "invalid_redirect_uri"},
		{"response type token", with("response_type", "token"), 302, "unsupported_response_type", ""},
		{"unknown scope", with("scope", "people:read nukes:launch"), 302, "invalid_scope", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do("GET", "/oauth/authorize?"+tc.query, nil)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if tc.redirErr != "" {
				loc, err := url.Parse(r.header.Get("Location"))
				if err != nil {
					t.Fatal(err)
				}
				if loc.Query().Get("error") != tc.redirErr || loc.Query().Get("state") != "s" || loc.Query().Get("code") != "" {
					t.Fatalf("redirect %s, want error=%s with state and no code", loc, tc.redirErr)
				}
				return
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Fatalf("content type %q, want an HTML page", ct)
			}
			if !strings.Contains(string(r.body), tc.pageError) || r.header.Get("Location") != "" {
				t.Fatalf("page does not name %s (or redirected): %s", tc.pageError, r.body)
			}
		})
	}
}

func TestManualApprove(t *testing.T) {
	h := newHarness(t, Options{ManualApprove: true})
	q := url.Values{"client_id": {DefaultClientID}, "redirect_uri": {DefaultRedirectURI}, "response_type": {"code"}, "state": {"s"}}
	page := h.do("GET", "/oauth/authorize?"+q.Encode(), nil)
	if page.status != http.StatusOK || !strings.Contains(string(page.body), `<form method="post" action="/oauth/authorize">`) {
		t.Fatalf("want a login page, got %d: %s", page.status, page.body)
	}
	post := func(pairs ...string) resp {
		all := []string{"client_id", DefaultClientID, "redirect_uri", DefaultRedirectURI, "response_type", "code", "state", "s"}
		return h.do("POST", "/oauth/authorize", form(append(all, pairs...)...))
	}
	if r := post("email", "nobody@example.com", "password", "x", "decision", "approve"); r.status != http.StatusUnauthorized {
		t.Fatalf("unknown user: status %d, want 401", r.status)
	}
	deny := post("email", "sim.user@example.com", "password", "x", "decision", "deny")
	if loc := deny.header.Get("Location"); deny.status != http.StatusFound || !strings.Contains(loc, "error=access_denied") {
		t.Fatalf("deny: %d %s", deny.status, loc)
	}
	ok := post("email", "alex.rivera@example.com", "password", "x", "decision", "approve")
	loc, err := url.Parse(ok.header.Get("Location"))
	if err != nil || ok.status != http.StatusFound || loc.Query().Get("code") == "" {
		t.Fatalf("approve: %d %s", ok.status, ok.header.Get("Location"))
	}
	tok := h.exchange(loc.Query().Get("code")).json(t)["access_token"].(string)
	if me := dataOf(t, h.bearer(tok, "GET", "/v2/me", nil)); me["id"] != float64(2) {
		t.Fatalf("signed in as alex, /v2/me is user %v", me["id"])
	}
}

func TestTokenEncodingsAndClientAuth(t *testing.T) {
	tests := []struct {
		name string
		send func(h *harness, code string) resp
	}{
		{"json body", func(h *harness, code string) resp { return h.exchange(code) }},
		{"form body", func(h *harness, code string) resp {
			return h.do("POST", "/oauth/token", form("grant_type", "authorization_code", "code", code,
				"client_id", DefaultClientID, "client_secret", DefaultClientSecret, "redirect_uri", DefaultRedirectURI))
		}},
		{"query parameters", func(h *harness, code string) resp {
			return h.do("POST", "/oauth/token?"+form("grant_type", "authorization_code", "code", code,
				"client_id", DefaultClientID, "client_secret", DefaultClientSecret, "redirect_uri", DefaultRedirectURI), nil)
		}},
		{"basic auth", func(h *harness, code string) resp {
			return h.do("POST", "/oauth/token", form("grant_type", "authorization_code", "code", code,
				"redirect_uri", DefaultRedirectURI), "Authorization", basic(DefaultClientID, DefaultClientSecret))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			r := tc.send(h, h.authorizeCode())
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			tok := r.json(t)
			if tok["token_type"] != "Bearer" || tok["expires_in"] != float64(7200) ||
				tok["created_at"] != float64(DefaultStart.Unix()) || tok["refresh_token"] == nil {
				t.Fatalf("token response %s", r.body)
			}
			if !strings.HasPrefix(tok["access_token"].(string), "sim-at-") || r.header.Get("Cache-Control") != "no-store" {
				t.Fatalf("token %v, cache-control %q", tok["access_token"], r.header.Get("Cache-Control"))
			}
			if me := h.bearer(tok["access_token"].(string), "GET", "/v2/me", nil); me.status != http.StatusOK {
				t.Fatalf("token does not work: %d %s", me.status, me.body)
			}
		})
	}
}

func TestBasicAuthDecodesFormEncoding(t *testing.T) {
	h := newHarness(t, Options{Clients: []Client{{ID: "app one", Secret: "s3cr+t/=x", ClientCredentials: true}}})
	r := h.do("POST", "/oauth/token", form("grant_type", "client_credentials"), "Authorization", basic("app one", "s3cr+t/=x"))
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
}

func TestTokenErrors(t *testing.T) {
	h := newHarness(t, Options{Clients: []Client{
		{ID: DefaultClientID, Secret: DefaultClientSecret, RedirectURIs: []string{DefaultRedirectURI, "http://127.0.0.1:9/other"}, ClientCredentials: true},
		{ID: "no-cc", Secret: "no-cc-secret", RedirectURIs: []string{DefaultRedirectURI}},
	}})
	cc := func(pairs ...string) resp { return h.do("POST", "/oauth/token", form(pairs...)) }
	tests := []struct {
		name   string
		r      func() resp
		status int
		code   string
	}{
		{"missing grant type", func() resp { return cc("client_id", DefaultClientID, "client_secret", DefaultClientSecret) }, 400, errInvalidRequest},
		{"unsupported grant", func() resp {
			return cc("grant_type", "password", "client_id", DefaultClientID, "client_secret", DefaultClientSecret)
		}, 400, errUnsupportedGrant},
		{"wrong secret", func() resp {
			return cc("grant_type", "client_credentials", "client_id", DefaultClientID, "client_secret", "nope")
		}, 401, errInvalidClient},
		{"unknown client", func() resp { return cc("grant_type", "client_credentials", "client_id", "x", "client_secret", "y") }, 401, errInvalidClient},
		{"no client auth", func() resp { return cc("grant_type", "client_credentials") }, 401, errInvalidClient},
		{"wrong basic secret", func() resp {
			return h.do("POST", "/oauth/token", form("grant_type", "client_credentials"), "Authorization", basic(DefaultClientID, "bad"))
		}, 401, errInvalidClient},
		{"cc not allowed", func() resp {
			return cc("grant_type", "client_credentials", "client_id", "no-cc", "client_secret", "no-cc-secret")
		}, 400, errUnauthorizedClient},
		{"unknown scope", func() resp {
			return cc("grant_type", "client_credentials", "client_id", DefaultClientID, "client_secret", DefaultClientSecret, "scope", "people:read bogus:read")
		}, 400, errInvalidScope},
		{"missing code", func() resp {
			return cc("grant_type", "authorization_code", "client_id", DefaultClientID, "client_secret", DefaultClientSecret)
		}, 400, errInvalidRequest},
		{"unknown code", func() resp {
			return cc("grant_type", "authorization_code", "code", "sim-code-nope", "client_id", DefaultClientID,
				"client_secret", DefaultClientSecret, "redirect_uri", DefaultRedirectURI)
		}, 400, errInvalidGrant},
		{"code for another redirect uri", func() resp {
			return cc("grant_type", "authorization_code", "code", h.authorizeCode(), "client_id", DefaultClientID,
				"client_secret", DefaultClientSecret, "redirect_uri", "http://127.0.0.1:9/other")
		}, 400, errInvalidGrant},
		{"code of another client", func() resp {
			return cc("grant_type", "authorization_code", "code", h.authorizeCode(), "client_id", "no-cc",
				"client_secret", "no-cc-secret", "redirect_uri", DefaultRedirectURI)
		}, 400, errInvalidGrant},
		{"unknown refresh token", func() resp {
			return cc("grant_type", "refresh_token", "refresh_token", "sim-rt-nope", "client_id", DefaultClientID, "client_secret", DefaultClientSecret)
		}, 400, errInvalidGrant},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r()
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			body := r.json(t)
			if body["error"] != tc.code || body["error_description"] != oauthDescriptions[tc.code] {
				t.Fatalf("body %s, want error %s", r.body, tc.code)
			}
		})
	}
	// The exact bodies of API-FACTS §1.1 and §5.
	r := cc("grant_type", "client_credentials", "client_id", DefaultClientID, "client_secret", "nope")
	if want := `{"error":"invalid_client","error_description":"Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."}`; string(r.body) != want {
		t.Errorf("invalid_client body %s, want %s", r.body, want)
	}
	r = cc("grant_type", "refresh_token", "refresh_token", "x", "client_id", DefaultClientID, "client_secret", DefaultClientSecret)
	if want := `{"error":"invalid_grant","error_description":"The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."}`; string(r.body) != want {
		t.Errorf("invalid_grant body %s, want %s", r.body, want)
	}
}

func TestCodeIsSingleUseAndExpires(t *testing.T) {
	h := newHarness(t, Options{})
	code := h.authorizeCode()
	if r := h.exchange(code); r.status != http.StatusOK {
		t.Fatalf("first use: %d %s", r.status, r.body)
	}
	if r := h.exchange(code); r.status != http.StatusBadRequest || r.json(t)["error"] != errInvalidGrant {
		t.Fatalf("second use: %d %s, want invalid_grant", r.status, r.body)
	}
	fresh := h.authorizeCode()
	h.sim.Advance(codeLifetime - time.Second)
	if r := h.exchange(fresh); r.status != http.StatusOK {
		t.Fatalf("just before expiry: %d %s", r.status, r.body)
	}
	stale := h.authorizeCode()
	h.sim.Advance(codeLifetime)
	if r := h.exchange(stale); r.status != http.StatusBadRequest || r.json(t)["error"] != errInvalidGrant {
		t.Fatalf("expired code: %d %s, want invalid_grant", r.status, r.body)
	}
}

func TestRefreshRotation(t *testing.T) {
	h := newHarness(t, Options{})
	first := h.tokens()["refresh_token"].(string)
	refresh := func(rt string) resp {
		return h.do("POST", "/oauth/token", map[string]any{"grant_type": "refresh_token", "refresh_token": rt,
			"client_id": DefaultClientID, "client_secret": DefaultClientSecret})
	}
	r := refresh(first)
	if r.status != http.StatusOK {
		t.Fatalf("refresh: %d %s", r.status, r.body)
	}
	second := r.json(t)["refresh_token"].(string)
	if second == first || second == "" {
		t.Fatalf("refresh token did not rotate: %q", second)
	}
	if r := refresh(first); r.status != http.StatusBadRequest || r.json(t)["error"] != errInvalidGrant {
		t.Fatalf("old refresh token: %d %s, want invalid_grant", r.status, r.body)
	}
	third := refresh(second).json(t)["refresh_token"].(string)
	for _, old := range []string{first, second} {
		if r := refresh(old); r.status != http.StatusBadRequest {
			t.Fatalf("older token %s still works after two rotations", old[:10])
		}
	}
	if r := refresh(third); r.status != http.StatusOK {
		t.Fatalf("newest token: %d %s", r.status, r.body)
	}
}

func TestClientCredentialsHasNoRefreshToken(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.do("POST", "/oauth/token", map[string]any{"grant_type": "client_credentials",
		"client_id": DefaultClientID, "client_secret": DefaultClientSecret, "scope": "people:read"})
	tok := r.json(t)
	if r.status != http.StatusOK || tok["refresh_token"] != nil || tok["scope"] != "people:read" {
		t.Fatalf("client credentials: %d %s", r.status, r.body)
	}
	at := tok["access_token"].(string)
	if r := h.bearer(at, "GET", "/v2/people", nil); r.status != http.StatusOK {
		t.Fatalf("granted scope refused: %d", r.status)
	}
	wantError(t, h.bearer(at, "POST", "/v2/people", map[string]any{"email_address": "n@example.com"}),
		http.StatusForbidden, "The access token does not have the required scopes: people:write")
}

func TestAccessTokenExpires(t *testing.T) {
	h := newHarness(t, Options{})
	at := h.tokens()["access_token"].(string)
	h.sim.Advance(tokenLifetime - time.Second)
	if r := h.bearer(at, "GET", "/v2/me", nil); r.status != http.StatusOK {
		t.Fatalf("before expiry: %d", r.status)
	}
	h.sim.Advance(time.Second)
	r := h.bearer(at, "GET", "/v2/me", nil)
	wantError(t, r, http.StatusUnauthorized, msgExpiredToken)
	if !strings.Contains(r.header.Get("Www-Authenticate"), `error="invalid_token"`) {
		t.Errorf("WWW-Authenticate = %q", r.header.Get("Www-Authenticate"))
	}
}
