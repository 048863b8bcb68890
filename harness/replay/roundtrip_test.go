package replay

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"github.com/loftgate/loftgate/harness/secret"
	"hash"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var fixedNow = func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }

// configuredSecrets are the static secrets of a recording run.
func configuredSecrets() *secret.Set {
	sec := secret.New()
	sec.AddClient(canaryClientID, canaryClientSecret)
	sec.Add(secret.KindAPIKey, canaryAPIKey)
	sec.Add(secret.KindCallbackToken, canaryCallbackToken)
	sec.Add(secret.KindRefreshToken, canaryConfigRefresh)
	return sec
}

// record runs the scenario against a fresh upstream through a Recorder.
func record(t *testing.T, hook string) ([]*File, *secret.Set, []step) {
	t.Helper()
	up := httptest.NewServer(newUpstream())
	defer up.Close()
	spec := &specName{}
	rec := NewRecorder(RecorderOptions{Target: TargetSim, ContractVersion: "test-contract", Tool: "loftgate test", Now: fixedNow, Spec: spec.get})
	sc := &scenario{t: t, client: newClient(rec.Transport(nil)), base: up.URL, spec: spec}
	sc.run(recordCreds, hook)
	sec := configuredSecrets()
	files, err := rec.Files(sec)
	if err != nil {
		t.Fatal(err)
	}
	return files, sec, sc.steps
}

// replay runs the scenario with placeholder credentials against a replay
// server for dir.
func replay(t *testing.T, dir, hook string, opts ...ServerOption) (*Server, []step) {
	t.Helper()
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(set, opts...)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	spec := &specName{}
	sc := &scenario{t: t, client: newClient(specTransport{spec, http.DefaultTransport}), base: hs.URL, spec: spec}
	sc.run(replayCreds, hook)
	return srv, sc.steps
}

func TestRoundTripServesRecordedBytes(t *testing.T) {
	files, _, recorded := record(t, "http://127.0.0.1:41234")
	dir := t.TempDir()
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	srv, replayed := replay(t, dir, "http://localhost:5678")
	if m := srv.Misses(); len(m) > 0 {
		t.Fatalf("misses: %v", m[0].Error())
	}
	if len(replayed) != len(recorded) {
		t.Fatalf("replayed %d steps, recorded %d", len(replayed), len(recorded))
	}
	for i := range recorded {
		r, p := recorded[i], replayed[i]
		if r.status != p.status {
			t.Errorf("%s %s: status %d on replay, %d recorded", r.spec, r.line, p.status, r.status)
		}
		if r.header.Get("Content-Type") != p.header.Get("Content-Type") {
			t.Errorf("%s: content-type %q != %q", r.line, p.header.Get("Content-Type"), r.header.Get("Content-Type"))
		}
		if p.header.Get("Set-Cookie") != "" {
			t.Errorf("%s: set-cookie replayed", r.line)
		}
		if r.line == "GET /v2/me" || r.line == "GET /v2/me.json" {
			if !bytes.Equal(r.body, p.body) {
				t.Errorf("%s: replay body\n%s\n!= recorded\n%s", r.line, p.body, r.body)
			}
			for _, h := range []string{"X-Ratelimit-Endpoint-Cost", "X-Ratelimit-Remaining-Minute", "Date"} {
				if r.header.Get(h) != p.header.Get(h) {
					t.Errorf("%s: %s %q != %q", r.line, h, p.header.Get(h), r.header.Get(h))
				}
			}
		}
	}
	// The subscription echoes the replaying spec's own receiver URL.
	var sub struct {
		Data struct {
			CallbackURL   string `json:"callback_url"`
			CallbackToken string `json:"callback_token"`
		} `json:"data"`
	}
	if err := json.Unmarshal(replayed[len(replayed)-2].body, &sub); err != nil {
		t.Fatal(err)
	}
	if sub.Data.CallbackURL != "http://localhost:5678/hook" || sub.Data.CallbackToken != secret.CallbackTokenPlaceholder {
		t.Errorf("subscription on replay = %+v; want the replaying receiver and the placeholder token", sub.Data)
	}
	// The authorize redirect goes back to the replaying receiver too.
	if loc := replayed[0].header.Get("Location"); !strings.HasPrefix(loc, "http://localhost:5678/callback?code=redacted-code-1") {
		t.Errorf("authorize Location on replay = %q", loc)
	}
	// Tokens served are placeholders that the next requests matched on.
	if at := field(t, replayed[1].body, "access_token"); at != "redacted-access-token-1" {
		t.Errorf("access token on replay = %q", at)
	}
}

func TestReSignedDeliveriesVerifyWithPlaceholderKey(t *testing.T) {
	files, _, _ := record(t, "http://127.0.0.1:41234")
	dir := t.TempDir()
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	_, replayed := replay(t, dir, "http://127.0.0.1:9")
	var out struct {
		Data []struct {
			Headers map[string]string `json:"headers"`
			Body    string            `json:"body"`
			Variant int               `json:"variant"`
		} `json:"data"`
	}
	if err := json.Unmarshal(replayed[len(replayed)-1].body, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Data) != 2 {
		t.Fatalf("deliveries = %d, want 2", len(out.Data))
	}
	mac := func(h func() hash.Hash, body string) string {
		m := hmac.New(h, []byte(secret.CallbackTokenPlaceholder))
		m.Write([]byte(body))
		return hex.EncodeToString(m.Sum(nil))
	}
	for _, d := range out.Data {
		if strings.Contains(d.Body, canaryPersonEmail) {
			t.Errorf("delivery body not scrubbed: %s", d.Body)
		}
		sig := d.Headers[SignatureHeader]
		sha1OK := sig == mac(sha1.New, d.Body)
		sha256OK := sig == mac(sha256.New, d.Body)
		switch d.Variant {
		case 0:
			if !sha1OK {
				t.Errorf("documented delivery does not verify with HMAC-SHA1 and %q on replay", secret.CallbackTokenPlaceholder)
			}
		case 1:
			if sha1OK || !sha256OK {
				t.Errorf("sha256-fault delivery: sha1 verifies=%v sha256 verifies=%v; want false, true (a wrong signature must stay wrong)", sha1OK, sha256OK)
			}
		}
	}
}

func TestRecordingTwiceIsByteIdentical(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	for i, hook := range []string{"http://127.0.0.1:40001", "http://[::1]:40002"} {
		files, _, _ := record(t, hook)
		if err := Write(dirs[i], files); err != nil {
			t.Fatal(err)
		}
	}
	a, b := readTree(t, dirs[0]), readTree(t, dirs[1])
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("file sets differ: %d vs %d", len(a), len(b))
	}
	// Byte identity must not depend on both recordings falling in the same
	// second: every recorded date is the upstream's fixed one.
	dates := regexp.MustCompile(`(?m)^\s+date: (.*)$`)
	for name, data := range a {
		for _, m := range dates.FindAllSubmatch(data, -1) {
			if string(m[1]) != fixedDate {
				t.Errorf("%s records date %q from the real clock; the upstream must send %q", name, m[1], fixedDate)
			}
		}
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between recordings:\n%s\n---\n%s", name, data, b[name])
		}
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, rerr := filepath.Rel(dir, p)
		out[rel] = b
		return errors.Join(err, rerr)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLearntTokensNumberInFixtureOrder(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	for i, learn := range []bool{false, true} {
		up := httptest.NewServer(newUpstream())
		spec := &specName{}
		rec := NewRecorder(RecorderOptions{Target: TargetSim, Now: fixedNow, Spec: spec.get})
		sc := &scenario{t: t, client: newClient(rec.Transport(nil)), base: up.URL, spec: spec}
		sc.run(recordCreds, "http://127.0.0.1:1")
		up.Close()
		sec := configuredSecrets()
		if learn {
			// The run learns tokens in its own order (here: reversed).
			for j := len(sc.steps) - 1; j >= 0; j-- {
				var tok struct{ AccessToken, RefreshToken string }
				var m map[string]any
				if json.Unmarshal(sc.steps[j].body, &m) == nil {
					tok.AccessToken, _ = m["access_token"].(string)
					tok.RefreshToken, _ = m["refresh_token"].(string)
				}
				sec.Learn(secret.KindAccessToken, tok.AccessToken)
				sec.Add(secret.KindRefreshToken, tok.RefreshToken) // Add of a taken kind learns too
			}
			if got := sec.Scrub("x canary-access-token-0002 y"); got != "x "+secret.AccessTokenPlaceholder+" y" {
				t.Errorf("learnt token scrubs to %q before fixtures are built", got)
			}
		}
		files, err := rec.Files(sec)
		if err != nil {
			t.Fatal(err)
		}
		if err := Write(dirs[i], files); err != nil {
			t.Fatal(err)
		}
		if err := secret.LeakScan([]string{dirs[i]}, sec); err != nil {
			t.Error(err)
		}
	}
	a, b := readTree(t, dirs[0]), readTree(t, dirs[1])
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s depends on the order tokens were learnt:\n%s\n---\n%s", name, data, b[name])
		}
	}
}

func TestScrubbingLeavesNoCanary(t *testing.T) {
	files, sec, _ := record(t, "http://127.0.0.1:41234")
	dir := t.TempDir()
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	canaries := []string{
		canaryClientSecret, canaryAPIKey, canaryCallbackToken, canaryConfigRefresh,
		canaryPersonEmail, canaryPersonPhone, canaryMobile,
		"canary-access-token-", "canary-refresh-token-", "canary-code-",
		base64.StdEncoding.EncodeToString([]byte(canaryClientID + ":" + canaryClientSecret)),
		"Authorization", "Set-Cookie", "set-cookie", "User-Agent", "user-agent",
		"41234", // the recording receiver's port
	}
	tree := readTree(t, dir)
	all := ""
	for name, data := range tree {
		for _, c := range canaries {
			if strings.Contains(string(data), c) {
				t.Errorf("%s holds %q", name, c)
			}
		}
		all += string(data)
	}
	for _, want := range []string{
		secret.ClientSecretPlaceholder, secret.CallbackTokenPlaceholder, secret.RefreshTokenPlaceholder, secret.APIKeyPlaceholder,
		"redacted-client-secret-wrong", // derived values scrub through the secret they contain
		"redacted-access-token-1", "redacted-refresh-token-3", "redacted-code-1",
		"person-1@redacted.invalid", "+1-555-000-0001", "+1-555-000-0002",
		"seeded01@example.com", "+1-555-0101", "sim.user@example.com", // test data is kept
		LoopbackOrigin + "/hook",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no fixture holds %q", want)
		}
	}
	if err := secret.LeakScan([]string{dir}, sec); err != nil {
		t.Errorf("secret.LeakScan of scrubbed fixtures: %v", err)
	}
}

func TestRecorderNeverSendsSpecHeaderAndKeepsBodies(t *testing.T) {
	var got []string
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get(SpecHeader))
		b, err := io.ReadAll(r.Body)
		if err != nil || string(b) != `{"a":1}` {
			t.Errorf("upstream body %q, %v", b, err)
		}
		w.WriteHeader(204)
	}))
	defer up.Close()
	rec := NewRecorder(RecorderOptions{Spec: func() string { return "" }})
	req, err := http.NewRequest("POST", up.URL+"/v2/x", strings.NewReader(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(SpecHeader, "leaks upstream")
	resp, err := newClient(rec.Transport(nil)).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(got) != 1 || got[0] != "" {
		t.Errorf("upstream saw %s = %q", SpecHeader, got)
	}
	if req.Header.Get(SpecHeader) != "leaks upstream" {
		t.Error("the caller's request was modified")
	}
	files, err := rec.Files(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Metadata.Spec != DefaultSpec || files[0].Interactions[0].Response.Status != 204 {
		t.Errorf("files = %+v", files)
	}
}

func TestRecorderCapturesTransportFailures(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	base := dead.URL
	dead.Close()
	rec := NewRecorder(RecorderOptions{Spec: func() string { return "errors/reset" }})
	resp, err := newClient(rec.Transport(nil)).Get(base + "/v2/me")
	if err == nil {
		resp.Body.Close()
		t.Fatal("request to a closed server succeeded")
	}
	files, err := rec.Files(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := files[0].Interactions[0].Response; got.Error != ErrorReset || got.Status != 0 {
		t.Errorf("response = %+v", got)
	}
	if _, err := NewSet(files); err != nil {
		t.Errorf("a recorded failure does not load: %v", err)
	}
}
