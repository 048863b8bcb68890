package audit

import (
	"strconv"
	"strings"
)

var verbs = map[string]string{
	"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE",
	"del": "DELETE", "destroy": "DELETE", "head": "HEAD",
}

// verbOf maps a function or method name to the HTTP verb it names:
// get, Get, GET, get!, GetAsync, getForObject, postForEntity, PostAsJsonAsync,
// HttpPost, MethodPost, delete_request.
func verbOf(name string) string {
	n := strings.TrimRight(name, "!?")
	n = strings.TrimLeft(n, "@$")
	l := strings.ToLower(n)
	if v, ok := verbs[l]; ok {
		return v
	}
	for _, pre := range []string{"http", "method", "request", "httpmethod"} {
		if strings.HasPrefix(l, pre) {
			if v, ok := verbs[strings.TrimPrefix(l, pre)]; ok && l != pre {
				return v
			}
		}
	}
	for _, suf := range []string{"async", "asjsonasync", "fromjsonasync", "stringasync", "streamasync", "bytearrayasync", "forobject", "forentity", "forlocation", "_json", "json", "_request", "request", "!"} {
		if strings.HasSuffix(l, suf) {
			if v, ok := verbs[strings.TrimSuffix(l, suf)]; ok {
				return v
			}
		}
	}
	return ""
}

// calleeVerbs returns the verb named by the callee's last segment, or by
// the segment before "new" (Net::HTTP::Post.new, new HttpPost(...)).
func calleeVerbs(callee string) []string {
	c := strings.TrimPrefix(callee, "new ")
	segs := strings.Split(c, ".")
	last := segs[len(segs)-1]
	if last == "new" && len(segs) > 1 {
		last = segs[len(segs)-2]
	}
	if v := verbOf(last); v != "" {
		// "get" on a map or header object is common; only the last
		// segment counts, and "delete" on a dict-like receiver is rare.
		return []string{v}
	}
	return nil
}

// exprVerb returns the verb an expression states: "POST", :post,
// HttpMethod.Post, http.MethodPost, Method::DELETE.
func exprVerb(e expr) string {
	if len(e) != 1 {
		return ""
	}
	t := e[0]
	switch t.kind {
	case kLit:
		if strings.HasPrefix(t.s, ":") {
			return verbs[strings.TrimPrefix(t.s, ":")]
		}
		if v, ok := verbs[strings.ToLower(t.s)]; ok && (t.s == strings.ToUpper(t.s) || t.s == strings.ToLower(t.s)) {
			return v
		}
	case kRef:
		if i := strings.LastIndexByte(t.s, '.'); i >= 0 {
			recv := strings.ToLower(t.s[:i])
			if strings.Contains(recv, "method") || strings.Contains(recv, "verb") || strings.HasSuffix(recv, "http") {
				return verbOf(t.s[i+1:])
			}
		}
		if strings.HasPrefix(t.s, "Method") || strings.HasPrefix(t.s, "HTTP_") {
			return verbOf(strings.TrimPrefix(t.s, "HTTP_"))
		}
	}
	return ""
}

// argVerbs returns verbs stated in a call's arguments: a literal verb, a
// method constant, or a method/verb/type keyword.
func argVerbs(c *callExpr) []string {
	var out []string
	for _, k := range []string{"method", "http_method", "verb", "httpmethod", "request_method"} {
		if v, ok := c.kw[k]; ok {
			if vb := exprVerb(v); vb != "" {
				out = appendVerbs(out, vb)
			}
		}
	}
	for _, a := range c.args {
		out = appendVerbs(out, exprVerb(a))
	}
	return out
}

func appendVerbs(out []string, vs ...string) []string {
	for _, v := range vs {
		if v == "" {
			continue
		}
		out = append(out, v)
	}
	return out
}

// pagingKeys are query parameters kept as usage attributes.
var pagingKeys = map[string]bool{
	"page": true, "per_page": true, "include_paging_counts": true, "limit_paging_counts": true,
	"sort_by": true, "sort_direction": true,
}

// isFilterKey reports filter parameters kept as attributes:
// updated_at[gt], created_at[lte], ids[], ...
func isFilterKey(k string) bool {
	if pagingKeys[k] {
		return true
	}
	if i := strings.IndexByte(k, '['); i > 0 && strings.HasSuffix(k, "]") {
		return true
	}
	return false
}

// callAttrs collects paging and filter parameters from a call's keyword
// arguments and object arguments (params: {page: 2}).
func callAttrs(c *callExpr) map[string]string {
	attrs := map[string]string{}
	var walk func(fields map[string]expr, depth int)
	walk = func(fields map[string]expr, depth int) {
		for k, v := range fields {
			if isFilterKey(k) {
				attrs[k] = exprLiteral(v)
			}
			if depth < 2 && len(v) == 1 && v[0].kind == kObj {
				walk(v[0].obj, depth+1)
			}
		}
	}
	walk(c.kw, 0)
	for _, a := range c.args {
		if len(a) == 1 && a[0].kind == kObj {
			walk(a[0].obj, 1)
		}
	}
	if len(attrs) == 0 {
		return nil
	}
	return attrs
}

// exprLiteral renders a literal value, or "?" when it is computed.
func exprLiteral(e expr) string {
	if len(e) == 1 && (e[0].kind == kLit || e[0].kind == kNum) {
		return e[0].s
	}
	return "?"
}

// pageNumber parses a page attribute; 0 when not a literal number.
func pageNumber(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}
