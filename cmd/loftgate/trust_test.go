package main

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/run"
)

// runReport is the part of report.json the trust tests read.
type runReport struct {
	Verdict string   `json:"verdict"`
	Notes   []string `json:"notes"`
	Items   []struct {
		ID    string `json:"id"`
		Specs []struct {
			Status  string `json:"status"`
			Failure string `json:"failure"`
		} `json:"specs"`
	} `json:"items"`
}

func readRunReport(t *testing.T, path string) runReport {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("report not written: %v", err)
	}
	var r runReport
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

// startRun starts `loftgate run --target sim` as a process with every
// simulator operation slowed, and returns once Ginkgo has started the
// specs (so the run is in the middle of a spec). extra are further flags.
func startRun(t *testing.T, dir string, extra ...string) *proxyProcess {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, binary, append([]string{"run", "--target", "sim", "-v", "--report-dir", "reports", "--fault", "slow=3000"}, extra...)...)
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SALESLOFT_") && !strings.HasPrefix(kv, "LOFTGATE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	p := &proxyProcess{t: t, cmd: cmd, stdout: newLockedBuffer("Will run"), stderr: newLockedBuffer(""), done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-p.done
		}
	})
	select {
	case <-p.stdout.seen:
	case err := <-p.done:
		t.Fatalf("run exited before starting the specs: %v\n%s\n%s", err, p.stdout, p.stderr)
	case <-time.After(30 * time.Second):
		t.Fatalf("run did not start its specs within 30s\n%s\n%s", p.stdout, p.stderr)
	}
	return p
}

// waitExit waits at most limit for the process and returns its exit code.
func (p *proxyProcess) waitExit(limit time.Duration) int {
	p.t.Helper()
	select {
	case err := <-p.done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			p.t.Fatal(err)
		}
		return 0
	case <-time.After(limit):
		p.t.Fatalf("run did not exit within %s of the signal\nstdout:\n%s\nstderr:\n%s", limit, p.stdout, p.stderr)
	}
	return -1
}

// TestSignalInterruptsRun sends the real binary SIGTERM or SIGINT in the
// middle of a run: it must exit 143 or 130 (never 0), with report.json
// saying interrupted; a second signal must end it at once.
func TestSignalInterruptsRun(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("signals cannot be sent to a process on Windows")
	}
	for _, tc := range []struct {
		name string
		sig  syscall.Signal
		code int
	}{{"SIGTERM", syscall.SIGTERM, 143}, {"SIGINT", syscall.SIGINT, 130}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := startRun(t, dir)
			if err := p.cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			if code := p.waitExit(60 * time.Second); code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, p.stdout, p.stderr)
			}
			r := readRunReport(t, filepath.Join(dir, "reports", "report.json"))
			if r.Verdict != "interrupted" {
				t.Errorf("report.json verdict %q, want interrupted", r.Verdict)
			}
			for _, f := range []string{"report.md", "report.html", "junit.xml"} {
				b, err := os.ReadFile(filepath.Join(dir, "reports", f))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(strings.ToLower(string(b)), "interrupted") {
					t.Errorf("%s does not say interrupted", f)
				}
			}
			if !strings.Contains(p.stdout.String(), "verdict: INTERRUPTED") {
				t.Errorf("terminal does not say the verdict is interrupted:\n%s", p.stdout)
			}
		})
	}
	t.Run("second signal", func(t *testing.T) {
		// REC-PERSON-UPSERT registers the deletion of the person its first
		// POST (3 s) creates; the first signal lands during its second POST,
		// so the cleanup has a 3 s DELETE to make.
		p := startRun(t, t.TempDir(), "--label-filter", "REC-PERSON-UPSERT")
		time.Sleep(4 * time.Second)
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		// The first signal is taken (its line is printed) before the second.
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(p.stderr.String(), "SIGTERM: starting no more specs") {
			if time.Now().After(deadline) {
				t.Fatalf("no sign the first signal was taken\n%s", p.stderr)
			}
			time.Sleep(20 * time.Millisecond)
		}
		start := time.Now()
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		// Every request is 3 s slow: cleaning up would take longer than this.
		if code := p.waitExit(2 * time.Second); code != 143 {
			t.Fatalf("exit %d, want 143", code)
		}
		if !strings.Contains(p.stderr.String(), "SIGTERM again: exiting at once") {
			t.Errorf("stderr does not say the second signal exits at once:\n%s", p.stderr)
		}
		t.Logf("exited %s after the second signal", time.Since(start))
	})
}

// TestSlowFaultIsBoundedBySpecTimeout: with the simulator never answering
// GET /v2/me in time, the spec fails as timed out, naming the operation,
// within the bound.
func TestSlowFaultIsBoundedBySpecTimeout(t *testing.T) {
	dir := t.TempDir()
	start := time.Now()
	res := loftgate(t, dir, nil, "run", "--target", "sim", "--report-dir", "reports", "--spec-timeout", "2s",
		"--label-filter", "ME-IDENTITY", "--fault", "slow=120000@GET /v2/me")
	took := time.Since(start)
	if res.code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	if took > 30*time.Second {
		t.Errorf("the run took %s; the spec bound is 2s", took)
	}
	r := readRunReport(t, filepath.Join(dir, "reports", "report.json"))
	if r.Verdict != "fail" {
		t.Errorf("verdict %q, want fail", r.Verdict)
	}
	found := false
	for _, it := range r.Items {
		for _, s := range it.Specs {
			if strings.Contains(s.Failure, "timed out") && strings.Contains(s.Failure, "GET /v2/me (no answer after") {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no spec failure says it timed out waiting for GET /v2/me:\n%s", res.stdout)
	}
}

// TestRunTimeoutFailsTheRun: --timeout stops the run, and the verdict is
// fail although the specs that never ran are skipped.
func TestRunTimeoutFailsTheRun(t *testing.T) {
	dir := t.TempDir()
	start := time.Now()
	res := loftgate(t, dir, nil, "run", "--target", "sim", "--report-dir", "reports", "--timeout", "3s", "--fault", "slow=120000")
	if took := time.Since(start); took > 40*time.Second {
		t.Errorf("the run took %s; its bound is 3s", took)
	}
	if res.code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	r := readRunReport(t, filepath.Join(dir, "reports", "report.json"))
	if r.Verdict != "fail" {
		t.Errorf("verdict %q, want fail", r.Verdict)
	}
	if !strings.Contains(strings.Join(r.Notes, "\n"), "--timeout of 3s") {
		t.Errorf("no note about the run's timeout: %q", r.Notes)
	}
}

// TestRunTimeoutFromConfig: timeout in loftgate.yaml bounds the run as
// --timeout does, and a flag the user set wins over it.
func TestRunTimeoutFromConfig(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "loftgate.yaml"), []byte("timeout: 3s\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := loftgate(t, dir, nil, "run", "--target", "sim", "--report-dir", "reports", "--fault", "slow=120000")
	if res.code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	r := readRunReport(t, filepath.Join(dir, "reports", "report.json"))
	if !strings.Contains(strings.Join(r.Notes, "\n"), "--timeout of 3s") {
		t.Errorf("the configured timeout did not bound the run: %q", r.Notes)
	}
}

// TestBoundsPrecedence: a flag the user set wins over the configuration's
// key, which wins over the flag's default.
func TestBoundsPrecedence(t *testing.T) {
	for _, tc := range []struct {
		args              []string
		cfg               config.Config
		wantRun, wantSpec time.Duration
	}{
		{nil, config.Config{}, run.DefaultTimeout, run.DefaultSpecTimeout},
		{nil, config.Config{Timeout: time.Minute, SpecTimeout: 5 * time.Second}, time.Minute, 5 * time.Second},
		{[]string{"--timeout", "2m"}, config.Config{Timeout: time.Minute, SpecTimeout: 5 * time.Second}, 2 * time.Minute, 5 * time.Second},
		{[]string{"--spec-timeout", "9s"}, config.Config{SpecTimeout: 5 * time.Second}, run.DefaultTimeout, 9 * time.Second},
	} {
		var b boundFlags
		fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
		b.register(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		if gotRun, gotSpec := b.resolve(fs, &tc.cfg); gotRun != tc.wantRun || gotSpec != tc.wantSpec {
			t.Errorf("args %q, config %s/%s: got %s/%s, want %s/%s", tc.args, tc.cfg.Timeout, tc.cfg.SpecTimeout, gotRun, gotSpec, tc.wantRun, tc.wantSpec)
		}
	}
}

// issuedCode matches an authorization code the simulator hands out, or a
// code= parameter whose value is not masked.
var issuedCode = regexp.MustCompile(`sim-code-[0-9a-f]+|code=[^r&\s"]`)

// TestVerboseOutputIsScrubbed: a failing token request makes Gomega print
// the request; the code in it must not reach the terminal.
func TestVerboseOutputIsScrubbed(t *testing.T) {
	dir := t.TempDir()
	res := loftgate(t, dir, nil, "run", "--target", "sim", "-v", "--report-dir", "reports", "--fault", "server_error@POST /oauth/token")
	if res.code != 1 {
		t.Fatalf("exit %d, want 1 (the token endpoint fails)\n%s", res.code, res.stderr)
	}
	if !strings.Contains(res.stdout, "code=redacted") {
		t.Errorf("verbose output does not show the masked token request; the test no longer exercises the scrubber")
	}
	for where, text := range map[string]string{"stdout": res.stdout, "stderr": res.stderr} {
		if m := issuedCode.FindString(text); m != "" {
			t.Errorf("%s carries an authorization code (%d bytes)", where, len(m))
		}
	}
	checkTree(t, dir, nil, func(where, text string) {
		if issuedCode.MatchString(text) {
			t.Errorf("%s carries an authorization code", where)
		}
	})
}

// TestLabelFilterItemTypo: an item ID not in the checklist is a usage
// error naming the nearest one; a regular expression is not checked.
func TestLabelFilterItemTypo(t *testing.T) {
	res := loftgate(t, t.TempDir(), nil, "run", "--target", "sim", "--label-filter", "ME-IDENTITY || AUTH-REFRES-ROTATION")
	if res.code != 2 {
		t.Fatalf("exit %d, want 2\n%s", res.code, res.stderr)
	}
	if !strings.Contains(res.stderr, `did you mean "AUTH-REFRESH-ROTATION"`) {
		t.Errorf("stderr does not name the nearest item:\n%s", res.stderr)
	}
}

// TestNonLoopbackNeedsAllowRemote: sim, serve and proxy refuse an address
// other machines can reach unless told.
func TestNonLoopbackNeedsAllowRemote(t *testing.T) {
	for _, args := range [][]string{
		{"sim", "--addr", ":0"},
		{"sim", "--addr", "0.0.0.0:0"},
		{"serve", "--fixtures", filepath.Join(root, "fixtures"), "--addr", ":0"},
		{"proxy", "--upstream", "http://127.0.0.1:1", "--addr", "0.0.0.0:0"},
	} {
		res := loftgate(t, t.TempDir(), nil, args...)
		if res.code != 2 || !strings.Contains(res.stderr, "--allow-remote") {
			t.Errorf("%v: exit %d, want 2 naming --allow-remote\n%s", args, res.code, res.stderr)
		}
	}
}

// TestExposedSimulatorControlNeedsToken: with --allow-remote on every
// interface, the simulator prints a control token and its /_sim API
// answers only requests carrying it.
func TestExposedSimulatorControlNeedsToken(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("stopping the simulator needs an interrupt signal")
	}
	ln, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Skipf("cannot listen on every interface here: %v", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "sim", "--addr", "0.0.0.0:"+strconv.Itoa(port), "--allow-remote")
	p := &proxyProcess{t: t, cmd: cmd, stdout: newLockedBuffer("control API (/_sim) token: "), stderr: newLockedBuffer(""), done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	defer p.stop()
	select {
	case <-p.stdout.seen:
	case err := <-p.done:
		p.done <- err
		t.Fatalf("sim exited: %v\n%s", err, p.stderr)
	case <-time.After(15 * time.Second):
		t.Fatalf("sim printed no control token:\n%s", p.stdout)
	}
	tokenLine := regexp.MustCompile(`control API \(/_sim\) token: ([0-9a-f]{32})\n`)
	var m []string
	for deadline := time.Now().Add(5 * time.Second); m == nil; time.Sleep(10 * time.Millisecond) {
		if m = tokenLine.FindStringSubmatch(p.stdout.String()); m == nil && time.Now().After(deadline) {
			t.Fatalf("no token in:\n%s", p.stdout)
		}
	}
	get := func(token string) int {
		req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:"+strconv.Itoa(port)+"/_sim/faults", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get(""); code != http.StatusUnauthorized {
		t.Errorf("/_sim without the token: status %d, want 401", code)
	}
	if code := get("wrong-token"); code != http.StatusUnauthorized {
		t.Errorf("/_sim with a wrong token: status %d, want 401", code)
	}
	if code := get(m[1]); code != http.StatusOK {
		t.Errorf("/_sim with the printed token: status %d, want 200", code)
	}
}
