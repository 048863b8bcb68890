package audit

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"

	"gopkg.in/yaml.v3"
)

type expectedCorpus struct {
	Usages []struct {
		File   string `yaml:"file"`
		Line   int    `yaml:"line"`
		Method string `yaml:"method"`
		Path   string `yaml:"path"`
	} `yaml:"usages"`
	Findings []struct {
		Rule string `yaml:"rule"`
		File string `yaml:"file"`
		Line int    `yaml:"line"`
	} `yaml:"findings"`
	// DataFiles (patterns only) are data files no code finding may name.
	DataFiles []string `yaml:"data_files"`
}

func scanCorpus(t testing.TB) *Result {
	t.Helper()
	res, err := Scan(context.Background(), Options{Root: "testdata/corpus"})
	if err != nil {
		t.Fatalf("scan corpus: %v", err)
	}
	return res
}

// prf compares two sets and returns precision, recall and the differences.
func prf(want, got map[string]bool) (precision, recall float64, missing, extra []string) {
	tp := 0
	for k := range got {
		if want[k] {
			tp++
		} else {
			extra = append(extra, k)
		}
	}
	for k := range want {
		if !got[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	precision, recall = 1, 1
	if len(got) > 0 {
		precision = float64(tp) / float64(len(got))
	}
	if len(want) > 0 {
		recall = float64(tp) / float64(len(want))
	}
	return precision, recall, missing, extra
}

// TestCorpusPrecisionRecall scans the hand-labelled corpus and compares
// method+path per file and line with testdata/expected.yaml.
func TestCorpusPrecisionRecall(t *testing.T) {
	data, err := os.ReadFile("testdata/expected.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var exp expectedCorpus
	if err := yaml.Unmarshal(data, &exp); err != nil {
		t.Fatalf("expected.yaml: %v", err)
	}
	res := scanCorpus(t)

	want, got := map[string]bool{}, map[string]bool{}
	for _, u := range exp.Usages {
		want[fmt.Sprintf("%s:%d %s %s", u.File, u.Line, u.Method, u.Path)] = true
	}
	for _, u := range res.Usages {
		got[fmt.Sprintf("%s:%d %s %s", u.File, u.Line, u.Method, u.Path)] = true
	}
	p, r, missing, extra := prf(want, got)
	t.Logf("usages (method+path): precision %.3f recall %.3f (%d expected, %d found)", p, r, len(want), len(got))
	for _, m := range missing {
		t.Logf("missing: %s", m)
	}
	for _, e := range extra {
		t.Logf("extra:   %s", e)
	}
	if p < 0.95 || r < 0.95 {
		t.Errorf("precision %.3f / recall %.3f below 0.95", p, r)
	}

	wantF, gotF := map[string]bool{}, map[string]bool{}
	for _, f := range exp.Findings {
		wantF[fmt.Sprintf("%s %s:%d", f.Rule, f.File, f.Line)] = true
	}
	for _, f := range res.Findings {
		if f.Rule == RuleUnknownMethod {
			continue // informational, not labelled
		}
		gotF[fmt.Sprintf("%s %s:%d", f.Rule, f.File, f.Line)] = true
	}
	p, r, missing, extra = prf(wantF, gotF)
	t.Logf("findings: precision %.3f recall %.3f", p, r)
	for _, m := range missing {
		t.Logf("missing finding: %s", m)
	}
	for _, e := range extra {
		t.Logf("extra finding:   %s", e)
	}
	if p < 0.95 || r < 0.95 {
		t.Errorf("findings precision %.3f / recall %.3f below 0.95", p, r)
	}
}

// TestCorpusDetails checks the facts a usage carries besides method and path.
func TestCorpusDetails(t *testing.T) {
	res := scanCorpus(t)
	find := func(file string, line int) Usage {
		t.Helper()
		for _, u := range res.Usages {
			if u.File == file && u.Line == line {
				return u
			}
		}
		t.Fatalf("no usage at %s:%d", file, line)
		return Usage{}
	}
	u := find("ts/src/people.ts", 9)
	if u.Attributes["updated_at[gt]"] != "?" || u.Attributes["per_page"] != "100" || u.Operation != "GET /v2/people" || !u.Known || !u.Modelled {
		t.Errorf("people.ts:9 = %+v", u)
	}
	if u.Scope != "people:read" || u.Cost != 1 || u.Language != langTS {
		t.Errorf("people.ts:9 scope/cost/language = %q %d %q", u.Scope, u.Cost, u.Language)
	}
	if u := find("ts/src/sync.ts", 4); u.Attributes["page"] != "150" {
		t.Errorf("sync.ts:4 attributes = %v", u.Attributes)
	}
	if u := find("ts/src/legacy.js", 14); u.Known || u.Operation != "" {
		t.Errorf("cadence_steps must be unknown: %+v", u)
	}
	if u := find("ts/src/legacy.js", 9); !u.Known || u.Modelled {
		t.Errorf("activities/emails must be catalog-only: %+v", u)
	}
	if u := find("ts/src/legacy.js", 5); u.Attributes["json"] != "true" || u.Attributes["page"] != "2" {
		t.Errorf("legacy.js:5 attributes = %v", u.Attributes)
	}
	want := []string{"accounts:delete", "accounts:read", "accounts:write", "cadences:read", "cadences:write", "calls:read", "notes:write", "people:delete", "people:read", "people:write", "team:read", "users:read", "webhooks:delete", "webhooks:write"}
	if fmt.Sprint(res.Scopes) != fmt.Sprint(want) {
		t.Errorf("scopes = %v, want %v", res.Scopes, want)
	}
	for _, f := range res.Findings {
		if f.Rule == RuleAPIKeyHardcoded && containsAPIKeyText(f.Message) {
			t.Errorf("finding leaks the key: %s", f.Message)
		}
	}
	if res.Summary.Skipped[SkipVendored] != 1 {
		t.Errorf("vendored dirs skipped = %d, want 1 (node_modules)", res.Summary.Skipped[SkipVendored])
	}
}

func containsAPIKeyText(s string) bool {
	for i := 0; i+3 < len(s); i++ {
		if s[i:i+3] == "ak_" && i+20 < len(s) && isAPIKey(s[i:i+67]) {
			return true
		}
	}
	return false
}

// TestCorpusNonCalls lists mocks, tests and docs only on request, apart
// from the usages.
func TestCorpusNonCalls(t *testing.T) {
	res, err := Scan(context.Background(), Options{Root: "testdata/corpus", IncludeNonCalls: true})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	for _, u := range res.NonCalls {
		files[u.File] = true
	}
	for _, f := range []string{"ts/test/people.test.ts", "python/tests/test_client.py", "ruby/spec/sync_job_spec.rb", "docs/integration.md"} {
		if !files[f] {
			t.Errorf("non-call %s not listed; got %v", f, files)
		}
	}
	base := scanCorpus(t)
	if len(res.Usages) != len(base.Usages) {
		t.Errorf("--include-non-calls changed the usages: %d vs %d", len(res.Usages), len(base.Usages))
	}
	if len(base.NonCalls) != 0 {
		t.Errorf("non-calls listed without the option: %v", base.NonCalls)
	}
}
