package auth

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Callback errors, matched with errors.Is.
var (
	// ErrAccessDenied matches a *CallbackError whose Code is access_denied: the user or the
	// authorization server refused the authorization (RFC 6749 §4.1.2.1).
	ErrAccessDenied = errors.New("auth: access_denied: the authorization was refused")
	// ErrStateMismatch is returned by ParseCallback when the callback's state is not the one
	// sent with the authorize request.
	ErrStateMismatch = errors.New("auth: the callback's state does not match the authorize request's")
	// ErrNoCode is returned by ParseCallback when the callback carries neither a code nor an
	// error.
	ErrNoCode = errors.New("auth: the callback carries neither a code nor an error")
)

// CallbackError is an error the authorization server sent to the redirect URI instead of a code
// (error, error_description and error_uri, RFC 6749 §4.1.2.1).
type CallbackError struct {
	// Code is the error code: access_denied, invalid_scope, invalid_request, server_error, ...
	Code string
	// Description is the server's error_description, if any.
	Description string
	// URI is the server's error_uri, if any.
	URI string
}

// Error names the code and what it means for the login.
func (e *CallbackError) Error() string {
	msg := fmt.Sprintf("auth: the authorization server answered the authorize request with error=%s", e.Code)
	switch e.Code {
	case "access_denied":
		msg += " (the user or the server refused the authorization; approve the application and try again)"
	case "invalid_scope":
		msg += " (a requested scope is unknown or not allowed for this application; check `scopes`)"
	}
	if e.Description != "" {
		msg += ": " + e.Description
	}
	if e.URI != "" {
		msg += " (see " + e.URI + ")"
	}
	return msg
}

// Is reports whether e matches ErrAccessDenied by its Code.
func (e *CallbackError) Is(target error) bool {
	return target == ErrAccessDenied && e.Code == "access_denied"
}

// ParseCallback reads the query of the redirect to the redirect URI. It checks state first (a
// callback of another login is never trusted, not even its error), then returns the server's
// error as a *CallbackError, the code, or ErrNoCode. When the callback names the scopes it
// granted (scope, as SalesLoft sends it) and requested is not empty, a requested scope missing
// from them gives a *ScopeError along with the code.
func ParseCallback(q url.Values, state string, requested []string) (string, error) {
	if q.Get("state") != state {
		return "", ErrStateMismatch
	}
	if code := q.Get("error"); code != "" {
		return "", &CallbackError{Code: code, Description: q.Get("error_description"), URI: q.Get("error_uri")}
	}
	code := q.Get("code")
	if code == "" {
		return "", ErrNoCode
	}
	if q.Has("scope") {
		if err := checkGranted(requested, strings.Fields(q.Get("scope")), "the authorize callback"); err != nil {
			return code, err
		}
	}
	return code, nil
}
