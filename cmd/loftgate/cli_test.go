package main

import (
	"bufio"
	"bytes"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// itemLine matches an item's line on the terminal.
var itemLine = regexp.MustCompile(`^(PASS|FAIL|SKIP|UNCOVERED) +[A-Z0-9-]+ `)

// TestProgressPrintsItemsBeforeTheRunEnds reads the binary's stdout
// through a pipe, as a CI log does: the header comes first and the first
// item's line arrives the moment its spec finishes, well before a slow
// later item (a 2.5 s answer from the simulator) lets the run end.
func TestProgressPrintsItemsBeforeTheRunEnds(t *testing.T) {
	cmd := exec.Command(binary, "run", "--target", "sim", "--report-dir", t.TempDir(),
		"--label-filter", "CAD-EXPORT || ERR-404", "--fault", "slow=2500@GET /v2/accounts/{id}")
	cmd.Dir = repoRoot(t)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var lines []string
	var firstItem time.Time
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		if itemLine.MatchString(sc.Text()) && firstItem.IsZero() {
			firstItem = time.Now()
		}
		lines = append(lines, sc.Text())
	}
	_ = cmd.Wait() // the slow answer may fail ERR-404; only the timing matters here
	ended := time.Now()
	out := strings.Join(lines, "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "loftgate ") || !strings.Contains(lines[0], " on sim ") {
		t.Fatalf("the header is not the first line:\n%s\nstderr:\n%s", out, stderr.String())
	}
	if firstItem.IsZero() {
		t.Fatalf("no item line:\n%s", out)
	}
	if gap := ended.Sub(firstItem); gap < time.Second {
		t.Fatalf("the first item line arrived %v before the run ended, want at least 1s:\n%s", gap, out)
	}
	if strings.ContainsAny(out, "\r\x1b") {
		t.Fatalf("a pipe got the live status line or colour:\n%q", out)
	}
	if n := strings.Count(out, "CAD-EXPORT "); n != 1 {
		t.Fatalf("CAD-EXPORT printed %d times, want once (progress, not again in the summary):\n%s", n, out)
	}
	if !strings.Contains(out, "verdict: ") {
		t.Fatalf("no verdict line:\n%s", out)
	}
}

func TestVersionCommandAndFlag(t *testing.T) {
	r := loftgate(t, t.TempDir(), nil, "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "loftgate dev\n") || !strings.Contains(r.stdout, "go:      "+runtime.Version()+" ") {
		t.Fatalf("version: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := loftgate(t, t.TempDir(), nil, "--version"); r.code != 0 || r.stdout != "loftgate dev\n" {
		t.Fatalf("--version: exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	// -v is verbose where a command has it, never the version.
	if r := loftgate(t, t.TempDir(), nil, "-v"); r.code != 2 || !strings.Contains(r.stderr, "unknown shorthand flag: 'v'") {
		t.Fatalf("root -v: exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	var b bytes.Buffer
	buildInfo{version: "v1.2.3", revision: "abc123", time: "2026-12-05T10:00:00Z", modified: true, goVersion: "go1.26.8", platform: "linux/amd64"}.write(&b)
	want := "loftgate v1.2.3\ncommit:  abc123 (modified)\ntime:    2026-12-05T10:00:00Z\ngo:      go1.26.8 linux/amd64\n"
	if b.String() != want {
		t.Fatalf("version text:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestQuietPrintsOnlyFailuresAndVerdict(t *testing.T) {
	r := loftgate(t, "", nil, "run", "--target", "sim", "--quiet", "--label-filter", "ME-IDENTITY", "--report-dir", t.TempDir())
	if r.code != 0 || r.stdout != "verdict: PASS (no MUST item failed)\n" {
		t.Fatalf("quiet pass: exit %d\n%q\n%s", r.code, r.stdout, r.stderr)
	}
	r = loftgate(t, "", nil, "run", "--target", "sim", "-q", "--label-filter", "ME-IDENTITY", "--fault", "drop_field=email@GET /v2/me", "--report-dir", t.TempDir())
	if r.code != 1 || !strings.Contains(r.stdout, "ME-IDENTITY") || !strings.Contains(r.stdout, "verdict: FAIL") {
		t.Fatalf("quiet fail: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, "loftgate dev on sim") || strings.Contains(r.stdout, "reports: ") {
		t.Fatalf("quiet printed the header or the report paths:\n%s", r.stdout)
	}
	if r := loftgate(t, "", nil, "run", "--target", "sim", "-q", "-v"); r.code != 2 || !strings.Contains(r.stderr, "contradict") {
		t.Fatalf("-q -v: exit %d %s", r.code, r.stderr)
	}
}

func TestRecordHelpNamesItsRealDefault(t *testing.T) {
	r := loftgate(t, t.TempDir(), nil, "record", "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "sim (bundled simulator, default)") || !strings.Contains(r.stdout, "replay is refused") {
		t.Fatalf("record --help:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "replay (recorded fixtures, default)") {
		t.Fatalf("record --help still says replay is the default:\n%s", r.stdout)
	}
}

func TestLabelFilterErrorIsPlainText(t *testing.T) {
	for _, expr := range []string{"((AUTH", "AUTH &&", "/[/"} {
		r := loftgate(t, "", []string{"NO_COLOR=1"}, "run", "--target", "sim", "--label-filter", expr)
		if r.code != 2 || !strings.Contains(r.stderr, "label filter") {
			t.Fatalf("%s: exit %d %s", expr, r.code, r.stderr)
		}
		if strings.ContainsAny(r.stderr, "\x1b") || strings.Contains(r.stderr, "{{") {
			t.Fatalf("%s: the error carries colour codes: %q", expr, r.stderr)
		}
	}
}

func TestCompletionIsAvailableAndDocumented(t *testing.T) {
	r := loftgate(t, t.TempDir(), nil, "completion", "bash")
	if r.code != 0 || !strings.Contains(r.stdout, "bash completion") {
		t.Fatalf("completion bash: exit %d\n%.300s%s", r.code, r.stdout, r.stderr)
	}
	if h := loftgate(t, t.TempDir(), nil, "--help"); !strings.Contains(h.stdout, "loftgate completion bash") {
		t.Fatalf("--help does not mention completion:\n%s", h.stdout)
	}
}
