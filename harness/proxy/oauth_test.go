package proxy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/secret"
)

const canaryIssued = "canary-standard-server-token-77"

// standardServer is an OAuth 2.0 server at its own paths, as certified
// servers are: authorize at /auth redirecting (303) through its login page
// /interaction/{uid}, whose form posts to /interaction/{uid}/login and
// resumes the authorize request at /auth/{uid}, which sends the browser to
// the application's callback; tokens at /token.
func standardServer() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		switch {
		case r.Method == "GET" && r.URL.Path == "/auth":
			http.Redirect(w, r, "/interaction/u1", http.StatusSeeOther)
		case r.Method == "GET" && r.URL.Path == "/interaction/u1":
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, `<form method="post" action="/interaction/u1/login"></form>`)
		case r.Method == "POST" && r.URL.Path == "/interaction/u1/login":
			http.Redirect(w, r, "/auth/u1", http.StatusFound)
		case r.Method == "GET" && r.URL.Path == "/auth/u1":
			http.Redirect(w, r, "http://127.0.0.1:8976/callback?code=code-canary-123456&state=s1", http.StatusSeeOther)
		case r.Method == "POST" && r.URL.Path == "/token":
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"access_token":"`+canaryIssued+`","token_type":"Bearer","expires_in":7200,"refresh_token":"refresh-canary-123456","scope":"openid","created_at":1767225600}`)
		default:
			http.NotFound(w, r)
		}
	})
}

// authorizeThrough walks a browser's authorize step and a token request
// through the proxy at base.
func authorizeThrough(t *testing.T, base string) {
	t.Helper()
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, path, referer, ct, body string) *http.Response {
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if referer != "" {
			req.Header.Set("Referer", base+referer)
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		resp, err := browser.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	q := url.Values{"client_id": {"cid"}, "redirect_uri": {"http://127.0.0.1:8976/callback"}, "response_type": {"code"}, "state": {"s1"}, "scope": {"openid"}}
	resp := do("GET", "/auth?"+q.Encode(), "", "", "")
	for hop := 0; resp.StatusCode >= 300 && resp.StatusCode < 400 && hop < 5; hop++ {
		loc, err := resp.Request.URL.Parse(resp.Header.Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		if loc.Host != resp.Request.URL.Host {
			break // the callback: the application's, not the proxy's
		}
		resp = do("GET", loc.RequestURI(), "", "", "")
		if loc.Path == "/interaction/u1" { // the login page: submit its form
			resp = do("POST", "/interaction/u1/login", "/interaction/u1", "application/x-www-form-urlencoded", "login=user&password=pw-canary-123456")
		}
	}
	if got := resp.Header.Get("Location"); !strings.Contains(got, "/callback?code=") {
		t.Fatalf("the authorize step did not reach the callback: %d %q", resp.StatusCode, got)
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {"code-canary-123456"}, "redirect_uri": {"http://127.0.0.1:8976/callback"}, "client_id": {"cid"}, "client_secret": {"secret-canary-123456"}}
	if resp := do("POST", "/token", "", "application/x-www-form-urlencoded", form.Encode()); resp.StatusCode != 200 {
		t.Fatalf("token: %d", resp.StatusCode)
	}
}

// TestProxyTakesTheConfiguredOAuthURLs: with token_url and authorize_url
// configured, a standard OAuth server's own paths are the OAuth operations
// (no unknown operation), the pages its authorize step redirects through
// are not validated as API calls, and the tokens its token endpoint hands
// out are learned as secrets. Without the configuration (before) /token,
// /auth and every hop were unknown operations and the tokens were not
// learned.
func TestProxyTakesTheConfiguredOAuthURLs(t *testing.T) {
	up := httptest.NewServer(standardServer())
	defer up.Close()
	u, _ := url.Parse(up.URL)
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, configured := range []bool{true, false} {
		var oauth contract.OAuthEndpoints
		if configured {
			oauth = contract.OAuthEndpoints{Authorize: "https://idp.example.com/auth", Token: "https://idp.example.com/token"}
		}
		sec := secret.New()
		p, err := New(u, Options{Contract: c, Secrets: sec, OAuth: oauth})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(p)
		authorizeThrough(t, srv.URL)
		srv.Close()
		var unknown []string
		for _, v := range p.Violations() {
			if v.Rule == contract.RuleUnknownOperation {
				unknown = append(unknown, v.Method+" "+v.Path)
			}
		}
		learnt := !strings.Contains(sec.Scrub(canaryIssued+" code-canary-123456"), "canary")
		if configured {
			if len(unknown) > 0 || len(p.Violations()) > 0 {
				t.Errorf("configured: violations %v", p.Violations())
			}
			if !learnt {
				t.Errorf("configured: the issued token and the code were not learned as secrets")
			}
			if p.Exchanges() != 2 {
				t.Errorf("configured: %d exchanges validated, want 2 (authorize and token; the 3 hops are not API calls)", p.Exchanges())
			}
			continue
		}
		// Without configuration the standard paths are not SalesLoft's: the
		// check above fails on exactly this.
		if len(unknown) == 0 || learnt {
			t.Errorf("unconfigured: unknown operations %v, learnt %v; the test cannot tell the cases apart", unknown, learnt)
		}
	}
}
