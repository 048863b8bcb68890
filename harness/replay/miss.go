package replay

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// ErrMiss is matched (errors.Is) by every *Miss.
var ErrMiss = errors.New("replay: no recorded answer")

// Miss is a request replay had no answer for. It never reaches the network.
type Miss struct {
	// Spec is the spec the request was scoped to (X-Loftgate-Spec), or "" for
	// a request matched against every interaction.
	Spec string
	// Method and Path are the request's, as sent.
	Method, Path string
	// Query is the request's canonical query string.
	Query string
	// Exhausted is the number of recorded answers for this exact request that
	// were all used already; 0 when nothing recorded matches.
	Exhausted int
	// NoFixture is true when no fixture file exists for Spec at all.
	NoFixture bool
	// Nearest is the request line of the closest recorded candidate, or "".
	Nearest string
	// NearestFile and NearestIndex (1-based) locate that candidate.
	NearestFile  string
	NearestIndex int
	// Differences say how the request differs from Nearest, grouped
	// ("query differs: page \"3\" != \"2\"", "body differs: ...").
	Differences []string
	// ElsewhereSpec names another spec whose fixture holds this exact request.
	ElsewhereSpec string
}

// Error explains the miss and what to do about it.
func (m *Miss) Error() string {
	var b strings.Builder
	b.WriteString("replay: ")
	b.WriteString(requestLine(m.Method, m.Path, m.Query))
	b.WriteString(": ")
	in := ""
	if m.Spec != "" {
		in = fmt.Sprintf(" in spec %q", m.Spec)
	}
	switch {
	case m.NoFixture:
		fmt.Fprintf(&b, "no fixture file for spec %q; %s", m.Spec, reRecord)
		return b.String()
	case m.Exhausted > 0:
		word := "answers"
		if m.Exhausted == 1 {
			word = "answer"
		}
		fmt.Fprintf(&b, "all %d recorded %s used%s; the request was made more often than when recording; %s", m.Exhausted, word, in, reRecord)
		return b.String()
	}
	b.WriteString("no recorded answer")
	b.WriteString(in)
	if m.Nearest != "" {
		b.WriteString("; nearest: ")
		b.WriteString(m.Nearest)
		if len(m.Differences) > 0 {
			b.WriteString(" (")
			b.WriteString(strings.Join(m.Differences, "; "))
			b.WriteString(")")
		}
		if m.NearestFile != "" {
			fmt.Fprintf(&b, " at %s interaction %d", m.NearestFile, m.NearestIndex)
		}
	} else {
		b.WriteString("; nothing recorded to compare with")
	}
	if m.ElsewhereSpec != "" {
		fmt.Fprintf(&b, "; the same request is recorded in spec %q", m.ElsewhereSpec)
	}
	return b.String()
}

// Is reports whether target is ErrMiss.
func (m *Miss) Is(target error) bool { return target == ErrMiss }

// requestLine renders "METHOD path?query".
func requestLine(method, path, query string) string {
	if query == "" {
		return method + " " + path
	}
	return method + " " + path + "?" + query
}

// secretFields are field and parameter names whose values are secrets.
var secretFields = map[string]bool{
	"access_token": true, "refresh_token": true, "code": true, "client_secret": true,
	"callback_token": true, "api_key": true, "password": true, "id_token": true,
}

// showValue quotes a value for a miss message, hiding it when it sits under a
// secret-named field and is not a placeholder.
func showValue(field, v string) string {
	name := field
	if i := strings.LastIndexAny(name, ".]"); i >= 0 {
		name = name[i+1:]
	}
	if secretFields[name] && !strings.HasPrefix(v, "redacted-") && !strings.HasPrefix(v, `"redacted-`) {
		return "<hidden>"
	}
	if len(v) > 80 {
		v = v[:77] + "..."
	}
	return fmt.Sprintf("%q", v)
}

// maxDiffs caps the differences listed per group.
const maxDiffs = 5

// valuesDiff lists how request values differ from recorded ones.
func valuesDiff(got, want url.Values) []string {
	keys := map[string]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var out []string
	for _, k := range sorted {
		g, w := strings.Join(sortedCopy(got[k]), ","), strings.Join(sortedCopy(want[k]), ",")
		_, inG := got[k]
		_, inW := want[k]
		switch {
		case inG && !inW:
			out = append(out, fmt.Sprintf("%s %s not recorded", k, showValue(k, g)))
		case !inG && inW:
			out = append(out, fmt.Sprintf("%s missing (recorded %s)", k, showValue(k, w)))
		case g != w:
			out = append(out, fmt.Sprintf("%s %s != %s", k, showValue(k, g), showValue(k, w)))
		}
	}
	return out
}

// sortedCopy returns a sorted copy of ss.
func sortedCopy(ss []string) []string {
	out := append([]string(nil), ss...)
	sort.Strings(out)
	return out
}

// flattenJSON maps every leaf of a decoded JSON value to its JSON text,
// keyed by a path like data.items[0].id.
func flattenJSON(v any, prefix string, out map[string]string) {
	switch t := v.(type) {
	case map[string]any:
		if len(t) == 0 {
			out[prefix] = "{}"
		}
		for k, e := range t {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			flattenJSON(e, p, out)
		}
	case []any:
		if len(t) == 0 {
			out[prefix] = "[]"
		}
		for i, e := range t {
			flattenJSON(e, fmt.Sprintf("%s[%d]", prefix, i), out)
		}
	default:
		out[prefix] = marshalJSON(t, false)
	}
}

// jsonDiff lists the JSON paths where a request body differs from a recorded one.
func jsonDiff(got, want any) []string {
	g, w := map[string]string{}, map[string]string{}
	flattenJSON(got, "", g)
	flattenJSON(want, "", w)
	keys := make([]string, 0, len(g)+len(w))
	for k := range g {
		keys = append(keys, k)
	}
	for k := range w {
		if _, ok := g[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		gv, inG := g[k]
		wv, inW := w[k]
		name := k
		if name == "" {
			name = "(root)"
		}
		switch {
		case inG && !inW:
			out = append(out, fmt.Sprintf("%s %s not recorded", name, showValue(k, unquote(gv))))
		case !inG && inW:
			out = append(out, fmt.Sprintf("%s missing (recorded %s)", name, showValue(k, unquote(wv))))
		case gv != wv:
			out = append(out, fmt.Sprintf("%s %s != %s", name, showValue(k, unquote(gv)), showValue(k, unquote(wv))))
		}
	}
	return out
}

// unquote turns a JSON string literal back into its text; other JSON is kept.
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' {
		var out string
		if err := json.Unmarshal([]byte(s), &out); err == nil {
			return out
		}
	}
	return s
}

// group renders one group of differences, capped at maxDiffs.
func group(name string, diffs []string) string {
	if len(diffs) == 0 {
		return ""
	}
	more := ""
	if len(diffs) > maxDiffs {
		more = fmt.Sprintf(", and %d more", len(diffs)-maxDiffs)
		diffs = diffs[:maxDiffs]
	}
	return name + " differs: " + strings.Join(diffs, ", ") + more
}

// kindName names a body key's kind for messages.
func kindName(key string) string {
	switch {
	case key == bodyNone:
		return "no body"
	case strings.HasPrefix(key, bodyJSON):
		return "a JSON body"
	case strings.HasPrefix(key, bodyForm):
		return "a form body"
	}
	return "a raw body"
}
