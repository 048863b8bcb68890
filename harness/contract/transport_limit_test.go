package contract

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// limitAPI answers POST /v2/accounts with a conforming account, and GET /v2/me with a body of
// about pad bytes; it sends the SHA-256 of every request body it received on the channel.
func limitAPI(t *testing.T, pad int) (*httptest.Server, chan [sha256.Size]byte) {
	t.Helper()
	sums := make(chan [sha256.Size]byte, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := sha256.New()
		if _, err := io.Copy(h, r.Body); err != nil {
			t.Errorf("server: reading the body: %v", err)
		}
		sums <- [sha256.Size]byte(h.Sum(nil))
		for k, v := range rateHeaders {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", jsonCT)
		if r.URL.Path == "/v2/me" {
			write(t, w, `{"data":{"id":1,"guid":"`+strings.Repeat("g", pad)+`"}}`)
			return
		}
		write(t, w, `{"data":{"id":1,"name":"x"}}`)
	}))
	t.Cleanup(srv.Close)
	return srv, sums
}

// onlyReader hides everything but Read, so that the request's length is unknown (chunked).
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// TestTransportBodyLimit sends bodies under and over the limit, of known and unknown length, in
// both modes: over the limit the exchange must pass through intact and be reported as not
// validated; under it, it must be validated as before.
func TestTransportBodyLimit(t *testing.T) {
	c := mustLoad(t)
	const limit = 4096
	small := []byte(`{"name":"x"}`)
	large := []byte(`{"name":"` + strings.Repeat("n", 3*limit) + `"}`)
	tests := []struct {
		name         string
		method, path string
		body         []byte
		chunked      bool
		pad          int
		wantNote     string
		wantRules    []string
	}{
		// Without a domain the small request breaks the contract: proof that it was validated.
		{name: "small request validated", method: "POST", path: "/v2/accounts", body: small, wantRules: []string{RuleRequestBody}},
		{name: "large request of known length passes", method: "POST", path: "/v2/accounts", body: large,
			wantNote: "not validated: request body over 4096 bytes"},
		{name: "large chunked request passes", method: "POST", path: "/v2/accounts", body: large, chunked: true,
			wantNote: "not validated: request body over 4096 bytes"},
		{name: "large response passes", method: "GET", path: "/v2/me", pad: 3 * limit,
			wantNote: "not validated: response body over 4096 bytes"},
		// A GET /v2/me answer without name, email and team breaks the contract: proof that it was validated.
		{name: "small response validated", method: "GET", path: "/v2/me", pad: 10,
			wantRules: []string{RuleResponseBody, RuleResponseBody, RuleResponseBody}},
	}
	for _, stream := range []bool{false, true} {
		for _, tt := range tests {
			name := tt.name
			if stream {
				name += " (streamed)"
			}
			t.Run(name, func(t *testing.T) {
				srv, sums := limitAPI(t, tt.pad)
				obs := &observed{}
				tr := &Transport{Contract: c, Observe: obs.observe, MaxBody: limit, Stream: stream}
				var body io.Reader
				if tt.body != nil {
					body = bytes.NewReader(tt.body)
					if tt.chunked {
						body = onlyReader{body}
					}
				}
				req, err := http.NewRequest(tt.method, srv.URL+tt.path, body)
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/json")
				resp, err := (&http.Client{Transport: tr}).Do(req)
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(resp.Body)
				if err != nil {
					t.Fatal(err)
				}
				if err := resp.Body.Close(); err != nil {
					t.Fatal(err)
				}
				tr.Wait()
				if sum := <-sums; sum != sha256.Sum256(tt.body) {
					t.Errorf("the server did not receive the request body intact")
				}
				if tt.pad > 0 && len(got) < tt.pad {
					t.Errorf("the caller read %d bytes, want the whole body of more than %d", len(got), tt.pad)
				}
				calls := obs.all()
				if len(calls) != 1 {
					t.Fatalf("Observe called %d times, want once", len(calls))
				}
				call := calls[0]
				if call.ex.NotValidated != tt.wantNote {
					t.Errorf("NotValidated = %q, want %q", call.ex.NotValidated, tt.wantNote)
				}
				if tt.wantNote != "" && (len(call.ex.RequestBody) > limit+1 || len(call.ex.ResponseBody) > limit+1) {
					t.Errorf("the observed exchange holds %d+%d body bytes, more than the limit", len(call.ex.RequestBody), len(call.ex.ResponseBody))
				}
				var rules []string
				for _, v := range call.violations {
					rules = append(rules, v.Rule)
				}
				if strings.Join(rules, ",") != strings.Join(tt.wantRules, ",") {
					t.Errorf("rules %v, want %v (%v)", rules, tt.wantRules, call.violations)
				}
			})
		}
	}
}

// TestTransportStreamFailures: a streamed exchange whose upstream fails, or whose response body
// breaks off, is observed with the request judged and the response not.
func TestTransportStreamFailures(t *testing.T) {
	c := mustLoad(t)
	boom := errors.New("connection reset")
	obs := &observed{}
	tr := &Transport{Contract: c, Observe: obs.observe, Stream: true, Base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if _, err := io.ReadAll(r.Body); err != nil {
			t.Errorf("base could not read the body: %v", err)
		}
		return nil, boom
	})}
	req, err := http.NewRequest("POST", "https://api.salesloft.com/v2/accounts", strings.NewReader(`{"name":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if _, err := tr.RoundTrip(req); !errors.Is(err, boom) {
		t.Fatalf("RoundTrip error = %v, want the base error", err)
	}
	tr.Wait()
	calls := obs.all()
	if len(calls) != 1 || calls[0].ex.Status != 0 || !errors.Is(calls[0].ex.Err, boom) {
		t.Fatalf("want one observation without a response and with the error, got %+v", calls)
	}
	if len(calls[0].violations) != 1 || calls[0].violations[0].Direction != DirectionRequest {
		t.Errorf("want the request violation only, got %v", calls[0].violations)
	}

	cut := errors.New("unexpected EOF")
	obs = &observed{}
	tr = &Transport{Contract: c, Observe: obs.observe, Stream: true, Base: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {jsonCT}},
			Body: io.NopCloser(io.MultiReader(strings.NewReader(`{"data":`), errReader{cut}))}, nil
	})}
	req, err = http.NewRequest("GET", "https://api.salesloft.com/v2/me", nil)
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
	if err := resp.Body.Close(); err != nil {
		t.Fatal(err)
	}
	tr.Wait()
	if calls := obs.all(); len(calls) != 1 || len(calls[0].violations) != 0 || calls[0].ex.Status != 0 {
		t.Errorf("a truncated body must not be judged; got %+v", calls)
	}
}
