package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoadYAML loads arbitrary loftgate.yaml files and validates what loads: no panic, every
// error a *Error naming the file, and no message naming a Go type.
func FuzzLoadYAML(f *testing.F) {
	f.Add([]byte("target: sim\napi_url: https://api.salesloft.com\nsim:\n  faults: [x]\n"))
	f.Add([]byte("fields:\n  GET /v2/me:\n    - path: data.id\n      typ: integer\n"))
	f.Add([]byte("api_url: https://u:p@x\naccounts_url: https://a?access_token=1\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Add([]byte("target: [sim\n"))
	f.Add([]byte("budget_share: .nan\nscopes: {a: b}\nsim: 3\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "loftgate.yaml")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load(Sources{File: p, DotEnv: filepath.Join(t.TempDir(), "none.env"), LookupEnv: env(nil)})
		if err != nil {
			if _, ok := err.(*Error); ok {
				if !strings.Contains(err.Error(), p) && !strings.Contains(err.Error(), "none.env") {
					t.Errorf("error %q does not name the file", err)
				}
			}
			checkNoGoType(t, err)
			return
		}
		if err := cfg.Validate(); err != nil {
			if _, ok := err.(*Error); !ok {
				t.Errorf("Validate returned %T, want *Error", err)
			}
			checkNoGoType(t, err)
		}
	})
}

// FuzzDotEnv loads arbitrary .env files: no panic, and an error never quotes the file's content
// (a line of it may hold a secret).
func FuzzDotEnv(f *testing.F) {
	f.Add([]byte("SALESLOFT_CLIENT_ID=id\nSALESLOFT_CLIENT_SECRET=s3cret\n"))
	f.Add([]byte("export SALESLOFT_API_URL='https://api.salesloft.com'\n# comment\n"))
	f.Add([]byte("SALESLOFT_CLIENT_SECRET=\"unterminated\n"))
	f.Add([]byte("=novalue\n\x00\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), ".env")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load(Sources{File: filepath.Join(t.TempDir(), "absent.yaml"), DotEnv: p, LookupEnv: env(nil)})
		if err != nil {
			for _, line := range strings.Split(string(data), "\n") {
				if v := strings.TrimSpace(line); len(v) >= 8 && strings.Contains(err.Error(), v) {
					t.Errorf("error %q quotes the file's line %q", err, v)
				}
			}
			return
		}
		if err := cfg.Validate(); err != nil {
			checkNoGoType(t, err)
		}
	})
}

// checkNoGoType fails when an error message names a Go type of this package.
func checkNoGoType(t *testing.T, err error) {
	t.Helper()
	if strings.Contains(err.Error(), "config.") && !strings.HasPrefix(err.Error(), "config: ") {
		t.Errorf("message names a Go type: %q", err)
	}
	for _, goName := range []string{"config.Config", "config.Sim", "config.Field", "config.Target", "config.Secret"} {
		if strings.Contains(err.Error(), goName) {
			t.Errorf("message names the Go type %s: %q", goName, err)
		}
	}
}
