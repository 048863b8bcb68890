// Package replay records HTTP exchanges as versioned, human-readable
// fixtures, scrubs the secrets out of them, and answers requests from them
// through a loopback server.
//
// A fixture file holds the interactions of one spec (fixtures/<area>/<slug>.yaml).
// Replay matches a request on its method, normalised path (with or without
// ".json"), canonical query and JSON-semantic body, never on Authorization or
// any other header, and serves the recorded answers of identical requests in
// the order they were recorded: per spec when the request names one
// (SpecHeader), per client (Authorization) otherwise. A value the recording
// scrubbed matches any real value sent in its place. A request with no
// recorded answer gets a loud miss (MissStatus) naming the nearest candidate
// and how it differs.
//
// Secrets are replaced when fixtures are built (Recorder.Files), never at
// capture, so live tokens keep working during a recording run; LeakScan then
// proves that no known secret value reached any file written.
package replay

import "time"

// Version is the fixture format written by this package and the only one
// Load accepts. Bump it when the format changes incompatibly; older files
// then fail to load with a message telling the user to re-record.
const Version = "loftgate.fixtures/v1"

// File is one fixture file: the interactions one spec made, in order.
type File struct {
	// Version is the fixture format; always Version when written by this package.
	Version string `yaml:"version"`
	// Metadata says who recorded the file, when, against what and for which spec.
	Metadata Metadata `yaml:"metadata"`
	// Interactions are the spec's request/response pairs in the order they happened.
	Interactions []Interaction `yaml:"interactions"`
}

// Metadata describes where and how a fixture file was recorded.
type Metadata struct {
	// Spec is the full name of the spec that made the interactions; replay
	// scopes matching to it when a request carries X-Loftgate-Spec.
	Spec string `yaml:"spec"`
	// RecordedAt is when the first interaction of the spec was recorded, on
	// the recording target's clock (the simulator's clock makes it deterministic).
	RecordedAt time.Time `yaml:"recorded_at"`
	// Target is what was recorded: TargetSim, TargetLive or TargetProxy.
	Target string `yaml:"target"`
	// ContractVersion is the version of contracts/salesloft-v2.yaml in force when recording.
	ContractVersion string `yaml:"contract_version"`
	// Tool names the program and version that wrote the file, e.g. "loftgate 0.1.0".
	Tool string `yaml:"tool,omitempty"`
	// Skipped is why the spec skipped while recording (a live target cannot
	// move its clock, say). Such a file has no interactions, and replay
	// skips the spec with this reason instead of failing it as unrecorded.
	Skipped string `yaml:"skipped,omitempty"`
}

// Recording targets, the values of Metadata.Target.
const (
	// TargetSim means the interactions were recorded against the bundled simulator.
	TargetSim = "sim"
	// TargetLive means the interactions were recorded against SalesLoft or a staging app.
	TargetLive = "live"
	// TargetProxy means the interactions were recorded by `loftgate proxy --record`
	// from a user's own application talking to its upstream.
	TargetProxy = "proxy"
)

// Interaction is one request and the answer recorded for it.
type Interaction struct {
	// Request is what the client sent (scrubbed, loopback origins normalised).
	Request Request `yaml:"request"`
	// Response is what the server answered (scrubbed).
	Response Response `yaml:"response"`
}

// Request is the recorded request. Only the fields used for matching are kept.
type Request struct {
	// Method is the HTTP method, upper case.
	Method string `yaml:"method"`
	// Path is the URL path as sent (with or without ".json"); matching normalises it.
	Path string `yaml:"path"`
	// Query is the canonical query string: keys and values sorted, URL-encoded.
	Query string `yaml:"query,omitempty"`
	// Client numbers the credential (the Authorization header) the request
	// carried: 1 for the first distinct credential in the file, 2 for the
	// next, and so on; 0 (absent) when it carried none or the recording does
	// not say. The credential itself is never stored. Proxy recordings write
	// it, so that `loftgate serve` replays each client's own sequence; the
	// field is optional, so files without it load as before.
	Client int `yaml:"client,omitempty"`
	// Header holds only content-type; nothing else about a request is stored,
	// Authorization above all.
	Header map[string]string `yaml:"headers,omitempty"`
	// Body is the request body: JSON pretty-printed with sorted keys, form
	// bodies re-encoded with sorted keys, anything else verbatim.
	Body string `yaml:"body,omitempty"`
}

// Response is the recorded answer.
type Response struct {
	// Status is the HTTP status code. It is 0 only when Error is set.
	Status int `yaml:"status"`
	// Header holds the response headers worth replaying (content-type,
	// location, retry-after, date, www-authenticate, x-ratelimit-*,
	// x-salesloft-*); never set-cookie.
	Header map[string]string `yaml:"headers,omitempty"`
	// Body is the response body; see Layout for how it becomes the bytes served.
	Body string `yaml:"body,omitempty"`
	// Layout says how Body is turned into the bytes served: LayoutVerbatim
	// (empty), LayoutCompact or LayoutCompactNewline.
	Layout string `yaml:"layout,omitempty"`
	// Error, when set, means the exchange failed below HTTP while recording:
	// ErrorReset or ErrorTimeout. Status is then 0 and no body is served.
	Error string `yaml:"error,omitempty"`
}

// Response body layouts, the values of Response.Layout. Compact JSON bodies
// are stored indented so that people can read and edit them, and served
// compacted again, so replay answers the exact bytes recorded.
const (
	// LayoutVerbatim (the empty string) serves Body byte for byte.
	LayoutVerbatim = ""
	// LayoutCompact means Body is indented JSON of a body that was compact;
	// replay serves json.Compact(Body).
	LayoutCompact = "compact"
	// LayoutCompactNewline is LayoutCompact followed by one "\n", as written
	// by encoding/json's Encoder.
	LayoutCompactNewline = "compact+newline"
)

// Transport-level failures, the values of Response.Error.
const (
	// ErrorReset means the connection closed without an answer; replay closes
	// the client's connection the same way.
	ErrorReset = "reset"
	// ErrorTimeout means the client gave up waiting; replay holds the request
	// until the client gives up again (or HoldLimit passes), adding no latency
	// of its own.
	ErrorTimeout = "timeout"
)
