package contract

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// standardOAuthServer answers at its own paths, as a certified OAuth 2.0 server does: /token
// issues tokens, /auth sends the browser through /interaction/1 and /auth/1 before redirecting
// to the client.
func standardOAuthServer(t *testing.T) *httptest.Server {
	t.Helper()
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/token":
			w.Header().Set("Content-Type", jsonCT)
			write(t, w, `{"access_token":"at","token_type":"Bearer","expires_in":7200,"refresh_token":"rt","scope":""}`)
		case "/auth":
			http.Redirect(w, r, "/interaction/1", http.StatusSeeOther) // as oidc-provider does
		case "/interaction/1":
			http.Redirect(w, r, "/auth/1", http.StatusFound)
		case "/auth/1":
			http.Redirect(w, r, "http://127.0.0.1:1/callback?code=c&state=s", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
}

// oauthClient sends requests through a validating Transport that stops at the callback.
func oauthClient(t *testing.T, endpoints OAuthEndpoints) (*http.Client, *observed) {
	t.Helper()
	obs := &observed{}
	tr := &Transport{Contract: mustLoad(t), Observe: obs.observe, OAuth: endpoints}
	return &http.Client{Transport: tr, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if strings.Contains(req.URL.Path, "/callback") {
			return http.ErrUseLastResponse
		}
		return nil
	}}, obs
}

func TestConfiguredOAuthEndpointsAreTheOAuthOperations(t *testing.T) {
	srv := standardOAuthServer(t)
	defer srv.Close()
	form := "grant_type=authorization_code&code=c&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcallback&client_id=id&client_secret=s"
	run := func(t *testing.T, endpoints OAuthEndpoints) []observation {
		client, obs := oauthClient(t, endpoints)
		resp, err := client.Get(srv.URL + "/auth?client_id=id&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcallback&response_type=code&state=s")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound {
			t.Fatalf("authorize ended with %d, want the redirect to the callback", resp.StatusCode)
		}
		resp, err = client.Post(srv.URL+"/token", "application/x-www-form-urlencoded", strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return obs.all()
	}

	t.Run("configured", func(t *testing.T) {
		calls := run(t, OAuthEndpoints{Authorize: srv.URL + "/auth", Token: srv.URL + "/token"})
		if len(calls) != 2 {
			t.Fatalf("observed %d exchanges, want the authorize request and the token request (hops are not API calls)", len(calls))
		}
		for i, want := range []string{authorizeOperation, tokenOperation} {
			if calls[i].op.Key != want {
				t.Errorf("exchange %d (%s) is operation %q, want %q", i, calls[i].ex.URL.Path, calls[i].op.Key, want)
			}
			if len(calls[i].violations) != 0 {
				t.Errorf("exchange %d: violations on correct traffic: %v", i, calls[i].violations)
			}
		}
		if calls[1].ex.URL.Path != "/token" {
			t.Errorf("Observe got path %q; it must see the real URL", calls[1].ex.URL.Path)
		}
	})

	// The same traffic without the configured URLs: every endpoint and hop is unknown. This is
	// what loftgate reported before endpoints were configurable in the contract.
	t.Run("not configured", func(t *testing.T) {
		calls := run(t, OAuthEndpoints{})
		unknown := 0
		for _, c := range calls {
			for _, v := range c.violations {
				if v.Rule == RuleUnknownOperation {
					unknown++
				}
			}
		}
		if unknown < 2 {
			t.Errorf("unknown-operation violations = %d, want the /auth and /token requests flagged", unknown)
		}
	})
}

func TestOAuthEndpointsMatchHostAndPath(t *testing.T) {
	e := OAuthEndpoints{Authorize: "http://idp.test/auth", Token: "http://idp.test/token"}
	for _, tc := range []struct {
		method, url string
		want        string
	}{
		{"POST", "http://idp.test/token", tokenOperation},
		{"POST", "http://idp.test/token/", tokenOperation},
		{"GET", "http://idp.test/auth?client_id=x", authorizeOperation},
		{"POST", "http://other.test/token", ""},
		{"GET", "http://idp.test/token", ""},
		{"POST", "http://idp.test/token/introspect", ""},
	} {
		req, err := http.NewRequest(tc.method, tc.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := e.operationFor(tc.method, req.URL)
		if got != tc.want {
			t.Errorf("%s %s = %q, want %q", tc.method, tc.url, got, tc.want)
		}
	}
	if got, ok := (OAuthEndpoints{}).operationFor("POST", nil); ok || got != "" {
		t.Errorf("a nil URL matched %q", got)
	}
}
