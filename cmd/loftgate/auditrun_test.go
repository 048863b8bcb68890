package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunWithAuditGatesOnEndpoints proves MIG-ENDPOINT-AUDIT can fail: a
// codebase calling an endpoint SalesLoft does not have fails it, naming the
// file and line; a codebase calling only covered operations passes it.
func TestRunWithAuditGatesOnEndpoints(t *testing.T) {
	cases := []struct {
		name, code, status string
		want               []string
	}{
		{"unknown endpoint", `const BASE = "https://api.salesloft.com/v2";
export async function widgets(http) { return http.get(BASE + "/widgets"); }
`, "fail", []string{"sync.ts:2", "/v2/widgets"}},
		{"covered operations only", `const BASE = "https://api.salesloft.com/v2";
export async function me(http) { return http.get(BASE + "/me"); }
`, "pass", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := t.TempDir()
			if err := os.WriteFile(filepath.Join(src, "sync.ts"), []byte(c.code), 0o644); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			r := loftgate(t, "", nil, "run", "--target", "sim", "--audit", src, "--label-filter", "MIG-ENDPOINT-AUDIT", "--report-dir", dir)
			status, failures := readReport(t, dir).item("MIG-ENDPOINT-AUDIT")
			if status != c.status {
				t.Fatalf("MIG-ENDPOINT-AUDIT is %q, want %q (exit %d)\n%s\n%s", status, c.status, r.code, r.stdout, r.stderr)
			}
			joined := strings.Join(failures, "\n")
			for _, w := range c.want {
				if !strings.Contains(joined, w) {
					t.Errorf("the failure does not name %q:\n%s", w, joined)
				}
			}
		})
	}
}
