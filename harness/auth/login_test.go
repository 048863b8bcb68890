package auth

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// freeRedirect returns a loopback redirect URI on a port that was free a moment ago.
func freeRedirect(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr + "/callback"
}

// safeBuffer is an io.Writer safe for the concurrent writes of Login and a test.
type safeBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// browser follows the authorize URL like a browser would, in the background, and reports
// the callback page's status and body.
type browser struct {
	t      *testing.T
	before func(authURL string) // runs first, e.g. a forged callback
	status chan int
	body   chan string
}

func newBrowser(t *testing.T) *browser {
	return &browser{t: t, status: make(chan int, 1), body: make(chan string, 1)}
}

func (b *browser) open(authURL string) error {
	go func() {
		if b.before != nil {
			b.before(authURL)
		}
		resp, err := http.Get(authURL)
		if err != nil {
			b.t.Errorf("browser: %v", err)
			b.status <- 0
			b.body <- ""
			return
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			b.t.Errorf("browser: reading page: %v", err)
		}
		b.status <- resp.StatusCode
		b.body <- string(body)
	}()
	return nil
}

func TestLoginEndToEnd(t *testing.T) {
	f := newFakeAccounts(t)
	f.redirectURI = freeRedirect(t)
	cfg := f.config(nil)
	store := &memStore{}
	out := &safeBuffer{}
	br := newBrowser(t)
	// A forged callback with the wrong state is refused and the login keeps waiting.
	br.before = func(string) {
		resp, err := http.Get(f.redirectURI + "?code=forged&state=wrong")
		if err != nil {
			t.Errorf("forged callback: %v", err)
			return
		}
		if err := resp.Body.Close(); err != nil {
			t.Error(err)
		}
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("forged callback status = %d, want 400", resp.StatusCode)
		}
	}
	tok, err := Login(context.Background(), cfg, store, out, br.open)
	if err != nil {
		t.Fatal(err)
	}
	if status := <-br.status; status != http.StatusOK {
		t.Errorf("callback page status = %d, want 200", status)
	}
	if body := <-br.body; !strings.Contains(body, "You can close this tab") {
		t.Errorf("callback page = %q", body)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token = %+v", tok)
	}
	if len(store.saves) != 1 || store.saves[0] != tok.AccessToken {
		t.Errorf("saved = %q, want the token", store.saves)
	}
	if !strings.Contains(out.String(), cfg.AuthorizeURL+"?") {
		t.Errorf("output does not show the authorize URL:\n%s", out)
	}
	if strings.Contains(out.String(), f.clientSecret) {
		t.Error("output leaks the client secret")
	}
	if n := f.tokenRequests.Load(); n != 1 {
		t.Errorf("token requests = %d, want 1 (the forged code is never exchanged)", n)
	}
}

func TestLoginDenied(t *testing.T) {
	f := newFakeAccounts(t)
	f.redirectURI = freeRedirect(t)
	br := newBrowser(t)
	open := func(u string) error { return br.open(u + "&deny=1") }
	_, err := Login(context.Background(), f.config(nil), &memStore{}, io.Discard, open)
	if !errors.Is(err, ErrAccessDenied) || !strings.Contains(err.Error(), "access_denied") {
		t.Fatalf("err = %v, want access_denied", err)
	}
	if status := <-br.status; status != http.StatusBadRequest {
		t.Errorf("page status = %d, want 400", status)
	}
}

func TestLoginSaveFailure(t *testing.T) {
	f := newFakeAccounts(t)
	f.redirectURI = freeRedirect(t)
	br := newBrowser(t)
	_, err := Login(context.Background(), f.config(nil), &memStore{saveErr: errors.New("read-only")}, io.Discard, br.open)
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("err = %v, want the save error", err)
	}
	<-br.status
}

func TestLoginCancelled(t *testing.T) {
	f := newFakeAccounts(t)
	f.redirectURI = freeRedirect(t)
	ctx, cancel := context.WithCancel(context.Background())
	open := func(string) error { cancel(); return errors.New("no browser here") }
	out := &safeBuffer{}
	_, err := Login(ctx, f.config(nil), &memStore{}, out, open)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !strings.Contains(out.String(), "open the URL above yourself") {
		t.Errorf("output does not say what to do when the browser cannot open:\n%s", out)
	}
	// The port is free again.
	u, err := url.Parse(f.redirectURI)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", u.Host)
	if err != nil {
		t.Fatalf("port still held after Login returned: %v", err)
	}
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestLoginRedirectURIChecks(t *testing.T) {
	tests := []struct {
		redirect string
		want     string
	}{
		{"", "redirect URI is empty"},
		{"https://127.0.0.1:8976/callback", "must use http"},
		{"http://example.com:8976/callback", "localhost or 127.0.0.1"},
		{"http://localhost/callback", "must name a port"},
		{"http://127.0.0.1:0/callback", "must name a port"},
	}
	for _, tt := range tests {
		t.Run(tt.redirect, func(t *testing.T) {
			cfg := &Config{ClientID: "c", TokenURL: "http://127.0.0.1:1/t", AuthorizeURL: "http://127.0.0.1:1/a", RedirectURI: tt.redirect}
			_, err := Login(context.Background(), cfg, &memStore{}, io.Discard, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
