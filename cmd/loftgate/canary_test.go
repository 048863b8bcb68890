package main

import (
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/sim"
)

// Canary secrets: values that must never appear in any output or file.
const (
	canaryClientSecret  = "canary-client-secret-7f3a91"
	canaryAPIKey        = "ak_canary_0c9e55d1b2"
	canaryCallbackToken = "canary-callback-token-41bd"
)

// simTokens matches the access and refresh tokens the simulator issues.
var simTokens = regexp.MustCompile(`sim-(at|rt)-[0-9a-f]{8,}`)

// TestNoSecretReachesOutputOrDisk runs and records against a simulator
// configured with canary credentials, as a live target, and looks for the
// canaries and every issued token in stdout, stderr and every file written
// (reports and fixtures). The token file is the one place a token may be,
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
	cfg := "token_file: " + tokenFile + "\n"
	if err := os.WriteFile(filepath.Join(work, "loftgate.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"SALESLOFT_CLIENT_ID=canary-client",
		"SALESLOFT_CLIENT_SECRET=" + canaryClientSecret,
		"SALESLOFT_API_KEY=" + canaryAPIKey,
		"SALESLOFT_CALLBACK_TOKEN=" + canaryCallbackToken,
		"SALESLOFT_REDIRECT_URI=" + sim.DefaultRedirectURI,
	}
	urls := []string{"--target", "live", "--accounts-url", srv.URL, "--api-url", srv.URL, "--allow-writes"}
	var outputs []string
	run := loftgate(t, work, env, append([]string{"run", "--report-dir", "reports"}, urls...)...)
	outputs = append(outputs, run.stdout, run.stderr)
	rec := loftgate(t, work, env, append([]string{"record", "--fixtures", "recorded", "--report-dir", "reports-record"}, urls...)...)
	outputs = append(outputs, rec.stdout, rec.stderr)
	if _, err := os.Stat(filepath.Join(work, "recorded")); err != nil {
		t.Fatalf("record wrote no fixtures (exit %d):\n%s\n%s", rec.code, rec.stdout, rec.stderr)
	}

	check := func(where, text string) {
		for _, c := range []string{canaryClientSecret, canaryAPIKey, canaryCallbackToken} {
			if strings.Contains(text, c) {
				t.Errorf("%s contains the canary %q", where, c)
			}
		}
		if m := simTokens.FindString(text); m != "" {
			t.Errorf("%s contains an issued token", where)
		}
	}
	for i, o := range outputs {
		check("output "+string(rune('0'+i)), o)
	}
	err = filepath.WalkDir(work, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if path == tokenFile {
			info, err := d.Info()
			if err != nil {
				return err
			}
			if info.Mode().Perm() != 0o600 {
				t.Errorf("token file mode %v, want 0600", info.Mode().Perm())
			}
			return nil
		}
		if filepath.Base(path) == "loftgate.yaml" {
			return nil
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
