package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

// parsedJUnit is junit.xml as a CI system reads it.
type parsedJUnit struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Package  string `xml:"package,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			File      string `xml:"file,attr"`
			Line      int    `xml:"line,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// TestJUnitOneSuitePerItem parses the JUnit report: a suite per item,
// classnames grouping by area and item, spec files relative to the
// repository, failures carrying their cause, skips their reason.
func TestJUnitOneSuitePerItem(t *testing.T) {
	r := Build(droppedEmailRun())
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	var j parsedJUnit
	if err := xml.Unmarshal(buf.Bytes(), &j); err != nil {
		t.Fatalf("junit.xml does not parse: %v\n%s", err, buf.String())
	}
	if len(j.Suites) != len(r.Items) {
		t.Fatalf("%d suites, want one per item (%d)", len(j.Suites), len(r.Items))
	}
	if j.Tests != 6 || j.Failures != 5 || j.Skipped != 1 {
		t.Errorf("totals tests %d failures %d skipped %d, want 6 5 1", j.Tests, j.Failures, j.Skipped)
	}
	me := j.Suites[0]
	if me.Name != "ME-IDENTITY: Who am I" || me.Package != "loftgate.me" || me.Tests != 1 || me.Failures != 1 {
		t.Errorf("first suite %+v", me)
	}
	c := me.Cases[0]
	if c.Classname != "loftgate.me.ME-IDENTITY" || c.File != "suites/me/me.go" || c.Line != 30 {
		t.Errorf("case classname %q file %q line %d", c.Classname, c.File, c.Line)
	}
	if c.Failure == nil || c.Failure.Message != emailViolation || c.Failure.Type != CauseContract ||
		!strings.Contains(c.Failure.Text, "request: GET /v2/me -> 200 (broke the contract)") ||
		!strings.Contains(c.Failure.Text, "$SALESLOFT_ACCESS_TOKEN") || !strings.Contains(c.Failure.Text, "data.email\nExpected") {
		t.Errorf("failure %+v", c.Failure)
	}
	hook := j.Suites[4]
	if hook.Skipped != 1 || hook.Cases[0].Skipped == nil || hook.Cases[0].Skipped.Message != "needs a public callback URL" {
		t.Errorf("skipped suite %+v", hook)
	}
	if hook.Cases[0].Failure != nil {
		t.Error("a skipped case has a failure")
	}
}

// TestJUnitCarriesAVerdictNoSpecCarries: an interrupted run, or one failed
// by fail_on_skip, has a failing verdict case, so CI that reads only
// junit.xml does not go green; a plain pass and a run failed by a MUST
// spec have none.
func TestJUnitCarriesAVerdictNoSpecCarries(t *testing.T) {
	parse := func(r *Report) parsedJUnit {
		t.Helper()
		var buf bytes.Buffer
		if err := WriteJUnit(&buf, r); err != nil {
			t.Fatal(err)
		}
		var j parsedJUnit
		if err := xml.Unmarshal(buf.Bytes(), &j); err != nil {
			t.Fatal(err)
		}
		return j
	}
	failed := Build(droppedEmailRun())
	if j := parse(failed); len(j.Suites) != len(failed.Items) {
		t.Errorf("a run failed by its MUST specs has %d suites, want %d (no verdict suite)", len(j.Suites), len(failed.Items))
	}
	for _, v := range []Verdict{VerdictInterrupted, VerdictFail} {
		r := Build(droppedEmailRun())
		r.Verdict = v
		r.Summary.MustFail = 0
		r.Notes = append(r.Notes, "The run was stopped.")
		j := parse(r)
		last := j.Suites[len(j.Suites)-1]
		if last.Package != "loftgate.verdict" || last.Failures != 1 || last.Cases[0].Failure == nil ||
			!strings.Contains(last.Cases[0].Failure.Message, string(v)) || !strings.Contains(last.Cases[0].Failure.Text, "The run was stopped.") {
			t.Errorf("verdict %s: last suite %+v", v, last)
		}
	}
	r := Build(droppedEmailRun())
	r.Verdict = VerdictPass
	if j := parse(r); j.Suites[len(j.Suites)-1].Package == "loftgate.verdict" {
		t.Error("a passing run has a verdict suite")
	}
}
