package audit

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"
	"testing"
)

// TestSelfScan audits loftgate's own repository. Its corpora (testdata),
// fixtures, docs and *_test.go files are non-calls and must not show up as
// usages, nor must the conformance suites (suites/*: Ginkgo spec packages,
// test code though not _test files); what is left is the harness's typed
// SalesLoft client: its public methods, one operation each, and the
// dynamic-call of the Do it forwards to. Audited alone, harness/salesloft
// must give the same usages as it does in the whole repository.
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
		// The conformance suites import Ginkgo and Gomega: test code.
		if strings.HasPrefix(u.File, "suites/") {
			t.Errorf("a Ginkgo spec package reported as integration code: %s:%d %s %s", u.File, u.Line, u.Method, u.Path)
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
	// The typed client's public surface (a sample of it) is still reported,
	// and its Do forwards its caller's method and path.
	client := map[string]bool{}
	for _, u := range res.Usages {
		if strings.HasPrefix(u.File, "harness/salesloft/") {
			client[u.Method+" "+u.Path] = true
		}
	}
	for _, op := range []string{"GET /v2/me", "GET /v2/people", "GET /v2/people/{id}", "POST /v2/people", "DELETE /v2/accounts/{id}",
		"GET /v2/cadences", "POST /v2/cadence_imports", "GET /v2/cadence_exports/{id}", "POST /v2/webhook_subscriptions"} {
		if !client[op] {
			t.Errorf("the typed client's %s is not reported", op)
		}
	}
	dynamic := false
	for _, f := range res.Findings {
		dynamic = dynamic || f.Rule == RuleDynamicCall && f.File == "harness/salesloft/client.go"
	}
	if !dynamic {
		t.Error("no dynamic-call finding for the typed client's Do (its caller gives method and path)")
	}
	// Auditing the client's directory alone changes nothing for its files:
	// no resolution may depend on unrelated code elsewhere in the tree.
	alone, err := Scan(context.Background(), Options{Root: "../salesloft"})
	if err != nil {
		t.Fatal(err)
	}
	var inRoot, inDir []string
	for _, u := range res.Usages {
		if strings.HasPrefix(u.File, "harness/salesloft/") {
			inRoot = append(inRoot, fmt.Sprintf("%s:%d %s %s", strings.TrimPrefix(u.File, "harness/salesloft/"), u.Line, u.Method, u.Path))
		}
	}
	for _, u := range alone.Usages {
		inDir = append(inDir, fmt.Sprintf("%s:%d %s %s", u.File, u.Line, u.Method, u.Path))
	}
	sort.Strings(inRoot)
	sort.Strings(inDir)
	if strings.Join(inRoot, "\n") != strings.Join(inDir, "\n") {
		t.Errorf("harness/salesloft audited alone differs from the whole repository:\nalone (%d):\n  %s\nin the repository (%d):\n  %s",
			len(inDir), strings.Join(inDir, "\n  "), len(inRoot), strings.Join(inRoot, "\n  "))
	}
	t.Logf("%d usages, %d findings in %d files analysed", len(res.Usages), len(res.Findings), res.Summary.Analyzed)
	for _, u := range res.Usages {
		t.Logf("  %s %s %s:%d", u.Method, u.Path, u.File, u.Line)
	}
	for _, f := range res.Findings {
		t.Logf("  %s %s %s:%d %s", f.Severity, f.Rule, f.File, f.Line, f.Message)
	}
}
