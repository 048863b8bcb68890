package replay

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Bounds of the nearest-candidate search, so that a miss costs the same
// whatever the size of the set and whatever the request holds.
const (
	// maxCandidates is how many recordings one miss compares the request with.
	maxCandidates = 32
	// maxRoutes is how many distinct routes are kept for requests whose
	// path no recording shares (paths differing only in ids are one route).
	maxRoutes = 512
	// maxPerPath is how many recordings of other methods are kept per path.
	maxPerPath = 8
	// nearestBudget bounds the time one search spends comparing; the best
	// candidate compared by then is named.
	nearestBudget = 25 * time.Millisecond
)

// nearIndex holds the candidate indexes of the whole set and of each spec.
type nearIndex struct {
	global *candidates
	specs  map[string]*candidates
}

// candidates indexes recordings for the nearest-candidate search. Every
// list is bounded, and holds one recording per distinct matching key.
type candidates struct {
	// byShape: route and shape (query names, body kind and top-level JSON
	// keys or form names) -> recordings.
	byShape map[string][]*entry
	// byRoute: method and normalised path -> recordings.
	byRoute map[string][]*entry
	// byPath: normalised path -> one recording per method.
	byPath map[string][]*entry
	// routes: one recording per route template, in recorded order.
	routes []*entry

	seenKey   map[string]bool // build time only
	seenRoute map[string]bool // build time only
}

// buildNearIndex indexes the set for the nearest-candidate search.
func buildNearIndex(s *Set) *nearIndex {
	ni := &nearIndex{global: newCandidates(), specs: map[string]*candidates{}}
	for _, e := range s.entries {
		ni.global.add(e)
		c := ni.specs[e.spec]
		if c == nil {
			c = newCandidates()
			ni.specs[e.spec] = c
		}
		c.add(e)
	}
	ni.global.seenKey, ni.global.seenRoute = nil, nil
	for _, c := range ni.specs {
		c.seenKey, c.seenRoute = nil, nil
	}
	return ni
}

// newCandidates returns an empty index.
func newCandidates() *candidates {
	return &candidates{byShape: map[string][]*entry{}, byRoute: map[string][]*entry{}, byPath: map[string][]*entry{}, seenKey: map[string]bool{}, seenRoute: map[string]bool{}}
}

// add indexes e unless a recording of the same key is indexed already.
func (c *candidates) add(e *entry) {
	if c.seenKey[e.key] {
		return
	}
	c.seenKey[e.key] = true
	rk := routeKey(e.method, e.path)
	sk := rk + "|" + shapeOf(e.qvals, e.body, e.bval)
	if len(c.byShape[sk]) < maxCandidates {
		c.byShape[sk] = append(c.byShape[sk], e)
	}
	if len(c.byRoute[rk]) < maxCandidates {
		c.byRoute[rk] = append(c.byRoute[rk], e)
	}
	if ps := c.byPath[e.path]; len(ps) < maxPerPath && !hasMethod(ps, e.method) {
		c.byPath[e.path] = append(ps, e)
	}
	if t := routeKey(e.method, template(e.path)); !c.seenRoute[t] && len(c.routes) < maxRoutes {
		c.seenRoute[t] = true
		c.routes = append(c.routes, e)
	}
}

// hasMethod reports whether es holds a recording of method.
func hasMethod(es []*entry, method string) bool {
	for _, e := range es {
		if e.method == method {
			return true
		}
	}
	return false
}

// shapeOf names the parameter names and body structure of a request.
func shapeOf(q url.Values, bkey string, bval any) string {
	var b strings.Builder
	b.WriteString(joinKeys(q))
	b.WriteString("|")
	b.WriteString(kindOf(bkey))
	switch v := bval.(type) {
	case url.Values:
		b.WriteString(joinKeys(v))
	case map[string]any:
		ks := make([]string, 0, len(v))
		for k := range v {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		b.WriteString(strings.Join(ks, ","))
	}
	return b.String()
}

// joinKeys joins the sorted names of v.
func joinKeys(v url.Values) string {
	ks := make([]string, 0, len(v))
	for k := range v {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

// template replaces the path segments holding a digit (ids) by "{}".
func template(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.ContainsAny(s, "0123456789") {
			segs[i] = "{}"
		}
	}
	return strings.Join(segs, "/")
}

// pick returns the recordings to compare rq with: those of its route and
// shape, then of its route, then of its path with another method, then of
// the closest route.
func (c *candidates) pick(rq *request) []*entry {
	rk := routeKey(rq.method, rq.path)
	out := append([]*entry(nil), c.byShape[rk+"|"+shapeOf(rq.queryVals, rq.bkey, rq.bval)]...)
	for _, e := range c.byRoute[rk] {
		if len(out) >= maxCandidates {
			break
		}
		if !containsEntry(out, e) {
			out = append(out, e)
		}
	}
	if len(out) > 0 {
		return out
	}
	if ps := c.byPath[rq.path]; len(ps) > 0 {
		return ps
	}
	best, bestScore := []*entry(nil), -1
	for _, e := range c.routes {
		score := 2 * segmentDistance(rq.path, e.path)
		if e.method != rq.method {
			score++
		}
		switch {
		case bestScore < 0 || score < bestScore:
			best, bestScore = []*entry{e}, score
		case score == bestScore && len(best) < 4:
			best = append(best, e)
		}
	}
	return best
}

// containsEntry reports whether es holds e.
func containsEntry(es []*entry, e *entry) bool {
	for _, x := range es {
		if x == e {
			return true
		}
	}
	return false
}

// maxSegments bounds the path segments segmentDistance looks at.
const maxSegments = 32

// segmentDistance is the edit distance between two paths counted in
// segments; two segments that both hold digits (ids) count as equal.
func segmentDistance(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	as, bs = as[:min(len(as), maxSegments)], bs[:min(len(bs), maxSegments)]
	prev := make([]int, len(bs)+1)
	cur := make([]int, len(bs)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(as); i++ {
		cur[0] = i
		for j := 1; j <= len(bs); j++ {
			cost := 1
			if as[i-1] == bs[j-1] || (strings.ContainsAny(as[i-1], "0123456789") && strings.ContainsAny(bs[j-1], "0123456789")) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(bs)]
}

// nearest fills in m's closest recorded candidate and how the request
// differs from it: the fewest differences wins, the earliest recorded on a
// tie. The search is bounded (see maxCandidates and nearestBudget).
func (s *Server) nearest(m *Miss, rq *request, spec string) {
	c := s.near.global
	if spec != "" {
		c = s.near.specs[spec]
	}
	if c != nil {
		deadline := time.Now().Add(nearestBudget)
		got := newFlatBody(rq)
		var (
			best      *entry
			bestScore = -1
			bestDiffs []string
		)
		for i, e := range c.pick(rq) {
			if i > 0 && time.Now().After(deadline) {
				m.CutShort = true
				break
			}
			score, diffs := compare(rq, got, e)
			if best == nil || score < bestScore {
				best, bestScore, bestDiffs = e, score, diffs
			}
		}
		if best != nil {
			m.Nearest = requestLine(best.method, best.in.Request.Path, maskQuery(best.qvals))
			m.NearestFile, m.NearestIndex = best.file, best.index+1
			m.Differences = bestDiffs
		}
	}
	if spec != "" {
		if rt, _ := s.idx.lookupAll(rq); rt != nil {
			m.ElsewhereSpec = rt.lanes[0].entries[0].spec
		}
	}
}

// compare scores how far a request is from a recorded entry (lower is
// closer) and lists the differences, grouped. A recorded placeholder
// equals any value sent in its place.
func compare(rq *request, got *flatBody, e *entry) (int, []string) {
	score := 0
	var out []string
	if rq.method != e.method {
		score += 1000
		out = append(out, "method "+rq.method+" != "+e.method)
	}
	if rq.path != e.path {
		score += 1000
		out = append(out, "path "+rq.path+" != "+e.path)
	}
	qd := valuesDiff(rq.queryVals, e.qvals)
	score += len(qd)
	if g := group("query", qd); g != "" {
		out = append(out, g)
	}
	if rq.bkey != e.body {
		var bd []string
		switch {
		case kindOf(rq.bkey) != kindOf(e.body):
			bd = []string{kindName(rq.bkey) + " != " + kindName(e.body)}
			// A JSON object and a form of the same parameters are close.
			if gv, rv, ok := asValues(rq.bval, e.bval); ok {
				bd = append(bd, valuesDiff(gv, rv)...)
			} else {
				score += 100
			}
		case len(rq.body) > maxDiffBody:
			bd = []string{"content differs (a body over " + strconv.Itoa(maxDiffBody) + " bytes is not compared)"}
		case kindOf(rq.bkey) == bodyJSON:
			bd = got.diff(e.bval)
		case kindOf(rq.bkey) == bodyForm:
			gv, _ := rq.bval.(url.Values)
			rv, _ := e.bval.(url.Values)
			bd = valuesDiff(gv, rv)
		default:
			bd = []string{"raw text differs"}
		}
		score += len(bd)
		if g := group("body", bd); g != "" {
			out = append(out, g)
		}
	}
	return score, out
}

// kindOf returns the kind prefix of a body key.
func kindOf(key string) string {
	for _, k := range []string{bodyJSON, bodyForm, bodyRaw} {
		if strings.HasPrefix(key, k) {
			return k
		}
	}
	return bodyNone
}

// asValues returns a request body and a recorded one as parameters when one
// is a form and the other a JSON object (top-level scalars as values).
func asValues(got, want any) (url.Values, url.Values, bool) {
	g, okG := paramsOf(got)
	w, okW := paramsOf(want)
	return g, w, okG && okW
}

// paramsOf returns form values as they are and a JSON object's members as
// parameters (strings unquoted, other scalars as JSON text, objects and
// arrays by kind: their content is not compared with a form's).
func paramsOf(v any) (url.Values, bool) {
	switch t := v.(type) {
	case url.Values:
		return t, true
	case map[string]any:
		out := make(url.Values, len(t))
		for k, e := range t {
			if s, ok := e.(string); ok {
				out[k] = []string{s}
				continue
			}
			switch e.(type) {
			case map[string]any:
				out[k] = []string{"(a JSON object)"}
			case []any:
				out[k] = []string{"(a JSON array)"}
			default:
				out[k] = []string{marshalJSON(e, false)}
			}
		}
		return out, true
	}
	return nil, false
}
