package spec

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
)

// A Difference is one JSON path at which two decoded JSON values differ.
type Difference struct {
	// Path is the JSON path, e.g. "data[id=1].tags[0]".
	Path string
	// A and B are the values at Path (nil for one that lacks it).
	A, B any
	// OnlyA and OnlyB mark a key or array element that only one value has.
	OnlyA, OnlyB bool
}

// Arrays says how DiffJSON compares two arrays of different lengths. Arrays
// of the same length are always compared element by element.
type Arrays int

const (
	// ByIndex compares them element by element too; an element only one of
	// them has is a Difference of its own (OnlyA or OnlyB).
	ByIndex Arrays = iota
	// Whole reports them as one Difference holding both arrays.
	Whole
)

// DiffJSON lists where two decoded JSON values differ, one Difference per
// JSON path under at, in path order: objects are compared key by key, arrays
// as arrays says, and anything else as a whole. It lists nothing when a and
// b are deeply equal.
func DiffJSON(at string, a, b any, arrays Arrays) []Difference {
	var out []Difference
	diffAt(at, a, b, arrays, &out)
	return out
}

func diffAt(path string, a, b any, arrays Arrays, out *[]Difference) {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			break
		}
		keys := slices.Sorted(maps.Keys(av))
		for k := range bv {
			if _, ok := av[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			x, inA := av[k]
			y, inB := bv[k]
			switch {
			case !inB:
				*out = append(*out, Difference{Path: path + "." + k, A: x, OnlyA: true})
			case !inA:
				*out = append(*out, Difference{Path: path + "." + k, B: y, OnlyB: true})
			default:
				diffAt(path+"."+k, x, y, arrays, out)
			}
		}
		return
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) && arrays == Whole {
			break
		}
		for i := range max(len(av), len(bv)) {
			at := fmt.Sprintf("%s[%d]", path, i)
			switch {
			case i >= len(bv):
				*out = append(*out, Difference{Path: at, A: av[i], OnlyA: true})
			case i >= len(av):
				*out = append(*out, Difference{Path: at, B: bv[i], OnlyB: true})
			default:
				diffAt(at, av[i], bv[i], arrays, out)
			}
		}
		return
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, Difference{Path: path, A: a, B: b})
	}
}

// maxShown bounds how much of a value ShortJSON shows.
const maxShown = 120

// ShortJSON renders v as compact JSON for a problem line, cut to 120
// characters.
func ShortJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	if len(b) > maxShown {
		return string(b[:maxShown]) + "…"
	}
	return string(b)
}
