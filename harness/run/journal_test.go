package run

import (
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/secret"
)

// TestJournalKeepsProblemsTypedPerSpec: each spec gets its own exchanges,
// violations and misses, typed; an exchange between specs is in none; a
// replay miss's answer is not judged against the contract; coverage counts
// every exchange; secrets are learnt from the traffic.
func TestJournalKeepsProblemsTypedPerSpec(t *testing.T) {
	j := newJournal()
	ex := func(path string, h http.Header, body string) contract.Exchange {
		return contract.Exchange{Method: "GET", URL: &url.URL{Path: path}, Status: 200, ResponseHeader: h, ResponseBody: []byte(body),
			RequestHeader: http.Header{"Authorization": {"Bearer token-canary-0001"}}}
	}
	me := contract.Operation{Key: "GET /v2/me"}
	v := contract.Violation{Direction: "response", Rule: "response-body", Path: "/v2/me", Message: "bad"}

	j.Exchange(ex("/v2/me", http.Header{}, "{}"), me, nil) // between specs
	j.begin("me/a")
	j.Exchange(ex("/v2/me", http.Header{}, "{}"), me, []contract.Violation{v})
	j.Miss(&replay.Miss{Spec: "me/a", Method: "GET", Path: "/v2/x"})
	j.Miss(&replay.Miss{Spec: "me/other", Method: "GET", Path: "/v2/y"}) // another spec's
	j.Exchange(ex("/v2/x", http.Header{replay.ReplayHeader: {"miss"}}, `{"error":"x"}`), contract.Operation{}, []contract.Violation{v})
	if got := len(j.exchanges()); got != 2 {
		t.Fatalf("mid-spec exchanges %d, want 2", got)
	}
	a := j.end()
	j.begin("me/b")
	j.allow("response", "response-body")
	if !j.isAllowed(v) || j.isAllowed(contract.Violation{Direction: "request", Rule: "response-body"}) {
		t.Error("allowance matches the wrong violations")
	}
	j.end()

	if len(a.Exchanges) != 2 || a.Exchanges[0].Spec != "me/a" {
		t.Fatalf("spec a exchanges %+v", a.Exchanges)
	}
	if len(a.Violations) != 1 || a.Violations[0] != v {
		t.Fatalf("spec a violations %+v, want only the one on /v2/me (not the miss's answer)", a.Violations)
	}
	var m *replay.Miss
	if len(a.Misses) != 1 || !errors.As(error(a.Misses[0]), &m) || m.Path != "/v2/x" || !errors.Is(m, replay.ErrMiss) {
		t.Fatalf("spec a misses %+v", a.Misses)
	}
	if _, ok := j.outcome("me/c"); ok {
		t.Error("outcome of a spec that never ran")
	}
	if n := j.coverage.Counts()["GET /v2/me"]; n != 2 {
		t.Errorf("coverage of GET /v2/me %d, want 2", n)
	}
	sec := secret.New()
	j.discover(sec)
	if sec.Scrub("token-canary-0001") == "token-canary-0001" {
		t.Error("the bearer token in the traffic was not learnt")
	}
}

// TestJournalMarksViolatingExchanges: each exchange keeps the violations it
// broke, the spec's allowed ones dropped at the end of the spec, and the
// report's exchange gets them with the auth scheme but never the token.
func TestJournalMarksViolatingExchanges(t *testing.T) {
	j := newJournal()
	req := http.Header{"Authorization": {"Bearer token-canary-0002"}, "Content-Type": {"application/json"}}
	ex := func(path string) contract.Exchange {
		return contract.Exchange{Method: "POST", URL: &url.URL{Path: path}, Status: 200, RequestHeader: req, ResponseHeader: http.Header{}}
	}
	body := contract.Violation{Operation: "GET /v2/me", Direction: "response", Rule: "response-body", Path: "/v2/me", Message: "email missing"}
	reqBody := contract.Violation{Operation: "POST /v2/people", Direction: "request", Rule: "request-body", Path: "/v2/people", Message: "email required"}
	j.begin("me/a")
	j.allow("request", "request-body")
	j.Exchange(ex("/v2/people"), contract.Operation{Key: "POST /v2/people"}, []contract.Violation{reqBody})
	j.Exchange(ex("/v2/me"), contract.Operation{Key: "GET /v2/me"}, []contract.Violation{body})
	j.Exchange(ex("/v2/accounts"), contract.Operation{Key: "GET /v2/accounts"}, nil)
	out := j.end()
	if len(out.Violations) != 1 || out.Violations[0] != body {
		t.Fatalf("spec violations %+v, want only the unallowed one", out.Violations)
	}
	if len(out.Exchanges[0].Violations) != 0 || len(out.Exchanges[1].Violations) != 1 || len(out.Exchanges[2].Violations) != 0 {
		t.Fatalf("per-exchange violations %+v %+v %+v", out.Exchanges[0].Violations, out.Exchanges[1].Violations, out.Exchanges[2].Violations)
	}
	sec := secret.New()
	j.discover(sec)
	got := reportExchanges(out.Exchanges, sec)
	if got[1].Auth != "Bearer" || got[1].ContentType != "application/json" || len(got[1].Violations) != 1 || got[1].Violations[0] != body.Error() {
		t.Errorf("report exchange %+v", got[1])
	}
	for _, e := range got {
		if e.Auth != "Bearer" {
			t.Errorf("auth %q, want the scheme only", e.Auth)
		}
	}
}
