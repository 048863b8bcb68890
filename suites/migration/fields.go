package migration

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/loftgate/loftgate/harness/config"
)

// checkFields lists every declared field that body lacks or holds with
// another JSON type, one line per field: "data.email: missing". A path
// segment ending in [] stands for every element of that array; problems of
// such a field are summed up over the elements ("missing in 3 of 25
// elements, first data[4].email_address"). An empty array has nothing to
// check.
func checkFields(body any, fields []config.Field) []string {
	var problems []string
	for _, f := range fields {
		var leaves []leaf
		walk(body, strings.Split(f.Path, "."), "", &leaves)
		problems = append(problems, summarize(f, leaves)...)
	}
	return problems
}

// leaf is one concrete value a declared path reaches, and what is wrong
// with it ("" when nothing is).
type leaf struct {
	path    string
	problem string
	// whole marks a problem of the path itself (an array that is not
	// one), reported once rather than counted over elements.
	whole bool
}

// walk follows segs from v; at is the concrete path so far.
func walk(v any, segs []string, at string, out *[]leaf) {
	if len(segs) == 0 {
		*out = append(*out, leaf{path: at})
		return
	}
	seg := segs[0]
	key, each := strings.CutSuffix(seg, "[]")
	next := at
	if key != "" {
		obj, ok := v.(map[string]any)
		if !ok {
			*out = append(*out, leaf{path: join(at, key), problem: fmt.Sprintf("missing (%s is %s)", orRoot(at), article(typeOf(v)))})
			return
		}
		next = join(at, key)
		child, ok := obj[key]
		if !ok {
			*out = append(*out, leaf{path: next, problem: "missing"})
			return
		}
		v = child
	}
	if !each {
		if len(segs) == 1 {
			*out = append(*out, leaf{path: next, problem: "\x00" + typeOf(v)}) // typed below
			return
		}
		walk(v, segs[1:], next, out)
		return
	}
	list, ok := v.([]any)
	if !ok {
		*out = append(*out, leaf{path: next, problem: fmt.Sprintf("%s is %s, want an array", orRoot(next), article(typeOf(v))), whole: true})
		return
	}
	for i, e := range list {
		at := fmt.Sprintf("%s[%d]", next, i)
		if len(segs) == 1 {
			*out = append(*out, leaf{path: at, problem: "\x00" + typeOf(e)})
			continue
		}
		walk(e, segs[1:], at, out)
	}
}

// summarize turns the leaves of field f into problem lines: the leaves
// that reached a value are type-checked against f.Type.
func summarize(f config.Field, leaves []leaf) []string {
	var order []string
	byProblem := map[string][]string{}
	whole := map[string]bool{}
	for _, l := range leaves {
		whole[l.problem] = whole[l.problem] || l.whole
		p := l.problem
		if got, reached := strings.CutPrefix(p, "\x00"); reached {
			p = typeProblem(got, f.Type)
		}
		if p == "" {
			continue
		}
		if _, seen := byProblem[p]; !seen {
			order = append(order, p)
		}
		byProblem[p] = append(byProblem[p], l.path)
	}
	var out []string
	for _, p := range order {
		paths := byProblem[p]
		if !strings.Contains(f.Path, "[]") || whole[p] {
			out = append(out, fmt.Sprintf("%s: %s", f.Path, p))
			continue
		}
		out = append(out, fmt.Sprintf("%s: %s in %d of %d elements, first %s", f.Path, p, len(paths), len(leaves), paths[0]))
	}
	return out
}

// typeProblem says why a value of JSON type got does not fit the declared
// type want (a trailing "?" allows null); "" when it fits.
func typeProblem(got, want string) string {
	base, nullable := strings.CutSuffix(want, "?")
	switch {
	case got == base, got == "integer" && base == "number", got == "null" && nullable:
		return ""
	case got == "null":
		return fmt.Sprintf("null, want %s (declare %s? if it may be null)", base, base)
	default:
		return fmt.Sprintf("%s, want %s", article(got), base)
	}
}

// typeOf names the JSON type of a value decoded with UseNumber; integral
// numbers are "integer", others "number".
func typeOf(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		if _, err := strconv.ParseInt(v.String(), 10, 64); err == nil {
			return "integer"
		}
		if f, err := v.Float64(); err == nil && f == math.Trunc(f) && !strings.ContainsAny(v.String(), ".") {
			return "integer"
		}
		return "number"
	default:
		return fmt.Sprintf("%T", v)
	}
}

func article(t string) string {
	switch t {
	case "integer", "object", "array":
		return "an " + t
	case "null":
		return t
	}
	return "a " + t
}

func join(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

func orRoot(at string) string {
	if at == "" {
		return "the body"
	}
	return at
}
