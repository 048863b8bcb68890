// Package auth obtains, renews and stores SalesLoft OAuth 2.0 tokens.
//
// It is the only package in loftgate that imports golang.org/x/oauth2. The rest of the
// harness sees [Token] (an alias of oauth2.Token, so callers need not import x/oauth2),
// the one-method [TokenSource] interface, [Invalidator] for "this token was rejected",
// and the typed [Error].
//
// Three things differ from plain x/oauth2, each forced by a SalesLoft fact or by the harness:
//   - Expiry is computed from [Config.Clock] plus expires_in, never from x/oauth2's wall
//     clock, so a simulator's clock drives expiry (API-FACTS §1.1: tokens live 7200 s).
//   - SalesLoft rotates refresh tokens on every refresh and revokes the old one
//     (API-FACTS §1.1), so a [Source] saves the new token to its [Store] before it hands
//     out the new access token.
//   - Client authentication is never auto-detected: x/oauth2's probing sends two token
//     requests when the first fails, which would hide invalid_client and break
//     single-flight counts. [Config.Style] picks one style.
package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// Token is an OAuth 2.0 token. It is an alias of golang.org/x/oauth2's Token so that
// callers can read AccessToken, RefreshToken and Expiry without importing x/oauth2;
// this package is the only one allowed to import it.
type Token = oauth2.Token

// AuthStyle says how the client ID and secret are sent to the token endpoint.
// SalesLoft accepts both (API-FACTS §1.2); the zero value is AuthStyleBody.
type AuthStyle int

const (
	// AuthStyleBody sends client_id and client_secret as fields of the
	// application/x-www-form-urlencoded request body, as SalesLoft's own samples do.
	AuthStyleBody AuthStyle = iota
	// AuthStyleBasic sends them in an HTTP Basic Authorization header
	// (base64 of client_id:client_secret) and leaves them out of the body.
	AuthStyleBasic
)

// String returns "body" or "basic".
func (s AuthStyle) String() string {
	switch s {
	case AuthStyleBody:
		return "body"
	case AuthStyleBasic:
		return "basic"
	default:
		return fmt.Sprintf("AuthStyle(%d)", int(s))
	}
}

func (s AuthStyle) oauth2() (oauth2.AuthStyle, error) {
	switch s {
	case AuthStyleBody:
		return oauth2.AuthStyleInParams, nil
	case AuthStyleBasic:
		return oauth2.AuthStyleInHeader, nil
	default:
		return 0, fmt.Errorf("auth: unknown auth style %d; use AuthStyleBody or AuthStyleBasic", int(s))
	}
}

// Config describes one OAuth client of one SalesLoft accounts host.
// Its methods are safe for concurrent use as long as the Config is not modified.
type Config struct {
	// ClientID is the OAuth application's client ID (SALESLOFT_CLIENT_ID).
	ClientID string
	// ClientSecret is the OAuth application's secret (SALESLOFT_CLIENT_SECRET).
	// It is never written to errors, logs or String output.
	ClientSecret string
	// RedirectURI is the redirect URI registered for the application. It is sent with
	// the authorize request and the code exchange, and Login listens on it.
	RedirectURI string
	// Scopes are requested with the space-delimited scope parameter when non-empty.
	// SalesLoft grants every scope of the client when none are requested.
	Scopes []string
	// AuthorizeURL is the authorization endpoint, e.g. https://accounts.salesloft.com/oauth/authorize.
	AuthorizeURL string
	// TokenURL is the token endpoint, e.g. https://accounts.salesloft.com/oauth/token.
	TokenURL string
	// Style says how the client credentials are sent to TokenURL; the zero value is AuthStyleBody.
	Style AuthStyle
	// HTTPClient, when set, makes every token request (passed to x/oauth2 through the
	// oauth2.HTTPClient context key) so token calls share the run's transport
	// (contract checks, recorder). Nil means http.DefaultClient.
	HTTPClient *http.Client
	// Clock returns the current time. Token expiry is Clock() + expires_in, and a Source
	// decides when to refresh by it, so a simulator's clock drives expiry. Nil means time.Now.
	Clock func() time.Time
}

// String describes the Config without its client secret.
func (c Config) String() string {
	secret := "unset"
	if c.ClientSecret != "" {
		secret = "set"
	}
	return fmt.Sprintf("auth.Config{ClientID: %q, ClientSecret: %s, TokenURL: %q, Style: %s}",
		c.ClientID, secret, c.TokenURL, c.Style)
}

// GoString is String, so %#v does not print the client secret either.
func (c Config) GoString() string { return c.String() }

func (c *Config) now() time.Time {
	if c.Clock != nil {
		return c.Clock()
	}
	return time.Now()
}

// check reports configuration that makes any token request pointless, and returns the
// x/oauth2 client authentication style to use.
func (c *Config) check(op string) (oauth2.AuthStyle, error) {
	if c == nil {
		return 0, fmt.Errorf("auth: %s: no Config given", op)
	}
	if c.ClientID == "" {
		return 0, fmt.Errorf("auth: %s: the client ID is empty; set SALESLOFT_CLIENT_ID (or client_id in loftgate.yaml)", op)
	}
	if c.TokenURL == "" {
		return 0, fmt.Errorf("auth: %s: the token URL is empty; set the accounts URL of the target", op)
	}
	return c.Style.oauth2()
}

// oauth2Config builds the x/oauth2 view of c. style is never AuthStyleAutoDetect for token
// requests (see the package comment); AuthCodeURL ignores it.
func (c *Config) oauth2Config(style oauth2.AuthStyle) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		Endpoint:     oauth2.Endpoint{AuthURL: c.AuthorizeURL, TokenURL: c.TokenURL, AuthStyle: style},
		RedirectURL:  c.RedirectURI,
		Scopes:       c.Scopes,
	}
}

// withClient puts c.HTTPClient where x/oauth2 looks for it.
func (c *Config) withClient(ctx context.Context) context.Context {
	if c.HTTPClient != nil {
		return context.WithValue(ctx, oauth2.HTTPClient, c.HTTPClient)
	}
	return ctx
}

// AuthCodeURL returns the authorize URL the user opens in a browser: AuthorizeURL with
// client_id, redirect_uri, response_type=code, state and, when Scopes is set, scope.
func (c *Config) AuthCodeURL(state string) string {
	return c.oauth2Config(oauth2.AuthStyleInParams).AuthCodeURL(state)
}

// Exchange trades an authorization code for a token (grant_type=authorization_code).
// Codes are single-use; a reused or expired code fails with an *Error matching ErrInvalidGrant.
func (c *Config) Exchange(ctx context.Context, code string) (*Token, error) {
	const op = "exchange"
	style, err := c.check(op)
	if err != nil {
		return nil, err
	}
	if code == "" {
		return nil, errors.New("auth: exchange: the authorization code is empty")
	}
	tok, err := c.oauth2Config(style).Exchange(c.withClient(ctx), code)
	return c.finish(op, tok, err, code)
}

// Refresh trades a refresh token for a new token (grant_type=refresh_token). SalesLoft
// rotates refresh tokens: the returned token carries a new RefreshToken and the old one
// stops working, so the caller must store the result (a Source does). If the server sends
// no refresh_token, the returned token keeps refreshToken.
func (c *Config) Refresh(ctx context.Context, refreshToken string) (*Token, error) {
	const op = "refresh"
	style, err := c.check(op)
	if err != nil {
		return nil, err
	}
	if refreshToken == "" {
		return nil, ErrNoRefreshToken
	}
	// A token with no access token is never valid, so x/oauth2 always refreshes it.
	tok, err := c.oauth2Config(style).TokenSource(c.withClient(ctx), &oauth2.Token{RefreshToken: refreshToken}).Token()
	return c.finish(op, tok, err, refreshToken)
}

// ClientCredentials requests a token with grant_type=client_credentials through
// golang.org/x/oauth2/clientcredentials. SalesLoft issues no refresh token for this grant;
// ask for a new token when it expires (a client-credentials Source does).
func (c *Config) ClientCredentials(ctx context.Context) (*Token, error) {
	const op = "client_credentials"
	style, err := c.check(op)
	if err != nil {
		return nil, err
	}
	cc := &clientcredentials.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		TokenURL:     c.TokenURL,
		Scopes:       c.Scopes,
		AuthStyle:    style,
	}
	tok, err := cc.Token(c.withClient(ctx))
	return c.finish(op, tok, err)
}

// finish turns x/oauth2's result into ours: a typed error, or a token whose Expiry is
// computed from c.Clock. secrets are values to keep out of error text besides the
// client secret.
func (c *Config) finish(op string, tok *oauth2.Token, err error, secrets ...string) (*Token, error) {
	if err != nil {
		return nil, newError(op, err, append(secrets, c.ClientSecret)...)
	}
	out := *tok
	out.ExpiresIn = expiresIn(tok)
	out.Expiry = time.Time{}
	if out.ExpiresIn > 0 {
		out.Expiry = c.now().Add(time.Duration(out.ExpiresIn) * time.Second)
	}
	return &out, nil
}

// expiresIn finds expires_in in seconds: x/oauth2 fills Token.ExpiresIn for the
// authorization-code and refresh grants, but clientcredentials drops it, leaving it only
// in the raw response (Extra). Zero means the server sent none: the token never expires
// by time and is renewed only after a 401 (Invalidate).
func expiresIn(tok *oauth2.Token) int64 {
	if tok.ExpiresIn > 0 {
		return tok.ExpiresIn
	}
	switch v := tok.Extra("expires_in").(type) {
	case float64:
		return int64(v)
	case int64:
		return v
	case string:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	}
	return 0
}
