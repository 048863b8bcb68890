package target

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/loftgate/loftgate/harness/auth"
	"github.com/loftgate/loftgate/harness/config"
)

// standardIdP is an OAuth 2.0 server at its own paths: /auth sends the
// browser through an interaction page to /auth/resume, which redirects to the
// client with a code (or, when deny is set, with error=access_denied); /token
// issues a token.
func standardIdP(t *testing.T, redirect string, deny bool) *httptest.Server {
	t.Helper()
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.WriteHeader(http.StatusOK)
		case "/auth":
			http.Redirect(w, r, "/interaction/1", http.StatusSeeOther)
		case "/interaction/1":
			http.Redirect(w, r, "/auth/resume", http.StatusSeeOther)
		case "/auth/resume":
			if deny {
				http.Redirect(w, r, redirect+"?error=access_denied&state=loftgate-spec", http.StatusSeeOther)
				return
			}
			http.Redirect(w, r, redirect+"?code=the-code&state=loftgate-spec", http.StatusSeeOther)
		case "/token":
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_, _ = w.Write([]byte(`{"access_token":"idp-access-token","token_type":"Bearer","expires_in":7200,"refresh_token":"idp-refresh-token","scope":"openid"}`))
		default:
			http.NotFound(w, r)
		}
	}))
}

// liveOn starts a live target whose OAuth endpoints are the IdP's own paths.
func liveOn(t *testing.T, idp *httptest.Server, redirect string) *Target {
	t.Helper()
	cfg := config.Default()
	cfg.Target = config.TargetLive
	cfg.AccountsURL, cfg.APIURL = idp.URL, idp.URL
	cfg.AuthorizeURL, cfg.TokenURL = idp.URL+"/auth", idp.URL+"/token"
	cfg.ClientID, cfg.ClientSecret, cfg.RedirectURI = "client", config.Secret("client-secret"), redirect
	cfg.TokenFile = filepath.Join(t.TempDir(), "token.json")
	tg, err := Start(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tg.Close() })
	return tg
}

func TestConfiguredOAuthEndpointsOnALiveTarget(t *testing.T) {
	const redirect = "http://127.0.0.1:8976/callback"
	idp := standardIdP(t, redirect, false)
	defer idp.Close()
	tg := liveOn(t, idp, redirect)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	tg.BeginSpec("standard idp")
	tok, _, err := tg.UserToken(ctx)
	out := tg.EndSpec()
	if err != nil {
		t.Fatalf("UserToken: %v", err)
	}
	if tok.AccessToken != "idp-access-token" {
		t.Fatalf("access token %q", tok.AccessToken)
	}
	if len(out.Violations) != 0 {
		t.Errorf("violations on a standard server's endpoints and redirect hops: %v", out.Violations)
	}
	var ops []string
	for _, e := range out.Exchanges {
		ops = append(ops, e.Method+" "+e.Path+" = "+e.Operation)
	}
	want := []string{"GET /auth = GET /oauth/authorize", "POST /token = POST /oauth/token"}
	if len(ops) != len(want) || ops[0] != want[0] || ops[1] != want[1] {
		t.Errorf("exchanges %q, want %q (hops are not API calls)", ops, want)
	}
	if tg.Secrets.Scrub("idp-refresh-token") == "idp-refresh-token" {
		t.Error("the token response at the configured token URL did not teach the run its secrets")
	}
}

func TestAccessDeniedCallbackOnALiveTarget(t *testing.T) {
	const redirect = "http://127.0.0.1:8976/callback"
	idp := standardIdP(t, redirect, true)
	defer idp.Close()
	tg := liveOn(t, idp, redirect)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, _, err := tg.UserToken(ctx)
	if !errors.Is(err, auth.ErrAccessDenied) {
		t.Fatalf("err = %v, want the callback's access_denied", err)
	}
}
