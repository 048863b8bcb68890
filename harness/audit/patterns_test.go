package audit

import (
	"context"
	"fmt"
	"os"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestPatternsPrecisionRecall scans testdata/patterns — new code for each
// pattern of issue 7 (library surfaces, clients built in functions, values
// that flow, framework conventions, methods, SDKs, passthroughs) — and
// compares method+path per file and line with its hand-written
// expected.yaml. It fails below 0.95 precision or recall.
func TestPatternsPrecisionRecall(t *testing.T) {
	data, err := os.ReadFile("testdata/patterns/expected.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var exp expectedCorpus
	if err := yaml.Unmarshal(data, &exp); err != nil {
		t.Fatalf("expected.yaml: %v", err)
	}
	res, err := Scan(context.Background(), Options{Root: "testdata/patterns"})
	if err != nil {
		t.Fatal(err)
	}
	want, got := map[string]bool{}, map[string]bool{}
	for _, u := range exp.Usages {
		want[fmt.Sprintf("%s:%d %s %s", u.File, u.Line, u.Method, u.Path)] = true
	}
	for _, u := range res.Usages {
		got[fmt.Sprintf("%s:%d %s %s", u.File, u.Line, u.Method, u.Path)] = true
	}
	p, r, missing, extra := prf(want, got)
	t.Logf("patterns usages (method+path): precision %.3f recall %.3f (%d expected, %d found)", p, r, len(want), len(got))
	for _, m := range missing {
		t.Logf("missing: %s", m)
	}
	for _, e := range extra {
		t.Logf("extra:   %s", e)
	}
	if p < 0.95 || r < 0.95 {
		t.Errorf("precision %.3f / recall %.3f below 0.95", p, r)
	}
	dyn := map[string]bool{}
	for _, f := range res.Findings {
		if f.Rule == RuleDynamicCall {
			dyn[fmt.Sprintf("%s:%d", f.File, f.Line)] = true
		}
	}
	for _, f := range exp.Findings {
		if !dyn[fmt.Sprintf("%s:%d", f.File, f.Line)] {
			t.Errorf("missing %s at %s:%d (got %v)", f.Rule, f.File, f.Line, dyn)
		}
	}
	if len(dyn) != len(exp.Findings) {
		t.Errorf("dynamic-call findings %v, want exactly %d", dyn, len(exp.Findings))
	}
}
