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
// that flow, framework conventions, methods, SDKs, passthroughs) and for the
// false positives of round 3 (servers, project classes that send nothing,
// data files) — and compares method+path per file and line with its
// hand-written expected.yaml. Every usage must be found and nothing else
// (the set is exact, so one false positive fails it); the findings of the
// rules the patterns exercise (dynamic-call, webhook-sha256,
// webhook-timestamp) must be exactly the expected ones, and no code finding
// may name a data file.
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
		t.Errorf("missing: %s", m)
	}
	for _, e := range extra {
		t.Errorf("extra:   %s", e)
	}
	checked := map[string]bool{RuleDynamicCall: true, RuleWebhookAlgorithm: true, RuleWebhookTimestamp: true}
	wantF, gotF := map[string]bool{}, map[string]bool{}
	for _, f := range exp.Findings {
		wantF[fmt.Sprintf("%s %s:%d", f.Rule, f.File, f.Line)] = true
	}
	for _, f := range res.Findings {
		if checked[f.Rule] {
			gotF[fmt.Sprintf("%s %s:%d", f.Rule, f.File, f.Line)] = true
		}
	}
	_, _, missingF, extraF := prf(wantF, gotF)
	for _, m := range missingF {
		t.Errorf("missing finding: %s", m)
	}
	for _, e := range extraF {
		t.Errorf("extra finding:   %s", e)
	}
	dataFile := map[string]bool{}
	for _, f := range exp.DataFiles {
		dataFile[f] = true
	}
	for _, f := range res.Findings {
		if dataFile[f.File] && codeRule(f.Rule) {
			t.Errorf("code finding on a data file: %s %s:%d", f.Rule, f.File, f.Line)
		}
	}
}

// codeRule reports the rules about what code does (as opposed to the
// endpoint rules, which follow a usage, and a key written anywhere).
func codeRule(rule string) bool {
	switch rule {
	case RuleWebhookAlgorithm, RuleWebhookTimestamp, RuleDeepPaging, RuleAPIKeyEnv, RuleDynamicCall:
		return true
	}
	return false
}
