package audit

import (
	"context"
	"path"
	"strings"
	"testing"
)

// TestSelfScan audits loftgate's own repository. Its corpora (testdata),
// fixtures, docs and *_test.go files are non-calls and must not show up as
// usages; what is left is the harness's real SalesLoft client code.
func TestSelfScan(t *testing.T) {
	if testing.Short() {
		t.Skip("scans the whole repository")
	}
	res, err := Scan(context.Background(), Options{Root: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range res.Usages {
		segs := strings.Split(u.File, "/")
		for _, s := range segs[:len(segs)-1] {
			if dirClass(s) == "non-call" {
				t.Errorf("usage in a non-call directory: %s:%d %s %s", u.File, u.Line, u.Method, u.Path)
			}
		}
		if strings.HasSuffix(u.File, "_test.go") || path.Ext(u.File) == ".md" {
			t.Errorf("usage in a test or doc: %s:%d", u.File, u.Line)
		}
		if strings.HasPrefix(u.File, "harness/audit/") {
			t.Errorf("the audit's own code reported as a SalesLoft call: %s:%d %s %s", u.File, u.Line, u.Method, u.Path)
		}
		// The simulator is a server: it receives /v2/ requests and sends none.
		// interop/js/bodies.mjs keeps ids in a Map-backed Ids class.
		if strings.HasPrefix(u.File, "harness/sim/") || u.File == "interop/js/bodies.mjs" {
			t.Errorf("a server or an in-memory lookup reported as a SalesLoft call: %s:%d %s %s", u.File, u.Line, u.Method, u.Path)
		}
	}
	for _, f := range res.Findings {
		if strings.HasPrefix(f.File, "harness/audit/") || strings.Contains(f.File, "testdata/") {
			t.Errorf("finding in the audit's own code or corpus: %+v", f)
		}
		switch path.Ext(f.File) {
		case ".yaml", ".yml", ".json":
			if codeRule(f.Rule) {
				t.Errorf("code finding on a data file: %+v", f)
			}
		}
	}
	if len(res.Usages) == 0 {
		t.Error("no usages found: the harness's typed client calls SalesLoft")
	}
	for _, u := range res.Usages {
		if !u.Known || u.Method == MethodUnknown {
			t.Errorf("loftgate's own call not resolved: %+v", u)
		}
	}
	t.Logf("%d usages, %d findings in %d files analysed", len(res.Usages), len(res.Findings), res.Summary.Analyzed)
	for _, u := range res.Usages {
		t.Logf("  %s %s %s:%d", u.Method, u.Path, u.File, u.Line)
	}
	for _, f := range res.Findings {
		t.Logf("  %s %s %s:%d %s", f.Severity, f.Rule, f.File, f.Line, f.Message)
	}
}
