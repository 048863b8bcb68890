package interop

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// authItems are the AUTH checklist items a standard OAuth 2.0 server can be
// judged on: the code flow, single-use codes, refresh rotation with the old
// token revoked, and invalid_client for a wrong secret.
var authItems = []string{"AUTH-CODE-EXCHANGE", "AUTH-CODE-SINGLE-USE", "AUTH-REFRESH-ROTATION", "AUTH-CC-INVALID-CLIENT"}

// oauthServer is one OAuth server from npm and where it keeps its endpoints.
type oauthServer struct {
	kind                         string // js/oauth-server.mjs argument
	authorize, token, introspect string // paths
	scopes                       []string
	wantPass, wantFail           []string
	// wantFailure is text the failure of each wantFail item must contain.
	wantFailure string
}

// TestStandardOAuthServers runs loftgate's AUTH specs (`loftgate run --target
// live`) against OAuth servers installed from npm, at their own paths, with
// token_url and authorize_url configured. The certified oidc-provider passes
// every item; the lenient oauth2-mock-server, which accepts any code, any
// refresh token and any secret, must fail single-use codes, rotation and
// invalid-client. The API host is the simulator behind a resource server
// that accepts the OAuth server's tokens by introspection (RFC 7662).
func TestStandardOAuthServers(t *testing.T) {
	needInterop(t)
	servers := []oauthServer{
		{kind: "oidc", authorize: "/auth", token: "/token", introspect: "/token/introspection",
			// oidc-provider grants nothing without a scope; openid is its base scope.
			scopes: []string{"openid"}, wantPass: authItems},
		// Without a scope oidc-provider refuses the authorization: the
		// callback carries error=access_denied, which must be reported as
		// that, not as a missing code.
		{kind: "oidc", authorize: "/auth", token: "/token", introspect: "/token/introspection",
			wantPass: []string{"AUTH-CC-INVALID-CLIENT"}, wantFail: []string{"AUTH-CODE-EXCHANGE", "AUTH-CODE-SINGLE-USE", "AUTH-REFRESH-ROTATION"},
			wantFailure: "error=access_denied"},
		{kind: "mock", authorize: "/authorize", token: "/token", introspect: "/introspect",
			wantPass: []string{"AUTH-CODE-EXCHANGE"},
			wantFail: []string{"AUTH-CODE-SINGLE-USE", "AUTH-REFRESH-ROTATION", "AUTH-CC-INVALID-CLIENT"}},
	}
	for _, s := range servers {
		name := s.kind
		if s.wantFailure != "" {
			name += " denied"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			secret := fmt.Sprintf("interop-secret-%d", time.Now().UnixNano())
			redirect := "http://127.0.0.1:8976/callback"
			idp := startNode(t, []string{"INTEROP_CLIENT_SECRET=" + secret, "INTEROP_REDIRECT_URI=" + redirect}, "js/oauth-server.mjs", s.kind)
			sim := start(t, loftgateBin, "sim", "--addr", "127.0.0.1:0")
			api := resourceServer(t, idp.URL+s.introspect, "loftgate-interop", secret, sim.URL)

			cfg := fmt.Sprintf("target: live\naccounts_url: %s\napi_url: %s\nauthorize_url: %s\ntoken_url: %s\n"+
				"client_id: loftgate-interop\nredirect_uri: %s\ntoken_file: %s\nbudget_share: 1\n",
				idp.URL, api, idp.URL+s.authorize, idp.URL+s.token, redirect, filepath.Join(dir, "token.json"))
			if len(s.scopes) > 0 {
				cfg += "scopes: [" + strings.Join(s.scopes, ", ") + "]\n"
			}
			cfgFile := filepath.Join(dir, "loftgate.yaml")
			if err := os.WriteFile(cfgFile, []byte(cfg), 0o600); err != nil {
				t.Fatal(err)
			}
			envFile := filepath.Join(dir, "empty.env") // no ./.env of the developer's
			if err := os.WriteFile(envFile, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			reports := filepath.Join(dir, "reports")
			run := exec.Command(loftgateBin, "run", "--config", cfgFile, "--env-file", envFile,
				"--report-dir", reports, "--label-filter", strings.Join(authItems, " || "))
			run.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "NO_COLOR=1", "SALESLOFT_CLIENT_SECRET=" + secret}
			out, err := run.CombinedOutput()
			if strings.Contains(string(out), secret) {
				t.Errorf("loftgate printed the client secret")
			}
			items := reportItems(t, reports, out, err)
			for _, id := range s.wantPass {
				if items[id].Status != "pass" {
					t.Errorf("%s on %s: status %q, want pass:\n%s", id, s.kind, items[id].Status, items[id].failures())
				}
			}
			for _, id := range s.wantFail {
				if items[id].Status != "fail" {
					t.Errorf("%s on %s: status %q, want fail", id, s.kind, items[id].Status)
				}
				if f := items[id].failures(); !strings.Contains(f, s.wantFailure) {
					t.Errorf("%s on %s: failure %q does not say %q", id, s.kind, f, s.wantFailure)
				}
			}
			for id, it := range items {
				t.Logf("%s %s: %s %s", s.kind, id, it.Status, it.failures())
			}
		})
	}
}

// item is what report.json says of one checklist item.
type item struct {
	Status string `json:"status"`
	Specs  []struct {
		Status     string   `json:"status"`
		Failure    string   `json:"failure"`
		Violations []string `json:"violations"`
	} `json:"specs"`
}

// failures joins the failure messages and violations of an item's specs.
func (it item) failures() string {
	var b strings.Builder
	for _, s := range it.Specs {
		if s.Failure != "" {
			b.WriteString("  " + strings.ReplaceAll(s.Failure, "\n", " ") + "\n")
		}
		for _, v := range s.Violations {
			b.WriteString("  violation: " + v + "\n")
		}
	}
	return b.String()
}

// reportItems reads the AUTH items of report.json.
func reportItems(t *testing.T, reports string, out []byte, runErr error) map[string]item {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(reports, "report.json"))
	if err != nil {
		t.Fatalf("interop: loftgate run wrote no report (%v, %v):\n%s", runErr, err, out)
	}
	var rep struct {
		Items []struct {
			ID string `json:"id"`
			item
		} `json:"items"`
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatalf("interop: report.json: %v", err)
	}
	items := map[string]item{}
	for _, it := range rep.Items {
		for _, id := range authItems {
			if it.ID == id {
				items[id] = it.item
			}
		}
	}
	if len(items) != len(authItems) {
		t.Fatalf("interop: report.json has %d of the %d AUTH items:\n%s", len(items), len(authItems), out)
	}
	return items
}

// startNode starts a node script with extra environment.
func startNode(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	return start(t, "node", args...)
}

// resourceServer is the API host for a run against an OAuth server: it asks
// the OAuth server whether the request's Bearer token is active (token
// introspection, RFC 7662, with the client's credentials) and forwards
// accepted requests to the simulator with the simulator's API key. Inactive
// tokens get SalesLoft's 401.
func resourceServer(t *testing.T, introspect, clientID, secret, simURL string) string {
	t.Helper()
	upstream, err := url.Parse(simURL)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(upstream)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			w.WriteHeader(http.StatusNoContent) // loftgate's reachability check
			return
		}
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		form := url.Values{"token": {tok}, "client_id": {clientID}, "client_secret": {secret}}
		resp, err := http.PostForm(introspect, form)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		var ans struct {
			Active bool `json:"active"`
		}
		derr := json.NewDecoder(resp.Body).Decode(&ans)
		resp.Body.Close()
		if derr != nil || !ans.Active {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"Not authorized"}`))
			return
		}
		r.Header.Set("Authorization", "Bearer "+simAPIKey)
		forward.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}
