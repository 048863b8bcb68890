package target

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/loftgate/loftgate/harness/salesloft"
)

// TeamBudget is SalesLoft's rate budget: 600 cost per minute per team,
// shared by every integration of the team (API-FACTS §6).
const TeamBudget = 600

// exchangeAllowance is the time a budget wait leaves before a request's
// deadline for the exchange itself.
const exchangeAllowance = 10 * time.Second

// budgetTransport keeps a live run inside its share of the team's rate
// budget, so the conformance run never starves the team's production
// integrations. It remembers the last x-ratelimit-remaining-minute and the
// server's clock (the Date header); before a /v2 request, when less than
// TeamBudget*(1-share) is left in the server's current minute, it waits
// for the next minute boundary of the server's clock, where the window
// starts again (API-FACTS §6: windows aligned to the wall-clock minute).
// A server whose clock does not reach the next minute while the run waits
// for it (a simulator's clock moves only when told to) cannot be paced by
// its clock: after the first such wait the transport stops pacing and says
// so. It is safe for concurrent use.
type budgetTransport struct {
	next http.RoundTripper
	// floor is the remaining budget below which requests wait: what the
	// rest of the team keeps for itself.
	floor int
	// sleep waits for d or until ctx ends; now is the local clock. Both are
	// replaced in tests.
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time
	log   io.Writer

	mu        sync.Mutex
	off       bool // the server's clock does not follow real time: no pacing
	known     bool
	remaining int       // the lowest remaining budget seen in window
	window    time.Time // the server's minute it was seen in
	server    time.Time // the server's clock (Date) at the anchor observation
	local     time.Time // the local clock at the same moment
}

// newBudgetTransport returns a budgetTransport letting a run use share (in
// (0, 1]) of TeamBudget. log receives one line per wait; nil discards.
func newBudgetTransport(next http.RoundTripper, share float64, log io.Writer) *budgetTransport {
	if log == nil {
		log = io.Discard
	}
	return &budgetTransport{
		next:  next,
		floor: budgetFloor(share),
		sleep: sleepCtx,
		now:   time.Now,
		log:   log,
	}
}

// budgetFloor is the remaining budget a run with share leaves to the team:
// TeamBudget*(1-share), rounded up so the run never takes more than its share.
func budgetFloor(share float64) int {
	if share <= 0 || share > 1 {
		share = 1
	}
	// The epsilon keeps float noise (1-0.7 = 0.30000000000000004) from
	// rounding a whole number up.
	return int(math.Ceil(float64(TeamBudget)*(1-share) - 1e-9))
}

// RoundTrip waits, when the run has used its share of the current window,
// for the next window; then sends req and learns the budget left from the
// response.
func (b *budgetTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var waitedOut time.Time // the server's minute this request waited out
	if isAPIPath(req.URL.Path) {
		if wait, left, window := b.wait(); wait > 0 {
			fmt.Fprintf(b.log, "target: rate budget: %d of %d left in this minute, below this run's share; waiting %s for the next minute (budget_share)\n",
				left, TeamBudget, wait.Round(time.Second))
			full := true
			if dl, ok := req.Context().Deadline(); ok {
				// The wait must leave the exchange time to happen before the
				// request's deadline (an http.Client's Timeout counts the
				// wait too): wait what it allows, then send.
				if avail := dl.Sub(b.now()) - exchangeAllowance; wait > avail {
					wait, full = max(avail, 0), false
					fmt.Fprintf(b.log, "target: rate budget: the request's deadline allows only %s of that wait\n", wait.Round(time.Second))
				}
			}
			if err := b.sleep(req.Context(), wait); err != nil {
				return nil, fmt.Errorf("target: waiting for the next rate-limit window: %w", err)
			}
			if full {
				waitedOut = window
			}
		}
	}
	resp, err := b.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if window, ok := b.observe(resp.Header); ok && !waitedOut.IsZero() && !window.After(waitedOut) {
		b.stopPacing()
	}
	return resp, nil
}

// stopPacing switches pacing off for the rest of the run: the server
// answered a request sent after its minute was over with a Date still in
// that minute, so its clock does not follow real time.
func (b *budgetTransport) stopPacing() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.off {
		return
	}
	b.off = true
	fmt.Fprintf(b.log, "target: rate budget: the server's clock did not reach the next minute while this run waited for it (a simulator's clock moves only when told to); no longer pacing this run (set budget_share: 1 for such a server)\n")
}

// isAPIPath reports whether a path is on the API host's /v2 routes, the
// ones the budget counts (the API URL may have a path prefix).
func isAPIPath(p string) bool {
	return strings.Contains(p+"/", "/v2/")
}

// wait returns how long to wait before the next /v2 request (0 for none),
// the budget left that made it wait, and the server's minute it waits out.
func (b *budgetTransport) wait() (time.Duration, int, time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.off || !b.known || b.remaining >= b.floor {
		return 0, b.remaining, b.window
	}
	serverNow := b.server.Add(b.now().Sub(b.local))
	next := b.window.Add(time.Minute)
	if !serverNow.Before(next) {
		return 0, b.remaining, b.window // the window has turned since: a fresh budget
	}
	return next.Sub(serverNow), b.remaining, b.window
}

// observe learns the budget left and the server's clock from a response
// and returns the server's minute it was stamped with (ok is false when the
// response carries no remaining budget). Within one window the lowest
// remaining wins (concurrent responses may arrive out of order); an older
// window's answer teaches nothing.
func (b *budgetTransport) observe(h http.Header) (window time.Time, ok bool) {
	_, remaining := salesloft.RateHeaders(h)
	if remaining < 0 {
		return time.Time{}, false
	}
	local := b.now()
	server := local
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		server = d
	}
	window = server.Truncate(time.Minute)
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case !b.known || window.After(b.window):
		b.known, b.remaining, b.window = true, remaining, window
		b.server, b.local = server, local
	case window.Equal(b.window):
		b.remaining = min(b.remaining, remaining)
		// The server's clock never runs back: keep the anchor that puts it
		// latest (Date has whole seconds, and a clock that does not move,
		// like a simulator's, must not pull the estimate back).
		if server.After(b.server.Add(local.Sub(b.local))) {
			b.server, b.local = server, local
		}
	}
	return window, true
}
