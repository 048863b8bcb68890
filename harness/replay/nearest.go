package replay

import (
	"net/url"
	"strings"
)

// nearest fills in m's closest recorded candidate and how the request
// differs from it: candidates with the same method and path first, then the
// one with the fewest differences, the earliest recorded on a tie.
func (s *Server) nearest(m *Miss, method, path, query, ct string, body []byte, spec string) {
	candidates := s.set.entries
	if spec != "" {
		candidates = s.set.bySpec[spec]
	}
	gotQuery := parseValues(query, nil)
	gotKey, gotBody := bodyKey(ct, body, nil)
	var (
		best      *entry
		bestScore = -1
		bestDiffs []string
	)
	for _, e := range candidates {
		score, diffs := compare(method, path, gotQuery, gotKey, gotBody, e)
		if best == nil || score < bestScore {
			best, bestScore, bestDiffs = e, score, diffs
		}
	}
	if best != nil {
		m.Nearest = requestLine(best.method, best.in.Request.Path, best.query)
		m.NearestFile, m.NearestIndex = best.file, best.index+1
		m.Differences = bestDiffs
	}
	if spec != "" {
		key := matchKey(method, path, canonicalQuery(query, nil), gotKey)
		if sl := s.all[key]; sl != nil {
			m.ElsewhereSpec = sl.entries[0].spec
		}
	}
}

// compare scores how far a request is from a recorded entry (lower is
// closer) and lists the differences, grouped.
func compare(method, path string, query url.Values, bkey string, bval any, e *entry) (int, []string) {
	score := 0
	var out []string
	if method != e.method {
		score += 1000
		out = append(out, "method "+method+" != "+e.method)
	}
	if path != e.path {
		score += 1000
		out = append(out, "path "+path+" != "+e.path)
	}
	qd := valuesDiff(query, parseValues(e.query, nil))
	score += len(qd)
	if g := group("query", qd); g != "" {
		out = append(out, g)
	}
	if bkey != e.body {
		recKey, recVal := bodyKey(headerValue(e.in.Request.Header, "content-type"), []byte(e.in.Request.Body), nil)
		var bd []string
		switch {
		case kindOf(bkey) != kindOf(recKey):
			bd = []string{kindName(bkey) + " != " + kindName(recKey)}
		case kindOf(bkey) == bodyJSON:
			bd = jsonDiff(bval, recVal)
		case kindOf(bkey) == bodyForm:
			gv, _ := bval.(url.Values)
			rv, _ := recVal.(url.Values)
			bd = valuesDiff(gv, rv)
		default:
			bd = []string{"raw text differs"}
		}
		if len(bd) == 0 {
			bd = []string{"content differs"}
		}
		score += len(bd)
		out = append(out, group("body", bd))
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
