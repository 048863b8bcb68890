package sim

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func remaining(t *testing.T, r resp) int {
	t.Helper()
	n, err := strconv.Atoi(r.header.Get(headerRemaining))
	if err != nil {
		t.Fatalf("%s = %q: %v", headerRemaining, r.header.Get(headerRemaining), err)
	}
	return n
}

func TestDeepPageCosts(t *testing.T) {
	tests := []struct{ page, cost int }{
		{1, 1}, {100, 1}, {101, 3}, {150, 3}, {151, 8}, {250, 8}, {251, 10}, {500, 10}, {501, 30}, {5000, 30},
	}
	for _, tc := range tests {
		t.Run(strconv.Itoa(tc.page), func(t *testing.T) {
			h := newHarness(t, Options{})
			r := h.api("GET", "/v2/people?page="+strconv.Itoa(tc.page), nil)
			if r.status != http.StatusOK || r.header.Get(headerCost) != strconv.Itoa(tc.cost) {
				t.Fatalf("status %d cost %q, want cost %d", r.status, r.header.Get(headerCost), tc.cost)
			}
			if got := remaining(t, r); got != DefaultBudget-tc.cost {
				t.Fatalf("remaining %d, want %d", got, DefaultBudget-tc.cost)
			}
		})
	}
}

func TestBudgetExhaustionAndReset(t *testing.T) {
	h := newHarness(t, Options{Budget: 3})
	for want := 2; want >= 0; want-- {
		r := h.api("GET", "/v2/me", nil)
		if r.status != http.StatusOK || remaining(t, r) != want {
			t.Fatalf("status %d remaining %d, want 200 and %d", r.status, remaining(t, r), want)
		}
	}
	r := h.api("GET", "/v2/me", nil)
	wantError(t, r, http.StatusTooManyRequests, msgRateLimited)
	if remaining(t, r) != 0 || r.header.Get(headerCost) != "1" || r.header.Get("Retry-After") != "" {
		t.Fatalf("429 headers %v", r.header)
	}
	h.sim.Advance(60 * time.Second)
	if r := h.api("GET", "/v2/me", nil); r.status != http.StatusOK || remaining(t, r) != 2 {
		t.Fatalf("after a minute: %d remaining %d", r.status, remaining(t, r))
	}
}

func TestWindowAlignedToClockMinute(t *testing.T) {
	h := newHarness(t, Options{Budget: 1, Start: DefaultStart.Add(50 * time.Second)})
	h.api("GET", "/v2/me", nil)
	if r := h.api("GET", "/v2/me", nil); r.status != http.StatusTooManyRequests {
		t.Fatalf("second call: %d, want 429", r.status)
	}
	h.sim.Advance(10 * time.Second) // 00:01:00, a new minute
	if r := h.api("GET", "/v2/me", nil); r.status != http.StatusOK {
		t.Fatalf("new minute: %d", r.status)
	}
}

func TestChargedOnlyWhenAffordable(t *testing.T) {
	h := newHarness(t, Options{Budget: 5})
	if r := h.api("GET", "/v2/people?page=101", nil); remaining(t, r) != 2 {
		t.Fatalf("remaining %d after a cost-3 page", remaining(t, r))
	}
	r := h.api("GET", "/v2/people?page=101", nil)
	if r.status != http.StatusTooManyRequests || remaining(t, r) != 2 {
		t.Fatalf("unaffordable page: %d remaining %d, want 429 and nothing charged", r.status, remaining(t, r))
	}
	if r := h.api("GET", "/v2/me", nil); r.status != http.StatusOK || remaining(t, r) != 1 {
		t.Fatalf("cheap call: %d remaining %d", r.status, remaining(t, r))
	}
	if r := h.do("GET", "/v2/me", nil); r.status != http.StatusUnauthorized || remaining(t, r) != 1 {
		t.Fatalf("unauthenticated call charged: remaining %d", remaining(t, r))
	}
}

func TestDateHeaderFollowsClock(t *testing.T) {
	h := newHarness(t, Options{})
	for _, path := range []string{"/v2/me", "/oauth/token", "/_sim/clock"} {
		if got := h.api("GET", path, nil).header.Get("Date"); got != "Thu, 01 Jan 2026 00:00:00 GMT" {
			t.Errorf("%s Date = %q", path, got)
		}
	}
	h.sim.Advance(90 * time.Second)
	if got := h.api("GET", "/v2/me", nil).header.Get("Date"); got != "Thu, 01 Jan 2026 00:01:30 GMT" {
		t.Errorf("Date after advance = %q", got)
	}
}
