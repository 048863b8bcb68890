package replay

import (
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// scrubbedMarker stands in, inside a masked matching key, for a value the
// recording scrubbed. It cannot occur in a request: NUL is not sent
// unescaped in a query, form or JSON string.
const scrubbedMarker = "\x00scrubbed"

// placeholderPhone matches the phone placeholders the scrubber writes.
var placeholderPhone = regexp.MustCompile(`^\+1-555-000-[0-9]{4}$`)

// isScrubbed reports whether a recorded value is, or carries, a placeholder
// the scrubber wrote in place of a secret or a person's data. Such a value
// matches any value a live client sends in the same place: the client holds
// the real secret, which the recording never saw.
func isScrubbed(v string) bool {
	return strings.Contains(v, "redacted-") || strings.HasSuffix(v, "@redacted.invalid") ||
		(strings.HasPrefix(v, "+1-555-000-") && placeholderPhone.MatchString(v))
}

// mask names the places of a recorded request that hold scrubbed values: query
// parameters, form fields and JSON paths. Applied to a live request, it
// replaces what the request sends there with scrubbedMarker, so that the
// masked keys of the recording and of the request are equal exactly when
// everything else is.
type mask struct {
	// id is the canonical text of the mask, for deduplication.
	id string
	// query and form hold parameter names.
	query, form map[string]bool
	// json holds JSON paths (see jsonPath) of scalar leaves.
	json map[string]bool
	// depth is the deepest JSON path's depth; maskJSON descends no further.
	depth int
}

// maxMaskDepth bounds how deep in a recorded JSON body scrubbed values are
// looked for; bodies deeper than any real SalesLoft request are matched
// exactly below it.
const maxMaskDepth = 32

// jsonPath extends a JSON path by one object key or array index. The
// separator cannot occur in a decoded key that reaches a recording (it is a
// control character), so paths are unambiguous.
func jsonPath(prefix, seg string) string { return prefix + "\x1f" + seg }

// recordedMask returns the mask of a recorded request, or nil when nothing
// in it was scrubbed. q is its query, bkey and bval its body key and value.
func recordedMask(q url.Values, bkey string, bval any) *mask {
	m := &mask{query: scrubbedNames(q), form: map[string]bool{}, json: map[string]bool{}}
	switch kindOf(bkey) {
	case bodyForm:
		if v, ok := bval.(url.Values); ok {
			m.form = scrubbedNames(v)
		}
	case bodyJSON:
		scrubbedPaths(bval, "", 0, m)
	}
	if len(m.query)+len(m.form)+len(m.json) == 0 {
		return nil
	}
	parts := []string{"q:" + joinSorted(m.query), "f:" + joinSorted(m.form), "j:" + joinSorted(m.json)}
	m.id = strings.Join(parts, "\x1e")
	return m
}

// scrubbedNames returns the names of v whose values include a scrubbed one.
func scrubbedNames(v url.Values) map[string]bool {
	out := map[string]bool{}
	for k, vs := range v {
		for _, s := range vs {
			if isScrubbed(s) {
				out[k] = true
				break
			}
		}
	}
	return out
}

// scrubbedPaths adds to m the paths of v's scrubbed string leaves.
func scrubbedPaths(v any, path string, depth int, m *mask) {
	if depth > maxMaskDepth {
		return
	}
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			scrubbedPaths(e, jsonPath(path, k), depth+1, m)
		}
	case []any:
		for i, e := range t {
			scrubbedPaths(e, jsonPath(path, "#"+strconv.Itoa(i)), depth+1, m)
		}
	case string:
		if depth > 0 && isScrubbed(t) {
			m.json[path] = true
			m.depth = max(m.depth, depth)
		}
	}
}

// joinSorted joins a set's members sorted.
func joinSorted(set map[string]bool) string {
	ks := make([]string, 0, len(set))
	for k := range set {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, "\x1d")
}

// apply returns the masked matching key of a request: of a live one when
// live is true, of the recording m was made from otherwise.
func (m *mask) apply(rq *request, live bool) string {
	q := rq.queryVals
	if len(m.query) > 0 {
		q = maskValues(q, m.query, live)
	}
	bkey := rq.bkey
	switch kindOf(bkey) {
	case bodyForm:
		if v, ok := rq.bval.(url.Values); ok && len(m.form) > 0 {
			bkey = bodyForm + canonicalValues(maskValues(v, m.form, live))
		}
	case bodyJSON:
		if len(m.json) > 0 {
			bkey = bodyJSON + string(canonicalJSON(nil, maskJSON(rq.bval, "", 0, m, live)))
		}
	}
	return matchKey(rq.method, rq.path, canonicalValues(q), bkey)
}

// maskValues returns a copy of v with every value of the named parameters
// replaced by scrubbedMarker (see maskable).
func maskValues(v url.Values, names map[string]bool, live bool) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		if names[k] {
			masked := make([]string, len(vs))
			for i, s := range vs {
				masked[i] = maskable(s, live)
			}
			out[k] = masked
			continue
		}
		out[k] = vs
	}
	return out
}

// maskable returns what a value at a scrubbed place becomes in a masked key:
// scrubbedMarker for a recorded placeholder or a live real value, the value
// itself for a live request that sends a placeholder. Such a request replays the recording (the replay target
// configures its clients with placeholders), where placeholders are exact:
// sending redacted-refresh-token-1 where the recording sent -3 is the bug a
// rotation spec must catch.
func maskable(s string, live bool) string {
	if live && isScrubbed(s) {
		return s
	}
	return scrubbedMarker
}

// maskJSON returns v with the scalars at m's paths replaced by
// scrubbedMarker. It copies only the objects and arrays above m.depth and
// shares everything below, so a deeply nested request costs no more than a
// shallow one.
func maskJSON(v any, path string, depth int, m *mask, live bool) any {
	if depth > m.depth {
		return v
	}
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = maskJSON(e, jsonPath(path, k), depth+1, m, live)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = maskJSON(e, jsonPath(path, "#"+strconv.Itoa(i)), depth+1, m, live)
		}
		return out
	case nil:
		return v
	}
	if m.json[path] {
		if str, ok := v.(string); ok {
			return maskable(str, live)
		}
		return scrubbedMarker
	}
	return v
}
