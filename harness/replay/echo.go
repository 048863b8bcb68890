package replay

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"maps"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// A recorded placeholder that a live request's value matched is bound to that
// value for the client (the session: its spec and Authorization header), and
// every answer served to that client afterwards carries the live value where
// the recording's answer carries the placeholder. So a client that creates a
// webhook subscription with its own callback_token reads that token back from
// the create, from a later GET and from the PUT, as the real API answers,
// instead of redacted-callback-token-1.
//
// Only values the client itself sent are put back, and only to that client:
// a placeholder the client never sent stands for a value the server made
// (an access or refresh token a token response hands out, another person's
// email) and is served as recorded. Handing out the placeholder rather than
// a fresh value keeps a token chain replayable: the client sends the
// placeholder back, which matches the recorded follow-up exactly (a
// placeholder sent matches only itself, see maskable), so a rotation replays
// in recorded order and a client that reuses the old refresh token still
// misses; a fresh value would match any recorded token. Nothing is written:
// bindings live in memory, keyed by a hash of the credential.

// placeholderText finds the placeholders the scrubber writes, whole:
// redacted-client-secret, redacted-callback-token-12, person-3@redacted.invalid,
// +1-555-000-0004.
var placeholderText = regexp.MustCompile(`redacted-[a-z]+(?:-[a-z]+)*(?:-[0-9]+)?|person-[0-9]+@redacted\.invalid|\+1-555-000-[0-9]{4}`)

// maxSessions bounds the clients whose bindings are remembered, and
// maxBindings the bindings of one client; past them new ones are not kept
// (the answer then carries the placeholder, as before bindings existed).
const (
	maxSessions = 4096
	maxBindings = 64
)

// sessionKey identifies a client within a spec (or the default mode).
type sessionKey [sha256.Size]byte

// sessions holds the placeholder bindings of each client, per spec.
type sessions struct {
	mu     sync.Mutex
	n      int
	bySpec map[string]map[sessionKey]map[string]string
}

// keyOf returns the session key of a client of spec with Authorization auth.
func keyOf(spec, auth string) sessionKey {
	return sha256.Sum256([]byte(spec + "\x00" + auth))
}

// bind adds the bindings of one request to a session and returns all of
// that session's bindings (placeholder -> live value), nil when none.
func (ss *sessions) bind(spec string, k sessionKey, add map[string]string) map[string]string {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	m := ss.bySpec[spec][k]
	if len(add) == 0 {
		return clonePairs(m)
	}
	if m == nil {
		if ss.n >= maxSessions {
			return add
		}
		if ss.bySpec == nil {
			ss.bySpec = map[string]map[sessionKey]map[string]string{}
		}
		if ss.bySpec[spec] == nil {
			ss.bySpec[spec] = map[sessionKey]map[string]string{}
		}
		m = map[string]string{}
		ss.bySpec[spec][k] = m
		ss.n++
	}
	for ph, v := range add {
		if _, ok := m[ph]; ok || len(m) < maxBindings {
			m[ph] = v // the latest value the client sent wins (a PUT changing it)
		}
	}
	return clonePairs(m)
}

// clonePairs copies a binding map (nil for an empty one).
func clonePairs(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}

// forget drops the sessions of one spec.
func (ss *sessions) forget(spec string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.n -= len(ss.bySpec[spec])
	delete(ss.bySpec, spec)
}

// forgetAll drops the sessions of every spec.
func (ss *sessions) forgetAll() {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.bySpec, ss.n = nil, 0
}

// bindings returns what the recorded placeholders of e are in the live
// request rq that matched it through e's mask: placeholder -> live value.
// A live value that is itself a placeholder binds nothing.
func bindings(e *entry, rq *request) map[string]string {
	out := map[string]string{}
	pairs(e, rq, func(rec, live string) bool {
		bindValue(out, rec, live)
		return true
	})
	return out
}

// placeholdersAgree reports whether every placeholder rq sends at a place e
// scrubbed is the one e recorded there: a loose match (lookupMasked) must
// not serve the answer to redacted-refresh-token-3 for -1.
func placeholdersAgree(e *entry, rq *request) bool {
	return pairs(e, rq, func(rec, live string) bool {
		return live == rec || !isScrubbed(live)
	})
}

// pairs calls f with the recorded and the live value of every place e's
// mask names (query parameters, form fields, JSON string leaves), until f
// returns false; it returns false when f did.
func pairs(e *entry, rq *request, f func(rec, live string) bool) bool {
	if e.mask == nil {
		return true
	}
	pairValues := func(rec, live url.Values, names map[string]bool) bool {
		for name := range names {
			r, l := rec[name], live[name]
			for i := range min(len(r), len(l)) {
				if !f(r[i], l[i]) {
					return false
				}
			}
		}
		return true
	}
	if !pairValues(e.qvals, rq.queryVals, e.mask.query) {
		return false
	}
	if rv, ok := e.bval.(url.Values); ok {
		if lv, ok := rq.bval.(url.Values); ok && !pairValues(rv, lv, e.mask.form) {
			return false
		}
	}
	for path := range e.mask.json {
		r, rok := leafAt(e.bval, path).(string)
		l, lok := leafAt(rq.bval, path).(string)
		if rok && lok && !f(r, l) {
			return false
		}
	}
	return true
}

// bindValue binds the placeholder in a recorded value to what the live value
// holds in its place: the whole live value when the recorded one is just the
// placeholder, the middle when both share what surrounds it ("Bearer
// redacted-x-1" and "Bearer abc" bind redacted-x-1 to abc).
func bindValue(out map[string]string, rec, live string) {
	if rec == live || isScrubbed(live) {
		return
	}
	locs := placeholderText.FindAllStringIndex(rec, 2)
	if len(locs) != 1 {
		return // none, or more than one: which part is which is unknown
	}
	pre, ph, suf := rec[:locs[0][0]], rec[locs[0][0]:locs[0][1]], rec[locs[0][1]:]
	if len(live) <= len(pre)+len(suf) || !strings.HasPrefix(live, pre) || !strings.HasSuffix(live, suf) {
		return
	}
	out[ph] = live[len(pre) : len(live)-len(suf)]
}

// leafAt returns the value at a JSON path (see jsonPath), nil when absent.
func leafAt(v any, path string) any {
	for _, seg := range strings.Split(path, "\x1f")[1:] {
		switch t := v.(type) {
		case map[string]any:
			v = t[seg]
		case []any:
			i, err := strconv.Atoi(strings.TrimPrefix(seg, "#"))
			if err != nil || !strings.HasPrefix(seg, "#") || i < 0 || i >= len(t) {
				return nil
			}
			v = t[i]
		default:
			return nil
		}
	}
	return v
}

// putBound returns b with every bound placeholder replaced by the client's
// value, written by escape. Placeholders are replaced whole only: binding
// redacted-x-1 leaves redacted-x-12 alone.
func putBound(b []byte, bound map[string]string, escape func(string) string) []byte {
	if len(bound) == 0 || !mayHoldPlaceholder(b) {
		return b
	}
	return placeholderText.ReplaceAllFunc(b, func(m []byte) []byte {
		if v, ok := bound[string(m)]; ok {
			return []byte(escape(v))
		}
		return m
	})
}

// jsonEscape writes a value inside a JSON string.
func jsonEscape(v string) string {
	q, err := json.Marshal(v)
	if err != nil {
		return v // a Go string always encodes; keep the caller total
	}
	return string(q[1 : len(q)-1])
}

// keepAsIs writes a value unchanged, for a body that is not JSON.
func keepAsIs(v string) string { return v }

// mayHoldPlaceholder is a cheap test before the regular expression runs; it
// also holds for a query-escaped phone placeholder (%2B1-555-000-...).
func mayHoldPlaceholder(b []byte) bool {
	return bytes.Contains(b, []byte("redacted")) || bytes.Contains(b, []byte("1-555-000-"))
}
