package replay

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func ix(method, path, query, ct, body string, status int, respBody string) Interaction {
	in := Interaction{
		Request:  Request{Method: method, Path: path, Query: query, Body: body},
		Response: Response{Status: status, Header: map[string]string{"content-type": "application/json"}, Body: respBody},
	}
	if ct != "" {
		in.Request.Header = map[string]string{"content-type": ct}
	}
	return in
}

func file(spec string, ins ...Interaction) *File {
	return &File{Version: Version, Metadata: Metadata{Spec: spec, Target: TargetSim}, Interactions: ins}
}

// matchSet is the set the matching tests replay.
func matchSet(t *testing.T) *Set {
	t.Helper()
	set, err := NewSet([]*File{
		file("oauth/s",
			ix("POST", "/oauth/token", "", "application/json", `{"grant_type":"refresh_token","refresh_token":"redacted-refresh-token-1","client_id":"x"}`, 200, `{"n":"A"}`),
			ix("POST", "/oauth/token", "", "application/json", "{\n  \"client_id\": \"x\",\n  \"grant_type\": \"refresh_token\",\n  \"refresh_token\": \"redacted-refresh-token-1\"\n}", 400, `{"n":"B"}`),
			ix("POST", "/oauth/token", "", "application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=x", 200, `{"n":"C"}`),
			ix("GET", "/v2/people", "page=2&per_page=25", "", "", 200, `{"n":"D"}`),
			ix("GET", "/v2/me.json", "", "", "", 200, `{"n":"E"}`),
			ix("GET", "/v2/people", "ids%5B%5D=1&ids%5B%5D=2", "", "", 200, `{"n":"F"}`),
			ix("POST", "/v2/webhook_subscriptions", "", "application/json", `{"callback_url":"http://127.0.0.1:0/hook"}`, 201, `{"n":"G","url":"http://127.0.0.1:0/hook"}`),
		),
		file("team/t", ix("GET", "/v2/team", "", "", "", 200, `{"n":"T"}`)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

type req struct {
	method, target, ct, body string
	header                   map[string]string
}

func (r req) do(t *testing.T, base, spec string) (int, http.Header, string) {
	t.Helper()
	hr, err := http.NewRequest(r.method, base+r.target, strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	if r.ct != "" {
		hr.Header.Set("Content-Type", r.ct)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	if spec != "" {
		hr.Header.Set(SpecHeader, spec)
	}
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

func TestServerMatching(t *testing.T) {
	refresh1 := `{ "refresh_token" : "redacted-refresh-token-1",
	  "grant_type": "refresh_token", "client_id": "x" }`
	tests := []struct {
		name string
		spec string
		reqs []req
		want []string // response bodies, or "miss:<substring>"
	}{
		{"json key order and whitespace", "oauth/s", []req{{method: "POST", target: "/oauth/token", ct: "application/json; charset=utf-8", body: refresh1}}, []string{`{"n":"A"}`}},
		{"identical requests answered in order then exhausted", "oauth/s",
			[]req{{method: "POST", target: "/oauth/token", ct: "application/json", body: refresh1}, {method: "POST", target: "/oauth/token", ct: "application/json", body: refresh1}, {method: "POST", target: "/oauth/token", ct: "application/json", body: refresh1}},
			[]string{`{"n":"A"}`, `{"n":"B"}`, `miss:all 2 recorded answers used in spec "oauth/s"`}},
		{"form body keys in any order", "oauth/s", []req{{method: "POST", target: "/oauth/token", ct: "application/x-www-form-urlencoded", body: "client_id=x&grant_type=client_credentials"}}, []string{`{"n":"C"}`}},
		{"json and form of the same params differ", "oauth/s", []req{{method: "POST", target: "/oauth/token", ct: "application/json", body: `{"grant_type":"client_credentials","client_id":"x"}`}},
			[]string{"miss:body differs: a JSON body != a form body"}},
		{"query order", "oauth/s", []req{{method: "GET", target: "/v2/people?per_page=25&page=2"}}, []string{`{"n":"D"}`}},
		{"query values order", "oauth/s", []req{{method: "GET", target: "/v2/people?ids[]=2&ids[]=1"}}, []string{`{"n":"F"}`}},
		{"json suffix added", "oauth/s", []req{{method: "GET", target: "/v2/people.json?page=2&per_page=25"}}, []string{`{"n":"D"}`}},
		{"json suffix dropped and trailing slash", "oauth/s", []req{{method: "GET", target: "/v2/me/"}}, []string{`{"n":"E"}`}},
		{"never on authorization or user agent", "oauth/s", []req{
			{method: "GET", target: "/v2/me", header: map[string]string{"Authorization": "Bearer one", "User-Agent": "a"}},
			{method: "GET", target: "/v2/people?page=2&per_page=25", header: map[string]string{"Authorization": "Basic eDp5", "User-Agent": "b", "X-Other": "c"}},
		}, []string{`{"n":"E"}`, `{"n":"D"}`}},
		{"query value differs names nearest", "oauth/s", []req{{method: "GET", target: "/v2/people?page=3&per_page=25"}},
			[]string{`miss:replay: GET /v2/people?page=3&per_page=25: no recorded answer in spec "oauth/s"; nearest: GET /v2/people?page=2&per_page=25 (query differs: page "3" != "2")`}},
		{"body value differs names the json path", "oauth/s", []req{{method: "POST", target: "/oauth/token", ct: "application/json", body: `{"grant_type":"refresh_token","refresh_token":"redacted-refresh-token-2","client_id":"x"}`}},
			[]string{`miss:nearest: POST /oauth/token (body differs: refresh_token "redacted-refresh-token-2" != "redacted-refresh-token-1")`}},
		{"secret values are hidden in differences", "oauth/s", []req{{method: "POST", target: "/oauth/token", ct: "application/json", body: `{"grant_type":"refresh_token","refresh_token":"live-secret-value","client_id":"x","client_secret":"live-client-secret","apiKey":"k-123456"}`}},
			[]string{`miss:nearest: POST /oauth/token (body differs: apiKey <hidden> not recorded, client_secret <hidden> not recorded) at oauth/s.yaml interaction 1`}},
		{"a real value matches a recorded placeholder", "oauth/s", []req{{method: "POST", target: "/oauth/token", ct: "application/json", body: `{"grant_type":"refresh_token","refresh_token":"live-secret-value","client_id":"x"}`}},
			[]string{`{"n":"A"}`}},
		{"unknown spec", "oauth/nope", []req{{method: "GET", target: "/v2/me"}}, []string{`miss:no fixture file for spec "oauth/nope"`}},
		{"scoped to the spec, with a hint", "oauth/s", []req{{method: "GET", target: "/v2/team"}}, []string{`miss:the same request is recorded in spec "team/t"`}},
		{"unscoped sees every spec", "", []req{{method: "GET", target: "/v2/team"}, {method: "GET", target: "/v2/me"}}, []string{`{"n":"T"}`, `{"n":"E"}`}},
		{"loopback origins normalised and put back", "oauth/s", []req{{method: "POST", target: "/v2/webhook_subscriptions", ct: "application/json", body: `{"callback_url":"http://localhost:43117/hook"}`}},
			[]string{`{"n":"G","url":"http://localhost:43117/hook"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := NewServer(matchSet(t))
			hs := httptest.NewServer(srv)
			defer hs.Close()
			for i, r := range tt.reqs {
				status, h, body := r.do(t, hs.URL, tt.spec)
				want := tt.want[i]
				if m, isMiss := strings.CutPrefix(want, "miss:"); isMiss {
					if status != MissStatus || h.Get(ReplayHeader) != "miss" {
						t.Fatalf("request %d: status %d %q, want a miss", i, status, body)
					}
					var out struct{ Error string }
					if err := json.Unmarshal([]byte(body), &out); err != nil {
						t.Fatalf("miss body %q: %v", body, err)
					}
					if !strings.Contains(out.Error, m) {
						t.Errorf("request %d: miss %q\nwant it to contain %q", i, out.Error, m)
					}
					if strings.Contains(out.Error, "live-secret-value") {
						t.Errorf("miss message shows a secret: %s", out.Error)
					}
					continue
				}
				if status == MissStatus || body != want {
					t.Errorf("request %d: got %d %s, want %s", i, status, body, want)
				}
			}
		})
	}
}

func TestMissesAreTypedAndListed(t *testing.T) {
	srv := NewServer(matchSet(t))
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/v2/nothing", nil))
	ms := srv.Misses()
	if len(ms) != 1 {
		t.Fatalf("misses = %v", ms)
	}
	var err error = &ms[0]
	if !errors.Is(err, ErrMiss) || !strings.HasPrefix(err.Error(), "replay: GET /v2/nothing: no recorded answer; nearest: ") {
		t.Errorf("miss = %v", err)
	}
}

func TestExhaustionRepeatLastAndReset(t *testing.T) {
	body := `{"grant_type":"refresh_token","refresh_token":"redacted-refresh-token-1","client_id":"x"}`
	call := func(srv *Server) string {
		r := httptest.NewRequest("POST", "/oauth/token", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(SpecHeader, "oauth/s")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w.Body.String()
	}
	srv := NewServer(matchSet(t), WithExhaustion(ExhaustRepeatLast))
	got := []string{call(srv), call(srv), call(srv), call(srv)}
	want := []string{`{"n":"A"}`, `{"n":"B"}`, `{"n":"B"}`, `{"n":"B"}`}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("call %d = %s, want %s", i, got[i], want[i])
		}
	}
	srv.Reset()
	if got := call(srv); got != `{"n":"A"}` {
		t.Errorf("after Reset: %s", got)
	}
}

func TestServerIsSafeForConcurrentUse(t *testing.T) {
	set := matchSet(t)
	var events sync.Map
	srv := NewServer(set, WithExhaustion(ExhaustRepeatLast), WithObserver(func(e Event) { events.Store(e.Path, e.Status) }))
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				w := httptest.NewRecorder()
				srv.ServeHTTP(w, httptest.NewRequest("GET", "/v2/me", nil))
				if w.Code != 200 {
					t.Errorf("status %d", w.Code)
					return
				}
			}
		}()
	}
	wg.Wait()
	if v, ok := events.Load("/v2/me"); !ok || v.(int) != 200 {
		t.Errorf("observer saw %v", v)
	}
}

func TestReplayedConnectionReset(t *testing.T) {
	in := ix("GET", "/v2/me", "", "", "", 0, "")
	in.Response = Response{Error: ErrorReset}
	set, err := NewSet([]*File{file("errors/reset", in)})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(NewServer(set))
	defer hs.Close()
	resp, err := http.Get(hs.URL + "/v2/me")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got status %d, want a connection error", resp.StatusCode)
	}
}

func TestNoArtificialHeaders(t *testing.T) {
	srv := NewServer(matchSet(t))
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest("GET", "/v2/me", nil))
	if w.Header().Get(ViolationsHeader) != "" || w.Header().Get(ReplayHeader) != "" {
		t.Errorf("headers = %v", w.Header())
	}
	bare := ix("GET", "/plain", "", "", "", 200, "hello")
	bare.Response.Header = nil
	set, err := NewSet([]*File{file("misc/plain", bare)})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(NewServer(set))
	defer hs.Close()
	_, h, body := req{method: "GET", target: "/plain"}.do(t, hs.URL, "")
	if body != "hello" || h.Get("Content-Type") != "" || h.Get("Date") != "" {
		t.Errorf("invented headers: %v %q", h, body)
	}
}

func TestReplayedTimeoutHoldsUntilTheClientGivesUp(t *testing.T) {
	in := ix("GET", "/v2/me", "", "", "", 0, "")
	in.Response = Response{Error: ErrorTimeout}
	set, err := NewSet([]*File{file("errors/slow", in)})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(NewServer(set))
	defer hs.Close()
	client := &http.Client{Timeout: 100 * time.Millisecond}
	resp, err := client.Get(hs.URL + "/v2/me")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got status %d, want a timeout", resp.StatusCode)
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("err = %v, want a timeout", err)
	}
}
