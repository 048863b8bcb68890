package contract

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// observed records what a Transport hands to Observe.
type observed struct {
	mu    sync.Mutex
	calls []observation
}

type observation struct {
	ex         Exchange
	op         Operation
	violations []Violation
}

func (o *observed) observe(ex Exchange, op Operation, vs []Violation) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.calls = append(o.calls, observation{ex, op, vs})
}

func (o *observed) all() []observation {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]observation(nil), o.calls...)
}

// fakeAPI answers like SalesLoft for a few paths and records the request bodies it received.
func fakeAPI(t *testing.T) (*httptest.Server, *[]string) {
	t.Helper()
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("server: reading the body: %v", err)
		}
		mu.Lock()
		bodies = append(bodies, string(body))
		mu.Unlock()
		for k, v := range rateHeaders {
			w.Header().Set(k, v)
		}
		switch r.URL.Path {
		case "/v2/me", "/v2/me.json":
			w.Header().Set("Content-Type", jsonCT)
			write(t, w, meBody)
		case "/v2/accounts":
			w.Header().Set("Content-Type", jsonCT)
			write(t, w, `{"data":{"id":1,"name":"x"}}`)
		case "/_sim/clock":
			w.Header().Set("Content-Type", jsonCT)
			write(t, w, `{"data":{"now":"2026-01-01T00:00:00Z"}}`)
		default:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			write(t, w, "<html>Not Found</html>")
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &bodies
}

// transportTest is a case of TestTransport.
type transportTest struct {
	name, method, path, body string
	skip                     func(*http.Request) bool
	wantObserved             bool
	wantOp                   string
	wantRules                []string
	wantBody                 string
}

func TestTransport(t *testing.T) {
	c := mustLoad(t)
	srv, bodies := fakeAPI(t)
	tests := []transportTest{
		{name: "conforming GET", method: "GET", path: "/v2/me.json", wantObserved: true, wantOp: "GET /v2/me", wantBody: meBody},
		{name: "POST with a violation still goes through", method: "POST", path: "/v2/accounts", body: `{"name":"x"}`,
			wantObserved: true, wantOp: "POST /v2/accounts", wantRules: []string{RuleRequestBody}, wantBody: `{"data":{"id":1,"name":"x"}}`},
		{name: "unknown operation", method: "GET", path: "/v2/widgets", wantObserved: true,
			wantRules: []string{RuleUnknownOperation}, wantBody: "<html>Not Found</html>"},
		{name: "renamed endpoint answers HTML", method: "GET", path: "/base/v2/me", wantObserved: true, wantOp: "GET /v2/me",
			wantRules: []string{RuleResponseContentType}, wantBody: "<html>Not Found</html>"},
		{name: "simulator control API is never validated", method: "GET", path: "/_sim/clock",
			wantBody: `{"data":{"now":"2026-01-01T00:00:00Z"}}`},
		{name: "Skip exempts more", method: "GET", path: "/v2/me", skip: func(*http.Request) bool { return true }, wantBody: meBody},
	}
	for _, stream := range []bool{false, true} {
		for _, tt := range tests {
			name := tt.name
			if stream {
				name += " (streamed)"
			}
			t.Run(name, func(t *testing.T) { transportCase(t, c, srv, bodies, stream, tt) })
		}
	}
}

// transportCase is one case of TestTransport.
func transportCase(t *testing.T, c *Contract, srv *httptest.Server, bodies *[]string, stream bool, tt transportTest) {
	{
		{
			obs := &observed{}
			*bodies = nil
			tr := &Transport{Contract: c, Skip: tt.skip, Observe: obs.observe, Stream: stream}
			client := &http.Client{Transport: tr}
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("the call must not fail: %v", err)
			}
			got, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if err := resp.Body.Close(); err != nil {
				t.Fatal(err)
			}
			tr.Wait()
			if string(got) != tt.wantBody {
				t.Errorf("caller read %q, want %q", got, tt.wantBody)
			}
			if len(*bodies) != 1 || (*bodies)[0] != tt.body {
				t.Errorf("server received bodies %q, want [%q]", *bodies, tt.body)
			}
			calls := obs.all()
			if !tt.wantObserved {
				if len(calls) != 0 {
					t.Errorf("Observe called %d times, want none", len(calls))
				}
				return
			}
			if len(calls) != 1 {
				t.Fatalf("Observe called %d times, want once", len(calls))
			}
			call := calls[0]
			if call.op.Key != tt.wantOp {
				t.Errorf("observed operation %q, want %q", call.op.Key, tt.wantOp)
			}
			if call.ex.Status != http.StatusOK && call.ex.Status != http.StatusNotFound || string(call.ex.ResponseBody) != tt.wantBody {
				t.Errorf("observed exchange status %d body %q", call.ex.Status, call.ex.ResponseBody)
			}
			if string(call.ex.RequestBody) != tt.body {
				t.Errorf("observed request body %q, want %q", call.ex.RequestBody, tt.body)
			}
			var rules []string
			for _, v := range call.violations {
				rules = append(rules, v.Rule)
			}
			if strings.Join(rules, ",") != strings.Join(tt.wantRules, ",") {
				t.Errorf("observed rules %v, want %v (%v)", rules, tt.wantRules, call.violations)
			}
		}
	}
}

func TestTransportBaseError(t *testing.T) {
	c := mustLoad(t)
	boom := errors.New("connection reset")
	obs := &observed{}
	tr := &Transport{Contract: c, Observe: obs.observe, Base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if _, err := io.ReadAll(r.Body); err != nil {
			t.Errorf("base could not read the body: %v", err)
		}
		return nil, boom
	})}
	req, err := http.NewRequest("POST", "https://api.salesloft.com/v2/accounts", bytes.NewBufferString(`{"name":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if _, err := tr.RoundTrip(req); !errors.Is(err, boom) {
		t.Fatalf("RoundTrip error = %v, want the base error", err)
	}
	calls := obs.all()
	if len(calls) != 1 || calls[0].ex.Status != 0 {
		t.Fatalf("want one observation without a response, got %+v", calls)
	}
	if len(calls[0].violations) != 1 || calls[0].violations[0].Direction != DirectionRequest {
		t.Errorf("want the request violation only, got %v", calls[0].violations)
	}
}

func TestTransportTruncatedBody(t *testing.T) {
	c := mustLoad(t)
	cut := errors.New("unexpected EOF")
	obs := &observed{}
	tr := &Transport{Contract: c, Observe: obs.observe, Base: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {jsonCT}},
			Body: io.NopCloser(io.MultiReader(strings.NewReader(`{"data":`), errReader{cut}))}, nil
	})}
	req, err := http.NewRequest("GET", "https://api.salesloft.com/v2/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	if string(got) != `{"data":` || !errors.Is(err, cut) {
		t.Errorf("caller read %q, %v; want the partial body and the read error", got, err)
	}
	if calls := obs.all(); len(calls) != 1 || len(calls[0].violations) != 0 {
		t.Errorf("a truncated body must not be judged; got %+v", calls)
	}
}

func TestTransportWithoutObserveOrContract(t *testing.T) {
	srv, _ := fakeAPI(t)
	for name, tr := range map[string]*Transport{
		"no Observe":  {Contract: mustLoad(t)},
		"no Contract": {Observe: func(Exchange, Operation, []Violation) { t.Error("Observe called without a contract") }},
	} {
		resp, err := (&http.Client{Transport: tr}).Get(srv.URL + "/v2/me")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := io.ReadAll(resp.Body)
		if err != nil || string(got) != meBody {
			t.Errorf("%s: body %q, %v", name, got, err)
		}
		if err := resp.Body.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// write writes a response body, reporting a failure to the test.
func write(t *testing.T, w io.Writer, s string) {
	t.Helper()
	if _, err := io.WriteString(w, s); err != nil {
		t.Errorf("server: writing the body: %v", err)
	}
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
