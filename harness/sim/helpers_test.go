package sim

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// harness is a simulator on a real listener plus a client that does not follow redirects.
type harness struct {
	t    *testing.T
	sim  *Server
	srv  *httptest.Server
	http *http.Client
}

func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &harness{t: t, sim: s, srv: srv, http: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// resp is a read response.
type resp struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic value.
func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

// do sends a request. body may be nil, a string (sent as is) or any value (sent as JSON).
// hdr holds header pairs.
func (h *harness) do(method, path string, body any, hdr ...string) resp {
	h.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
		ctype = "application/x-www-form-urlencoded"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			h.t.Fatalf("marshal: %v", err)
		}
		rd = strings.NewReader(string(raw))
		ctype = "application/json"
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatalf("request: %v", err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := h.http.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatalf("read body: %v", err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: raw}
}

// request builds a bodiless request authenticated with the default API key.
func (h *harness) request(method, path string) *http.Request {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, nil)
	if err != nil {
		h.t.Fatalf("request: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+DefaultAPIKey)
	return req
}

// api sends an API request with the default API key.
func (h *harness) api(method, path string, body any) resp {
	h.t.Helper()
	return h.do(method, path, body, "Authorization", "Bearer "+DefaultAPIKey)
}

// bearer sends an API request with token.
func (h *harness) bearer(token, method, path string, body any) resp {
	h.t.Helper()
	return h.do(method, path, body, "Authorization", "Bearer "+token)
}

// form encodes pairs as a form body.
func form(pairs ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v.Encode()
}

// basic is an RFC 6749 §2.3.1 Basic header value.
func basic(id, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id)+":"+url.QueryEscape(secret)))
}

// authorizeCode runs /oauth/authorize for the default client and returns the code.
func (h *harness) authorizeCode(extra ...string) string {
	h.t.Helper()
	q := url.Values{"client_id": {DefaultClientID}, "redirect_uri": {DefaultRedirectURI}, "response_type": {"code"}, "state": {"xyz"}}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	r := h.do("GET", "/oauth/authorize?"+q.Encode(), nil)
	if r.status != http.StatusFound {
		h.t.Fatalf("authorize: status %d: %s", r.status, r.body)
	}
	loc, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		h.t.Fatalf("location: %v", err)
	}
	code := loc.Query().Get("code")
	if code == "" {
		h.t.Fatalf("no code in %s", loc)
	}
	return code
}

// exchange trades a code for tokens with body client authentication.
func (h *harness) exchange(code string) resp {
	h.t.Helper()
	return h.do("POST", "/oauth/token", map[string]any{"grant_type": "authorization_code", "code": code,
		"client_id": DefaultClientID, "client_secret": DefaultClientSecret, "redirect_uri": DefaultRedirectURI})
}

// tokens runs the whole authorization code flow and returns the token response.
func (h *harness) tokens() map[string]any {
	h.t.Helper()
	r := h.exchange(h.authorizeCode())
	if r.status != http.StatusOK {
		h.t.Fatalf("exchange: %d %s", r.status, r.body)
	}
	return r.json(h.t)
}

// fault adds a fault through the control API.
func (h *harness) fault(body map[string]any) {
	h.t.Helper()
	if r := h.do("POST", "/_sim/faults", body); r.status != http.StatusOK {
		h.t.Fatalf("add fault %v: %d %s", body, r.status, r.body)
	}
}

// wantError checks an {"error": msg} body.
func wantError(t *testing.T, r resp, status int, msg string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d: %s", r.status, status, r.body)
	}
	if got := r.json(t)["error"]; got != msg {
		t.Fatalf("error = %q, want %q", got, msg)
	}
}

// wantFieldError checks that a 422 body names field with msg.
func wantFieldError(t *testing.T, r resp, field, msg string) {
	t.Helper()
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status = %d, want 422: %s", r.status, r.body)
	}
	errs, _ := r.json(t)["errors"].(map[string]any)
	list, _ := errs[field].([]any)
	for _, m := range list {
		if m == msg {
			return
		}
	}
	t.Fatalf("errors[%q] = %v, want to contain %q; body %s", field, errs[field], msg, r.body)
}

// dataOf returns the body's data object.
func dataOf(t *testing.T, r resp) map[string]any {
	t.Helper()
	d, ok := r.json(t)["data"].(map[string]any)
	if !ok {
		t.Fatalf("no data object in %s", r.body)
	}
	return d
}

// listOf returns the body's data array.
func listOf(t *testing.T, r resp) []any {
	t.Helper()
	d, ok := r.json(t)["data"].([]any)
	if !ok {
		t.Fatalf("no data array in %s", r.body)
	}
	return d
}
