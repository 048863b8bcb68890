package proxy

import (
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/loftgate/loftgate/harness/contract"
)

// maxHops bounds the redirect targets of authorize steps a Proxy remembers;
// the oldest are forgotten first.
const maxHops = 1024

// oauthPaths are the configured OAuth endpoints as the proxy matches them:
// by path only, since everything the proxy forwards goes to its one
// upstream, and an application may name the proxy or the real server in its
// token_url.
type oauthPaths struct {
	authorize, token string // paths as contract.EndpointPath gives them; "" when not configured
}

// newOAuthPaths keeps the paths of the configured endpoints.
func newOAuthPaths(e contract.OAuthEndpoints) oauthPaths {
	return oauthPaths{authorize: endpointPath(e.Authorize), token: endpointPath(e.Token)}
}

// endpointPath returns the path of a configured URL as contract.EndpointPath gives it, "" for
// none.
func endpointPath(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return ""
	}
	return contract.EndpointPath(u.Path)
}

// endpoints returns what the contract Transport matches: the paths alone.
func (o oauthPaths) endpoints() contract.OAuthEndpoints {
	return contract.OAuthEndpoints{Authorize: o.authorize, Token: o.token}
}

// isToken reports whether a request path is the token endpoint: the
// configured one, or SalesLoft's /oauth/token.
func (o oauthPaths) isToken(p string) bool {
	c := contract.EndpointPath(p)
	return strings.HasSuffix(c, "/oauth/token") || (o.token != "" && c == o.token)
}

// isAuthorize reports whether a request path is the authorize endpoint.
func (o oauthPaths) isAuthorize(p string) bool {
	c := contract.EndpointPath(p)
	return strings.HasSuffix(c, "/oauth/authorize") || (o.authorize != "" && c == o.authorize)
}

// hops remembers the pages of authorize steps that pass through the proxy:
// the targets of the redirects an authorize request (or such a page)
// answers with, on the upstream. A browser following them, or posting a
// login or consent form from them, is on the OAuth server's own pages, not
// calling the API, so those requests are forwarded without validation.
type hops struct {
	oauth oauthPaths

	mu    sync.Mutex
	paths map[string]bool
	order []string
}

// isHop reports whether an outgoing request is a page of an authorize step:
// its path is a remembered redirect target, or it was sent from one (its
// Referer), or from the authorize endpoint itself.
func (h *hops) isHop(req *http.Request) bool {
	if h.oauth.isAuthorize(req.URL.Path) || h.oauth.isToken(req.URL.Path) {
		return false // the OAuth operations themselves are validated
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.paths[contract.EndpointPath(req.URL.Path)] {
		return true
	}
	ref, err := url.Parse(req.Header.Get("Referer"))
	if err != nil || ref.Path == "" {
		return false
	}
	return h.paths[contract.EndpointPath(ref.Path)] || h.oauth.isAuthorize(ref.Path)
}

// observe remembers the redirect target of an answer to an authorize
// request or to a hop, when it stays on the upstream.
func (h *hops) observe(resp *http.Response) {
	req := resp.Request
	if req == nil || req.URL == nil || resp.StatusCode < 300 || resp.StatusCode > 399 {
		return
	}
	loc := resp.Header.Get("Location")
	if loc == "" {
		return
	}
	if !(req.Method == http.MethodGet && h.oauth.isAuthorize(req.URL.Path)) && !h.isHop(req) {
		return
	}
	target, err := req.URL.Parse(loc)
	if err != nil || !strings.EqualFold(target.Host, req.URL.Host) {
		return // the browser leaves the proxy: nothing of it comes through
	}
	if h.oauth.isAuthorize(target.Path) {
		return // a resumed authorize request is validated as one
	}
	p := contract.EndpointPath(target.Path)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.paths == nil {
		h.paths = map[string]bool{}
	}
	if h.paths[p] {
		return
	}
	if len(h.order) >= maxHops {
		delete(h.paths, h.order[0])
		h.order = h.order[1:]
	}
	h.paths[p] = true
	h.order = append(h.order, p)
}
