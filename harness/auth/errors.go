package auth

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/oauth2"
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrInvalidGrant matches an *Error whose Code is invalid_grant: the authorization code
	// or refresh token is invalid, expired, revoked, already used (SalesLoft rotates refresh
	// tokens, so an old one is revoked), or issued to another client.
	ErrInvalidGrant = errors.New("auth: invalid_grant: the authorization code or refresh token was rejected")
	// ErrInvalidClient matches an *Error whose Code is invalid_client: the token endpoint
	// did not accept the client ID and secret. It is a configuration error.
	ErrInvalidClient = errors.New("auth: invalid_client: the token endpoint rejected the client credentials")
	// ErrNoToken is returned (wrapped, with the path) by FileStore.Load when no token has
	// been saved, and by NewSource when there is neither an initial token nor a saved one.
	ErrNoToken = errors.New("auth: no saved token")
	// ErrNoRefreshToken is returned when a token must be renewed but carries no refresh token.
	ErrNoRefreshToken = errors.New("auth: the token has expired or was rejected and there is no refresh token to renew it; run `loftgate auth login`")
)

// invalidClientMessage is the whole text of an invalid_client error: it is a
// configuration problem, so it names the settings to check (and never their values).
const invalidClientMessage = "auth: invalid_client: the token endpoint rejected the client credentials; " +
	"check SALESLOFT_CLIENT_ID and SALESLOFT_CLIENT_SECRET (or client_id/client_secret in loftgate.yaml)"

// Error is a failed token request. It wraps x/oauth2's *oauth2.RetrieveError when the
// token endpoint answered, or the transport error when it did not. Its text never holds
// the client secret, a code, or a token.
type Error struct {
	// Op is the grant that failed: "exchange", "refresh" or "client_credentials".
	Op string
	// Code is the RFC 6749 error code (invalid_grant, invalid_client, invalid_request,
	// invalid_scope, unsupported_grant_type, ...); empty when the endpoint sent none.
	Code string
	// Description is the endpoint's error_description, with any known secret removed.
	Description string
	// Status is the token endpoint's HTTP status; 0 when no response arrived.
	Status int
	// Err is the underlying error: *oauth2.RetrieveError or a transport error.
	Err error

	// detail is Err's text with known secrets removed, fixed when the error is made.
	detail string
}

func newError(op string, err error, secrets ...string) *Error {
	e := &Error{Op: op, Err: err, detail: redact(err.Error(), secrets)}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		e.Code = re.ErrorCode
		e.Description = redact(re.ErrorDescription, secrets)
		if re.Response != nil {
			e.Status = re.Response.StatusCode
		}
	}
	return e
}

// Error says what failed and what to do; see the package sentinels for the cases.
func (e *Error) Error() string {
	switch e.Code {
	case "invalid_client":
		return invalidClientMessage
	case "invalid_grant":
		what := "the refresh token was rejected (expired, revoked, or already used: SalesLoft rotates refresh tokens on every refresh); run `loftgate auth login` again"
		switch e.Op {
		case "exchange":
			what = "the authorization code was rejected (codes are single-use and short-lived, and the redirect URI must match); start the login again"
		case "client_credentials":
			what = "the client-credentials grant was rejected"
		}
		return e.withDescription(fmt.Sprintf("auth: %s: invalid_grant: %s", e.Op, what))
	case "":
		if e.Status != 0 {
			return fmt.Sprintf("auth: %s: the token endpoint answered HTTP %d without an OAuth error code; check the accounts URL and try again", e.Op, e.Status)
		}
		detail := e.detail
		if detail == "" && e.Err != nil {
			detail = e.Err.Error()
		}
		return fmt.Sprintf("auth: %s: token request failed: %s", e.Op, detail)
	default:
		return e.withDescription(fmt.Sprintf("auth: %s: %s (HTTP %d)", e.Op, e.Code, e.Status))
	}
}

func (e *Error) withDescription(msg string) string {
	if e.Description == "" {
		return msg
	}
	return msg + ": " + e.Description
}

// Unwrap returns the underlying *oauth2.RetrieveError or transport error.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether e matches ErrInvalidGrant or ErrInvalidClient by its Code.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrInvalidGrant:
		return e.Code == "invalid_grant"
	case ErrInvalidClient:
		return e.Code == "invalid_client"
	}
	return false
}

// redact replaces every non-empty secret in s, so a server that echoes a value back
// cannot leak it into an error message.
func redact(s string, secrets []string) string {
	for _, v := range secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, "[redacted]")
		}
	}
	return s
}
