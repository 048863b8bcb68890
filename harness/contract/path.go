package contract

import (
	"net/url"
	"strings"
)

// jsonSuffix is the suffix SalesLoft accepts on classic resource paths (API-FACTS §3.1).
const jsonSuffix = ".json"

// splitPath reduces a request path, a full URL or a path template to its segments from the first
// "v2" or "oauth" segment on: the scheme, host, query, fragment and any base path before the API
// root are dropped, empty segments are skipped and a `.json` suffix on the last segment is
// removed. A path without a "v2" or "oauth" segment keeps all its segments.
func splitPath(p string) []string {
	p = strings.TrimSpace(p)
	if i := strings.Index(p, "://"); i >= 0 {
		rest := p[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			p = rest[j:]
		} else {
			p = "/"
		}
	}
	p = cutQuery(p)
	segs := make([]string, 0, 4)
	root := -1
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "" {
			continue
		}
		if root < 0 && (seg == "v2" || seg == "oauth") {
			root = len(segs)
		}
		segs = append(segs, seg)
	}
	if root > 0 {
		segs = segs[root:]
	}
	if n := len(segs); n > 0 {
		segs[n-1] = strings.TrimSuffix(segs[n-1], jsonSuffix)
		if segs[n-1] == "" {
			segs = segs[:n-1]
		}
	}
	return segs
}

// cutQuery drops a query and a fragment. A "#" followed by "{" is Ruby string interpolation
// (`"/v2/people/#{id}"`), not a fragment, and is kept.
func cutQuery(p string) string {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '?':
			return p[:i]
		case '#':
			if i+1 >= len(p) || p[i+1] != '{' {
				return p[:i]
			}
		}
	}
	return p
}

// joinPath joins segments into an absolute path.
func joinPath(segs []string) string {
	return "/" + strings.Join(segs, "/")
}

// NormalizePath reduces any way of writing a SalesLoft endpoint to the catalog's form: it strips
// the scheme, host, query and fragment, any base path before /v2 or /oauth, and a `.json` suffix,
// and writes every id segment as {id}. Id segments are numbers and placeholders: {x}, :x, ${x},
// #{x}, <x> and the format verbs %d, %s and %v. So "https://api.salesloft.com/v2/people/7.json?x=1",
// "/v2/people/:id" and "/v2/people/${personId}.json" all become "/v2/people/{id}".
func NormalizePath(p string) string {
	segs := splitPath(p)
	for i, s := range segs {
		if strings.Contains(s, "%") {
			if u, err := url.PathUnescape(s); err == nil {
				s = u
			}
		}
		if isIDSegment(s) {
			s = "{id}"
		}
		segs[i] = s
	}
	return joinPath(segs)
}

// isIDSegment reports whether a path segment is a record id or a placeholder for one.
func isIDSegment(s string) bool {
	if s == "" {
		return false
	}
	switch s {
	case "%d", "%s", "%v":
		return true
	}
	if isDigits(s) {
		return true
	}
	switch {
	case strings.HasPrefix(s, ":") && len(s) > 1:
		return true
	case strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}"):
		return true
	case strings.HasPrefix(s, "#{") && strings.HasSuffix(s, "}"):
		return true
	case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && len(s) > 1:
		return true
	case strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") && len(s) > 2:
		return true
	}
	return false
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// templateParam returns the parameter name of a template segment such as "{id}", and whether the
// segment is a parameter at all.
func templateParam(seg string) (string, bool) {
	if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}
