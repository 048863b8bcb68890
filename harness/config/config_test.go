package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gopkg.in/yaml.v3"
)

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadOrder(t *testing.T) {
	dir := t.TempDir()
	file := write(t, dir, "loftgate.yaml", "target: sim\nclient_id: from-file\napi_url: https://file.example\nreport_dir: out\n")
	dotenv := write(t, dir, ".env", "SALESLOFT_CLIENT_ID=from-dotenv\nSALESLOFT_CLIENT_SECRET=dotenv-secret\nSALESLOFT_API_URL=https://dotenv.example\n")

	cfg, err := Load(Sources{File: file, DotEnv: dotenv, LookupEnv: env(map[string]string{"SALESLOFT_CLIENT_ID": "from-env"})})
	require.NoError(t, err)
	assert.Equal(t, TargetSim, cfg.Target, "target from file")
	assert.Equal(t, "from-env", cfg.ClientID, "environment beats file")
	assert.Equal(t, "dotenv-secret", cfg.ClientSecret.Reveal(), ".env fills what the environment leaves unset")
	assert.Equal(t, "https://dotenv.example", cfg.APIURL, ".env beats file")
	assert.Equal(t, "out", cfg.ReportDir, "file beats default")
	assert.Equal(t, DefaultFixtures, cfg.Fixtures, "default kept")
}

func TestLoadMissingDefaultFileIsFine(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg, err := Load(Sources{LookupEnv: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Target != TargetReplay {
		t.Fatalf("default target = %q", cfg.Target)
	}
}

func TestLoadErrorsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, body string
		wantLine   int
		wantText   string
	}{
		{"unknown key", "target: sim\nclientid: x\n", 2, "clientid"},
		{"bad yaml", "target: [sim\nclient_id: x\n", 1, "expected"},
		{"wrong type", "allow_writes: maybe\n", 1, "true or false"},
		{"bad duration", "target: sim\ntimeout: soon\n", 2, "a duration such as 30m"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := write(t, dir, strings.ReplaceAll(c.name, " ", "-")+".yaml", c.body)
			_, err := Load(Sources{File: p, LookupEnv: env(nil)})
			var ce *Error
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, p, ce.Source)
			assert.Equal(t, c.wantLine, ce.Line, "line of %q", err)
			assert.Contains(t, ce.Msg, c.wantText)
		})
	}
	_, err := Load(Sources{File: filepath.Join(dir, "absent.yaml"), FileRequired: true, LookupEnv: env(nil)})
	if err == nil || !strings.Contains(err.Error(), "absent.yaml") {
		t.Fatalf("a named missing file must be an error naming it, got %v", err)
	}
}

// TestLoadDurations: timeout and spec_timeout read Go duration strings.
func TestLoadDurations(t *testing.T) {
	p := write(t, t.TempDir(), "loftgate.yaml", "timeout: 10m\nspec_timeout: 45s\n")
	cfg, err := Load(Sources{File: p, LookupEnv: env(nil)})
	require.NoError(t, err)
	assert.Equal(t, 10*time.Minute, cfg.Timeout)
	assert.Equal(t, 45*time.Second, cfg.SpecTimeout)
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Config)
		want   string // "" = valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"unknown target", func(c *Config) { c.Target = "staging" }, "unknown target"},
		{"bad url", func(c *Config) { c.APIURL = "api.salesloft.com" }, "api_url"},
		{"live without credentials", func(c *Config) { c.Target = TargetLive }, "SALESLOFT_CLIENT_ID"},
		{"live id without secret", func(c *Config) { c.Target = TargetLive; c.ClientID = "id" }, "SALESLOFT_CLIENT_SECRET"},
		{"live with api key only", func(c *Config) { c.Target = TargetLive; c.APIKey = "k" }, ""},
		{"bad field type", func(c *Config) { c.Fields = map[string][]Field{"GET /v2/me": {{Path: "data.id", Type: "int"}}} }, "fields.GET /v2/me"},
		{"budget share", func(c *Config) { c.BudgetShare = 2 }, "budget_share"},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }, "timeout"},
		{"negative spec timeout", func(c *Config) { c.SpecTimeout = -time.Second }, "spec_timeout"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := Default()
			c.mutate(cfg)
			err := cfg.Validate()
			if c.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestSecretsAreMaskedEverywhere(t *testing.T) {
	const canary = "canary-secret-4f1d"
	cfg := Default()
	cfg.ClientSecret, cfg.APIKey, cfg.RefreshToken, cfg.CallbackToken = canary, canary, canary, canary
	j, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	y, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{
		"%v": fmt.Sprintf("%v", cfg), "%+v": fmt.Sprintf("%+v", cfg), "%#v": fmt.Sprintf("%#v", cfg),
		"%s": fmt.Sprintf("%s", cfg.ClientSecret), "json": string(j), "yaml": string(y),
	} {
		if strings.Contains(out, canary) {
			t.Errorf("%s output contains the secret: %s", name, out)
		}
	}
	if cfg.ClientSecret.Reveal() != canary {
		t.Fatal("Reveal must return the value")
	}
}

func TestEndpoints(t *testing.T) {
	cfg := Default()
	if got := cfg.TokenEndpoint(); got != "https://accounts.salesloft.com/oauth/token" {
		t.Fatalf("token endpoint %q", got)
	}
	cfg.AuthorizeURL = "https://idp.example/authorize"
	if got := cfg.AuthorizeEndpoint(); got != cfg.AuthorizeURL {
		t.Fatalf("authorize override ignored: %q", got)
	}
}
