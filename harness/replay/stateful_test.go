package replay

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// clientIx is an interaction made with recorded credential number client.
func clientIx(client int, method, path string, status int, respBody string) Interaction {
	in := ix(method, path, "", "", "", status, respBody)
	in.Request.Client = client
	return in
}

// serveAs sends one request naming no spec with the given Authorization
// and returns "STATUS BODY".
func serveAs(srv *Server, auth, method, target, ct, body string) string {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if auth != "" {
		r.Header.Set("Authorization", auth)
	}
	if ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	return fmt.Sprintf("%d %s", w.Code, w.Body.String())
}

// TestDefaultModeReplaysTheRecordedSequence: without X-Loftgate-Spec, a
// 404 recorded after a DELETE comes back after the DELETE (it used to be
// the first successful GET every time).
func TestDefaultModeReplaysTheRecordedSequence(t *testing.T) {
	for _, client := range []int{0, 1} { // 0: a file without client numbers
		set, err := NewSet([]*File{file("misc/unnamed",
			clientIx(client, "GET", "/v2/people/7", 200, `{"data":{"id":7}}`),
			clientIx(client, "DELETE", "/v2/people/7", 204, ""),
			clientIx(client, "GET", "/v2/people/7", 404, `{"error":"Not Found"}`),
		)})
		if err != nil {
			t.Fatal(err)
		}
		srv := NewServer(set, WithExhaustion(ExhaustRepeatLast))
		got := []string{
			serveAs(srv, "Bearer live-token-1", "GET", "/v2/people/7", "", ""),
			serveAs(srv, "Bearer live-token-1", "DELETE", "/v2/people/7", "", ""),
			serveAs(srv, "Bearer live-token-1", "GET", "/v2/people/7", "", ""),
			serveAs(srv, "Bearer live-token-1", "GET", "/v2/people/7", "", ""),
		}
		want := []string{`200 {"data":{"id":7}}`, "204 ", `404 {"error":"Not Found"}`, `404 {"error":"Not Found"}`}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("client %d, call %d = %s, want %s", client, i+1, got[i], want[i])
			}
		}
	}
}

// TestDefaultModeReplaysEachClientsOwnSequence: a recorded 401 (an expired
// token), a refresh, and a 200 for the new token come back in that order,
// each token getting its own recorded answers; further tokens share the
// last one's.
func TestDefaultModeReplaysEachClientsOwnSequence(t *testing.T) {
	refresh := ix("POST", "/oauth/token", "", "application/x-www-form-urlencoded", "grant_type=refresh_token&refresh_token=redacted-refresh-token-1", 200, `{"access_token":"redacted-access-token-2"}`)
	set, err := NewSet([]*File{file("misc/unnamed",
		clientIx(1, "GET", "/v2/me", 401, `{"error":"expired"}`),
		refresh,
		clientIx(2, "GET", "/v2/me", 200, `{"data":{"id":1}}`),
	)})
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(set, WithExhaustion(ExhaustRepeatLast))
	got := []string{
		serveAs(srv, "Bearer old-live-token", "GET", "/v2/me", "", ""),
		serveAs(srv, "", "POST", "/oauth/token", "application/x-www-form-urlencoded", "grant_type=refresh_token&refresh_token=real-refresh-token"),
		serveAs(srv, "Bearer new-live-token", "GET", "/v2/me", "", ""),
		serveAs(srv, "Bearer old-live-token", "GET", "/v2/me", "", ""),
		serveAs(srv, "Bearer third-live-token", "GET", "/v2/me", "", ""),
	}
	want := []string{`401 {"error":"expired"}`, `200 {"access_token":"redacted-access-token-2"}`, `200 {"data":{"id":1}}`, `401 {"error":"expired"}`, `200 {"data":{"id":1}}`}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("call %d = %s, want %s", i+1, got[i], want[i])
		}
	}
	srv.Reset()
	if got := serveAs(srv, "Bearer new-live-token", "GET", "/v2/me", "", ""); got != want[0] {
		t.Errorf("after Reset the first client gets %s, want %s", got, want[0])
	}
}

// TestDefaultModeExhaustionMisses: with ExhaustMiss a client that asks
// more often than recorded gets a miss naming the last recording.
func TestDefaultModeExhaustionMisses(t *testing.T) {
	set, err := NewSet([]*File{file("misc/unnamed", clientIx(1, "GET", "/v2/me", 200, `{}`))})
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(set)
	serveAs(srv, "Bearer a-live-token", "GET", "/v2/me", "", "")
	got := serveAs(srv, "Bearer a-live-token", "GET", "/v2/me", "", "")
	if !strings.HasPrefix(got, "409 ") || !strings.Contains(got, `all 1 recorded answer used (the last at misc/unnamed.yaml interaction 1)`) {
		t.Errorf("second call = %s", got)
	}
}

// TestDefaultModeOverSpecFixturesStartsWithSuccess: over fixtures recorded
// per spec, a client's first answer comes from a spec whose recording of
// the request succeeded, not from a failure scenario recorded earlier.
func TestDefaultModeOverSpecFixturesStartsWithSuccess(t *testing.T) {
	set, err := NewSet([]*File{
		file("apierrors/throttled", ix("GET", "/v2/me", "", "", "", 429, `{}`), ix("GET", "/v2/me", "", "", "", 200, `{"n":"late"}`)),
		file("me/get me", ix("GET", "/v2/me", "", "", "", 200, `{"n":"me"}`)),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(set, WithExhaustion(ExhaustRepeatLast))
	for i := range 3 {
		if got := serveAs(srv, "Bearer live-token-x", "GET", "/v2/me", "", ""); got != `200 {"n":"me"}` {
			t.Errorf("call %d = %s", i+1, got)
		}
	}
}

// TestProxyRecordingNumbersClients: a proxy recording numbers each
// distinct credential and never writes it; spec recordings write no number.
func TestProxyRecordingNumbersClients(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", "Thu, 01 Jan 2026 00:00:00 GMT")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":{"id":1}}`)
	}))
	defer up.Close()
	for _, target := range []string{TargetProxy, TargetSim} {
		rec := NewRecorder(RecorderOptions{Target: target, Now: fixedNow})
		client := &http.Client{Transport: rec.Transport(nil)}
		for _, auth := range []string{"Bearer first-live-token", "", "Bearer second-live-token", "Bearer first-live-token"} {
			req, err := http.NewRequest("GET", up.URL+"/v2/me", nil)
			if err != nil {
				t.Fatal(err)
			}
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		files, err := rec.Files(nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, in := range files[0].Interactions {
			got = append(got, in.Request.Client)
		}
		want := "[1 0 2 1]"
		if target != TargetProxy {
			want = "[0 0 0 0]"
		}
		if fmt.Sprint(got) != want {
			t.Errorf("%s recording: clients %v, want %s", target, got, want)
		}
		data, err := Marshal(files[0])
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "live-token") {
			t.Errorf("%s recording holds a credential:\n%s", target, data)
		}
	}
}
