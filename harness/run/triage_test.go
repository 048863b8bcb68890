package run_test

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/report"
	"github.com/loftgate/loftgate/harness/run"
)

// TestDroppedEmailIsOneCause runs the checklist against the simulator
// with email dropped from GET /v2/me (issue 10): the failures are one
// cause, shown by the GET /v2/me 200 that broke the contract with a curl
// line holding no secret; junit.xml has a suite per item, classnames by
// item, spec files relative to the repository and no setup nodes; the
// Markdown puts the cause before anything folded.
func TestDroppedEmailIsOneCause(t *testing.T) {
	dir := t.TempDir()
	res, err := run.Run(context.Background(), simConfig(), run.WithReportDir(dir), run.WithFaults("drop_field=email@GET /v2/me"))
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	if len(r.Causes) != 1 {
		var sums []string
		for _, c := range r.Causes {
			sums = append(sums, c.Summary)
		}
		t.Fatalf("%d causes, want 1:\n%s", len(r.Causes), strings.Join(sums, "\n"))
	}
	c := r.Causes[0]
	if len(c.Items) != r.Summary.Fail || !strings.Contains(c.Summary, "$.data.email") {
		t.Errorf("cause %q breaks %v; %d items failed", c.Summary, c.Items, r.Summary.Fail)
	}
	if c.Exchange == nil || c.Exchange.Method != "GET" || c.Exchange.URL != "/v2/me" || c.Exchange.Status != 200 {
		t.Fatalf("cause exchange %+v, want GET /v2/me 200", c.Exchange)
	}
	if !strings.HasPrefix(c.Curl, "curl -sS -i -X GET 'http://127.0.0.1:") || !strings.HasSuffix(c.Curl, `/v2/me' -H "Authorization: Bearer $SALESLOFT_ACCESS_TOKEN"`) {
		t.Errorf("curl %q", c.Curl)
	}

	raw, err := os.ReadFile(filepath.Join(dir, report.FileJUnit))
	if err != nil {
		t.Fatal(err)
	}
	for _, banned := range []string{"BeforeSuite", "AfterSuite", "ReportAfterSuite", "[It]", "harness/", "/work/", repoDir(t)} {
		if strings.Contains(string(raw), banned) {
			t.Errorf("junit.xml holds %q", banned)
		}
	}
	var j struct {
		Suites []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Classname string    `xml:"classname,attr"`
				File      string    `xml:"file,attr"`
				Failure   *struct{} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(raw, &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Suites) != len(r.Items) {
		t.Fatalf("%d testsuites, want one per item (%d)", len(j.Suites), len(r.Items))
	}
	failures := 0
	for i, s := range j.Suites {
		it := r.Items[i]
		if !strings.HasPrefix(s.Name, it.ID+": ") {
			t.Errorf("suite %d is %q, want item %s", i, s.Name, it.ID)
		}
		for _, tc := range s.Cases {
			if tc.Classname != "loftgate."+it.Area+"."+it.ID {
				t.Errorf("classname %q under %s", tc.Classname, it.ID)
			}
			if !strings.HasPrefix(tc.File, "suites/") || !strings.HasSuffix(tc.File, ".go") {
				t.Errorf("file %q is not a spec file relative to the repository", tc.File)
			} else if _, err := os.Stat(filepath.Join(repoDir(t), tc.File)); err != nil {
				t.Errorf("file %q: %v", tc.File, err)
			}
			if tc.Failure != nil {
				failures++
			}
		}
	}
	if failures == 0 {
		t.Error("junit.xml has no failure")
	}

	md, err := os.ReadFile(filepath.Join(dir, report.FileMarkdown))
	if err != nil {
		t.Fatal(err)
	}
	cause, fold := strings.Index(string(md), "#### cause-1:"), strings.Index(string(md), "<details>")
	if cause < 0 || fold < cause || len(md) >= 1<<20 {
		t.Errorf("report.md: cause at %d, first <details> at %d, %d bytes", cause, fold, len(md))
	}
}

// repoDir is the repository root (this package is harness/run).
func repoDir(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
