package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/loftgate/loftgate/harness/contract"
)

// emailViolation is the violation the sim gives when the drop_field=email
// fault is on.
const emailViolation = "contract: GET /v2/me: response $.data.email: required property is missing (rule response-body)"

// droppedEmailRun is the shape of `loftgate run --target sim --fault
// 'drop_field=email@GET /v2/me'`: one violation breaks specs of several items,
// each spec's last request being something else; one spec also fails an
// assertion of its own, one item fails for an unrelated reason.
func droppedEmailRun() ([]contract.Item, []SpecResult, Meta) {
	items := []contract.Item{
		{ID: "ME-IDENTITY", Title: "Who am I", Level: "MUST", Area: "me"},
		{ID: "RATE-HEADERS", Title: "Rate headers", Level: "MUST", Area: "ratelimit"},
		{ID: "ERR-429-BACKOFF", Title: "Back off", Level: "MUST", Area: "errors"},
		{ID: "CAD-EXPORT", Title: "Cadence export", Level: "MUST", Area: "cadence"},
		{ID: "HOOK-RETRY", Title: "Webhook retries", Level: "SHOULD", Area: "webhooks"},
	}
	me := Exchange{Method: "GET", URL: "/v2/me", Status: 200, Operation: "GET /v2/me", Auth: "Bearer",
		ResponseBody: `{"data":{"id":1,"name":"Sim User"}}`, Violations: []string{emailViolation}}
	reset := Exchange{Method: "DELETE", URL: "/_sim/faults", Status: 204}
	contractFail := "contract violations:\n  " + emailViolation
	specs := []SpecResult{
		{Name: "me returns the user", Labels: []string{"ME-IDENTITY"}, Status: "fail", Location: "suites/me/me.go:30",
			Failure: "data.email\nExpected\n    <string>: \nto contain substring\n    <string>: @", Problems: []error{violationErr(emailViolation)},
			Exchanges: []Exchange{me}},
		{Name: "headers on every answer", Labels: []string{"RATE-HEADERS"}, Status: "fail", Location: "suites/ratelimit/headers.go:29",
			Failure: contractFail, Problems: []error{violationErr(emailViolation), violationErr(emailViolation)},
			Exchanges: []Exchange{me, me, {Method: "GET", URL: "/v2/cadences?per_page=5", Status: 200}}},
		{Name: "backoff one 429", Labels: []string{"ERR-429-BACKOFF"}, Status: "fail", Location: "suites/apierrors/backoff.go:90",
			Failure: contractFail, Problems: []error{violationErr(emailViolation)}, Exchanges: []Exchange{me, reset}},
		{Name: "backoff two 429s", Labels: []string{"ERR-429-BACKOFF"}, Status: "fail", Location: "suites/apierrors/backoff.go:91",
			Failure: contractFail, Problems: []error{violationErr(emailViolation)}, Exchanges: []Exchange{me, reset}},
		{Name: "export keeps steps", Labels: []string{"CAD-EXPORT"}, Status: "fail", Location: "suites/cadence/export.go:12",
			Failure: "export lost 2 steps", Exchanges: []Exchange{
				{Method: "POST", URL: "/v2/cadence_imports", Status: 201, Auth: "Bearer", ContentType: "application/json", RequestBody: `{"cadence_content":{"name":"it's"}}`},
				{Method: "GET", URL: "/v2/cadence_exports/7", Status: 500, Auth: "Bearer"},
				{Method: "DELETE", URL: "/_sim/faults", Status: 204},
			}},
		{Name: "webhook retries", Labels: []string{"HOOK-RETRY"}, Status: "skip", Failure: "needs a public callback URL"},
	}
	return items, specs, Meta{Target: "sim", BaseURL: "http://127.0.0.1:41234", StartedAt: fixedStart, Duration: time.Second}
}

type violationErr string

func (v violationErr) Error() string { return string(v) }

// TestCausesGroupOneViolationAcrossItems checks that one violation breaking
// specs of three items is one cause naming the three items and the
// exchange that broke the contract, not each spec's last request.
func TestCausesGroupOneViolationAcrossItems(t *testing.T) {
	r := Build(droppedEmailRun())
	if len(r.Causes) != 2 {
		t.Fatalf("got %d causes, want 2 (the email violation, the export failure): %+v", len(r.Causes), r.Causes)
	}
	c := r.Causes[0]
	if got, want := strings.Join(c.Items, ","), "ME-IDENTITY,RATE-HEADERS,ERR-429-BACKOFF"; got != want {
		t.Errorf("first cause items = %s, want %s", got, want)
	}
	if c.Summary != emailViolation {
		t.Errorf("summary = %q, want the violation", c.Summary)
	}
	if len(c.Specs) != 4 {
		t.Errorf("cause lists %d specs, want 4", len(c.Specs))
	}
	if c.Exchange == nil || c.Exchange.Method != "GET" || c.Exchange.URL != "/v2/me" || c.Exchange.Status != 200 {
		t.Fatalf("cause exchange = %+v, want GET /v2/me 200", c.Exchange)
	}
	want := `curl -sS -i -X GET 'http://127.0.0.1:41234/v2/me' -H "Authorization: Bearer $SALESLOFT_ACCESS_TOKEN"`
	if c.Curl != want {
		t.Errorf("curl =\n  %s\nwant\n  %s", c.Curl, want)
	}
	// The assertion of ME-IDENTITY is its own; the contract-violation
	// message of the others repeats the cause and is not shown again.
	for _, s := range c.Specs {
		if strings.Contains(s.Message, emailViolation) {
			t.Errorf("spec %q repeats the cause in its message: %q", s.Name, s.Message)
		}
		if s.Name == "me returns the user" && !strings.HasPrefix(s.Message, "data.email") {
			t.Errorf("ME-IDENTITY lost its own message: %q", s.Message)
		}
	}
	other := r.Causes[1]
	if got := strings.Join(other.Items, ","); got != "CAD-EXPORT" {
		t.Errorf("second cause items = %s", got)
	}
	// No violation: the failing response (500) is the evidence, not the
	// clean-up request that came last.
	if other.Exchange == nil || other.Exchange.Status != 500 {
		t.Errorf("second cause exchange = %+v, want the 500", other.Exchange)
	}
	for _, it := range r.Items {
		for _, s := range it.Specs {
			if s.Status == StatusFail && s.Cause == "" {
				t.Errorf("failed spec %q has no cause", s.Name)
			}
		}
	}
}

// TestCausesSameInEveryFormat checks that the terminal, Markdown, HTML and
// JSON reports all show each cause once, with its exchange and curl line,
// and never repeat a message line.
func TestCausesSameInEveryFormat(t *testing.T) {
	r := Build(droppedEmailRun())
	var term, md, html, js bytes.Buffer
	if err := WriteTerminal(&term, r, TerminalOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&html, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"terminal": term.String(), "markdown": md.String(), "html": html.String()} {
		if n := strings.Count(out, "SALESLOFT_ACCESS_TOKEN"); n != 2 {
			t.Errorf("%s: curl line shown %d times, want once per cause (2)", name, n)
		}
		if !strings.Contains(out, "ME-IDENTITY") || !strings.Contains(out, "ERR-429-BACKOFF") {
			t.Errorf("%s: cause does not name its items", name)
		}
	}
	// The terminal shows the violation once for the whole cause.
	if n := strings.Count(term.String(), emailViolation); n != 1 {
		t.Errorf("terminal shows the violation %d times, want 1:\n%s", n, term.String())
	}
	if strings.Contains(term.String(), "DELETE /_sim/faults") {
		t.Errorf("terminal shows the clean-up request as evidence:\n%s", term.String())
	}
	if !strings.Contains(term.String(), "GET /v2/me -> 200") {
		t.Errorf("terminal does not show the violating exchange:\n%s", term.String())
	}
	var back struct {
		Causes []struct {
			ID       string   `json:"id"`
			Items    []string `json:"items"`
			Curl     string   `json:"curl"`
			Exchange struct {
				Method string `json:"method"`
				URL    string `json:"url"`
				Status int    `json:"status"`
			} `json:"exchange"`
		} `json:"causes"`
	}
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Causes) != 2 || len(back.Causes[0].Items) != 3 || back.Causes[0].Exchange.URL != "/v2/me" || back.Causes[0].Curl == "" {
		t.Errorf("json causes = %+v", back.Causes)
	}
}

// TestCurlScrubsAndQuotes checks the curl line: the request body is quoted
// safely, credentials are environment placeholders, big bodies are left out.
func TestCurlScrubsAndQuotes(t *testing.T) {
	e := Exchange{Method: "POST", URL: "/v2/cadence_imports", Auth: "Bearer", ContentType: "application/json", RequestBody: `{"name":"it's"}`}
	got := curlLine("https://api.salesloft.com", e)
	want := `curl -sS -i -X POST 'https://api.salesloft.com/v2/cadence_imports' -H "Authorization: Bearer $SALESLOFT_ACCESS_TOKEN" -H 'Content-Type: application/json' --data-raw '{"name":"it'\''s"}'`
	if got != want {
		t.Errorf("curl =\n  %s\nwant\n  %s", got, want)
	}
	basic := curlLine("http://x", Exchange{Method: "POST", URL: "/oauth/token", Auth: "Basic"})
	if !strings.Contains(basic, `-u "$SALESLOFT_CLIENT_ID:$SALESLOFT_CLIENT_SECRET"`) {
		t.Errorf("basic auth curl = %s", basic)
	}
	big := curlLine("http://x", Exchange{Method: "POST", URL: "/v2/people", RequestBody: strings.Repeat("a", 5000)})
	if strings.Contains(big, "aaaa") || !strings.Contains(big, "body of 5000 bytes") {
		t.Errorf("big body curl = %.200s", big)
	}
}

// TestLoadOldReportWithoutCauses checks a report.json written before causes
// existed still loads (it is used as --baseline).
func TestLoadOldReportWithoutCauses(t *testing.T) {
	old := `{"schema":"loftgate.report/v1","tool":"loftgate v0.2.0","verdict":"fail","target":"sim","items":[{"id":"ME-IDENTITY","status":"fail","specs":[{"name":"a","status":"fail","failure":"x","location":"l","duration_ms":1,"violations":[]}]}],"operations":[],"notes":[]}`
	r, err := decode([]byte(old), "old.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Items) != 1 || r.Causes != nil {
		t.Errorf("old report = %+v", r)
	}
}

// TestHTMLShowsViolatingExchangeInRed checks the exchange that broke the
// contract is marked as failing although its status is 200, and a clean
// exchange is not.
func TestHTMLShowsViolatingExchangeInRed(t *testing.T) {
	html := renderHTML(t, Build(droppedEmailRun()))
	red := `<details class="ex violation">
<summary><code>GET /v2/me</code> <span class="status-code fail">200</span>`
	if !strings.Contains(html, red) {
		t.Errorf("the violating GET /v2/me 200 is not shown in red")
	}
	if !strings.Contains(html, `<summary><code>GET /v2/cadences?per_page=5</code> <span class="status-code pass">200</span>`) {
		t.Errorf("a clean 200 is not shown as passing")
	}
	if !strings.Contains(html, `<p class="violation">Request (broke the contract): <code class="req">GET /v2/me</code> <span class="status-code fail">200</span></p>`) {
		t.Errorf("the cause's exchange is not shown in red")
	}
}
