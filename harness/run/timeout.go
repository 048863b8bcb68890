package run

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/loftgate/loftgate/harness/contract"
)

// Default bounds of a run. With them no fault (the simulator's slow=120000,
// a server that never answers) can hang a run: a node is cut off after
// DefaultSpecTimeout, and the whole run after DefaultTimeout.
const (
	// DefaultTimeout bounds a whole run (WithTimeout).
	DefaultTimeout = 30 * time.Minute
	// DefaultSpecTimeout bounds each node of a spec: its setup, its body and
	// each of its cleanups (WithSpecTimeout). A live run's rate budget can
	// make a spec wait for the next minute's window, so it is well above a
	// minute.
	DefaultSpecTimeout = 3 * time.Minute
	// gracePeriod is how long Ginkgo waits for a node it has timed out or
	// interrupted to return before it moves on without it.
	gracePeriod = 10 * time.Second
)

// WithTimeout bounds the whole run: when d has passed, the running spec is
// stopped, no further spec starts, and the verdict is fail. Zero means
// DefaultTimeout.
func WithTimeout(d time.Duration) Option {
	return func(s *settings) error {
		if d < 0 {
			return fmt.Errorf("--timeout %s: give a positive duration such as 30m", d)
		}
		s.timeout = d
		return nil
	}
}

// WithSpecTimeout bounds each node of every spec (its setup, its body and
// each of its cleanups): after d the node's context is cancelled, so its
// HTTP calls end, and the spec fails naming the calls still unanswered.
// Zero means DefaultSpecTimeout.
func WithSpecTimeout(d time.Duration) Option {
	return func(s *settings) error {
		if d < 0 {
			return fmt.Errorf("--spec-timeout %s: give a positive duration such as 2m", d)
		}
		s.specTimeout = d
		return nil
	}
}

// SpecTimeoutError is the cause of a node's context when the node ran
// longer than the spec bound.
type SpecTimeoutError struct {
	// After is the bound.
	After time.Duration
}

// Error says which bound was hit.
func (e *SpecTimeoutError) Error() string {
	return fmt.Sprintf("run: spec timed out after %s (--spec-timeout)", e.After)
}

// flight is one request sent and not yet answered.
type flight struct {
	operation string
	started   time.Time
}

// stall is what a node was waiting for when its time ran out.
type stall struct {
	cause   error
	pending []flight
	at      time.Time
}

// watchdog bounds each node, tracks the requests in flight and remembers,
// per spec, what a node that ran out of time was waiting for.
type watchdog struct {
	bound    time.Duration
	contract *contract.Contract

	mu      sync.Mutex
	flights map[*http.Request]flight
	stalls  map[string][]stall
}

func newWatchdog(bound time.Duration, c *contract.Contract) *watchdog {
	return &watchdog{bound: bound, contract: c, flights: map[*http.Request]flight{}, stalls: map[string][]stall{}}
}

// aroundNode is the suite-wide ginkgo.AroundNode: it gives every node a
// context that ends after the bound, and records what the node was waiting
// for when its context ends early for any reason but its own return (the
// bound, Ginkgo's run timeout, an interrupt).
func (w *watchdog) aroundNode() types.AroundNodeDecorator {
	return ginkgo.AroundNode(func(ctx context.Context, body func(context.Context)) {
		spec := SpecID(ginkgo.CurrentSpecReport())
		ctx, cancel := context.WithTimeoutCause(ctx, w.bound, &SpecTimeoutError{After: w.bound})
		defer cancel()
		// Stopped before cancel runs, so a node that returns on its own
		// records nothing.
		stop := context.AfterFunc(ctx, func() { w.stalled(spec, context.Cause(ctx)) })
		defer stop()
		body(ctx)
	})
}

// stalled records the requests in flight when a node of spec had its
// context ended early. Specs run one at a time, so they are the spec's.
func (w *watchdog) stalled(spec string, cause error) {
	if cause == nil || cause == context.Canceled {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	st := stall{cause: cause, at: time.Now()}
	for _, f := range w.flights {
		st.pending = append(st.pending, f)
	}
	slices.SortFunc(st.pending, func(a, b flight) int { return a.started.Compare(b.started) })
	w.stalls[spec] = append(w.stalls[spec], st)
}

// reason explains why spec ran out of time and what it was waiting for, or
// returns "" when it did not.
func (w *watchdog) reason(spec string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var lines []string
	for _, st := range w.stalls[spec] {
		var what string
		var te *SpecTimeoutError
		switch {
		case errors.As(st.cause, &te):
			what = fmt.Sprintf("timed out: the spec ran longer than its bound of %s (--spec-timeout)", te.After)
		case strings.Contains(st.cause.Error(), "suite timeout"):
			what = "timed out: the run reached its --timeout"
		default:
			what = "stopped: " + st.cause.Error()
		}
		if len(st.pending) == 0 {
			lines = append(lines, what+"; no request was in flight")
			continue
		}
		var ops []string
		for _, f := range st.pending {
			ops = append(ops, fmt.Sprintf("%s (no answer after %s)", f.operation, st.at.Sub(f.started).Round(100*time.Millisecond)))
		}
		lines = append(lines, what+"; waiting for "+strings.Join(ops, ", "))
	}
	return strings.Join(lines, "\n")
}

// transport wraps next so that the watchdog knows the requests in flight.
func (w *watchdog) transport(next http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		op := req.Method + " " + req.URL.Path
		if w.contract != nil {
			if o, _, ok := w.contract.Match(req.Method, req.URL.Path); ok {
				op = o.Key
			}
		}
		w.mu.Lock()
		w.flights[req] = flight{operation: op, started: time.Now()}
		w.mu.Unlock()
		defer func() {
			w.mu.Lock()
			delete(w.flights, req)
			w.mu.Unlock()
		}()
		return next.RoundTrip(req)
	})
}

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f.
func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }
