package report

import (
	"bytes"
	"strings"
	"testing"
)

func progressHeader() *Report {
	return &Report{Tool: "loftgate v1", Target: "sim", ChecklistVersion: "1.0.0", ContractVersion: "2026.12.0",
		Items: []Item{{ID: "ME-IDENTITY"}, {ID: "AUTH-REFRESH-ROTATION"}}}
}

func TestProgressOnAPipeHasNoStatusLine(t *testing.T) {
	var b bytes.Buffer
	p := NewProgress(&b, ProgressOptions{})
	p.Begin(progressHeader(), 2)
	p.SpecStarted("me returns the authenticated user", 0, 2)
	p.ItemDone(Item{ID: "ME-IDENTITY", Title: "Who am I", Level: "MUST", Status: StatusPass, Specs: []Spec{{Name: "x"}}})
	shown := p.End()
	want := "loftgate v1 on sim (checklist 1.0.0, contract 2026.12.0)\n\n" +
		"PASS       ME-IDENTITY            Who am I (1 spec)\n\n"
	if b.String() != want {
		t.Fatalf("got:\n%q\nwant:\n%q", b.String(), want)
	}
	if !shown.Header || !shown.Items["ME-IDENTITY"] || shown.Items["AUTH-REFRESH-ROTATION"] {
		t.Fatalf("shown: %+v", shown)
	}
	// The summary then prints neither the header nor the item again.
	var sum bytes.Buffer
	r := progressHeader()
	r.Items[0].Status, r.Items[1].Status = StatusPass, StatusUncovered
	r.Identity = "Sim User (sim.user@example.com)"
	r.Verdict = VerdictPass
	if err := WriteTerminal(&sum, r, TerminalOptions{Shown: shown}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sum.String(), "loftgate v1 on sim") || strings.Contains(sum.String(), "ME-IDENTITY") {
		t.Fatalf("the summary repeats what the progress printed:\n%s", sum.String())
	}
	if !strings.Contains(sum.String(), "AUTH-REFRESH-ROTATION") || !strings.Contains(sum.String(), "Authenticated as: Sim User") {
		t.Fatalf("the summary lacks the unprinted item or the identity:\n%s", sum.String())
	}
}

func TestProgressOnATerminalRedrawsItsStatusLine(t *testing.T) {
	var b bytes.Buffer
	p := NewProgress(&b, ProgressOptions{Live: true})
	p.Begin(progressHeader(), 2)
	p.SpecStarted("a spec with a \x1b[31mred\x1b[0m name "+strings.Repeat("x", 100), 1, 2)
	p.ItemDone(Item{ID: "ME-IDENTITY", Title: "Who am I", Status: StatusFail})
	p.SpecStarted("the last spec", 1, 2)
	p.End()
	out := b.String()
	if !strings.Contains(out, "\r\x1b[K[1/2] a spec with a \\x1b[31mred") {
		t.Fatalf("no status line, or its text is not escaped:\n%q", out)
	}
	if !strings.Contains(out, "\r\x1b[KFAIL       ME-IDENTITY") {
		t.Fatalf("the item line does not replace the status line:\n%q", out)
	}
	for _, line := range strings.Split(out, "\r") {
		if len([]rune(strings.TrimPrefix(line, "\x1b[K"))) > statusLineWidth+1 && !strings.Contains(line, "\n") {
			t.Fatalf("status line wider than %d: %q", statusLineWidth, line)
		}
	}
	if !strings.HasSuffix(out, "\r\x1b[K\n") {
		t.Fatalf("End does not clear the status line:\n%q", out)
	}
}

func TestQuietTerminalIsFailuresAndVerdict(t *testing.T) {
	r := progressHeader()
	r.Verdict = VerdictFail
	r.Summary.MustFail = 1
	r.Items[0].Status = StatusFail
	r.Items[0].Specs = []Spec{{Name: "me returns the user", Status: StatusFail, Failure: "email missing", Cause: "cause-1"}}
	r.Causes = []Cause{{ID: "cause-1", Kind: CauseFailure, Summary: "email missing", Items: []string{r.Items[0].ID}}}
	var b bytes.Buffer
	if err := WriteTerminal(&b, r, TerminalOptions{Quiet: true, ReportDir: "reports"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "loftgate v1 on sim") || strings.Contains(out, "reports:") || !strings.Contains(out, "email missing") || !strings.HasPrefix(strings.Split(strings.TrimSpace(out), "\n")[len(strings.Split(strings.TrimSpace(out), "\n"))-1], "verdict: FAIL") {
		t.Fatalf("quiet output:\n%s", out)
	}
}
