package replay

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goodHead = `version: loftgate.fixtures/v1
metadata:
  spec: me/get me
  recorded_at: 2026-01-01T00:00:00Z
  target: sim
  contract_version: "1"
interactions:
`

const goodMe = `  - request:
      method: GET
      path: /v2/me
    response:
      status: 200
      headers:
        content-type: application/json
      body: '{"data":{"id":1}}'
`

func writeFixture(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadRejectsMalformedFiles(t *testing.T) {
	tests := []struct {
		name, content string
		line          int
		want          string
	}{
		{"bad yaml", goodHead + "  - request: [\n", 8, "bad YAML"},
		{"unknown version", strings.Replace(goodHead, "loftgate.fixtures/v1", "v0", 1) + goodMe, 1, `unknown version "v0"`},
		{"old version", strings.Replace(goodHead, "loftgate.fixtures/v1", "loftgate.fixtures/v0", 1) + goodMe, 1, "re-record with `loftgate record`"},
		{"missing version", strings.Replace(goodHead, "version: loftgate.fixtures/v1\n", "", 1) + goodMe, 1, "missing version"},
		{"missing spec", strings.Replace(goodHead, "  spec: me/get me\n", "", 1) + goodMe, 2, "missing metadata.spec"},
		{"missing method", goodHead + strings.Replace(goodMe, "      method: GET\n", "", 1), 9, "missing request.method"},
		{"missing path", goodHead + strings.Replace(goodMe, "      path: /v2/me\n", "", 1), 9, "request.path"},
		{"missing status", goodHead + strings.Replace(goodMe, "      status: 200\n", "", 1), 12, "missing or invalid response.status"},
		{"unknown field", goodHead + strings.Replace(goodMe, "status: 200", "stauts: 200", 1), 12, "stauts"},
		{"wrong type", goodHead + strings.Replace(goodMe, "status: 200", "status: ok", 1), 12, "bad YAML"},
		{"invalid json response body", goodHead + strings.Replace(goodMe, `'{"data":{"id":1}}'`, `'{"data":'`, 1), 15, "response.body is not valid JSON"},
		{"invalid json in block", goodHead + strings.Replace(goodMe, `'{"data":{"id":1}}'`, "|-\n        {\n          \"data\": {\n            \"id\": 1,\n          }\n        }", 1), 19, "response.body is not valid JSON"},
		{"invalid json request body", goodHead + strings.Replace(goodMe, "      path: /v2/me\n", "      path: /v2/me\n      headers:\n        content-type: application/json\n      body: '{nope'\n", 1), 13, "request.body is not valid JSON"},
		{"unknown layout", goodHead + strings.Replace(goodMe, "      body:", "      layout: pretty\n      body:", 1), 15, "unknown response.layout"},
		{"not a mapping", "- 1\n- 2\n", 1, "not a fixture file"},
		{"empty", "", 1, "empty file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFixture(t, dir, "me/get-me.yaml", tt.content)
			_, err := Load(dir)
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load error = %v (%T); want *LoadError", err, err)
			}
			if !errors.Is(err, ErrInvalidFixture) {
				t.Errorf("errors.Is(err, ErrInvalidFixture) = false")
			}
			wantFile := filepath.Join(dir, "me/get-me.yaml")
			if le.File != wantFile || le.Line != tt.line || !strings.Contains(le.Msg, tt.want) {
				t.Errorf("got %s:%d %q; want %s:%d containing %q", le.File, le.Line, le.Msg, wantFile, tt.line, tt.want)
			}
			if strings.Contains(le.Msg, ": :") || strings.Contains(le.Msg, "yaml:") {
				t.Errorf("untidy message %q", le.Msg)
			}
			if prefix := fmt.Sprintf("replay: %s:%d: ", wantFile, tt.line); !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("message %q does not start with %q", err.Error(), prefix)
			}
		})
	}
}

func TestLoadAcceptsGoodFileAndSkipsTemporaries(t *testing.T) {
	dir := t.TempDir()
	writeFixture(t, dir, "me/get-me.yaml", goodHead+goodMe)
	writeFixture(t, dir, "me/.get-me.yaml.tmp-123", "garbage: [")
	writeFixture(t, dir, "README.txt", "not a fixture")
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if set.Len() != 1 || len(set.Files()) != 1 || set.Files()[0].Metadata.Spec != "me/get me" {
		t.Fatalf("set = %d interactions, files %v", set.Len(), set.Specs())
	}
}

func TestLoadReportsDuplicateSpecAndMissingDir(t *testing.T) {
	dir := t.TempDir()
	writeFixture(t, dir, "a.yaml", goodHead+goodMe)
	writeFixture(t, dir, "b.yaml", goodHead+goodMe)
	_, err := Load(dir)
	var le *LoadError
	if !errors.As(err, &le) || le.File != filepath.Join(dir, "b.yaml") || !strings.Contains(le.Msg, "also recorded in") {
		t.Errorf("duplicate spec: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "nope")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing dir: %v", err)
	}
}

func TestLoadJoinsErrorsOfSeveralFiles(t *testing.T) {
	dir := t.TempDir()
	writeFixture(t, dir, "a.yaml", "version: v9\n")
	writeFixture(t, dir, "b.yaml", "version: v8\n")
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), "a.yaml:1") || !strings.Contains(err.Error(), "b.yaml:1") {
		t.Errorf("err = %v; want both files named", err)
	}
}
