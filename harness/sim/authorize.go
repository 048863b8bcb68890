package sim

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// authContext is the opaque "context" value the callback receives and clients echo back
// in the code exchange (API-FACTS §1.1); its real content is not documented.
const authContext = "sim-team-1"

// authRequest is a validated /oauth/authorize request.
type authRequest struct {
	ClientID, RedirectURI, State, Scope string
	scopes                              []string
}

// authorize is /oauth/authorize. GET validates the client, the redirect URI and
// response_type=code, then redirects with a code at once or, with ManualApprove, serves a
// login and consent page whose form POSTs back here.
func (s *Server) authorize(r *http.Request, in fields) reply {
	req, rep := s.checkAuthorize(in)
	if rep != nil {
		return *rep
	}
	if r.Method == http.MethodGet && s.cfg.manualApprove {
		return loginPage(req, "", http.StatusOK)
	}
	user := 1
	if r.Method == http.MethodPost {
		if d, _, _ := in.str("decision"); d == "deny" {
			return redirectWith(req, url.Values{"error": {"access_denied"},
				"error_description": {"The resource owner or authorization server denied the request."}})
		}
		email, _, _ := in.str("email")
		password, _, _ := in.str("password")
		s.mu.Lock()
		u := s.userByEmailLocked(email)
		s.mu.Unlock()
		if u == nil || !u.active || password == "" {
			return loginPage(req, "Invalid email or password.", http.StatusUnauthorized)
		}
		user = u.id
	}
	s.mu.Lock()
	code := s.secretLocked("sim-code-")
	s.codes[code] = &authCode{client: req.ClientID, redirectURI: req.RedirectURI, user: user,
		scopes: req.scopes, expires: s.now.Add(codeLifetime)}
	s.mu.Unlock()
	return redirectWith(req, url.Values{"code": {code}, "context": {authContext},
		"scope": {strings.Join(req.scopes, " ")}})
}

// checkAuthorize validates an authorization request. Errors that cannot be sent back to
// a trusted redirect URI (unknown client, unregistered redirect URI) are HTML pages; the
// others redirect with error and state (RFC 6749 §4.1.2.1).
func (s *Server) checkAuthorize(in fields) (authRequest, *reply) {
	var req authRequest
	req.ClientID, _, _ = in.str("client_id")
	req.RedirectURI, _, _ = in.str("redirect_uri")
	req.State, _, _ = in.str("state")
	req.Scope, _, _ = in.str("scope")
	cl, ok := s.cfg.clients[req.ClientID]
	if !ok {
		rep := errorPage(http.StatusUnauthorized, errInvalidClient, oauthDescriptions[errInvalidClient])
		return req, &rep
	}
	if req.RedirectURI == "" {
		rep := errorPage(http.StatusBadRequest, errInvalidRequest, "Missing required parameter: redirect_uri.")
		return req, &rep
	}
	if !slices.Contains(cl.RedirectURIs, req.RedirectURI) {
		rep := errorPage(http.StatusBadRequest, "invalid_redirect_uri",
			"The requested redirect uri is malformed or doesn't match client redirect URI.")
		return req, &rep
	}
	if rt, _, _ := in.str("response_type"); rt != "code" {
		rep := redirectWith(req, url.Values{"error": {"unsupported_response_type"},
			"error_description": {"The authorization server does not support this response type."}})
		return req, &rep
	}
	scopes, ok := narrowScopes(req.Scope, cl.Scopes)
	if !ok {
		rep := redirectWith(req, url.Values{"error": {errInvalidScope}, "error_description": {oauthDescriptions[errInvalidScope]}})
		return req, &rep
	}
	req.scopes = scopes
	return req, nil
}

// redirectWith is a 302 to the request's redirect URI with vals and the state added.
func redirectWith(req authRequest, vals url.Values) reply {
	u, err := url.Parse(req.RedirectURI)
	if err != nil { // Registered URIs were checked by New.
		return errorPage(http.StatusBadRequest, "invalid_redirect_uri", err.Error())
	}
	q := u.Query()
	for k, vs := range vals {
		q[k] = vs
	}
	if req.State != "" {
		q.Set("state", req.State)
	}
	u.RawQuery = q.Encode()
	return reply{status: http.StatusFound, header: http.Header{"Location": {u.String()}, "Cache-Control": {"no-store"}}}
}

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html>
<head><title>{{.Title}}</title></head>
<body>
{{if .Form}}<h1>Sign in to authorize {{.Form.ClientID}}</h1>
{{if .Message}}<p class="alert">{{.Message}}</p>{{end}}
<form method="post" action="/oauth/authorize">
<input type="hidden" name="client_id" value="{{.Form.ClientID}}">
<input type="hidden" name="redirect_uri" value="{{.Form.RedirectURI}}">
<input type="hidden" name="response_type" value="code">
<input type="hidden" name="state" value="{{.Form.State}}">
<input type="hidden" name="scope" value="{{.Form.Scope}}">
<label>Email <input type="email" name="email" value="sim.user@example.com"></label>
<label>Password <input type="password" name="password"></label>
<button type="submit" name="decision" value="approve">Authorize</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>{{else}}<h1>An error has occurred</h1>
<p id="error">{{.Code}}</p>
<p id="error_description">{{.Message}}</p>{{end}}
</body>
</html>
`))

type pageData struct {
	Title, Code, Message string
	Form                 *authRequest
}

// renderPage executes the page template; the template is fixed, so only a broken writer
// could fail, and a bytes.Buffer does not.
func renderPage(status int, d pageData) reply {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, d); err != nil {
		return reply{status: http.StatusInternalServerError, html: "<p>sim: cannot render page</p>"}
	}
	return reply{status: status, html: buf.String()}
}

// loginPage is the ManualApprove sign-in and consent page; any password signs in an
// active seeded user, and the default email is user 1's.
func loginPage(req authRequest, msg string, status int) reply {
	return renderPage(status, pageData{Title: "Sign in - SalesLoft (simulated)", Message: msg, Form: &req})
}

// errorPage is Doorkeeper's HTML error page for authorization requests it cannot redirect.
func errorPage(status int, code, desc string) reply {
	return renderPage(status, pageData{Title: "Authorization error", Code: code, Message: desc})
}
