package sim

import (
	"net/http"
	"net/url"
	"strings"
)

// railsForm returns r as SalesLoft's Rails router sees it (decisions in doc.go, "Request
// forms"):
//
//   - a trailing slash is dropped: Rails routes /v2/people/ like /v2/people;
//   - HEAD runs the GET route (Rails answers HEAD from the GET action; net/http then
//     discards the body, keeping the headers and Content-Length);
//   - PATCH runs the PUT route (Rails `resources` maps both verbs to update).
//
// The `.json` suffix is handled by the router (matchRoute). r itself is not modified;
// the ResponseWriter still knows the request was HEAD.
func railsForm(r *http.Request) *http.Request {
	path := r.URL.Path
	trimmed := path
	for len(trimmed) > 1 && strings.HasSuffix(trimmed, "/") {
		trimmed = strings.TrimSuffix(trimmed, "/")
	}
	method := r.Method
	if strings.HasPrefix(trimmed, "/v2/") {
		switch method {
		case http.MethodHead:
			method = http.MethodGet
		case http.MethodPatch:
			method = http.MethodPut
		}
	}
	if trimmed == path && method == r.Method {
		return r
	}
	out := new(http.Request)
	*out = *r
	u := new(url.URL)
	*u = *r.URL
	u.Path, u.RawPath = trimmed, ""
	out.URL = u
	out.Method = method
	return out
}
