package config

import (
	"strings"
	"testing"
)

// TestKeyTyposNameKeyLineAndNearest: a misspelt key names the file, the line, the key's path and
// the nearest valid key, and never a Go type.
func TestKeyTyposNameKeyLineAndNearest(t *testing.T) {
	cases := []struct {
		name, body string
		line       int
		want       []string
	}{
		{"top level", "target: sim\napi_ur: https://api.salesloft.com\n", 2, []string{`unknown key "api_ur"`, `did you mean "api_url"?`}},
		{"case", "target: sim\nClient_ID: x\n", 2, []string{`unknown key "Client_ID"`, `did you mean "client_id"?`}},
		{"nested", "sim:\n  webhook_envelop: bare\n", 2, []string{`unknown key "sim.webhook_envelop"`, `did you mean "sim.webhook_envelope"?`}},
		{"in a list", "fields:\n  GET /v2/me:\n    - path: data.id\n      typ: integer\n", 4,
			[]string{`unknown key "fields.GET /v2/me[0].typ"`, `did you mean "fields.GET /v2/me[0].type"?`}},
		{"nothing near", "target: sim\nwibblewobble: 1\n", 2, []string{`unknown key "wibblewobble"`, "valid keys at the top level: accounts_url,"}},
		{"wrong type of value", "target: [sim]\n", 1, []string{"found a list where a target (replay, sim or live) belongs"}},
		{"not a mapping", "- target\n- sim\n", 1, []string{"must be a mapping of keys to values"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := write(t, t.TempDir(), "loftgate.yaml", c.body)
			_, err := Load(Sources{File: p, LookupEnv: env(nil)})
			ce, ok := err.(*Error)
			if !ok {
				t.Fatalf("got %v, want a *config.Error", err)
			}
			if ce.Source != p || ce.Line != c.line {
				t.Errorf("error at %s:%d, want %s:%d", ce.Source, ce.Line, p, c.line)
			}
			for _, w := range c.want {
				if !strings.Contains(ce.Msg, w) {
					t.Errorf("message %q lacks %q", ce.Msg, w)
				}
			}
			for _, goName := range []string{"config.", "[]string", "float64", "not found in type"} {
				if strings.Contains(err.Error(), goName) {
					t.Errorf("message names a Go type (%s): %q", goName, err)
				}
			}
			if strings.Contains(c.name, "nothing near") && strings.Contains(ce.Msg, "did you mean") {
				t.Errorf("no key is near %q, yet the message suggests one: %q", c.body, ce.Msg)
			}
		})
	}
}

func TestNearest(t *testing.T) {
	valid := []string{"api_url", "accounts_url", "target", "token_url"}
	for key, want := range map[string]string{"api_ur": "api_url", "targte": "target", "tokn_url": "token_url", "x": "", "completely_else": ""} {
		if got := nearest(key, valid); got != want {
			t.Errorf("nearest(%q) = %q, want %q", key, got, want)
		}
	}
}
