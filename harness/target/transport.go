package target

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/loftgate/loftgate/harness/salesloft"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/secret"
)

// SpecHeader carries the current spec's name to the replay server, which
// answers from that spec's recorded interactions only.
const SpecHeader = "X-Loftgate-Spec"

// Exchange is one request and response of the run, as the journal keeps it.
type Exchange struct {
	// Spec is the spec that made the request.
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

// specState is what one spec accumulated.
type specState struct {
	exchanges  []Exchange
	violations []contract.Violation
	misses     []string
}

// Outcome is what a spec left behind: its exchanges and every problem the
// harness saw that must fail it.
type Outcome struct {
	// Exchanges are the spec's requests and responses, in order.
	Exchanges []Exchange
	// Violations are contract violations of those exchanges.
	Violations []contract.Violation
	// Misses are requests replay had no recorded answer for.
	Misses []string
}

// BeginSpec starts collecting for the named spec.
func (t *Target) BeginSpec(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.spec = name
	t.state = &specState{}
	if t.replay != nil {
		// A repeated or retried spec gets its recorded answers from the start.
		t.replay.ResetSpec(name)
	}
}

// EndSpec returns what the current spec collected, keeps it for Outcome,
// and stops collecting.
func (t *Target) EndSpec() Outcome {
	t.mu.Lock()
	defer t.mu.Unlock()
	s, name := t.state, t.spec
	t.state, t.spec = nil, ""
	if s == nil {
		return Outcome{}
	}
	out := Outcome{Exchanges: s.exchanges, Violations: s.violations, Misses: s.misses}
	if t.outcomes == nil {
		t.outcomes = map[string]Outcome{}
	}
	t.outcomes[name] = out
	return out
}

// Outcome returns what the named spec left behind, for the report. The
// exchanges stay in the target, not in Ginkgo's report, so no unscrubbed
// body reaches a JUnit file.
func (t *Target) Outcome(spec string) (Outcome, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	out, ok := t.outcomes[spec]
	return out, ok
}

// Spec is the name of the spec running now ("" between specs).
func (t *Target) Spec() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.spec
}

// Exchanges returns the current spec's exchanges so far.
func (t *Target) Exchanges() []Exchange {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state == nil {
		return nil
	}
	return append([]Exchange(nil), t.state.exchanges...)
}

// transport builds the chain: rate budget (live only) -> spec tracking ->
// contract validation -> recorder (record mode) -> network. The budget
// comes first so that its waits are not counted in an exchange.
func (t *Target) transport(rec *replay.Recorder) http.RoundTripper {
	var base http.RoundTripper = http.DefaultTransport.(*http.Transport).Clone()
	if rec != nil {
		base = rec.Transport(base)
	}
	validating := &contract.Transport{Base: base, Contract: t.Contract, Observe: t.observe}
	var rt http.RoundTripper = &specTransport{t: t, next: validating}
	if t.Kind == config.TargetLive {
		rt = newBudgetTransport(rt, t.cfg.BudgetShare, t.log)
	}
	return rt
}

// observe is called by the contract transport after each exchange.
func (t *Target) observe(ex contract.Exchange, op contract.Operation, vs []contract.Violation) {
	if strings.HasPrefix(ex.URL.Path, "/_sim/") {
		return // journaled by specTransport
	}
	e := Exchange{
		Method: ex.Method, Path: ex.URL.Path, Query: ex.URL.RawQuery, Operation: op.Key, Status: ex.Status,
		RequestHeader: ex.RequestHeader, ResponseHeader: ex.ResponseHeader,
		RequestBody: ex.RequestBody, ResponseBody: ex.ResponseBody, Duration: ex.Duration,
	}
	if op.Key != "" {
		t.coverage.Add(op.Key)
	}
	t.learnSecrets(e)
	t.mu.Lock()
	defer t.mu.Unlock()
	e.Spec = t.spec
	if t.state == nil {
		return
	}
	t.state.exchanges = append(t.state.exchanges, e)
	if ex.ResponseHeader.Get("X-Loftgate-Replay") == "miss" {
		t.state.misses = append(t.state.misses, missMessage(ex.ResponseBody))
		return // a miss is not SalesLoft's answer; its shape is not a violation
	}
	t.state.violations = append(t.state.violations, vs...)
}

// learnSecrets adds the tokens a token response hands out to the run's
// secrets, so the leak scan looks for them too.
func (t *Target) learnSecrets(e Exchange) {
	if !strings.HasSuffix(e.Path, "/oauth/token") || e.Status != http.StatusOK {
		return
	}
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	if json.Unmarshal(e.ResponseBody, &tok) != nil {
		return
	}
	t.Secrets.Learn(secret.KindAccessToken, tok.AccessToken)
	t.Secrets.Learn(secret.KindRefreshToken, tok.RefreshToken)
}

func missMessage(body []byte) string {
	var m struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &m) == nil && m.Error != "" {
		return m.Error
	}
	return strings.TrimSpace(string(body))
}

// specTransport names the current spec to the replay server and records
// /_sim control calls (which the contract transport does not observe).
type specTransport struct {
	t    *Target
	next http.RoundTripper
}

func (s *specTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if s.t.Kind == config.TargetReplay {
		if spec := s.t.Spec(); spec != "" {
			req = req.Clone(req.Context())
			req.Header.Set(SpecHeader, spec)
		}
	}
	start := time.Now()
	resp, err := s.next.RoundTrip(req)
	if err != nil || !strings.HasPrefix(req.URL.Path, "/_sim/") {
		return resp, err
	}
	// Control calls are not in the contract; keep them in the journal and
	// catch replay misses on them too.
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if rerr != nil {
		return nil, fmt.Errorf("target: read %s: %w", req.URL.Path, rerr)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	s.t.mu.Lock()
	defer s.t.mu.Unlock()
	e := Exchange{Spec: s.t.spec, Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery, Status: resp.StatusCode, ResponseHeader: resp.Header, ResponseBody: body, Duration: time.Since(start)}
	if s.t.state != nil {
		s.t.state.exchanges = append(s.t.state.exchanges, e)
		if resp.Header.Get("X-Loftgate-Replay") == "miss" {
			s.t.state.misses = append(s.t.state.misses, missMessage(body))
		}
	}
	return resp, nil
}
