package target

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// budgetServer is an API whose answers carry a scripted remaining budget
// and a Date from a server clock that runs with the fake local clock but
// is skewed from it (the server's minute is what counts, not ours).
type budgetServer struct {
	mu        sync.Mutex
	remaining string // x-ratelimit-remaining-minute; "" sends none
	date      bool   // send a Date header
	requests  []string
	clock     *fakeClock
	skew      time.Duration
	frozen    time.Time // when set, the Date of every answer: a clock that only moves when told to
}

func (s *budgetServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r.URL.Path)
	if s.remaining != "" {
		w.Header().Set("X-Ratelimit-Remaining-Minute", s.remaining)
		w.Header().Set("X-Ratelimit-Endpoint-Cost", "1")
	}
	if !s.frozen.IsZero() {
		w.Header().Set("Date", s.frozen.Format(http.TimeFormat))
	} else if s.date {
		w.Header().Set("Date", s.clock.now().Add(s.skew).UTC().Format(http.TimeFormat))
	} else {
		w.Header()["Date"] = nil // net/http adds one unless told not to
	}
	w.WriteHeader(http.StatusOK)
}

func (s *budgetServer) set(remaining int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remaining = strconv.Itoa(remaining)
}

func (s *budgetServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// fakeClock is the local clock of a test; sleeping advances it.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// sleep records d and advances the clock, honouring ctx like sleepCtx.
func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.t = c.t.Add(d)
	return nil
}

func (c *fakeClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// budgetRig is a budget transport in front of a budgetServer, on a fake
// clock whose server side reads hh:mm:45.
type budgetRig struct {
	srv   *budgetServer
	url   string
	clock *fakeClock
	bt    *budgetTransport
	log   *bytes.Buffer
}

func newBudgetRig(t *testing.T, share float64) *budgetRig {
	t.Helper()
	return newBudgetRigAt(t, share, time.Date(2026, 3, 1, 9, 0, 10, 0, time.UTC))
}

// newBudgetRigAt is newBudgetRig with the fake local clock starting at start.
func newBudgetRigAt(t *testing.T, share float64, start time.Time) *budgetRig {
	t.Helper()
	clock := &fakeClock{t: start}
	// The server's clock is skewed from ours: it reads 11:13:45 now.
	srv := &budgetServer{date: true, clock: clock, skew: time.Date(2026, 3, 1, 11, 13, 45, 0, time.UTC).Sub(start)}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	var log bytes.Buffer
	bt := newBudgetTransport(http.DefaultTransport, share, &log)
	bt.sleep, bt.now = clock.sleep, clock.now
	return &budgetRig{srv: srv, url: hs.URL, clock: clock, bt: bt, log: &log}
}

// get sends GET path through the budget transport.
func (r *budgetRig) get(t *testing.T, ctx context.Context, path string) error {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := r.bt.RoundTrip(req)
	if err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp.Body.Close()
}

func TestBudgetFloor(t *testing.T) {
	tests := []struct {
		share float64
		want  int
	}{
		{0.5, 300}, {1, 0}, {0.9, 60}, {0.7, 180}, {0.25, 450}, {0.333, 401},
		{0, 0}, {1.5, 0}, // outside (0, 1]: config rejects them; the transport then waits only on 429s
	}
	for _, tt := range tests {
		if got := budgetFloor(tt.share); got != tt.want {
			t.Errorf("budgetFloor(%v) = %d, want %d", tt.share, got, tt.want)
		}
	}
}

func TestBudgetTransportWaitsForTheServersNextMinute(t *testing.T) {
	tests := []struct {
		name      string
		share     float64
		remaining int
		path      string        // of the second request
		idle      time.Duration // local time passing between the requests
		noDate    bool
		wantWait  time.Duration // 0: no wait
	}{
		{"plenty left", 0.5, 400, "/v2/people", 0, false, 0},
		{"exactly the floor", 0.5, 300, "/v2/people", 0, false, 0},
		{"below the floor", 0.5, 299, "/v2/people", 0, false, 15 * time.Second},
		{"below the floor, .json path", 0.5, 10, "/v2/people.json", 0, false, 15 * time.Second},
		{"time has passed since", 0.5, 299, "/v2/people", 5 * time.Second, false, 10 * time.Second},
		{"the window has turned since", 0.5, 0, "/v2/people", 16 * time.Second, false, 0},
		{"a larger share", 0.9, 61, "/v2/people", 0, false, 0},
		{"a larger share, below", 0.9, 59, "/v2/people", 0, false, 15 * time.Second},
		{"the whole budget", 1, 0, "/v2/people", 0, false, 0},
		{"not an API call", 0.5, 0, "/oauth/token", 0, false, 0},
		{"no Date: the local clock's minute", 0.5, 0, "/v2/people", 0, true, 50 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newBudgetRig(t, tt.share)
			r.srv.date = !tt.noDate
			r.srv.set(tt.remaining)
			ctx := context.Background()
			if err := r.get(t, ctx, "/v2/me"); err != nil {
				t.Fatal(err)
			}
			if s := r.clock.slept(); len(s) != 0 {
				t.Fatalf("the first request waited %v with nothing known", s)
			}
			r.clock.advance(tt.idle)
			if err := r.get(t, ctx, tt.path); err != nil {
				t.Fatal(err)
			}
			if r.srv.count() != 2 {
				t.Fatalf("the server got %d requests, want 2", r.srv.count())
			}
			slept := r.clock.slept()
			if tt.wantWait == 0 {
				if len(slept) != 0 {
					t.Fatalf("waited %v, want no wait", slept)
				}
				return
			}
			if len(slept) != 1 || slept[0] != tt.wantWait {
				t.Fatalf("waited %v, want [%v]", slept, tt.wantWait)
			}
			if !strings.Contains(r.log.String(), "budget_share") {
				t.Errorf("the wait is not logged with what to change: %q", r.log.String())
			}
		})
	}
}

func TestBudgetTransportFreshWindowNeedsNoWait(t *testing.T) {
	r := newBudgetRig(t, 0.5)
	ctx := context.Background()
	r.srv.set(100)
	for i := range 3 {
		if err := r.get(t, ctx, "/v2/people"); err != nil {
			t.Fatal(err)
		}
		// The server's new window gives the budget back.
		r.srv.set(599)
		if got := len(r.clock.slept()); got != min(i, 1) {
			t.Fatalf("after request %d: %d waits, want %d", i+1, got, min(i, 1))
		}
	}
}

// TestBudgetTransportStopsPacingAFrozenClock: a simulator's clock stays
// put while the run waits in real time, so its minute never ends; the
// transport waits once, sees the clock did not move, and stops pacing
// instead of waiting a minute before every request.
func TestBudgetTransportStopsPacingAFrozenClock(t *testing.T) {
	r := newBudgetRig(t, 0.5)
	r.srv.frozen = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.srv.set(10)
	ctx := context.Background()
	for range 5 {
		if err := r.get(t, ctx, "/v2/people"); err != nil {
			t.Fatal(err)
		}
	}
	if slept := r.clock.slept(); len(slept) != 1 || slept[0] != time.Minute {
		t.Fatalf("waited %v, want one wait of a minute", slept)
	}
	if r.srv.count() != 5 {
		t.Fatalf("the server got %d requests, want 5", r.srv.count())
	}
	if !strings.Contains(r.log.String(), "no longer pacing") {
		t.Errorf("stopping is not logged: %q", r.log.String())
	}
}

// TestBudgetTransportStopsPacingAFrozenClockWithDeadlines: when deadlines
// cut the waits short, the waits still add up to the minute on our side
// (the frozen Date does not pull the estimate back), and the first full
// wait shows the clock is frozen.
func TestBudgetTransportStopsPacingAFrozenClockWithDeadlines(t *testing.T) {
	r := newBudgetRigAt(t, 0.5, time.Now().Add(time.Hour)) // deadlines on the fake clock never fire in real time
	r.srv.frozen = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.srv.set(10)
	for range 6 {
		ctx, cancel := context.WithDeadline(context.Background(), r.clock.now().Add(30*time.Second))
		err := r.get(t, ctx, "/v2/people")
		cancel()
		if err != nil {
			t.Fatal(err)
		}
	}
	want := []time.Duration{20 * time.Second, 20 * time.Second, 20 * time.Second}
	if slept := r.clock.slept(); !slices.Equal(slept, want) {
		t.Fatalf("waited %v, want %v", slept, want)
	}
	if !strings.Contains(r.log.String(), "no longer pacing") {
		t.Errorf("stopping is not logged: %q", r.log.String())
	}
}

// TestBudgetTransportKeepsPacingARealClock: a request answered in the new
// minute after a wait does not switch pacing off, however many times the
// budget runs low.
func TestBudgetTransportKeepsPacingARealClock(t *testing.T) {
	r := newBudgetRig(t, 0.5)
	r.srv.set(10)
	ctx := context.Background()
	for range 4 {
		if err := r.get(t, ctx, "/v2/people"); err != nil {
			t.Fatal(err)
		}
	}
	// The first request learns; each later one waits for the next minute.
	slept := r.clock.slept()
	if len(slept) != 3 || slept[0] != 15*time.Second || slept[1] != time.Minute || slept[2] != time.Minute {
		t.Fatalf("waited %v, want [15s 1m0s 1m0s]", slept)
	}
	if strings.Contains(r.log.String(), "no longer pacing") {
		t.Errorf("pacing stopped against a real clock: %q", r.log.String())
	}
}

// TestBudgetTransportLeavesTheExchangeItsDeadline: an http.Client's
// Timeout counts the wait, so a wait never eats the time the exchange
// itself needs; a shortened wait does not count as waiting the minute out.
func TestBudgetTransportLeavesTheExchangeItsDeadline(t *testing.T) {
	tests := []struct {
		name     string
		deadline time.Duration // from the fake now; 0: none
		want     time.Duration
	}{
		{"no deadline", 0, 15 * time.Second},
		{"a roomy deadline", time.Minute, 15 * time.Second},
		{"a tight deadline", 20 * time.Second, 10 * time.Second},
		{"no room at all", 5 * time.Second, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A deadline an hour off in real time, tt.deadline off on the
			// fake clock: it never fires, and the transport reads it right.
			deadline := time.Now().Add(time.Hour)
			r := newBudgetRigAt(t, 0.5, deadline.Add(-tt.deadline))
			r.srv.set(0)
			if err := r.get(t, context.Background(), "/v2/me"); err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithDeadline(ctx, deadline)
				defer cancel()
			}
			if err := r.get(t, ctx, "/v2/me"); err != nil {
				t.Fatal(err)
			}
			slept := r.clock.slept()
			switch {
			case tt.want == 0 && len(slept) == 1 && slept[0] == 0:
			case len(slept) == 1 && slept[0] == tt.want:
			default:
				t.Fatalf("waited %v, want [%v]", slept, tt.want)
			}
		})
	}
}

func TestBudgetTransportHonoursContext(t *testing.T) {
	r := newBudgetRig(t, 0.5)
	r.srv.set(0)
	if err := r.get(t, context.Background(), "/v2/me"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := r.get(t, ctx, "/v2/me")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if r.srv.count() != 1 {
		t.Fatalf("the request was sent although its context ended while waiting")
	}
}

func TestBudgetTransportObserve(t *testing.T) {
	at := func(hms string) http.Header {
		ts, err := time.Parse(time.TimeOnly, hms)
		if err != nil {
			t.Fatal(err)
		}
		d := time.Date(2026, 3, 1, ts.Hour(), ts.Minute(), ts.Second(), 0, time.UTC)
		return http.Header{"Date": {d.Format(http.TimeFormat)}}
	}
	with := func(h http.Header, remaining string) http.Header {
		h.Set("X-Ratelimit-Remaining-Minute", remaining)
		return h
	}
	tests := []struct {
		name    string
		headers []http.Header
		want    int
		known   bool
	}{
		{"none", nil, 0, false},
		{"no header", []http.Header{at("10:00:05")}, 0, false},
		{"not a number", []http.Header{with(at("10:00:05"), "many")}, 0, false},
		{"one", []http.Header{with(at("10:00:05"), "42")}, 42, true},
		{"lowest of a window wins", []http.Header{with(at("10:00:05"), "42"), with(at("10:00:06"), "50")}, 42, true},
		{"a later window replaces", []http.Header{with(at("10:00:59"), "3"), with(at("10:01:00"), "599")}, 599, true},
		{"an older window is ignored", []http.Header{with(at("10:01:00"), "599"), with(at("10:00:59"), "3")}, 599, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bt := newBudgetTransport(http.DefaultTransport, 0.5, nil)
			for _, h := range tt.headers {
				bt.observe(h)
			}
			if bt.known != tt.known || (tt.known && bt.remaining != tt.want) {
				t.Fatalf("known %v remaining %d, want %v %d", bt.known, bt.remaining, tt.known, tt.want)
			}
		})
	}
}

func TestSleepCtxReturnsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleepCtx(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
