package report

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	s := strings.Repeat("é", 10) // 20 bytes
	head := truncateHead(s, 5)
	if !utf8.ValidString(head) || !strings.HasPrefix(head, "éé\n") || !strings.HasSuffix(head, "[16 more bytes not shown]") {
		t.Errorf("truncateHead = %q", head)
	}
	tail := truncateTail(s, 5)
	if !utf8.ValidString(tail) || !strings.HasPrefix(tail, "[16 earlier bytes not shown]") || !strings.HasSuffix(tail, "\néé") {
		t.Errorf("truncateTail = %q", tail)
	}
	if truncateHead("short", 10) != "short" || truncateTail("short", 10) != "short" {
		t.Error("short text was changed")
	}
}

func TestDisplayBody(t *testing.T) {
	if got := displayBody(`{"a":[1,2]}`); got != "{\n  \"a\": [\n    1,\n    2\n  ]\n}" {
		t.Errorf("JSON body not indented: %q", got)
	}
	if got := displayBody("<html>not json"); got != "<html>not json" {
		t.Errorf("non-JSON body changed: %q", got)
	}
}

func TestFormatMS(t *testing.T) {
	for ms, want := range map[float64]string{0: "0.0 ms", 0.75: "0.8 ms", 12: "12 ms", 999: "999 ms", 1500: "1.5 s", 125000: "2m05s"} {
		if got := formatMS(ms); got != want {
			t.Errorf("formatMS(%v) = %q, want %q", ms, got, want)
		}
	}
}
