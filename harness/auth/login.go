package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/loftgate/loftgate/harness/server"
)

// Login runs the authorization-code flow from a terminal: it listens on the redirect
// URI's loopback address, prints the authorize URL (and calls open with it, if open is
// not nil, to start a browser), waits for SalesLoft to redirect back, checks the state
// parameter, exchanges the code, saves the token to store, and shows the browser a page
// saying it can close the tab. It returns when the token is saved, the authorization
// fails, or ctx is done.
//
// cfg.RedirectURI must be http://localhost:PORT/path or http://127.0.0.1:PORT/path with
// an explicit port, and must be registered for the application.
func Login(ctx context.Context, cfg *Config, store Store, out io.Writer, open func(url string) error) (*Token, error) {
	if _, err := cfg.check("login"); err != nil {
		return nil, err
	}
	if cfg.AuthorizeURL == "" {
		return nil, errors.New("auth: login: the authorize URL is empty; set the accounts URL of the target")
	}
	if store == nil {
		return nil, errors.New("auth: login: no Store to save the token in")
	}
	if out == nil {
		out = io.Discard
	}
	addr, path, err := loopbackAddr(cfg.RedirectURI)
	if err != nil {
		return nil, err
	}
	state, err := newState()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("auth: login: cannot listen on %s for the redirect (%w); free the port or change the redirect URI", addr, err)
	}

	cb := &callback{cfg: cfg, store: store, state: state, out: out, ctx: ctx, result: make(chan loginResult, 1)}
	mux := http.NewServeMux()
	mux.Handle(path, cb)
	srv := server.New(mux)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	authURL := cfg.AuthCodeURL(state)
	if _, err := fmt.Fprintf(out, "Open this URL in a browser to authorize loftgate:\n\n  %s\n\nWaiting for the redirect to %s ...\n", authURL, cfg.RedirectURI); err != nil {
		return nil, errors.Join(fmt.Errorf("auth: login: writing the authorize URL: %w", err), shutdown(srv, served))
	}
	if open != nil {
		if err := open(authURL); err != nil {
			if _, werr := fmt.Fprintf(out, "Could not open a browser (%v); open the URL above yourself.\n", err); werr != nil {
				return nil, errors.Join(fmt.Errorf("auth: login: %w", werr), shutdown(srv, served))
			}
		}
	}

	var res loginResult
	select {
	case res = <-cb.result:
	case err := <-served:
		return nil, fmt.Errorf("auth: login: the callback server stopped: %w", err)
	case <-ctx.Done():
		res = loginResult{err: fmt.Errorf("auth: login: stopped while waiting for the browser redirect: %w", ctx.Err())}
	}
	if err := shutdown(srv, served); err != nil {
		return nil, errors.Join(res.err, err)
	}
	return res.tok, res.err
}

// shutdown stops the callback server, letting the page being written finish.
func shutdown(srv *http.Server, served <-chan error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("auth: login: stopping the callback server: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("auth: login: callback server: %w", err)
	}
	return nil
}

// loopbackAddr checks that redirect is an http loopback URI with a port and returns the
// address to listen on and the callback path.
func loopbackAddr(redirect string) (addr, path string, err error) {
	bad := func(why string) error {
		return fmt.Errorf("auth: login: redirect URI %q %s; use http://localhost:PORT/callback or http://127.0.0.1:PORT/callback (and register it for the application)", redirect, why)
	}
	if redirect == "" {
		return "", "", errors.New("auth: login: the redirect URI is empty; set SALESLOFT_REDIRECT_URI (or redirect_uri in loftgate.yaml)")
	}
	u, err := url.Parse(redirect)
	if err != nil {
		return "", "", bad("is not a URL")
	}
	if u.Scheme != "http" {
		return "", "", bad("must use http (the callback is served on this machine)")
	}
	if host := u.Hostname(); host != "localhost" && host != "127.0.0.1" {
		return "", "", bad("must point at localhost or 127.0.0.1")
	}
	if u.Port() == "" || u.Port() == "0" {
		return "", "", bad("must name a port")
	}
	path = u.Path
	if path == "" {
		path = "/"
	}
	return u.Host, path, nil
}

func newState() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: login: generating state: %w", err)
	}
	return hex.EncodeToString(b), nil
}

type loginResult struct {
	tok *Token
	err error
}

// callback serves the redirect URI. The first callback with the right state decides the
// login; callbacks with a wrong or missing state are refused and the login keeps waiting.
type callback struct {
	cfg    *Config
	store  Store
	state  string
	out    io.Writer
	ctx    context.Context
	result chan loginResult

	mu   sync.Mutex
	done bool
}

func (c *callback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("state") != c.state {
		page(w, http.StatusBadRequest, "loftgate: wrong state", "This redirect does not belong to the login in progress (its state parameter does not match). Use the URL loftgate printed.")
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		page(w, http.StatusGone, "loftgate: login already finished", "This login has already finished; you can close this tab.")
		return
	}
	res := c.finish(q)
	if res.err == nil && res.tok == nil {
		page(w, http.StatusBadRequest, "loftgate: no code", "The redirect carried no authorization code.")
		return
	}
	c.done = true
	if res.err != nil {
		page(w, http.StatusBadRequest, "loftgate: authorization failed", res.err.Error()+"\n\nYou can close this tab and look at the terminal.")
	} else {
		page(w, http.StatusOK, "loftgate: authorized", "loftgate is authorized and the token is saved. You can close this tab.")
	}
	c.result <- res
}

// finish turns the callback query into a saved token. It returns a zero result when the
// query has no code and no error, so the login keeps waiting.
func (c *callback) finish(q url.Values) loginResult {
	code, err := ParseCallback(q, c.state, c.cfg.Scopes)
	switch {
	case errors.Is(err, ErrNoCode):
		return loginResult{}
	case err != nil:
		return loginResult{err: fmt.Errorf("auth: login: %w", err)}
	}
	tok, err := c.cfg.Exchange(c.ctx, code)
	if err != nil {
		return loginResult{err: err}
	}
	if err := c.store.Save(tok); err != nil {
		return loginResult{err: fmt.Errorf("auth: login: saving the token: %w", err)}
	}
	return loginResult{tok: tok}
}

func page(w http.ResponseWriter, status int, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	// A failed write only affects the browser tab; the login's result is reported to the caller.
	if _, err := fmt.Fprintf(w, "<!doctype html><html><head><meta charset=\"utf-8\"><title>%s</title></head><body><h1>%s</h1><p style=\"white-space:pre-wrap\">%s</p></body></html>\n",
		html.EscapeString(title), html.EscapeString(title), html.EscapeString(body)); err != nil {
		return
	}
}
