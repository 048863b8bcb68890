package target

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/sim"
)

// Observer is told about the traffic of the run's clients. The run's
// journal implements it; the target keeps no record of its own.
type Observer interface {
	// Spec names the spec running now ("" between specs); on replay it is
	// sent in replay.SpecHeader so that replay answers from that spec's
	// fixtures.
	Spec() string
	// Exchange receives every exchange after contract validation, with its
	// operation (zero for an unknown one and for simulator control calls,
	// which are not validated) and its violations.
	Exchange(ex contract.Exchange, op contract.Operation, vs []contract.Violation)
	// Miss receives every request replay had no recorded answer for.
	Miss(m *replay.Miss)
}

// noObserver is the Observer of a target started without one.
type noObserver struct{}

func (noObserver) Spec() string                                                         { return "" }
func (noObserver) Exchange(contract.Exchange, contract.Operation, []contract.Violation) {}
func (noObserver) Miss(*replay.Miss)                                                    {}

// transport builds the chain: rate budget (live only) -> spec header
// (replay) -> control-call observer -> contract validation -> recorder
// (record mode) -> network. The budget comes first so that its waits are
// not counted in an exchange.
func (t *Target) transport(rec *replay.Recorder) http.RoundTripper {
	var base http.RoundTripper = http.DefaultTransport.(*http.Transport).Clone()
	if rec != nil {
		base = rec.Transport(base)
	}
	oauth := t.OAuth()
	validating := &contract.Transport{Base: base, Contract: t.Contract, Observe: t.observer.Exchange,
		OAuth: contract.OAuthEndpoints{Authorize: oauth.AuthorizeURL, Token: oauth.TokenURL}}
	var rt http.RoundTripper = &controlTransport{obs: t.observer, next: validating}
	if t.Kind == config.TargetReplay {
		rt = &specTransport{obs: t.observer, next: rt}
	}
	if t.Kind == config.TargetLive {
		rt = newBudgetTransport(rt, t.cfg.BudgetShare, t.log)
	}
	return rt
}

// specTransport names the current spec to the replay server.
type specTransport struct {
	obs  Observer
	next http.RoundTripper
}

func (s *specTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if spec := s.obs.Spec(); spec != "" {
		req = req.Clone(req.Context())
		req.Header.Set(replay.SpecHeader, spec)
	}
	return s.next.RoundTrip(req)
}

// controlTransport hands the simulator control calls (/_sim/...), which
// the contract transport passes through unvalidated, to the observer, so
// that they are journaled too (without their request bodies: fault and
// clock settings, which the recorder keeps).
type controlTransport struct {
	obs  Observer
	next http.RoundTripper
}

func (c *controlTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasPrefix(req.URL.Path, sim.ControlPrefix) {
		return c.next.RoundTrip(req)
	}
	start := time.Now()
	resp, err := c.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if rerr != nil {
		return nil, fmt.Errorf("target: read %s: %w", req.URL.Path, rerr)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	c.obs.Exchange(contract.Exchange{
		Method: req.Method, URL: req.URL, RequestHeader: req.Header,
		Status: resp.StatusCode, ResponseHeader: resp.Header, ResponseBody: body, Duration: time.Since(start),
	}, contract.Operation{}, nil)
	return resp, nil
}
