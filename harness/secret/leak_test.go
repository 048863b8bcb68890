package secret

import (
	"encoding/base64"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFixture(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLeakScan(t *testing.T) {
	const secret = "s3cr3t/value+with=chars"
	sec := New()
	sec.AddClient("client-1", secret)
	sec.Add(KindAPIKey, "ak_0123456789abcdef")
	sec.Add(KindCallbackToken, `q"uote<&secret`)
	tests := []struct {
		name, content string
		leak          bool
	}{
		{"raw", "token: " + secret, true},
		{"url-encoded", "q=" + url.QueryEscape(secret), true},
		{"json-escaped", `{"k":"q\"uote\u003c\u0026secret"}`, true},
		{"basic form", "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("client-1:"+secret)), true},
		{"api key", "key ak_0123456789abcdef", true},
		{"placeholders only", "client_secret=" + ClientSecretPlaceholder + " " + APIKeyPlaceholder, false},
		{"unrelated", "nothing to see", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			clean := filepath.Join(dir, "reports", "clean.md")
			planted := filepath.Join(dir, "reports", "report.json")
			writeFixture(t, dir, "reports/clean.md", "all good")
			writeFixture(t, dir, "reports/report.json", tt.content)
			err := LeakScan([]string{filepath.Join(dir, "reports"), filepath.Join(dir, "missing")}, sec)
			if !tt.leak {
				if err != nil {
					t.Fatalf("LeakScan = %v, want nil", err)
				}
				return
			}
			var le *LeakError
			if !errors.As(err, &le) || !errors.Is(err, ErrLeak) {
				t.Fatalf("LeakScan = %v, want *LeakError", err)
			}
			if len(le.Files) != 1 || le.Files[0] != planted {
				t.Errorf("files = %v, want only %s (not %s)", le.Files, planted, clean)
			}
			msg := err.Error()
			if !strings.Contains(msg, planted) || !strings.Contains(msg, "nothing was published") {
				t.Errorf("message %q", msg)
			}
			for _, n := range sec.needles() {
				if strings.Contains(msg, n) {
					t.Errorf("message shows the secret: %q", msg)
				}
			}
		})
	}
}

func TestLeakScanSingleFileAndUnreadable(t *testing.T) {
	sec := New()
	sec.Add(KindCallbackToken, "callback-canary-1")
	dir := t.TempDir()
	p := filepath.Join(dir, "log.txt")
	if err := os.WriteFile(p, []byte("x callback-canary-1 y"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := LeakScan([]string{p}, sec); err == nil {
		t.Error("planted secret in a single file not found")
	}
	if err := LeakScan([]string{p}, New()); err != nil {
		t.Errorf("no secrets known: %v", err)
	}
}

func TestSetScrubAndPlaceholders(t *testing.T) {
	sec := New()
	sec.AddClient("cid", "first-secret-1")
	sec.Add(KindClientSecret, "second-secret-2")
	sec.Add(KindClientSecret, "x") // too short: ignored
	if p, _ := sec.Placeholder("first-secret-1"); p != ClientSecretPlaceholder {
		t.Errorf("first client secret -> %q", p)
	}
	if p, ok := sec.Placeholder("second-secret-2"); ok {
		t.Errorf("second client secret -> %q; want it pending a numbered placeholder", p)
	}
	if got := sec.Scrub("second-secret-2"); got != ClientSecretPlaceholder {
		t.Errorf("pending secret scrubs to %q", got)
	}
	if _, ok := sec.Placeholder("x"); ok {
		t.Error("a one-character secret was registered")
	}
	in := "a first-secret-1-wrong b " + url.QueryEscape("first-secret-1") + " " + base64.StdEncoding.EncodeToString([]byte("cid:first-secret-1"))
	got := sec.Scrub(in)
	want := "a redacted-client-secret-wrong b redacted-client-secret " + base64.StdEncoding.EncodeToString([]byte("cid:"+ClientSecretPlaceholder))
	if got != want {
		t.Errorf("Scrub = %q\nwant    %q", got, want)
	}
}
