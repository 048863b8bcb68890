package conformance

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/sim"
)

// callEveryOperation sends one plain request for every /v2 operation of the contract to a fresh
// simulator (ids are the seeded id 1, bodies an empty JSON object) and returns the exchanges.
func callEveryOperation(t *testing.T, c *contract.Contract) map[string]contract.Exchange {
	t.Helper()
	out := map[string]contract.Exchange{}
	for _, op := range c.Operations() {
		if !strings.HasPrefix(op.Path, "/v2/") {
			continue
		}
		id := "1"
		switch op.Path {
		case "/v2/steps/{id}":
			id = "101" // steps are numbered cadence id × 100 + n
		case "/v2/webhook_subscriptions/{id}":
			continue // a team starts with no subscription; the walk creates one first
		}
		s, err := sim.New(sim.Options{})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s.Handler())
		st := step{method: op.Method, path: strings.ReplaceAll(op.Path, "{id}", id)}
		if op.Method == "POST" || op.Method == "PUT" {
			st.body = map[string]any{}
		}
		out[op.Key] = send(t, srv.URL, st)
		srv.Close()
	}
	return out
}

// TestEveryOperationIsServed: every /v2 operation of the contract is answered by the simulator
// (no 404 for a seeded id) with an answer the contract accepts: the generic engine serves the
// envelope-depth operations, the resource handlers the rest (a 422 for an empty body is fine).
func TestEveryOperationIsServed(t *testing.T) {
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for key, ex := range callEveryOperation(t, c) {
		n++
		if ex.Status == http.StatusNotFound {
			t.Errorf("%s: the simulator answers 404 for a seeded id: %s", key, ex.ResponseBody)
			continue
		}
		if ex.Status >= 300 && ex.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d: %s", key, ex.Status, ex.ResponseBody)
		}
		for _, v := range c.ValidateResponse(context.Background(), ex) {
			t.Errorf("%s: %s", key, v)
		}
	}
	if n < 100 {
		t.Errorf("only %d /v2 operations walked; the contract has more than 100", n)
	}
}

// TestEveryOperationCatchesABrokenEnvelope: the check above is real: a list answer without its
// metadata, or a record not wrapped in data, is reported.
func TestEveryOperationCatchesABrokenEnvelope(t *testing.T) {
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	exs := callEveryOperation(t, c)
	for key, broken := range map[string]string{
		"GET /v2/imports":          `{"data":[]}`,
		"GET /v2/imports/{id}":     `{"id":1}`,
		"POST /v2/external_emails": `[]`,
	} {
		ex := exs[key]
		ex.ResponseBody = []byte(broken)
		if vs := c.ValidateResponse(context.Background(), ex); len(vs) == 0 {
			t.Errorf("%s answering %s conforms", key, broken)
		}
	}
}
