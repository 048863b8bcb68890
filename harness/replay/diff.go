package replay

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/loftgate/loftgate/harness/wire"
)

// Kinds of drift, the values of Change.Kind.
const (
	// ChangeFieldAdded: a response field (JSON path) appears that was not recorded before.
	ChangeFieldAdded = "field-added"
	// ChangeFieldRemoved: a previously recorded response field is gone.
	ChangeFieldRemoved = "field-removed"
	// ChangeFieldRetyped: a response field's JSON types changed (Old and New list them).
	ChangeFieldRetyped = "field-retyped"
	// ChangeStatus: the set of status codes the operation answered changed.
	ChangeStatus = "status"
	// ChangeCost: the operation's x-ratelimit-endpoint-cost changed.
	ChangeCost = "cost"
	// ChangeInteractionNew: a spec made a request it did not make before.
	ChangeInteractionNew = "interaction-new"
	// ChangeInteractionVanished: a spec no longer makes a request it made before.
	ChangeInteractionVanished = "interaction-vanished"
)

// kindRank orders kinds in output.
var kindRank = map[string]int{
	ChangeFieldRemoved: 0, ChangeFieldRetyped: 1, ChangeFieldAdded: 2, ChangeStatus: 3,
	ChangeCost: 4, ChangeInteractionVanished: 5, ChangeInteractionNew: 6,
}

// Change is one difference between two recordings of the same operation.
type Change struct {
	// Operation is the contract operation key ("GET /v2/me"), or the method
	// and normalised path of a request the contract does not know.
	Operation string
	// Kind is one of the Change* constants.
	Kind string
	// Path is the JSON path of the field (arrays as [], e.g. data[].email)
	// for field changes, or the spec and request line for interaction changes.
	Path string
	// Old and New are what was recorded before and now: types, status codes or costs.
	Old, New string
	// Status is the response status the field change was seen in; 0 otherwise.
	Status int
	// Breaking is true when a field the integration declares it reads
	// (MIG-FIELDS-CONSUMED) is removed or retyped (itself, a parent or a
	// child), or when every interaction of an operation it reads from vanished.
	// Added fields are never breaking.
	Breaking bool
}

// opStats is what one recording says about one operation.
type opStats struct {
	statuses     map[int]bool
	costs        map[string]bool
	fields       map[int]map[string]map[string]bool // status -> path -> JSON types
	interactions map[string]string                  // identity -> "spec: request line"
}

// numberedPlaceholder matches a numbered placeholder such as
// redacted-refresh-token-12; the first group is it without its number.
var numberedPlaceholder = regexp.MustCompile(`(redacted-[a-z-]+?)-[0-9]+\b`)

// Diff compares two recordings per operation: response fields added,
// removed or retyped (per status code seen in both), status codes, rate
// costs, and interactions new or vanished. consumed maps operation keys to
// the JSON paths the integration reads (data.email; "[]" optional); match
// maps a request to its operation key (contract.Match), and may be nil.
// Changes come breaking first, then by operation.
func Diff(old, new *Set, consumed map[string][]string, match func(method, path string) (string, bool)) []Change {
	o, n := collect(old, match), collect(new, match)
	ops := map[string]bool{}
	for k := range o {
		ops[k] = true
	}
	for k := range n {
		ops[k] = true
	}
	var out []Change
	for op := range ops {
		a, b := o[op], n[op]
		if a == nil {
			a = newOpStats()
		}
		if b == nil {
			b = newOpStats()
		}
		out = append(out, diffOp(op, a, b, consumed[op])...)
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Breaking != y.Breaking {
			return x.Breaking
		}
		if x.Operation != y.Operation {
			return x.Operation < y.Operation
		}
		if kindRank[x.Kind] != kindRank[y.Kind] {
			return kindRank[x.Kind] < kindRank[y.Kind]
		}
		if x.Path != y.Path {
			return x.Path < y.Path
		}
		return x.Status < y.Status
	})
	return out
}

// newOpStats returns empty stats.
func newOpStats() *opStats {
	return &opStats{statuses: map[int]bool{}, costs: map[string]bool{}, fields: map[int]map[string]map[string]bool{}, interactions: map[string]string{}}
}

// collect gathers per-operation stats of a set.
func collect(s *Set, match func(method, path string) (string, bool)) map[string]*opStats {
	out := map[string]*opStats{}
	if s == nil {
		return out
	}
	occurrence := map[string]int{}
	for _, e := range s.entries {
		op := e.method + " " + e.path
		if match != nil {
			if k, ok := match(e.method, e.in.Request.Path); ok {
				op = k
			}
		}
		st := out[op]
		if st == nil {
			st = newOpStats()
			out[op] = st
		}
		// Numbered placeholders depend on what else was recorded (a partial
		// recording numbers from 1), so they do not tell interactions apart.
		id := e.spec + "\x00" + numberedPlaceholder.ReplaceAllString(e.key, "$1")
		occurrence[id]++
		label := e.spec + ": " + requestLine(e.method, e.in.Request.Path, e.query)
		if c := occurrence[id]; c > 1 {
			id += "#" + strconv.Itoa(c)
			label += fmt.Sprintf(" (#%d)", c)
		}
		st.interactions[id] = label
		if e.in.Response.Error != "" {
			continue
		}
		st.statuses[e.status] = true
		if c := e.header.Get("X-Ratelimit-Endpoint-Cost"); c != "" {
			st.costs[c] = true
		}
		if v, err := wire.DecodeJSON(e.served); err == nil {
			f := st.fields[e.status]
			if f == nil {
				f = map[string]map[string]bool{}
				st.fields[e.status] = f
			}
			shape(v, "", f)
		}
	}
	return out
}

// shape records the JSON type of every path in v (arrays as []).
func shape(v any, path string, out map[string]map[string]bool) {
	if path != "" {
		t := out[path]
		if t == nil {
			t = map[string]bool{}
			out[path] = t
		}
		t[jsonType(v)] = true
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			shape(e, p, out)
		}
	case []any:
		for _, e := range x {
			shape(e, path+"[]", out)
		}
	}
}

// jsonType names the JSON type of a decoded value; integers and other
// numbers differ, since a client decoding into an int breaks on 1.5.
func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if strings.ContainsAny(x.String(), ".eE") {
			return "number"
		}
		return "integer"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return "unknown"
}

// diffOp compares the stats of one operation.
func diffOp(op string, a, b *opStats, consumed []string) []Change {
	var out []Change
	if sa, sb := intSet(a.statuses), intSet(b.statuses); sa != sb && (sa != "" && sb != "") {
		out = append(out, Change{Operation: op, Kind: ChangeStatus, Old: sa, New: sb})
	}
	if ca, cb := strSet(a.costs), strSet(b.costs); ca != cb && ca != "" && cb != "" {
		out = append(out, Change{Operation: op, Kind: ChangeCost, Old: ca, New: cb})
	}
	for status, fa := range a.fields {
		fb, ok := b.fields[status]
		if !ok {
			continue
		}
		for _, p := range topmost(fa, fb) {
			out = append(out, Change{Operation: op, Kind: ChangeFieldRemoved, Path: p, Old: strSet(fa[p]), Status: status, Breaking: touches(p, consumed)})
		}
		for _, p := range topmost(fb, fa) {
			// A new field breaks no reader.
			out = append(out, Change{Operation: op, Kind: ChangeFieldAdded, Path: p, New: strSet(fb[p]), Status: status})
		}
		for p, ta := range fa {
			if tb, ok := fb[p]; ok && strSet(ta) != strSet(tb) {
				out = append(out, Change{Operation: op, Kind: ChangeFieldRetyped, Path: p, Old: strSet(ta), New: strSet(tb), Status: status, Breaking: touches(p, consumed)})
			}
		}
	}
	vanishedAll := len(b.interactions) == 0 && len(a.interactions) > 0
	for id, label := range a.interactions {
		if _, ok := b.interactions[id]; !ok {
			out = append(out, Change{Operation: op, Kind: ChangeInteractionVanished, Path: label, Breaking: vanishedAll && len(consumed) > 0})
		}
	}
	for id, label := range b.interactions {
		if _, ok := a.interactions[id]; !ok {
			out = append(out, Change{Operation: op, Kind: ChangeInteractionNew, Path: label})
		}
	}
	return out
}

// topmost returns the paths of x missing from y whose parent is not itself
// missing, sorted: a removed object is one change, not one per field.
func topmost(x, y map[string]map[string]bool) []string {
	var out []string
	for p := range x {
		if _, ok := y[p]; ok {
			continue
		}
		if par := parent(p); par != "" {
			if _, inX := x[par]; inX {
				if _, inY := y[par]; !inY {
					continue
				}
			}
		}
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// parent returns the parent of a JSON path ("data[].id" -> "data[]" -> "data").
func parent(p string) string {
	if strings.HasSuffix(p, "[]") {
		return strings.TrimSuffix(p, "[]")
	}
	if i := strings.LastIndex(p, "."); i >= 0 {
		return p[:i]
	}
	return ""
}

// touches reports whether a changed path is, contains or lies inside a
// consumed path. "[]" is ignored on both sides.
func touches(p string, consumed []string) bool {
	cp := strings.ReplaceAll(p, "[]", "")
	for _, c := range consumed {
		c = strings.ReplaceAll(c, "[]", "")
		if cp == c || strings.HasPrefix(c, cp+".") || strings.HasPrefix(cp, c+".") {
			return true
		}
	}
	return false
}

// intSet renders a set of ints sorted, comma-separated.
func intSet(m map[int]bool) string {
	ks := make([]int, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = strconv.Itoa(k)
	}
	return strings.Join(s, ", ")
}

// strSet renders a set of strings sorted, "|"-separated.
func strSet(m map[string]bool) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, "|")
}

// FormatDiff writes changes for people: a summary line, then one line per
// change, breaking ones first and marked BREAKING.
func FormatDiff(w io.Writer, changes []Change) error {
	var b strings.Builder
	if len(changes) == 0 {
		b.WriteString("drift: none; the new recording answers like the old one\n")
	} else {
		breaking := 0
		for _, c := range changes {
			if c.Breaking {
				breaking++
			}
		}
		fmt.Fprintf(&b, "drift: %d change(s), %d breaking\n", len(changes), breaking)
		for _, c := range changes {
			mark := "  "
			if c.Breaking {
				mark = "BREAKING "
			}
			fmt.Fprintf(&b, "%s%s: %s\n", mark, c.Operation, describe(c))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// describe renders the body of one change line.
func describe(c Change) string {
	at := ""
	if c.Status != 0 {
		at = fmt.Sprintf(" (in %d responses)", c.Status)
	}
	switch c.Kind {
	case ChangeFieldAdded:
		return fmt.Sprintf("field added %s: %s%s", c.Path, c.New, at)
	case ChangeFieldRemoved:
		return fmt.Sprintf("field removed %s (was %s)%s", c.Path, c.Old, at)
	case ChangeFieldRetyped:
		return fmt.Sprintf("field retyped %s: %s -> %s%s", c.Path, c.Old, c.New, at)
	case ChangeStatus:
		return fmt.Sprintf("status codes %s -> %s", c.Old, c.New)
	case ChangeCost:
		return fmt.Sprintf("rate cost (x-ratelimit-endpoint-cost) %s -> %s", c.Old, c.New)
	case ChangeInteractionNew:
		return "new interaction " + c.Path
	case ChangeInteractionVanished:
		return "vanished interaction " + c.Path
	}
	return c.Kind + " " + c.Path
}
