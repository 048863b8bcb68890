package auth

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrScopeNotGranted matches a *ScopeError: the server granted fewer scopes than requested.
var ErrScopeNotGranted = errors.New("auth: a requested scope was not granted")

// ScopeError says which requested scopes the server did not grant. RFC 6749 §3.3 lets a server
// grant less than asked and say so in the scope field; the API then answers the calls that need
// the missing scopes with 403, which this error explains before they are made.
type ScopeError struct {
	// Where says what named the granted scopes: "the token response" or "the authorize callback".
	Where string
	// Missing are the requested scopes that were not granted.
	Missing []string
	// Granted are the scopes the server did grant.
	Granted []string
}

// Error names the missing scopes and what to do.
func (e *ScopeError) Error() string {
	return fmt.Sprintf("auth: scope not granted: requested %s, but %s grants only %q; allow the scopes for the application or remove them from `scopes`",
		strings.Join(e.Missing, ", "), e.Where, strings.Join(e.Granted, " "))
}

// Is reports that e matches ErrScopeNotGranted.
func (e *ScopeError) Is(target error) bool { return target == ErrScopeNotGranted }

// Granted checks a token response against c.Scopes: when the response names its scopes (the
// scope field) and one requested scope is missing, it returns a *ScopeError. A response without
// a scope field granted what was requested (RFC 6749 §5.1), and a Config without Scopes asked
// for the application's own scopes, so neither is an error.
func (c *Config) Granted(tok *Token) error {
	if tok == nil || len(c.Scopes) == 0 {
		return nil
	}
	raw, ok := tok.Extra("scope").(string)
	if !ok {
		return nil
	}
	return checkGranted(c.Scopes, strings.Fields(raw), "the token response")
}

// checkGranted compares requested and granted scopes.
func checkGranted(requested, granted []string, where string) error {
	var missing []string
	for _, s := range requested {
		if !slices.Contains(granted, s) {
			missing = append(missing, s)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &ScopeError{Where: where, Missing: missing, Granted: granted}
}
