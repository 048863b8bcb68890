package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const url = "https://raw.githubusercontent.com/schemastore/schemastore/master/src/schemas/json/sarif-2.1.0-rtm.5.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// TestSARIFValidates writes the corpus findings as SARIF and validates the
// log against the official SARIF 2.1.0 schema, then checks what GitHub
// code scanning needs: ruleId, a relative artifact URI and a start line.
func TestSARIFValidates(t *testing.T) {
	sch := sarifSchema(t)
	res := scanCorpus(t)
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, res); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("SARIF output does not validate: %v", err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if len(run.Results) != len(res.Findings) || len(run.Results) == 0 {
		t.Fatalf("%d results for %d findings", len(run.Results), len(res.Findings))
	}
	for _, r := range run.Results {
		loc := r.Locations[0].PhysicalLocation
		if r.RuleID == "" || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result rule %q index %d", r.RuleID, r.RuleIndex)
		}
		if strings.HasPrefix(loc.ArtifactLocation.URI, "/") || strings.Contains(loc.ArtifactLocation.URI, "\\") || loc.Region.StartLine < 1 {
			t.Errorf("location %+v is not relative with a start line", loc)
		}
	}
}

// TestSARIFSchemaRejects proves the validation can fail: a log without
// the required version is rejected.
func TestSARIFSchemaRejects(t *testing.T) {
	sch := sarifSchema(t)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(`{"runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"fatal"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err == nil {
		t.Fatal("an invalid SARIF log validated")
	}
}

// TestSARIFFingerprintsStable checks that two runs over the same tree give
// the same fingerprints, that they differ between findings, and that the
// driver carries a version string rather than the JSON schema id.
func TestSARIFFingerprintsStable(t *testing.T) {
	res := &Result{Findings: []Finding{
		{Rule: RuleUnknownEndpoint, Severity: SeverityError, File: "a.go", Line: 3, Message: "GET /v2/nope is not a SalesLoft endpoint"},
		{Rule: RuleUnknownEndpoint, Severity: SeverityError, File: "b.go", Line: 3, Message: "GET /v2/nope is not a SalesLoft endpoint"},
	}}
	run := func() []map[string]any {
		var buf bytes.Buffer
		if err := WriteSARIF(&buf, res); err != nil {
			t.Fatal(err)
		}
		var log map[string]any
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		r := log["runs"].([]any)[0].(map[string]any)
		if v := r["tool"].(map[string]any)["driver"].(map[string]any)["version"].(string); v == SchemaVersion || v == "" {
			t.Errorf("driver.version = %q, want a tool version", v)
		}
		var out []map[string]any
		for _, x := range r["results"].([]any) {
			out = append(out, x.(map[string]any)["partialFingerprints"].(map[string]any))
		}
		return out
	}
	a, b := run(), run()
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("fingerprints differ between runs: %v vs %v", a, b)
	}
	if fmt.Sprint(a[0]) == fmt.Sprint(a[1]) {
		t.Errorf("two findings in different files share a fingerprint: %v", a[0])
	}
}
