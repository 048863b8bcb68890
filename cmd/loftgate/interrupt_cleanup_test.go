package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/loftgate/loftgate/harness/sim"
)

// createLog records the records a run creates on the simulator and the
// ones it deletes.
type createLog struct {
	mu      sync.Mutex
	created []string // "/v2/people/12"
	deleted map[string]bool
	first   chan struct{}
	once    sync.Once
}

// capture keeps the status and body of a response.
type capture struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (c *capture) WriteHeader(code int) { c.status = code; c.ResponseWriter.WriteHeader(code) }
func (c *capture) Write(b []byte) (int, error) {
	c.body.Write(b)
	return c.ResponseWriter.Write(b)
}

// wrap logs creates (POST /v2/COLLECTION answered 2xx with data.id) and
// deletes (DELETE /v2/COLLECTION/ID).
func (l *createLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		c := &capture{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(c, r)
		if len(segs) == 0 || segs[0] != "v2" || c.status/100 != 2 {
			return
		}
		switch {
		case r.Method == http.MethodPost && len(segs) == 2:
			var body struct {
				Data struct {
					ID int `json:"id"`
				} `json:"data"`
			}
			if json.Unmarshal(c.body.Bytes(), &body) != nil || body.Data.ID == 0 {
				return
			}
			l.mu.Lock()
			l.created = append(l.created, fmt.Sprintf("/v2/%s/%d", strings.TrimSuffix(segs[1], ".json"), body.Data.ID))
			l.mu.Unlock()
			l.once.Do(func() { close(l.first) })
		case r.Method == http.MethodDelete && len(segs) == 3:
			l.mu.Lock()
			l.deleted["/v2/"+strings.TrimSuffix(segs[1], ".json")+"/"+strings.TrimSuffix(segs[2], ".json")] = true
			l.mu.Unlock()
		}
	})
}

// TestInterruptedRunCleansUp sends SIGTERM to a live run against a
// simulator as soon as a spec has created a record: the run must exit 143
// with verdict interrupted, and every record it created must have been
// deleted by the interrupted spec's cleanup.
func TestInterruptedRunCleansUp(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("signals cannot be sent to a process on Windows")
	}
	s, err := sim.New(sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	log := &createLog{deleted: map[string]bool{}, first: make(chan struct{})}
	srv := httptest.NewServer(log.wrap(s.Handler()))
	defer srv.Close()

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "loftgate.yaml"), []byte("token_file: "+filepath.Join(dir, "token.json")+"\nbudget_share: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "run", "--target", "live", "--accounts-url", srv.URL, "--api-url", srv.URL,
		"--allow-writes", "--report-dir", "reports", "--label-filter", "RATE-COST-UNCHANGED || ERR-422-FIELDS")
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SALESLOFT_") && !strings.HasPrefix(kv, "LOFTGATE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "SALESLOFT_CLIENT_ID="+sim.DefaultClientID, "SALESLOFT_CLIENT_SECRET="+sim.DefaultClientSecret,
		"SALESLOFT_API_KEY="+sim.DefaultAPIKey, "SALESLOFT_REDIRECT_URI="+sim.DefaultRedirectURI)
	p := &proxyProcess{t: t, cmd: cmd, stdout: newLockedBuffer(""), stderr: newLockedBuffer(""), done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	select {
	case <-log.first:
	case err := <-p.done:
		t.Fatalf("run ended before creating a record: %v\n%s\n%s", err, p.stdout, p.stderr)
	case <-time.After(90 * time.Second):
		t.Fatalf("no record created within 90s\n%s", p.stderr)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := p.waitExit(60 * time.Second); code != 143 {
		t.Fatalf("exit %d, want 143\n%s\n%s", code, p.stdout, p.stderr)
	}
	if r := readRunReport(t, filepath.Join(dir, "reports", "report.json")); r.Verdict != "interrupted" {
		t.Errorf("verdict %q, want interrupted", r.Verdict)
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	for _, c := range log.created {
		// A cadence membership goes with its person (the spec deletes the
		// person); every other record is deleted by its own cleanup.
		if strings.HasPrefix(c, "/v2/cadence_memberships/") {
			continue
		}
		if !log.deleted[c] {
			t.Errorf("%s was created and never deleted", c)
		}
	}
	t.Logf("records created: %v", log.created)
}
