package contract

import (
	"net/http"
	"net/url"
	"strings"
)

// OAuthEndpoints are the authorize and token URLs a target is configured with. Any standard
// OAuth 2.0 server may be the accounts host, at its own paths (/auth, /token, ...), so requests
// to these URLs are the contract's GET /oauth/authorize and POST /oauth/token whatever their
// path, and the redirect hops of an authorize step (login and consent pages, resumed authorize
// calls) are the server's own pages, not API calls: they are not validated.
type OAuthEndpoints struct {
	// Authorize is the configured authorize URL, e.g. https://idp.example.com/auth.
	Authorize string
	// Token is the configured token URL, e.g. https://idp.example.com/token.
	Token string
}

// Operation keys the configured endpoints map onto.
const (
	authorizeOperation = "GET /oauth/authorize"
	tokenOperation     = "POST /oauth/token"
)

// operationFor returns the contract operation a request to a configured endpoint is, and
// whether it is one. Scheme, host and path must match; the query is ignored.
func (e OAuthEndpoints) operationFor(method string, u *url.URL) (string, bool) {
	if u == nil {
		return "", false
	}
	switch {
	case method == http.MethodPost && sameEndpoint(u, e.Token):
		return tokenOperation, true
	case method == http.MethodGet && sameEndpoint(u, e.Authorize):
		return authorizeOperation, true
	}
	return "", false
}

// sameEndpoint reports whether u is the endpoint configured as raw (trailing slashes and a
// .json suffix aside). A request without a host (a server-side URL) compares by path only.
func sameEndpoint(u *url.URL, raw string) bool {
	if raw == "" {
		return false
	}
	want, err := url.Parse(raw)
	if err != nil {
		return false
	}
	if u.Host != "" && want.Host != "" && !strings.EqualFold(u.Host, want.Host) {
		return false
	}
	return EndpointPath(u.Path) == EndpointPath(want.Path)
}

// EndpointPath returns a path as configured OAuth endpoints are compared: without trailing
// slashes and without a .json suffix.
func EndpointPath(p string) string {
	return strings.TrimSuffix(strings.TrimRight(p, "/"), jsonSuffix)
}

// mapped returns the exchange as the contract sees it: a request to a configured endpoint gets
// the path of the oauth operation it is, so it is routed and validated as that operation. The
// caller's exchange (and what Observe receives) keeps the real URL. The status is left as sent:
// the contract lists 302, 303 and 307 for the authorize redirect (RFC 6749 §4.1.2 allows any).
func (e OAuthEndpoints) mapped(ex Exchange) Exchange {
	key, ok := e.operationFor(strings.ToUpper(ex.Method), ex.URL)
	if !ok {
		return ex
	}
	u := *ex.URL
	_, u.Path, _ = strings.Cut(key, " ")
	u.RawPath = ""
	ex.URL = &u
	return ex
}

// authorizeHop reports whether req is a redirect followed from an authorize request: a hop of
// the authorize step through the server's own login and consent pages. net/http sets
// req.Response on every request it makes to follow a redirect; the chain is walked back to the
// request that started it.
func (e OAuthEndpoints) authorizeHop(req *http.Request) bool {
	if req.Response == nil {
		return false
	}
	first := req
	for first.Response != nil && first.Response.Request != nil {
		first = first.Response.Request
	}
	if first.URL == nil || first.Method != http.MethodGet {
		return false
	}
	if _, ok := e.operationFor(http.MethodGet, first.URL); ok {
		return true
	}
	// Without a configured URL the accounts host's own path is the authorize operation.
	segs := splitPath(first.URL.Path)
	return len(segs) == 2 && segs[0] == "oauth" && segs[1] == "authorize"
}
