package config

import (
	"net/url"
	"strings"
	"testing"
)

// TestValidateRejectsCredentialsInURLs: a URL setting with user:password@ or a secret-like query
// parameter is refused, the message names the key and where credentials go, and never quotes
// the credential.
func TestValidateRejectsCredentialsInURLs(t *testing.T) {
	const canary = "canary-url-secret-9c1e"
	cases := []struct {
		name    string
		mutate  func(*Config)
		wantKey string
	}{
		{"api_url userinfo", func(c *Config) { c.APIURL = "https://me:" + canary + "@api.salesloft.com" }, "api_url"},
		{"accounts_url user only", func(c *Config) { c.AccountsURL = "https://" + canary + "@accounts.salesloft.com" }, "accounts_url"},
		{"api_url access_token", func(c *Config) { c.APIURL = "https://api.salesloft.com/?access_token=" + canary }, "api_url"},
		{"token_url client_secret", func(c *Config) { c.TokenURL = "https://idp.example/token?client_secret=" + canary }, "token_url"},
		{"authorize_url apiKey", func(c *Config) { c.AuthorizeURL = "https://idp.example/authorize?apiKey=" + canary }, "authorize_url"},
		{"accounts_url session_token", func(c *Config) { c.AccountsURL = "https://accounts.salesloft.com?x=1&session_token=" + canary }, "accounts_url"},
		{"redirect_uri userinfo", func(c *Config) { c.RedirectURI = "http://u:" + canary + "@127.0.0.1:8976/callback" }, "redirect_uri"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := Default()
			c.mutate(cfg)
			err := cfg.Validate()
			if err == nil {
				t.Fatal("a URL carrying credentials was accepted")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "config: "+c.wantKey) {
				t.Errorf("message %q does not start with the key %s", msg, c.wantKey)
			}
			for _, w := range []string{"SALESLOFT_CLIENT_SECRET", "environment", ".env"} {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q does not say where credentials go (%s)", msg, w)
				}
			}
			for _, form := range []string{canary, url.QueryEscape(canary)} {
				if strings.Contains(msg, form) {
					t.Errorf("message quotes the credential: %q", msg)
				}
			}
		})
	}
	// Ordinary query parameters and plain URLs stay valid.
	cfg := Default()
	cfg.APIURL = "https://api.salesloft.com/?region=eu"
	cfg.AuthorizeURL = "https://idp.example/authorize?prompt=consent"
	if err := cfg.Validate(); err != nil {
		t.Errorf("a URL without credentials was refused: %v", err)
	}
}

// TestValidateRejectsCredentialsFromEnvironment: the same check catches a URL set through
// SALESLOFT_API_URL.
func TestValidateRejectsCredentialsFromEnvironment(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg, err := Load(Sources{LookupEnv: env(map[string]string{"SALESLOFT_API_URL": "https://u:pw-canary@api.salesloft.com"})})
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.Validate()
	if err == nil || !strings.Contains(err.Error(), "SALESLOFT_API_URL") || strings.Contains(err.Error(), "pw-canary") {
		t.Errorf("got %v, want an error naming SALESLOFT_API_URL without the password", err)
	}
}
