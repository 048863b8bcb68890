package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestLiveRunAgainstStandaloneSimulator follows the README's path for a
// live run: `loftgate sim` prints a loftgate.yaml, and `loftgate run` with
// that file and the printed credentials talks to it as to a staging app,
// over real HTTP and real OAuth, with the simulator-only specs skipped.
func TestLiveRunAgainstStandaloneSimulator(t *testing.T) {
	work := t.TempDir()
	sim := startDaemon(t, work, nil, "they are not secrets", "sim") // the last line it prints
	out := sim.stdout.String()
	cfg := regexp.MustCompile(`(?s)target: live\n.*?budget_share: 1`).FindString(out)
	if cfg == "" {
		t.Fatalf("loftgate sim printed no configuration:\n%s", out)
	}
	secret := regexp.MustCompile(`SALESLOFT_CLIENT_SECRET=(\S+)`).FindStringSubmatch(out)
	key := regexp.MustCompile(`SALESLOFT_API_KEY=(\S+)`).FindStringSubmatch(out)
	if secret == nil || key == nil {
		t.Fatalf("loftgate sim printed no credentials:\n%s", out)
	}
	if err := os.WriteFile(filepath.Join(work, "loftgate.yaml"), []byte(cfg+"\ntoken_file: state/token.json\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"SALESLOFT_CLIENT_SECRET=" + secret[1], "SALESLOFT_API_KEY=" + key[1]}
	r := loftgate(t, work, env, "run", "--allow-writes", "--report-dir", "reports")
	if r.code != 0 {
		t.Fatalf("live run: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	rep := readReport(t, filepath.Join(work, "reports"))
	if rep.Target != "live" {
		t.Fatalf("target %q", rep.Target)
	}
	// The migration's core runs on a live app, not only on the simulator.
	for _, id := range []string{"AUTH-CODE-EXCHANGE", "AUTH-REFRESH-ROTATION", "AUTH-REFRESH-SINGLE-FLIGHT", "AUTH-CC-TOKEN", "ME-IDENTITY", "CAD-ROUNDTRIP", "HOOK-SUBSCRIBE"} {
		if status, failures := rep.item(id); status != "pass" {
			t.Errorf("%s is %q on live: %v", id, status, failures)
		}
	}
	info, err := os.Stat(filepath.Join(work, "state", "token.json"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v, mode %v", err, info.Mode().Perm())
	}
	sim.stop()
}
