package sim

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// OAuth error codes and their Doorkeeper descriptions (API-FACTS §1.1).
const (
	errInvalidGrant       = "invalid_grant"
	errInvalidClient      = "invalid_client"
	errInvalidRequest     = "invalid_request"
	errInvalidScope       = "invalid_scope"
	errUnsupportedGrant   = "unsupported_grant_type"
	errUnauthorizedClient = "unauthorized_client"
)

var oauthDescriptions = map[string]string{
	errInvalidGrant:       "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
	errInvalidClient:      "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
	errInvalidRequest:     "The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.",
	errInvalidScope:       "The requested scope is invalid, unknown, or malformed.",
	errUnsupportedGrant:   "The authorization grant type is not supported by the authorization server.",
	errUnauthorizedClient: "The client is not authorized to perform this request using this method.",
}

// oauthError is an RFC 6749 §5.2 error answer: 401 for invalid_client, 400 otherwise.
func oauthError(code string) reply {
	status := http.StatusBadRequest
	if code == errInvalidClient {
		status = http.StatusUnauthorized
	}
	return reply{status: status, body: map[string]any{"error": code, "error_description": oauthDescriptions[code]},
		header: http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}}
}

// serveOAuth answers the accounts host: /oauth/authorize and /oauth/token.
func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request) {
	var handle func(*http.Request, fields) reply
	switch {
	case r.URL.Path == "/oauth/token" && r.Method == http.MethodPost:
		handle = s.token
	case r.URL.Path == "/oauth/authorize" && (r.Method == http.MethodGet || r.Method == http.MethodPost):
		handle = s.authorize
	default:
		s.write(w, errorReply(http.StatusNotFound, msgNotFound))
		return
	}
	k := requestOp(r, r.URL.Path, false)
	if !s.preflight(w, r, k) {
		return
	}
	in, err := readFields(r)
	if err != nil {
		s.write(w, oauthError(errInvalidRequest))
		return
	}
	s.mu.Lock()
	var rep reply
	if _, ok := s.takeFaultLocked(FaultServerError, k, nil); ok {
		rep = errorReply(http.StatusInternalServerError, msgServerError)
	} else if _, ok := s.takeFaultLocked(FaultBadGateway, k, nil); ok {
		rep = errorReply(http.StatusBadGateway, msgBadGateway)
	}
	s.mu.Unlock()
	if rep.status == 0 {
		rep = handle(r, in)
	}
	s.write(w, rep)
}

// token is POST /oauth/token. Parameters may come as JSON, form or query (API-FACTS §1.1);
// the client authenticates by HTTP Basic or by client_id/client_secret parameters.
func (s *Server) token(r *http.Request, in fields) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := requestOp(r, r.URL.Path, false)
	grant, _, _ := in.str("grant_type")
	switch grant {
	case "":
		return oauthError(errInvalidRequest)
	case "authorization_code", "refresh_token", "client_credentials":
	default:
		return oauthError(errUnsupportedGrant)
	}
	cl, known, authed := s.clientAuth(r, in)
	if known && !authed {
		_, authed = s.takeFaultLocked(FaultAcceptAnySecret, k, nil)
	}
	if !authed {
		rep := oauthError(errInvalidClient)
		if _, _, basic := r.BasicAuth(); basic {
			rep.header.Set("Www-Authenticate", `Basic realm="Doorkeeper"`)
		}
		return rep
	}
	var rep reply
	switch grant {
	case "authorization_code":
		rep = s.exchangeCodeLocked(cl, in, k)
	case "refresh_token":
		rep = s.refreshLocked(cl, in, k)
	default:
		rep = s.clientCredentialsLocked(cl, in, k)
	}
	if rep.header == nil {
		rep.header = http.Header{}
	}
	rep.header.Set("Cache-Control", "no-store")
	rep.header.Set("Pragma", "no-cache")
	return rep
}

// clientAuth finds the client named by HTTP Basic (RFC 6749 §2.3.1: form-encoded id and
// secret, as golang.org/x/oauth2 sends them) or by body parameters, and checks its secret.
// known reports that the client exists; authed that its secret matched as well.
func (s *Server) clientAuth(r *http.Request, in fields) (cl Client, known, authed bool) {
	id, secret, basic := r.BasicAuth()
	if basic {
		var err1, err2 error
		id, err1 = url.QueryUnescape(id)
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil {
			return Client{}, false, false
		}
		if err2 != nil {
			secret = ""
		}
	} else {
		id, _, _ = in.str("client_id")
		secret, _, _ = in.str("client_secret")
	}
	cl, known = s.cfg.clients[id]
	if !known {
		return Client{}, false, false
	}
	return cl, true, subtle.ConstantTimeCompare([]byte(cl.Secret), []byte(secret)) == 1
}

// narrowScopes applies a requested space-delimited scope parameter to granted: empty keeps
// granted; otherwise every requested scope must be known and granted.
func narrowScopes(requested string, granted []string) ([]string, bool) {
	want := strings.Fields(requested)
	if len(want) == 0 {
		return slices.Clone(granted), true
	}
	var out []string
	for _, sc := range want {
		if !slices.Contains(granted, sc) {
			return nil, false
		}
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out, true
}

// exchangeCodeLocked is the authorization_code grant. Codes are single-use (twice under
// code_reuse), expire after 10 minutes and are bound to their client and redirect URI.
func (s *Server) exchangeCodeLocked(cl Client, in fields, k opKey) reply {
	code, _, _ := in.str("code")
	if code == "" {
		return oauthError(errInvalidRequest)
	}
	ac, ok := s.codes[code]
	redirect, _, _ := in.str("redirect_uri")
	if !ok || ac.client != cl.ID || ac.redirectURI != redirect || !s.now.Before(ac.expires) {
		return oauthError(errInvalidGrant)
	}
	if ac.uses > 0 {
		if _, reuse := s.takeFaultLocked(FaultCodeReuse, k, nil); !reuse || ac.uses > 1 {
			return oauthError(errInvalidGrant)
		}
	}
	requested, _, _ := in.str("scope")
	scopes, ok := narrowScopes(requested, ac.scopes)
	if !ok {
		return oauthError(errInvalidScope)
	}
	ac.uses++
	s.families++
	return reply{status: http.StatusOK, body: s.issueLocked(cl.ID, ac.user, scopes, s.families, k)}
}

// refreshLocked is the refresh_token grant. Refresh tokens rotate: each use returns a new
// one and revokes every older token of the same authorization (API-FACTS §1.1), unless the
// rotation_off fault is on.
func (s *Server) refreshLocked(cl Client, in fields, k opKey) reply {
	tok, _, _ := in.str("refresh_token")
	if tok == "" {
		return oauthError(errInvalidRequest)
	}
	rt, ok := s.refresh[tok]
	if !ok || rt.revoked || rt.client != cl.ID {
		return oauthError(errInvalidGrant)
	}
	requested, _, _ := in.str("scope")
	scopes, ok := narrowScopes(requested, rt.scopes)
	if !ok {
		return oauthError(errInvalidScope)
	}
	if _, off := s.takeFaultLocked(FaultRotationOff, k, nil); off {
		body := s.issueLocked(cl.ID, rt.user, scopes, 0, k)
		body["refresh_token"] = tok
		return reply{status: http.StatusOK, body: body}
	}
	s.revokeFamilyLocked(rt.family)
	return reply{status: http.StatusOK, body: s.issueLocked(cl.ID, rt.user, scopes, rt.family, k)}
}

// clientCredentialsLocked is the client_credentials grant: no refresh token, acting as the
// admin who created the app (user 1), only for clients allowed to use it (API-FACTS §1.2).
func (s *Server) clientCredentialsLocked(cl Client, in fields, k opKey) reply {
	if !cl.ClientCredentials {
		return oauthError(errUnauthorizedClient)
	}
	requested, _, _ := in.str("scope")
	scopes, ok := narrowScopes(requested, cl.Scopes)
	if !ok {
		return oauthError(errInvalidScope)
	}
	return reply{status: http.StatusOK, body: s.issueLocked(cl.ID, 1, scopes, 0, k)}
}
