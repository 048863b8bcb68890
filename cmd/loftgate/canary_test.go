package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loftgate/loftgate/harness/sim"
)

// Canary secrets: values that must never appear in any output or file.
const (
	canaryClientSecret  = "canary-client-secret-7f3a91"
	canaryAPIKey        = "ak_canary_0c9e55d1b2"
	canaryCallbackToken = "canary-callback-token-41bd"
	canaryRefreshToken  = "canary-refresh-token-5e2c"
	canaryURLPassword   = "canary-url-password-2b6f"
	canaryQueryToken    = "canary-query-token-c4a8"
)

// canaryForms returns every form a canary may take in printed or written
// text: plain, URL-encoded (query and path), base64 (standard and URL, with
// and without padding), and the HTTP Basic form of client_id:secret.
func canaryForms(clientID string, values ...string) []string {
	var out []string
	encs := []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding}
	for _, v := range values {
		out = append(out, v, url.QueryEscape(v), url.PathEscape(v))
		for _, enc := range encs {
			out = append(out, enc.EncodeToString([]byte(v)), enc.EncodeToString([]byte(clientID+":"+v)))
		}
	}
	return out
}

// leakCheck returns a check that fails t when text holds one of needles or
// a token or code the simulator issued, naming where (never the value).
func leakCheck(t *testing.T, needles []string) func(where, text string) {
	return func(where, text string) {
		t.Helper()
		for _, n := range needles {
			if strings.Contains(text, n) {
				t.Errorf("%s contains a secret or personal value (%d bytes long)", where, len(n))
			}
		}
		if issuedSecret.MatchString(text) {
			t.Errorf("%s contains an issued token or code", where)
		}
	}
}

// checkTree runs check on every file under dir, except those skip names.
func checkTree(t *testing.T, dir string, skip func(path string, d fs.DirEntry) bool, check func(where, text string)) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (skip != nil && skip(path, d)) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		check(path, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestNoSecretReachesOutputOrDisk runs (with -v) and records against a
// simulator configured with canary credentials, as a live target, tries
// URLs carrying a canary password and query token (refused), serves the
// recording and sends it canaries, and looks for every canary, in every
// form (canaryForms), and every issued token in stdout, stderr and every
// file written (reports and fixtures). The token file is the one place a token may be,
// and it must be mode 0600.
func TestNoSecretReachesOutputOrDisk(t *testing.T) {
	s, err := sim.New(sim.Options{
		Clients: []sim.Client{{ID: "canary-client", Secret: canaryClientSecret, RedirectURIs: []string{sim.DefaultRedirectURI}, ClientCredentials: true}},
		APIKeys: []string{canaryAPIKey},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	work := t.TempDir()
	tokenFile := filepath.Join(work, "state", "token.json")
	// The simulator is this test's alone, and its clock moves only when
	// told to: there is no team budget to share and no minute to wait for.
	cfg := "token_file: " + tokenFile + "\nbudget_share: 1\n"
	if err := os.WriteFile(filepath.Join(work, "loftgate.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"SALESLOFT_CLIENT_ID=canary-client",
		"SALESLOFT_CLIENT_SECRET=" + canaryClientSecret,
		"SALESLOFT_API_KEY=" + canaryAPIKey,
		"SALESLOFT_CALLBACK_TOKEN=" + canaryCallbackToken,
		"SALESLOFT_REFRESH_TOKEN=" + canaryRefreshToken,
		"SALESLOFT_REDIRECT_URI=" + sim.DefaultRedirectURI,
	}
	urls := []string{"--target", "live", "--accounts-url", srv.URL, "--api-url", srv.URL, "--allow-writes"}
	var outputs []string
	// A password in a URL's userinfo and a token in its query: the
	// configuration refuses both, and its message must not echo them.
	withPassword := strings.Replace(srv.URL, "http://", "http://loftgate:"+canaryURLPassword+"@", 1)
	for _, bad := range [][]string{
		{"--api-url", withPassword}, {"--accounts-url", withPassword},
		{"--api-url", srv.URL + "/?access_token=" + canaryQueryToken}, {"--accounts-url", srv.URL + "/?session_token=" + canaryQueryToken},
	} {
		res := loftgateProcess(t, work, env, append([]string{"run", "-v", "--target", "live", "--report-dir", "reports-refused"}, bad...)...)
		if res.code != 2 {
			t.Errorf("run %s <canary URL>: exit %d, want 2 (credentials in a URL are refused)", bad[0], res.code)
		}
		outputs = append(outputs, res.stdout, res.stderr)
	}
	run := loftgateProcess(t, work, env, append([]string{"run", "-v", "--report-dir", "reports"}, urls...)...)
	outputs = append(outputs, run.stdout, run.stderr)
	if !strings.Contains(run.stdout, "Will run") {
		t.Errorf("run -v printed no Ginkgo output (exit %d); the verbose path is not exercised:\n%s", run.code, run.stderr)
	}
	rec := loftgateProcess(t, work, env, append([]string{"record", "--fixtures", "recorded", "--report-dir", "reports-record"}, urls...)...)
	outputs = append(outputs, rec.stdout, rec.stderr)
	if _, err := os.Stat(filepath.Join(work, "recorded")); err != nil {
		t.Fatalf("record wrote no fixtures (exit %d):\n%s\n%s", rec.code, rec.stdout, rec.stderr)
	}

	// serve the recorded fixtures and send it the canaries in a header, a
	// query and a form: its logs (misses, violations) must not print them.
	srvd := startDaemon(t, work, env, "serving ", "serve", "--fixtures", "recorded")
	for _, r := range []struct{ method, path, ct, body string }{
		{http.MethodGet, "/v2/me?access_token=" + canaryQueryToken + "&api_key=" + canaryAPIKey, "", ""},
		{http.MethodGet, "/v2/nowhere?token=" + canaryRefreshToken, "", ""},
		{http.MethodPost, "/oauth/token", "application/x-www-form-urlencoded", "grant_type=refresh_token&refresh_token=" + canaryRefreshToken + "&client_secret=" + canaryClientSecret},
	} {
		req, err := http.NewRequest(r.method, srvd.url+r.path, strings.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+canaryAPIKey)
		req.Header.Set("X-Api-Key", canaryAPIKey)
		if r.ct != "" {
			req.Header.Set("Content-Type", r.ct)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	served := srvd.stop()
	outputs = append(outputs, served.stdout, served.stderr)
	if !strings.Contains(served.stderr, "miss: ") {
		t.Errorf("serve logged no miss; its miss log is not exercised:\n%s", served.stderr)
	}

	check := leakCheck(t, canaryForms("canary-client", canaryClientSecret, canaryAPIKey, canaryCallbackToken,
		canaryRefreshToken, canaryURLPassword, canaryQueryToken))
	for i, o := range outputs {
		check("output "+string(rune('0'+i)), o)
	}
	checkTree(t, work, func(path string, d fs.DirEntry) bool {
		if path == tokenFile {
			// The one place a token belongs; it must be private.
			info, err := d.Info()
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != 0o600 {
				t.Errorf("token file mode %v, want 0600", info.Mode().Perm())
			}
			return true
		}
		return filepath.Base(path) == "loftgate.yaml"
	}, check)
}

// Canary personal data: a person at a domain that is not reserved for tests,
// and a phone number outside the fictional 555-01XX range, so the scrubber
// must treat both as real.
const (
	canaryEmail = "canary.person@acme-canary.com"
	canaryPhone = "+44 20 7946 0958"
	// canaryUpstreamPassword is the password of an --upstream URL with user info.
	canaryUpstreamPassword = "canary-upstream-password-93e1"
)

// issuedSecret matches every token and code the simulator hands out.
var issuedSecret = regexp.MustCompile(`sim-(at|rt|code)-[0-9a-f]{8,}`)

// TestProxyLeaksNoSecret runs `loftgate proxy --record` in front of a
// simulator configured with canary credentials, sends through it requests
// carrying a secret in every place one travels (Bearer API key, client
// secret in a JSON, form and query token request and in HTTP Basic, codes,
// access and refresh tokens, a callback token, a person's email and phone,
// the password of the upstream URL),
// stops it with an interrupt, and looks for every one of them in its output,
// its fixtures and proxy.json.
func TestProxyLeaksNoSecret(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("stopping the proxy needs an interrupt signal, which Windows cannot send to a process")
	}
	s, err := sim.New(sim.Options{
		Clients: []sim.Client{{ID: "canary-client", Secret: canaryClientSecret, RedirectURIs: []string{sim.DefaultRedirectURI}, ClientCredentials: true}},
		APIKeys: []string{canaryAPIKey},
	})
	if err != nil {
		t.Fatal(err)
	}
	upstream := httptest.NewServer(s.Handler())
	defer upstream.Close()
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }))
	defer hooks.Close()

	work := t.TempDir()
	fixtures, reports := filepath.Join(work, "recorded"), filepath.Join(work, "reports")
	up, err := url.Parse(upstream.URL)
	if err != nil {
		t.Fatal(err)
	}
	up.User = url.UserPassword("loftgate", canaryUpstreamPassword)
	// The user's shell holds the credentials; the proxy must not print them.
	env := []string{"SALESLOFT_CLIENT_ID=canary-client", "SALESLOFT_CLIENT_SECRET=" + canaryClientSecret,
		"SALESLOFT_API_KEY=" + canaryAPIKey, "SALESLOFT_CALLBACK_TOKEN=" + canaryCallbackToken}
	p := startDaemon(t, work, env, "proxying http://", "proxy", "--upstream", up.String(), "--record", fixtures, "--report-dir", reports)

	c := proxyClient{t: t, base: p.url}
	var issued []string // every token and code the simulator handed out
	learn := func(body map[string]any, keys ...string) {
		t.Helper()
		for _, k := range keys {
			v, _ := body[k].(string)
			if v == "" {
				t.Fatalf("token response lacks %s: %v", k, body)
			}
			issued = append(issued, v)
		}
	}

	// Authorization code: the code travels in the redirect's Location.
	q := url.Values{"client_id": {"canary-client"}, "redirect_uri": {sim.DefaultRedirectURI}, "response_type": {"code"}, "state": {"canary-state"}}
	resp := c.do(http.MethodGet, "/oauth/authorize?"+q.Encode(), nil, "", "", http.StatusFound)
	loc, err := url.Parse(resp.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	code := loc.Query().Get("code")
	if code == "" {
		t.Fatalf("authorize redirected without a code: %s", loc.Redacted())
	}
	issued = append(issued, code)

	// Client secret in a JSON body; access and refresh tokens in the answer.
	exchange := fmt.Sprintf(`{"grant_type":"authorization_code","code":%q,"client_id":"canary-client","client_secret":%q,"redirect_uri":%q}`,
		code, canaryClientSecret, sim.DefaultRedirectURI)
	tok := c.json(c.do(http.MethodPost, "/oauth/token", nil, "application/json", exchange, http.StatusOK))
	learn(tok, "access_token", "refresh_token")

	// Client secret and refresh token in a form body; the token rotates.
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)},
		"client_id": {"canary-client"}, "client_secret": {canaryClientSecret}}
	tok = c.json(c.do(http.MethodPost, "/oauth/token", nil, "application/x-www-form-urlencoded", form.Encode(), http.StatusOK))
	learn(tok, "access_token", "refresh_token")
	access := tok["access_token"].(string)

	// Client credentials in the query (as SalesLoft's Postman collection
	// sends them); the contract wants grant_type in a body.
	cc := url.Values{"client_id": {"canary-client"}, "client_secret": {canaryClientSecret}}
	learn(c.json(c.do(http.MethodPost, "/oauth/token?"+cc.Encode(), nil, "application/x-www-form-urlencoded", "grant_type=client_credentials", http.StatusOK)), "access_token")

	// Client secret in HTTP Basic.
	basic := http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte("canary-client:"+canaryClientSecret))}}
	learn(c.json(c.do(http.MethodPost, "/oauth/token", basic, "application/x-www-form-urlencoded", "grant_type=client_credentials", http.StatusOK)), "access_token")

	apiKey := http.Header{"Authorization": {"Bearer " + canaryAPIKey}}
	bearer := http.Header{"Authorization": {"Bearer " + access}}
	c.do(http.MethodGet, "/v2/me", apiKey, "", "", http.StatusOK)
	c.do(http.MethodGet, "/v2/me.json", bearer, "", "", http.StatusOK)

	// A webhook subscription keyed by the canary callback token, and a
	// person with real-looking personal data it is notified about.
	hook := fmt.Sprintf(`{"callback_url":%q,"callback_token":%q,"event_type":"person_created"}`, hooks.URL+"/salesloft", canaryCallbackToken)
	c.do(http.MethodPost, "/v2/webhook_subscriptions", bearer, "application/json", hook, http.StatusOK)
	c.do(http.MethodGet, "/v2/webhook_subscriptions", bearer, "", "", http.StatusOK)
	person := fmt.Sprintf(`{"email_address":%q,"first_name":"Canary","last_name":"Person","phone":%q}`, canaryEmail, canaryPhone)
	c.do(http.MethodPost, "/v2/people", bearer, "application/json", person, http.StatusOK)
	c.do(http.MethodGet, "/v2/people?"+url.Values{"email_addresses[]": {canaryEmail}}.Encode(), apiKey, "", "", http.StatusOK)

	out := p.stop()
	if out.code != 0 {
		t.Errorf("proxy exit %d, want 0 (no violations)\nstdout:\n%s\nstderr:\n%s", out.code, out.stdout, out.stderr)
	}
	var rep struct {
		Schema    string `json:"schema"`
		Exchanges int    `json:"exchanges"`
	}
	b, err := os.ReadFile(filepath.Join(reports, "proxy.json"))
	if err != nil {
		t.Fatalf("proxy.json not written: %v\nstderr:\n%s", err, out.stderr)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("proxy.json: %v", err)
	}
	if rep.Schema != "loftgate.proxy/v1" || rep.Exchanges != c.sent {
		t.Errorf("proxy.json: schema %q, %d exchanges; want loftgate.proxy/v1 and %d", rep.Schema, rep.Exchanges, c.sent)
	}
	written, err := filepath.Glob(filepath.Join(fixtures, "*", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob(filepath.Join(fixtures, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(written)+len(more) == 0 {
		t.Fatalf("--record wrote no fixtures\nstderr:\n%s", out.stderr)
	}

	check := leakCheck(t, canaryForms("canary-client", append([]string{canaryClientSecret, canaryAPIKey, canaryCallbackToken, canaryEmail, canaryPhone, canaryUpstreamPassword}, issued...)...))
	check("proxy stdout", out.stdout)
	check("proxy stderr", out.stderr)
	checkTree(t, work, nil, check)
}

// proxyClient sends requests through the proxy under test.
type proxyClient struct {
	t    *testing.T
	base string
	sent int
}

// proxyAnswer is a response read in full.
type proxyAnswer struct {
	header http.Header
	body   []byte
}

// do sends one request (never following redirects) and fails the test
// unless it is answered with want. The error names the status and the
// request line without its query, never a secret.
func (c *proxyClient) do(method, path string, h http.Header, contentType, body string, want int) proxyAnswer {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read: %v", method, req.URL.Path, err)
	}
	c.sent++
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s: status %d, want %d", method, req.URL.Path, resp.StatusCode, want)
	}
	return proxyAnswer{header: resp.Header, body: b}
}

// json decodes a JSON object answer.
func (c *proxyClient) json(a proxyAnswer) map[string]any {
	c.t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		c.t.Fatalf("answer is not a JSON object: %v", err)
	}
	return m
}

// proxyProcess is a `loftgate proxy` running as a subprocess.
type proxyProcess struct {
	t              *testing.T
	url            string
	cmd            *exec.Cmd
	stdout, stderr *lockedBuffer
	done           chan error
}

// startDaemon starts `loftgate COMMAND --addr 127.0.0.1:PORT args...` (a
// serving command: proxy, sim, serve) in dir on a free loopback port, with
// env added to a clean environment, and returns once its output shows
// marker (it prints its address after the listener is open), within 15
// seconds.
func startDaemon(t *testing.T, dir string, env []string, marker, command string, args ...string) *proxyProcess {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, binary, append([]string{command, "--addr", addr}, args...)...)
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SALESLOFT_") && !strings.HasPrefix(kv, "LOFTGATE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	p := &proxyProcess{t: t, url: "http://" + addr, cmd: cmd, stdout: newLockedBuffer(marker), stderr: newLockedBuffer(""), done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill() // the test failed before stop; nothing more to report
			<-p.done
		}
	})
	timer := time.NewTimer(15 * time.Second)
	defer timer.Stop()
	select {
	case <-p.stdout.seen:
		return p
	case err := <-p.done:
		p.done <- err
		t.Fatalf("%s exited before listening: %v\nstdout:\n%s\nstderr:\n%s", command, err, p.stdout, p.stderr)
	case <-timer.C:
		t.Fatalf("%s did not listen on %s within 15s\nstdout:\n%s\nstderr:\n%s", command, addr, p.stdout, p.stderr)
	}
	return nil
}

// stop interrupts the process, as Ctrl-C does, and waits (30 s at most) for
// it to write its report and exit.
func (p *proxyProcess) stop() result {
	p.t.Helper()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		p.t.Fatalf("interrupt proxy: %v", err)
	}
	timer := time.NewTimer(30 * time.Second)
	defer timer.Stop()
	var err error
	select {
	case err = <-p.done:
	case <-timer.C:
		p.t.Fatalf("proxy did not exit within 30s of an interrupt\nstdout:\n%s\nstderr:\n%s", p.stdout, p.stderr)
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		p.t.Fatalf("proxy: %v", err)
	}
	return result{code: code, stdout: p.stdout.String(), stderr: p.stderr.String()}
}

// lockedBuffer collects a subprocess's output; seen is closed once the
// output contains marker.
type lockedBuffer struct {
	mu     sync.Mutex
	b      bytes.Buffer
	marker string
	seen   chan struct{}
	closed bool
}

func newLockedBuffer(marker string) *lockedBuffer {
	return &lockedBuffer{marker: marker, seen: make(chan struct{})}
}

// Write appends p and closes seen when the marker has arrived.
func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, err := l.b.Write(p)
	if !l.closed && l.marker != "" && bytes.Contains(l.b.Bytes(), []byte(l.marker)) {
		l.closed = true
		close(l.seen)
	}
	return n, err
}

// String returns what was written so far.
func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
