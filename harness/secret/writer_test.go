package secret

import (
	"bytes"
	"strings"
	"testing"
)

// TestWriterScrubsAcrossWrites: a secret split over two writes, and one
// learnt after the writer was made, are both replaced.
func TestWriterScrubsAcrossWrites(t *testing.T) {
	set := New()
	set.Add(KindClientSecret, "canary-client-secret")
	var out bytes.Buffer
	w := NewWriter(&out, set)
	for _, p := range []string{"client_secret=canary-cli", "ent-secret ok\n", "later "} {
		if _, err := w.Write([]byte(p)); err != nil {
			t.Fatal(err)
		}
	}
	set.Learn(KindRefreshToken, "canary-refresh-learnt")
	if _, err := w.Write([]byte("canary-refresh-learnt\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("tail canary-client-secret")); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, leak := range []string{"canary-client-secret", "canary-refresh-learnt", "canary-cli"} {
		if strings.Contains(s, leak) {
			t.Errorf("writer output holds %q:\n%s", leak, s)
		}
	}
	if !strings.Contains(s, "later ") || !strings.Contains(s, "tail ") {
		t.Errorf("writer lost text:\n%s", s)
	}
}
