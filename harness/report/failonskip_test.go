package report

import (
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
)

// TestFailOnSkip: without fail_on_skip a skipped MUST item passes the
// gate; with it the verdict fails and the reason names the items and why
// they skipped; a skipped SHOULD item never fails it.
func TestFailOnSkip(t *testing.T) {
	items := []contract.Item{
		{ID: "ME-IDENTITY", Level: "MUST"},
		{ID: "HOOK-RETRY", Level: "MUST"},
		{ID: "CAD-ROUNDTRIP", Level: "SHOULD"},
	}
	specs := []SpecResult{
		{Name: "me", Labels: []string{"ME-IDENTITY"}, Status: "pass"},
		{Name: "hook 1", Labels: []string{"HOOK-RETRY"}, Status: "skip", Failure: "needs a public callback URL"},
		{Name: "hook 2", Labels: []string{"HOOK-RETRY"}, Status: "skip", Failure: "needs a public callback URL"},
		{Name: "cad", Labels: []string{"CAD-ROUNDTRIP"}, Status: "skip", Failure: "writes are off"},
	}
	lax := Build(items, specs, Meta{})
	if lax.Verdict != VerdictPass {
		t.Fatalf("verdict without fail_on_skip = %s, want pass", lax.Verdict)
	}
	if got := lax.Items[1].SkipReason; got != "needs a public callback URL" {
		t.Errorf("skip reason = %q, want the distinct reason once", got)
	}
	strict := Build(items, specs, Meta{FailOnSkip: true})
	if strict.Verdict != VerdictFail || strict.Summary.MustSkip != 1 {
		t.Fatalf("verdict with fail_on_skip = %s (must_skip %d), want fail (1)", strict.Verdict, strict.Summary.MustSkip)
	}
	reason := verdictReason(strict)
	if !strings.Contains(reason, "HOOK-RETRY: needs a public callback URL") || strings.Contains(reason, "CAD-ROUNDTRIP") {
		t.Errorf("verdict reason %q does not name the skipped MUST item and its reason (only)", reason)
	}
	var md, term strings.Builder
	if err := WriteMarkdown(&md, strict); err != nil {
		t.Fatal(err)
	}
	if err := WriteTerminal(&term, strict, TerminalOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"markdown": md.String(), "terminal": term.String(), "html": renderHTML(t, strict)} {
		if !strings.Contains(out, "writes are off") || !strings.Contains(out, "needs a public callback URL") {
			t.Errorf("%s does not give every skip reason", name)
		}
	}
	if !strings.Contains(term.String(), "verdict: FAIL (no MUST item failed; 1 MUST item skipped, which fails the run with fail_on_skip (HOOK-RETRY: needs a public callback URL))") {
		t.Errorf("terminal verdict line:\n%s", term.String())
	}
}

// TestFailOnSkipIgnoresDeselected: an item the label filter left out did
// not run because nobody asked for it; it does not fail the gate and is
// counted, not listed.
func TestFailOnSkipIgnoresDeselected(t *testing.T) {
	items := []contract.Item{{ID: "A", Level: "MUST"}, {ID: "B", Level: "MUST"}}
	specs := []SpecResult{
		{Name: "a", Labels: []string{"A"}, Status: "pass"},
		{Name: "b", Labels: []string{"B"}, Status: "skip", Deselected: true},
	}
	r := Build(items, specs, Meta{FailOnSkip: true})
	if r.Verdict != VerdictPass || r.Summary.MustSkip != 0 || r.Items[1].SkipReason != "not selected by the label filter" {
		t.Errorf("verdict %s, must_skip %d, reason %q", r.Verdict, r.Summary.MustSkip, r.Items[1].SkipReason)
	}
	out := renderTerminal(t, r, TerminalOptions{})
	if strings.Contains(out, "Skipped:") || !strings.Contains(out, "1 item not selected by the label filter") {
		t.Errorf("terminal:\n%s", out)
	}
	specs[1].Deselected = false
	if r := Build(items, specs, Meta{FailOnSkip: true}); r.Verdict != VerdictFail {
		t.Errorf("a skip that ran does not fail the gate")
	}
}
