package replay

import (
	"github.com/loftgate/loftgate/harness/secret"

	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// proxyRecording records, as `loftgate proxy --record` does (no secret
// known beforehand), a refresh with a JSON body, GET /v2/me and a webhook
// subscription create, and loads the files written.
func proxyRecording(t *testing.T) *Set {
	t.Helper()
	up := httptest.NewServer(newUpstream())
	defer up.Close()
	rec := NewRecorder(RecorderOptions{Target: TargetProxy, Now: fixedNow})
	client := &http.Client{Transport: rec.Transport(nil)}
	post := func(path, body, auth string) map[string]any {
		req, err := http.NewRequest("POST", up.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode >= 300 {
			t.Fatalf("recording %s: %d %v", path, resp.StatusCode, out)
		}
		return out
	}
	tok := post("/oauth/token", `{"grant_type":"refresh_token","refresh_token":"`+canaryConfigRefresh+`","client_id":"`+canaryClientID+`","client_secret":"`+canaryClientSecret+`"}`, "")
	access, _ := tok["access_token"].(string)
	post("/v2/webhook_subscriptions", `{"callback_url":"http://127.0.0.1:41234/hook","callback_token":"`+canaryCallbackToken+`","event_type":"person_updated"}`, "Bearer "+access)
	files, err := rec.Files(secret.New())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestScrubbedValuesMatchAsPlaceholders: another installation of the
// recorded client, with its own client secret, refresh token and callback
// token, gets the recorded answers from `serve`. Before, the recording's
// placeholders could never match a real value, and both requests missed.
func TestScrubbedValuesMatchAsPlaceholders(t *testing.T) {
	srv := NewServer(proxyRecording(t), WithExhaustion(ExhaustRepeatLast))
	tests := []struct {
		name, path, auth, body string
		status                 int
	}{
		{"json token request", "/oauth/token", "", `{"client_secret":"another-live-secret","grant_type":"refresh_token","client_id":"` + canaryClientID + `","refresh_token":"another-live-refresh"}`, 200},
		{"webhook subscription create", "/v2/webhook_subscriptions", "Bearer another-live-access", `{"event_type":"person_updated","callback_token":"another-live-callback","callback_url":"http://localhost:5999/hook"}`, 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := serveAs(srv, tt.auth, "POST", tt.path, "application/json", tt.body)
			if !strings.HasPrefix(got, strconv.Itoa(tt.status)+" ") {
				t.Fatalf("got %s, want %d", got, tt.status)
			}
			if strings.Contains(got, "canary") {
				t.Errorf("served a recorded secret: %s", got)
			}
		})
	}
}

// TestPlaceholderSentMatchesOnlyItself: a request carrying a placeholder
// is a replay of the recording, where placeholders are exact: a client
// replaying the wrong rotated token must still miss.
func TestPlaceholderSentMatchesOnlyItself(t *testing.T) {
	set := proxyRecording(t)
	rec := set.entries[0].in.Request.Body
	if !strings.Contains(rec, "redacted-refresh-token") {
		t.Fatalf("recording not scrubbed as expected:\n%s", rec)
	}
	srv := NewServer(set)
	body := strings.Replace(rec, "redacted-refresh-token", "redacted-refresh-token-9", 1)
	got := serveAs(srv, "", "POST", "/oauth/token", "application/json", body)
	if !strings.HasPrefix(got, "409 ") {
		t.Errorf("got %s, want a miss", got)
	}
}

// TestMissNamesTheRightRecording: a JSON token request that differs from
// the recorded refresh in one value names that recording and only that
// difference; the secrets it carries do not count as differences (before,
// they outweighed the real one and a shorter request was named).
func TestMissNamesTheRightRecording(t *testing.T) {
	set, err := NewSet([]*File{file("misc/unnamed",
		ix("POST", "/oauth/token", "", "application/json", `{"grant_type":"refresh_token","refresh_token":"redacted-refresh-token-1","client_secret":"redacted-client-secret","client_id":"x","scope":"people:read"}`, 200, `{"n":"refresh"}`),
		ix("POST", "/oauth/token", "", "application/json", `{"grant_type":"refresh_token","client_id":"x","scope":"people:write"}`, 400, `{"n":"other"}`),
	)})
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(set)
	got := serveAs(srv, "", "POST", "/oauth/token", "application/json", `{"grant_type":"refresh_token","refresh_token":"live-refresh-abc","client_secret":"live-secret-def","client_id":"x","scope":"people:all"}`)
	want := `nearest: POST /oauth/token (body differs: scope \"people:all\" != \"people:read\") at misc/unnamed.yaml interaction 1`
	if !strings.HasPrefix(got, "409 ") || !strings.Contains(got, want) {
		t.Errorf("got %s\nwant it to contain %s", got, want)
	}
	for _, secret := range []string{"live-refresh-abc", "live-secret-def"} {
		if strings.Contains(got, secret) {
			t.Errorf("the miss shows %s", secret)
		}
	}
}
