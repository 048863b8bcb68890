package replay

import (
	"encoding/json"
	"maps"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// webhookSet is a proxy recording of a webhook subscription's life: create
// with a callback token (scrubbed), fetch, update, as `proxy --record`
// writes it.
func webhookSet(t *testing.T) *Set {
	t.Helper()
	sub := func(enabled bool, token string) string {
		return `{"data":{"id":1,"callback_url":"https://hooks.example.com/h","callback_token":"` + token + `","enabled":` + strconv.FormatBool(enabled) + `,"event_type":"person_updated"}}`
	}
	create := ix("POST", "/v2/webhook_subscriptions", "", "application/json",
		`{"callback_url":"https://hooks.example.com/h","callback_token":"redacted-callback-token-1","event_type":"person_updated"}`, 201, sub(true, "redacted-callback-token-1"))
	get := ix("GET", "/v2/webhook_subscriptions/1", "", "", "", 200, sub(true, "redacted-callback-token-1"))
	put := ix("PUT", "/v2/webhook_subscriptions/1", "", "application/json", `{"enabled":false}`, 200, sub(false, "redacted-callback-token-1"))
	// A neighbour whose placeholder starts like the bound one.
	other := ix("GET", "/v2/webhook_subscriptions/12", "", "", "", 200, sub(true, "redacted-callback-token-12"))
	for _, in := range []*Interaction{&create, &get, &put, &other} {
		in.Request.Client = 1
	}
	set, err := NewSet([]*File{file("misc/unnamed", create, get, put, other)})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// callbackToken is data.callback_token of a served "STATUS BODY".
func callbackToken(t *testing.T, got string) string {
	t.Helper()
	_, body, _ := strings.Cut(got, " ")
	var v struct {
		Data struct {
			CallbackToken string `json:"callback_token"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("served body is not JSON (%v): %s", err, got)
	}
	return v.Data.CallbackToken
}

// TestServeEchoesTheClientsValue: through `proxy --record` then `serve`, a
// client that creates a webhook subscription with its own callback_token
// reads that token back from the create, a later GET and the PUT, as the
// API answers. Before, all three answered redacted-callback-token-1.
func TestServeEchoesTheClientsValue(t *testing.T) {
	srv := NewServer(webhookSet(t), WithExhaustion(ExhaustRepeatLast))
	live := `live "cb" token\with escapes`
	body, _ := json.Marshal(map[string]string{"callback_url": "https://hooks.example.com/h", "callback_token": live, "event_type": "person_updated"})

	created := serveAs(srv, "Bearer client-a", "POST", "/v2/webhook_subscriptions", "application/json", string(body))
	if !strings.HasPrefix(created, "201 ") {
		t.Fatalf("create: %s", created)
	}
	for _, step := range []struct{ name, got string }{
		{"create", created},
		{"fetch", serveAs(srv, "Bearer client-a", "GET", "/v2/webhook_subscriptions/1", "", "")},
		{"update", serveAs(srv, "Bearer client-a", "PUT", "/v2/webhook_subscriptions/1", "application/json", `{"enabled":false}`)},
	} {
		if tok := callbackToken(t, step.got); tok != live {
			t.Errorf("%s: callback_token %q, want the client's %q", step.name, tok, live)
		}
	}
	// Only the placeholder the client bound is replaced, whole.
	if tok := callbackToken(t, serveAs(srv, "Bearer client-a", "GET", "/v2/webhook_subscriptions/12", "", "")); tok != "redacted-callback-token-12" {
		t.Errorf("a longer placeholder was rewritten: %q", tok)
	}
	// Another client never sent a token: it gets the placeholder, never
	// client a's value.
	if tok := callbackToken(t, serveAs(srv, "Bearer client-b", "GET", "/v2/webhook_subscriptions/1", "", "")); tok != "redacted-callback-token-1" {
		t.Errorf("client b got %q, want the placeholder", tok)
	}
	// A client replaying the recording sends the placeholder and gets it.
	replayed := serveAs(srv, "Bearer client-c", "POST", "/v2/webhook_subscriptions", "application/json",
		`{"callback_url":"https://hooks.example.com/h","callback_token":"redacted-callback-token-1","event_type":"person_updated"}`)
	if tok := callbackToken(t, replayed); tok != "redacted-callback-token-1" {
		t.Errorf("replay of the placeholder got %q", tok)
	}
}

// TestServeEchoesPerSpecAndResets: bindings are per spec and client, and
// Reset forgets them.
func TestServeEchoesPerSpecAndResets(t *testing.T) {
	srv := NewServer(webhookSet(t), WithExhaustion(ExhaustRepeatLast))
	post := httptest.NewRequest("POST", "/v2/webhook_subscriptions", strings.NewReader(`{"callback_url":"https://hooks.example.com/h","callback_token":"live-token-1","event_type":"person_updated"}`))
	post.Header.Set("Content-Type", "application/json")
	post.Header.Set(SpecHeader, "misc/unnamed")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, post)
	if tok := callbackToken(t, "201 "+w.Body.String()); tok != "live-token-1" {
		t.Fatalf("spec mode create: %q (%d)", tok, w.Code)
	}
	if got := w.Header().Get("Content-Length"); got != strconv.Itoa(w.Body.Len()) {
		t.Errorf("Content-Length %s for a %d-byte body", got, w.Body.Len())
	}
	// The default mode is another session: placeholder.
	if tok := callbackToken(t, serveAs(srv, "", "GET", "/v2/webhook_subscriptions/1", "", "")); tok != "redacted-callback-token-1" {
		t.Errorf("default mode got %q, want the placeholder", tok)
	}
	get := httptest.NewRequest("GET", "/v2/webhook_subscriptions/1", nil)
	get.Header.Set(SpecHeader, "misc/unnamed")
	w = httptest.NewRecorder()
	srv.ServeHTTP(w, get)
	if tok := callbackToken(t, "200 "+w.Body.String()); tok != "live-token-1" {
		t.Errorf("spec mode fetch: %q", tok)
	}
	srv.ResetSpec("misc/unnamed")
	w = httptest.NewRecorder()
	srv.ServeHTTP(w, get)
	if tok := callbackToken(t, "200 "+w.Body.String()); tok != "redacted-callback-token-1" {
		t.Errorf("after ResetSpec: %q, want the placeholder", tok)
	}
}

// TestServeKeepsIssuedTokensAsPlaceholders: in a token answer, the tokens
// the server handed out stay placeholders (the client sends them back and
// they match the recorded follow-up exactly); only a value the client sent
// comes back as the client's.
func TestServeKeepsIssuedTokensAsPlaceholders(t *testing.T) {
	set, err := NewSet([]*File{file("misc/unnamed",
		ix("POST", "/oauth/token", "", "application/x-www-form-urlencoded", "grant_type=refresh_token&refresh_token=redacted-refresh-token-1&client_secret=redacted-client-secret", 200,
			`{"access_token":"redacted-access-token-2","refresh_token":"redacted-refresh-token-2","echo":"redacted-client-secret"}`),
		ix("POST", "/oauth/token", "", "application/x-www-form-urlencoded", "grant_type=refresh_token&refresh_token=redacted-refresh-token-2&client_secret=redacted-client-secret", 200,
			`{"access_token":"redacted-access-token-3","refresh_token":"redacted-refresh-token-3"}`),
	)})
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(set)
	first := serveAs(srv, "", "POST", "/oauth/token", "application/x-www-form-urlencoded", "grant_type=refresh_token&refresh_token=live-refresh&client_secret=live-secret")
	want := `200 {"access_token":"redacted-access-token-2","refresh_token":"redacted-refresh-token-2","echo":"live-secret"}`
	if first != want {
		t.Fatalf("first refresh:\n got %s\nwant %s", first, want)
	}
	// A placeholder it was not handed, beside its real secret, misses: the
	// loose match checks the placeholders sent.
	if got := serveAs(srv, "", "POST", "/oauth/token", "application/x-www-form-urlencoded", "grant_type=refresh_token&refresh_token=redacted-refresh-token-9&client_secret=live-secret"); !strings.HasPrefix(got, "409 ") {
		t.Errorf("a wrong placeholder beside a real secret: %s, want a miss", got)
	}
	// The client sends back the placeholder it was handed: the recorded
	// rotation goes on.
	second := serveAs(srv, "", "POST", "/oauth/token", "application/x-www-form-urlencoded", "grant_type=refresh_token&refresh_token=redacted-refresh-token-2&client_secret=live-secret")
	if !strings.Contains(second, `"refresh_token":"redacted-refresh-token-3"`) {
		t.Errorf("second refresh: %s", second)
	}
}

func TestBindValue(t *testing.T) {
	for _, tt := range []struct {
		rec, live string
		want      map[string]string
	}{
		{"redacted-x-1", "abc", map[string]string{"redacted-x-1": "abc"}},
		{"Bearer redacted-access-token-2", "Bearer abc", map[string]string{"redacted-access-token-2": "abc"}},
		{"Bearer redacted-access-token-2", "Basic abc", map[string]string{}},
		{"redacted-x-1", "redacted-x-2", map[string]string{}}, // a placeholder sent binds nothing
		{"redacted-a-1:redacted-b-1", "u:p", map[string]string{}},
		{"same", "same", map[string]string{}},
	} {
		got := map[string]string{}
		bindValue(got, tt.rec, tt.live)
		if !maps.Equal(got, tt.want) {
			t.Errorf("bindValue(%q, %q) = %v, want %v", tt.rec, tt.live, got, tt.want)
		}
	}
}
