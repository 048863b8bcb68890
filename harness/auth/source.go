package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// DefaultEarlyRefresh is how long before expiry a Source renews its token. It matches the
// 300_000 ms margin of SalesLoft's migration guide, so a token is never sent in its last
// minutes and a request does not race the expiry.
const DefaultEarlyRefresh = 5 * time.Minute

// TokenSource gives the access token to put on the next request. Implementations are safe
// for concurrent use.
type TokenSource interface {
	// Token returns a token that is valid now, renewing it first if needed.
	Token(ctx context.Context) (*Token, error)
}

// Invalidator is implemented by token sources that can renew a token the API rejected.
// After a 401 the caller passes the access token it sent; the next Token call then renews
// it (once, however many callers report the same token).
type Invalidator interface {
	// Invalidate marks accessToken as rejected. It is a no-op if the source has already
	// moved on to another token.
	Invalidate(accessToken string)
}

// EventKind names a token request made by a Source.
type EventKind string

const (
	// EventRefresh is a refresh_token grant made by a Source from NewSource.
	EventRefresh EventKind = "refresh"
	// EventClientCredentials is a client_credentials grant made by a Source from
	// NewClientCredentialsSource.
	EventClientCredentials EventKind = "client_credentials"
)

// Event reports one token request made by a Source, successful or not.
type Event struct {
	// Kind is the grant used.
	Kind EventKind
	// At is the Config's clock when the request finished.
	At time.Time
	// Err is the request's error, nil on success. Its text holds no secret.
	Err error
}

// Option configures a Source.
type Option func(*Source) error

// WithEarlyRefresh sets how long before expiry the token is renewed (DefaultEarlyRefresh
// when not given). A token whose whole lifetime is shorter than twice d is renewed at half
// its lifetime instead, so a short-lived token is not renewed on every call.
func WithEarlyRefresh(d time.Duration) Option {
	return func(s *Source) error {
		if d < 0 {
			return fmt.Errorf("auth: early refresh %s is negative", d)
		}
		s.early = d
		return nil
	}
}

// WithStore makes the Source load its first token from st when NewSource is given none,
// and save every new token to st before handing it out.
func WithStore(st Store) Option {
	return func(s *Source) error {
		if st == nil {
			return errors.New("auth: WithStore: the store is nil")
		}
		s.store = st
		return nil
	}
}

// WithObserver calls fn after every token request the Source makes (from the goroutine
// that made it). fn must be quick and safe for concurrent use.
func WithObserver(fn func(Event)) Option {
	return func(s *Source) error {
		if fn == nil {
			return errors.New("auth: WithObserver: the function is nil")
		}
		s.observe = fn
		return nil
	}
}

// Source is a TokenSource and Invalidator that keeps one token and renews it when it is
// about to expire or was rejected: by refresh token (NewSource) or by a new
// client-credentials request (NewClientCredentialsSource).
//
// Renewal is single flight: however many goroutines call Token at once, one token request
// is made and all of them get its result, error included; a failed renewal is not retried
// until the next Token call. With a Store, a renewed token is saved before any caller
// receives it, because SalesLoft revokes the old refresh token (API-FACTS §1.1): a token
// that was handed out but not saved would be lost with the process.
type Source struct {
	cfg     *Config
	kind    EventKind
	early   time.Duration
	store   Store
	observe func(Event)

	mu       sync.Mutex
	tok      *Token    // current token; nil until the first client-credentials request
	obtained time.Time // when tok was obtained by this Source; zero for an initial token
	stale    bool      // Invalidate was called with tok's access token
	unsaved  bool      // tok is newer than what the store holds
	flight   *flight   // the renewal in progress, if any
}

// flight is one renewal shared by every caller that waits for it.
type flight struct {
	done chan struct{}
	tok  *Token
	err  error
}

// NewSource returns a Source for the authorization-code grant that renews with the refresh
// token. initial is the token to start from; when nil, it is loaded from the WithStore
// store (ErrNoToken if there is none).
func NewSource(cfg *Config, initial *Token, opts ...Option) (*Source, error) {
	s, err := newSource(cfg, "refresh", EventRefresh, opts)
	if err != nil {
		return nil, err
	}
	if initial == nil {
		if s.store == nil {
			return nil, fmt.Errorf("%w: NewSource needs an initial token or a store (WithStore); run `loftgate auth login`", ErrNoToken)
		}
		initial, err = s.store.Load()
		if err != nil {
			return nil, err
		}
	}
	if initial.AccessToken == "" && initial.RefreshToken == "" {
		return nil, errors.New("auth: the initial token has neither an access token nor a refresh token; run `loftgate auth login`")
	}
	t := *initial
	s.tok = &t
	return s, nil
}

// NewClientCredentialsSource returns a Source for the client-credentials grant: it requests
// a token on first use and a new one whenever the current one expires or is rejected.
// With WithStore, a saved token is reused while it is valid.
func NewClientCredentialsSource(cfg *Config, opts ...Option) (*Source, error) {
	s, err := newSource(cfg, "client_credentials", EventClientCredentials, opts)
	if err != nil {
		return nil, err
	}
	if s.store != nil {
		tok, err := s.store.Load()
		switch {
		case errors.Is(err, ErrNoToken):
		case err != nil:
			return nil, err
		default:
			s.tok = tok
		}
	}
	return s, nil
}

func newSource(cfg *Config, op string, kind EventKind, opts []Option) (*Source, error) {
	if _, err := cfg.check(op); err != nil {
		return nil, err
	}
	s := &Source{cfg: cfg, kind: kind, early: DefaultEarlyRefresh}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("auth: nil Option")
		}
		if err := opt(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Token returns the current token, renewing it first (single flight) when it is missing,
// expires within the early-refresh margin, was invalidated, or is not yet saved. The
// renewal runs with the context of the caller that started it; a caller that only waits
// for it stops waiting when its own ctx is done.
func (s *Source) Token(ctx context.Context) (*Token, error) {
	s.mu.Lock()
	if s.usable() {
		t := *s.tok
		s.mu.Unlock()
		return &t, nil
	}
	if f := s.flight; f != nil {
		s.mu.Unlock()
		select {
		case <-f.done:
			return copyToken(f.tok), f.err
		case <-ctx.Done():
			return nil, fmt.Errorf("auth: waiting for a token renewal: %w", ctx.Err())
		}
	}
	f := &flight{done: make(chan struct{})}
	s.flight = f
	s.mu.Unlock()

	f.tok, f.err = s.renew(ctx)

	s.mu.Lock()
	s.flight = nil
	s.mu.Unlock()
	close(f.done)
	return copyToken(f.tok), f.err
}

// Invalidate marks accessToken as rejected by the API, so the next Token call renews it.
// Reports about an older token than the current one are ignored.
func (s *Source) Invalidate(accessToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil && s.tok.AccessToken == accessToken {
		s.stale = true
	}
}

// usable reports whether s.tok can be handed out as is. s.mu must be held.
func (s *Source) usable() bool {
	return s.tok != nil && s.tok.AccessToken != "" && !s.stale && !s.unsaved && !s.expiring(s.tok)
}

// expiring reports whether t expires within the early-refresh margin. A token without
// an expiry never expires by time.
func (s *Source) expiring(t *Token) bool {
	if t.Expiry.IsZero() {
		return false
	}
	early := s.early
	if !s.obtained.IsZero() {
		if life := t.Expiry.Sub(s.obtained); early*2 > life {
			early = life / 2
		}
	}
	return !s.cfg.now().Add(early).Before(t.Expiry)
}

// renew runs as the single flight: it saves a token that is still unsaved, or requests a
// new one and saves it before returning it.
func (s *Source) renew(ctx context.Context) (*Token, error) {
	s.mu.Lock()
	cur, stale, unsaved := s.tok, s.stale, s.unsaved
	fresh := cur != nil && !stale && !s.expiring(cur)
	s.mu.Unlock()

	if unsaved && fresh {
		return s.save(cur)
	}

	var tok *Token
	var err error
	switch s.kind {
	case EventClientCredentials:
		tok, err = s.cfg.ClientCredentials(ctx)
	default:
		if cur == nil || cur.RefreshToken == "" {
			if cur != nil && !stale && cur.AccessToken != "" && cur.Expiry.After(s.cfg.now()) {
				// Inside the early margin but not yet expired, and nothing to renew with:
				// the token still works.
				if unsaved {
					return s.save(cur)
				}
				return cur, nil
			}
			return nil, ErrNoRefreshToken
		}
		tok, err = s.cfg.Refresh(ctx, cur.RefreshToken)
	}
	if s.observe != nil {
		s.observe(Event{Kind: s.kind, At: s.cfg.now(), Err: err})
	}
	if err != nil {
		return nil, err
	}

	s.mu.Lock()
	s.tok, s.obtained, s.stale, s.unsaved = tok, s.cfg.now(), false, s.store != nil
	s.mu.Unlock()
	return s.save(tok)
}

// save writes tok to the store (if any) and marks it saved. On failure tok stays in memory
// as unsaved, so the next Token call retries the save rather than refreshing with a
// refresh token the server has already revoked.
func (s *Source) save(tok *Token) (*Token, error) {
	if s.store == nil {
		return tok, nil
	}
	if err := s.store.Save(tok); err != nil {
		return nil, fmt.Errorf("auth: %s: got a new token but could not save it (SalesLoft has revoked the previous refresh token, so it must be stored): %w", s.kind, err)
	}
	s.mu.Lock()
	if s.tok == tok {
		s.unsaved = false
	}
	s.mu.Unlock()
	return tok, nil
}

func copyToken(t *Token) *Token {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}
