package replay

import (
	"github.com/loftgate/loftgate/harness/secret"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
)

// recorded writes the scenario's scrubbed fixtures to a new directory.
func recorded(t *testing.T) string {
	t.Helper()
	files, _, _ := record(t, "http://127.0.0.1:41234")
	dir := t.TempDir()
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	return dir
}

// edit rewrites one fixture file.
func edit(t *testing.T, dir, rel string, f func(string) string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	out := f(string(b))
	if out == string(b) {
		t.Fatalf("edit of %s changed nothing", rel)
	}
	if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// getMe replays GET /v2/me for the spec "me/get me" with validation on.
func getMe(t *testing.T, dir string) (string, int, []contract.Violation) {
	t.Helper()
	return getMeSpec(t, dir, "me/get me")
}

// getMeSpec replays GET /v2/me for a spec with validation on.
func getMeSpec(t *testing.T, dir, spec string) (string, int, []contract.Violation) {
	t.Helper()
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []contract.Violation
	srv := NewServer(set, WithValidator(c), WithObserver(func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, e.Violations...)
	}))
	r := httptest.NewRequest("GET", "/v2/me", nil)
	r.Header.Set("Authorization", "Bearer redacted-access-token-1")
	r.Header.Set(SpecHeader, spec)
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	n, err := strconv.Atoi(w.Header().Get(ViolationsHeader))
	if err != nil {
		t.Fatalf("%s header %q: %v", ViolationsHeader, w.Header().Get(ViolationsHeader), err)
	}
	mu.Lock()
	defer mu.Unlock()
	if n != len(got) {
		t.Errorf("header counts %d violations, observer got %d", n, len(got))
	}
	return w.Body.String(), w.Code, got
}

func TestTamperedResponseFieldIsServedAndFlagged(t *testing.T) {
	dir := recorded(t)
	body, status, v := getMe(t, dir)
	if status != 200 || len(v) != 0 {
		t.Fatalf("untampered: status %d, violations %v", status, v)
	}
	edit(t, dir, "me/get-me.yaml", func(s string) string {
		return strings.Replace(s, `"email": "sim.user@example.com",`, `"email": 42,`, 1)
	})
	body2, status, v := getMe(t, dir)
	if status != 200 || !strings.Contains(body2, `"email":42`) || body2 == body {
		t.Fatalf("tampered body not served: %d %s", status, body2)
	}
	found := false
	for _, x := range v {
		if x.Direction == contract.DirectionResponse && x.Rule == contract.RuleResponseBody && strings.Contains(x.Pointer, "email") {
			found = true
		}
	}
	if !found {
		t.Errorf("violations %v; want a response-body violation at email", v)
	}
}

func TestDeletedInteractionMissNamesNearest(t *testing.T) {
	dir := recorded(t)
	// Drop the second refresh of the rotation (rt3 -> rt4).
	edit(t, dir, "oauth/refresh-rotation.yaml", func(s string) string {
		parts := strings.Split(s, "\n  - request:")
		return strings.Join(append(parts[:2], parts[3:]...), "\n  - request:")
	})
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(set)
	refresh := func(rt string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/oauth/token", strings.NewReader("grant_type=refresh_token&refresh_token="+rt+"&client_id="+canaryClientID+"&client_secret="+secret.ClientSecretPlaceholder))
		r.Header.Set("Content-Type", formCT)
		r.Header.Set(SpecHeader, "oauth/refresh rotation")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w
	}
	if w := refresh("redacted-refresh-token-1"); w.Code != 200 {
		t.Fatalf("first refresh: %d %s", w.Code, w.Body)
	}
	w := refresh("redacted-refresh-token-3")
	want := `replay: POST /oauth/token: no recorded answer in spec "oauth/refresh rotation"; nearest: POST /oauth/token (body differs: refresh_token "redacted-refresh-token-3" != "redacted-refresh-token-1")`
	if w.Code != MissStatus || !strings.Contains(w.Body.String(), strings.ReplaceAll(want, `"`, `\"`)) {
		t.Errorf("got %d %s\nwant a miss containing %s", w.Code, w.Body, want)
	}
}

func TestSwappedRotationOrderGivesDifferentAnswers(t *testing.T) {
	dir := recorded(t)
	first := func() int {
		set, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("POST", "/oauth/token", strings.NewReader("grant_type=refresh_token&refresh_token=redacted-refresh-token-1&client_id="+canaryClientID+"&client_secret="+secret.ClientSecretPlaceholder))
		r.Header.Set("Content-Type", formCT)
		r.Header.Set(SpecHeader, "oauth/refresh rotation")
		w := httptest.NewRecorder()
		NewServer(set).ServeHTTP(w, r)
		return w.Code
	}
	if got := first(); got != http.StatusOK {
		t.Fatalf("first use of refresh token 1 = %d, want 200", got)
	}
	// Swap the first use of refresh token 1 (200) with its reuse (400).
	edit(t, dir, "oauth/refresh-rotation.yaml", func(s string) string {
		parts := strings.Split(s, "\n  - request:")
		parts[1], parts[3] = parts[3], parts[1]
		return strings.Join(parts, "\n  - request:")
	})
	if got := first(); got != http.StatusBadRequest {
		t.Errorf("after swapping, first use = %d, want 400 (the spec sees the rotation broken)", got)
	}
}

// TestBenchFixtureConforms keeps scripts/bench's fixture loadable and valid
// against the contract, so bench-peers.sh compares like with like.
func TestBenchFixtureConforms(t *testing.T) {
	dir := filepath.Join("..", "..", "scripts", "bench", "fixtures")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no bench fixtures: %v", err)
	}
	body, status, v := getMeSpec(t, dir, "me/bench get me")
	if status != 200 || len(v) != 0 || !strings.Contains(body, `"guid"`) {
		t.Errorf("bench fixture: %d %v %s", status, v, body)
	}
}
