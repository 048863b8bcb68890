package contract

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"time"
)

// simControlPrefix starts the paths of the simulator's control API, which are not SalesLoft's and
// are never validated.
const simControlPrefix = "/_sim/"

// Transport is an http.RoundTripper that validates every exchange against a Contract. It buffers
// both bodies (and gives the caller an unread copy), validates, and hands the result to Observe.
// It never fails an HTTP call because of a violation: reporting them is Observe's job.
type Transport struct {
	// Base sends the requests; http.DefaultTransport when nil.
	Base http.RoundTripper
	// Contract validates the exchanges; when nil, requests pass through unvalidated.
	Contract *Contract
	// Skip, when set, exempts more requests from validation. Requests whose path starts with
	// /_sim/ (the simulator's control API) and the redirect hops of an authorize step are always
	// exempt.
	Skip func(*http.Request) bool
	// OAuth are the target's configured authorize and token URLs; requests to them are
	// validated as GET /oauth/authorize and POST /oauth/token whatever their path.
	OAuth OAuthEndpoints
	// Observe, when set, receives every validated exchange, its operation (zero for an unknown
	// one) and its violations (nil when it conforms). It is called from the goroutine that made
	// the request, before RoundTrip returns. The exchange carries credentials (the Authorization
	// header, token request and response bodies): never print or store it unscrubbed.
	Observe func(Exchange, Operation, []Violation)
}

// RoundTrip sends the request through Base and validates the exchange. A transport error is
// returned as is, after the request alone has been validated and observed.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	if t.Contract == nil || t.skip(req) {
		return base.RoundTrip(req)
	}
	var reqBody []byte
	out := req
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		closeErr := req.Body.Close()
		if err != nil {
			return nil, err
		}
		if closeErr != nil {
			return nil, closeErr
		}
		reqBody = body
		out = req.Clone(req.Context())
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		out.ContentLength = int64(len(body))
	}
	ex := Exchange{Method: req.Method, URL: req.URL, RequestHeader: req.Header, RequestBody: reqBody}
	start := time.Now()
	resp, err := base.RoundTrip(out)
	if err != nil {
		ex.Duration = time.Since(start)
		op, violations := t.Contract.check(req.Context(), t.OAuth.mapped(ex), false)
		t.observe(ex, op, violations)
		return nil, err
	}
	respBody, readErr := io.ReadAll(resp.Body)
	closeErr := resp.Body.Close()
	ex.Duration = time.Since(start)
	if readErr == nil {
		readErr = closeErr
	}
	if readErr != nil {
		// The body broke off: hand back what arrived followed by the error, and do not judge a
		// truncated body against the contract.
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(respBody), errReader{readErr}))
		op, violations := t.Contract.check(req.Context(), t.OAuth.mapped(ex), false)
		t.observe(ex, op, violations)
		return resp, nil
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	ex.Status = resp.StatusCode
	ex.ResponseHeader = resp.Header
	ex.ResponseBody = respBody
	op, violations := t.Contract.check(req.Context(), t.OAuth.mapped(ex), true)
	t.observe(ex, op, violations)
	return resp, nil
}

// skip reports whether a request is exempt from validation.
func (t *Transport) skip(req *http.Request) bool {
	if req.URL != nil && strings.HasPrefix(req.URL.Path, simControlPrefix) {
		return true
	}
	if t.OAuth.authorizeHop(req) {
		return true
	}
	return t.Skip != nil && t.Skip(req)
}

// observe hands an exchange, its operation and its violations to Observe, if set.
func (t *Transport) observe(ex Exchange, op Operation, violations []Violation) {
	if t.Observe != nil {
		t.Observe(ex, op, violations)
	}
}

// errReader returns its error on every read.
type errReader struct{ err error }

// Read returns the error.
func (r errReader) Read([]byte) (int, error) { return 0, r.err }
