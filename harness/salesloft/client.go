// Package salesloft is a typed client for the SalesLoft REST API v2 endpoints loftgate
// checks: typed records, typed errors (APIError, ValidationError, RateLimitError), the
// rate-limit headers on every response, paging, and bounded retries.
//
// Retries follow API-FACTS: a 401 renews the token once through auth.Invalidator; a 429
// waits for Retry-After or, as SalesLoft documents none, for the next minute boundary of the
// server's clock (the Date header), since the 600-per-minute budget is aligned to the
// minute (§6); a 5xx or a dropped connection is retried with exponential backoff only for
// idempotent methods. All waiting goes through an injectable sleep, so a harness on a
// simulated clock never sleeps for real.
package salesloft

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/loftgate/loftgate/harness/auth"
)

const (
	// DefaultMaxAttempts is how many requests Do sends at most for one call when answers
	// are 429 or 5xx (or the connection drops).
	DefaultMaxAttempts = 3
	// DefaultBackoff is the wait before the first retry after a 5xx; it doubles each time.
	DefaultBackoff = time.Second
	// DefaultUserAgent is the User-Agent header sent unless WithUserAgent says otherwise.
	DefaultUserAgent = "loftgate (+https://github.com/loftgate/loftgate)"
	// maxBody is the largest response body read.
	maxBody = 32 << 20
)

// Client calls one SalesLoft API host. It is safe for concurrent use.
type Client struct {
	base        *url.URL
	hc          *http.Client
	tokens      auth.TokenSource
	sleep       func(ctx context.Context, d time.Duration) error
	maxAttempts int
	backoff     time.Duration
	userAgent   string
}

// Option configures a Client. An Option returns an error when its input is unusable.
type Option func(*Client) error

// WithHTTPClient sets the HTTP client (and so the transport chain: contract checks,
// recorder) used for every request. The default is http.DefaultClient.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("salesloft: WithHTTPClient: the client is nil")
		}
		c.hc = hc
		return nil
	}
}

// WithTokenSource sets where the bearer token comes from (an auth.Source, or
// auth.APIKey). Without one, or with nil, requests carry no Authorization header.
// If the source implements auth.Invalidator, a 401 renews the token and retries once.
func WithTokenSource(ts auth.TokenSource) Option {
	return func(c *Client) error {
		c.tokens = ts
		return nil
	}
}

// WithSleep sets how the client waits between attempts. The default waits on a real
// timer and returns ctx.Err() if ctx ends first; a harness on a simulated clock passes a
// sleeper that advances that clock instead.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) error {
		if sleep == nil {
			return errors.New("salesloft: WithSleep: the function is nil")
		}
		c.sleep = sleep
		return nil
	}
}

// WithMaxAttempts sets how many requests one call may send when answers are 429 or 5xx
// (DefaultMaxAttempts). 1 disables those retries. The single retry after a 401 and a token
// renewal is not counted.
func WithMaxAttempts(n int) Option {
	return func(c *Client) error {
		if n < 1 {
			return fmt.Errorf("salesloft: WithMaxAttempts(%d): need at least 1", n)
		}
		c.maxAttempts = n
		return nil
	}
}

// WithBackoff sets the wait before the first 5xx retry (DefaultBackoff); each further
// retry waits twice as long as the one before.
func WithBackoff(base time.Duration) Option {
	return func(c *Client) error {
		if base < 0 {
			return fmt.Errorf("salesloft: WithBackoff(%s): negative", base)
		}
		c.backoff = base
		return nil
	}
}

// WithUserAgent sets the User-Agent header (DefaultUserAgent).
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		if strings.TrimSpace(ua) == "" || strings.ContainsAny(ua, "\r\n") {
			return fmt.Errorf("salesloft: WithUserAgent(%q): empty or multi-line", ua)
		}
		c.userAgent = ua
		return nil
	}
}

// New returns a client for the API host at baseURL, e.g. "https://api.salesloft.com".
// Paths passed to Do start with /v2/; a base URL may carry a path prefix of its own
// (a proxy's), but not /v2 itself.
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("salesloft: base URL %q is not an absolute http(s) URL; use e.g. https://api.salesloft.com", baseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("salesloft: base URL %q must not carry a query, fragment or user info", u.Redacted())
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	if strings.HasSuffix(u.Path, "/v2") {
		return nil, fmt.Errorf("salesloft: base URL %q ends in /v2; give the host only (paths already start with /v2/)", baseURL)
	}
	c := &Client{
		base:        u,
		hc:          http.DefaultClient,
		sleep:       sleepTimer,
		maxAttempts: DefaultMaxAttempts,
		backoff:     DefaultBackoff,
		userAgent:   DefaultUserAgent,
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("salesloft: nil Option")
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Do sends one API call and decodes the JSON answer (the whole envelope, e.g.
// {"data": ..., "metadata": ...}) into out, if out is not nil. body, if not nil, is sent as
// JSON (a json.RawMessage or []byte is sent as is) and re-sent unchanged on a retry.
//
// The returned Response is non-nil whenever a response arrived, errors included. Errors
// are *APIError, *ValidationError, *RateLimitError, a token error from the token source
// (wrapped), or a transport error (wrapped).
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body, out any) (*Response, error) {
	if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("salesloft: %s %q: path must start with / and carry no query (pass query separately)", method, path)
	}
	payload, err := encodeBody(body)
	if err != nil {
		return nil, fmt.Errorf("salesloft: %s %s: encoding request body: %w", method, path, err)
	}
	u := *c.base
	u.Path = c.base.Path + path
	u.RawQuery = query.Encode()
	target := u.String()

	resp := &Response{Cost: -1, Remaining: -1}
	counted := 0 // attempts that count toward maxAttempts (the 401 renewal retry does not)
	retries := 0 // 5xx and transport retries so far, for the backoff
	for {
		resp.Attempts++
		counted++
		hr, raw, sent, err := c.send(ctx, method, target, payload)
		if err != nil {
			if errors.Is(err, errToken) || ctx.Err() != nil || !idempotent(method) || !transient(err) || counted >= c.maxAttempts {
				return nil, fmt.Errorf("salesloft: %s %s: %w", method, path, err)
			}
			if err := c.wait(ctx, c.backoffAfter(retries)); err != nil {
				return nil, fmt.Errorf("salesloft: %s %s: waiting to retry: %w", method, path, err)
			}
			retries++
			continue
		}
		resp.fill(hr)
		switch {
		case hr.StatusCode == http.StatusUnauthorized && !resp.Refreshed:
			renewed, err := c.renew(ctx, sent)
			if err != nil {
				return resp, fmt.Errorf("%w; renewing the token failed: %w", errorFor(method, path, hr.StatusCode, hr.Header, raw, sent), err)
			}
			if renewed {
				resp.Refreshed = true
				counted--
				continue
			}
		case hr.StatusCode == http.StatusTooManyRequests:
			// A 429 was refused before any work was done, so it is safe to repeat for
			// every method, POST included.
			wait := rateLimitWait(hr.Header)
			// SalesLoft's window is a minute; a longer Retry-After is handed
			// back to the caller rather than waited out.
			if counted >= c.maxAttempts || wait > MaxRateLimitWait {
				return resp, &RateLimitError{Method: method, Path: path, Cost: resp.Cost, Remaining: resp.Remaining, Attempts: resp.Attempts, RetryAfter: wait}
			}
			if err := c.wait(ctx, wait); err != nil {
				return resp, fmt.Errorf("salesloft: %s %s: waiting out the rate limit: %w", method, path, err)
			}
			continue
		case hr.StatusCode >= 500 && idempotent(method) && counted < c.maxAttempts:
			if err := c.wait(ctx, c.backoffAfter(retries)); err != nil {
				return resp, fmt.Errorf("salesloft: %s %s: waiting to retry: %w", method, path, err)
			}
			retries++
			continue
		}
		if hr.StatusCode >= 400 {
			return resp, errorFor(method, path, hr.StatusCode, hr.Header, raw, sent)
		}
		if err := resp.decode(raw, out); err != nil {
			return resp, fmt.Errorf("salesloft: %s %s: decoding response: %w", method, path, err)
		}
		return resp, nil
	}
}

// errToken marks a failure to get a token, which is never retried here.
var errToken = errors.New("getting a token")

// send makes one request and reads the whole answer. sent is the access token used.
func (c *Client) send(ctx context.Context, method, target string, payload []byte) (hr *http.Response, raw []byte, sent string, err error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, nil, "", err
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(payload)), nil }
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if c.tokens != nil {
		tok, err := c.tokens.Token(ctx)
		if err != nil {
			return nil, nil, "", fmt.Errorf("%w: %w", errToken, err)
		}
		sent = tok.AccessToken
		tok.SetAuthHeader(req)
	}
	hr, err = c.hc.Do(req)
	if err != nil {
		// *url.Error repeats the method and full URL (query included); the caller names
		// the operation itself.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, nil, sent, err
	}
	defer hr.Body.Close()
	raw, err = io.ReadAll(io.LimitReader(hr.Body, maxBody+1))
	if err != nil {
		return nil, nil, sent, fmt.Errorf("reading response body: %w", err)
	}
	if len(raw) > maxBody {
		return nil, nil, sent, fmt.Errorf("response body larger than %d bytes", maxBody)
	}
	return hr, raw, sent, nil
}

// renew reports whether a 401 for the token sent is worth one retry: the token source can
// be told (auth.Invalidator) and then gives a different token. An API key, say, gives the
// same one, so there is no retry.
func (c *Client) renew(ctx context.Context, sent string) (bool, error) {
	inv, ok := c.tokens.(auth.Invalidator)
	if !ok {
		return false, nil
	}
	inv.Invalidate(sent)
	tok, err := c.tokens.Token(ctx)
	if err != nil {
		return false, err
	}
	return tok.AccessToken != sent, nil
}

func (c *Client) wait(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return c.sleep(ctx, d)
}

func encodeBody(body any) ([]byte, error) {
	switch b := body.(type) {
	case nil:
		return nil, nil
	case json.RawMessage:
		return b, nil
	case []byte:
		return b, nil
	default:
		return json.Marshal(body)
	}
}
