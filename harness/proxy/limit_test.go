package proxy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
)

// TestProxyBounds: a body over MaxBody passes through whole and is reported, logged and not
// recorded; violations past MaxViolations are counted, not kept; recording stops at
// MaxRecordBytes.
func TestProxyBounds(t *testing.T) {
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			t.Errorf("upstream: %v", err)
		}
		got = append(got, int(n))
		app().ServeHTTP(w, r)
	}))
	defer up.Close()
	u, err := url.Parse(up.URL)
	if err != nil {
		t.Fatal(err)
	}
	rec := replay.NewRecorder(replay.RecorderOptions{Target: replay.TargetProxy, ContractVersion: c.Version()})
	var log syncBuffer
	p, err := New(u, Options{Contract: c, Recorder: rec, Log: &log, MaxBody: 1000, MaxViolations: 2, MaxRecordBytes: 200})
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewServer(p)
	defer front.Close()
	send := func(method, path, body string) {
		t.Helper()
		req, err := http.NewRequest(method, front.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	big := `{"name":"` + strings.Repeat("n", 5000) + `"}`
	send("POST", "/v2/accounts", big) // over MaxBody: not validated, not recorded
	send("GET", "/v2/me", "")         // conforms, recorded (about 140 bytes)
	send("GET", "/v2/team", "")       // 2+ violations; recording budget of 200 bytes not yet spent
	send("GET", "/v2/team", "")       // more violations, counted only; the budget runs out
	send("GET", "/v2/me", "")         // not recorded

	if len(got) != 5 || got[0] != len(big) {
		t.Fatalf("upstream received bodies of %v bytes, want the big one whole first", got)
	}
	if n := p.Exchanges(); n != 5 {
		t.Errorf("Exchanges = %d, want 5", n)
	}
	n, notes := p.NotValidated()
	if n != 1 || len(notes) == 0 || notes[0] != "POST /v2/accounts: not validated: request body over 1000 bytes" {
		t.Errorf("NotValidated = %d, %q", n, notes)
	}
	if vs := p.Violations(); len(vs) != 2 || p.Dropped() == 0 {
		t.Errorf("kept %d violations and dropped %d, want 2 kept and the rest dropped", len(vs), p.Dropped())
	}
	if rec.Len() != 3 {
		t.Errorf("recorded %d exchanges, want 3 (the big one skipped, the last over the budget)", rec.Len())
	}
	for _, want := range []string{
		"proxy: POST /v2/accounts: not validated: request body over 1000 bytes",
		"proxy: POST /v2/accounts: not recorded: request body over 1000 bytes",
		"not recorded: recording stopped at its bound of 200 body bytes",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
}
