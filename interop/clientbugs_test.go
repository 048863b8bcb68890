package interop

import (
	"fmt"

	"github.com/loftgate/loftgate/harness/contract"
)

// clientBug is a call a published client makes to the wrong place: a bug of
// the client, not of loftgate. TestClients expects each one explicitly, so
// that a client release that fixes it and a loftgate change that hides it
// both fail the test ("remove it from clientBugs").
type clientBug struct {
	client, step string
	// method and path are what the client calls (path as a contract
	// template, {id} for a record id).
	method, path string
	// reason is what SalesLoft serves instead.
	reason string
}

// clientBugs are the known bugs of the pinned clients (docs/notes-interop.md).
var clientBugs = []clientBug{
	{"salesloft", "Steps.list", "GET", "/v2/successes",
		"salesloft 1.2.0 swaps the endpoints of Steps and Successes; steps are GET /v2/steps"},
	{"salesloft", "Steps.fetch", "GET", "/v2/successes/{id}",
		"salesloft 1.2.0 swaps the endpoints of Steps and Successes; a step is GET /v2/steps/{id}"},
	{"salesloft", "Successes.list", "GET", "/v2/steps",
		"salesloft 1.2.0 swaps the endpoints of Steps and Successes; successes are GET /v2/successes"},
	{"salesloft", "RecordingSettings.fetch", "GET", "/v2/recording_settings/{id}",
		"SalesLoft serves recording settings at GET /v2/phone_numbers/recording_settings/{id}"},
	{"salesloft", "ActionDetails.fetch", "GET", "/v2/action_details/{id}",
		"SalesLoft serves call instructions at GET /v2/action_details/call_instructions/{id}"},
}

// knownBug returns the client bug a call shows, if any.
func knownBug(cl call) (clientBug, bool) {
	for _, b := range clientBugs {
		if b.client == cl.Client && b.step == cl.Step {
			return b, true
		}
	}
	return clientBug{}, false
}

// checkClientBugs reports every listed bug of client that its calls no
// longer show: the step is gone, or it now calls another method or path.
func checkClientBugs(client string, calls []call) []string {
	var out []string
	for _, b := range clientBugs {
		if b.client != client {
			continue
		}
		found := false
		for _, cl := range calls {
			if cl.Step != b.step {
				continue
			}
			found = true
			if got := fmt.Sprintf("%s %s", cl.Method, contract.NormalizePath(cl.Path)); got != b.method+" "+b.path {
				out = append(out, fmt.Sprintf("%s now calls %s, not %s %s: the client bug (%s) looks fixed; remove it from clientBugs", b.step, got, b.method, b.path, b.reason))
			}
		}
		if !found {
			out = append(out, fmt.Sprintf("%s was not called: the client bug (%s) cannot be checked; remove it from clientBugs", b.step, b.reason))
		}
	}
	return out
}
