package replay

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
)

// Bounds of the JSON diff a miss explains itself with: the work is linear
// in the body and bounded whatever its depth (a request nested 10,000 deep
// costs as much as a flat one of the same size).
const (
	// maxDiffDepth is the depth below which a subtree is compared as a
	// whole, by a hash of its JSON text, not leaf by leaf.
	maxDiffDepth = 32
	// maxDiffLeaves bounds the leaves flattened per body.
	maxDiffLeaves = 2000
	// maxDiffBody bounds the request body compared at all.
	maxDiffBody = 1 << 20
)

// deepMarker starts the flattened value of a subtree below maxDiffDepth.
const deepMarker = "\x00deep:"

// flatBody is a JSON body flattened once per miss: each leaf's JSON text
// keyed by a path like data.items[0].id.
type flatBody struct {
	leaves map[string]string
	// partial is true when maxDiffLeaves cut the flattening short.
	partial bool
}

// newFlatBody flattens rq's JSON body, if it has one.
func newFlatBody(rq *request) *flatBody {
	f := &flatBody{leaves: map[string]string{}}
	if kindOf(rq.bkey) == bodyJSON && len(rq.body) <= maxDiffBody {
		f.partial = !flattenJSON(rq.bval, "", 0, f.leaves)
	}
	return f
}

// flattenJSON adds every leaf of v to out, keyed by its path. Subtrees
// below maxDiffDepth become one leaf holding a hash of their JSON text. It
// returns false when out reached maxDiffLeaves.
func flattenJSON(v any, prefix string, depth int, out map[string]string) bool {
	if len(out) >= maxDiffLeaves {
		return false
	}
	if depth >= maxDiffDepth {
		switch v.(type) {
		case map[string]any, []any:
			h := fnv.New64a()
			// Hash.Write never fails.
			_, _ = h.Write(canonicalJSON(nil, v))
			out[prefix] = deepMarker + strconv.FormatUint(h.Sum64(), 16)
			return true
		}
	}
	switch t := v.(type) {
	case map[string]any:
		if len(t) == 0 {
			out[prefix] = "{}"
		}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			if !flattenJSON(t[k], p, depth+1, out) {
				return false
			}
		}
	case []any:
		if len(t) == 0 {
			out[prefix] = "[]"
		}
		for i, e := range t {
			if !flattenJSON(e, prefix+"["+strconv.Itoa(i)+"]", depth+1, out) {
				return false
			}
		}
	default:
		out[prefix] = marshalJSON(t, false)
	}
	return true
}

// diff lists the JSON paths where the body differs from a recorded value.
// A recorded placeholder equals any value sent in its place.
func (f *flatBody) diff(want any) []string {
	w := map[string]string{}
	partial := !flattenJSON(want, "", 0, w) || f.partial
	g := f.leaves
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
			out = append(out, fmt.Sprintf("%s %s not recorded", name, shownLeaf(k, gv)))
		case !inG && inW:
			out = append(out, fmt.Sprintf("%s missing (recorded %s)", name, shownLeaf(k, wv)))
		case gv != wv && !sameOrScrubbed(unquote(gv), unquote(wv)):
			out = append(out, fmt.Sprintf("%s %s != %s", name, shownLeaf(k, gv), shownLeaf(k, wv)))
		}
	}
	if partial {
		out = append(out, fmt.Sprintf("(only the first %d values compared)", maxDiffLeaves))
	}
	return out
}

// shownLeaf renders a flattened leaf for a message.
func shownLeaf(path, v string) string {
	if len(v) >= len(deepMarker) && v[:len(deepMarker)] == deepMarker {
		return fmt.Sprintf("(nested deeper than %d levels)", maxDiffDepth)
	}
	return showValue(path, unquote(v))
}
