package report

import (
	"time"

	"github.com/loftgate/loftgate/harness/contract"
)

// Schema is the version of the report format written by this package. It is
// the value of [Report.Schema]; [Load] refuses any other.
const Schema = "loftgate.report/v1"

// Status is the outcome of a spec or an item.
type Status string

// Status words used by items and specs.
const (
	// StatusPass means the spec passed, or, for an item, that no spec failed
	// and at least one passed.
	StatusPass Status = "pass"
	// StatusFail means the spec failed (including panics, timeouts and
	// interruptions), or, for an item, that at least one of its specs failed.
	StatusFail Status = "fail"
	// StatusSkip means the spec was skipped or pending, or, for an item, that
	// every one of its specs was skipped.
	StatusSkip Status = "skip"
	// StatusUncovered is an item status only: no spec carries the item's ID.
	StatusUncovered Status = "uncovered"
)

// Verdict is the outcome of a run.
type Verdict string

// Verdicts of a run.
const (
	// VerdictPass means no MUST item failed (and, with fail_on_skip, none was skipped).
	VerdictPass Verdict = "pass"
	// VerdictFail means at least one MUST item failed, or with fail_on_skip was skipped.
	VerdictFail Verdict = "fail"
	// VerdictInterrupted means the run was stopped (SIGINT, SIGTERM) before
	// every spec ran; it never passes the gate.
	VerdictInterrupted Verdict = "interrupted"
)

// Changes of an item relative to a baseline report, set by [Report.CompareBaseline].
const (
	// ChangeNewFailure means the item fails now and did not fail in the baseline.
	ChangeNewFailure = "new-failure"
	// ChangeFixed means the item failed in the baseline and passes now.
	ChangeFixed = "fixed"
	// ChangeUnchanged means neither of the above happened (the status may
	// still differ, e.g. pass to skip).
	ChangeUnchanged = "unchanged"
	// ChangeNewItem means the baseline has no item with this ID.
	ChangeNewItem = "new-item"
)

// SpecResult is the outcome of one Ginkgo spec, converted by the caller from
// Ginkgo's report.
type SpecResult struct {
	// Name is the spec's full text (containers and leaf joined).
	Name string
	// Labels are the checklist item IDs the spec proves; a spec may carry several.
	Labels []string
	// Status is StatusPass, StatusFail or StatusSkip; anything else is counted as a failure.
	Status Status
	// Failure is the failure message, or the skip reason for a skipped spec.
	Failure string
	// Location is where the spec failed, or where it is defined ("file.go:42").
	Location string
	// Duration is how long the spec ran.
	Duration time.Duration
	// Problems are what the harness saw that fails the spec besides its own
	// assertions, typed: contract.Violation values and *replay.Miss.
	Problems []error
	// Exchanges are the HTTP requests the spec made, in order.
	Exchanges []Exchange
	// Output is the text the spec wrote to GinkgoWriter, already scrubbed of secrets.
	Output string
	// Deselected means the spec did not run because the label filter (or a
	// focus) left it out; it counts as skipped, but never fails the run
	// with fail_on_skip and is not listed with the skipped items.
	Deselected bool
}

// Exchange is one HTTP request and its response, as seen by the harness.
type Exchange struct {
	// Method is the HTTP method, e.g. "POST".
	Method string `json:"method"`
	// URL is the full request URL.
	URL string `json:"url"`
	// Status is the response status code; 0 means no response (connection error).
	Status int `json:"status"`
	// Operation is the contract operation the request matched, e.g. "POST /oauth/token"; empty if none.
	Operation string `json:"operation,omitempty"`
	// RequestBody is the request body, already scrubbed of secrets.
	RequestBody string `json:"request_body,omitempty"`
	// ResponseBody is the response body, already scrubbed of secrets. The JSON
	// report keeps it whole; the other renderers show at most 2 KB of it.
	ResponseBody string `json:"response_body,omitempty"`
	// DurationMS is the time from sending the request to reading the response, in milliseconds.
	DurationMS float64 `json:"duration_ms"`
	// Auth is the scheme of the request's Authorization header ("Bearer",
	// "Basic"), never the credential; empty when the request had none.
	Auth string `json:"auth,omitempty"`
	// ContentType is the request's Content-Type header; empty if none.
	ContentType string `json:"content_type,omitempty"`
	// Violations are the contract rules this exchange broke that its spec
	// did not allow; the renderers mark such an exchange as the failing one.
	Violations []string `json:"violations,omitempty"`
}

// Report is a loftgate run's result in the loftgate.report/v1 format.
type Report struct {
	// Schema is always "loftgate.report/v1" (see [Schema]).
	Schema string `json:"schema"`
	// Tool names the program and version that wrote the report, e.g. "loftgate v0.3.0".
	Tool string `json:"tool"`
	// Verdict is "pass" when no MUST item failed, "fail" otherwise.
	Verdict Verdict `json:"verdict"`
	// Target is what the run talked to: "replay", "sim" or "live".
	Target string `json:"target"`
	// ChecklistVersion is the version of the migration checklist the run checked.
	ChecklistVersion string `json:"checklist_version"`
	// ContractVersion is the version of the OpenAPI contract traffic was validated against.
	ContractVersion string `json:"contract_version"`
	// StartedAt is when the run started, in UTC.
	StartedAt time.Time `json:"started_at"`
	// DurationMS is how long the run took, in milliseconds.
	DurationMS int64 `json:"duration_ms"`
	// Identity is who the run was authenticated as, e.g. "Sim User (sim.user@example.com)"; empty if unknown.
	Identity string `json:"identity,omitempty"`
	// Summary counts items and specs per status.
	Summary Summary `json:"summary"`
	// Items are the checklist items in checklist order, each with its specs.
	Items []Item `json:"items"`
	// Operations are the contract operations with their cost and how often the run called them, sorted by key.
	Operations []Operation `json:"operations"`
	// Notes are remarks about the run for people: advice, and specs whose labels name no checklist item.
	Notes []string `json:"notes"`
	// Baseline is set when the report was compared with an earlier one.
	Baseline *Baseline `json:"baseline,omitempty"`
	// BaseURL is the target's API URL, used by the curl lines of Causes; empty if unknown.
	BaseURL string `json:"base_url,omitempty"`
	// FailOnSkip is set when the run required every MUST item to run
	// (--fail-on-skip): a skipped MUST item then fails the verdict.
	FailOnSkip bool `json:"fail_on_skip,omitempty"`
	// Causes are the run's failures grouped by cause, most damaging first:
	// a violation (or a failure message) shared by specs of several items
	// is one cause. Reports written before causes existed have none.
	Causes []Cause `json:"causes"`
}

// Cause is one reason specs failed, with the items it broke and the
// exchange that shows it.
type Cause struct {
	// ID names the cause within the report ("cause-1"); specs refer to it in [Spec.Cause].
	ID string `json:"id"`
	// Kind is "contract" when the specs broke the same contract rules (or
	// replay had no answer), "failure" when they failed the same assertion.
	Kind string `json:"kind"`
	// Summary is the cause in one line: the first violation, or the first
	// line of the failure message.
	Summary string `json:"summary"`
	// Violations are every contract rule of the cause; empty for a "failure".
	Violations []string `json:"violations,omitempty"`
	// Items are the IDs of the checklist items the cause broke, in checklist order.
	Items []string `json:"items"`
	// Specs are the failed specs with this cause.
	Specs []CauseSpec `json:"specs"`
	// Exchange is the request that shows the cause: the first that broke
	// the contract, or for a "failure" the spec's last failing (status 0 or
	// >= 400) request, else its last request; nil if the spec made none.
	Exchange *Exchange `json:"exchange,omitempty"`
	// ExchangeRole says why Exchange was chosen: "violation", "error status" or "last request".
	ExchangeRole string `json:"exchange_role,omitempty"`
	// Curl reproduces Exchange against the same target, credentials given as
	// environment variables ($SALESLOFT_ACCESS_TOKEN); empty without Exchange.
	Curl string `json:"curl,omitempty"`
}

// CauseSpec is one failed spec of a cause.
type CauseSpec struct {
	// Name is the spec's full text.
	Name string `json:"name"`
	// Items are the IDs of the checklist items the spec proves.
	Items []string `json:"items"`
	// Location is where the spec failed or is defined ("suites/me/me.go:30").
	Location string `json:"location"`
	// Message is what the spec's failure says beyond the cause; empty when
	// its message only repeats the cause's violations.
	Message string `json:"message,omitempty"`
}

// Summary counts a report's items and specs per status.
type Summary struct {
	// Items is the number of checklist items.
	Items int `json:"items"`
	// Pass is the number of items that passed.
	Pass int `json:"pass"`
	// Fail is the number of items that failed, MUST and SHOULD alike.
	Fail int `json:"fail"`
	// Skip is the number of items whose specs were all skipped.
	Skip int `json:"skip"`
	// Uncovered is the number of items no spec covers.
	Uncovered int `json:"uncovered"`
	// MustFail is the number of failed MUST items; the verdict is "fail" when it is not zero.
	MustFail int `json:"must_fail"`
	// MustSkip is the number of skipped MUST items; with fail_on_skip the
	// verdict is "fail" when it is not zero.
	MustSkip int `json:"must_skip"`
	// Specs is the number of specs in the run, including specs that name no known item.
	Specs int `json:"specs"`
	// SpecsPass is the number of specs that passed.
	SpecsPass int `json:"specs_pass"`
	// SpecsFail is the number of specs that failed.
	SpecsFail int `json:"specs_fail"`
	// SpecsSkip is the number of specs that were skipped.
	SpecsSkip int `json:"specs_skip"`
}

// Item is one checklist item with its status and the specs that prove it.
type Item struct {
	// ID is the stable checklist item ID.
	ID string `json:"id"`
	// Title is the one-line statement of the item.
	Title string `json:"title"`
	// Level is "MUST" or "SHOULD".
	Level contract.Level `json:"level"`
	// Area groups items, e.g. "auth".
	Area string `json:"area"`
	// Source says where the item comes from.
	Source string `json:"source"`
	// Description is the longer text of the item; empty if the checklist has none.
	Description string `json:"description,omitempty"`
	// Status is "pass", "fail", "skip" or "uncovered" (see the Status constants).
	Status Status `json:"status"`
	// Change is the item's change since the baseline: "new-failure", "fixed",
	// "unchanged" or "new-item"; empty when no baseline was compared.
	Change string `json:"change,omitempty"`
	// SkipReason says why a skipped item did not run (its specs' distinct
	// skip reasons, joined by "; "); empty for other statuses.
	SkipReason string `json:"skip_reason,omitempty"`
	// Specs are the specs labelled with the item's ID, sorted by name.
	Specs []Spec `json:"specs"`
}

// Spec is one spec's result within an item.
type Spec struct {
	// Name is the spec's full text.
	Name string `json:"name"`
	// Status is "pass", "fail" or "skip".
	Status Status `json:"status"`
	// Failure is the failure message, or the skip reason; empty for a passing spec.
	Failure string `json:"failure"`
	// Location is where the spec failed or is defined ("file.go:42").
	Location string `json:"location"`
	// DurationMS is how long the spec ran, in milliseconds.
	DurationMS float64 `json:"duration_ms"`
	// Violations are the contract rules the spec's traffic broke.
	Violations []string `json:"violations"`
	// Exchanges are the HTTP requests the spec made, in order.
	Exchanges []Exchange `json:"exchanges,omitempty"`
	// Output is what the spec wrote to GinkgoWriter, already scrubbed; empty if nothing.
	Output string `json:"output,omitempty"`
	// Cause is the ID of the failed spec's entry in [Report.Causes]; empty otherwise.
	Cause string `json:"cause,omitempty"`
	// Deselected is set on a skipped spec the label filter left out of the run.
	Deselected bool `json:"deselected,omitempty"`
}

// Operation is one contract operation and how much the run used it.
type Operation struct {
	// Key identifies the operation as "METHOD /path", e.g. "GET /v2/people".
	Key string `json:"key"`
	// Cost is the operation's rate-limit cost per call (x-cost in the contract).
	Cost int `json:"cost"`
	// Calls is how many requests of the run matched the operation; 0 means not covered.
	Calls int `json:"calls"`
}

// Baseline records the comparison of a report with an earlier one.
type Baseline struct {
	// Path is the file the baseline report was loaded from.
	Path string `json:"path"`
	// NewFailures are the IDs of items that fail now and did not fail in the baseline, in checklist order.
	NewFailures []string `json:"new_failures"`
	// Fixed are the IDs of items that failed in the baseline and pass now, in checklist order.
	Fixed []string `json:"fixed"`
}
