package replay

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/loftgate/loftgate/harness/secret"
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
	// Query is the request's canonical query string, the values of
	// secret-like parameters masked (see maskQuery): a miss is printed.
	Query string
	// Exhausted is the number of recorded answers for this exact request that
	// were all used already; 0 when nothing recorded matches. NearestFile and
	// NearestIndex then locate the last of them.
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
	// CutShort is true when the search stopped at its time bound before
	// comparing every candidate it picked.
	CutShort bool
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
		fmt.Fprintf(&b, "all %d recorded %s used%s", m.Exhausted, word, in)
		if m.NearestFile != "" {
			fmt.Fprintf(&b, " (the last at %s interaction %d)", m.NearestFile, m.NearestIndex)
		}
		fmt.Fprintf(&b, "; the request was made more often than when recording; %s", reRecord)
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
	if m.CutShort {
		b.WriteString(" (search cut short at its time bound)")
	}
	if m.ElsewhereSpec != "" {
		fmt.Fprintf(&b, "; the same request is recorded in spec %q", m.ElsewhereSpec)
	}
	return b.String()
}

// missBody is the JSON body of a miss answer. "error" holds the message, as
// in SalesLoft's own 403 and 404 bodies, so that clients that print an API
// error print it; "loftgate_miss" holds the same facts for tools.
type missBody struct {
	Error string     `json:"error"`
	Miss  missDetail `json:"loftgate_miss"`
}

// missDetail is the structured part of a miss body.
type missDetail struct {
	// Reason is "unrecorded", "exhausted" or "no-fixture".
	Reason string `json:"reason"`
	// Request is the request line, secret-like query values masked.
	Request string `json:"request"`
	// Spec is the request's X-Loftgate-Spec, if any.
	Spec string `json:"spec,omitempty"`
	// Nearest is the closest recorded request line.
	Nearest string `json:"nearest,omitempty"`
	// File and Interaction locate it.
	File        string `json:"file,omitempty"`
	Interaction int    `json:"interaction,omitempty"`
	// Differences say how the request differs from Nearest.
	Differences []string `json:"differences,omitempty"`
}

// body returns the JSON body of the miss answer.
func (m *Miss) body() missBody {
	d := missDetail{Reason: "unrecorded", Request: requestLine(m.Method, m.Path, m.Query), Spec: m.Spec, Nearest: m.Nearest, File: m.NearestFile, Interaction: m.NearestIndex, Differences: m.Differences}
	switch {
	case m.NoFixture:
		d.Reason = "no-fixture"
	case m.Exhausted > 0:
		d.Reason = "exhausted"
	}
	return missBody{Error: m.Error(), Miss: d}
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

// showValue quotes a value for a miss message, hiding it when it sits under
// a secret-like name or looks like a credential, unless it is a placeholder.
func showValue(field, v string) string {
	if !isScrubbed(v) && (secret.SecretName(fieldName(field)) || looksSecret(v)) {
		return hidden
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
		case !sameOrScrubbed(g, w):
			out = append(out, fmt.Sprintf("%s %s != %s", k, showValue(k, g), showValue(k, w)))
		}
	}
	return out
}

// sameOrScrubbed reports whether a sent value matches a recorded one: equal,
// or recorded as a placeholder where a real value was sent (see maskable).
func sameOrScrubbed(got, want string) bool {
	return got == want || (isScrubbed(want) && !isScrubbed(got))
}

// sortedCopy returns a sorted copy of ss.
func sortedCopy(ss []string) []string {
	out := append([]string(nil), ss...)
	sort.Strings(out)
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
