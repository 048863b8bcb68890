package proxy

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
)

// replayInto gives a finished exchange to a Recorder: the Recorder's own
// transport sends the request to a RoundTripper that answers with the
// response (or the error) the upstream gave, so the Recorder captures and
// later scrubs exactly what passed through the proxy. The bodies are the
// copies the proxy kept for validation, within its body limit.
func replayInto(rec *replay.Recorder, ex contract.Exchange) error {
	u := *ex.URL
	req := &http.Request{
		Method: ex.Method, URL: &u, Header: ex.RequestHeader.Clone(), Host: u.Host,
		Body: http.NoBody, ContentLength: int64(len(ex.RequestBody)),
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	if len(ex.RequestBody) > 0 {
		req.Body = io.NopCloser(bytes.NewReader(ex.RequestBody))
	}
	answer := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			return nil, err
		}
		if ex.Err != nil {
			return nil, ex.Err
		}
		return &http.Response{
			StatusCode: ex.Status, Header: ex.ResponseHeader.Clone(), Request: r,
			Body: io.NopCloser(bytes.NewReader(ex.ResponseBody)), ContentLength: int64(len(ex.ResponseBody)),
		}, nil
	})
	resp, err := rec.Transport(answer).RoundTrip(req)
	if err != nil {
		if errors.Is(err, ex.Err) {
			return nil // recorded as a failed exchange
		}
		return err
	}
	return resp.Body.Close()
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f.
func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
