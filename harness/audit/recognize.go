package audit

import (
	"strings"

	"github.com/loftgate/loftgate/harness/contract"
)

const (
	markHole  = '\x00'
	markBase  = '\x01'
	markParam = '\x02'
)

// urlInfo is what a string tells about a SalesLoft request.
type urlInfo struct {
	salesloft bool   // names a SalesLoft host or a configured base
	candidate bool   // a bare /v2/... path: SalesLoft only if the catalog knows it
	relative  bool   // a path with no host and no /v2: needs a base from context
	param     bool   // the path depends on a parameter of the enclosing function
	accounts  bool   // the accounts host (OAuth)
	path      string // normalised template (/v2/people/{id})
	json      bool   // written with the legacy .json suffix
	dynamic   bool   // the resource segment is computed: the audit cannot tell the endpoint
	base      bool   // only a base URL (no resource): a client's configuration, not a request
	attrs     map[string]string
}

// render flattens evaluated pieces into one string with markers.
func render(segs []seg) string {
	var b strings.Builder
	for _, s := range segs {
		switch {
		case s.base:
			b.WriteByte(markBase)
		case s.param:
			b.WriteByte(markParam)
		case s.hole != "":
			b.WriteByte(markHole)
		default:
			b.WriteString(s.lit)
		}
	}
	return b.String()
}

// analyzeURL decides whether an evaluated string is a SalesLoft URL or path.
func analyzeURL(segs []seg, hosts []string) urlInfo {
	s := render(segs)
	var info urlInfo
	lower := strings.ToLower(s)
	rest := ""
	found := false
	for _, h := range append([]string{"api.salesloft.com", "accounts.salesloft.com"}, hosts...) {
		if i := strings.Index(lower, strings.ToLower(h)); i >= 0 {
			rest = s[i+len(h):]
			if strings.HasPrefix(rest, ":") {
				j := strings.IndexByte(rest, '/')
				if j < 0 {
					j = len(rest)
				}
				rest = rest[j:]
			}
			info.salesloft = true
			info.accounts = h == "accounts.salesloft.com"
			found = true
			break
		}
	}
	if !found {
		if i := strings.IndexByte(s, markBase); i >= 0 {
			rest = s[i+1:]
			info.salesloft = true
			if !strings.HasPrefix(strings.TrimLeft(rest, "/"), "v2") && !strings.HasPrefix(rest, "/oauth") {
				rest = "/v2/" + strings.TrimLeft(rest, "/")
			}
			found = true
		}
	}
	if !found {
		// A bare "/v2/..." path, possibly after unknown pieces (a base the
		// audit cannot see), but never after other literal text such as
		// "/api" (the team's own routes) or another host.
		i := strings.Index(s, "v2/")
		if i < 0 && strings.HasSuffix(s, "v2") {
			return info
		}
		if i >= 0 {
			before := s[:i]
			before = strings.TrimSuffix(before, "/")
			if strings.Trim(before, string(markHole)) != "" {
				return info
			}
			if strings.ContainsRune(before, markParam) {
				return info
			}
			rest = "/" + s[i:]
			info.candidate = true
		} else {
			// Relative resource path: "people", "/people/{}.json".
			t := strings.TrimLeft(s, "/")
			if t == "" || !isResourceStart(t) {
				if strings.HasPrefix(s, string(markParam)) {
					info.param = true
				}
				return info
			}
			info.relative = true
			rest = "/" + t
		}
	}
	// A URL ends at the first character that cannot be in one (prose
	// around a URL in a message: "...salesloft.com; pass --upstream").
	if j := strings.IndexAny(rest, " \t\n\"'`;<>|\\,"); j >= 0 {
		rest = rest[:j]
	}
	if j := strings.IndexByte(rest, '#'); j >= 0 && !strings.HasPrefix(rest[j:], "#{") {
		rest = rest[:j]
	}
	p, q, _ := strings.Cut(rest, "?")
	if q != "" {
		info.attrs = queryAttrs(q)
	}
	// The resource segment (the first after /v2, or the first of a
	// relative path) decides: a parameter there means the caller chooses
	// the endpoint (a wrapper); an unknown value there means the audit
	// cannot tell; a parameter or unknown value after it is a record id.
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	ri := 0
	if len(parts) > 0 && (parts[0] == "v2" || parts[0] == "oauth") {
		ri = 1
	}
	if ri < len(parts) {
		if strings.ContainsRune(parts[ri], markParam) {
			info.param = true
		} else if strings.ContainsRune(parts[ri], markHole) && !strings.HasPrefix(parts[ri], string(markHole)+".") {
			info.dynamic = true
		}
	} else if strings.ContainsRune(p, markParam) {
		info.param = true
	}
	if ri >= len(parts) || parts[ri] == "" {
		info.base = true
	}
	p = strings.ReplaceAll(p, string(markParam), "{id}")
	p = strings.ReplaceAll(p, string(markHole), "{id}")
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	p = strings.ReplaceAll(p, "{id}{id}", "{id}")
	if strings.HasSuffix(p, ".json") {
		info.json = true
	}
	// "{id}.json" must normalise like "123.json".
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		p = "/"
	}
	info.path = contract.NormalizePath(p)
	return info
}

// isResourceStart reports a relative path that starts like a SalesLoft
// resource: lower-case letters and underscores, then '/', '.', '?' or end.
func isResourceStart(t string) bool {
	n := 0
	for n < len(t) && (t[n] >= 'a' && t[n] <= 'z' || t[n] == '_') {
		n++
	}
	if n < 2 {
		return false
	}
	if n == len(t) {
		return true
	}
	switch t[n] {
	case '/', '.', '?', markHole, markParam:
		return true
	}
	return false
}

// queryAttrs keeps paging and filter parameters of a query string.
func queryAttrs(q string) map[string]string {
	attrs := map[string]string{}
	for _, kv := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(kv, "=")
		k = strings.ReplaceAll(strings.ReplaceAll(k, "%5B", "["), "%5D", "]")
		if isFilterKey(k) {
			if strings.ContainsAny(v, string([]byte{markHole, markParam, markBase})) || v == "" {
				v = "?"
			}
			attrs[k] = v
		}
	}
	if len(attrs) == 0 {
		return nil
	}
	return attrs
}
