package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Lifetimes on the simulated clock.
const (
	// tokenLifetime is the access token lifetime (API-FACTS §1.1: expires_in 7200).
	tokenLifetime = 7200 * time.Second
	// codeLifetime is how long an authorization code can be exchanged (Doorkeeper's 10 minutes).
	codeLifetime = 10 * time.Minute
)

// authCode is an authorization code waiting to be exchanged.
type authCode struct {
	client, redirectURI string
	user                int
	scopes              []string
	expires             time.Time
	// uses counts exchanges; a code may be exchanged once (twice under code_reuse).
	uses int
}

// accessToken is an issued access token.
type accessToken struct {
	client  string
	user    int
	scopes  []string
	expires time.Time
}

// refreshToken is an issued refresh token. Tokens of one authorization share a family;
// using one revokes every older one (API-FACTS §1.1, rotation).
type refreshToken struct {
	client  string
	user    int
	scopes  []string
	family  int
	revoked bool
}

// principal is who an API request acts as.
type principal struct {
	user   int
	scopes []string
}

// secretLocked returns the next deterministic secret: prefix + 32 hex digits derived from
// a counter, so the same request sequence yields the same tokens in a new Server.
func (s *Server) secretLocked(prefix string) string {
	s.seq++
	sum := sha256.Sum256([]byte("loftgate-sim/" + prefix + strconv.Itoa(s.seq)))
	return prefix + hex.EncodeToString(sum[:16])
}

// issueLocked creates an access token (and a refresh token in family when family > 0) and
// returns the token response body (API-FACTS §1.1). The token_lifetime fault
// replaces the lifetime; no_expiry hides it from the body.
func (s *Server) issueLocked(client string, user int, scopes []string, family int, k opKey) map[string]any {
	lifetime := tokenLifetime
	if f, ok := s.takeFaultLocked(FaultTokenLifetime, k, nil); ok {
		// Validate checked Value is a whole number of seconds in [1, maxFaultSeconds].
		if n, err := strconv.Atoi(f.Value); err == nil && n > 0 && n <= maxFaultSeconds {
			lifetime = time.Duration(n) * time.Second
		}
	}
	at := s.secretLocked("sim-at-")
	s.access[at] = &accessToken{client: client, user: user, scopes: scopes, expires: s.now.Add(lifetime)}
	shown := slices.Clone(scopes)
	for _, f := range s.peekFaultsLocked(FaultMissingScope, k) {
		shown = slices.DeleteFunc(shown, func(sc string) bool { return sc == f.Value })
	}
	body := map[string]any{
		"access_token": at,
		"token_type":   "Bearer",
		"expires_in":   int(lifetime / time.Second),
		"scope":        strings.Join(shown, " "),
		"created_at":   s.now.Unix(),
	}
	if _, ok := s.takeFaultLocked(FaultNoExpiry, k, nil); ok {
		delete(body, "expires_in")
	}
	if family > 0 {
		rt := s.secretLocked("sim-rt-")
		s.refresh[rt] = &refreshToken{client: client, user: user, scopes: scopes, family: family}
		body["refresh_token"] = rt
	}
	return body
}

// revokeFamilyLocked revokes every refresh token of family.
func (s *Server) revokeFamilyLocked(family int) {
	for _, rt := range s.refresh {
		if rt.family == family {
			rt.revoked = true
		}
	}
}

// authenticateLocked resolves the Bearer credential of c: an API key (user 1, every scope)
// or an unexpired access token. It returns the 401 answer when there is none.
func (s *Server) authenticateLocked(c *call) (principal, *reply) {
	scheme, tok, _ := strings.Cut(c.r.Header.Get("Authorization"), " ")
	tok = strings.TrimSpace(tok)
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		rep := errorReply(http.StatusUnauthorized, msgNoBearer)
		return principal{}, &rep
	}
	if s.cfg.apiKeys[tok] {
		if _, off := s.takeFaultLocked(FaultAPIKeysOff, c.k, nil); off {
			rep := errorReply(http.StatusUnauthorized, msgAPIKeysDisabled)
			return principal{}, &rep
		}
		return principal{user: 1, scopes: allScopes}, nil
	}
	at, ok := s.access[tok]
	if !ok {
		return principal{}, invalidToken(msgInvalidToken)
	}
	if !s.now.Before(at.expires) {
		return principal{}, invalidToken(msgExpiredToken)
	}
	if _, expired := s.takeFaultLocked(FaultExpiredToken, c.k, nil); expired {
		return principal{}, invalidToken(msgExpiredToken)
	}
	return principal{user: at.user, scopes: at.scopes}, nil
}

// invalidToken is the 401 for an unknown or expired token, with Doorkeeper's
// WWW-Authenticate challenge (RFC 6750 §3).
func invalidToken(msg string) *reply {
	rep := errorReply(http.StatusUnauthorized, msg)
	rep.header = http.Header{"Www-Authenticate": {
		`Bearer realm="Doorkeeper", error="invalid_token", error_description="` + msg + `"`}}
	return &rep
}

// permitsLocked reports whether p holds scope for operation k; the missing_scope fault
// takes a scope away, and the ignore_scopes fault lets the request through regardless.
func (s *Server) permitsLocked(p principal, scope string, k opKey) bool {
	held := slices.Contains(p.scopes, scope)
	if held {
		_, removed := s.takeFaultLocked(FaultMissingScope, k, func(f Fault) bool { return f.Value == scope })
		held = !removed
	}
	if held {
		return true
	}
	_, ignored := s.takeFaultLocked(FaultIgnoreScopes, k, nil)
	return ignored
}
