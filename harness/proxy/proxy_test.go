package proxy

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/secret"
)

const (
	canarySecret = "canary-proxy-client-secret-42"
	canaryToken  = "canary-proxy-access-token-42"
)

// app is the upstream a user's application talks to through the proxy.
func app() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch strings.TrimSuffix(r.URL.Path, ".json") {
		case "/v2/me":
			w.Header().Set("X-Ratelimit-Endpoint-Cost", "1")
			w.Header().Set("X-Ratelimit-Remaining-Minute", "599")
			_, err := io.WriteString(w, `{"data":{"id":1,"guid":"g-1","name":"Sim User","email":"sim.user@example.com","team":{"id":1,"_href":"https://api.salesloft.com/v2/team"}}}`)
			if err != nil {
				return
			}
		case "/v2/team":
			// Breaks the contract: no rate headers, no data envelope.
			_, err := io.WriteString(w, `{"id":1}`)
			if err != nil {
				return
			}
		case "/oauth/token":
			_, err := io.WriteString(w, `{"access_token":"`+canaryToken+`","token_type":"Bearer","expires_in":7200,"created_at":1767225600}`)
			if err != nil {
				return
			}
		default:
			w.WriteHeader(404)
		}
	})
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestProxyValidatesLogsAndRecords(t *testing.T) {
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	up := httptest.NewServer(app())
	defer up.Close()
	u, err := url.Parse(up.URL)
	if err != nil {
		t.Fatal(err)
	}
	sec := secret.New()
	sec.AddClient("cid", canarySecret)
	rec := replay.NewRecorder(replay.RecorderOptions{Target: replay.TargetProxy, ContractVersion: c.Version(), Spec: func() string { return "proxy/session" }})
	var log syncBuffer
	p, err := New(u, Options{Contract: c, Recorder: rec, Log: &log, Secrets: sec})
	if err != nil {
		t.Fatal(err)
	}
	ps := httptest.NewServer(p)
	defer ps.Close()

	send := func(method, path, ct, body string) int {
		req, err := http.NewRequest(method, ps.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		req.Header.Set("Authorization", "Bearer "+canaryToken)
		req.Header.Set(replay.SpecHeader, "must not reach upstream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	if s := send("POST", "/oauth/token", "application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=cid&client_secret="+canarySecret); s != 200 {
		t.Fatalf("token: %d", s)
	}
	if s := send("GET", "/v2/me.json", "", ""); s != 200 {
		t.Fatalf("me: %d", s)
	}
	if s := send("GET", "/v2/team", "", ""); s != 200 {
		t.Fatalf("team: %d", s)
	}

	if p.Exchanges() != 3 {
		t.Errorf("Exchanges = %d, want 3", p.Exchanges())
	}
	vs := p.Violations()
	if len(vs) == 0 {
		t.Fatal("no violations for GET /v2/team")
	}
	// GET /v2/me.json answered 200 (send) and conforms: had it not been
	// routed to GET /v2/me, it would be an unknown operation's violation.
	for _, v := range vs {
		if v.Operation != "GET /v2/team" {
			t.Errorf("violation of a conforming exchange: %v", v)
		}
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != len(vs) {
		t.Errorf("%d log lines for %d violations:\n%s", len(lines), len(vs), log.String())
	}
	for _, l := range lines {
		if !strings.Contains(l, "GET /v2/team") || !strings.Contains(l, "(rule ") {
			t.Errorf("log line lacks operation or rule: %q", l)
		}
	}
	files, err := rec.Files(sec)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := replay.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	set, err := replay.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if set.Len() != 3 || set.Files()[0].Metadata.Target != replay.TargetProxy {
		t.Errorf("recorded %d interactions, metadata %+v", set.Len(), set.Files()[0].Metadata)
	}
	for _, place := range []string{dir} {
		if err := secret.LeakScan([]string{place}, sec); err != nil {
			t.Errorf("leak: %v", err)
		}
	}
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		for _, c := range []string{canarySecret, canaryToken, "must not reach upstream"} {
			if strings.Contains(string(b), c) {
				t.Errorf("%s holds %q", path, c)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{canaryToken, canarySecret, "Authorization"} {
		if strings.Contains(log.String(), c) {
			t.Errorf("log holds %q", c)
		}
	}
}

func TestProxyAnswers502WithoutSecrets(t *testing.T) {
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	dead := httptest.NewServer(http.NotFoundHandler())
	u, err := url.Parse(dead.URL)
	if err != nil {
		t.Fatal(err)
	}
	dead.Close()
	sec := secret.New()
	sec.Add(secret.KindClientSecret, canarySecret)
	var log syncBuffer
	p, err := New(u, Options{Contract: c, Log: &log, Secrets: sec})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	p.ServeHTTP(w, httptest.NewRequest("POST", "/oauth/token?client_secret="+canarySecret, nil))
	if w.Code != http.StatusBadGateway {
		t.Fatalf("status %d", w.Code)
	}
	var out struct{ Error string }
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.Error, "proxy: POST /oauth/token: upstream ") || strings.Contains(out.Error+log.String(), canarySecret) {
		t.Errorf("error %q, log %q", out.Error, log.String())
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		u    string
		c    *contract.Contract
	}{
		{"relative upstream", "/v2", c},
		{"ftp upstream", "ftp://example.com", c},
		{"no contract", "http://127.0.0.1:1", nil},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.u)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := New(u, Options{Contract: tt.c}); err == nil || !strings.HasPrefix(err.Error(), "proxy: ") {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}

// TestProxyLearnsSecretsWithoutRecording: with no recorder, the proxy still
// learns the credentials that pass through it, so its log and the leak scan
// know them.
func TestProxyLearnsSecretsWithoutRecording(t *testing.T) {
	up := httptest.NewServer(app())
	defer up.Close()
	u, err := url.Parse(up.URL)
	if err != nil {
		t.Fatal(err)
	}
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	sec := secret.New()
	p, err := New(u, Options{Contract: c, Secrets: sec})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	defer srv.Close()

	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"app"}, "client_secret": {canarySecret}}
	resp, err := http.PostForm(srv.URL+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/v2/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	const bearer = "canary-proxy-bearer-api-key-77"
	req.Header.Set("Authorization", "Bearer "+bearer)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	p.Wait() // exchanges are validated, and their secrets learned, after they are passed on

	for _, v := range []string{canarySecret, canaryToken, bearer} {
		if got := sec.Scrub("x " + v + " y"); strings.Contains(got, v) {
			t.Errorf("the proxy did not learn %q: %q", v, got)
		}
	}
}
