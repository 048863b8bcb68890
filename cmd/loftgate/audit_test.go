package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const corpus = "../../harness/audit/testdata/corpus"

// runAudit runs `loftgate audit` through newAuditCmd and returns stdout
// and the exit code execute would map the error to.
func runAudit(t *testing.T, args ...string) (string, int, error) {
	t.Helper()
	cmd := newAuditCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	err := cmd.Execute()
	code := 0
	if err != nil {
		code = 2
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
	}
	return out.String(), code, err
}

func TestAuditCommand(t *testing.T) {
	clean := t.TempDir()
	if err := os.WriteFile(filepath.Join(clean, "app.py"), []byte("import requests\nrequests.get(\"https://api.salesloft.com/v2/me\")\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badCfg := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(badCfg, []byte("base_url: [X]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"corpus fails the default gate", []string{corpus}, 1, "unknown-endpoint"},
		{"never fails with --fail-on never", []string{corpus, "--fail-on", "never"}, 0, "OAuth scopes"},
		{"clean tree passes", []string{clean}, 0, "/v2/me  app.py:2"},
		{"clean tree passes --fail-on warning", []string{clean, "--fail-on", "warning"}, 0, ""},
		{"bad format", []string{clean, "--format", "xml"}, 2, ""},
		{"bad fail-on", []string{clean, "--fail-on", "sometimes"}, 2, ""},
		{"missing path", []string{filepath.Join(clean, "nope")}, 2, ""},
		{"bad config", []string{clean, "--config", badCfg}, 2, ""},
		{"two paths", []string{clean, clean}, 2, ""},
		{"markdown", []string{clean, "--format", "markdown"}, 0, "| GET | `/v2/me`"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, code, err := runAudit(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d (err %v), want %d; output:\n%s", code, err, tc.code, out)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
			if tc.name == "bad config" && !strings.Contains(err.Error(), badCfg) {
				t.Errorf("config error does not name the file: %v", err)
			}
		})
	}
}

func TestAuditJSONOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "audit.json")
	if _, code, err := runAudit(t, corpus, "--format", "json", "--output", out, "--fail-on", "never"); code != 0 {
		t.Fatalf("exit %d: %v", code, err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema", "root", "usages", "findings", "scopes"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if doc["schema"] != "loftgate.audit/v1" {
		t.Errorf("schema = %v", doc["schema"])
	}
	u := doc["usages"].([]any)[0].(map[string]any)
	for _, k := range []string{"method", "path", "file", "line", "operation", "known", "attributes"} {
		if _, ok := u[k]; !ok {
			t.Errorf("usage lacks %q", k)
		}
	}
	f := doc["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"rule", "severity", "file", "line", "message"} {
		if _, ok := f[k]; !ok {
			t.Errorf("finding lacks %q", k)
		}
	}
}

func TestAuditHelp(t *testing.T) {
	out, code, _ := runAudit(t, "--help")
	if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "--fail-on") || !strings.Contains(out, "Exit codes") {
		t.Errorf("help (exit %d):\n%s", code, out)
	}
}
