package interop

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/loftgate/loftgate/harness/contract"
)

// simAPIKey is the simulator's well-known legacy API key (not a secret); both
// clients send it as a Bearer token, as SalesLoft accepts API keys.
const simAPIKey = "ak_sim_0000000000000000"

// clients are the published clients the suite drives (pinned in package.json).
var clients = []string{"salesloft", "opensdks"}

// call is one operation a client made, as js/run.mjs reports it.
type call struct {
	Client string          `json:"client"`
	Step   string          `json:"step"`
	Method string          `json:"method"`
	Path   string          `json:"path"`
	Status int             `json:"status"`
	Body   json.RawMessage `json:"body"`
	Error  string          `json:"error"`
}

// runClient drives one client through every operation it supports against base.
func runClient(t *testing.T, client, base string) []call {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out := node(ctx, t, "js/run.mjs", client, base, simAPIKey)
	var calls []call
	for i, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var c call
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatalf("interop: %s output line %d is not JSON (%v): %s", client, i+1, err, line)
		}
		if c.Status == 0 {
			t.Errorf("interop: %s %s got no HTTP answer: %s", client, c.Step, c.Error)
		}
		calls = append(calls, c)
	}
	if len(calls) == 0 {
		t.Fatalf("interop: %s made no calls", client)
	}
	return calls
}

// operation is the contract operation a call matched, "" when the contract
// does not model it.
func operation(c *contract.Contract, cl call) string {
	op, _, ok := c.Match(cl.Method, cl.Path)
	if !ok {
		return ""
	}
	return op.Key
}

// answer is what a client saw of one call: status and decoded body. Bodies
// are compared as JSON values, so key order and spacing do not matter.
func answer(cl call) string {
	var v any
	if len(cl.Body) > 0 && json.Unmarshal(cl.Body, &v) == nil {
		if s, ok := v.(string); ok && strings.Contains(s, "<html") {
			v = "(html page)" // a 404 page: compared by status only
		}
		b, _ := json.Marshal(v)
		return fmt.Sprintf("%d %s", cl.Status, b)
	}
	return fmt.Sprintf("%d", cl.Status)
}

// sameAnswers reports every call whose answer differs between two runs of
// the same client, which must have made the same calls in the same order.
func sameAnswers(want, got []call) []string {
	var diffs []string
	if len(want) != len(got) {
		diffs = append(diffs, fmt.Sprintf("%d calls, want %d", len(got), len(want)))
	}
	for i := range min(len(want), len(got)) {
		w, g := want[i], got[i]
		if w.Step != g.Step || w.Method != g.Method || w.Path != g.Path {
			diffs = append(diffs, fmt.Sprintf("call %d is %s %s %s, want %s %s %s", i+1, g.Step, g.Method, g.Path, w.Step, w.Method, w.Path))
			continue
		}
		if wa, ga := answer(w), answer(g); !reflect.DeepEqual(wa, ga) {
			diffs = append(diffs, fmt.Sprintf("%s %s (%s): got %s, want %s", g.Method, g.Path, g.Step, clip(ga), clip(wa)))
		}
	}
	return diffs
}

// clip shortens an answer for a failure message.
func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}
