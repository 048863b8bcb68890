package sim

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// FaultName names one injectable misbehaviour of the simulator.
type FaultName string

// The faults the simulator can inject (the transport and data faults, then the faults that break
// checklist items: accept_any_secret, ignore_scopes, token_lifetime, lenient_validation).
// Unless a fault names an operation, the HTTP-level ones (rate_limit, server_error,
// bad_gateway, slow, reset, rename, no_rate_headers, retry_after, cost_change, drop_field,
// require_field) hit every /v2 operation; on /oauth/* they act only when their Operation
// names that endpoint.
const (
	// FaultRateLimit answers 429 {"error":"Rate limit exceeded"} as if the budget were 0
	// (x-ratelimit-remaining-minute: 0), without charging.
	FaultRateLimit FaultName = "rate_limit"
	// FaultServerError answers 500 {"error":"Internal Server Error"} after authentication and charging.
	FaultServerError FaultName = "server_error"
	// FaultBadGateway answers 502 {"error":"Bad Gateway"} after authentication and charging.
	FaultBadGateway FaultName = "bad_gateway"
	// FaultSlow delays the answer by Value milliseconds of real time (default 1000) before
	// doing anything else, so a client timeout can fire; the delay ends early when the
	// client goes away.
	FaultSlow FaultName = "slow"
	// FaultReset closes the connection without writing any response.
	FaultReset FaultName = "reset"
	// FaultExpiredToken treats every OAuth access token as expired: 401 {"error":"The access
	// token expired"}. API keys are not access tokens and still work.
	FaultExpiredToken FaultName = "expired_token"
	// FaultRotationOff makes the refresh grant return the same refresh token and keep it valid.
	FaultRotationOff FaultName = "rotation_off"
	// FaultSHA256Signature signs webhook deliveries with HMAC-SHA256 instead of HMAC-SHA1.
	FaultSHA256Signature FaultName = "sha256_signature"
	// FaultTimestampSignature signs "<unix seconds>.<body>" instead of the body and sends
	// the seconds in x-salesloft-timestamp (the stale JL-old claim, API-FACTS §8); the hash is
	// SHA-1 unless FaultSHA256Signature is also on.
	FaultTimestampSignature FaultName = "timestamp_signature"
	// FaultCostChange sets the operation's endpoint cost to Value (an integer >= 0); deep
	// pages still cost at least their surcharge.
	FaultCostChange FaultName = "cost_change"
	// FaultDropField removes the top-level field Value from every record of the operation's
	// successful response (single record or each list item).
	FaultDropField FaultName = "drop_field"
	// FaultAPIKeysOff rejects API keys with 401 {"error":"API keys are disabled for this
	// team; use OAuth 2.0"}.
	FaultAPIKeysOff FaultName = "api_keys_off"
	// FaultCodeReuse lets each authorization code be exchanged twice instead of once.
	FaultCodeReuse FaultName = "code_reuse"
	// FaultNoExpiry omits expires_in from token responses; tokens still expire after 7200 s
	// (or FaultTokenLifetime's Value) on the simulated clock.
	FaultNoExpiry FaultName = "no_expiry"
	// FaultMissingScope removes the scope Value from every credential (token responses and
	// scope checks alike), so operations needing it answer 403.
	FaultMissingScope FaultName = "missing_scope"
	// FaultRequireField makes the field Value required on create operations: when the body
	// lacks it, 422 {"errors":{"<Value>":["can't be blank"]}}.
	FaultRequireField FaultName = "require_field"
	// FaultRename answers the operation with the 404 HTML page of an unknown route, as if
	// the endpoint had been renamed.
	FaultRename FaultName = "rename"
	// FaultNoRateHeaders omits x-ratelimit-endpoint-cost and x-ratelimit-remaining-minute.
	FaultNoRateHeaders FaultName = "no_rate_headers"
	// FaultNoRetry marks a failed webhook delivery failed after its first attempt.
	FaultNoRetry FaultName = "no_retry"
	// FaultRetryAfter adds Retry-After: Value to every 429; with no Value, the seconds left
	// in the current rate window.
	FaultRetryAfter FaultName = "retry_after"
	// FaultAcceptAnySecret skips client authentication at POST /oauth/token for a known
	// client_id: a wrong, empty or missing client_secret (in the body or in HTTP Basic) is
	// accepted and the grant goes on as if the secret were right, so a wrong secret gets a
	// token instead of 401 invalid_client. An unknown client_id, or a request naming no
	// client at all, still gets invalid_client. Each acceptance of a bad secret uses the
	// fault once (checklist AUTH-CC-INVALID-CLIENT).
	FaultAcceptAnySecret FaultName = "accept_any_secret"
	// FaultIgnoreScopes stops the API enforcing scopes: an operation whose scope the
	// credential lacks (or has lost to FaultMissingScope) is served as if the credential held
	// it, instead of 403. Token responses still show the real scopes. Each request it lets
	// through uses the fault once (checklist AUTH-SCOPE).
	FaultIgnoreScopes FaultName = "ignore_scopes"
	// FaultTokenLifetime makes every token response (authorization_code, refresh_token and
	// client_credentials grants) carry expires_in = Value, a required whole number of seconds
	// from 1 to 2147483647, and the access token it issues really expires Value seconds
	// later on the simulated clock. Each token issued uses the fault once.
	FaultTokenLifetime FaultName = "token_lifetime"
	// FaultLenientValidation stops the creates validating their input: POST /v2/people,
	// /v2/accounts, /v2/cadence_imports, /v2/cadence_memberships and /v2/webhook_subscriptions
	// answer 200 with the record (for an import onto a cadence without steps, that cadence)
	// where they would have answered 422 {"errors": ...} for missing required fields or
	// invalid values. What is missing or of the wrong JSON type takes a default: people and
	// accounts are stored without it (an account's name renders as ""), an invalid owner_id
	// makes the caller the owner and an invalid account_id links no account; an import gets
	// settings name "", cadence_function "outbound", target_daily_people 0, false flags and
	// sharing, and steps of type "Other" with empty type_settings, and an unknown cadence_id
	// creates a new cadence; a membership's missing or unknown person_id or cadence_id is
	// null, an invalid user_id is the caller, and the cadence need not be the user's; a
	// subscription keeps an empty callback_url, callback_token or event_type and stays
	// enabled. Strings outside the documented vocabulary (an email without @, cadence_function
	// "sideways", step type "Fax", event_type "nope", an ftp:// callback_url) are stored as
	// sent. Conflicts with stored data still answer 422 (a taken email or domain, a person
	// already on the cadence, steps onto a cadence that has steps), as do require_field
	// faults; updates still validate. Each request let through that would otherwise have been
	// refused uses the fault once (checklist ERR-422-FIELDS, CAD-IMPORT-INVALID, HOOK-SUBSCRIBE).
	FaultLenientValidation FaultName = "lenient_validation"
)

// faultValue says what Value a fault takes.
type faultValue int

const (
	valueNone     faultValue = iota // the fault takes no value
	valueText                       // a non-empty string is required
	valueScope                      // a known scope is required
	valueInt                        // an integer >= 0 is required
	valueOptInt                     // an integer >= 0, or nothing
	valueOptMilli                   // milliseconds >= 0, or nothing
	valueSeconds                    // whole seconds in [1, maxFaultSeconds] are required
)

// maxFaultSeconds bounds a seconds Value so that it always fits in a time.Duration.
const maxFaultSeconds = 1<<31 - 1

// faultSpec describes one fault: its name, the value it takes, and whether it is HTTP-level.
type faultSpec struct {
	name  FaultName
	value faultValue
	http  bool
}

// faultSpecs lists every fault in a fixed order with the value it takes and whether it is an
// HTTP-level fault (acting on /oauth/* only when named explicitly).
var faultSpecs = []faultSpec{
	{FaultRateLimit, valueNone, true},
	{FaultServerError, valueNone, true},
	{FaultBadGateway, valueNone, true},
	{FaultSlow, valueOptMilli, true},
	{FaultReset, valueNone, true},
	{FaultExpiredToken, valueNone, false},
	{FaultRotationOff, valueNone, false},
	{FaultSHA256Signature, valueNone, false},
	{FaultTimestampSignature, valueNone, false},
	{FaultCostChange, valueInt, true},
	{FaultDropField, valueText, true},
	{FaultAPIKeysOff, valueNone, false},
	{FaultCodeReuse, valueNone, false},
	{FaultNoExpiry, valueNone, false},
	{FaultMissingScope, valueScope, false},
	{FaultRequireField, valueText, true},
	{FaultRename, valueNone, true},
	{FaultNoRateHeaders, valueNone, true},
	{FaultNoRetry, valueNone, false},
	{FaultRetryAfter, valueOptInt, true},
	{FaultAcceptAnySecret, valueNone, false},
	{FaultIgnoreScopes, valueNone, false},
	{FaultTokenLifetime, valueSeconds, false},
	{FaultLenientValidation, valueNone, false},
}

// FaultNames returns every fault name the simulator implements, in a fixed order.
func FaultNames() []FaultName {
	names := make([]FaultName, len(faultSpecs))
	for i, f := range faultSpecs {
		names[i] = f.name
	}
	return names
}

// Errors returned for faults the simulator cannot apply.
var (
	// ErrUnknownFault is wrapped when a fault name is not one of FaultNames.
	ErrUnknownFault = errors.New("sim: unknown fault")
	// ErrInvalidFault is wrapped when a fault's operation, count or value is malformed.
	ErrInvalidFault = errors.New("sim: invalid fault")
)

// Fault is one injected misbehaviour.
type Fault struct {
	// Name says what goes wrong.
	Name FaultName
	// Operation limits the fault to one operation, "METHOD /path" such as "GET /v2/me" or
	// "GET /v2/people/{id}" (a concrete id also matches; .json is ignored); empty means every
	// operation the fault applies to.
	Operation string
	// Count is how many times the fault acts before it clears itself; 0 means until cleared.
	Count int
	// Value parameterises the fault (a field name, a scope, a cost, milliseconds, seconds).
	Value string
}

// Validate reports whether the simulator can apply f.
func (f Fault) Validate() error {
	i := slices.IndexFunc(faultSpecs, func(s faultSpec) bool { return s.name == f.Name })
	if i < 0 {
		names := make([]string, len(faultSpecs))
		for j, s := range faultSpecs {
			names[j] = string(s.name)
		}
		return fmt.Errorf("%w %q; valid faults: %s", ErrUnknownFault, f.Name, strings.Join(names, ", "))
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: "+format, append([]any{ErrInvalidFault, f.Name}, args...)...)
	}
	if f.Count < 0 {
		return bad("count %d is negative; use 0 for until cleared", f.Count)
	}
	if f.Operation != "" {
		if _, err := normalizeOperation(f.Operation); err != nil {
			return bad("%v", err)
		}
	}
	switch faultSpecs[i].value {
	case valueNone:
		if f.Value != "" {
			return bad("takes no value, got %q", f.Value)
		}
	case valueText:
		if f.Value == "" {
			return bad("needs a value, e.g. %s=email", f.Name)
		}
	case valueScope:
		if !slices.Contains(allScopes, f.Value) {
			return bad("value %q is not a known scope; known scopes: %s", f.Value, strings.Join(allScopes, " "))
		}
	case valueInt, valueOptInt, valueOptMilli:
		if f.Value == "" && faultSpecs[i].value != valueInt {
			return nil
		}
		if n, err := strconv.Atoi(f.Value); err != nil || n < 0 {
			return bad("value %q is not an integer >= 0", f.Value)
		}
	case valueSeconds:
		if n, err := strconv.Atoi(f.Value); err != nil || n < 1 || n > maxFaultSeconds {
			return bad("value %q is not a whole number of seconds from 1 to %d, e.g. %s=60", f.Value, maxFaultSeconds, f.Name)
		}
	}
	return nil
}

// httpFault reports whether name is an HTTP-level fault.
func httpFault(name FaultName) bool {
	for _, s := range faultSpecs {
		if s.name == name {
			return s.http
		}
	}
	return false
}

// opPattern matches the "@METHOD /path" suffix of the CLI syntax.
var opPattern = regexp.MustCompile(`^[A-Za-z]+ /`)

// ParseFault parses the CLI syntax name[=value][@METHOD /path][#count], for example
// "cost_change=5@GET /v2/people", "drop_field=email@GET /v2/me" or "rate_limit#1".
func ParseFault(s string) (Fault, error) {
	var f Fault
	rest := strings.TrimSpace(s)
	if i := strings.LastIndex(rest, "#"); i >= 0 {
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			return Fault{}, fmt.Errorf("%w: %q: count after # must be an integer", ErrInvalidFault, s)
		}
		f.Count, rest = n, rest[:i]
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] == '@' && opPattern.MatchString(rest[i+1:]) {
			f.Operation, rest = rest[i+1:], rest[:i]
			break
		}
	}
	name, value, _ := strings.Cut(rest, "=")
	f.Name, f.Value = FaultName(strings.TrimSpace(name)), value
	if err := f.Validate(); err != nil {
		return Fault{}, err
	}
	return f, nil
}

// normalizeOperation turns "get /v2/people/{person_id}.json" into "GET /v2/people/{id}".
func normalizeOperation(op string) (string, error) {
	method, path, ok := strings.Cut(strings.TrimSpace(op), " ")
	path = strings.TrimSpace(path)
	if !ok || method == "" || !strings.HasPrefix(path, "/") {
		return "", fmt.Errorf("operation %q: want \"METHOD /path\", e.g. \"GET /v2/me\"", op)
	}
	path, _, _ = strings.Cut(path, "?")
	segs := strings.Split(strings.TrimSuffix(path, ".json"), "/")
	for i, seg := range segs {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") || strings.HasPrefix(seg, ":") {
			segs[i] = "{id}"
		}
	}
	return strings.ToUpper(method) + " " + strings.Join(segs, "/"), nil
}

// String describes f in the CLI syntax accepted by ParseFault.
func (f Fault) String() string {
	var b strings.Builder
	b.WriteString(string(f.Name))
	if f.Value != "" {
		b.WriteString("=" + f.Value)
	}
	if f.Operation != "" {
		b.WriteString("@" + f.Operation)
	}
	if f.Count > 0 {
		b.WriteString("#" + strconv.Itoa(f.Count))
	}
	return b.String()
}
