package target

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/sim"
)

// Control drives the simulator through its /_sim API: faults, the clock,
// webhook deliveries and request counts. On replay the same calls are
// answered from the fixtures; a live target has none.
type Control struct {
	t *Target
}

// Control returns the simulator control, or an error wrapping
// ErrUnsupported on a live target.
func (t *Target) Control() (*Control, error) {
	if t.Kind == config.TargetLive {
		return nil, fmt.Errorf("target: simulator control: %w (live SalesLoft has no fault switches or clock)", ErrUnsupported)
	}
	return &Control{t: t}, nil
}

// Fault is a fault switched on for part of a run.
type Fault struct {
	// Name is the simulator's fault name, e.g. rate_limit.
	Name string `json:"fault"`
	// Operation limits the fault to one operation ("GET /v2/me"); empty is all.
	Operation string `json:"operation,omitempty"`
	// Count limits the fault to that many requests; 0 lasts until cleared.
	Count int `json:"count,omitempty"`
	// Value parameterises the fault (a cost, a field name, seconds).
	Value string `json:"value,omitempty"`
}

// Inject switches a fault on.
func (c *Control) Inject(ctx context.Context, f Fault) error {
	return c.do(ctx, http.MethodPost, sim.ControlPrefix+"faults", f, nil)
}

// Clear switches off every fault injected through Inject; the run-wide
// faults given with --fault stay on.
func (c *Control) Clear(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, sim.ControlPrefix+"faults", nil, nil)
}

// Advance moves the simulator's clock (and the harness's copy) forward by
// d rounded up to whole seconds, the simulator's resolution, so the two
// clocks stay in step and a wait is never cut short.
func (c *Control) Advance(ctx context.Context, d time.Duration) error {
	secs := int64((d + time.Second - 1) / time.Second)
	if err := c.do(ctx, http.MethodPost, sim.ControlPrefix+"clock", map[string]any{"advance_seconds": secs}, nil); err != nil {
		return err
	}
	c.t.clock.advance(time.Duration(secs) * time.Second)
	return nil
}

// Delivery is one webhook delivery the simulator made, with its attempts.
type Delivery struct {
	ID             int               `json:"id"`
	SubscriptionID int               `json:"subscription_id"`
	EventType      string            `json:"event_type"`
	CallbackURL    string            `json:"callback_url"`
	Headers        map[string]string `json:"headers"`
	Body           string            `json:"body"`
	Attempts       []Attempt         `json:"attempts"`
	State          string            `json:"state"`
}

// Attempt is one try of a delivery.
type Attempt struct {
	At     time.Time `json:"at"`
	Status int       `json:"status"`
	Error  string    `json:"error,omitempty"`
}

// Deliveries returns the simulator's delivery log.
func (c *Control) Deliveries(ctx context.Context) ([]Delivery, error) {
	var out struct {
		Data []Delivery `json:"data"`
	}
	err := c.do(ctx, http.MethodGet, sim.ControlPrefix+"deliveries", nil, &out)
	return out.Data, err
}

func (c *Control) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.t.APIURL+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.t.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("target: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("target: %s %s: %d: %s", method, path, resp.StatusCode, bytes.TrimSpace(data))
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}
