package run

import (
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/harness/secret"
)

// Exchange is one request and response of the run, as the journal keeps it.
type Exchange struct {
	// Spec is the spec that made the request ("" between specs).
	Spec string
	// Method and Path are the request line (path without query).
	Method, Path string
	// Query is the raw query string.
	Query string
	// Operation is the contract operation ("GET /v2/me"), empty if unknown.
	Operation string
	// Status is the response status.
	Status int
	// RequestHeader and ResponseHeader are the headers as sent and received.
	RequestHeader, ResponseHeader http.Header
	// RequestBody and ResponseBody are the bodies.
	RequestBody, ResponseBody []byte
	// Duration is how long the exchange took.
	Duration time.Duration
	// Violations are the contract rules this exchange broke that its spec
	// did not allow (set when the spec ends).
	Violations []contract.Violation
}

// Cost is the response's x-ratelimit-endpoint-cost, or -1 when absent.
func (e Exchange) Cost() int {
	cost, _ := salesloft.RateHeaders(e.ResponseHeader)
	return cost
}

// Remaining is the response's x-ratelimit-remaining-minute, or -1.
func (e Exchange) Remaining() int {
	_, remaining := salesloft.RateHeaders(e.ResponseHeader)
	return remaining
}

// Outcome is what one spec left behind: its exchanges and every problem
// the harness saw that must fail it, typed.
type Outcome struct {
	// Exchanges are the spec's requests and responses, in order.
	Exchanges []Exchange
	// Violations are contract violations of those exchanges.
	Violations []contract.Violation
	// Misses are requests replay had no recorded answer for.
	Misses []*replay.Miss
}

// allowance is a violation a spec provokes on purpose.
type allowance struct{ direction, rule string }

// journal keeps the run's traffic per spec. It implements target.Observer.
type journal struct {
	coverage contract.Coverage

	mu       sync.Mutex
	spec     string
	cur      *Outcome
	allowed  []allowance
	outcomes map[string]Outcome
	all      []Exchange // every exchange in the order seen, for secret discovery
	// live, when set, learns each exchange's secrets as it is journaled, so
	// that output printed during the run is scrubbed of them.
	live *secret.Set
}

func newJournal() *journal { return &journal{outcomes: map[string]Outcome{}} }

// Spec is the name of the spec running now ("" between specs).
func (j *journal) Spec() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.spec
}

// Exchange journals one exchange for the current spec.
func (j *journal) Exchange(ex contract.Exchange, op contract.Operation, vs []contract.Violation) {
	e := Exchange{
		Method: ex.Method, Path: ex.URL.Path, Query: ex.URL.RawQuery, Operation: op.Key, Status: ex.Status,
		RequestHeader: ex.RequestHeader, ResponseHeader: ex.ResponseHeader,
		RequestBody: ex.RequestBody, ResponseBody: ex.ResponseBody, Duration: ex.Duration,
	}
	if op.Key != "" {
		j.coverage.Add(op.Key)
	}
	if j.live != nil {
		var d secret.Discoverer
		d.Exchange(e.secretExchange())
		d.Learn(j.live)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	e.Spec = j.spec
	j.all = append(j.all, e)
	if j.cur == nil {
		return
	}
	if ex.ResponseHeader.Get(replay.ReplayHeader) == "miss" {
		j.cur.Exchanges = append(j.cur.Exchanges, e)
		return // a miss is not SalesLoft's answer; its shape is not a violation (Miss has it)
	}
	e.Violations = slices.Clone(vs)
	j.cur.Exchanges = append(j.cur.Exchanges, e)
	j.cur.Violations = append(j.cur.Violations, vs...)
}

// Miss journals a request replay had no answer for.
func (j *journal) Miss(m *replay.Miss) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.cur != nil && m.Spec == j.spec {
		j.cur.Misses = append(j.cur.Misses, m)
	}
}

// begin starts collecting for the named spec.
func (j *journal) begin(name string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.spec, j.cur, j.allowed = name, &Outcome{}, nil
}

// end returns what the current spec collected, without the violations it
// allowed, keeps it for outcome, and stops collecting.
func (j *journal) end() Outcome {
	j.mu.Lock()
	defer j.mu.Unlock()
	cur, name := j.cur, j.spec
	j.cur, j.spec = nil, ""
	if cur == nil {
		return Outcome{}
	}
	allowed := func(v contract.Violation) bool { return slices.Contains(j.allowed, allowance{v.Direction, v.Rule}) }
	cur.Violations = slices.DeleteFunc(cur.Violations, allowed)
	for i := range cur.Exchanges {
		cur.Exchanges[i].Violations = slices.DeleteFunc(cur.Exchanges[i].Violations, allowed)
	}
	j.outcomes[name] = *cur
	return *cur
}

// outcome returns what the named spec left behind.
func (j *journal) outcome(spec string) (Outcome, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	out, ok := j.outcomes[spec]
	return out, ok
}

// exchanges returns the current spec's exchanges so far.
func (j *journal) exchanges() []Exchange {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.cur == nil {
		return nil
	}
	return slices.Clone(j.cur.Exchanges)
}

// allow lets the current spec break the contract in one direction and rule.
func (j *journal) allow(direction, rule string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.allowed = append(j.allowed, allowance{direction, rule})
}

// isAllowed reports whether the current spec provokes v on purpose.
func (j *journal) isAllowed(v contract.Violation) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Contains(j.allowed, allowance{v.Direction, v.Rule})
}

// secretExchange is what secret discovery reads of e.
func (e Exchange) secretExchange() secret.Exchange {
	return secret.Exchange{
		Path: e.Path, RawQuery: e.Query,
		RequestHeader: e.RequestHeader, ResponseHeader: e.ResponseHeader,
		RequestBody: e.RequestBody, ResponseBody: e.ResponseBody,
	}
}

// discover learns every secret in the run's traffic, in the order the
// exchanges were made, and numbers their placeholders in that order. On a
// recording run the fixtures have numbered them already (in fixture order)
// and nothing new is found.
func (j *journal) discover(sec *secret.Set) {
	j.mu.Lock()
	all := slices.Clone(j.all)
	j.mu.Unlock()
	var d secret.Discoverer
	for _, e := range all {
		d.Exchange(e.secretExchange())
	}
	d.Commit(sec)
}
