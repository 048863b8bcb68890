package target

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"sync"
	"time"

	"github.com/loftgate/loftgate/harness/config"
)

// clock is the harness's copy of the simulator's clock: it starts where the
// simulator starts and moves only when the run sleeps, so token expiry and
// backoff are computed on simulated time and no spec waits in real time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(start time.Time) *clock { return &clock{t: start} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Sleep waits for d: on live in real time, elsewhere by advancing the
// simulator's clock (recorded, so replay advances the same way).
func (t *Target) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if t.Kind == config.TargetLive {
		return sleepCtx(ctx, d)
	}
	ctl, err := t.Control()
	if err != nil {
		return err
	}
	return ctl.Advance(ctx, d)
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b) // crypto/rand.Read never returns an error
	return "lg-" + hex.EncodeToString(b)
}

// reachable checks that a live host answers at all (any HTTP status).
func reachable(ctx context.Context, base string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, base, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// sleepCtx waits for d in real time, or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
