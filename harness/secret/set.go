// Package secret knows the secret values of a run and keeps them out of
// everything written: it learns them (configured credentials, tokens seen in
// traffic, values under secret-looking names), scrubs them to stable
// placeholders and scans written files for any that slipped through. The
// run, the recorder, the proxy and the reports all use one Set.
package secret

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Kind names what a secret is; each names the JSON field, form field or
// query parameter the value usually travels in, and picks its placeholder.
type Kind string

// Kinds of secret, the first argument of Set.Add.
const (
	// KindClientSecret is the OAuth client secret.
	KindClientSecret Kind = "client_secret"
	// KindAPIKey is a SalesLoft API key ("ak_..."; API-FACTS §1.4).
	KindAPIKey Kind = "api_key"
	// KindRefreshToken is an OAuth refresh token.
	KindRefreshToken Kind = "refresh_token"
	// KindAccessToken is an OAuth access token.
	KindAccessToken Kind = "access_token"
	// KindCallbackToken is a webhook subscription's callback token, the HMAC key
	// of its deliveries (API-FACTS §8).
	KindCallbackToken Kind = "callback_token"
	// KindCode is an OAuth authorization code.
	KindCode Kind = "code"
	// KindBasic is base64(client_id ":" client_secret) of HTTP Basic client authentication.
	KindBasic Kind = "basic"
	// KindPassword is a password.
	KindPassword Kind = "password"
	// KindSecret is a value found under a secret-looking name (SecretName)
	// that none of the kinds above names.
	KindSecret Kind = "secret"
)

// Fixed placeholders of the static secrets a run is configured with. The
// replay target configures its clients with these values, so replayed
// requests carry exactly what the fixtures recorded.
const (
	// ClientSecretPlaceholder replaces the configured client secret.
	ClientSecretPlaceholder = "redacted-client-secret"
	// APIKeyPlaceholder replaces the configured API key.
	APIKeyPlaceholder = "redacted-api-key"
	// RefreshTokenPlaceholder replaces the configured refresh token.
	RefreshTokenPlaceholder = "redacted-refresh-token"
	// CallbackTokenPlaceholder replaces the configured webhook callback token;
	// recorded deliveries are re-signed with it.
	CallbackTokenPlaceholder = "redacted-callback-token"
	// AccessTokenPlaceholder replaces a configured access token.
	AccessTokenPlaceholder = "redacted-access-token"
)

// MinSecretLen is the shortest value treated as a secret: shorter values
// would be replaced inside unrelated text everywhere.
const MinSecretLen = 6

// Set holds every secret value known to a run: the static ones the run
// was configured with (Add, AddClient) and the ones discovered while
// scrubbing (tokens, codes, people's emails and phone numbers), each with its
// placeholder. It is safe for concurrent use.
type Set struct {
	mu        sync.Mutex
	values    map[string]string // secret value -> placeholder
	kinds     map[string]Kind   // secret value -> kind
	order     []string          // values in the order learnt
	counts    map[Kind]int      // kind -> placeholders handed out
	clientIDs []string
	repl      *strings.Replacer // built on demand; nil after every change
	pending   map[string]Kind   // learnt values awaiting a numbered placeholder -> kind
	pendOrder []string
}

// New returns an empty set of secrets.
func New() *Set {
	return &Set{values: map[string]string{}, kinds: map[string]Kind{}, counts: map[Kind]int{}, pending: map[string]Kind{}}
}

// fixedPlaceholder returns the fixed placeholder of a static kind.
func fixedPlaceholder(kind Kind) string {
	switch kind {
	case KindClientSecret:
		return ClientSecretPlaceholder
	case KindAPIKey:
		return APIKeyPlaceholder
	case KindRefreshToken:
		return RefreshTokenPlaceholder
	case KindCallbackToken:
		return CallbackTokenPlaceholder
	case KindAccessToken:
		return AccessTokenPlaceholder
	}
	return "redacted-" + strings.ReplaceAll(string(kind), "_", "-")
}

// Add registers a static secret the run is configured with (client secret,
// API key, configured refresh token, callback token). The first value of
// each kind gets the kind's fixed placeholder (ClientSecretPlaceholder...),
// which the replay target configures its clients with. A further value of a
// kind whose fixed placeholder is taken is treated as Learn does. Values
// shorter than MinSecretLen are ignored.
func (s *Set) Add(kind Kind, value string) {
	if len(value) < MinSecretLen || isPlaceholder(value) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.values[value]; ok {
		return
	}
	ph := fixedPlaceholder(kind)
	for _, p := range s.values {
		if p == ph {
			s.learnPending(kind, value)
			return
		}
	}
	delete(s.pending, value)
	s.learn(kind, value, ph)
}

// Learn registers a secret handed out during the run (an access or refresh
// token, a code). It is scrubbed and leak-scanned from now on; its numbered
// placeholder (redacted-access-token-N) is given when fixtures are built, in
// fixture order, so that recordings are deterministic whatever order the
// run learnt the values in. Until then Scrub replaces it by the kind's
// unnumbered placeholder.
func (s *Set) Learn(kind Kind, value string) {
	if len(value) < MinSecretLen || isPlaceholder(value) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.values[value]; ok {
		return
	}
	s.learnPending(kind, value)
}

// learnPending records a value awaiting its numbered placeholder; s.mu must be held.
func (s *Set) learnPending(kind Kind, value string) {
	if _, ok := s.pending[value]; ok {
		return
	}
	s.pending[value] = kind
	s.pendOrder = append(s.pendOrder, value)
	s.repl = nil
}

// AddClient registers an OAuth client: its secret as a static secret and its
// id, so that the HTTP Basic form base64(id:secret) is known too.
func (s *Set) AddClient(id, secret string) {
	s.Add(KindClientSecret, secret)
	if id == "" || len(secret) < MinSecretLen {
		return
	}
	s.mu.Lock()
	s.addClientID(id)
	s.mu.Unlock()
}

// addClientID remembers a client id; s.mu must be held.
func (s *Set) addClientID(id string) {
	for _, c := range s.clientIDs {
		if c == id {
			return
		}
	}
	s.clientIDs = append(s.clientIDs, id)
	s.repl = nil
}

// learn records value with placeholder ph; s.mu must be held.
func (s *Set) learn(kind Kind, value, ph string) {
	s.values[value] = ph
	s.kinds[value] = kind
	s.order = append(s.order, value)
	s.repl = nil
}

// discover gives a discovered value a numbered placeholder unless it is
// known already; s.mu must be held.
func (s *Set) discover(kind Kind, value string) {
	if _, ok := s.values[value]; ok {
		return
	}
	if k, ok := s.pending[value]; ok {
		kind = k
		delete(s.pending, value)
	}
	s.counts[kind]++
	n := s.counts[kind]
	var ph string
	switch kind {
	case kindEmail:
		ph = fmt.Sprintf("person-%d@redacted.invalid", n)
	case kindPhone:
		ph = fmt.Sprintf("+1-555-000-%04d", n%10000)
	default:
		ph = fmt.Sprintf("%s-%d", fixedPlaceholder(kind), n)
	}
	s.learn(kind, value, ph)
}

// Len returns how many secret values are known.
func (s *Set) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.values) + len(s.pending)
}

// Placeholder returns the placeholder of a known secret value.
func (s *Set) Placeholder(value string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.values[value]
	return p, ok
}

// Scrub replaces every known secret value in text (raw, URL-encoded or
// JSON-escaped, and the Basic form) by its placeholder. Use it on anything
// written that may hold a secret: logs, report excerpts.
func (s *Set) Scrub(text string) string {
	if s == nil {
		return text
	}
	return s.Replacer().Replace(text)
}

// CallbackTokens returns the known callback tokens with their placeholders
// (the recorder re-signs webhook deliveries with the placeholder).
func (s *Set) CallbackTokens() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for v, k := range s.kinds {
		if k == KindCallbackToken {
			out[v] = s.values[v]
		}
	}
	return out
}

// variants returns the forms a value may take in stored text: raw,
// URL-encoded (query and path) and JSON-escaped.
func variants(v string) []string {
	out := []string{v}
	for _, e := range []string{url.QueryEscape(v), url.PathEscape(v), jsonEscape(v)} {
		dup := false
		for _, o := range out {
			if o == e {
				dup = true
			}
		}
		if !dup {
			out = append(out, e)
		}
	}
	return out
}

// jsonEscape returns v as it appears inside a JSON string.
func jsonEscape(v string) string {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	return string(b[1 : len(b)-1])
}

// basicForms returns base64(id:secret) for every known client id and client
// secret, in standard and URL-safe encodings.
func (s *Set) basicForms() map[string]string {
	out := map[string]string{}
	for _, id := range s.clientIDs {
		for v, k := range s.kinds {
			if k != KindClientSecret {
				continue
			}
			raw := id + ":" + v
			ph := base64.StdEncoding.EncodeToString([]byte(id + ":" + s.values[v]))
			out[base64.StdEncoding.EncodeToString([]byte(raw))] = ph
			out[base64.URLEncoding.EncodeToString([]byte(raw))] = ph
		}
	}
	return out
}

// pairs returns every (needle, placeholder) pair, longest needle first so
// that a longer secret wins over a shorter one it contains.
// s.mu must be held.
func (s *Set) pairs() [][2]string {
	seen := map[string]bool{}
	var out [][2]string
	for _, v := range s.order {
		for _, n := range variants(v) {
			if !seen[n] {
				seen[n] = true
				out = append(out, [2]string{n, s.values[v]})
			}
		}
	}
	for _, v := range s.pendOrder {
		kind, ok := s.pending[v]
		if !ok {
			continue
		}
		for _, n := range variants(v) {
			if !seen[n] {
				seen[n] = true
				out = append(out, [2]string{n, fixedPlaceholder(kind)})
			}
		}
	}
	for n, ph := range s.basicForms() {
		if !seen[n] {
			seen[n] = true
			out = append(out, [2]string{n, ph})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i][0]) != len(out[j][0]) {
			return len(out[i][0]) > len(out[j][0])
		}
		return out[i][0] < out[j][0]
	})
	return out
}

// Replacer returns a replacer of every known secret form, built once per
// change of the set.
func (s *Set) Replacer() *strings.Replacer {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.repl == nil {
		ps := s.pairs()
		args := make([]string, 0, 2*len(ps))
		for _, p := range ps {
			args = append(args, p[0], p[1])
		}
		s.repl = strings.NewReplacer(args...)
	}
	return s.repl
}

// needles returns every form of every known secret for the leak scan,
// people's emails and phone numbers included.
func (s *Set) needles() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, v := range s.order {
		out = append(out, variants(v)...)
	}
	for v := range s.pending {
		out = append(out, variants(v)...)
	}
	for n := range s.basicForms() {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
