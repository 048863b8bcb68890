package salesloft

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loftgate/loftgate/harness/auth"
)

// sequence answers each request with the next status in statuses (the last one repeats).
func sequence(t *testing.T, statuses ...int) (http.HandlerFunc, *atomic.Int64) {
	var n atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) {
		i := min(int(n.Add(1))-1, len(statuses)-1)
		switch st := statuses[i]; st {
		case 200:
			reply(t, w, 200, `{"data":{"id":1}}`)
		case 429:
			w.Header().Set("Date", "Thu, 01 Jan 2026 00:00:45 GMT")
			w.Header().Set("x-ratelimit-endpoint-cost", "1")
			w.Header().Set("x-ratelimit-remaining-minute", "0")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(429)
			if _, err := w.Write([]byte(`{"error":"rate limit exceeded"}`)); err != nil {
				t.Error(err)
			}
		default:
			reply(t, w, st, `{"error":"boom"}`)
		}
	}, &n
}

func TestUnauthorizedRenewsOnce(t *testing.T) {
	tests := []struct {
		name          string
		tokens        auth.TokenSource
		accept        string // the only token the server accepts
		wantErr       error
		wantRequests  int
		wantRefreshed bool
	}{
		{name: "renewed token is accepted", tokens: &fakeTokens{tokens: []string{"t1", "t2"}}, accept: "t2", wantRequests: 2, wantRefreshed: true},
		{name: "second 401 is returned, no loop", tokens: &fakeTokens{tokens: []string{"t1", "t2", "t3"}}, accept: "never", wantErr: ErrUnauthorized, wantRequests: 2, wantRefreshed: true},
		{name: "source that cannot renew: one request", tokens: staticTokens("t1"), accept: "never", wantErr: ErrUnauthorized, wantRequests: 1},
		{name: "API key: same key after Invalidate, no retry", tokens: auth.APIKey("ak_1"), accept: "never", wantErr: ErrUnauthorized, wantRequests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Authorization") != "Bearer "+tt.accept {
					reply(t, w, 401, `{"error":"Unauthorized"}`)
					return
				}
				reply(t, w, 200, `{"data":{"id":1}}`)
			})
			sl := &sleeps{}
			resp, err := s.client(sl, WithTokenSource(tt.tokens)).Do(context.Background(), http.MethodGet, "/v2/me", nil, nil, nil)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if n := len(s.requests()); n != tt.wantRequests {
				t.Errorf("requests = %d, want %d", n, tt.wantRequests)
			}
			if resp.Refreshed != tt.wantRefreshed || resp.Attempts != tt.wantRequests {
				t.Errorf("Refreshed, Attempts = %v, %d; want %v, %d", resp.Refreshed, resp.Attempts, tt.wantRefreshed, tt.wantRequests)
			}
			if ft, ok := tt.tokens.(*fakeTokens); ok && len(ft.invalidated) != 1 {
				t.Errorf("Invalidate calls = %v, want exactly one", ft.invalidated)
			}
			if len(sl.got()) != 0 {
				t.Errorf("slept %v on a 401", sl.got())
			}
		})
	}
}

// TestUnauthorizedWithAuthSource runs the 401 path against a real auth.Source and a fake
// token endpoint: the rejected token is refreshed once and the call retried.
func TestUnauthorizedWithAuthSource(t *testing.T) {
	var tokenCalls atomic.Int64
	accounts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := tokenCalls.Add(1)
		reply(t, w, 200, fmt.Sprintf(`{"access_token":"fresh-%d","token_type":"Bearer","expires_in":7200,"refresh_token":"rt-%d"}`, n, n))
	}))
	t.Cleanup(accounts.Close)
	src, err := auth.NewSource(&auth.Config{ClientID: "c", ClientSecret: "s", TokenURL: accounts.URL + "/oauth/token"},
		&auth.Token{AccessToken: "revoked", RefreshToken: "rt-0", Expiry: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer revoked" {
			reply(t, w, 401, `{"error":"Unauthorized"}`)
			return
		}
		reply(t, w, 200, `{"data":{"id":1,"name":"Sim User"}}`)
	})
	me, resp, err := s.client(&sleeps{}, WithTokenSource(src)).Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if me.Name != "Sim User" || !resp.Refreshed || tokenCalls.Load() != 1 {
		t.Errorf("me = %+v, Refreshed = %v, token calls = %d", me, resp.Refreshed, tokenCalls.Load())
	}
}

func TestRateLimitWait(t *testing.T) {
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{name: "Date at :45 waits 15s", header: map[string]string{"Date": "Thu, 01 Jan 2026 00:00:45 GMT"}, want: 15 * time.Second},
		{name: "Date at :00 waits a full minute", header: map[string]string{"Date": "Thu, 01 Jan 2026 00:01:00 GMT"}, want: 60 * time.Second},
		{name: "Date at :59 waits 1s", header: map[string]string{"Date": "Thu, 01 Jan 2026 00:01:59 GMT"}, want: time.Second},
		{name: "no Date waits 60s", header: map[string]string{}, want: time.Minute},
		{name: "Retry-After seconds wins", header: map[string]string{"Date": "Thu, 01 Jan 2026 00:00:45 GMT", "Retry-After": "7"}, want: 7 * time.Second},
		{name: "Retry-After date, relative to Date", header: map[string]string{"Date": "Thu, 01 Jan 2026 00:00:10 GMT", "Retry-After": "Thu, 01 Jan 2026 00:00:40 GMT"}, want: 30 * time.Second},
		{name: "Retry-After in the past", header: map[string]string{"Date": "Thu, 01 Jan 2026 00:00:10 GMT", "Retry-After": "Thu, 01 Jan 2026 00:00:05 GMT"}, want: 0},
		{name: "unparsable Retry-After falls back to Date", header: map[string]string{"Date": "Thu, 01 Jan 2026 00:00:50 GMT", "Retry-After": "soon"}, want: 10 * time.Second},
		{name: "negative Retry-After falls back to Date", header: map[string]string{"Date": "Thu, 01 Jan 2026 00:00:50 GMT", "Retry-After": "-5"}, want: 10 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			if got := rateLimitWait(h); got != tt.want {
				t.Errorf("wait = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRateLimitRetries(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		statuses   []int
		opts       []Option
		wantErr    bool
		wantSleeps []time.Duration
		wantSent   int
	}{
		{name: "429 then 200", method: "GET", statuses: []int{429, 200}, wantSleeps: []time.Duration{15 * time.Second}, wantSent: 2},
		{name: "POST is retried after 429 (nothing was done)", method: "POST", statuses: []int{429, 429, 200}, wantSleeps: []time.Duration{15 * time.Second, 15 * time.Second}, wantSent: 3},
		{name: "bounded: 3 attempts then RateLimitError", method: "GET", statuses: []int{429}, wantErr: true, wantSleeps: []time.Duration{15 * time.Second, 15 * time.Second}, wantSent: 3},
		{name: "max attempts 1: no wait", method: "GET", statuses: []int{429}, opts: []Option{WithMaxAttempts(1)}, wantErr: true, wantSent: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, n := sequence(t, tt.statuses...)
			s := newServer(t, h)
			sl := &sleeps{}
			resp, err := s.client(sl, tt.opts...).Do(context.Background(), tt.method, "/v2/people", nil, map[string]int{"x": 1}, nil)
			if got := int(n.Load()); got != tt.wantSent {
				t.Errorf("requests = %d, want %d", got, tt.wantSent)
			}
			if !slices.Equal(sl.got(), tt.wantSleeps) {
				t.Errorf("sleeps = %v, want %v", sl.got(), tt.wantSleeps)
			}
			if !tt.wantErr {
				if err != nil || resp.Attempts != tt.wantSent {
					t.Fatalf("err = %v, attempts = %d", err, resp.Attempts)
				}
				return
			}
			var rl *RateLimitError
			if !errors.As(err, &rl) || !errors.Is(err, ErrRateLimited) {
				t.Fatalf("err = %v, want *RateLimitError", err)
			}
			want := RateLimitError{Method: tt.method, Path: "/v2/people", Cost: 1, Remaining: 0, Attempts: tt.wantSent, RetryAfter: 15 * time.Second}
			if *rl != want {
				t.Errorf("err = %+v, want %+v", *rl, want)
			}
			if !strings.Contains(err.Error(), "429 rate limited after") || !strings.Contains(err.Error(), "retry in 15s") {
				t.Errorf("message = %q", err)
			}
			if resp == nil || resp.Status != 429 {
				t.Errorf("resp = %+v", resp)
			}
		})
	}
}

func TestServerErrorRetries(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		statuses   []int
		opts       []Option
		wantErr    error
		wantSleeps []time.Duration
		wantSent   int
	}{
		{name: "GET 500,500,200 backs off 1s,2s", method: "GET", statuses: []int{500, 500, 200}, wantSleeps: []time.Duration{time.Second, 2 * time.Second}, wantSent: 3},
		{name: "GET 500 three times gives up", method: "GET", statuses: []int{500}, wantErr: ErrServer, wantSleeps: []time.Duration{time.Second, 2 * time.Second}, wantSent: 3},
		{name: "PUT 502 retried", method: "PUT", statuses: []int{502, 200}, wantSleeps: []time.Duration{time.Second}, wantSent: 2},
		{name: "DELETE 503 retried", method: "DELETE", statuses: []int{503, 200}, wantSleeps: []time.Duration{time.Second}, wantSent: 2},
		{name: "POST never retried", method: "POST", statuses: []int{500, 200}, wantErr: ErrServer, wantSent: 1},
		{name: "custom backoff and attempts", method: "GET", statuses: []int{500}, opts: []Option{WithBackoff(100 * time.Millisecond), WithMaxAttempts(4)}, wantErr: ErrServer,
			wantSleeps: []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}, wantSent: 4},
		{name: "4xx is not retried", method: "GET", statuses: []int{404, 200}, wantErr: ErrNotFound, wantSent: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, n := sequence(t, tt.statuses...)
			s := newServer(t, h)
			sl := &sleeps{}
			resp, err := s.client(sl, tt.opts...).Do(context.Background(), tt.method, "/v2/people/1", nil, map[string]string{"title": "CTO"}, nil)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got := int(n.Load()); got != tt.wantSent {
				t.Errorf("requests = %d, want %d", got, tt.wantSent)
			}
			if resp.Attempts != tt.wantSent {
				t.Errorf("Attempts = %d, want %d", resp.Attempts, tt.wantSent)
			}
			if !slices.Equal(sl.got(), tt.wantSleeps) {
				t.Errorf("sleeps = %v, want %v", sl.got(), tt.wantSleeps)
			}
			for i, r := range s.requests() {
				if r.Body != `{"title":"CTO"}` {
					t.Errorf("request %d body = %q: not re-sent unchanged", i+1, r.Body)
				}
			}
		})
	}
}

// resetServer drops the connection without an answer for the first drops requests.
func resetServer(t *testing.T, drops int) (*server, *atomic.Int64) {
	var n atomic.Int64
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if int(n.Add(1)) <= drops {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			if err := conn.Close(); err != nil {
				t.Error(err)
			}
			return
		}
		reply(t, w, 200, `{"data":{"id":1}}`)
	})
	return s, &n
}

func TestDroppedConnection(t *testing.T) {
	// Keep-alives off: net/http would otherwise replay an idempotent request on a reused
	// connection by itself, hiding what the client does.
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	tests := []struct {
		name     string
		method   string
		drops    int
		wantErr  bool
		wantSent int
	}{
		{name: "GET retried after a reset", method: "GET", drops: 1, wantSent: 2},
		{name: "GET gives up after max attempts", method: "GET", drops: 5, wantErr: true, wantSent: 3},
		{name: "POST not retried", method: "POST", drops: 1, wantErr: true, wantSent: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, n := resetServer(t, tt.drops)
			sl := &sleeps{}
			_, err := s.client(sl, WithHTTPClient(hc)).Do(context.Background(), tt.method, "/v2/people", nil, nil, nil)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "salesloft: "+tt.method+" /v2/people: ") {
				t.Errorf("message = %q", err)
			}
			if got := int(n.Load()); got != tt.wantSent {
				t.Errorf("requests = %d, want %d", got, tt.wantSent)
			}
		})
	}
}

func TestSleepErrorStopsRetries(t *testing.T) {
	h, n := sequence(t, 500)
	s := newServer(t, h)
	ctx, cancel := context.WithCancel(context.Background())
	stop := func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	c, err := New(s.srv.URL, WithSleep(stop))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(ctx, http.MethodGet, "/v2/me", nil, nil, nil)
	if !errors.Is(err, context.Canceled) || n.Load() != 1 {
		t.Fatalf("err = %v after %d requests; want context.Canceled after 1", err, n.Load())
	}
}

func TestDefaultSleepHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleepTimer(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("sleepTimer = %v, want context.Canceled", err)
	}
	if err := sleepTimer(context.Background(), 0); err != nil {
		t.Fatalf("sleepTimer(0) = %v", err)
	}
}

// revokedSource fails to renew, as an auth.Source does when the refresh token was revoked.
type revokedSource struct{ invalidated bool }

func (r *revokedSource) Token(context.Context) (*auth.Token, error) {
	if r.invalidated {
		return nil, auth.ErrInvalidGrant
	}
	return &auth.Token{AccessToken: "t1"}, nil
}

func (r *revokedSource) Invalidate(string) { r.invalidated = true }

func TestUnauthorizedRenewalFailureIsReported(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { reply(t, w, 401, `{"error":"Unauthorized"}`) })
	resp, err := s.client(&sleeps{}, WithTokenSource(&revokedSource{})).Do(context.Background(), http.MethodGet, "/v2/me", nil, nil, nil)
	if !errors.Is(err, ErrUnauthorized) || !errors.Is(err, auth.ErrInvalidGrant) {
		t.Fatalf("err = %v, want both the 401 and the renewal error", err)
	}
	if !strings.HasPrefix(err.Error(), "salesloft: GET /v2/me: 401 unauthorized: Unauthorized; renewing the token failed: ") {
		t.Errorf("message = %q", err)
	}
	if len(s.requests()) != 1 || resp.Status != 401 {
		t.Errorf("requests = %d, status = %d", len(s.requests()), resp.Status)
	}
}

func TestHugeRetryAfterIsReturnedNotWaited(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "99999999999")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	var waited []time.Duration
	c, err := New(srv.URL, WithSleep(func(ctx context.Context, d time.Duration) error { waited = append(waited, d); return nil }))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(context.Background(), http.MethodGet, "/v2/me", nil, nil, nil)
	var rl *RateLimitError
	if !errors.As(err, &rl) || len(waited) != 0 {
		t.Fatalf("err %v, waits %v: want a RateLimitError without waiting", err, waited)
	}
}
