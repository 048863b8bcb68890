// Package apierrors holds the specs for SalesLoft's error answers and the
// client's reaction to them: 404 for an unknown record (ERR-404), 422 field
// errors (ERR-422-FIELDS), waiting out a spent rate budget (ERR-429-BACKOFF)
// and retrying transient server errors (ERR-5XX-RETRY).
//
// The specs judge what went over the wire — the spec's journal of
// exchanges, their statuses, bodies and Date headers — and the typed errors
// the client returns. Faults are injected on the simulator per operation and
// cleared when the spec ends; on a live target those specs skip.
package apierrors

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/run"
	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/harness/target"
	"github.com/loftgate/loftgate/suites/spec"
)

// getMe calls GET /v2/me. The specs of this package judge the status codes,
// retries and waits, not the record, so the body is not decoded.
func getMe(ctx context.Context, c *salesloft.Client) (*salesloft.Response, error) {
	return c.Do(ctx, http.MethodGet, "/v2/me", nil, nil, nil)
}

// inject switches a simulator fault on for the rest of the spec (skipping on
// live, which has no fault switches) and clears every spec fault when the
// spec ends, even when it fails.
func inject(ctx context.Context, f target.Fault) {
	ctl := spec.Control()
	DeferCleanup(ctl.Clear)
	Expect(ctl.Inject(ctx, f)).To(Succeed(), "inject fault %s on %s", f.Name, f.Operation)
}

// statuses lists the response statuses of exchanges.
func statuses(exs []run.Exchange) []int {
	out := make([]int, len(exs))
	for i, e := range exs {
		out[i] = e.Status
	}
	return out
}

// dateOf is the server's clock when it answered e (its Date header).
func dateOf(e run.Exchange) time.Time {
	d, err := http.ParseTime(e.ResponseHeader.Get("Date"))
	Expect(err).NotTo(HaveOccurred(), "%s %s answered without a usable Date header (%q); the rate window is computed from it",
		e.Method, e.Path, e.ResponseHeader.Get("Date"))
	return d
}

// errorBody decodes an {"error": "..."} body, failing the spec with what
// arrived instead when the body has another shape.
func errorBody(e run.Exchange) string {
	where := fmt.Sprintf("%s %s answered %d", e.Method, e.Path, e.Status)
	ctype := e.ResponseHeader.Get("Content-Type")
	if strings.HasPrefix(ctype, "text/html") {
		Fail(where + " with an HTML page, the answer to an unknown route: the endpoint may have been renamed or removed; SalesLoft answers an unknown record with JSON {\"error\": \"...\"}")
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(e.ResponseBody, &body); err != nil {
		Fail(fmt.Sprintf("%s with a body that is not a JSON object (Content-Type %q): %.200s", where, ctype, e.ResponseBody))
	}
	raw, ok := body["error"]
	Expect(ok).To(BeTrue(), "%s without an \"error\" member: %.200s", where, e.ResponseBody)
	var msg string
	Expect(json.Unmarshal(raw, &msg)).To(Succeed(), "%s: \"error\" is not a string: %s", where, raw)
	Expect(msg).NotTo(BeEmpty(), "%s: \"error\" is empty", where)
	return msg
}

// sleeps records every wait the client asks for and passes it on to the
// run's clock.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

// option makes the client wait through s.
func (s *sleeps) option() salesloft.Option {
	t := spec.Target()
	return salesloft.WithSleep(func(ctx context.Context, d time.Duration) error {
		s.mu.Lock()
		s.waits = append(s.waits, d)
		s.mu.Unlock()
		return t.Sleep(ctx, d)
	})
}

// all returns the waits so far.
func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}
