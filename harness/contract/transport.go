package contract

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// simControlPrefix starts the paths of the simulator's control API, which are not SalesLoft's and
// are never validated.
const simControlPrefix = "/_sim/"

// DefaultMaxBody is the largest body, in bytes, that Transport validates when MaxBody is zero:
// 10 MiB.
const DefaultMaxBody int64 = 10 << 20

// defaultWorkers bounds the validations a streaming Transport runs at once when Workers is zero.
const defaultWorkers = 4

// Transport is an http.RoundTripper that validates every exchange against a Contract and hands
// the result to Observe. It never fails an HTTP call because of a violation: reporting them is
// Observe's job.
//
// Memory is bounded: a body is held for validation only up to MaxBody bytes. A larger body is
// passed through untouched, that part of the exchange is not validated, and the exchange's
// NotValidated says so.
//
// By default Transport reads each body (up to MaxBody) before passing it on and calls Observe
// before RoundTrip returns. With Stream set, bodies flow through as they are read, a copy of each
// is kept up to MaxBody, and the exchange is validated and observed after the response body is
// closed, off the caller's path; Wait blocks until every such exchange has been observed.
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
	// one) and its violations (nil when it conforms). Without Stream it is called from the
	// goroutine that made the request, before RoundTrip returns; with Stream, from a goroutine
	// of its own after the response body is closed, so it must be safe for concurrent use. The
	// exchange carries credentials (the Authorization header, token request and response
	// bodies): never print or store it unscrubbed.
	Observe func(Exchange, Operation, []Violation)
	// MaxBody is the largest request or response body validated, in bytes; DefaultMaxBody when
	// zero or negative.
	MaxBody int64
	// Stream makes bodies flow through unbuffered and validation run after the response body is
	// closed (see the type's documentation).
	Stream bool
	// Workers bounds how many exchanges a streaming Transport validates at once; when that many
	// are being validated, closing a response body waits for one to finish, which bounds the
	// memory held by bodies waiting to be validated. Four when zero or negative.
	Workers int

	once    sync.Once
	slots   chan struct{}
	pending sync.WaitGroup
	mu      sync.Mutex
	last    chan struct{} // closed when the latest streamed exchange has been observed
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
	if t.Stream {
		return t.roundTripStream(req, base)
	}
	maxBody := t.maxBody()
	ex := Exchange{Method: req.Method, URL: req.URL, RequestHeader: req.Header}
	var notes []string
	requestOK := true
	out := req
	if hasBody(req) {
		if req.ContentLength > maxBody {
			requestOK = false
			notes = append(notes, overNote("request", maxBody))
		} else {
			body, over, err := readUpTo(req.Body, maxBody)
			if err != nil {
				closeQuietly(req.Body)
				return nil, err
			}
			out = req.Clone(req.Context())
			if over {
				// Send what was read, then the rest straight from the caller's body.
				requestOK = false
				notes = append(notes, overNote("request", maxBody))
				out.Body = &joinedBody{Reader: io.MultiReader(bytes.NewReader(body), req.Body), Closer: req.Body}
				out.GetBody = nil
			} else {
				if err := req.Body.Close(); err != nil {
					return nil, err
				}
				ex.RequestBody = body
				out.Body = io.NopCloser(bytes.NewReader(body))
				out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
				out.ContentLength = int64(len(body))
			}
		}
	}
	start := time.Now()
	resp, err := base.RoundTrip(out)
	if err != nil {
		ex.Duration = time.Since(start)
		ex.Err = err
		t.judge(req.Context(), ex, requestOK, false, notes)
		return nil, err
	}
	if resp.ContentLength > maxBody {
		ex.Duration = time.Since(start)
		ex.Status, ex.ResponseHeader = resp.StatusCode, resp.Header
		t.judge(req.Context(), ex, requestOK, false, append(notes, overNote("response", maxBody)))
		return resp, nil
	}
	respBody, over, readErr := readUpTo(resp.Body, maxBody)
	ex.Duration = time.Since(start)
	switch {
	case readErr != nil:
		// The body broke off: hand back what arrived followed by the error, and do not judge a
		// truncated body against the contract.
		closeQuietly(resp.Body)
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(respBody), errReader{readErr}))
		ex.Err = readErr
		t.judge(req.Context(), ex, requestOK, false, notes)
	case over:
		resp.Body = &joinedBody{Reader: io.MultiReader(bytes.NewReader(respBody), resp.Body), Closer: resp.Body}
		ex.Status, ex.ResponseHeader = resp.StatusCode, resp.Header
		t.judge(req.Context(), ex, requestOK, false, append(notes, overNote("response", maxBody)))
	default:
		if err := resp.Body.Close(); err != nil {
			ex.Err = err
			resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(respBody), errReader{err}))
			t.judge(req.Context(), ex, requestOK, false, notes)
			return resp, nil
		}
		resp.Body = io.NopCloser(bytes.NewReader(respBody))
		ex.Status, ex.ResponseHeader, ex.ResponseBody = resp.StatusCode, resp.Header, respBody
		t.judge(req.Context(), ex, requestOK, true, notes)
	}
	return resp, nil
}

// Wait blocks until every exchange a streaming Transport has seen the end of has been validated
// and observed. It returns at once without Stream.
func (t *Transport) Wait() {
	t.pending.Wait()
}

// roundTripStream is RoundTrip with Stream set: both bodies pass through as they are read, a
// copy of each is kept up to the limit, and the exchange is judged once the response body is
// closed.
func (t *Transport) roundTripStream(req *http.Request, base http.RoundTripper) (*http.Response, error) {
	maxBody := t.maxBody()
	ex := Exchange{Method: req.Method, URL: req.URL, RequestHeader: req.Header}
	ctx := context.WithoutCancel(req.Context())
	var reqCopy *capture
	out := req
	if hasBody(req) {
		reqCopy = newCapture(maxBody, req.ContentLength)
		out = req.Clone(req.Context())
		out.Body = &teeBody{body: req.Body, copy: reqCopy}
		out.GetBody = nil // a streamed body cannot be sent twice
	}
	start := time.Now()
	resp, err := base.RoundTrip(out)
	if err != nil {
		ex.Duration = time.Since(start)
		ex.Err = err
		t.later(ctx, ex, reqCopy, nil)
		return nil, err
	}
	if resp.StatusCode == http.StatusSwitchingProtocols {
		// The body is the upgraded connection, which must stay writable: no copy, no body check.
		ex.Duration, ex.Status, ex.ResponseHeader = time.Since(start), resp.StatusCode, resp.Header
		t.later(ctx, ex, reqCopy, nil)
		return resp, nil
	}
	respCopy := newCapture(maxBody, resp.ContentLength)
	ex.Status, ex.ResponseHeader = resp.StatusCode, resp.Header
	resp.Body = &teeBody{body: resp.Body, copy: respCopy, closed: func() {
		ex.Duration = time.Since(start)
		t.later(ctx, ex, reqCopy, respCopy)
	}}
	return resp, nil
}

// later validates a streamed exchange on a goroutine of its own, once a worker slot is free, and
// observes it after every exchange that ended before it: validations overlap, observations keep
// the order in which the exchanges ended.
func (t *Transport) later(ctx context.Context, ex Exchange, reqCopy, respCopy *capture) {
	t.once.Do(func() {
		n := t.Workers
		if n <= 0 {
			n = defaultWorkers
		}
		t.slots = make(chan struct{}, n)
	})
	t.pending.Add(1)
	t.slots <- struct{}{}
	done := make(chan struct{})
	t.mu.Lock()
	prev := t.last
	t.last = done
	t.mu.Unlock()
	go func() {
		defer t.pending.Done()
		defer func() { <-t.slots }()
		defer close(done)
		var notes []string
		body, requestOK, note := reqCopy.result("request")
		ex.RequestBody = body
		if note != "" {
			notes = append(notes, note)
		}
		responseOK := false
		if respCopy != nil {
			if err := respCopy.failure(); err != nil {
				ex.Err, ex.Status = err, 0 // a truncated body is not judged
			} else {
				ex.ResponseBody, responseOK, note = respCopy.result("response")
				if note != "" {
					notes = append(notes, note)
				}
			}
		}
		ex, op, violations := t.validate(ctx, ex, requestOK, responseOK, notes)
		if prev != nil {
			<-prev
		}
		t.observe(ex, op, violations)
	}()
}

// judge validates an exchange and hands the result to Observe.
func (t *Transport) judge(ctx context.Context, ex Exchange, request, response bool, notes []string) {
	t.observe(t.validate(ctx, ex, request, response, notes))
}

// validate checks the parts of an exchange that were received whole and within the limit, and
// notes in the exchange the parts that were not.
func (t *Transport) validate(ctx context.Context, ex Exchange, request, response bool, notes []string) (Exchange, Operation, []Violation) {
	if len(notes) > 0 {
		ex.NotValidated = "not validated: " + strings.Join(notes, "; ")
	}
	c := t.Contract
	vx := t.OAuth.mapped(ex)
	r, params, base, segs := c.resolve(vx)
	if r == nil {
		return ex, Operation{}, []Violation{c.unknown(base, segs)}
	}
	var out []Violation
	if request {
		out = c.validateRequest(ctx, r, params, base, vx)
	}
	if response {
		out = append(out, c.validateResponse(ctx, r, params, base, vx)...)
	}
	return ex, r.op, out
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

// maxBody returns the body limit in force.
func (t *Transport) maxBody() int64 {
	if t.MaxBody <= 0 {
		return DefaultMaxBody
	}
	return t.MaxBody
}

// observe hands an exchange, its operation and its violations to Observe, if set.
func (t *Transport) observe(ex Exchange, op Operation, violations []Violation) {
	if t.Observe != nil {
		t.Observe(ex, op, violations)
	}
}

// hasBody reports whether a request carries a body.
func hasBody(req *http.Request) bool {
	return req.Body != nil && req.Body != http.NoBody
}

// overNote says that a body was too large to validate.
func overNote(part string, maxBody int64) string {
	return fmt.Sprintf("%s body over %d bytes", part, maxBody)
}

// readUpTo reads r until its end or until more than maxBody bytes have arrived; over reports the
// latter, and the bytes read (at most maxBody+1) are returned either way.
func readUpTo(r io.Reader, maxBody int64) (body []byte, over bool, err error) {
	body, err = io.ReadAll(io.LimitReader(r, maxBody+1))
	return body, int64(len(body)) > maxBody, err
}

// closeQuietly closes a body whose read has already failed; that failure is the one reported.
func closeQuietly(c io.Closer) {
	_ = c.Close() // the read error is the one that matters
}

// joinedBody reads from Reader and closes Closer: a buffered prefix followed by the body it came
// from.
type joinedBody struct {
	io.Reader
	io.Closer
}

// errReader returns its error on every read.
type errReader struct{ err error }

// Read returns the error.
func (r errReader) Read([]byte) (int, error) { return 0, r.err }
