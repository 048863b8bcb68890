package report

import (
	"bytes"
	"github.com/loftgate/loftgate/harness/contract"
	"strings"
	"testing"
)

// renderTerminal renders r or fails the test.
func renderTerminal(t *testing.T, r *Report, opts TerminalOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteTerminal(&buf, r, opts); err != nil {
		t.Fatalf("WriteTerminal: %v", err)
	}
	return buf.String()
}

func TestTerminalLines(t *testing.T) {
	out := renderTerminal(t, sampleReport(), TerminalOptions{ReportDir: "out"})
	for _, want := range []string{
		"PASS       AUTH-OAUTH-ONLY          Partner applications authenticate with OAuth 2.0, not API keys (2 specs)\n",
		"UNCOVERED  WEBHOOK-SIGNATURE        Verify x-salesloft-signature (hex HMAC-SHA1 of the raw body) (no specs)\n",
		"FAIL       RATE-HEADERS             Read x-ratelimit-remaining-minute on every response (1 spec, SHOULD)\n",
		"4 passed, 2 failed, 1 skipped, 1 uncovered",
		"verdict: FAIL (1 MUST item failed",
		"reports: out/report.{json,md,html}, out/junit.xml\n",
		"cause-1  POST /oauth/token: response 400 not in contract\n",
		"    also:      POST /oauth/token: body.error_description: required\n",
		"    request:   POST http://127.0.0.1:41234/oauth/token -> 400 (the spec's last error response)\n",
		"Skipped:\n  PAGING-DEEP-COST         deep paging costs are checked on the sim target only\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("terminal output lacks %q:\n%s", want, out)
		}
	}
	if newAt, listAt := strings.Index(out, "NEW FAILURES"), strings.Index(out, "PASS       AUTH-OAUTH-ONLY"); newAt < 0 || newAt > listAt {
		t.Errorf("new failures are not called out before the item list:\n%s", out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour escapes without Color")
	}
	if strings.Contains(out, "oauth refresh [AUTH-REFRESH-ROTATION] refreshes before expiry") {
		t.Error("passing specs listed without Verbose")
	}
}

func TestTerminalOptions(t *testing.T) {
	out := renderTerminal(t, sampleReport(), TerminalOptions{Color: true, Verbose: true})
	if !strings.Contains(out, ansiRed+"FAIL"+ansiReset) || !strings.Contains(out, ansiGreen+"PASS"+ansiReset) {
		t.Errorf("no coloured status words with Color:\n%q", out)
	}
	if !strings.Contains(out, "oauth refresh [AUTH-REFRESH-ROTATION] refreshes before expiry (12 ms)") {
		t.Errorf("specs not listed with Verbose:\n%s", out)
	}
	if strings.Contains(out, "reports:") {
		t.Error("reports line without ReportDir")
	}
}

func TestTerminalEscapesControlCharacters(t *testing.T) {
	r := Build(
		[]contract.Item{{ID: "A", Title: "title \x1b]0;pwned\x07", Level: "MUST"}},
		[]SpecResult{{Name: "s", Labels: []string{"A"}, Status: "fail", Failure: "bad \x1b[2J clear\r\nnext\u009b"}},
		Meta{},
	)
	out := renderTerminal(t, r, TerminalOptions{})
	if strings.ContainsAny(out, "\x1b\x07\r\u009b") {
		t.Errorf("control characters reach the terminal: %q", out)
	}
	if !strings.Contains(out, `title \x1b]0;pwned\x07`) || !strings.Contains(out, `bad \x1b[2J clear`) || !strings.Contains(out, `next\x9b`) {
		t.Errorf("control characters not shown escaped: %q", out)
	}
}

func TestTerminalLongMessageIsCut(t *testing.T) {
	msg := strings.Repeat("line\n", 30)
	r := Build([]contract.Item{{ID: "A", Level: "MUST"}}, []SpecResult{{Name: "s", Labels: []string{"A"}, Status: "fail", Failure: msg}}, Meta{})
	out := renderTerminal(t, r, TerminalOptions{})
	// The first line is the cause's summary, then messageLines of the rest.
	if got := strings.Count(out, "line\n"); got != messageLines+1 {
		t.Errorf("message shows %d lines, want %d", got, messageLines+1)
	}
	if !strings.Contains(out, "(17 more lines in report.md)") {
		t.Errorf("no hint at the cut lines:\n%s", out)
	}
}
