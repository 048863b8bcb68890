package report

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium finds Debian's headless-capable Chromium, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("chromium is not installed (Debian: apt-get install -y chromium)")
	return ""
}

// dumpDOM opens url in headless Chromium, lets its scripts run and returns
// the DOM as Chromium serialises it. It is safe to call from a goroutine.
func dumpDOM(bin, url string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	home, err := os.MkdirTemp("", "loftgate-chromium-") // profile and crash dumps
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(home)
	cmd := exec.CommandContext(ctx, bin, "--headless", "--disable-gpu", "--no-sandbox",
		"--no-first-run", "--disable-extensions", "--disable-background-networking",
		"--user-data-dir="+filepath.Join(home, "profile"), "--dump-dom", url)
	cmd.Env = append(os.Environ(), "HOME="+home)
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("chromium --dump-dom %s: %w", url, err)
	}
	return string(out), nil
}

// statusTag matches an opening tag that carries data-status.
var statusTag = regexp.MustCompile(`<[a-z]+ [^>]*data-status="([a-z]+)"[^>]*>`)

// visibility counts, per data-status, the elements shown and hidden.
func visibility(dom string) (shown, hidden map[string]int) {
	shown, hidden = map[string]int{}, map[string]int{}
	for _, m := range statusTag.FindAllStringSubmatch(dom, -1) {
		if strings.Contains(m[0], " hidden") {
			hidden[m[1]]++
		} else {
			shown[m[1]]++
		}
	}
	return shown, hidden
}

// TestHTMLFailuresOnlyFilterInChromium opens report.html in headless
// Chromium: without the filter everything shows; with #failures-only in
// the address the page's script ticks the box and hides every passing,
// skipped and uncovered element, leaving the failures.
func TestHTMLFailuresOnlyFilterInChromium(t *testing.T) {
	bin := chromium(t)
	page := filepath.Join(t.TempDir(), FileHTML)
	if err := os.WriteFile(page, []byte(renderHTML(t, sampleReport())), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + page

	// The two pages load at once: each Chromium start takes seconds.
	var only string
	var onlyErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		only, onlyErr = dumpDOM(bin, url+"#failures-only")
	}()
	all, err := dumpDOM(bin, url)
	<-done
	if err := errors.Join(err, onlyErr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(all, `data-filter="all"`) {
		t.Fatalf("the page's script did not run (no data-filter on body):\n%.2000s", all)
	}
	shown, hidden := visibility(all)
	if len(hidden) != 0 || shown["pass"] == 0 || shown["fail"] == 0 {
		t.Errorf("without the filter: shown %v, hidden %v; want everything shown", shown, hidden)
	}

	if !strings.Contains(only, `data-filter="failures-only"`) {
		t.Fatalf("#failures-only did not switch the filter on:\n%.2000s", only)
	}
	shown, hidden = visibility(only)
	for status, n := range shown {
		if status != "fail" {
			t.Errorf("with the filter %d %q elements are still shown", n, status)
		}
	}
	if shown["fail"] < 3 || hidden["pass"] == 0 || hidden["skip"] == 0 || hidden["uncovered"] == 0 {
		t.Errorf("with the filter: shown %v, hidden %v; want failures shown, the rest hidden", shown, hidden)
	}
	if !regexp.MustCompile(`<input type="checkbox" id="filter-failures"[^>]*>`).MatchString(only) {
		t.Errorf("the checkbox is missing")
	}
}
