package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/loftgate/loftgate/harness/contract"
)

// FileJUnit is the JUnit XML report written by [WriteFiles].
const FileJUnit = "junit.xml"

// junitSuites is the <testsuites> root.
type junitSuites struct {
	XMLName   xml.Name     `xml:"testsuites"`
	Name      string       `xml:"name,attr"`
	Tests     int          `xml:"tests,attr"`
	Failures  int          `xml:"failures,attr"`
	Errors    int          `xml:"errors,attr"`
	Skipped   int          `xml:"skipped,attr"`
	Time      string       `xml:"time,attr"`
	Timestamp string       `xml:"timestamp,attr,omitempty"`
	Suites    []junitSuite `xml:"testsuite"`
}

// junitSuite is one checklist item.
type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Package    string          `xml:"package,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

// junitProperty is a name and value of a suite.
type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// junitCase is one spec under one item.
type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitMessage `xml:"failure"`
	Skipped   *junitMessage `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

// junitMessage is a <failure> or <skipped> element.
type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes r as JUnit XML the way CI test reports read it: one
// <testsuite> per checklist item (named "ID: title", so GitHub's
// test-reporter and GitLab list one row per item), one <testcase> per spec
// with classname "loftgate.<area>.<ID>" (Jenkins groups package
// loftgate.<area>, class <ID>), file and line of the spec relative to the
// repository root (mikepenz/action-junit-report annotates them), a failure
// carrying its cause (the violated rule, the exchange, a curl line, what
// the spec adds) and a skip its reason. Only specs are test cases: Ginkgo's
// setup and reporting nodes never appear. An uncovered item is an empty
// suite. A spec proving several items appears under each.
func WriteJUnit(w io.Writer, r *Report) error {
	if r == nil {
		return fmt.Errorf("report: write junit: nil report")
	}
	causes := make(map[string]Cause, len(r.Causes))
	for _, c := range r.Causes {
		causes[c.ID] = c
	}
	stamp := ""
	if !r.StartedAt.IsZero() {
		stamp = r.StartedAt.UTC().Format("2006-01-02T15:04:05")
	}
	root := junitSuites{Name: "loftgate", Time: seconds(float64(r.DurationMS)), Timestamp: stamp}
	for _, it := range r.Items {
		area := junitName(it.Area)
		if area == "" {
			area = "checklist"
		}
		s := junitSuite{
			Name:      it.ID + ": " + it.Title,
			Package:   "loftgate." + area,
			Timestamp: stamp,
			Properties: []junitProperty{
				{"item", it.ID}, {"level", string(it.Level)}, {"status", string(it.Status)}, {"area", it.Area}, {"source", it.Source},
			},
		}
		var ms float64
		for _, sp := range it.Specs {
			c := junitCase{Name: sp.Name, Classname: "loftgate." + area + "." + junitName(it.ID), Time: seconds(sp.DurationMS), SystemOut: truncateTail(sp.Output, outputLimit)}
			c.File, c.Line = splitLocation(sp.Location)
			switch sp.Status {
			case StatusPass:
			case StatusSkip:
				why := strings.TrimSpace(sp.Failure)
				if sp.Deselected {
					why = "not selected by the label filter"
				} else if why == "" {
					why = "no reason given"
				}
				c.Skipped = &junitMessage{Message: why}
				s.Skipped++
			default:
				c.Failure = junitFailure(it, sp, causes[sp.Cause])
				s.Failures++
			}
			ms += sp.DurationMS
			s.Tests++
			s.Cases = append(s.Cases, c)
		}
		s.Time = seconds(ms)
		root.Tests += s.Tests
		root.Failures += s.Failures
		root.Skipped += s.Skipped
		root.Suites = append(root.Suites, s)
	}
	if v := verdictSuite(r, stamp); v != nil {
		root.Tests++
		root.Failures++
		root.Suites = append(root.Suites, *v)
	}
	out, err := xml.MarshalIndent(root, "", "  ")
	if err != nil {
		return fmt.Errorf("report: write junit: %w", err)
	}
	if _, err := io.WriteString(w, xml.Header+string(out)+"\n"); err != nil {
		return fmt.Errorf("report: write junit: %w", err)
	}
	return nil
}

// verdictSuite is a suite with one failing case when the verdict fails
// for a reason no failed MUST spec carries (an interrupt, the run's
// --timeout, a skipped MUST item under fail_on_skip): CI that reads only
// the JUnit file must not see a green run the gate failed. It is nil
// otherwise.
func verdictSuite(r *Report, stamp string) *junitSuite {
	if r.Verdict == VerdictPass || (r.Verdict == VerdictFail && r.Summary.MustFail > 0) {
		return nil
	}
	text := verdictReason(r)
	for _, n := range r.Notes {
		text += "\n" + n
	}
	return &junitSuite{
		Name: "verdict: " + verdictWord(r.Verdict), Package: "loftgate.verdict", Tests: 1, Failures: 1, Time: seconds(0), Timestamp: stamp,
		Properties: []junitProperty{{"verdict", string(r.Verdict)}},
		Cases: []junitCase{{
			Name: "the run's verdict", Classname: "loftgate.verdict", Time: seconds(0),
			Failure: &junitMessage{Message: "verdict " + string(r.Verdict) + ": " + firstLine(verdictReason(r)), Type: "verdict", Text: text},
		}},
	}
}

// junitFailure is a failed spec's <failure>: its cause in the message, and
// in the text the items the cause broke, the exchange, the curl line, what
// the spec's own message adds and where the spec is.
func junitFailure(it Item, sp Spec, c Cause) *junitMessage {
	if c.ID == "" {
		msg := strings.TrimSpace(sp.Failure)
		return &junitMessage{Message: firstLine(msg), Type: "failure", Text: msg}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", c.ID, c.Summary)
	for _, v := range c.Violations[min(1, len(c.Violations)):] {
		fmt.Fprintf(&b, "also: %s\n", v)
	}
	fmt.Fprintf(&b, "items: %s\n", strings.Join(c.Items, ", "))
	if c.Exchange != nil {
		fmt.Fprintf(&b, "request: %s (%s)\ncurl: %s\n", requestLine(*c.Exchange), exchangeRoleText(c.ExchangeRole), c.Curl)
	}
	for _, cs := range c.Specs {
		if cs.Name == sp.Name && cs.Message != "" {
			fmt.Fprintf(&b, "\n%s\n", cs.Message)
			break
		}
	}
	if sp.Location != "" {
		fmt.Fprintf(&b, "\nat %s\n", sp.Location)
	}
	msg := c.Summary
	if it.Level == contract.LevelShould {
		msg += " (SHOULD item: does not fail the gate)"
	}
	return &junitMessage{Message: msg, Type: c.Kind, Text: b.String()}
}

// splitLocation splits "suites/me/me.go:30" into file and line.
func splitLocation(loc string) (string, int) {
	i := strings.LastIndex(loc, ":")
	if i < 0 {
		return loc, 0
	}
	line, err := strconv.Atoi(loc[i+1:])
	if err != nil {
		return loc, 0
	}
	return loc[:i], line
}

// junitName keeps a name to letters, digits, '-' and '_', so it cannot
// add a level to a dotted classname.
func junitName(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

// seconds formats milliseconds as JUnit's seconds.
func seconds(ms float64) string {
	return strconv.FormatFloat(ms/1000, 'f', 3, 64)
}
