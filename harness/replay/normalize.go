package replay

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/loftgate/loftgate/harness/wire"
)

// LoopbackOrigin is what every loopback origin (http://127.0.0.1:PORT,
// http://localhost:PORT, http://[::1]:PORT) in request queries and bodies,
// response bodies and Location headers becomes, when recording and before
// matching. Spec-side webhook receivers and the simulator listen on random
// ports, so the port must not take part in matching.
const LoopbackOrigin = "http://127.0.0.1:0"

// loopbackURL finds a loopback origin and the path after it; the path is kept
// so that replay can put the caller's own origin back into the answer only
// where the caller's URL was echoed (see origin).
var loopbackURL = regexp.MustCompile(`http://(?:127\.0\.0\.1|localhost|\[::1\]):[0-9]+[^\s"'<>?#&\\]*`)

// loopbackPrefix finds the origin part of a loopbackURL match.
var loopbackPrefix = regexp.MustCompile(`^http://(?:127\.0\.0\.1|localhost|\[::1\]):[0-9]+`)

// origin is a loopback URL seen in a request: its normalised form and what
// the caller actually sent.
type origin struct {
	normalised, original string
}

// normaliseLoopback replaces loopback origins in s by LoopbackOrigin and
// appends each distinct URL it changed to *seen (when seen is not nil).
func normaliseLoopback(s string, seen *[]origin) string {
	if !strings.Contains(s, "http://") {
		return s
	}
	return loopbackURL.ReplaceAllStringFunc(s, func(m string) string {
		n := loopbackPrefix.ReplaceAllLiteralString(m, LoopbackOrigin)
		if seen != nil && n != m {
			dup := false
			for _, o := range *seen {
				if o.original == m {
					dup = true
					break
				}
			}
			if !dup {
				*seen = append(*seen, origin{normalised: n, original: m})
			}
		}
		return n
	})
}

// normalisePath strips a trailing ".json" and a trailing slash: SalesLoft
// answers classic resources with and without ".json" (API-FACTS §3.1).
func normalisePath(p string) string {
	if p == "" {
		return "/"
	}
	for len(p) > 1 && strings.HasSuffix(p, "/") {
		p = p[:len(p)-1]
	}
	p = strings.TrimSuffix(p, ".json")
	if p == "" {
		return "/"
	}
	return p
}

// canonicalValues encodes v with keys sorted and, per key, values sorted.
func canonicalValues(v url.Values) string {
	return encodeSorted(v, func(_, val string) string { return url.QueryEscape(val) })
}

// encodeSorted encodes v with keys sorted and, per key, values sorted;
// render gives the text written for each value of key k.
func encodeSorted(v url.Values, render func(k, val string) string) string {
	if len(v) == 0 {
		return ""
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		vals := append([]string(nil), v[k]...)
		sort.Strings(vals)
		ek := url.QueryEscape(k)
		for _, val := range vals {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(ek)
			b.WriteByte('=')
			b.WriteString(render(k, val))
		}
	}
	return b.String()
}

// parseValues parses a query or form body leniently (wire.ParseValues) and
// normalises loopback origins in every value.
func parseValues(raw string, seen *[]origin) url.Values {
	return wire.ParseValues(raw, func(val string) string { return normaliseLoopback(val, seen) })
}

// canonicalQuery returns the canonical form of a raw query string.
func canonicalQuery(raw string, seen *[]origin) string {
	if raw == "" {
		return ""
	}
	return canonicalValues(parseValues(raw, seen))
}

// Body kinds, the first byte of a body key: JSON and form bodies of the same
// parameters are different requests.
const (
	bodyNone = ""
	bodyJSON = "json:"
	bodyForm = "form:"
	bodyRaw  = "raw:"
)

// walkStrings replaces every string in a decoded JSON value (keys excluded)
// with f(string).
func walkStrings(v any, f func(string) string) any {
	switch t := v.(type) {
	case string:
		return f(t)
	case map[string]any:
		for k, e := range t {
			t[k] = walkStrings(e, f)
		}
	case []any:
		for i, e := range t {
			t[i] = walkStrings(e, f)
		}
	}
	return v
}

// marshalJSON encodes v with sorted keys, without HTML escaping, compact or
// indented by two spaces, and without a trailing newline.
func marshalJSON(v any, indent bool) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		// Values decoded from JSON always encode; keep the caller total.
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// bodyKey returns the matching key of a request body and, for JSON and form
// bodies, the decoded value used to explain differences on a miss.
func bodyKey(contentType string, body []byte, seen *[]origin) (string, any) {
	if len(bytes.TrimSpace(body)) == 0 {
		return bodyNone, nil
	}
	mt := wire.MediaType(contentType)
	switch {
	case mt == "application/x-www-form-urlencoded":
		v := parseValues(string(body), seen)
		return bodyForm + canonicalValues(v), v
	case wire.IsJSON(mt) || mt == "":
		if v, err := wire.DecodeJSON(body); err == nil {
			v = walkStrings(v, func(s string) string { return normaliseLoopback(s, seen) })
			return bodyJSON + string(canonicalJSON(nil, v)), v
		}
	}
	return bodyRaw + normaliseLoopback(string(body), seen), nil
}

// canonicalJSON appends a canonical text of a decoded JSON value to b: keys
// sorted, strings Go-quoted, numbers as sent. It is the matching key of a
// JSON body, not JSON to show; unlike encoding/json it does no reflection
// or cycle checks, so a body nested 10,000 deep costs what a flat one does.
func canonicalJSON(b []byte, v any) []byte {
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendQuote(b, k)
			b = append(b, ':')
			b = canonicalJSON(b, t[k])
		}
		return append(b, '}')
	case []any:
		b = append(b, '[')
		for i, e := range t {
			if i > 0 {
				b = append(b, ',')
			}
			b = canonicalJSON(b, e)
		}
		return append(b, ']')
	case string:
		return strconv.AppendQuote(b, t)
	case json.Number:
		return append(b, t...)
	case bool:
		return strconv.AppendBool(b, t)
	case nil:
		return append(b, "null"...)
	}
	// Decoded JSON holds nothing else; keep the key total anyway.
	return append(b, marshalJSON(v, false)...)
}
